"""Every page: status, the Persian a reader should see, escaping of uploaded text."""

import re
from pathlib import Path

import pytest

from archive.models import Agency, Article, Office, Person, Place


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_home(client, db):
    page = html(client, "/")
    assert '<html lang="fa" dir="rtl">' in page
    assert "تازه‌ترین بیانیه‌ها" in page
    assert "وحید گلی کانی" in page
    assert 'action="/search/"' in page
    assert "<strong>۵</strong> بیانیه" in page
    # The newest statement comes first.
    assert page.index("معاون ارتباطات و اطلاعرسانی") < page.index("سید ستار هاشمی: جنس کار")


def test_news_with_no_named_speaker_says_so_and_does_not_lead_the_home_page(client, db, committed):
    import datetime

    newest = Article.objects.published().exclude(date=None).order_by("-date").first()
    with committed():  # the search index follows on commit
        Article.objects.create(
            title="گزارش هواشناسی برای آخر هفته",
            body="بارش باران در استان‌های شمالی ادامه دارد.",
            raw_text="گزارش هواشناسی",
            status=Article.Status.PUBLISHED,
            date=newest.date + datetime.timedelta(days=1),
        )
    assert "گزارش هواشناسی برای آخر هفته" not in html(client, "/")  # though it is the newest
    page = html(client, "/search/?q=هواشناسی")
    assert "خبر بدون گویندهٔ نام‌برده" in page


def test_the_first_quote_stands_under_the_headline_and_the_text_reads_at_70_characters(client, db):
    article = Article.objects.exclude(quote="").first()
    page = html(client, article.get_absolute_url())
    assert page.index("<h1>") < page.index('<figure class="quote">') < page.index('<dl class="facts">')
    css = (Path(__file__).resolve().parent.parent / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert re.search(r"\.statement \.body[^{]*\{[^}]*max-width: 70ch", css)


def test_article_page(client, db):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    page = html(client, article.get_absolute_url())
    assert "۲۴ آبان ۱۴۰۴" in page
    assert "2025-11-15" in page
    assert "وزیر ارتباطات و فناوری اطلاعات" in page
    assert "ایلنا" in page
    assert page.count("<p>") >= 8
    assert "در متن نیامده" in page  # no place in this text


def test_article_without_date_says_so(client, db):
    article = Article.objects.filter(date=None).first()
    assert "در متن نیامده" in html(client, article.get_absolute_url())


def test_draft_is_not_public(client, db, admin_client):
    article = Article.objects.first()
    article.status = Article.Status.DRAFT
    article.save()
    html(client, article.get_absolute_url(), 404)
    assert "پیش‌نویس" in html(admin_client, article.get_absolute_url())


def test_officials_index_in_persian_order(client, db):
    page = html(client, "/officials/")
    names = ["احمد احمدی صدر", "سید ستار هاشمی", "علیرضا خامسیان", "وحید گلی کانی"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    assert "۲ بیانیه" in page


def test_person_page_lists_offices_and_statements(client, db):
    person = Person.objects.get(name="وحید گلی کانی")
    page = html(client, person.get_absolute_url())
    assert "فرماندار قدس" in page and "رئیس حوزه انتخابیه قدس" in page
    assert "بیانیه‌ها (۲)" in page
    assert "وحید گلی‌کانی" in page  # known spelling shown


def test_person_page_paginates(client, db, settings):
    settings.ARCHIVE_PAGE_SIZE = 1
    person = Person.objects.get(name="وحید گلی کانی")
    first = html(client, person.get_absolute_url())
    assert "صفحهٔ ۱ از ۲" in first
    second = html(client, person.get_absolute_url() + "?page=2")
    assert "صفحهٔ ۲ از ۲" in second
    # Nonsense page numbers fall back instead of failing.
    html(client, person.get_absolute_url() + "?page=abc")
    html(client, person.get_absolute_url() + "?page=999")


def test_places_index_and_province_rollup(client, db):
    page = html(client, "/places/")
    assert "استان تهران" in page and "شهرستان قدس" in page and "شهر تهران" in page
    province = Place.objects.get(kind="province", name="تهران")
    province_page = html(client, province.get_absolute_url())
    assert "بیانیه‌ها (۳)" in province_page
    qods = Place.objects.get(kind="county", name="قدس")
    assert "بیانیه‌ها (۲)" in html(client, qods.get_absolute_url())


def test_place_without_statements_is_a_page_not_an_error(client, db):
    place = Place.objects.get(kind="province", name="یزد")
    assert "بیانیه‌ای یافت نشد" in html(client, place.get_absolute_url())


def test_offices_and_agencies(client, db):
    assert "وزیر ارتباطات و فناوری اطلاعات" in html(client, "/offices/")
    office = Office.objects.get(name="فرماندار قدس")
    assert "وحید گلی کانی" in html(client, office.get_absolute_url())
    assert "ایلنا" in html(client, "/agencies/")
    parent = Agency.objects.get(name="خبرگزاری صدا و سیما")
    page = html(client, parent.get_absolute_url())
    assert "مرکز قم" in page and "بیانیه‌ها (۱)" in page


def test_breadcrumbs(client, db):
    qods = Place.objects.get(kind="county", name="قدس")
    page = html(client, qods.get_absolute_url())
    crumbs = re.search(r'<nav class="wrap breadcrumbs".*?</nav>', page, re.S).group(0)
    assert "مکان‌ها" in crumbs and "تهران" in crumbs


def test_404_in_persian(client, db):
    page = html(client, "/officials/nobody/", 404)
    assert "صفحه پیدا نشد" in page
    html(client, "/statements/999999/", 404)


@pytest.mark.urls("tests.urls_failing")
def test_500_in_persian(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "خطایی پیش آمد" in response.content.decode()
    assert "database down" not in response.content.decode()


@pytest.mark.urls("tests.urls_failing")
def test_500_when_even_the_error_page_fails(client, db, monkeypatch):
    """Static files not collected (or a broken template): the reader still gets a Persian 500, not a
    traceback."""
    from archive import errors

    def broken(name):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "خطای سرور" in response.content.decode() and "manifest" not in response.content.decode()


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\u202eevil'


@pytest.mark.parametrize("where", ["title", "body", "speaker", "office", "agency"])
def test_uploaded_text_is_escaped_everywhere(client, db, where):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    if where == "title":
        article.title = HOSTILE
    elif where == "body":
        article.body = HOSTILE + "\nپاراگراف دوم"
    else:
        related = getattr(article, where)
        related.name = HOSTILE
        related.save()
    article.save()
    pages = [
        "/",
        article.get_absolute_url(),
        "/officials/",
        "/offices/",
        "/agencies/",
        article.speaker.get_absolute_url(),
        article.office.get_absolute_url(),
    ]
    for url in pages:
        page = client.get(url, follow=True).content.decode()
        assert "<script>alert(1)" not in page, url
        assert "<img src=x" not in page, url


def test_admin_is_in_persian_and_staff_only(client, admin_client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    page = html(admin_client, "/admin/")
    assert "مدیریت آرشیو گفته‌های مقام‌ها" in page
    for url in [
        "/admin/archive/article/",
        "/admin/archive/person/",
        "/admin/archive/place/?q=قدس",
        "/admin/archive/office/",
        "/admin/archive/agency/",
        "/admin/archive/article/?q=قدس",
    ]:
        html(admin_client, url)


def test_a_statement_made_abroad_has_its_place_outside_iran(client, db, committed):
    """A foreign dateline is stored once as a place outside Iran, listed apart, with no province."""
    from archive.importing import Context, import_item
    from archive.ingest.unpack import Item

    ctx = Context()
    raws = [
        "سفیر: مذاکره ادامه دارد\n\nبه گزارش خبرنگار خبرگزاری فارس از وین، کاظم غریب‌آبادی سفیر "
        "ایران گفت: مذاکره ادامه دارد.\n",
        "نماینده: گفت‌وگو سازنده بود\n\nبه گزارش خبرنگار خبرگزاري فارس از وين، علی باقری گفت: "
        "گفت‌وگو سازنده بود.\n",
    ]
    with committed():
        stored = [
            import_item(Item(f"{n}.txt", text=raw), ctx, publish=True).article for n, raw in enumerate(raws)
        ]
    assert stored[0].place == stored[1].place  # one place, whichever letters the text used
    # Stored, it is still found by its name, not read as one of Iran's (a new context reads the table).
    again = Context().parse(raws[0]).place.value
    assert (again.kind, again.name) == ("foreign", "وین")
    vienna = stored[0].place
    assert (vienna.kind, vienna.name, vienna.province) == (Place.Kind.FOREIGN, "وین", None)
    listing = html(client, "/places/")
    assert "خارج از ایران" in listing and vienna.get_absolute_url() in listing
    article = html(client, stored[0].get_absolute_url())
    assert "وین" in article and "، استان" not in article.split("<dt>مکان</dt>")[1].split("</dd>")[0]
    assert "خارج از ایران" in html(client, vienna.get_absolute_url())
    exported = client.get("/search/export.json", {"place": vienna.slug})
    assert exported.status_code == 200 and "وین" in b"".join(exported.streaming_content).decode()


def test_news_from_an_institution_names_it(client, db, committed):
    from archive.importing import Context, import_item
    from archive.ingest.unpack import Item

    raw = "تعطیلی مدارس\n\nبه گزارش روابط عمومی آموزش و پرورش استان کردستان، مدارس فردا تعطیل است.\n"
    with committed():
        article = import_item(Item("a.txt", text=raw), Context(), publish=True).article
    assert (article.speaker, article.institution) == (None, "آموزش و پرورش استان کردستان")
    page = html(client, article.get_absolute_url())
    assert "<dt>از سوی</dt><dd>آموزش و پرورش استان کردستان</dd>" in page
    listing = html(client, article.agency.get_absolute_url())  # a list of statements
    assert "از سوی آموزش و پرورش استان کردستان" in listing

"""What readers take away: feeds, exports, plain text, timelines, citations, sitemap, sharing tags."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse

from archive import export, timeline
from archive.models import Agency, Article, Office, Person, Place
from archive.search.service import build_request, run_search
from tests.helpers import api

ATOM = "{http://www.w3.org/2005/Atom}"


def publish(committed, title, body, **fields):
    with committed():
        return Article.objects.create(
            title=title, body=body, raw_text=f"{title}\n{body}", status=Article.Status.PUBLISHED, **fields
        )


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return root, root.findall(f"{ATOM}entry")


def item_ids(items):
    return {int(item.findtext("link").rstrip("/").rsplit("/", 1)[1]) for item in items}


class Tags(HTMLParser):
    """Start tags of an HTML fragment, as (name, attrs) pairs."""

    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


# Feeds


def test_latest_feed_rss_and_atom_hold_every_published_statement_newest_first(client, db):
    channel, items = rss_items(client, "/feed/")
    published = Article.objects.published()
    assert item_ids(items) == set(published.values_list("pk", flat=True))
    assert channel.findtext("language") == "fa"
    assert "تازه‌ترین بیانیه‌ها" in channel.findtext("title")
    dated = [item for item in items if item.findtext("link")]
    first = dated[0]
    newest = published.exclude(date=None).order_by("-date").first()
    assert first.findtext("title") == newest.title
    # Links and guids are the short permalink, absolute.
    assert first.findtext("link") == f"http://testserver/statements/{newest.pk}/"
    assert first.findtext("guid") == first.findtext("link")
    assert "۱۹ آذر ۱۴۰۴" in first.findtext("description")  # 2025-12-10
    root, entries = atom_entries(client, "/feed/atom/")
    assert len(entries) == len(items)
    assert entries[0].find(f"{ATOM}title").text == newest.title
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feed/atom/"


def test_scoped_feeds_hold_only_their_statements(client, db):
    person = Person.objects.get(name="وحید گلی کانی")
    _, items = rss_items(client, f"/officials/{person.slug}/feed/")
    assert item_ids(items) == set(person.articles.values_list("pk", flat=True)) and len(items) == 2
    office = Office.objects.get(articles__speaker__name="سید ستار هاشمی")
    _, items = rss_items(client, f"/offices/{office.slug}/feed/")
    assert item_ids(items) == set(office.articles.values_list("pk", flat=True))
    # A province's feed includes its counties' and cities' statements.
    tehran = Place.objects.get(kind=Place.Kind.PROVINCE, name="تهران")
    _, items = rss_items(client, f"/places/{tehran.slug}/feed/")
    inside = Article.objects.filter(place__province=tehran)
    assert item_ids(items) == set(inside.values_list("pk", flat=True))
    assert {a.place.kind for a in inside} == {"city", "county"}
    agency = Agency.objects.get(name="ایلنا")
    _, entries = atom_entries(client, f"/agencies/{agency.slug}/feed/atom/")
    assert [e.find(f"{ATOM}title").text for e in entries] == [a.title for a in agency.articles.all()]
    for url in ("/officials/no-one/feed/", "/places/nowhere/feed/atom/", "/agencies/x/feed/"):
        assert client.get(url).status_code == 404


def test_search_feed_follows_the_query_and_filters_newest_first(client, db):
    _, items = rss_items(client, "/search/feed/?q=روابط+عمومی&sort=relevance")
    expected = api(client, q="روابط عمومی", sort="newest", per_page=50)
    assert [int(i.findtext("link").rstrip("/").rsplit("/", 1)[1]) for i in items] == [
        hit["id"] for hit in expected["results"]
    ]
    qods = Place.objects.get(kind=Place.Kind.COUNTY, name="قدس")
    _, items = rss_items(client, f"/search/feed/?q=روابط+عمومی&place={qods.slug}")
    assert item_ids(items) == set(Article.objects.filter(place=qods).values_list("pk", flat=True))
    channel, items = rss_items(client, "/search/feed/?q=" + "\u0000)(" * 50)
    assert channel.findtext("title")  # a bad query is a feed with what could be understood, not an error


def test_drafts_never_reach_a_feed(client, db):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    article.status = Article.Status.DRAFT
    article.save()
    _, items = rss_items(client, "/feed/")
    assert article.pk not in item_ids(items)
    # The official's only statement is a draft now: the feed no longer exists (issue 14: names only drafts
    # hold are not confirmed), as the official's page.
    response = client.get(f"/officials/{article.speaker.slug}/feed/")
    assert response.status_code == 404 and article.speaker.name not in response.content.decode()


def test_uploaded_markup_stays_text_in_feeds(client, db, committed):
    hostile = publish(
        committed, "عنوان <script>alert(1)</script>", '"><img src=x onerror=alert(1)> متن آزمایشی روابط'
    )
    for url in ("/feed/", "/search/feed/?q=آزمایشی"):
        _, items = rss_items(client, url)
        item = next(i for i in items if i.findtext("link").endswith(f"/{hostile.pk}/"))
        assert item.findtext("title") == hostile.title  # plain text, as RSS titles are
        description = item.findtext("description")  # HTML, as readers render it
        assert "<img" not in description and "<script" not in description
        assert [tag for tag, _ in Tags(description).tags] == ["p", "p"]
        assert "&lt;img src=x onerror=alert(1)&gt;" in description


def test_pages_link_their_feeds(client, db):
    person = Person.objects.get(name="وحید گلی کانی")
    person_feed = reverse("archive:person-feed", args=[person.slug])
    assert person_feed == f"/officials/{quote(person.slug)}/feed/"
    statement = person.articles.first()
    for url, feed in (
        ("/", "/feed/"),
        (person.get_absolute_url(), person_feed),
        (statement.get_absolute_url(), person_feed),
        ("/search/?q=روابط", "/search/feed/?q=" + quote("روابط")),
    ):
        page = client.get(url).content.decode()
        links = [a for tag, a in Tags(page).tags if tag == "link" and a.get("rel") == "alternate"]
        assert {a["type"] for a in links} == {"application/rss+xml", "application/atom+xml"}
        assert feed in {a["href"] for a in links}
        assert f'<a href="{feed}" type="application/rss+xml">RSS</a>' in page
        assert client.get(feed).status_code == 200


# Exports


def test_csv_export_has_every_page_of_results_with_a_bom(client, db, committed, monkeypatch):
    for n in range(7):
        publish(
            committed,
            f"گزارش شمارهٔ {n} دربارهٔ بودجهٔ استان",
            f"متن گزارش بودجه {n}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=40 * n),
        )
    monkeypatch.setattr(export, "BATCH", 3)  # several batches from the index
    response = client.get("/search/export.csv", {"q": "بودجه", "sort": "oldest"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="statements-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["شناسه", "پیوند پایدار", "عنوان"]
    expected = api(client, q="بودجه", sort="oldest", per_page=100)
    assert expected["total"] == 7
    assert [int(r[0]) for r in rows[1:]] == [hit["id"] for hit in expected["results"]]
    assert rows[1][2] == "گزارش شمارهٔ 0 دربارهٔ بودجهٔ استان"
    assert rows[1][8:10] == ["2024-01-01", "1402/10/11"]


def test_json_export_follows_filters_and_streams(client, db, committed, monkeypatch):
    monkeypatch.setattr(export, "BATCH", 2)
    qods = Place.objects.get(kind=Place.Kind.COUNTY, name="قدس")
    response = client.get("/search/export.json", {"place": qods.slug})
    assert response.streaming and response["Content-Type"].startswith("application/json")
    data = json.loads(b"".join(response.streaming_content))
    ids = set(Article.objects.filter(place=qods).values_list("pk", flat=True))
    assert data["total"] == len(data["results"]) == len(ids) == 2
    assert {r["id"] for r in data["results"]} == ids
    assert all(r["body"] and r["place"] == "قدس" for r in data["results"])
    everything = json.loads(b"".join(client.get("/search/export.json").streaming_content))
    assert everything["total"] == Article.objects.published().count()
    assert client.get("/search/export.xml").status_code == 404


def test_csv_cells_never_run_as_spreadsheet_formulas(client, db, committed):
    publish(committed, '=HYPERLINK("http://example.com")', "@SUM(1) متن خطرناک فرمول")
    raw = b"".join(client.get("/search/export.csv", {"q": "فرمول"}).streaming_content).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(raw)))[1]
    assert row[2] == '\'=HYPERLINK("http://example.com")'
    assert row[13] == "'@SUM(1) متن خطرناک فرمول"


def test_article_as_plain_text(client, db):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    response = client.get(f"/statements/{article.pk}/text/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith(article.title + "\n\n")
    assert "گوینده: سید ستار هاشمی" in text
    assert "تاریخ: ۲۴ آبان ۱۴۰۴ (2025-11-15)" in text
    assert f"پیوند پایدار: http://testserver/statements/{article.pk}/" in text
    assert text.rstrip().endswith(article.paragraphs()[-1])
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(f"/statements/{article.pk}/text/").status_code == 404


# Timelines


def test_month_counts_follow_jalali_months_and_fill_gaps():
    days = {
        datetime.date(2025, 3, 20): 2,  # 30 Esfand 1403 (a leap year)
        datetime.date(2025, 3, 21): 1,  # 1 Farvardin 1404
        datetime.date(2025, 6, 21): 4,  # 31 Khordad 1404
        datetime.date(2025, 6, 22): 3,  # 1 Tir 1404
    }
    assert timeline.month_counts(days) == [
        (1403, 12, 2),
        (1404, 1, 1),
        (1404, 2, 0),
        (1404, 3, 4),
        (1404, 4, 3),
    ]
    assert timeline.month_bounds(1403, 12) == ("1403/12/01", "1403/12/30")
    assert timeline.month_bounds(1404, 12) == ("1404/12/01", "1404/12/29")
    assert timeline.month_bounds(1404, 7) == ("1404/07/01", "1404/07/30")
    assert timeline.month_counts({}) == []


def test_timeline_geometry_runs_right_to_left_and_scales_to_the_busiest_month():
    days = {datetime.date(2020, 1, 1) + datetime.timedelta(days=31 * i): i % 4 + (i == 0) for i in range(30)}
    chart = timeline.build(days, lambda start, end: f"/search/?date_from={start}&date_to={end}")
    xs = [m.x for m in chart.months]
    assert xs == sorted(xs, reverse=True)  # the oldest month on the right
    assert min(xs) >= 0 and max(xs) + timeline.BAR <= chart.width
    busiest = max(chart.months, key=lambda m: m.count)
    assert busiest.height == timeline.PLOT_HEIGHT and busiest.y == timeline.TOP
    assert all(m.height == 0 for m in chart.months if m.count == 0)
    assert chart.total == sum(days.values())
    assert chart.months[0].url == "/search/?date_from=1398/10/01&date_to=1398/10/30"
    assert [m.label for m in chart.months if m.label][:2] == ["۱۳۹۸", "۱۳۹۹"]
    assert timeline.build({}, str) is None


def test_official_page_shows_a_monthly_timeline_linked_to_search(client, db, committed):
    person = Person.objects.get(name="وحید گلی کانی")
    dates = [datetime.date(2025, 4, 1), datetime.date(2025, 4, 15), datetime.date(2025, 7, 1)]
    for n, day in enumerate(dates):
        publish(committed, f"سخنان فرماندار دربارهٔ آب {n}", "متن دربارهٔ آب و برق", speaker=person, date=day)
    page = client.get(person.get_absolute_url()).content.decode()
    assert 'class="timeline-chart"' in page and "گاه‌شمار بیانیه‌ها" in page
    # Farvardin 1404 (2), Ordibehesht and Khordad (0), Tir (1): three months with bars in the table.
    assert "فروردین ۱۴۰۴: ۲ بیانیه" in page and "تیر ۱۴۰۴: ۱ بیانیه" in page
    table = page[page.index('class="timeline-table"') :]
    assert table.count('<tr><th scope="row">') == 2
    link = "/search/?" + urlencode(
        {"official": person.slug, "date_from": "1404/01/01", "date_to": "1404/01/31"}
    )
    link = link.replace("&", "&amp;")
    assert link in page
    results = api(client, official=person.slug, date_from="1404/01/01", date_to="1404/01/31")
    assert results["total"] == 2


def test_search_timeline_counts_equal_the_database(client, db, committed):
    for n in range(5):
        publish(
            committed,
            f"نشست خبری شورای شهر {n}",
            "شورای شهر دربارهٔ بودجه گفت",
            date=datetime.date(2024, 11, 1) + datetime.timedelta(days=45 * n),
        )
    outcome = run_search(build_request({"q": "شورای شهر"}))
    expected = {}
    for article in Article.objects.published().filter(title__contains="شورای شهر").exclude(date=None):
        expected[article.date] = expected.get(article.date, 0) + 1
    assert outcome.day_counts == expected and sum(expected.values()) == 5
    page = client.get("/search/", {"q": "شورای شهر"}).content.decode()
    assert 'class="timeline-chart"' in page
    assert "?q=%D8%B4%D9%88%D8%B1%D8%A7%DB%8C+%D8%B4%D9%87%D8%B1&amp;date_from=1403%2F08%2F01" in page


# Citations, permalinks, discoverability


def test_citation_names_speaker_office_title_agency_date_and_permalink(client, db):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    page = client.get(article.get_absolute_url()).content.decode()
    permalink = f"http://testserver/statements/{article.pk}/"
    expected = f"سید ستار هاشمی، {article.office.name}. «{article.title}». ایلنا، ۲۴ آبان ۱۴۰۴. {permalink}"
    assert article.citation(permalink) == expected
    cited = expected.removesuffix(" " + permalink)
    assert f'<p id="citation-text" class="citation-text">{cited} <bdi dir="ltr">{permalink}</bdi></p>' in page
    assert 'data-copy-from="citation-text"' in page
    undated = Article.objects.filter(date=None, place__name="قدس").first()
    assert undated.citation("P") == (
        f"وحید گلی کانی، {undated.office.name}. «{undated.title}». {undated.agency.name}. P"
    )


def test_permalink_survives_corrected_title_and_speaker(client, db):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    old_url = article.get_absolute_url()
    article.title = "عنوان اصلاح‌شده دربارهٔ روابط عمومی"
    article.speaker = Person.objects.get(name="علیرضا خامسیان")
    article.save()
    for url in (f"/statements/{article.pk}/", old_url):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == article.get_absolute_url()
        assert "عنوان اصلاح‌شده" in response.content.decode()


def test_sitemap_lists_published_statements_and_pages_only(client, db):
    draft = Article.objects.get(speaker__name="احمد احمدی صدر")
    draft.status = Article.Status.DRAFT
    draft.save()
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://testserver/sitemap-statements.xml" in sections
    locs = []
    for section in sections:
        response = client.get(section.replace("http://testserver", ""))
        assert response.status_code == 200, section
        locs += [
            loc.text
            for loc in ET.fromstring(response.content).iter(
                "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"
            )
        ]
    published = Article.objects.published()
    assert {f"http://testserver{a.get_absolute_url()}" for a in published} <= set(locs)
    assert f"http://testserver{draft.get_absolute_url()}" not in locs
    assert f"http://testserver{draft.speaker.get_absolute_url()}" not in locs  # no published statement left
    assert "http://testserver/officials/" in locs
    assert all(client.get(loc.replace("http://testserver", "")).status_code == 200 for loc in locs)


def test_robots_txt_keeps_crawlers_out_of_admin_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sharing_tags_and_descriptions(client, db):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    page = client.get(article.get_absolute_url()).content.decode()
    meta = {
        a.get("property") or a.get("name"): a.get("content") for tag, a in Tags(page).tags if tag == "meta"
    }
    assert meta["og:title"] == article.title
    assert meta["og:type"] == "article"
    assert meta["og:url"] == f"http://testserver{article.get_absolute_url()}"
    assert meta["og:locale"] == "fa_IR"
    assert meta["article:published_time"] == "2025-11-15"
    assert meta["description"].endswith("…") and meta["description"][:-1].strip() in article.body
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in page
    person = Person.objects.get(name="وحید گلی کانی")
    page = client.get(person.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="وحید گلی کانی">' in page
    assert "<title>وحید گلی کانی | آرشیو گفته‌های مقام‌ها</title>" in page


@pytest.mark.parametrize("url", ["/", "/search/?q=روابط", "/officials/", "/places/", "/agencies/"])
def test_every_form_field_has_a_label(client, db, url):
    tags = Tags(client.get(url).content.decode()).tags
    label_for = {a.get("for") for tag, a in tags if tag == "label"}
    fields = [
        a
        for tag, a in tags
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit")
    ]
    unlabelled = [a for a in fields if a.get("id") not in label_for and "aria-label" not in a]
    assert fields and unlabelled == []

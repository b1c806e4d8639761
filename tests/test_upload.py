"""Uploading raw articles: the admin page, review and publish, import_articles and extract."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from archive.models import Agency, Article, Office, Person
from archive.persian import name_key

from .helpers import api, make_zip

DATA = Path(__file__).parent / "data"
UPLOAD_URL = "/admin/archive/article/upload/"

# The archive site issue's table: what each raw seed must come out as, without hand edits.
# The office is the canonical office (the record pages link to); OFFICE_TEXT the text's wording where it
# differs.
TABLE = {
    "000_dda32cc4e8cac813.txt": (
        "علیرضا خامسیان",
        "معاون ارتباطات و اطلاع‌رسانی دفتر معاون اول رئیس‌جمهور",
        ("city", "قم"),
        datetime.date(2025, 12, 10),
        "خبرگزاری صدا و سیما، مرکز قم",
    ),
    "001_c677e14738827504.txt": (
        "سید ستار هاشمی",
        "وزیر ارتباطات و فناوری اطلاعات",
        None,
        datetime.date(2025, 11, 15),
        "ایلنا",
    ),
    "002_841124f23b16fdb9.txt": (
        "وحید گلی کانی",
        "فرماندار قدس",
        ("county", "قدس"),
        None,
        "روابط عمومی فرمانداری شهرستان قدس",
    ),
    "003_991af6a2a98b924c.txt": (
        "احمد احمدی صدر",
        "مدیرعامل سازمان خدمات و مشارکت‌های اجتماعی شهرداری تهران",
        ("city", "تهران"),
        datetime.date(2023, 5, 17),
        "شهر",
    ),
    "004_8da0ca60b4a358ef.txt": (
        "وحید گلی کانی",
        "رئیس حوزه انتخابیه قدس",
        ("county", "قدس"),
        None,
        "کمیته اطلاع‌رسانی ستاد انتخابات شهرستان قدس",
    ),
}


OFFICE_TEXT = {
    "002_841124f23b16fdb9.txt": "فرماندار شهرستان قدس",
    "004_8da0ca60b4a358ef.txt": "فرماندار و رئیس حوزه انتخابیه قدس",
}


def seed_file(name):
    return SimpleUploadedFile(name, (DATA / name).read_bytes(), content_type="text/plain")


def upload(admin_client, *files, text=""):
    response = admin_client.post(UPLOAD_URL, {"text": text, "files": list(files)})
    assert response.status_code == 200
    return response


def check_against_table(article, name):
    speaker, office, place, date, agency = TABLE[name]
    assert name_key(article.speaker.name) == name_key(speaker), name
    assert name_key(article.office.name) == name_key(office), name
    assert name_key(article.office_text) == name_key(OFFICE_TEXT.get(name, office)), name
    if place is None:
        assert article.place is None, name
    else:
        assert (article.place.kind, article.place.name) == place, name
        if place[1] == "قدس":
            assert article.place.province.name == "تهران"
    assert article.date == date, name
    assert name_key(article.agency.name) == name_key(agency), name
    assert article.raw_text == (DATA / name).read_text(encoding="utf-8")


@pytest.mark.django_db
def test_seeds_uploaded_raw_into_an_empty_archive_match_the_table(admin_client, client, committed):
    with committed():
        Article.objects.all().delete()
    Person.objects.all().delete()
    Office.objects.all().delete()
    Agency.objects.filter(parent__isnull=False).delete()
    Agency.objects.all().delete()
    response = upload(admin_client, *(seed_file(name) for name in TABLE))
    page = response.content.decode()
    assert page.count("ذخیره شد:") == 5
    for name in TABLE:
        article = Article.objects.get(source_name=name)
        assert article.status == Article.Status.DRAFT
        check_against_table(article, name)
    # Both Qods statements are one official; the Qom bureau hangs under its agency.
    assert Person.objects.count() == 4
    assert Agency.objects.get(name="خبرگزاری صدا و سیما، مرکز قم").parent.name == "خبرگزاری صدا و سیما"
    # Drafts are not searchable; publishing several at once makes them searchable at once.
    assert api(client, q="اطلاعرسانی")["total"] == 0
    ids = list(Article.objects.values_list("pk", flat=True))
    with committed():
        response = admin_client.post(
            "/admin/archive/article/", {"action": "publish_selected", "_selected_action": ids}
        )
    assert response.status_code == 302
    assert api(client, q="اطلاعرسانی")["total"] == 5
    assert api(client, q="خامسیان")["results"][0]["place"] == "قم"


@pytest.mark.django_db
def test_seeds_uploaded_again_match_the_records_on_file(admin_client):
    people = {p.name: p.pk for p in Person.objects.all()}
    offices = {o.name: o.pk for o in Office.objects.all()}
    Article.objects.all().delete()
    upload(admin_client, *(seed_file(name) for name in TABLE))
    for name, (speaker, office, _place, _date, agency) in TABLE.items():
        article = Article.objects.get(source_name=name)
        assert article.speaker_id == people[speaker]
        assert article.office_id == offices[office]
        assert name_key(article.agency.name) == name_key(agency)
    assert Person.objects.count() == len(people) and Office.objects.count() == len(offices)


@pytest.mark.django_db
def test_the_same_text_twice_is_not_stored_again(admin_client):
    raw = (DATA / "001_c677e14738827504.txt").read_text(encoding="utf-8")
    before = Article.objects.count()
    respaced = raw.replace("  ", " ").replace("\n\n", "\n \n").replace("روابط عمومی", "روابط\u200cعمومی")
    page = upload(admin_client, text=respaced).content.decode()
    assert "تکراری" in page
    assert Article.objects.count() == before


@pytest.mark.django_db
def test_the_same_story_from_another_agency_is_flagged_and_linked(admin_client):
    original = Article.objects.get(fingerprint__isnull=False, speaker__name="سید ستار هاشمی")
    raw = (DATA / "001_c677e14738827504.txt").read_text(encoding="utf-8")
    other = raw.replace("به گزارش خبرنگار ایلنا", "به گزارش ایرنا").replace("date 2025-11-15", "")
    other = other.replace("وی ادامه داد", "وزیر ارتباطات در ادامه گفت")
    page = upload(admin_client, text=other).content.decode()
    copy = Article.objects.exclude(pk=original.pk).get(speaker__name="سید ستار هاشمی")
    assert copy.near_duplicate_of == original  # linked, not merged
    assert copy.agency.name == "ایرنا" and original.agency.name == "ایلنا"
    assert "همان خبر از منبعی دیگر" in page
    review = admin_client.get(f"/admin/archive/article/{copy.pk}/change/").content.decode()
    assert original.title in review


@pytest.mark.django_db
def test_bad_uploads_are_refused_one_by_one_and_nothing_is_half_stored(admin_client, settings):
    settings.ARCHIVE_UPLOAD_MAX_BYTES = 20_000
    good = (DATA / "003_991af6a2a98b924c.txt").read_bytes()
    Article.objects.filter(source_name__isnull=False).delete()
    before = Article.objects.count()
    files = [
        SimpleUploadedFile("empty.txt", b""),
        SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(300)),
        SimpleUploadedFile("english.txt", b"The minister said nothing in Persian."),
        SimpleUploadedFile(
            "garbled.txt", good.decode("utf-8").encode("utf-8").decode("cp1252", "ignore").encode()
        ),
        SimpleUploadedFile("huge.txt", good * 20),
        SimpleUploadedFile(
            "odd.zip",
            make_zip({"../../etc/x.txt": good, "/abs.txt": good, "in.zip": make_zip({"a.txt": good})}),
        ),
        SimpleUploadedFile("broken.zip", b"PK\x03\x04garbage"),
        SimpleUploadedFile("lines.jsonl", b'{"title": "x"}\n{oops\n'),
        SimpleUploadedFile("good.txt", good),
    ]
    page = upload(admin_client, *files).content.decode()
    for reason in (
        "خالی",
        "PNG",
        "متن فارسی",
        "درهم",
        "بزرگ‌تر از حد مجاز",
        "مسیر این پرونده",
        "zip درون zip",
        "خراب",
        "JSON معتبر نیست",
        "text",
    ):
        assert reason in page, reason
    assert page.count("پذیرفته نشد") == 11
    assert Article.objects.count() == before + 1
    assert Article.objects.filter(source_name="good.txt").exists()


@pytest.mark.django_db
def test_too_many_files_in_one_upload(admin_client, settings):
    settings.ARCHIVE_UPLOAD_MAX_FILES = 3
    line = "وزیر کشور گفت: کار ادامه دارد {}."
    data = make_zip({f"{n}.txt": line.format(n).encode() for n in range(5)})
    before = Article.objects.count()
    page = upload(admin_client, SimpleUploadedFile("five.zip", data)).content.decode()
    assert "حداکثر 3" in page
    assert Article.objects.count() == before


@pytest.mark.django_db
def test_review_page_shows_evidence_escaped_and_marks_uncertain_fields(admin_client):
    text = (
        "<script>alert(1)</script>\n\n"
        "به گزارش ایرنا، زیبا <b>رستمی</b>، مدیرکل بهزیستی گفت: برنامه ادامه دارد."
    )
    upload(admin_client, text=text)
    article = Article.objects.get(source_name="متن چسبانده‌شده")
    page = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "شاهد در متن" in page and "به گزارش ایرنا" in page
    assert "در متن نیامده" in page  # the date


@pytest.mark.django_db
def test_upload_page_needs_permission(client, db):
    assert client.get(UPLOAD_URL).status_code == 302  # to the login page
    assert "بارگذاری" not in client.get(UPLOAD_URL, follow=True).content.decode().split("<title>")[0]


@pytest.mark.django_db
def test_import_articles_round_trips_the_shared_data_and_is_idempotent(client, tmp_path, committed):
    path = DATA / "agency_news_80.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    out = io.StringIO()
    call_command("import_articles", str(path), "--dry-run", "--no-progress", stdout=out)
    assert "would create 80" in out.getvalue()
    assert not Article.objects.filter(source_name__contains="agency_news").exists()
    out = io.StringIO()
    with committed():
        call_command("import_articles", str(path), "--publish", "--no-progress", stdout=out)
    assert "created 80, duplicate 0, failed 0" in out.getvalue()
    for row in rows[::9]:
        article = Article.objects.get(source_url=row["url"])
        assert article.title == row["title"]
        assert article.date is not None and article.status == "published"
        assert " ".join(row["text"].split("\n")[0].split())[:40] in " ".join(article.body.split())
    assert api(client, q=rows[0]["title"].split()[0])["total"] >= 1
    out = io.StringIO()
    call_command("import_articles", str(path), str(DATA), "--no-progress", stdout=out)
    assert "created 0, duplicate 165, failed 0" in out.getvalue()  # the folder holds the jsonl too


@pytest.mark.django_db
def test_import_articles_reports_bad_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(
        "به گزارش ایرنا، وزیر کشور گفت: انتخابات برگزار می‌شود.", encoding="cp1256", errors="ignore"
    )
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--no-progress", stdout=out)
    assert "failed: " in out.getvalue() and "خالی" in out.getvalue()
    assert "created 1, duplicate 0, failed 1" in out.getvalue()


@pytest.mark.django_db
def test_extract_json():
    out = io.StringIO()
    call_command("extract", str(DATA / "000_dda32cc4e8cac813.txt"), "--json", stdout=out)
    record = json.loads(out.getvalue())
    assert set(record) == {
        "title",
        "speaker",
        "office",
        "office_canonical",
        "quote",
        "institution",
        "place",
        "date",
        "agency",
    }
    assert all(set(f) == {"value", "evidence", "confidence"} for f in record.values())
    assert record["institution"]["value"] is None  # a named official speaks
    assert record["speaker"]["value"] == "علیرضا خامسیان"
    assert "علیرضا خامسیان" in record["speaker"]["evidence"]
    assert record["date"]["value"] == "2025-12-10"
    assert record["place"]["value"] == "قم"
    assert record["quote"]["value"].startswith("شما حلقه اتصال بسیار خوبی")
    assert record["office_canonical"]["value"] == "معاون ارتباطات و اطلاع‌رسانی دفتر معاون اول رئیس‌جمهور"
    out = io.StringIO()
    call_command("extract", str(DATA / "002_841124f23b16fdb9.txt"), "--json", stdout=out)
    assert json.loads(out.getvalue())["date"] == {"value": None, "evidence": "", "confidence": 0.0}

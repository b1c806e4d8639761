"""The seed fixture holds the five statements with the metadata the texts state."""

import datetime
from pathlib import Path

import pytest

from archive.ingest.clean import clean_text
from archive.models import Article, content_fingerprint

DATA = Path(__file__).parent / "data"

EXPECTED = {
    "000_dda32cc4e8cac813.txt": (
        "علیرضا خامسیان",
        "معاون ارتباطات و اطلاع‌رسانی دفتر معاون اول رئیس‌جمهور",
        ("city", "قم", "قم"),
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
        ("county", "قدس", "تهران"),
        None,
        "روابط عمومی فرمانداری شهرستان قدس",
    ),
    "003_991af6a2a98b924c.txt": (
        "احمد احمدی صدر",
        "مدیرعامل سازمان خدمات و مشارکت‌های اجتماعی شهرداری تهران",
        ("city", "تهران", "تهران"),
        datetime.date(2023, 5, 17),
        "شهر",
    ),
    "004_8da0ca60b4a358ef.txt": (
        "وحید گلی کانی",
        "رئیس حوزه انتخابیه قدس",
        ("county", "قدس", "تهران"),
        None,
        "کمیته اطلاع رسانی ستاد انتخابات شهرستان قدس",  # the text's own spelling
    ),
}


@pytest.fixture
def by_file(db):
    return {
        name: Article.objects.get(raw_text=(DATA / name).read_text(encoding="utf-8")) for name in EXPECTED
    }


def test_five_published_seeds(db):
    assert Article.objects.published().count() == 5


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata(by_file, name):
    speaker, office, place, date, agency = EXPECTED[name]
    article = by_file[name]
    assert article.speaker.name == speaker
    assert article.office.name == office
    assert article.date == date
    assert article.agency.name == agency
    if place is None:
        assert article.place is None
    else:
        kind, place_name, province = place
        assert (article.place.kind, article.place.name, article.place.province.name) == (
            kind,
            place_name,
            province,
        )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_text_is_raw_file_and_clean_body(by_file, name):
    raw = (DATA / name).read_text(encoding="utf-8")
    article = by_file[name]
    assert article.raw_text == raw
    assert article.body == clean_text(raw).body
    assert article.fingerprint == content_fingerprint(raw)
    assert "انتهای پیام" not in article.body and "کد خبر" not in article.body


def test_seed_titles(by_file):
    assert (
        by_file["003_991af6a2a98b924c.txt"].title
        == "روابط عمومی یعنی ارتباط صادقانه و دو سویه با مردم و شهروندان"
    )
    assert by_file["002_841124f23b16fdb9.txt"].title.startswith("فرماندار قدس؛ روابط عمومی از شاکلههای")
    # No headline in the text: titled "speaker: first quote", as agencies do.
    assert (
        by_file["001_c677e14738827504.txt"].title == "سید ستار هاشمی: جنس کار روابط عمومی ها بسیار دشوار است"
    )
    assert by_file["003_991af6a2a98b924c.txt"].news_code == "36338"


def test_known_spelling_finds_the_person(db):
    from archive.models import Person

    assert Person.objects.matching("وحید گلی‌کانی").get().name == "وحید گلی کانی"
    assert Person.objects.matching("وحيد گلي كاني").get().name == "وحید گلی کانی"
    assert not Person.objects.matching("وحید").exists()

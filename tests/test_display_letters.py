"""Text stored with Arabic ي/ك or presentation forms is shown in Persian letters everywhere (issue 16)."""

import csv
import io
import json

import pytest

from archive.models import Article
from archive.persian import display_text, fold_letters

ARABIC_TITLE = "وزير كشور: يك برنامهٔ تازه براي شهرهاي كوچك"  # Arabic yeh and kaf
PERSIAN_TITLE = "وزیر کشور: یک برنامهٔ تازه برای شهرهای کوچک"
SHAPED = "\ufedb\ufe98\ufe8e\ufe8f"  # کتاب in presentation forms (ﻛﺘﺎﺏ)


@pytest.mark.parametrize(
    "stored, shown",
    [
        ("يك", "یک"),
        ("ى", "ی"),
        ("كتاب", "کتاب"),
        (SHAPED, "کتاب"),
        ("\ufef5", "لآ"),
        ("رئیس مؤسسه", "رئیس مؤسسه"),  # hamza forms are correct spellings: kept
        ("ة", "ة"),
        ("می\u200cشود", "می\u200cشود"),
        ("۱۴۰۴ و 2025", "۱۴۰۴ و 2025"),
        ("", ""),
        ('<a href="x">يك</a> &amp;', '<a href="x">یک</a> &amp;'),  # markup and escapes untouched
    ],
)
def test_display_text_folds_only_arabic_letters_and_presentation_forms(stored, shown):
    assert display_text(stored) == shown


def test_search_folding_is_unchanged():
    assert fold_letters("رئیس") == "رییس"  # what search compares; display keeps رئیس


@pytest.fixture
def arabic_article(db, committed):
    article = Article.objects.filter(status=Article.Status.PUBLISHED, speaker__isnull=False).first()
    raw = article.raw_text
    with committed():
        article.title = ARABIC_TITLE
        article.body = f"{ARABIC_TITLE}\n{SHAPED} را خواند."
        article.save()
        article.speaker.name = "علي كريمي"
        article.speaker.save()
    article.refresh_from_db()
    assert article.raw_text == raw
    return article


def test_pages_show_persian_letters(client, arabic_article):
    article = arabic_article
    assert Article.objects.get(pk=article.pk).title == ARABIC_TITLE  # stored as it came
    pages = [
        article.get_absolute_url(),
        "/",
        article.speaker.get_absolute_url(),
        "/officials/",
        "/search/?q=" + "برنامه تازه",
    ]
    for url in pages:
        page = client.get(url, follow=True).content.decode()
        # (the search help names «ي/ی» on purpose; what was stored must not show)
        assert "براي" not in page and "كوچك" not in page and "علي" not in page and "\ufedb" not in page, url
        assert ("علی کریمی" in page) and ("کوچک" in page or url == "/officials/"), url
    page = client.get(article.get_absolute_url(), follow=True).content.decode()
    assert PERSIAN_TITLE in page and "کتاب را خواند" in page


def test_feeds_and_exports_show_persian_letters(client, arabic_article):
    article = arabic_article
    for url in ("/feed/", article.speaker.get_absolute_url() + "feed/", "/search/feed/?q=برنامه"):
        feed = client.get(url).content.decode()
        assert PERSIAN_TITLE in feed and "ي" not in feed and "ك" not in feed, url
    rows = list(
        csv.reader(io.StringIO(client.get("/search/export.csv", {"q": "برنامه تازه"}).getvalue().decode()))
    )
    assert any(PERSIAN_TITLE in row for row in rows) and not any("ي" in cell for row in rows for cell in row)
    data = json.loads(client.get("/search/export.json", {"q": "برنامه تازه"}).getvalue())
    assert "ي" not in json.dumps(data, ensure_ascii=False)
    api = json.loads(client.get("/api/search", {"q": "برنامه تازه"}).content)
    assert api["results"][0]["title"] == PERSIAN_TITLE
    text = client.get(f"/statements/{article.pk}/text/").content.decode()
    assert PERSIAN_TITLE in text and "علی کریمی" in text

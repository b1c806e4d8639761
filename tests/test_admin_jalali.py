"""The admin in Jalali dates, re-pasted articles and upload summaries (issue 16, editors)."""

import datetime
import json
import re
from pathlib import Path

import pytest

from archive.jalali import JalaliDateError, parse_jalali_strict
from archive.models import Article

DATA = Path(__file__).parent / "data"
UPLOAD_URL = "/admin/archive/article/upload/"
TODAY = datetime.date(2026, 1, 1)  # Jalali 1404


@pytest.mark.parametrize(
    "typed",
    [
        "۱۳۹۰/۱۱/۱۳",
        "1390/11/13",
        "1390-11-13",
        "۱۳۹۰-۱۱-۱۳",
        "١٣٩٠/١١/١٣",
        " 1390/11/13 ",
        "13/11/1390",
        "۱۳۹۰.۱۱.۱۳",
    ],
)
def test_a_jalali_date_in_any_digits_and_separator(typed):
    assert parse_jalali_strict(typed, today=TODAY) == datetime.date(2012, 2, 2)


def test_an_empty_date_is_no_date():
    assert parse_jalali_strict("", today=TODAY) is None
    assert parse_jalali_strict("  ", today=TODAY) is None


@pytest.mark.parametrize(
    "typed, says",
    [
        ("2025-12-10", "میلادی"),  # read as Jalali it would be the year 2646
        ("۲۰۲۵/۱۲/۱۰", "میلادی"),
        ("1407/01/01", "۱۴۰۵"),  # after next year
        ("1250/01/01", "۱۳۰۰"),
        ("90/11/13", "چهار رقم"),
        ("1404/12/30", "روزی از تقویم خورشیدی نیست"),  # 1404 is not a leap year
        ("1404/13/01", "روزی از تقویم خورشیدی نیست"),
        ("دیروز", "سال/ماه/روز"),
    ],
)
def test_a_date_no_editor_can_mean_is_refused_in_persian(typed, says):
    with pytest.raises(JalaliDateError) as refused:
        parse_jalali_strict(typed, today=TODAY)
    assert says in str(refused.value)


def test_a_gregorian_date_typed_by_habit_is_told_its_jalali_date():
    with pytest.raises(JalaliDateError) as refused:
        parse_jalali_strict("2025-12-10", today=TODAY)
    assert "۱۴۰۴/۰۹/۱۹" in str(refused.value)


def _change_form(article, **changes):
    data = {
        "title": article.title,
        "quote": article.quote,
        "lead": article.lead,
        "body": article.body,
        "status": article.status,
        "speaker": article.speaker_id or "",
        "office": article.office_id or "",
        "office_text": article.office_text,
        "place": article.place_id or "",
        "date": "",
        "agency": article.agency_id or "",
        "attribution": article.attribution,
        "source_url": article.source_url,
        "news_code": article.news_code,
        "_save": "ذخیره",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("typed", ["۱۳۹۰/۱۱/۱۳", "1390-11-13"])
def test_an_editor_types_a_jalali_date_and_reads_it_back(admin_client, db, typed):
    article = Article.objects.filter(date__isnull=False).first()
    url = f"/admin/archive/article/{article.pk}/change/"
    response = admin_client.post(url, _change_form(article, date=typed))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.date == datetime.date(2012, 2, 2)
    assert 'value="۱۳۹۰/۱۱/۱۳"' in admin_client.get(url).content.decode()
    listing = admin_client.get("/admin/archive/article/").content.decode()
    assert "۱۳ بهمن ۱۳۹۰" in listing and "2012" not in listing


def test_the_wrong_calendar_is_refused_and_nothing_saved(admin_client, db):
    article = Article.objects.filter(date__isnull=False).first()
    before = article.date
    response = admin_client.post(
        f"/admin/archive/article/{article.pk}/change/", _change_form(article, date="2025-12-10")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "میلادی" in page and "۱۴۰۴/۰۹/۱۹" in page
    article.refresh_from_db()
    assert article.date == before


def test_the_list_filters_by_jalali_year(admin_client, db):
    dated = Article.objects.filter(date__isnull=False)
    page = admin_client.get("/admin/archive/article/?jalali_year=1404").content.decode()
    n_1404 = sum(1 for a in dated if datetime.date(2025, 3, 21) <= a.date <= datetime.date(2026, 3, 20))
    assert n_1404 >= 1
    assert page.count('class="action-select"') == n_1404
    assert "سال (خورشیدی)" in page


def test_the_admin_is_set_in_vazirmatn(admin_client, db):
    page = admin_client.get("/admin/").content.decode()
    assert "css/admin.css" in page and "js/admin.js" in page and "favicon.svg" in page
    css = (Path(__file__).parent.parent / "static" / "css" / "admin.css").read_text()
    assert '--font-family-primary: "Vazirmatn"' in css


def _jsonl_line(n=0):
    return json.loads((DATA / "agency_news_80.jsonl").read_text(encoding="utf-8").splitlines()[n])


def test_an_article_pasted_again_without_its_lead_is_in_the_archive(admin_client, db):
    from archive.importing import Context, import_item
    from archive.ingest.unpack import unpack

    line = _jsonl_line(0)
    stored = import_item(
        unpack("a.jsonl", json.dumps(line, ensure_ascii=False).encode())[0], Context()
    ).article
    assert stored is not None
    before = Article.objects.count()
    page = admin_client.post(
        UPLOAD_URL, {"text": f"{line['title']}\n\n{line['text']}", "files": []}
    ).content.decode()
    assert Article.objects.count() == before
    assert "این خبر در بایگانی هست" in page and "همان خبر از منبعی دیگر" not in page
    assert f"/admin/archive/article/{stored.pk}/change/" in page
    assert "هیچ خبر تازه‌ای ذخیره نشد" in page
    assert not re.search("(?<![۰-۹])۰ خبر", page) and "هر کدام را باز کنید" not in page


def test_an_upload_that_stored_something_says_how_many(admin_client, db):
    Article.objects.all().delete()
    text = (DATA / "004_8da0ca60b4a358ef.txt").read_text(encoding="utf-8")
    page = admin_client.post(UPLOAD_URL, {"text": text, "files": []}).content.decode()
    assert "۱ خبر به صورت پیش‌نویس ذخیره شد" in page


def test_upload_results_and_the_extraction_table_read_jalali(admin_client, db):
    Article.objects.all().delete()
    text = (DATA / "000_dda32cc4e8cac813.txt").read_text(encoding="utf-8")  # date 2025-12-10
    page = admin_client.post(UPLOAD_URL, {"text": text, "files": []}).content.decode()
    results = page[page.index('class="upload-results"') :]
    results = results[: results.index("</table>")]
    assert "۱۹ آذر ۱۴۰۴" in results and "2025-12-10" not in results
    article = Article.objects.get()
    review = admin_client.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    table = review[review.index('class="extraction"') :]
    table = table[: table.index("</table>")]
    assert "۱۹ آذر ۱۴۰۴" in table and "2025-12-10" in table  # the value read, beside its evidence in the text
    assert 'value="۱۴۰۴/۰۹/۱۹"' in review

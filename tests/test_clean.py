"""Cleaning raw agency text: titles, leads, rejoined paragraphs, furniture removed."""

from pathlib import Path

import pytest

from archive.ingest.clean import clean_text
from archive.ingest.people import find_speaker

DATA = Path(__file__).parent / "data"


def seed(name):
    return (DATA / name).read_text(encoding="utf-8")


def test_date_header_is_taken_off_the_headline():
    cleaned = clean_text(seed("000_dda32cc4e8cac813.txt"))
    assert cleaned.title.startswith("معاون ارتباطات و اطلاعرسانی دفتر معاون اول رئیس جمهور گفت:")
    assert "date" not in cleaned.title
    assert cleaned.paragraphs[0].startswith("به گزارش خبرگزاری صدا و سیما")
    assert len(cleaned.paragraphs) == 9


def test_story_without_headline_has_no_title_but_keeps_every_paragraph():
    cleaned = clean_text(seed("001_c677e14738827504.txt"))
    assert cleaned.title == ""
    assert len(cleaned.paragraphs) == 8
    assert find_speaker("", "", cleaned.paragraphs).quote.value == "جنس کار روابط عمومی ها بسیار دشوار است."


def test_kicker_headline_lead_and_hard_breaks_rejoined():
    cleaned = clean_text(seed("002_841124f23b16fdb9.txt"))
    assert cleaned.kicker == "فرماندار قدس؛"
    assert cleaned.title == "فرماندار قدس؛ روابط عمومی از شاکلههای اصلی امید آفرینی در جامعه است"
    assert cleaned.lead.endswith("در سالن اجتماعات شهید فخریزاده فرمانداری برگزار شد.")
    assert "مدیران روابط عمومیها و دیگر مسئولین" in cleaned.lead
    # The sentence broken by a blank line in the raw text is one paragraph again.
    assert any("می توان نگرش های افراد در جامعه" in p for p in cleaned.paragraphs)
    assert any("اتفاقات شهریور 1401 نیز" in p for p in cleaned.paragraphs)
    assert all(p.endswith((".", ":")) for p in cleaned.paragraphs)


def test_multiline_headline_is_one_title():
    cleaned = clean_text(seed("004_8da0ca60b4a358ef.txt"))
    assert cleaned.title == (
        "رئیس حوزه انتخابیه قدس؛ انسجامبخشی روابط عمومیهای ادارات/ نقش کمیته تبلیغات و "
        "اطلاعرسانی در تبیین فرایند انتخابات یک امر مشهود است"
    )
    assert cleaned.lead.startswith("رئیس حوزه انتخابیه قدس بر موضوع")


def test_page_furniture_is_dropped_and_news_code_kept():
    cleaned = clean_text(seed("003_991af6a2a98b924c.txt"))
    body = cleaned.body
    for furniture in ["انتهای پیام", "کد خبر", "نظر شما", "1 + 3 =", "توهین", "۱۲:۵۵"]:
        assert furniture not in body
    assert cleaned.news_code == "36338"
    assert body.endswith("در سطح پایتخت تلاش کنند.")
    assert cleaned.lead.startswith("به مناسبات فرا رسیدن روز جهانی روابط عمومی")


@pytest.mark.parametrize("text", ["", "   \n\n ", "\ufeff"])
def test_empty_text_gives_empty_parts(text):
    cleaned = clean_text(text)
    assert cleaned.title == "" and cleaned.paragraphs == []


def test_windows_line_endings():
    cleaned = clean_text("تیتر خبر\r\n\r\nبه گزارش ایرنا، وزیر گفت: این\r\n\r\nجمله ادامه دارد.\r\n")
    assert cleaned.title == "تیتر خبر"
    assert cleaned.paragraphs == ["به گزارش ایرنا، وزیر گفت: این جمله ادامه دارد."]


def test_cjk_angle_brackets_read_as_guillemets():
    cleaned = clean_text(
        "پیام فرمانده\n\nبه گزارش همشهری‌آنلاین، امیر سرلشکر 《امیر حاتمی》فرمانده کل ارتش گفت: آماده‌ایم."
    )
    assert "«امیر حاتمی»" in cleaned.body or "«امیر حاتمی»" in cleaned.lead


def test_a_subheading_is_a_paragraph_of_its_own_not_the_start_of_the_next():
    raw = (
        "ارکستر سمفونیک جوانان رونمایی شد\n\n"
        "به گزارش خبرنگار فرهنگی خبرگزاری تسنیم، این رویداد هنری با استقبال علاقه‌مندان مواجه شد.\n"
        "سخنان رهبر ارکستر\n"
        "نصیر حیدریان، رهبر ارکستر، در گفتگو با خبرنگاران اظهار داشت: «این برنامه نتیجه یک فرآیند بود.»\n"
        "* ادامه دیدارها\n"
        "وی افزود: تمرین‌ها ادامه دارد.\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == [
        "به گزارش خبرنگار فرهنگی خبرگزاری تسنیم، این رویداد هنری با استقبال علاقه‌مندان مواجه شد.",
        "سخنان رهبر ارکستر",
        "نصیر حیدریان، رهبر ارکستر، در گفتگو با خبرنگاران اظهار داشت: «این برنامه نتیجه یک فرآیند بود.»",
        "* ادامه دیدارها",
        "وی افزود: تمرین‌ها ادامه دارد.",
    ]
    speaker = find_speaker(cleaned.title, cleaned.kicker, [cleaned.lead, *cleaned.paragraphs]).speaker
    assert speaker.value == "نصیر حیدریان"


def test_a_wrapped_headline_and_wrapped_lines_are_still_joined():
    raw = (
        "رئیس حوزه انتخابیه قدس؛\n\n"
        "انسجام‌بخشی روابط عمومی‌های ادارات/ نقش کمیته تبلیغات و اطلاع‌رسانی در تبیین\n"
        "فرایند انتخابات یک امر مشهود است\n\n"
        "رئیس حوزه انتخابیه قدس بر موضوع انسجام‌بخشی روابط عمومی‌های ادارات و اهمیت نقش کمیته تبلیغات و\n\n"
        "اطلاع‌رسانی در تبیین فرایند انتخابات تاکید کرد.\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.title.endswith("در تبیین فرایند انتخابات یک امر مشهود است")
    assert cleaned.paragraphs[-1].endswith(
        "اهمیت نقش کمیته تبلیغات و اطلاع‌رسانی در تبیین فرایند انتخابات تاکید کرد."
    )


def test_a_line_that_is_only_the_publishers_opening_joins_the_lead():
    cleaned = clean_text(
        "بازرسان: سلاح‌ها نابود شود\n\n1382/03/15\n\nخبرگزاري فارس :\n"
        "رئيس گروه بازرسان سازمان ملل خواستار نابودي سلاح‌ها شد.\nوي افزود: اميدي نيست.\n"
    )
    assert cleaned.paragraphs[0] == "خبرگزاري فارس : رئيس گروه بازرسان سازمان ملل خواستار نابودي سلاح‌ها شد."
    assert cleaned.paragraphs[1] == "وي افزود: اميدي نيست."


def test_a_zwnj_typed_beside_a_space_is_dropped():
    cleaned = clean_text(
        "عنوان\n\nبه گزارش فارس از کابل\u200c ربیع\u200c فلاح\u200cجلودار گفت: (مبدل\u200c) است.\n"
    )
    assert cleaned.paragraphs[0] == "به گزارش فارس از کابل ربیع فلاح\u200cجلودار گفت: (مبدل\u200c) است."


def test_a_run_of_zwnj_inside_a_word_is_one():
    cleaned = clean_text("عنوان\n\nبه گزارش فارس، حجت\u200c\u200cالاسلام علی زاهددوست گفت: کار ادامه دارد.\n")
    assert cleaned.paragraphs[0] == "به گزارش فارس، حجت\u200cالاسلام علی زاهددوست گفت: کار ادامه دارد."

"""archive.ingest.offices: where an office ends in Persian text, and its browsing form."""

import time

import pytest

from archive.ingest.offices import (
    ROLE_WORDS,
    OfficeReading,
    canonical_office,
    current_office,
    read_office,
    standard_place_name,
    starts_office,
)

# canonical_office: spelling --------------------------------------------------------------------


def test_standard_letters_and_hamza_spellings():
    assert canonical_office("رييس هيات مديره شركت") == "رئیس هیئت‌مدیره شرکت"
    assert canonical_office("رئیس هیأت نجات غریق") == "رئیس هیئت نجات غریق"
    assert canonical_office("مسؤول دفتر نمایندگی ولی فقیه") == "مسئول دفتر نمایندگی ولی فقیه"
    assert canonical_office("مسوول شبکه بهداشت") == "مسئول شبکه بهداشت"


def test_zwnj_compounds():
    assert canonical_office("نخست وزیر کانادا") == "نخست‌وزیر کانادا"
    assert canonical_office("رئیس اداره میراث فرهنگی، صنایع دستی و گردشگری") == (
        "رئیس اداره میراث فرهنگی، صنایع‌دستی و گردشگری"
    )
    # A run of ZWNJs is one; a compound that is not one is written with a space.
    assert canonical_office("معاون گردشگری اداره\u200c\u200c\u200cکل میراث\u200cفرهنگی") == (
        "معاون گردشگری اداره‌کل میراث فرهنگی"
    )
    assert canonical_office("امام\u200cجمعه ابرکوه") == "امام جمعه ابرکوه"
    assert canonical_office("چشم پزشک") == "چشم‌پزشک"


def test_director_general_is_one_word():
    assert canonical_office("مدیر کل بهزیستی استان فارس") == "مدیرکل بهزیستی استان فارس"


def test_president_variants_merge():
    forms = ["رئیس جمهور", "رئیس‌جمهوری", "رییس جمهور", "رئیس جمهور کشورمان", "رئیس‌جمهور", "رئیس جمهور وقت"]
    assert {canonical_office(f) for f in forms} == {"رئیس‌جمهور"}


def test_foreign_office_keeps_country_with_standard_spelling():
    assert canonical_office("رئيس جمهور امريكا") == "رئیس‌جمهور آمریکا"
    assert canonical_office("وزیر خارجه برزیل") == "وزیر امور خارجه برزیل"


# canonical_office: what is dropped ------------------------------------------------------------


def test_honorifics_dropped():
    assert canonical_office("حجت‌الاسلام امام جمعه کاشان") == "امام جمعه کاشان"
    assert canonical_office("دکتر وزیر بهداشت") == "وزیر بهداشت"


def test_national_offices_carry_no_country_and_no_temporal_qualifier():
    assert canonical_office("وزیر امور خارجه کشورمان") == "وزیر امور خارجه"
    assert canonical_office("وزیر امور خارجه سابق") == "وزیر امور خارجه"
    assert canonical_office("وزیر امور خارجه وقت") == "وزیر امور خارجه"
    assert canonical_office("وزیر کشور") == "وزیر کشور"  # the Interior Ministry, not a country


def test_an_events_edition_is_left_out_of_the_browsing_form():
    assert canonical_office("دبیر یازدهمین جشنواره سراسری آش ایرانی") == "دبیر جشنواره سراسری آش ایرانی"
    assert canonical_office("دبیر نخستین همایش ملی") == "دبیر همایش ملی"
    # An ordinal written with number words goes whole (چهل و دومین), and so does one past پانزدهم.
    assert canonical_office("دبیر چهل و دومین جشنواره فیلم فجر") == "دبیر جشنواره فیلم فجر"
    assert canonical_office("دبیر بیستمین جشنواره") == "دبیر جشنواره"
    assert canonical_office("معاون اول رئیس‌جمهور") == "معاون اول رئیس‌جمهور"  # a rank, not an edition


def test_decorative_rank_dropped():
    assert canonical_office("فرماندار ویژه میناب") == "فرماندار میناب"


def test_county_word_dropped_before_county():
    assert canonical_office("امام جمعه شهرستان قروه") == "امام جمعه قروه"
    assert canonical_office("مسئول شبکه دامپزشکی شهرستان انار") == "مسئول شبکه دامپزشکی انار"


def test_acronym_expansion_dropped_and_short_name_kept():
    assert canonical_office("مدیرکل دفتر برنامه، بودجه و تنظیم مقررات ساتبا (سازمان انرژی‌های تجدیدپذیر)") == (
        "مدیرکل دفتر برنامه، بودجه و تنظیم مقررات ساتبا"
    )
    assert canonical_office("عضو ارشد جنبش مقاومت اسلامی فلسطین (حماس)") == "عضو ارشد حماس"


# canonical_office: jurisdictions ---------------------------------------------------------------


def test_provincial_directorate_names_the_province():
    assert canonical_office("مدیرکل گمرک کرمانشاه") == "مدیرکل گمرک استان کرمانشاه"
    assert canonical_office("رئیس پلیس فتا خراسان شمالی") == "رئیس پلیس فتا استان خراسان شمالی"
    assert canonical_office("معاون گردشگری اداره‌کل میراث فرهنگی چهارمحال‌وبختیاری") == (
        "معاون گردشگری اداره‌کل میراث فرهنگی استان چهارمحال و بختیاری"
    )
    # Not a directorate: a company, a city council, the central bank.
    assert canonical_office("مدیرعامل پتروشیمی کرمانشاه") == "مدیرعامل پتروشیمی کرمانشاه"
    assert canonical_office("عضو شورای شهر ایلام") == "عضو شورای اسلامی شهر ایلام"
    assert canonical_office("رئیس کل بانک مرکزی") == "رئیس کل بانک مرکزی"


def test_a_province_wide_body_names_its_province_unless_a_city_bears_the_name():
    assert (
        canonical_office("مدیرعامل جمعیت هلال احمر خراسان جنوبی")
        == "مدیرعامل جمعیت هلال‌احمر استان خراسان جنوبی"
    )
    assert canonical_office("مدیرعامل آبفای گیلان") == "مدیرعامل آبفای استان گیلان"
    assert canonical_office("مدیرعامل شرکت واحد اتوبوسرانی تهران") == "مدیرعامل شرکت واحد اتوبوس‌رانی تهران"
    # "X و Y" organisations keep their conjunction apart, as the archive writes it everywhere.
    assert canonical_office("مدیرکل آموزش‌وپرورش فارس") == "مدیرکل آموزش و پرورش استان فارس"


def test_governor_is_simply_governor_of_province():
    assert canonical_office("استاندار استان فارس") == "استاندار فارس"
    assert canonical_office("استاندار فارس") == "استاندار فارس"


def test_place_in_gazetteer_spelling():
    assert canonical_office("امام جمعه موقت زیراب") == "امام جمعه موقت زیرآب"


def test_gazetteer_names_take_the_lexicons_hamza_and_a_separate_conjunction():
    # The official lists write every hamza seat as ی and glue "و" in three province names.
    assert standard_place_name("قایم شهر") == "قائم شهر"
    assert standard_place_name("نایین") == "نائین"
    assert standard_place_name("سیستان وبلوچستان") == "سیستان و بلوچستان"
    # The usual spellings hazm's list knows: چابهار for the list's چاه بهار; a port's name glued to
    # بندر written apart where hazm does not know it glued (بندرعباس it does).
    assert standard_place_name("چاه بهار") == "چابهار"
    assert standard_place_name("چاه مبارک") == "چاه مبارک"
    assert standard_place_name("بندرماهشهر") == "بندر ماهشهر"
    assert standard_place_name("بندرعباس") == "بندرعباس"
    # A ی that is no hamza seat stays (hazm knows these spellings best as they are).
    for name in ("ملایر", "تایباد", "گلپایگان", "آذربایجان شرقی"):
        assert standard_place_name(name) == name


def test_members_of_parliament():
    assert canonical_office("نماینده مردم تبریز در مجلس") == "نماینده تبریز در مجلس شورای اسلامی"
    assert canonical_office("نماینده مردم تبریز در مجلس شورای اسلامی") == "نماینده تبریز در مجلس شورای اسلامی"
    assert canonical_office("نماینده مردم شهرستان‌های بیرجند، خوسف و درمیان در مجلس") == (
        "نماینده بیرجند، خوسف و درمیان در مجلس شورای اسلامی"
    )
    # Not an MP.
    assert canonical_office("نماینده ولی فقیه در استان کردستان") == "نماینده ولی فقیه در استان کردستان"


def test_commission_members():
    assert canonical_office("عضو کمیسیون کشاورزی مجلس") == "عضو کمیسیون کشاورزی مجلس شورای اسلامی"
    assert canonical_office("عضو کمیسیون اجتماعی مجلس یازدهم") == "عضو کمیسیون اجتماعی مجلس شورای اسلامی"
    assert canonical_office("عضو مجلس عوام انگلیس") == "عضو مجلس عوام انگلیس"


def test_combined_titles_keep_the_last_role():
    assert canonical_office("معاون استاندار و فرماندار ویژه میناب") == "فرماندار میناب"
    assert canonical_office("ناظر گمرکات استان و مدیرکل گمرک کرمانشاه") == "مدیرکل گمرک استان کرمانشاه"
    # A list inside one organisation is not a combined title.
    assert canonical_office("وزیر صنعت، معدن و تجارت") == "وزیر صنعت، معدن و تجارت"


def test_combined_titles_keep_the_part_that_names_its_place():
    # The first part alone names its place or country: it is the office the statement is made in.
    assert canonical_office("وزير اتحاد كره جنوبي و رئيس شوراي امنيت ملي") == "وزیر اتحاد کره جنوبی"
    assert (
        canonical_office("مدیرکل روابط عمومی و امور بین‌الملل استانداری خوزستان و رئیس ستاد اجرایی")
        == "مدیرکل روابط عمومی و امور بین‌الملل استانداری خوزستان"
    )
    # ... unless it is a former office; then the later one keeps the country (foreign offices name it).
    assert canonical_office("رهبر سابق حزب کارگر انگلیس و عضو مجلس عوام") == "عضو مجلس عوام انگلیس"
    # An MP's seat gives way to a role inside the Majlis that follows.
    assert (
        canonical_office("نماینده مردم گرمسار و سخنگوی کمیسیون برنامه و بودجه مجلس")
        == "سخنگوی کمیسیون برنامه و بودجه مجلس شورای اسلامی"
    )


def test_a_descriptive_role_drops_new_but_keeps_former():
    assert canonical_office("سرمربی جدید تیم فوتبال بوریرام") == "سرمربی تیم فوتبال بوریرام"
    assert canonical_office("سرمربی سابق تیم فوتبال بوریرام") == "سرمربی سابق تیم فوتبال بوریرام"


# read_office ---------------------------------------------------------------------------------


def _read(text: str, start: int = 0) -> OfficeReading:
    reading = read_office(text, start)
    assert reading is not None, text
    return reading


def test_ends_at_a_reporting_verb():
    assert _read("وزیر کشور گفت: انتخابات به موقع برگزار می‌شود.").text == "وزیر کشور"
    assert _read("عضو مجلس عوام انگلیس فاش کرد که دولت").text == "عضو مجلس عوام انگلیس"
    assert _read("معاون توسعه کارآفرینی و اشتغال وزارت کار معتقد است: اتصال").text == (
        "معاون توسعه کارآفرینی و اشتغال وزارت کار"
    )
    assert _read("وزیر کشور خبر داد: ایجاد کمیته").text == "وزیر کشور"


def test_ends_before_a_name():
    reading = _read("امام جمعه کاشان حجت‌الاسلام محمد سعیدی گفت")
    assert reading.text == "امام جمعه کاشان"
    assert (reading.role, reading.jurisdiction) == ("امام جمعه", "کاشان")
    assert _read("رئیس سازمان غذا و دارو محمدرضا شانه‌ساز گفت").text == "رئیس سازمان غذا و دارو"


def test_ends_before_adverbial_clauses():
    assert _read("وزیر صنعت، معدن و تجارت در جمع خبرنگاران گفت").text == "وزیر صنعت، معدن و تجارت"
    assert _read("استاندار فارس در نشست شورای اداری").text == "استاندار فارس"
    assert _read("سخنگوی دولت روز دوشنبه در گفت‌وگو با خبرنگاران").text == "سخنگوی دولت"
    assert _read("وزیر امور خارجه کشورمان امروز صبح").text == "وزیر امور خارجه کشورمان"
    assert _read("فرماندار ویژه میناب با اشاره به سیل").text == "فرماندار ویژه میناب"
    assert _read("دبیرکل اتاق تعاون کشور پیش از ظهر امروز در نشست").text == "دبیرکل اتاق تعاون کشور"
    # Guillemets: a person named inside an office, or an organisation.
    reading = _read("سخنگوی «ولادیمیر پوتین» رئیس‌جمهور روسیه، وی قصد دارد")
    assert (reading.text, reading.canonical) == (
        "سخنگوی «ولادیمیر پوتین» رئیس‌جمهور روسیه",
        "سخنگوی رئیس‌جمهور روسیه",
    )
    reading = _read("مدیرکل «بنیاد شهید» استان فارس گفت")
    assert (reading.text, reading.canonical) == (
        "مدیرکل «بنیاد شهید» استان فارس",
        "مدیرکل بنیاد شهید استان فارس",
    )
    assert _read("رئیس «سازمان ملل» گفت").canonical == "رئیس سازمان ملل"
    # A foreign place (PEYMA's locations beyond the gazetteer) closes an office, and follows "در"
    # after an envoy's role.
    assert _read("فرمانده ارتش تايلند وقوع کودتا را رد کرد").text == "فرمانده ارتش تايلند"
    assert _read("سفیر ایران در فرانسه گفت").text == "سفیر ایران در فرانسه"
    assert _read("سرکنسول ایران در جلال آباد افغانستان گفت").text == "سرکنسول ایران در جلال آباد افغانستان"
    # A number ends an office, unless it numbers a unit (words PEYMA's organisations number).
    assert (
        _read("رئیس شعبه ۱۱۳ دادگاه کیفری استان تهران گفت").text == "رئیس شعبه ۱۱۳ دادگاه کیفری استان تهران"
    )
    assert _read("استاندار تهران روز 12 مهر گفت").text == "استاندار تهران"
    reading = _read("مدیرعامل یک شرکت ماشین‌سازی واقع در آبادان گفت")
    assert (reading.text, reading.jurisdiction) == ("مدیرعامل یک شرکت ماشین‌سازی واقع در آبادان", "آبادان")
    assert reading.canonical == "مدیرعامل یک شرکت ماشین‌سازی در آبادان"
    # A Friday preacher is the Friday-prayer leader; "شهر کرد" written apart is still شهرکرد.
    reading = _read("خطيب جمعه شهر كرد گفت")
    assert (reading.text, reading.canonical, reading.jurisdiction) == (
        "خطيب جمعه شهر كرد",
        "امام جمعه شهرکرد",
        "شهرکرد",
    )
    assert _read("امام جمعه شهر اهرم گفت").canonical == "امام جمعه اهرم"
    assert _read("خطیب نماز جمعه تهران گفت").canonical == "خطیب نماز جمعه تهران"
    # A place that ends a player's or a coach's office names a team, not where they serve.
    assert _read("سرمربی نفت آبادان گفت").jurisdiction == ""
    assert _read("کاپیتان تیم فوتبال فولاد خوزستان گفت").jurisdiction == ""
    assert _read("مدیرکل گمرک ایلام گفت").jurisdiction == "ایلام"


def test_keeps_parliament_lists_and_parentheses():
    reading = _read("نماینده مردم تبریز در مجلس شورای اسلامی امروز در نشست علنی گفت")
    assert reading.text == "نماینده مردم تبریز در مجلس شورای اسلامی"
    assert reading.canonical == "نماینده تبریز در مجلس شورای اسلامی"
    assert reading.jurisdiction == "تبریز"
    assert _read("معاون وزیر در امور بین‌الملل گفت").text == "معاون وزیر در امور بین‌الملل"
    text = "مدیرکل دفتر برنامه ساتبا (سازمان انرژی‌های تجدیدپذیر) تصریح کرد"
    assert _read(text).text == "مدیرکل دفتر برنامه ساتبا (سازمان انرژی‌های تجدیدپذیر)"


def test_combined_title_read_whole():
    reading = _read("معاون استاندار و فرماندار ویژه میناب با اشاره به خسارت")
    assert reading.text == "معاون استاندار و فرماندار ویژه میناب"
    assert (reading.canonical, reading.role, reading.jurisdiction) == ("فرماندار میناب", "فرماندار", "میناب")


def test_start_offset_and_end():
    text = "محمد هادی ایمانیه، استاندار فارس، گفت: بودجه"
    start = text.index("استاندار")
    reading = _read(text, start)
    assert reading.text == "استاندار فارس"
    assert text[reading.end - len("فارس") : reading.end] == "فارس"


def test_bare_imam_extended_or_rejected():
    reading = _read("امام جمعه شهرستان قروه در خطبه‌های نماز جمعه گفت")
    assert reading.text == "امام جمعه شهرستان قروه"
    assert reading.canonical == "امام جمعه قروه"
    assert read_office("امام خمینی فرمودند") is None
    assert read_office("امام گفت") is None


def test_bare_heads_are_not_offices():
    assert read_office("رئیس گفت: ما") is None
    assert read_office("معاون در جلسه حاضر بود") is None
    assert read_office("مردم شهر گفتند") is None


def test_starts_office():
    assert starts_office("سرپرست اداره کل ورزش")
    assert starts_office("معاون اول رئیس‌جمهور")
    assert starts_office("چشم پزشک")
    assert not starts_office("محمد حسینی")
    assert "استاندار" in ROLE_WORDS


@pytest.mark.parametrize("filler", ["کار ", "و ", "سازمان", "شهرستان "])
def test_linear_on_long_input_without_punctuation(filler):
    read_office("وزیر کشور")  # load the word lists first
    text = "رئیس " + filler * (200_000 // len(filler))
    began = time.perf_counter()
    read_office(text)
    starts_office(text)
    canonical_office(text[:2000])
    assert time.perf_counter() - began < 2


@pytest.mark.parametrize(
    ("text", "written", "canonical"),
    [
        # "زیست" is a past stem too, but here it is the organisation's name.
        (
            "مدیرکل حفاظت محیط زیست استان گیلان گفت: خوب است.",
            "مدیرکل حفاظت محیط زیست استان گیلان",
            "مدیرکل حفاظت محیط زیست استان گیلان",
        ),
        (
            "رئیس پلیس مبارزه با مواد مخدر استان فارس گفت",
            "رئیس پلیس مبارزه با مواد مخدر استان فارس",
            "رئیس پلیس مبارزه با مواد مخدر استان فارس",
        ),
        ("امام جمعه شهر اهرم گفت: غدیر روشن است.", "امام جمعه شهر اهرم", "امام جمعه اهرم"),
        # "وقت" (the then ...) ends the office and is not part of it.
        ("رئیس جمهور وقت شروع کننده صحبت بود", "رئیس جمهور وقت", "رئیس‌جمهور"),
        # An adverb or the noun of a compound verb ends it too.
        ("رئيس جمهور ليتواني بار ديگر مسئله را مطرح كرد", "رئيس جمهور ليتواني", "رئیس‌جمهور لیتوانی"),
        ("رئیس جمهوری اسلامی ایران نقل قول کرد", "رئیس جمهوری اسلامی ایران", "رئیس‌جمهور"),
        # A foreign place of two words (PEYMA's کره‌جنوبی) is read whole, written apart or joined.
        ("وزیر اتحاد کره جنوبی گفت", "وزیر اتحاد کره جنوبی", "وزیر اتحاد کره جنوبی"),
        # An envoy's post: the organisation or the city where the envoy serves.
        (
            "نماینده دائم ایران در سازمان ملل گفت",
            "نماینده دائم ایران در سازمان ملل",
            "نماینده دائم ایران در سازمان ملل",
        ),
        # A given name that runs into an organisation is no person's (مسافران نوروزی جمعیت ...);
        # nor the name a mosque bears after حضرت, with its blessing left out of the browsing form.
        (
            "دبیر ستاد طرح ملی راهنمایی مسافران نوروزی جمعیت هلال احمر استان آذربایجان شرقی گفت",
            "دبیر ستاد طرح ملی راهنمایی مسافران نوروزی جمعیت هلال احمر استان آذربایجان شرقی",
            "دبیر ستاد طرح ملی راهنمایی مسافران نوروزی جمعیت هلال‌احمر استان آذربایجان شرقی",
        ),
        (
            "مدیر کانون فرهنگی و هنری مسجد حضرت ابوالفضل(ع) قروه در این زمینه گفت",
            "مدیر کانون فرهنگی و هنری مسجد حضرت ابوالفضل(ع) قروه",
            "مدیر کانون فرهنگی و هنری مسجد حضرت ابوالفضل قروه",
        ),
        # A unit's own county after a place-like name (پاسداران is a place PEYMA knows).
        (
            "فرمانده سپاه پاسداران شهرستان نظرآباد گفت",
            "فرمانده سپاه پاسداران شهرستان نظرآباد",
            "فرمانده سپاه پاسداران نظرآباد",
        ),
        # The Majlis's full name closes the office; "در امور" goes on after a country.
        (
            "نماینده مردم ورامین در مجلس شورای اسلامی دیدار و گفت‌وگو کردند",
            "نماینده مردم ورامین در مجلس شورای اسلامی",
            "نماینده ورامین در مجلس شورای اسلامی",
        ),
        (
            "مشاور نخست‌وزیر پاکستان در امور بین‌الملل، با اشاره",
            "مشاور نخست‌وزیر پاکستان در امور بین‌الملل",
            "مشاور نخست‌وزیر پاکستان در امور بین‌الملل",
        ),
        # A given name with no word after it is no name's start (داوری is also a given name).
        ("رئیس دپارتمان داوری، گفت: آنچه مسلم است", "رئیس دپارتمان داوری", "رئیس دپارتمان داوری"),
        # Two provinces one body serves.
        (
            "رئیس دادگاه ویژه روحانیت مازندران و گلستان گفت",
            "رئیس دادگاه ویژه روحانیت مازندران و گلستان",
            "رئیس دادگاه ویژه روحانیت مازندران و گلستان",
        ),
        # A city's district (ناحیه) is no provincial directorate.
        (
            "معاون آموزش متوسطه آموزش و پرورش ناحیه یک قزوین گفت",
            "معاون آموزش متوسطه آموزش و پرورش ناحیه یک قزوین",
            "معاون آموزش متوسطه آموزش و پرورش ناحیه یک قزوین",
        ),
        # A nationality after a descriptive role: the team names the office.
        (
            "سرمربی برزیلی تیم ملی فوتبال قطر ابراز امیدواری کرد",
            "سرمربی برزیلی تیم ملی فوتبال قطر",
            "سرمربی تیم ملی فوتبال قطر",
        ),
        (
            "سرکنسول ایران در جلال آباد افغانستان گفت",
            "سرکنسول ایران در جلال آباد افغانستان",
            "سرکنسول ایران در جلال آباد افغانستان",
        ),
        # A numbered district (PEYMA's numbered units) after a city role; its city may follow.
        (
            "شهردار منطقه 20 تهران از افتتاح دو مجموعه خبر داد",
            "شهردار منطقه 20 تهران",
            "شهردار منطقه 20 تهران",
        ),
        ("شهردار منطقه ۲ گفت", "شهردار منطقه ۲", "شهردار منطقه ۲"),
        # The guardian jurist's representative "in" an institution: the institution is the office's.
        (
            "مسئول نمایندگی ولی‌فقیه در سپاه حضرت عباس (ع) استان اردبیل با بیان اینکه",
            "مسئول نمایندگی ولی‌فقیه در سپاه حضرت عباس (ع) استان اردبیل",
            "مسئول نمایندگی ولی فقیه در سپاه حضرت عباس استان اردبیل",
        ),
        ("نماینده ولی فقیه در دانشگاه آزاد اسلامی گفت", "نماینده ولی فقیه در دانشگاه آزاد اسلامی", None),
        # Two adjectives of one name joined by a dash (علمی - کاربردی); a dash after a word is no join.
        (
            "رئیس دانشگاه جامع علمی - کاربردی زنجان گفت: ۷۰ درصد شاغل‌اند.",
            "رئیس دانشگاه جامع علمی - کاربردی زنجان",
            None,
        ),
        ("وزیر خارجه ایران - ظریف - گفت", "وزیر خارجه ایران", "وزیر امور خارجه ایران"),
        # A specialist "in" an institution: where they work.
        (
            "متخصص پزشکی داخلی در دانشکده پزشکی دانشگاه کلرادو گفت",
            "متخصص پزشکی داخلی در دانشکده پزشکی دانشگاه کلرادو",
            None,
        ),
        # Elsewhere "در" + an institution is where the speaker spoke, not part of the office.
        ("رئیس جمهور در دانشگاه تهران گفت", "رئیس جمهور", "رئیس‌جمهور"),
    ],
)
def test_where_real_offices_end(text, written, canonical):
    reading = read_office(text)
    assert reading.text == written
    assert reading.canonical == (canonical or written)


def test_a_compound_or_plural_that_lost_its_zwnj_gets_it_back_in_the_canonical_form():
    # Both spellings of one office merge, under hazm's lexicon spelling.
    lost = canonical_office("معاون ارتباطات و اطلاعرسانی دفتر معاون اول رئیس جمهور")
    assert lost == canonical_office("معاون ارتباطات و اطلاع‌رسانی دفتر معاون اول رئیس‌جمهور")
    assert lost == "معاون ارتباطات و اطلاع‌رسانی دفتر معاون اول رئیس‌جمهور"
    assert (
        canonical_office("مدیرعامل سازمان خدمات و مشارکتهای اجتماعی")
        == "مدیرعامل سازمان خدمات و مشارکت‌های اجتماعی"
    )
    # A word the lexicon knows as it is stays as it is.
    assert canonical_office("وزیر راه و شهرسازی") == "وزیر راه و شهرسازی"


@pytest.mark.parametrize(
    ("text", "written", "canonical"),
    [
        # A given name that an organisation bears is part of the office ...
        (
            "دبیر جشنواره ابوذر استان سمنان گفت: این رویداد مهم است.",
            "دبیر جشنواره ابوذر استان سمنان",
            "دبیر جشنواره ابوذر استان سمنان",
        ),
        # ... one that opens a person's name is not.
        ("مدیرکل ورزش علی احمدی گفت", "مدیرکل ورزش", "مدیرکل ورزش"),
        # An envoy's post is part of the office.
        ("سفیر انگلیس در تهران با اذعان به این گفت", "سفیر انگلیس در تهران", "سفیر انگلیس در تهران"),
    ],
)
def test_names_and_posts_inside_offices(text, written, canonical):
    reading = read_office(text)
    assert (reading.text, reading.canonical) == (written, canonical)


def test_a_place_or_institution_named_in_guillemets_is_part_of_the_office():
    found = read_office("رئیس شورای اسلامی روستای «پچت» در گفت‌وگو با خبرنگار فارس گفت", 0)
    assert (found.text, found.canonical) == ("رئیس شورای اسلامی روستای «پچت»", "رئیس شورای اسلامی روستای پچت")
    # A person named inside an office is still left out of its browsing form.
    found = read_office("سخنگوی «ولادیمیر پوتین» رئیس‌جمهور روسیه گفت", 0)
    assert "پوتین" not in found.canonical
    # An organisation's name after its head word, and a work after a descriptive role, which ends it.
    found = read_office("محقق مرکز «گلوبال ریسرچ» در مصاحبه با فارس گفت", 0, described=True)
    assert (found.text, found.canonical) == ("محقق مرکز «گلوبال ریسرچ»", "محقق مرکز گلوبال ریسرچ")
    assert read_office("کارگردان «به وقت شام» خطاب به مخاطبان گفت", 0).text == "کارگردان «به وقت شام»"


def test_a_role_pointing_at_the_storys_subject_keeps_it():
    sentence = "سيد محمدعلي محمدي دبير اين كنفرانس در مصاحبه با خبرنگار فارس گفت"
    found = read_office(sentence, sentence.index("دبير"))
    assert (found.text, found.canonical, found.points_back) == ("دبير اين كنفرانس", "دبیر این کنفرانس", True)
    assert read_office("کارگردان این مستند گفت", 0).text == "کارگردان این مستند"
    assert read_office("مدیر این مرکز تصمیم های گرفته را گفت", 0).text == "مدیر این مرکز"
    # Only right after the role: a demonstrative further on still ends the office.
    assert read_office("مدیر مرکز این موضوع را تأیید کرد", 0).text == "مدیر مرکز"
    assert not read_office("رئیس سازمان برنامه گفت", 0).points_back


def test_a_preposition_goes_on_after_the_words_peyma_shows_it_following_in_organisations():
    assert read_office("رییس مرکز رسیدگی به امور مساجد گفت", 0).text == "رییس مرکز رسیدگی به امور مساجد"
    assert read_office("رئیس پلیس مبارزه با مواد مخدر گفت", 0).text == "رئیس پلیس مبارزه با مواد مخدر"
    assert read_office("رئیس مرکز به خبرنگار ما گفت", 0).text == "رئیس مرکز"


def test_an_office_ends_before_a_joined_preposition():
    found = read_office("وزیر کشور درخصوص علت عدم پرداخت بخشی از اعتبار گفت", 0)
    assert found.text == "وزیر کشور"


def test_adjectives_of_respect_are_left_out_of_the_browsing_form():
    assert canonical_office("رهبر معظم انقلاب اسلامی") == "رهبر انقلاب اسلامی"
    assert canonical_office("وزیر محترم کشور") == "وزیر کشور"


def test_a_list_inside_an_office_has_short_items_a_clause_after_a_comma_does_not_join():
    assert read_office("وزیر صنعت، معدن و تجارت گفت", 0).text == "وزیر صنعت، معدن و تجارت"
    found = read_office("مدیر عامل شرکت رجاء توسعه ناوگان ،محدود نمودن خریدهای خارجی قطعات واگن و استفاده", 0)
    assert found.text == "مدیر عامل شرکت رجاء توسعه ناوگان"


@pytest.mark.parametrize(
    ("text", "office", "jurisdiction"),
    [
        # A county's central district (بخش مرکزی): the county follows and is the jurisdiction.
        ("بخشدار مرکزی بویراحمد ضمن خیر مقدم گفت", "بخشدار مرکزی بویراحمد", "بویراحمد"),
        ("بخشدار مرکزی گفت", "بخشدار مرکزی", "مرکزی"),
        # The province named مرکزی is still one place.
        ("استاندار مرکزی در جمع خبرنگاران گفت", "استاندار مرکزی", "مرکزی"),
    ],
)
def test_a_central_district_takes_the_county_after_it(text, office, jurisdiction):
    reading = read_office(text)
    assert (reading.text, reading.jurisdiction) == (office, jurisdiction)


def test_of_a_former_office_and_a_present_one_the_present_one_is_the_office_as_written():
    text = "جرمی کوربین رهبر سابق حزب کارگر انگلیس و عضو مجلس عوام در گفتگو با الجزیره گفت"
    whole = read_office(text, text.index("رهبر"))
    present = current_office(whole)
    assert present.text == "عضو مجلس عوام"
    assert text[: present.end].endswith("عضو مجلس عوام")
    assert present.canonical == whole.canonical
    # Two present offices stay as written.
    both = read_office("نماینده مردم ارومیه و عضو کمیسیون بهداشت مجلس گفت")
    assert current_office(both) is both

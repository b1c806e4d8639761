"""Extraction without Django: decoding, dates, attribution, speaker and office, unpacking uploads."""

import datetime
import json
from pathlib import Path

import pytest

from archive.ingest.attribution import find_attribution
from archive.ingest.dates import find_date, parse_date
from archive.ingest.decode import DecodeError, decode
from archive.ingest.unpack import Limits, unpack

from .helpers import make_zip

DATA = Path(__file__).parent / "data"
SEED = (DATA / "002_841124f23b16fdb9.txt").read_text(encoding="utf-8")


# --- decoding -------------------------------------------------------------------------------


def _cp1256_text():
    # Windows-1256 has no Persian ی; files in it use Arabic ي, as real ones do.
    return SEED.replace("ی", "ي").replace("\u200c", " ")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
def test_decodes_the_encodings_persian_files_come_in(encoding):
    text = _cp1256_text() if encoding == "cp1256" else SEED
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data  # Windows "Unicode" files carry a BOM
    assert decode(data).text.lstrip("\ufeff") == text


def test_decodes_iso_8859_6():
    text = "".join(c for c in _cp1256_text().replace("ک", "ك") if c not in "پچژگ")
    decoded = decode(text.encode("iso-8859-6"))
    assert decoded.text == text
    assert decoded.encoding == "iso8859-6"


def test_a_short_cp1256_line_is_detected_not_guessed():
    text = "وزير كشور گفت: انتخابات در موعد مقرر برگزار مي شود."
    assert decode(text.encode("cp1256")).text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "خالی"),
        (b"   \n\n  ", "خالی"),
        (b"\xef\xbb\xbf", "خالی"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 8, "متنی نیست"),
        (b"The minister said the elections will be held on time.", "فارسی"),
        ("وزیر کشور گفت".encode().decode("cp1252", "replace").encode("utf-8"), "درهم"),
    ],
)
def test_refuses_what_is_not_persian_text(data, reason):
    with pytest.raises(DecodeError) as error:
        decode(data)
    assert reason in error.value.reason


def test_mojibake_gets_its_own_message():
    mangled = SEED.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8")
    with pytest.raises(DecodeError) as error:
        decode(mangled)
    assert "درهم" in error.value.reason


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۱۴۰۴/۰۶/۱۴ - ۱۳:۳۰:۲۴", datetime.date(2025, 9, 5)),
        ("جمعه ۳۱ مرداد ۱۴۰۴ - ۱۶:۰۰", datetime.date(2025, 8, 22)),
        ("۱۴ شهریور ۱۴۰۴ - ۱۲:۵۶", datetime.date(2025, 9, 5)),
        ("شنبه ۲۴ آبان ۱۴۰۴", datetime.date(2025, 11, 15)),
        ("1402/02/27", datetime.date(2023, 5, 17)),
        ("١٤٠٢/٠٢/٢٧", datetime.date(2023, 5, 17)),
        ("۲۷ اردیبهشت ۱۴۰۲ - ۱۲:۵۵", datetime.date(2023, 5, 17)),
        ("1404/13/01", None),
        ("۳۰ اسفند ۱۴۰۳", datetime.date(2025, 3, 20)),  # 1403 is a leap year
        ("۳۰ اسفند ۱۴۰۴", None),  # 1404 is not
        ("دیروز", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_date_header_then_date_line_then_stamp():
    assert find_date("date 2025-12-10 خبر").value == datetime.date(2025, 12, 10)
    raw = "عنوان خبر\n\nشنبه ۲۴ آبان ۱۴۰۴\n\nبه گزارش ایلنا، وزیر گفت: ..."
    found = find_date(raw)
    assert found.value == datetime.date(2025, 11, 15) and found.evidence == "شنبه ۲۴ آبان ۱۴۰۴"
    raw = "متن خبر.\nانتهای پیام/\nکد خبر: 36338 | ۲۷ اردیبهشت ۱۴۰۲ - ۱۲:۵۵"
    assert find_date(raw).value == datetime.date(2023, 5, 17)


def test_dates_inside_the_story_are_not_the_publication_date():
    raw = (
        "به گزارش ایرنا، وزیر گفت: مهلت ثبت‌نام تا ۱۵ دی ۱۴۰۴ تمدید شد و پس از جنگ ۱۲ روزه "
        "بازسازی از ۱ بهمن ۱۴۰۴ آغاز می‌شود."
    )
    assert find_date(raw).value is None


def test_today_in_the_story_is_used_with_low_confidence():
    raw = "به گزارش ایلنا، وزیر ارتباطات در آیینی که امروز، شنبه ۲۴ آبان ۱۴۰۴ برگزار شد، گفت: ..."
    found = find_date(raw)
    assert found.value == datetime.date(2025, 11, 15)
    assert found.confidence < 0.8


# --- attribution ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agency", "hints"),
    [
        ("به گزارش خبرگزاری فارس از نکا، علی احمدی گفت:", "خبرگزاری فارس", ["نکا"]),
        ("به گزارش خبرنگار ایلنا، سید ستار هاشمی گفت:", "ایلنا", []),
        ("به گزارش خبرنگار اقتصادی خبرگزاری تسنیم ، به تازگی", "خبرگزاری تسنیم", []),
        (
            "به گزارش خبرگزاری صدا و سیما؛ مرکز قم، علیرضا خامسیان گفت",
            "خبرگزاری صدا و سیما، مرکز قم",
            ["مرکز قم"],
        ),
        (
            "به گزارش روابط عمومی فرمانداری شهرستان قدس، وحید گلی کانی",
            "روابط عمومی فرمانداری شهرستان قدس",
            [],
        ),
        ("به گزارش خبرنگار برنا هرمزگان ،عباس حیدری", "برنا", ["هرمزگان"]),
        ("آنکارا ـ ایرنا : رئیس جمهور ترکیه گفت", "ایرنا", ["آنکارا"]),
        ("حسین نورانیان در گفت‌وگو با خبرنگار تسنیم در سمنان ، اظهار داشت", "تسنیم", ["سمنان"]),
        ("تیم ملی دیروز به مصاف عراق رفت.", None, []),
        # The publisher at the lead's start, in older agency copy's Arabic letters too, and with a desk.
        ("خبرگزاري فارس: سفير انگليس در تهران گفت: چالش است.", "خبرگزاری فارس", []),
        ("برنا - گروه اقتصادی؛ ساتبا اعلام کرد: صاحبان نیروگاه", "برنا", []),
        # A desk of several words between the reporter and the agency; حوزه as a desk.
        ("رضا عزتیان در گفت‌وگو با خبرنگار بهداشت و درمان خبرگزاری فارس اظهار داشت:", "خبرگزاری فارس", []),
        ("به گزارش خبرنگار حوزه دولت خبرگزاری فارس عبدالرضا رحمانی فضلی گفت:", "خبرگزاری فارس", []),
        ("به گزارش حوزه پارلمانی خبرگزاری فارس، علی گفت", "خبرگزاری فارس", []),
        ("محسن کوهکن در گفت‌و‌گو با خبرنگار حوزه احزاب خبرگزاری فارس، از تغییر خبر داد", "خبرگزاری فارس", []),
        # No comma after the agency: the sentence that runs on is no part of it, nor a place.
        ("به گزارش فارس وي در مصاحبه با شبكه تلويزيوني العربيه گفت: انتخابات", "فارس", []),
        ("به گزارش خبرگزاري فارس صبح امروز ساعت 30 دقیقه، علی گفت", "خبرگزاری فارس", []),
        # Where a dispatched reporter was sent; "به" after the agency is otherwise no place.
        ("به گزارش خبرنگار اعزامی خبرگزاری فارس به چابهار، محمد راستاد گفت", "خبرگزاری فارس", ["چابهار"]),
        ("به گزارش فارس به مناسبت روز قم، علی گفت", "فارس", []),
        ("به گزارش خبرنگار اعزامي خبرگزاري فارس به چابهار، علي گفت", "خبرگزاری فارس", ["چابهار"]),
        # A stray ZWNJ after a dateline's place is no part of it.
        ("به گزارش خبرگزاری فارس از کابل\u200c، علی گفت:", "خبرگزاری فارس", ["کابل"]),
    ],
)
def test_attribution(text, agency, hints):
    found = find_attribution([text])
    assert found.agency.value == agency
    assert found.place_hints == hints


def test_the_publisher_opening_the_lead_wins_over_a_credited_agency():
    found = find_attribution(
        ["خبرگزاري فارس: چانگ دونگ يانگ گفت.", "به گزارش خبرگزاري رويتر از سئول، چانگ دونگ يانگ گفت:"]
    )
    assert found.agency.value == "خبرگزاری فارس"
    assert found.place_hints == ["سئول"]  # the credited report still says where


def test_quoted_source_is_kept_but_is_not_the_agency():
    found = find_attribution(["به گزارش شهر به نقل از روابط عمومی سازمان خدمات شهرداری تهران، احمدی صدر گفت"])
    assert found.agency.value == "شهر"
    assert "شهرداری تهران" in found.phrase


# --- unpacking uploads ----------------------------------------------------------------------


def test_zip_with_odd_paths_nested_zips_and_bad_members():
    good = SEED.encode("utf-8")
    data = make_zip(
        {
            "ok/one.txt": good,
            "/etc/passwd.txt": good,
            "../../escape.txt": good,
            "a/../../b.txt": good,
            "inner.zip": make_zip({"x.txt": good}),
            "empty.txt": b"",
            "image.txt": b"\x89PNG\r\n\x1a\n" + bytes(100),
            "__MACOSX/._one.txt": b"\x00\x05\x16\x07",
        }
    )
    items = {item.name: item for item in unpack("batch.zip", data)}
    assert items["batch.zip/ok/one.txt"].ok
    assert items["batch.zip/ok/one.txt"].text == SEED
    for bad in ("/etc/passwd.txt", "../../escape.txt", "a/../../b.txt"):
        assert "مسیر" in items[f"batch.zip/{bad}"].error
    assert "zip درون zip" in items["batch.zip/inner.zip"].error
    assert "خالی" in items["batch.zip/empty.txt"].error
    assert "PNG" in items["batch.zip/image.txt"].error
    assert not any("__MACOSX" in name for name in items)


def test_limits_on_size_and_count():
    limits = Limits(max_bytes=1000, max_files=2)
    assert "بزرگ‌تر" in unpack("big.txt", SEED.encode("utf-8"), limits)[0].error
    small = "وزیر گفت: کار ادامه دارد.".encode()
    items = unpack("many.zip", make_zip({f"{n}.txt": small for n in range(3)}), limits)
    assert len(items) == 1 and "حداکثر 2" in items[0].error
    # A zip member larger than the limit, however small its compressed size.
    items = unpack("bomb.zip", make_zip({"big.txt": "ا".encode() * 5000}), limits)
    assert "بزرگ‌تر" in items[0].error


def test_broken_zip_and_jsonl_lines():
    assert "خراب" in unpack("x.zip", b"PK\x03\x04 not really")[0].error
    lines = [
        json.dumps(
            {
                "title": "عنوان",
                "text": "به گزارش ایرنا، وزیر گفت: کار ادامه دارد.",
                "url": "https://x.ir/1",
                "date": "۱۴۰۴/۰۶/۱۴ - ۱۳:۳۰:۲۴",
                "source": "tasnim",
            },
            ensure_ascii=False,
        ),
        "{not json",
        json.dumps({"title": "بدون متن"}, ensure_ascii=False),
        "",
    ]
    items = unpack("feed.jsonl", "\n".join(lines).encode("utf-8"))
    assert [item.ok for item in items] == [True, False, False]
    assert items[0].given == {
        "title": "عنوان",
        "date": "۱۴۰۴/۰۶/۱۴ - ۱۳:۳۰:۲۴",
        "url": "https://x.ir/1",
        "agency": "خبرگزاری تسنیم",
    }
    assert items[0].text.startswith("عنوان\n\n")
    assert "JSON" in items[1].error and "text" in items[2].error


@pytest.mark.parametrize(
    ("raw", "institution"),
    [
        # Its public-relations office speaks for it, as the agency credited or the source quoted.
        (
            "تعطیلی مدارس\n\nبه گزارش روابط عمومی آموزش و پرورش استان کردستان، مدارس فردا تعطیل است.\n",
            "آموزش و پرورش استان کردستان",
        ),
        (
            "نمایش\n\nبه گزارش خبرگزاری فارس به نقل از روابط عمومی فرهنگسرای بانو، نمایش فردا اجرا می‌شود.\n",
            "فرهنگسرای بانو",
        ),
        # The subject of the first report is an organisation.
        ("قرارداد\n\nباشگاه بارسلونا لحظاتی پیش اعلام کرد: قرارداد تمدید شد.\n", "باشگاه بارسلونا"),
        # Never the publisher; a named speaker has no institution.
        ("خبرگزاری فارس اعلام کرد: جشنواره فردا آغاز می‌شود.\n", None),
        (
            "خبر\n\nبه گزارش روابط عمومی فرمانداری قدس، وحید گلی کانی فرماندار قدس گفت: کار ادامه دارد.\n",
            None,
        ),
    ],
)
def test_the_institution_a_story_with_no_named_speaker_speaks_for(db, raw, institution):
    from archive.importing import parse_text

    given = {"agency": "خبرگزاری فارس"} if raw.startswith("خبرگزاری فارس") else None
    assert parse_text(raw, given).institution.value == institution

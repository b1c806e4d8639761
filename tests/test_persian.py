import datetime
import unicodedata

import pytest

from archive import jalali
from archive.persian import (
    INVISIBLE,
    LETTER_VARIANTS,
    clean_name,
    fold_letters,
    name_key,
    sort_key,
    to_latin_digits,
    to_persian_digits,
)


def test_digits_round_trip():
    assert to_persian_digits("1404/08/24") == "۱۴۰۴/۰۸/۲۴"
    assert to_persian_digits("١٤٠٤") == "۱۴۰۴"
    assert to_latin_digits("۱۴۰۴ و ١٤٠٤") == "1404 و 1404"


@pytest.mark.parametrize(
    "a, b",
    [
        ("وحید گلی کانی", "وحید گلی\u200cکانی"),
        ("وحید گلی کانی", "وحيد گلي كاني"),
        ("علیرضا خامسیان", "علی\u200cرضا  خامسیان"),
    ],
)
def test_name_key_ignores_spacing_and_arabic_letters(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart():
    assert name_key("وحید گلی کانی") != name_key("وحید گلی")


def test_clean_name_keeps_hamza_and_fixes_arabic_letters():
    assert clean_name("  رئيس  حوزه ") == "رئیس حوزه"
    assert clean_name("مؤثر") == "مؤثر"


def test_sort_key_follows_persian_alphabet_not_code_points():
    names = ["گلی", "وحید", "پرویز", "کاظم", "چمران", "ژاله", "بهرام", "قاسم", "آرش", "احمد", "زهرا"]
    expected = ["آرش", "احمد", "بهرام", "پرویز", "چمران", "زهرا", "ژاله", "قاسم", "کاظم", "گلی", "وحید"]
    assert sorted(names, key=sort_key) == expected
    # Code-point order gets it wrong, which is why the key exists.
    assert sorted(names) != expected


def test_sort_key_shorter_name_first_and_space_before_letters():
    assert sorted(["علیرضا", "علی اکبر", "علی"], key=sort_key) == ["علی", "علی اکبر", "علیرضا"]


@pytest.mark.parametrize(
    "gregorian, expected",
    [
        (datetime.date(2025, 11, 15), "۲۴ آبان ۱۴۰۴"),
        (datetime.date(2025, 12, 10), "۱۹ آذر ۱۴۰۴"),
        (datetime.date(2023, 5, 17), "۲۷ اردیبهشت ۱۴۰۲"),
        (datetime.date(2025, 3, 21), "۱ فروردین ۱۴۰۴"),
    ],
)
def test_format_jalali(gregorian, expected):
    assert jalali.format_jalali(gregorian) == expected


def test_format_jalali_empty_and_numeric():
    assert jalali.format_jalali(None) == ""
    assert jalali.format_jalali_numeric(datetime.date(2025, 11, 15)) == "۱۴۰۴/۰۸/۲۴"


@pytest.mark.parametrize("text", ["۱۴۰۴/۰۱/۰۱", "1404-1-1", "١٤٠٤.١.١", " 1404/01/01 "])
def test_parse_jalali_accepts_what_people_type(text):
    assert jalali.parse_jalali(text) == datetime.date(2025, 3, 21)


@pytest.mark.parametrize("text", ["", "1404/13/01", "1404/12/31x", "فردا", "1404/1"])
def test_parse_jalali_rejects_nonsense(text):
    assert jalali.parse_jalali(text) is None


# Name keys (archive.persian) and index terms (archive.search.analysis) fold letters with one
# table: a spelling that gives a name's key gives its index terms too.
def _shaped(text):
    """``text`` written in Arabic presentation forms wherever a letter has one (as some PDFs hold it)."""
    forms = {}
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)]:
        letter = unicodedata.normalize("NFKC", chr(code))
        if len(letter) == 1 and letter != chr(code):
            forms.setdefault(letter, chr(code))
    return "".join(forms.get(char, char) for char in text)


NAME = "وحید گلی\u200cکانی، رئیس کل دادگستری"


@pytest.mark.parametrize(
    "spelling",
    [
        NAME.replace("ی", "ي").replace("ک", "ك"),  # Arabic ي and ك
        NAME.replace("حید", "ح\u200bید").replace("دادگ", "داد\u200bگ"),  # stray zero-width spaces
        NAME.replace("ل", "ل\u0651").replace("ک", "\ufeffک\u00ad"),  # shadda, BOM, soft hyphen
        _shaped(NAME),  # presentation forms
        _shaped(NAME.replace("ی", "ي")).replace("ا", "ا\u200b"),
    ],
)
def test_name_key_and_index_terms_agree(spelling):
    from archive.search.analysis import analyze

    assert spelling != NAME
    assert name_key(spelling) == name_key(NAME)
    assert analyze(spelling) == analyze(NAME)


def test_presentation_forms_fixture_really_shapes():
    shaped = _shaped(NAME)
    assert all(
        0xFB50 <= ord(c) <= 0xFEFE for c in shaped.replace(" ", "").replace("\u200c", "").replace("،", "")
    )


@pytest.mark.parametrize(
    "char",
    [*INVISIBLE, *map(chr, LETTER_VARIANTS), "\ufefb", "\ufdf2", "\ufb8e", "\ufbfd", "\ufe8e"],
)
def test_search_folds_every_character_name_keys_fold(char):
    from archive.search.analysis import fold

    word = "کتاب" + char + "خانه"
    assert fold(word) == fold(fold_letters(word))
    assert name_key(fold(word)) == name_key(word)

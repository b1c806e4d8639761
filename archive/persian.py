"""Small, dependency-free helpers for Persian text: digits, letter variants, collation.

Nothing here imports Django, so ``ingest`` and ``search`` can use it too.
"""

import re
import unicodedata

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)

ZWNJ = "\u200c"

# Letter variants that Persian text (and Persian readers) treat as the same letter.
LETTER_VARIANTS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ـ": None,  # tatweel
    }
)


def _chars(*ranges: tuple[int, int]) -> str:
    return "".join(chr(code) for first, last in ranges for code in range(first, last + 1))


# Characters that are no letter and are dropped wherever letters are compared (name keys, sorting
# and the search index alike): combining marks (harakat, shadda, hamza above, Quranic marks) and
# invisible format characters other than ZWNJ (zero-width space, ZWJ, bidi marks and controls,
# soft hyphen, BOM). Tatweel is dropped by :data:`LETTER_VARIANTS`.
INVISIBLE = _chars(
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x00AD, 0x00AD),
    (0x200B, 0x200B),
    (0x200D, 0x200F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
)
_INVISIBLE = re.compile("[" + re.escape(INVISIBLE) + "]")
_SPACES = re.compile(r"\s+")
# Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): no Persian
# statement needs them, and in a page they can reorder the text around them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    """``text`` without bidi embedding, override and isolate characters (marks like RLM stay)."""
    return _BIDI_CONTROLS.sub("", text or "")


def to_persian_digits(value) -> str:
    """Render Latin or Arabic-Indic digits in ``value`` as Persian digits."""
    return str(value).translate(_TO_PERSIAN_DIGITS)


def to_latin_digits(value) -> str:
    """Render Persian or Arabic-Indic digits in ``value`` as Latin digits."""
    return str(value).translate(_TO_LATIN_DIGITS)


_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")


def unshape(text: str) -> str:
    """Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE: the shaped glyphs some PDF and
    old web copies hold) as the letters they show, by NFKC; everything else as it is."""
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def fold_letters(text: str) -> str:
    """Unify Arabic/Persian letter variants (presentation forms too) and drop :data:`INVISIBLE`.

    ZWNJ is kept; use :func:`name_key` to compare names regardless of spacing. The search
    analyzer folds with the same tables (``archive.search.analysis.fold``), so a name key and
    the index terms of one text agree.
    """
    text = unshape(unicodedata.normalize("NFC", text))
    text = _INVISIBLE.sub("", text)
    # "آ" is kept (it is its own letter in names and in collation).
    return text.translate(LETTER_VARIANTS)


# LETTER_VARIANTS' one-letter-for-one-letter changes only, so offsets stay valid, and a soft hyphen
# (which some copy writes for ZWNJ: گفت­وگو) as ZWNJ, where fold_letters drops it with INVISIBLE.
_ALIGNED_VARIANTS = {k: v for k, v in LETTER_VARIANTS.items() if v is not None} | {ord("\u00ad"): ZWNJ}


def fold_letters_aligned(text: str) -> str:
    """:func:`fold_letters`' letter table only, one character for one: a pattern matched on the
    result gives offsets into ``text`` (Arabic ي/ك text matched by Persian-letter patterns; a soft
    hyphen as ZWNJ)."""
    return text.translate(_ALIGNED_VARIANTS)


# Only the Arabic code points for Persian letters; hamza forms (رئیس، مؤثر) are correct spellings.
_ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ـ": None})


def clean_name(text: str) -> str:
    """A display name: Arabic ي/ك made Persian, invisible marks dropped, spaces collapsed.

    Unlike :func:`fold_letters` it keeps hamza forms and ة, which are correct spellings.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text)).translate(_ARABIC_TO_PERSIAN)
    text = text.replace(ZWNJ + " ", " ").replace(" " + ZWNJ, " ")
    return _SPACES.sub(" ", text).strip(" " + ZWNJ)


def name_key(text: str) -> str:
    """A key under which spellings of one name compare equal.

    ``وحید گلی کانی``, ``وحید گلی‌کانی`` and ``وحيد گليكاني`` share a key: letter
    variants are folded, digits made Latin, and spaces and ZWNJ removed.
    """
    text = to_latin_digits(fold_letters(text)).replace("آ", "ا")
    return re.sub(r"[\s\u200c]+", "", text)


# Persian alphabetical order. Code-point order puts پ چ ژ ک گ after و, which is wrong.
PERSIAN_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_COLLATION = {letter: 10 + index for index, letter in enumerate(PERSIAN_ALPHABET)}
_COLLATION["ء"] = 9


def sort_key(text: str) -> str:
    """A string that sorts in Persian alphabetical order under any collation.

    Each character becomes three decimal digits: space first, then digits,
    then the Persian alphabet in order, then Latin letters, then the rest. The
    result is pure digits, so SQLite's binary order and PostgreSQL's locale
    collations order it the same way, and the database can sort and paginate.
    """
    parts = []
    for char in to_latin_digits(fold_letters(text)).replace(ZWNJ, ""):
        if char.isspace():
            code = 1
        elif char in _COLLATION:
            code = 100 + _COLLATION[char]
        elif char.isdigit():
            code = 50 + int(char)
        elif "a" <= char.lower() <= "z":
            code = 200 + ord(char.lower()) - ord("a")
        else:
            code = 999
        parts.append(f"{code:03d}")
    return "".join(parts)


def initial(name: str) -> str:
    """The letter a name is listed under in an index: its first letter, variants folded (آ under ا),
    ``#`` for a name that does not start with a Persian letter."""
    for char in fold_letters(name or ""):
        if char.isspace() or char == ZWNJ:
            continue
        char = "ا" if char == "آ" else char
        return char if char in _COLLATION else "#"
    return "#"


# Display: the Arabic code points for Persian letters, and the presentation forms (U+FB50–U+FDFF,
# U+FE70–U+FEFE) some PDF and old web copies hold, shown as the Persian letters they are.
_DISPLAY_LETTERS = {ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک"}


def display_text(text):
    """``text`` as pages, feeds and exports show it: Arabic ي/ى/ك as Persian ی/ک and presentation forms as
    letters; nothing else changes (hamza forms, ة, ZWNJ, digits stay; ``raw_text`` is never passed here).
    Changes only letters, never ``<``, ``>``, ``&`` or quotes, so it may run on escaped HTML."""
    if not text:
        return text
    return unshape(str(text)).translate(_DISPLAY_LETTERS)

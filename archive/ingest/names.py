"""Given names, surnames and honorifics mined from PEYMA's gold person entities.

The lists live in ``data/person_names.json``, written by ``bench/train_ner.py`` from the
TRAIN splits of PEYMA only. Every entry is a *key*: letters folded with
:func:`archive.persian.fold_letters` (after NFKC, so Arabic presentation forms fold too),
and spaces and ZWNJ removed. ``حجت‌الاسلام والمسلمین`` and ``حجت الاسلام و المسلمین``
share a key, and so do ``محمدرضا`` and ``محمد رضا``.

``سید``, ``سیده`` and ``میر`` are part of a name, not honorifics: ``سیدمحمدعلی`` is a given
name, read as ``سید`` + ``محمد`` + ``علی``.

Pure Python; no Django.
"""

import json
import re
import unicodedata
from pathlib import Path

from archive.persian import fold_letters

DATA_FILE = Path(__file__).resolve().parent / "data" / "person_names.json"

# Longest key worth looking at: no real name is longer, and a pasted 400k-letter "word"
# must not cost anything.
MAX_KEY = 40
# The shortest part a glued compound may be split into (``علی`` + ``رضا``).
MIN_PART = 2

_GAPS = re.compile(r"[\s\u200c]+")


def name_key(word) -> str:
    """The folded, space- and ZWNJ-free key of a word or of a sequence of words."""
    if not isinstance(word, str):
        word = "".join(word)
    if len(word) > 4 * MAX_KEY:
        word = word[: 4 * MAX_KEY]
    return _GAPS.sub("", fold_letters(unicodedata.normalize("NFKC", word)))


def _load():
    with open(DATA_FILE, encoding="utf-8") as handle:
        return json.load(handle)


_DATA = _load()

GIVEN_NAMES = frozenset(_DATA["given_names"])
SURNAMES = frozenset(_DATA["surnames"])
HONORIFICS = frozenset(_DATA["honorifics"])
# Parts of a name that come before the given name (``سید علی``, ``سیده فاطمه``, ``میرحسین``).
NAME_PREFIXES = frozenset(_DATA["name_prefixes"])
# Common words that happen to split into two given names (checked against hazm's lexicon).
_NOT_GLUED = frozenset(_DATA["glued_blocklist"])
# Given names long enough and frequent enough to be a part of a glued compound.
_GLUE_PARTS = frozenset(_DATA["glue_parts"])
_LONGEST_HONORIFIC = max((len(key) for key in HONORIFICS), default=0)


def _split_glued(key: str, parts_left: int) -> bool:
    """Whether ``key`` is two or more glued given names (at most ``parts_left`` parts)."""
    if parts_left < 2:
        return False
    for cut in range(MIN_PART, len(key) - MIN_PART + 1):
        head, tail = key[:cut], key[cut:]
        if head in _GLUE_PARTS and (tail in _GLUE_PARTS or _split_glued(tail, parts_left - 1)):
            return True
    return False


def is_given_name(word: str) -> bool:
    """Whether ``word`` is a given name, glued compounds and a leading ``سید``/``میر`` included.

    ``محمدرضا``, ``علیرضا``, ``سیدمحمدعلی`` and ``سید محمد`` are; a common word such as
    ``کتاب`` or ``امروز`` is not.
    """
    return is_given_key(name_key(word))


def is_given_key(key: str) -> bool:
    """:func:`is_given_name` for a word already turned into a key by :func:`name_key`."""
    if not key or len(key) > MAX_KEY:
        return False
    if key in GIVEN_NAMES:
        return True
    if key in _NOT_GLUED:
        return False
    for prefix in NAME_PREFIXES:
        if key.startswith(prefix) and len(key) - len(prefix) >= MIN_PART:
            rest = key[len(prefix) :]
            if rest in GIVEN_NAMES or _split_glued(rest, 3):
                return True
    return _split_glued(key, 3)


def is_surname(word: str) -> bool:
    """Whether ``word`` was seen as the last word of several person names."""
    key = name_key(word)
    return bool(key) and len(key) <= MAX_KEY and key in SURNAMES


def is_name_prefix(word: str) -> bool:
    """``سید``, ``سیده``, ``میر``: part of the name that follows."""
    return name_key(word) in NAME_PREFIXES


def is_honorific(words) -> bool:
    """Whether a word or a sequence of words (``["حجت‌الاسلام", "والمسلمین"]``) is a title.

    Accepts one string (``"آیت‌الله العظمی"``) or a sequence of words.
    """
    key = name_key(words)
    return bool(key) and len(key) <= _LONGEST_HONORIFIC and key in HONORIFICS

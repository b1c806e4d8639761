"""Where a statement was made, matched to Iran's gazetteer.

Pure functions, no Django: the caller passes the gazetteer as
:class:`GazetteerEntry` rows (the archive builds them from its Place table).

Agency copy names the place in the attribution (``به گزارش خبرگزاری فارس از
نکا``, ``خبرگزاری صدا و سیما؛ مرکز قم``, ``خبرنگار تسنیم در سمنان``,
``روابط عمومی فرمانداری شهرستان قدس``), in a dateline (``آنکارا ـ ایرنا``) or
in the speaker's office (``شهرداری تهران``, ``فرماندار قدس``). A qualifier
decides the kind (``استان`` a province, ``شهرستان``/``فرمانداری`` a county,
``شهر``/``شهرداری`` a city); a bare name is the city of that name, and when
several places share it, the one in a province the text names wins.
Free text elsewhere in the story is not read: a place the speaker merely
mentions is not where the statement was made.
"""

import re
from dataclasses import dataclass

from archive.persian import name_key

from .fields import NOTHING, Field


@dataclass(frozen=True)
class GazetteerEntry:
    id: int
    kind: str  # "province", "county" or "city"
    name: str
    province: str  # the province's name ("" for a province itself)
    county: str = ""  # a city's county name


_QUALIFIED = re.compile(
    r"(?<!\w)(?P<q>استانداری|استاندار|استان|فرمانداری\s+ویژه|فرمانداری|فرماندار|شهرستان|شهرداری|شهردار|شهر|مرکز)"
    r"(?:\s+(?:شهرستان|استان|ویژه))?\s+(?P<name>[^\s،,:؛.()«»]+(?:\s+[^\s،,:؛.()«»]+){0,2})"
)
_KIND_OF = {
    "استانداری": "province", "استاندار": "province", "استان": "province",
    "فرمانداری": "county", "فرماندار": "county", "شهرستان": "county",
    "شهرداری": "city", "شهردار": "city", "شهر": "city", "مرکز": None,
}
_SPECIFICITY = {"city": 3, "county": 2, "province": 1}


class Gazetteer:
    def __init__(self, entries):
        self.entries = list(entries)
        self.by_key: dict[str, list[GazetteerEntry]] = {}
        for entry in self.entries:
            self.by_key.setdefault(name_key(entry.name), []).append(entry)
        self.province_keys = {name_key(e.name) for e in self.entries if e.kind == "province"}
        self.max_words = max((len(e.name.split()) for e in self.entries), default=1)

    def lookup(self, words: str, kind: str | None = None) -> list[GazetteerEntry]:
        """Entries named by the longest prefix of ``words`` (up to three words)."""
        parts = words.split()
        for n in range(min(len(parts), max(self.max_words, 1)), 0, -1):
            found = self.by_key.get(name_key(" ".join(parts[:n])), [])
            if kind:
                found = [e for e in found if e.kind == kind]
            if found:
                return found
        return []

    def provinces_in(self, text: str) -> set[str]:
        """Province names the text mentions (to settle a bare name shared by several places)."""
        key = name_key(text)
        return {k for k in self.province_keys if k and k in key}


def _choose(candidates, gazetteer, context):
    """One entry among same-named ones: a city first, in a province the text names if any."""
    if not candidates:
        return None
    named = gazetteer.provinces_in(context)
    in_named = [c for c in candidates if name_key(c.province or c.name) in named]
    pool = in_named or candidates
    for kind in ("city", "county", "province"):
        of_kind = [c for c in pool if c.kind == kind]
        if of_kind:
            # A county seat shares its county's name; prefer it among namesakes.
            seats = [c for c in of_kind if kind == "city" and name_key(c.county) == name_key(c.name)]
            return (seats or of_kind)[0]
    return pool[0]


def _mentions(text, gazetteer):
    """(entry, phrase, specificity) for qualified place names in ``text``."""
    found = []
    for match in _QUALIFIED.finditer(text):
        kind = _KIND_OF.get(re.sub(r"\s+.*", "", match.group("q")))
        candidates = gazetteer.lookup(match.group("name"), kind)
        if not candidates and kind == "county":  # a county named after its seat, written as a city
            candidates = gazetteer.lookup(match.group("name"), "city")
        entry = _choose(candidates, gazetteer, text)
        if entry:
            found.append((entry, match.group(0)))
    return found


_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")


def _inside(province, gazetteer, text):
    """The first county or city of ``province`` the text names (qualified, or as a bare word)."""
    for entry, _phrase in _mentions(text, gazetteer):
        if entry.kind != "province" and name_key(entry.province) == name_key(province.name):
            return entry
    words = _WORD.findall(text)
    for n in (3, 2, 1):
        for k in range(len(words) - n + 1):
            phrase = " ".join(words[k:k + n])
            if len(name_key(phrase)) < 3:
                continue
            found = [e for e in gazetteer.by_key.get(name_key(phrase), [])
                     if e.kind != "province" and name_key(e.province) == name_key(province.name)]
            if found:
                return _choose(found, gazetteer, text)
    return None


def find_place(gazetteer: Gazetteer, hints: list[str], attribution: str, office: str, context: str) -> Field:
    """The place of a statement.

    ``hints`` are place names the attribution gives (``نکا`` from ``از نکا``),
    ``attribution`` and ``office`` the phrases to read qualified names from,
    ``context`` the text used to settle namesakes (title and lead).
    """
    # 1. Qualified names in the attribution, most specific first (فرمانداری ویژه شهرستان ری > استان تهران).
    mentions = _mentions(attribution, gazetteer)
    # 2. Bare names the attribution gives.
    for hint in hints:
        qualified = _mentions(hint, gazetteer)
        if qualified:
            mentions.extend(qualified)
            continue
        # A bare hint must be a place name as a whole ("نکا"), not start with one.
        entry = _choose(gazetteer.by_key.get(name_key(hint), []), gazetteer, f"{attribution} {context}")
        if entry:
            mentions.append((entry, hint))
    if mentions:
        entry, phrase = max(mentions, key=lambda m: _SPECIFICITY[m[0].kind])
        if entry.kind == "province":
            # A provincial bureau ("برنا گلستان"): the story may say which city or county.
            inner = _inside(entry, gazetteer, f"{office}\n{context}")
            if inner:
                return Field(inner, attribution or phrase, 0.75)
        return Field(entry, attribution or phrase, 0.9)
    # 3. The speaker's office (شهردار تهران, فرماندار قدس).
    office_mentions = _mentions(office or "", gazetteer)
    if office_mentions:
        entry, _phrase = max(office_mentions, key=lambda m: _SPECIFICITY[m[0].kind])
        return Field(entry, office, 0.7)
    return NOTHING

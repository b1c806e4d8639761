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

Places outside Iran (``به گزارش خبرنگار فارس از وین``, ``در گفت‌وگو با ... در دوحه``) come
from ``data/foreign_places.json`` (CLDR's Persian city names and PEYMA's gold place names,
written by ``bench/train_ner.py``); an Iranian name always wins over a foreign one.
"""

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from archive.persian import display_text, name_key

from . import ner
from .fields import NOTHING, Field
from .speech import INTERVIEW


@dataclass(frozen=True)
class GazetteerEntry:
    id: int | None  # None for a place outside Iran (stored on first use)
    kind: str  # "province", "county", "city", or FOREIGN
    name: str
    province: str  # the province's name ("" for a province itself and abroad)
    county: str = ""  # a city's county name


FOREIGN = "foreign"  # the kind of a place outside Iran
FOREIGN_FILE = Path(__file__).resolve().parent / "data" / "foreign_places.json"


@functools.lru_cache(maxsize=1)
def _foreign_places() -> tuple[frozenset, frozenset]:
    """(keys of cities outside Iran, keys of every foreign place name known).

    The first are safe in a story's ``در ...``; the second only after a dateline's ``از``."""
    data = json.loads(FOREIGN_FILE.read_text(encoding="utf-8"))
    cities = frozenset(name_key(name) for name in data["cities"])
    return cities, cities | frozenset(name_key(name) for name in data["others"])


def foreign_place(name: str, cities_only: bool = False) -> GazetteerEntry | None:
    """The place outside Iran ``name`` names (a leading ``شهر`` allowed), or None.

    Its name as the text spells it, in Persian letters (no standard list to take it from)."""
    cities, every = _foreign_places()
    name = re.sub(r"^\s*شهر\s+", "", name).strip()
    found = name_key(name) in (cities if cities_only else every)
    return GazetteerEntry(None, FOREIGN, display_text(name), "") if found else None


_QUALIFIED = re.compile(
    r"(?<!\w)(?P<q>استانداری|استاندار|استان|فرمانداری\s+ویژه|فرمانداری|فرماندار|شهرستان|شهرداری|شهردار|شهر|مرکز)"
    r"(?:\s+(?:شهرستان|استان|ویژه))?\s+(?P<name>[^\s،,:؛.()«»]+(?:\s+[^\s،,:؛.()«»]+){0,2})"
)
_KIND_OF = {
    "استانداری": "province",
    "استاندار": "province",
    "استان": "province",
    "فرمانداری": "county",
    "فرماندار": "county",
    "شهرستان": "county",
    "شهرداری": "city",
    "شهردار": "city",
    "شهر": "city",
    "مرکز": None,
}
_SPECIFICITY = {"city": 3, "county": 2, "province": 1}
_RUN_ON_WORDS = 3  # a hint this long is a sentence run on past its dateline, not a place's name
# How sure each way of finding the place is (one table; the reviewer is shown below LOW_CONFIDENCE).
CONFIDENCE = {
    "dateline": 0.9,  # the attribution's city or county ("از نکا")
    "venue": 0.85,  # where the words were said ("در گفت‌وگو با خبرنگار فارس در خوی")
    "bureau": 0.8,  # a provincial bureau's province ("برنا گلستان")
    "story_in_bureau": 0.75,  # a city or county of the bureau's province the story names
    "office": 0.7,  # the jurisdiction of the speaker's office, or a place the headline qualifies
    "trip": 0.65,  # where a visitor's trip took them ("که به تهران سفر کرده")
    "province_office": 0.6,  # an office of the province ("... استانداری خوزستان")
    "event": 0.5,  # a "در ..." phrase of the lead: where the event is
}
_NAME_ENDING_COUNT = 10  # a word that ends this many gazetteer names is a name's part, not a name


class Gazetteer:
    def __init__(self, entries):
        self.entries = list(entries)
        self.by_key: dict[str, list[GazetteerEntry]] = {}
        for entry in self.entries:
            self.by_key.setdefault(name_key(entry.name), []).append(entry)
        self.province_keys = {name_key(e.name) for e in self.entries if e.kind == "province"}
        # Words that end many names ("حسن آباد", "نظام شهر"): a place's last part, never a place alone.
        endings = Counter(e.name.split()[-1] for e in self.entries if len(e.name.split()) > 1)
        self.name_endings = frozenset(
            name_key(w)
            for w, count in endings.items()
            if count >= _NAME_ENDING_COUNT and not any(c.isdigit() for c in w)
        )
        self.max_words = max((len(e.name.split()) for e in self.entries), default=1)
        self._provinces: dict[str, set[str]] = {}

    def lookup(self, words: str, kind: str | None = None) -> list[GazetteerEntry]:
        """Entries named by the longest prefix of ``words`` (up to three words)."""
        parts = words.split()
        for n in range(min(len(parts), max(self.max_words, 1)), 0, -1):
            found = self.by_key.get(name_key(" ".join(parts[:n])), [])
            if kind:
                found = [e for e in found if e.kind == kind]
            if found:
                return found
        if (
            parts
            and name_key(parts[0]).startswith("شهر")
            and len(name_key(parts[0])) > 4
            and kind in (None, "city")
        ):
            # "شهرری", "شهرقدس": the qualifier written joined to a county seat's name
            rest = name_key(parts[0])[3:]
            return [e for e in self.by_key.get(rest, []) if e.kind == "city" and name_key(e.county) == rest]
        return []

    def provinces_in(self, text: str) -> set[str]:
        """Province names the text mentions (to settle a bare name shared by several places).

        Asked once per candidate with the same text, so the answer is kept per text."""
        found = self._provinces.get(text)
        if found is None:
            key = name_key(text)
            found = {k for k in self.province_keys if k and k in key}
            if len(self._provinces) > 64:
                self._provinces.clear()
            self._provinces[text] = found
        return found


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


# A run of Arabic-script letters and ZWNJ: one word as the gazetteer and people.py read it.
PERSIAN_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")


def _inside(province, gazetteer, text):
    """The first county or city of ``province`` the text names (qualified, or as a bare word)."""
    for entry, _phrase in _mentions(text, gazetteer):
        if entry.kind != "province" and name_key(entry.province) == name_key(province.name):
            return entry
    found_words = list(PERSIAN_WORD.finditer(text))
    words = [m.group() for m in found_words]
    # The province's own name ("کهگیلویه و بویراحمد", "کرمان") names the province, not the county
    # or the capital that shares a word of it.
    own = [name_key(w) for w in province.name.split()]
    masked = set()
    for k in range(len(words) - len(own) + 1):
        if [name_key(w) for w in words[k : k + len(own)]] == own:
            masked.update(range(k, k + len(own)))
    for n in (3, 2, 1):
        for k in range(len(words) - n + 1):
            phrase = " ".join(words[k : k + n])
            if len(name_key(phrase)) < 3 or masked.intersection(range(k, k + n)):
                continue
            found = [
                e
                for e in gazetteer.by_key.get(name_key(phrase), [])
                if e.kind != "province" and name_key(e.province) == name_key(province.name)
            ]
            if not found:
                continue
            if n == 1 and _common_word_not_a_place(text, found_words[k].start(), phrase):
                continue  # "دریاچه هامون", "فردوس": a common word the tagger reads as no place
            return _choose(found, gazetteer, text)
    return None


@dataclass
class PlaceClues:
    """What an article says about where its statement was made, as :func:`find_place` reads it."""

    hints: list = field(default_factory=list)  # place names the attribution gives (``از نکا``)
    attribution: str = ""  # the attribution phrase (``به گزارش روابط عمومی فرمانداری قدس``)
    office: str = ""  # the speaker's office as written
    jurisdiction: str = ""  # the place the office names (``فرماندار کاشان`` → ``کاشان``)
    headline: str = ""
    lead: str = ""  # the lead and the first paragraphs
    speech: str = ""  # the sentence that introduces the speaker
    quoted_source: str = ""  # the source the attribution quotes ("به نقل از آناتولی"): not a place


# How far past the event's noun its place may be named (characters of the same clause).
VENUE_REACH = 90
# Where a statement was made: "در گفت‌وگو با خبرنگار فارس در خوی", "در حاشیه ... در X".
_VENUE = re.compile(
    rf"در\s+(?:{INTERVIEW}|حاشیه|جمع|مراسم|آیین|نشست|همایش|جلسه|اجتماع|سفر|بازدید|دیدار|"
    r"خطبه[\s\u200c]*(?:های|ها)?|نماز|کنفرانس|جشنواره|افتتاح)"
    rf"(?=(?P<rest>[^.؟!:،]{{0,{VENUE_REACH}}}))"
)
# A county or city the venue's phrase names as its own ("جلسه شورای اداری شهرستان بیله سوار").
_VENUE_OF = re.compile(r"(?<!\S)(?P<q>شهرستان|شهر)\s+(?P<name>[^\s،,:؛.()«»]+(?:\s+[^\s،,:؛.()«»]+){0,2})")
_INTERVIEW_VENUE = re.compile(rf"در\s+{INTERVIEW}")
# Each "در X" of a venue's phrase: "در حاشیه جلسه ... در گفت‌وگو با خبرنگار فارس در شاهین شهر".
_IN = re.compile(r"\sدر\s")
_VENUE_PLACE = re.compile(
    _IN.pattern + r"+(?:(?P<q>شهر|شهرستان|استان|بخش)\s+)?(?P<name>[^\s،,:؛.()«»]+(?:\s+[^\s،,:؛.()«»]+){0,2})"
)
# A visitor speaks where their trip took them: "وزیر خارجه برزیل که به تهران سفر کرده", "در سفر
# خود به بم". The place is the words after "به", before the verb or the rest of the phrase.
_WORDS_UP_TO_3 = r"(?P<name>[^\s،,:؛.()«»]+(?:\s+[^\s،,:؛.()«»]+){0,2}?)"
_TRIP = (
    re.compile(
        r"(?<!\S)در\s+سفر(?:\s+(?:خود|اخیر|روزه|یک[\s\u200c]*روزه|دو[\s\u200c]*روزه))*\s+به\s+"
        + _WORDS_UP_TO_3
        + r"(?=[\s،,.]|$)"
    ),
    re.compile(
        r"(?<!\S)که\s+(?:برای\s+[^.،,:؛]{1,60}?\s+)?به\s+"
        + _WORDS_UP_TO_3
        + r"\s+(?:سفر[\s\u200c]*(?:کرده|کرد|نموده)|آمده|رفته|عزیمت[\s\u200c]*کرده)(?![\w\u200c])"
    ),
)
# A constituency is not a place: "نماینده مردم تبریز".
_CONSTITUENCY = re.compile(r"نماینده(?:\s+مردم)?(?:\s+شهرستان(?:های)?)?\s*$")
# The words after each "در" (a lookahead, so that "در X و در Y" yields both).
_IN_PHRASE = re.compile(r"(?:^|\s)در\s+(?=(?P<words>[^\s،,:؛.()«»]+(?:\s+[^\s،,:؛.()«»]+){0,3}))")
_CONSTITUENCY_OFFICE = re.compile(r"^\s*(?:عضو\s+\S+\s+)?نماینده")


def _qualified(text, gazetteer):
    """Qualified names in ``text`` that are not a constituency."""
    return [
        (entry, phrase)
        for entry, phrase in _mentions(text, gazetteer)
        if not _CONSTITUENCY.search(text[: max(0, text.find(phrase))])
    ]


def _common_word_not_a_place(text: str, start: int, name: str) -> bool:
    """A one-word name that is also a common word of the lexicon (``آستانه``, ``میانه``) where the
    tagger reads no location: ``در آستانه هفته دفاع`` is "on the eve of", not the city; nor is the
    word that opens a longer location (``در بوستان آب و آتش``: a park, not the city of Bostan)."""
    if len(name.split()) > 1 or ner.lexicon_frequency(name) == 0:
        return False
    tagged = ner.entities(text, types=("LOC",))
    end = start + len(name)
    return _opens_a_longer_location(tagged, start, end) or not any(
        e.type == "LOC" and e.start <= start < e.end for e in tagged
    )


def _opens_a_longer_location(tagged, start: int, end: int) -> bool:
    """Whether a location the tagger reads runs on past a name that starts it (``بوستان آب و آتش``,
    ``حسینیه ارشاد``): the name is a common word naming a venue there, not the city."""
    return any(e.type == "LOC" and e.start <= start < e.end and e.end > end + 1 for e in tagged)


def _venue(gazetteer, text):
    text = text or ""
    for venue in _VENUE.finditer(text):
        for inner in _IN.finditer(venue.group("rest")):
            match = _VENUE_PLACE.match(text, venue.end() + inner.start())
            if match is None:
                continue
            kind = _KIND_OF.get(match.group("q"))  # بخش has none: any kind
            found = gazetteer.lookup(match.group("name"), kind)
            phrase = text[venue.start() : match.end()]
            if found and kind is None:
                named = next(e.name for e in found)
                if (
                    _common_word_not_a_place(text, match.start("name"), match.group("name").split()[0])
                    and len(named.split()) == 1
                ):
                    continue
            if found:
                return _choose(found, gazetteer, text), phrase
            if kind is None:
                abroad = _foreign_prefix(match.group("name"))
                if abroad and not _common_word_not_a_place(text, match.start("name"), abroad[1]):
                    return abroad[0], phrase
        # The event's own county or city: "در جلسه شورای اداری شهرستان بیله سوار" (not an interview's:
        # "در گفت‌وگو با خبرگزاری فارس از شهرستان ساری" names the agency's bureau).
        interview = _INTERVIEW_VENUE.match(venue.group(0))
        for match in () if interview else _VENUE_OF.finditer(venue.group("rest")):
            kind = _KIND_OF[match.group("q")]
            found = gazetteer.lookup(match.group("name"), kind)
            if found:
                return _choose(found, gazetteer, text), text[venue.start() : venue.end() + match.end()]
    return None


def _trip(gazetteer, text):
    """(entry, phrase) for the place a visitor's trip took them, from :data:`_TRIP`."""
    for match in (m for pattern in _TRIP for m in pattern.finditer(text)):
        words = match.group("name").split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            found = [e for e in gazetteer.lookup(name) if e.kind != "province"]
            if found and not (n == 1 and _common_word_not_a_place(text, match.start("name"), name)):
                return _choose(found, gazetteer, text), match.group(0)
        abroad = _foreign_prefix(match.group("name"), cities_only=True)
        if abroad:
            return abroad[0], match.group(0)
    return None


def _foreign_prefix(words: str, cities_only: bool = False):
    """(entry, phrase) for the place outside Iran the longest prefix of ``words`` names."""
    parts = words.split()
    for n in range(min(len(parts), 3), 0, -1):
        phrase = " ".join(parts[:n])
        entry = foreign_place(phrase, cities_only)
        if entry:
            return entry, phrase
    return None


def _same_county(a: GazetteerEntry, b: GazetteerEntry) -> bool:
    county = lambda e: name_key(e.name if e.kind == "county" else e.county or e.name)  # noqa: E731
    return county(a) == county(b)


def find_place(gazetteer: Gazetteer, clues: PlaceClues) -> Field:
    """The place of a statement, at the most specific level the text gives.

    In order: the venue of the speech (``در گفت‌وگو با خبرنگار ... در خوی``); the
    attribution's place (a dateline ``از نکا``, a bureau ``مرکز قم``, a public-relations
    office ``فرمانداری قدس``), made more specific when the headline, the office or the
    lead names a county or city of the same province (a provincial bureau reporting an
    event in one of its counties); else where a visitor's trip took them (``که به تهران
    سفر کرده``, ``در سفر خود به بم``); else the jurisdiction of the speaker's office
    (``فرماندار کاشان``); else a county or city the headline or lead names with its
    qualifier (``شهرستان جاجرم``). A constituency (``نماینده مردم تبریز``) is never a place.
    """
    venue = _venue(gazetteer, clues.speech) or _venue(gazetteer, clues.lead)
    if venue:
        return Field(venue[0], venue[1], CONFIDENCE["venue"])
    context = f"{clues.headline}\n{clues.lead}"
    # Places named with a qualifier outside the attribution, most telling first.
    named = []  # in the headline or the office: what the story is about
    for text in (clues.headline, clues.office):
        named.extend(entry for entry, _phrase in _qualified(text, gazetteer) if entry.kind != "province")
    local = named + [
        entry for entry, _phrase in _qualified(clues.lead, gazetteer) if entry.kind != "province"
    ]
    office_qualified = _qualified(clues.office, gazetteer)
    office_named = [e for e, _p in office_qualified if e.kind != "province"]
    # "مدیرکل آموزش و پرورش استان کرمان", "استاندار کهگیلویه و بویراحمد": the office's place is
    # the province it names, not the capital that bears its name.
    office_province = any(e.kind == "province" for e, _p in office_qualified)
    if (
        clues.jurisdiction
        and not office_named
        and not office_province
        and not _CONSTITUENCY_OFFICE.match(clues.office)
    ):
        # An office without a qualifier before its place ("امام جمعه کرمان", "مدیرکل ... خوی").
        entry = _choose(gazetteer.lookup(clues.jurisdiction), gazetteer, context)
        if entry and entry.kind != "province":
            local.insert(0, entry)
            named.append(entry)

    # 1. The attribution: qualified names in it, and the bare names it gives.
    mentions = _qualified(clues.attribution, gazetteer)
    bare = []
    for hint in clues.hints:
        qualified = _qualified(hint, gazetteer)
        if qualified:
            mentions.extend(qualified)
            continue
        # A bare hint is a place name as a whole ("نکا"); a run-on one (a dateline with no comma
        # after it, "از بم در این مسابقه ...") starts with one; the organisation a report quotes
        # may end with its city ("مرکز اطلاع‌رسانی فرماندهی انتظامی مشهد").
        words = hint.split()
        found = gazetteer.by_key.get(name_key(hint), [])
        if not found and len(words) == 1:  # "از شهرری": the qualifier written joined
            found = gazetteer.lookup(hint, "city")
        if not found and len(words) >= _RUN_ON_WORDS and hint != clues.quoted_source:
            found = [e for e in gazetteer.lookup(hint) if e.kind != "province"]
        if not found and len(words) >= _RUN_ON_WORDS and hint == clues.quoted_source:
            found = [e for e in gazetteer.by_key.get(name_key(words[-1]), []) if e.kind != "province"]
        entry = _choose(found, gazetteer, f"{clues.attribution} {context}")
        if entry:
            bare.append((entry, hint))
    # A county or city the attribution names with its qualifier (the source's own office:
    # "به نقل از روابط عمومی فرمانداری خرم‌بید") tells more than the bureau's dateline ("از شیراز").
    if not any(m[0].kind != "province" for m in mentions):
        mentions.extend(bare)
    if mentions:
        entry, phrase = max(mentions, key=lambda m: _SPECIFICITY[m[0].kind])
        if entry.kind == "province":
            # A provincial bureau ("برنا گلستان"): the story may say which city or county.
            inner = next((e for e in local if name_key(e.province) == name_key(entry.name)), None)
            inner = inner or _inside(entry, gazetteer, f"{clues.office}\n{context}")
            if inner:
                return Field(inner, clues.attribution or phrase, CONFIDENCE["story_in_bureau"])
            return Field(entry, clues.attribution or phrase, CONFIDENCE["bureau"])
        # A bureau in the provincial capital reporting an event in another county of the province
        # (named in the headline or the office, with its qualifier or bare: "اقامتگاه بومگردی جاجرم").
        province = gazetteer.by_key.get(name_key(entry.province), [])
        headline_bare = _inside(province[0], gazetteer, clues.headline) if province else None
        elsewhere = [
            e
            for e in named + ([headline_bare] if headline_bare else [])
            if name_key(e.province) == name_key(entry.province) and not _same_county(e, entry)
        ]
        if elsewhere:
            return Field(elsewhere[0], clues.attribution or phrase, CONFIDENCE["story_in_bureau"])
        return Field(entry, clues.attribution or phrase, CONFIDENCE["dateline"])
    # A dateline abroad ("به گزارش خبرنگار فارس از وین", "خبرگزاری فرانسه از مسکو").
    for hint in clues.hints:
        if hint == clues.quoted_source:
            continue
        abroad = foreign_place(hint)
        if abroad is None and len(hint.split()) >= _RUN_ON_WORDS:  # "از کویت روزنامه القبس ..."
            prefix = _foreign_prefix(hint)
            abroad = prefix[0] if prefix else None
        if abroad:
            return Field(abroad, clues.attribution or hint, CONFIDENCE["dateline"])
    # 2. Where a visitor's trip took them (in the speaker's sentence or the lead's first), a
    # weaker sign than a dateline: the speaker's own sentence may tell of another trip.
    lead_opening = _first_sentences(clues.lead)[0] if clues.lead.strip() else ""
    trip = _trip(gazetteer, clues.speech) or _trip(gazetteer, lead_opening)
    if trip:
        return Field(trip[0], trip[1], CONFIDENCE["trip"])
    # 3. The speaker's office, then the headline and lead.
    if local:
        return Field(local[0], clues.office or clues.headline, CONFIDENCE["office"])
    provinces = [e for text in (clues.office, clues.headline) for e, _p in _qualified(text, gazetteer)]
    if provinces:
        # An office of the province ("مدیرکل ... استانداری خوزستان"): the story may say which city.
        inner = _inside(provinces[0], gazetteer, context) if provinces[0].kind == "province" else None
        return Field(inner or provinces[0], clues.office or clues.headline, CONFIDENCE["province_office"])
    # 4. Where the event is, when nothing else says.
    return _event_city(gazetteer, clues.lead, context) or NOTHING


def _event_city(gazetteer: Gazetteer, lead: str, context: str) -> Field | None:
    """A city in a "در ..." phrase of the first sentence of the lead or of the first body
    paragraph (``در ورزشگاه تختی خرم‌آباد``, ``واقع در ماهشهر``).

    Not inside an organisation's name, unless it ends it as its jurisdiction (``دادگاه کیفری
    استان تهران``, not ``شورای پول و اعتبار``); past the lead's first sentence only where the
    tagger reads a location. A destination or a route is no place (``در سفر خود به اصفهان``,
    ``در مسیر باکو - تبریز``), nor a word that ends many names (``آباد`` of ``جلال آباد``).
    """
    for index, first in enumerate(_first_sentences(lead)):
        tagged = None
        for match in _IN_PHRASE.finditer(first):
            words = match.group("words").split()
            ends = [i for i, word in enumerate(words) if word in _PHRASE_BREAKS]
            words = words[: ends[0]] if ends else words
            for n in range(len(words)):
                for size in (2, 1):
                    phrase = " ".join(words[n : n + size])
                    if len(words[n : n + size]) < size or len(name_key(phrase)) < 3:
                        continue
                    if size == 1 and name_key(phrase) in gazetteer.name_endings:
                        continue
                    cities = [e for e in gazetteer.by_key.get(name_key(phrase), []) if e.kind == "city"]
                    if not cities and n == 0 and not gazetteer.by_key.get(name_key(phrase)):
                        # A city abroad right after the "در" (not "در خلیج عمان").
                        abroad = foreign_place(phrase, cities_only=True)
                        cities = [abroad] if abroad else []
                    if not cities:
                        continue
                    if tagged is None:
                        tagged = ner.entities(first, types=("LOC", "ORG"))
                    at = first.find(words[n], match.start("words"))
                    end = at + len(phrase)
                    if _OBJECT_AFTER.match(first, end) or _route_after(gazetteer, first, end):
                        continue  # "قحطی در غزه را تأیید کرد", "در آزادراه تهران - پردیس"
                    kinds = {
                        e.type
                        for e in tagged
                        if e.start <= at < e.end
                        and not (e.type == "ORG" and first[end : e.end].strip(" \u200c") == "")
                    }
                    # A name that is also a common word (در آستانه هفته دفاع, در میانه) only where
                    # the tagger reads a location, or an organisation's name ends with it.
                    closes_org = any(
                        e.type == "ORG"
                        and e.start <= at < e.end
                        and first[end : e.end].strip(" \u200c") == ""
                        for e in tagged
                    )
                    common = size == 1 and ner.lexicon_frequency(phrase) > 0 and not closes_org
                    if common and _opens_a_longer_location(tagged, at, end):
                        continue  # "در بوستان المهدی": a park, not the city of Bostan
                    if "ORG" not in kinds and ("LOC" in kinds or (index == 0 and not common)):
                        return Field(
                            _choose(cities, gazetteer, context),
                            "در " + match.group("words"),
                            CONFIDENCE["event"],
                        )
    return None


# "در X را": X is inside the object of the verb ("قحطی در غزه را تأیید کرد"), not where it happened.
_OBJECT_AFTER = re.compile(r"[\s\u200c]*را(?![\w\u200c])")
_DASH_THEN_WORD = re.compile(r"\s*[-–ـ]\s*(?P<word>[^\s،,:؛.()«»]+)")


def _route_after(gazetteer: Gazetteer, text: str, end: int) -> bool:
    """``تهران - پردیس``: a place and a dash and another place are a route, no place of the story."""
    match = _DASH_THEN_WORD.match(text, end)
    return bool(match) and bool(gazetteer.lookup(match.group("word")))


_FIRST_PARAGRAPHS = 2  # the lead and the paragraph after it
_PHRASE_BREAKS = frozenset({"به", "از", "تا", "-", "ـ", "–"})


def _first_sentences(text: str) -> list[str]:
    """The first sentence of each of the first paragraphs of ``text``."""
    out = []
    for paragraph in [p.strip() for p in text.split("\n") if p.strip()][:_FIRST_PARAGRAPHS]:
        out.append(re.split(r"(?<=[.!?؟])\s", paragraph, maxsplit=1)[0])
    return out

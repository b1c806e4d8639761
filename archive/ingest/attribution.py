"""Who reported a statement: the agency, from the attribution phrase or a dateline.

Pure functions, no Django. Forms seen in agency copy:

- ``به گزارش خبرگزاری فارس از نکا،`` → agency ``خبرگزاری فارس``, place hint ``نکا``;
- ``به گزارش خبرنگار ایلنا،`` / ``به گزارش خبرنگار اقتصادی خبرگزاری تسنیم،`` → the agency
  without the reporter (``ایلنا``, ``خبرگزاری تسنیم``); ``خبرنگار برنا هرمزگان`` → ``برنا``
  with the bureau's province as a place hint;
- ``به گزارش خبرگزاری صدا و سیما؛ مرکز قم،`` → the bureau ``خبرگزاری صدا و سیما، مرکز قم``;
- ``به گزارش روابط عمومی فرمانداری شهرستان قدس،`` → that public-relations office;
- ``به گزارش شهر به نقل از روابط عمومی ...`` → ``شهر`` (the quoted source is kept in the attribution);
- ``به نقل از ...`` alone; ``... در گفت‌وگو با خبرنگار تسنیم در سمنان``;
- datelines: ``آنکارا ـ ایرنا :``, ``تهران- ایرنا-``.
"""

import re
from dataclasses import dataclass, field

from archive.persian import clean_name

from .fields import NOTHING, Field
from .speech import INTERVIEW

# Agencies named without "خبرگزاری" in datelines and interviews.
KNOWN_AGENCIES = (
    "ایرنا",
    "ایسنا",
    "ایلنا",
    "ایکنا",
    "ایمنا",
    "فارس",
    "تسنیم",
    "مهر",
    "برنا",
    "پانا",
    "میزان",
    "شبستان",
    "رسا",
    "حوزه",
    "آنا",
    "سیتنا",
    "نسیم",
    "رکنا",
    "موج",
    "دانشجو",
    "صدا و سیما",
    "باشگاه خبرنگاران جوان",
    "خبرآنلاین",
    "همشهری آنلاین",
    "همشهری‌آنلاین",
    "تابناک",
    "دفاع پرس",
    "اقتصادآنلاین",
    "شهر",
    "ایران",
    "جام جم",
    "کیهان",
    "اطلاعات",
    "شرق",
    "اعتماد",
    "جوان",
    "فرهیختگان",
)


def _any_letters(pattern: str) -> str:
    """``pattern`` matching the Arabic ي/ك of older agency copy as well as the Persian letters."""
    return pattern.replace("ی", "[یي]").replace("ک", "[کك]")


_AGENCY_ALT = _any_letters(
    "|".join(
        sorted((re.escape(a).replace(r"\ ", r"[\s\u200c]*") for a in KNOWN_AGENCIES), key=len, reverse=True)
    )
)
_NEWS_AGENCY = _any_letters("خبرگزاری")
# The words that open an attribution ("به گزارش ...", "به نقل از ..."): one home, for the cleaner
# (a lead is the paragraph before one), the speaker reader (a clause begins after one) and this module.
ATTRIBUTION_OPENING = r"(?:به[\s\u200c]*گزارش|به[\s\u200c]*نقل\s+از|بنا\s*بر\s+گزارش)"
_REPORT = re.compile(
    r"(?:^|(?<=\s))(?P<phrase>به[\s\u200c]*گزارش\s+(?P<source>[^،,:\n]{2,200}?))\s*(?:[،,:]|[؛;](?!\s*(?:مرکز|دفتر)\s))"
)
_QUOTING = re.compile(r"^\s*(?P<phrase>به\s*نقل\s+از\s+(?P<source>[^،,:\n]{2,160}?))\s*[،,:]")
_DATELINE = re.compile(
    rf"^\s*(?P<place>[^\s،,:\-–ـ]{{2,20}}(?:\s[^\s،,:\-–ـ]{{2,20}})?)\s*[-–ـ]+\s*(?P<agency>{_AGENCY_ALT})\s*[-–ـ:]"
)
# The publisher named at the lead's start, as Fars writes it: "خبرگزاری فارس: ...", "خبرگزاری فارس- ...",
# and with the desk after a dash: "برنا - گروه اقتصادی؛ ...". (people.py skips it as an attribution.)
PUBLISHER_OPENING = (
    rf"(?P<agency>(?:{_NEWS_AGENCY}\s+)?(?:{_AGENCY_ALT})|{_NEWS_AGENCY}\s+[^\s:：؛;\-–ـ]+(?:\s+[^\s:：؛;\-–ـ]+)?)"
    rf"\s*(?:(?:[-–ـ]+\s*(?:گروه|سرویس)\s+[^:؛;،,\n]{{1,40}}?)?\s*[:：؛;]|[-–ـ]+\s)"
)
_OPENER = re.compile(rf"^\s*{PUBLISHER_OPENING}")
# The same with no group, to build other patterns on; and a text that is that opening alone
# ("خبرگزاري فارس :", "خبرآنلاین - " before a byline's name).
PUBLISHER_OPENING_ANY = PUBLISHER_OPENING.replace("?P<agency>", "?:")
PUBLISHER_ONLY = re.compile(rf"^\s*{PUBLISHER_OPENING_ANY}\s*$")


def _interview_with(agency: str) -> re.Pattern:
    """``در گفت‌وگو با خبرنگار AGENCY [در|از PLACE]``, the agency matched by ``agency``."""
    return re.compile(
        rf"(?P<phrase>{INTERVIEW}\s+با\s+(?:خبرنگار\s+)?(?:\S+\s+){{0,4}}?"
        rf"(?P<agency>{agency})(?:\s+(?:در|از)\s+(?P<place>[^\s،,:]+))?)"
    )


_INTERVIEW = _interview_with(rf"(?:{_NEWS_AGENCY}\s+)?(?:{_AGENCY_ALT})")
# "گفت‌وگو با خبرنگار حوزه احزاب خبرگزاری فارس": a "خبرگزاری X" further on is the agency, not the desk.
_INTERVIEW_NAMED = _interview_with(rf"{_NEWS_AGENCY}\s+(?:{_AGENCY_ALT})")
_DESK = r"(?:خبرنگار(?:ان)?|گروه|سرویس|حوزه|بخش)"  # the reporter or desk before the agency's name
# "خبرنگار حوزه دولت خبرگزاری فارس": a "خبرگزاری" further on is the agency (حوزه is a desk here,
# though also an agency's name); else the first known agency's name.
_REPORTERS = (
    re.compile(rf"^{_DESK}\s+(?:\S+\s+){{0,3}}?(?={_NEWS_AGENCY}\s)"),
    re.compile(rf"^{_DESK}\s+(?:\S+\s+){{0,3}}?(?=(?:" + _AGENCY_ALT + r")(?:\s|$))"),
)
_REPORTER_PREFIX = re.compile(r"^(?:خبرنگار(?:ان)?|گروه|سرویس)\s+")
_BUREAU = re.compile(r"^(?P<agency>.+?)\s*[؛;]\s*(?P<bureau>(?:مرکز|دفتر)\s+.+)$")
_FROM_PLACE = re.compile(r"^(?P<agency>.+?)\s+از\s+(?P<place>.+)$")
_IN_PLACE = re.compile(r"^(?P<agency>.+?)\s+در\s+(?P<place>.+)$")
# "خبرنگار اعزامی خبرگزاری فارس به چابهار": where a dispatched reporter was sent.
_DISPATCHED = re.compile(rf"^{_any_letters('خبرنگار')}(?:ان)?\s+{_any_letters('اعزامی')}\s")
_TO_PLACE = re.compile(r"^(?P<agency>.+?)\s+به\s+(?P<place>.+)$")
_QUOTE_SPLIT = re.compile(r"\s*به[\s\u200c]*نقل\s+از\s+")
_KNOWN_THEN_WORD = re.compile(rf"^(?P<agency>(?:{_NEWS_AGENCY}\s+)?(?:{_AGENCY_ALT}))\s+(?P<place>\S+)$")
# A known agency and then words of the sentence that no comma ended ("به گزارش فارس وی در مصاحبه",
# "به گزارش خبرگزاری فارس صبح امروز").
_KNOWN_THEN_MORE = re.compile(rf"^(?P<agency>(?:{_NEWS_AGENCY}\s+)?(?:{_AGENCY_ALT}))\s+\S")


@dataclass
class Attribution:
    agency: Field = NOTHING
    phrase: str = ""
    place_hints: list[str] = field(default_factory=list)
    quoted_source: str = ""


def find_attribution(paragraphs: list[str]) -> Attribution:
    """The attribution of an article from its cleaned lead and body paragraphs.

    The publisher that opens the lead wins over a ``به گزارش`` that may credit another agency
    (``خبرگزاری فارس: ...`` then ``به گزارش خبرگزاری رویتر از سئول``); the reporting phrase still
    gives the place hints."""
    opener = next((m for p in paragraphs[:2] if (m := _OPENER.match(p))), None)
    found = _attribution(paragraphs)
    if opener is None:
        return found
    agency = clean_name(opener.group("agency"))
    if found.agency.value and _bare(found.agency.value) == _bare(agency):
        return found
    return Attribution(
        Field(agency, opener.group(0).strip(), 0.9),
        found.phrase or opener.group(0).strip(" :؛;"),
        found.place_hints,
        found.quoted_source,
    )


def _attribution(paragraphs: list[str]) -> Attribution:
    for paragraph in paragraphs[:4]:
        match = _REPORT.search(paragraph[:400])
        if match:
            return _from_source(match.group("source"), match.group("phrase"))
        match = _QUOTING.match(paragraph)
        if match:
            return _from_source(match.group("source"), match.group("phrase"))
        match = _DATELINE.match(paragraph)
        if match:
            agency = clean_name(match.group("agency"))
            return Attribution(
                Field(agency, match.group(0).strip(), 0.85),
                match.group(0).strip(" :-–ـ"),
                [_hint(match.group("place"))],
            )
    for paragraph in paragraphs[:4]:
        match = _INTERVIEW_NAMED.search(paragraph) or _INTERVIEW.search(paragraph)
        if match:
            hints = [_hint(match.group("place"))] if match.group("place") else []
            return Attribution(
                Field(clean_name(match.group("agency")), match.group("phrase"), 0.7),
                match.group("phrase"),
                hints,
            )
    return Attribution()


_SOURCE_END = re.compile(r"\s*(?:[؛;](?!\s*(?:مرکز|دفتر)\s)|\s+و\s+(?:بر\s*اساس|براساس|به\s+نقل)).*$")


def _hint(place: str) -> str:
    """A place hint without the spaces or a stray ZWNJ around it (``از کابل‌،``)."""
    return place.strip(" \u200c")


def _bare(agency: str) -> str:
    return re.sub(rf"^{_NEWS_AGENCY}\s+", "", clean_name(agency))


def _from_source(source: str, phrase: str) -> Attribution:
    source = re.sub(r"\s+", " ", source).strip()
    # "خبرگزاری برنا ازخراسان جنوبی؛ سید ..." (no comma after the source): stop at the semicolon.
    cut = _SOURCE_END.search(source)
    if cut and cut.start() > 0:
        source = source[: cut.start()].strip()
        phrase = phrase[: phrase.find(source) + len(source)] if source in phrase else phrase
    source = re.sub(r"(?<=\s)از(?=[^\s])", "از ", source)  # "ازخراسان" → "از خراسان"
    hints = []
    quoted = ""
    parts = _QUOTE_SPLIT.split(source, maxsplit=1)
    if len(parts) == 2 and parts[0]:
        source, quoted = parts[0].strip(), parts[1].strip()
    elif len(parts) == 2:
        source = parts[1].strip()
    dispatched = bool(_DISPATCHED.match(source))
    # The reporter is not the agency: "خبرنگار اقتصادی خبرگزاری تسنیم" → "خبرگزاری تسنیم".
    for reporter in _REPORTERS:
        if reporter.match(source):
            source = reporter.sub("", source)
            break
    source = _REPORTER_PREFIX.sub("", source)
    bureau = _BUREAU.match(source)
    if bureau:
        name = f"{bureau.group('agency').strip()}، {bureau.group('bureau').strip()}"
        hints.append(bureau.group("bureau"))
    else:
        name = source
        run_on = _KNOWN_THEN_MORE.match(name)
        rest = name[run_on.end("agency") :].split() if run_on else []
        places_after = {"از", "در", "به"} if dispatched else {"از", "در"}
        if len(rest) > 1 and rest[0] not in places_after:
            name = run_on.group("agency")  # the sentence went on past the agency: no place in it
        else:
            patterns = (_FROM_PLACE, _IN_PLACE, *((_TO_PLACE,) if dispatched else ()), _KNOWN_THEN_WORD)
            for pattern in patterns:
                match = pattern.match(name)
                if match:
                    name = match.group("agency").strip()
                    hints.append(_hint(match.group("place")))
                    break
    if quoted and not re.match(rf"^(?:{_NEWS_AGENCY}\s+)?(?:{_AGENCY_ALT})$", quoted):
        hints.append(quoted)  # "به نقل از روابط عمومی فرمانداری ..." may name the place; an agency does not
    name = clean_name(name)
    if not name or len(name.split()) > 10:
        return Attribution(NOTHING, phrase, hints, quoted)
    confidence = 0.9 if re.fullmatch(rf"(?:{_NEWS_AGENCY}\s+)?(?:{_AGENCY_ALT})(?:،.*)?", name) else 0.75
    return Attribution(Field(name, phrase, confidence), phrase, hints, quoted)

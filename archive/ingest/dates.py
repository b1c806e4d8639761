"""The publication date of a raw article.

Pure functions, no Django. Only dates written the way agency pages stamp a
story count, in this order of trust:

1. a ``date 2025-12-10`` header (what the archive's own exports start with);
2. a line that is nothing but a date, possibly with a weekday, a time and a
   label (``شنبه ۲۴ آبان ۱۴۰۴``, ``۱۴۰۴/۰۶/۱۴ - ۱۳:۳۰:۲۴``, ``تاریخ انتشار: ...``);
3. a date followed by a clock time anywhere (``۲۷ اردیبهشت ۱۴۰۲ - ۱۲:۵۵``):
   stories do not write their own dates that way, pages do;
4. a date the story calls today (``امروز، شنبه ۲۴ آبان ۱۴۰۴``).

Any other date in the story (a deadline, an anniversary, ``جنگ ۱۲ روزه``) is
not the publication date, and an article without any of the above has no date.
"""

import datetime
import re

import jdatetime

from archive.jalali import MONTHS
from archive.persian import to_latin_digits

from .fields import NOTHING, Field

_WEEKDAYS = (
    "شنبه",
    "یکشنبه",
    "یک‌شنبه",
    "دوشنبه",
    "سه‌شنبه",
    "سه شنبه",
    "سهشنبه",
    "چهارشنبه",
    "چهار شنبه",
    "پنجشنبه",
    "پنج‌شنبه",
    "پنج شنبه",
    "جمعه",
)
# Month spellings people type: with Arabic ي/ك, without the ZWNJ-less variants that matter.
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(MONTHS)}
_MONTH_NUMBER.update({"امرداد": 5, "ارديبهشت": 2, "فروردين": 1, "دي": 10, "اسفندماه": 12})
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTH_NUMBER), key=len, reverse=True))
_WEEKDAY = "|".join(sorted((re.escape(w) for w in _WEEKDAYS), key=len, reverse=True))
_D = r"[0-9۰-۹٠-٩]"
_TIME = rf"(?:ساعت\s*)?{_D}{{1,2}}\s*:\s*{_D}{{2}}(?:\s*:\s*{_D}{{2}})?"
_SEP = r"\s*[-–—،,|/]?\s*"

_NAMED = rf"(?P<nday>{_D}{{1,2}})\s*(?P<nmonth>{_MONTH})(?:\s*ماه)?\s*(?P<nyear>{_D}{{4}})"
_NUMERIC = (
    rf"(?P<year>1[34]{_D}{{2}}|[۱١][۳۴٣٤]{_D}{{2}})"
    rf"\s*[/\-.]\s*(?P<month>{_D}{{1,2}})\s*[/\-.]\s*(?P<day>{_D}{{1,2}})"
)
_ISO = rf"(?P<gyear>(?:19|20){_D}{{2}})-(?P<gmonth>{_D}{{1,2}})-(?P<gday>{_D}{{1,2}})"
_DATE = rf"(?:(?:{_WEEKDAY})\s*[،,]?\s*)?(?:{_NAMED}|{_NUMERIC}|{_ISO})"

_LABEL = r"(?:تاریخ(?:\s*(?:انتشار|خبر|ثبت))?|زمان\s*انتشار|منتشر\s*شده(?:\s*در)?|انتشار)\s*[:：]?\s*"
_DATE_LINE = re.compile(rf"^\s*(?:{_LABEL})?{_DATE}(?:{_SEP}{_TIME})?\s*$")
_STAMP = re.compile(rf"{_DATE}{_SEP}{_TIME}")
_TODAY = re.compile(rf"امروز\s*[،,]?\s*(?:(?:{_WEEKDAY})\s*[،,]?\s*)?{_DATE}")
# The archive's own export header, ``date 2025-12-10``: the cleaner takes it off the text (one home).
DATE_HEADER = re.compile(rf"^\s*date\s+{_ISO}\s*", re.IGNORECASE)
_ANY_DATE = re.compile(_DATE)


def date_from_match(match: re.Match) -> datetime.date | None:
    """The Gregorian date a match of the patterns above names, or None if it is not a real date."""
    groups = {k: to_latin_digits(v) for k, v in match.groupdict().items() if v}
    try:
        if "nday" in groups:
            month = _MONTH_NUMBER[match.group("nmonth")]
            return _jalali(int(groups["nyear"]), month, int(groups["nday"]))
        if "year" in groups:
            return _jalali(int(groups["year"]), int(groups["month"]), int(groups["day"]))
        if "gyear" in groups:
            return datetime.date(int(groups["gyear"]), int(groups["gmonth"]), int(groups["gday"]))
    except (ValueError, KeyError):
        return None
    return None


def _jalali(year, month, day):
    if not 1300 <= year <= 1500:
        raise ValueError(year)
    return jdatetime.date(year, month, day).togregorian()


def is_date_line(line: str) -> bool:
    """Whether a line is nothing but a page's date stamp (it belongs to no paragraph)."""
    return len(line) <= 80 and bool(_DATE_LINE.match(line))


def parse_date(text: str) -> datetime.date | None:
    """A date written on its own, as in a jsonl ``date`` field (``۱۴۰۴/۰۶/۱۴ - ۱۳:۳۰:۲۴``)."""
    match = _DATE_LINE.match(text or "")
    return date_from_match(match) if match else None


def find_date(raw: str, story: str = "") -> Field:
    """The publication date of ``raw`` (the whole uploaded text), with its evidence.

    ``story`` is the cleaned story text; "today" dates are only looked for there.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    header = DATE_HEADER.match(text)
    if header:
        value = date_from_match(header)
        if value:
            return Field(value, header.group(0).strip(), 0.95)
    for line in text.split("\n"):
        match = _DATE_LINE.match(line) if is_date_line(line) else None
        if match and (value := date_from_match(match)):
            return Field(value, line.strip(), 0.9)
    for match in _STAMP.finditer(text):
        value = date_from_match(match)
        if value:
            return Field(value, match.group(0).strip(), 0.85)
    for match in _TODAY.finditer(story or text):
        value = date_from_match(match)
        if value:
            return Field(value, _sentence_around(story or text, match), 0.7)
    return NOTHING


def _sentence_around(text, match, width=120):
    start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
    end = match.end() + 40
    return text[start:end].strip()[: width + 60]

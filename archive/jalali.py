"""Jalali (Solar Hijri) calendar helpers on top of jdatetime. No Django imports."""

import datetime

import jdatetime

from .persian import to_latin_digits, to_persian_digits

MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


def to_jalali(value: datetime.date) -> jdatetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return jdatetime.date.fromgregorian(date=value)


def format_jalali(value: datetime.date | None) -> str:
    """``2025-11-15`` → ``۲۴ آبان ۱۴۰۴``; an empty date gives an empty string."""
    if value is None:
        return ""
    j = to_jalali(value)
    return to_persian_digits(f"{j.day} {MONTHS[j.month - 1]} {j.year}")


def format_jalali_numeric(value: datetime.date | None) -> str:
    """``2025-11-15`` → ``۱۴۰۴/۰۸/۲۴``."""
    if value is None:
        return ""
    j = to_jalali(value)
    return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")


def jalali_month_label(year: int, month: int) -> str:
    return to_persian_digits(f"{MONTHS[month - 1]} {year}")


def parse_jalali(text: str) -> datetime.date | None:
    """Parse a Jalali date typed as ``۱۴۰۴/۰۱/۰۱``, ``1404-1-1`` or ``١٤٠٤.١.١``.

    Returns the Gregorian date, or ``None`` if the text is not a valid Jalali date.
    """
    digits = to_latin_digits(text or "").strip()
    for sep in "-./ ":
        digits = digits.replace(sep, "/")
    parts = [p for p in digits.split("/") if p]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in parts)
    if year < 100:
        year += 1300
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None


def year_bounds(year: int) -> tuple[str, str]:
    """First and last day of a Jalali year, as ``yyyy/mm/dd`` (Latin digits)."""
    last = jdatetime.date(year + 1, 1, 1) - datetime.timedelta(days=1)
    return f"{year}/01/01", f"{last.year}/{last.month:02d}/{last.day:02d}"


# The Jalali years an editor can mean: the archive's statements are from the Islamic Republic's press
# (1358 on), with room for older history; a year after next year cannot be a publication date.
EARLIEST_YEAR = 1300


class JalaliDateError(ValueError):
    """A typed date that is not a Jalali date an editor can mean; ``str(error)`` is the Persian reason."""


def _parts(text: str) -> list[str]:
    digits = to_latin_digits(text or "").strip()
    for sep in "-./ ":
        digits = digits.replace(sep, "/")
    return [p for p in digits.split("/") if p]


def parse_jalali_strict(text: str, today: datetime.date | None = None) -> datetime.date | None:
    """A Jalali date typed by an editor, as the Gregorian date it means; ``None`` for an empty field.

    Accepts Persian, Arabic-Indic or Latin digits, ``/``, ``-`` or ``.`` between the parts, year first
    (``۱۴۰۴/۰۹/۱۹``, ``1404-9-19``) or last (``19/9/1404``). Raises :class:`JalaliDateError` with a
    Persian message for anything else, and for a year no editor can mean: a Gregorian date typed where
    a Jalali one is expected (``2025-12-10`` would be the year 2646), a year before 1300 or after next year.
    """
    if not (text or "").strip():
        return None
    example = "مثلاً ۱۴۰۴/۰۹/۱۹"
    parts = _parts(text)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise JalaliDateError(f"تاریخ را به صورت سال/ماه/روز خورشیدی بنویسید ({example}).")
    if len(parts[2]) == 4 and len(parts[0]) <= 2:
        parts.reverse()  # day/month/year
    year, month, day = (int(p) for p in parts)
    if len(parts[0]) != 4:
        raise JalaliDateError(f"سال را با چهار رقم بنویسید ({example}).")
    today = today or datetime.date.today()
    latest = to_jalali(today).year + 1
    if 1900 <= year <= 2100:
        hint = ""
        try:
            typed = to_persian_digits(f"{year}/{month}/{day}")
            meant = format_jalali_numeric(datetime.date(year, month, day))
            hint = f"؛ اگر {typed} میلادی است، خورشیدیِ آن {meant} است"
        except ValueError:
            pass
        raise JalaliDateError(
            f"سال {to_persian_digits(year)} در تقویم خورشیدی هنوز نیامده است (این تاریخ میلادی است){hint}. "
            f"تاریخ را خورشیدی بنویسید ({example})."
        )
    if not EARLIEST_YEAR <= year <= latest:
        raise JalaliDateError(
            f"سال {to_persian_digits(year)} پذیرفته نیست: سالی میان {to_persian_digits(EARLIEST_YEAR)} و "
            f"{to_persian_digits(latest)} بنویسید ({example})."
        )
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise JalaliDateError(
            f"{to_persian_digits(f'{year}/{month:02d}/{day:02d}')} روزی از تقویم خورشیدی نیست "
            f"(ماه ۱ تا ۱۲؛ شش ماه نخست ۳۱ روز، پنج ماه بعد ۳۰ روز، اسفند ۲۹ یا ۳۰ روز)."
        ) from None


def format_jalali_datetime(value: datetime.datetime | None) -> str:
    """A (local) date and time as ``۱۹ آذر ۱۴۰۴، ۱۲:۳۰``."""
    if value is None:
        return ""
    return f"{format_jalali(value)}، {to_persian_digits(value.strftime('%H:%M'))}"

"""Jalali (Solar Hijri) calendar helpers on top of jdatetime. No Django imports."""

import datetime

import jdatetime

from .persian import to_latin_digits, to_persian_digits

MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
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

"""Statements per Jalali month, laid out as a bar chart the templates draw as SVG.

Counts come in per day (from the database for an official's, office's or
place's page, from the search index for a search) and are grouped here into
Jalali months, with every month between the first and the last present (a
month without statements is a gap in the chart, not a missing bar).
Geometry is computed here so the template only writes numbers into SVG
attributes: no inline style, nothing for a script to do.
"""

import bisect
import datetime
from collections.abc import Callable
from dataclasses import dataclass

import jdatetime
from django.db.models import Count
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .jalali import MONTHS, jalali_month_label, to_jalali, year_bounds
from .persian import to_persian_digits

# Chart geometry, in SVG user units (one unit is one CSS pixel: the chart is
# drawn at its natural width and scrolls sideways inside its box on a phone).
STEP = 14  # horizontal room per month
BAR = 10  # bar width
STEP_NAMED = 56  # room per month when there are few months and each is named (اردیبهشت is ~50 px)
STEP_YEAR = 44  # room per year when a long range is folded into years (a year label is ~30 px)
FOLD_MONTHS = 48  # more months than this are drawn as years: 4 years of months fit a desktop page
LABEL_ROOM = 3  # a year label under the first month needs this many months before the next year's label
PLOT_HEIGHT = 110
TOP = 18  # room above the tallest bar for its value
BOTTOM = 26  # room under the baseline for labels
SIDE = 8


@dataclass
class Month:
    year: int
    month: int
    count: int
    url: str
    x: float = 0
    y: float = 0
    height: float = 0
    label: str = ""  # drawn under the bar ("" for most bars of a long chart)

    @property
    def name(self):
        if not self.month:  # a whole year (a long range folded into years)
            return to_persian_digits(self.year)
        return jalali_month_label(self.year, self.month)

    @property
    def center(self):
        return self.x + BAR / 2


@dataclass
class Timeline:
    months: list[Month]
    width: int
    height: int
    baseline: int
    max_count: int
    by_year: bool = False  # a long range: one bar per Jalali year

    @property
    def unit(self):
        return "سال" if self.by_year else "ماه"

    @property
    def scrolls(self):
        """Wider than a phone's column: the page says the older part is further along."""
        return self.width > 340

    @property
    def total(self):
        return sum(m.count for m in self.months)

    @property
    def active_months(self):
        """Months with at least one statement, newest first (the table under the chart)."""
        return [m for m in reversed(self.months) if m.count]

    @property
    def first(self):
        return self.months[0]

    @property
    def last(self):
        return self.months[-1]

    @property
    def max_label(self):
        return to_persian_digits(str(self.max_count))

    def svg(self):
        """The chart as inline SVG (escaped; no style attributes, so the CSP's ``style-src 'self'`` holds).

        Written here rather than in the template: a ten-year chart has 120
        months, and the template engine spent ~20 ms a page drawing them.
        """
        bars = []
        for m in self.months:
            if m.count:
                label = f"{m.name}: {to_persian_digits(str(m.count))} بیانیه"
                bars.append(
                    format_html(
                        '<a class="bar-link" href="{}" aria-label="{}"><title>{}</title>'
                        '<rect class="bar" x="{}" y="{}" width="{}" height="{}"></rect></a>',
                        m.url,
                        label,
                        label,
                        _n(m.x),
                        _n(m.y),
                        BAR,
                        _n(m.height),
                    )
                )
                if m.count == self.max_count:
                    bars.append(
                        format_html(
                            '<text class="bar-value" x="{}" y="{}" text-anchor="middle" '
                            'aria-hidden="true">{}</text>',
                            _n(m.center),
                            _n(m.y - 4),
                            self.max_label,
                        )
                    )
            if m.label:
                bars.append(
                    format_html(
                        '<text class="tick" x="{}" y="{}" text-anchor="middle" aria-hidden="true">{}</text>',
                        _n(m.center),
                        self.baseline + 17,
                        m.label,
                    )
                )
        return format_html(
            '<svg class="timeline-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" '
            'height="{}" role="group" aria-labelledby="timeline-caption">'
            '<line class="axis" x1="0" x2="{}" y1="{}" y2="{}"></line>{}</svg>',
            self.width,
            self.height,
            self.width,
            self.height,
            self.width,
            self.baseline,
            self.baseline,
            mark_safe("".join(bars)),  # each piece built by format_html above
        )


def _n(value: float) -> str:
    """A coordinate as SVG wants it: Latin digits, a dot, no trailing ``.0``."""
    return f"{value:.1f}".removesuffix(".0")


def month_bounds(year: int, month: int) -> tuple[str, str]:
    """First and last day of a Jalali month as ``yyyy/mm/dd`` (Latin digits, as the search form takes)."""
    following = jdatetime.date(year + (month == 12), month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return f"{year}/{month:02d}/01", f"{last.year}/{last.month:02d}/{last.day:02d}"


def month_counts(day_counts: dict[datetime.date, int]) -> list[tuple[int, int, int]]:
    """``{date: n}`` → ``[(jalali year, month, n), ...]`` from the first month to the last, gaps as 0.

    Each month's first day is converted once and every date placed by bisection,
    rather than converting thousands of dates (ten years of a common word) one by one.
    """
    days = {day: n for day, n in day_counts.items() if n}
    if not days:
        return []
    first, last = to_jalali(min(days)), to_jalali(max(days))
    months, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    starts = [jdatetime.date(y, m, 1).togregorian().toordinal() for y, m in months]
    counts = [0] * len(months)
    for day, n in days.items():
        counts[bisect.bisect_right(starts, day.toordinal()) - 1] += n
    return [(y, m, n) for (y, m), n in zip(months, counts, strict=True)]


def day_counts(queryset) -> dict[datetime.date, int]:
    """Statements of ``queryset`` per day (undated ones left out), in one grouped query."""
    rows = queryset.exclude(date=None).order_by().values_list("date").annotate(n=Count("pk"))
    return dict(rows)


def year_counts(rows: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Month rows folded into ``(year, 0, n)`` rows, every year between the first and the last."""
    totals = {}
    for year, _month, n in rows:
        totals[year] = totals.get(year, 0) + n
    return [(year, 0, totals.get(year, 0)) for year in range(rows[0][0], rows[-1][0] + 1)]


def build(day_counts: dict[datetime.date, int], url_for: Callable[[str, str], str]) -> Timeline | None:
    """The chart for ``day_counts``; ``url_for(date_from, date_to)`` links a bar to its statements.

    Months run right to left (the oldest on the right, as Persian text reads); the template's scroll box
    starts at the left, so the newest months are in view without scrolling. More than ``FOLD_MONTHS``
    months are folded into one bar per year. Labels are placed so that no two can overlap.
    """
    rows = month_counts(day_counts)
    if not rows:
        return None
    by_year = len(rows) > FOLD_MONTHS
    if by_year:
        rows = year_counts(rows)
    named = not by_year and len(rows) <= 12
    step = STEP_YEAR if by_year else STEP_NAMED if named else STEP
    width = SIDE * 2 + step * len(rows)
    baseline = TOP + PLOT_HEIGHT
    top = max(n for _, _, n in rows)
    months = []
    for i, (year, month, n) in enumerate(rows):
        start, end = year_bounds(year) if by_year else month_bounds(year, month)
        slot_right = width - SIDE - i * step
        item = Month(year, month, n, url_for(start, end))
        item.x = slot_right - step / 2 - BAR / 2
        item.height = round(PLOT_HEIGHT * n / top, 1) if n else 0
        item.y = baseline - item.height
        if by_year:
            item.label = to_persian_digits(str(year))
        elif named:
            item.label = MONTHS[month - 1]
        elif month == 1 or (i == 0 and 13 - month >= LABEL_ROOM):
            # The first month's year only when the next Farvardin's label is far enough away (no ۱۳۸۶۱۳۸۵).
            item.label = to_persian_digits(str(year))
        months.append(item)
    return Timeline(months, width, baseline + BOTTOM, baseline, top, by_year)

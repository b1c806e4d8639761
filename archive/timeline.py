"""Statements per Jalali month, laid out as a bar chart the templates draw as SVG.

Counts come in per day (from the database for an official's, office's or
place's page, from the search index for a search) and are grouped here into
Jalali months, with every month between the first and the last present (a
month without statements is a gap in the chart, not a missing bar).
Geometry is computed here so the template only writes numbers into SVG
attributes: no inline style, nothing for a script to do.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import jdatetime
from django.db.models import Count

from .jalali import MONTHS, jalali_month_label, to_jalali
from .persian import to_persian_digits

# Chart geometry, in SVG user units (one unit is one CSS pixel: the chart is
# drawn at its natural width and scrolls sideways inside its box on a phone).
STEP = 14  # horizontal room per month
BAR = 10  # bar width
STEP_NAMED = 44  # room per month when there are few months and each is named
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


def month_bounds(year: int, month: int) -> tuple[str, str]:
    """First and last day of a Jalali month as ``yyyy/mm/dd`` (Latin digits, as the search form takes)."""
    following = jdatetime.date(year + (month == 12), month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return f"{year}/{month:02d}/01", f"{last.year}/{last.month:02d}/{last.day:02d}"


def month_counts(day_counts: dict[datetime.date, int]) -> list[tuple[int, int, int]]:
    """``{date: n}`` → ``[(jalali year, month, n), ...]`` from the first month to the last, gaps as 0."""
    by_month = Counter()
    for day, n in day_counts.items():
        j = to_jalali(day)
        by_month[(j.year, j.month)] += n
    by_month = {key: n for key, n in by_month.items() if n}
    if not by_month:
        return []
    (year, month), end = min(by_month), max(by_month)
    rows = []
    while (year, month) <= end:
        rows.append((year, month, by_month.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def day_counts(queryset) -> dict[datetime.date, int]:
    """Statements of ``queryset`` per day (undated ones left out), in one grouped query."""
    rows = queryset.exclude(date=None).order_by().values_list("date").annotate(n=Count("pk"))
    return dict(rows)


def build(day_counts: dict[datetime.date, int], url_for: Callable[[str, str], str]) -> Timeline | None:
    """The chart for ``day_counts``; ``url_for(date_from, date_to)`` links a month to its statements.

    Months run right to left (the oldest on the right, as Persian text reads).
    """
    rows = month_counts(day_counts)
    if not rows:
        return None
    named = len(rows) <= 12
    step = STEP_NAMED if named else STEP
    width = SIDE * 2 + step * len(rows)
    baseline = TOP + PLOT_HEIGHT
    top = max(n for _, _, n in rows)
    months = []
    for i, (year, month, n) in enumerate(rows):
        start, end = month_bounds(year, month)
        slot_right = width - SIDE - i * step
        item = Month(year, month, n, url_for(start, end))
        item.x = slot_right - step / 2 - BAR / 2
        item.height = round(PLOT_HEIGHT * n / top, 1) if n else 0
        item.y = baseline - item.height
        if named:
            item.label = MONTHS[month - 1]
        elif month == 1 or i == 0:
            item.label = to_persian_digits(str(year))
        months.append(item)
    return Timeline(months, width, baseline + BOTTOM, baseline, top)

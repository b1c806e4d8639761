"""Timelines of issue 16: long ranges folded into years, labels that never overlap, newest in view."""

import datetime

import jdatetime

from archive import timeline

URL = "/search/?date_from={}&date_to={}".format


def monthly(first, n_months, count=1):
    """A statement count on the same day of ``n_months`` consecutive Jalali months from ``first``."""
    start, days = jdatetime.date.fromgregorian(date=first), {}
    for i in range(n_months):
        year, month = start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1
        days[jdatetime.date(year, month, min(start.day, 29)).togregorian()] = count + i % 3
    return days


def label_boxes(chart, char_px=6.5):
    """Each label's horizontal extent at the chart's 11 px tick font (a Persian digit or letter is < 6.5
    px)."""
    return sorted(
        (m.center - len(m.label) * char_px / 2, m.center + len(m.label) * char_px / 2)
        for m in chart.months
        if m.label
    )


def test_a_long_range_is_folded_into_years():
    chart = timeline.build(monthly(datetime.date(2006, 3, 25), 226), URL)  # the 226 months
    assert chart.by_year and chart.unit == "سال"
    assert [m.year for m in chart.months] == list(range(1385, 1385 + len(chart.months)))
    assert chart.width <= 1120  # fits the desktop column (3,166 px before)
    assert all(m.label == timeline.to_persian_digits(m.year) for m in chart.months)
    first = chart.months[0]
    assert first.url == URL("1385/01/01", "1385/12/29") and first.name == "۱۳۸۵"
    assert chart.total == sum(monthly(datetime.date(2006, 3, 25), 226).values())


def test_up_to_four_years_stay_monthly():
    chart = timeline.build(monthly(datetime.date(2021, 3, 21), 48), URL)
    assert not chart.by_year and len(chart.months) == 48


def test_labels_never_overlap():
    for first in (datetime.date(2007, 2, 25), datetime.date(2007, 3, 5), datetime.date(2010, 9, 1)):
        for n in (13, 30, 47, 200):
            chart = timeline.build(monthly(first, n), URL)
            boxes = label_boxes(chart)
            assert all(a[1] + 2 <= b[0] for a, b in zip(boxes, boxes[1:], strict=False)), (first, n, boxes)
    # The ۱۳۸۶۱۳۸۵: Esfand 1385 then Farvardin 1386 both labelled.
    chart = timeline.build(monthly(datetime.date(2007, 3, 1), 20), URL)
    assert [m.label for m in chart.months[:2]] == ["", "۱۳۸۶"]
    # Few months: each named, and the longest name fits its slot.
    chart = timeline.build(monthly(datetime.date(2025, 3, 21), 12), URL)
    boxes = label_boxes(chart)
    assert all(a[1] + 2 <= b[0] for a, b in zip(boxes, boxes[1:], strict=False)), boxes


def test_the_newest_bar_is_at_the_left_end_where_the_scroll_box_starts():
    chart = timeline.build(monthly(datetime.date(2019, 3, 21), 40), URL)
    newest = chart.months[-1]
    assert newest.x == min(m.x for m in chart.months) and newest.x < timeline.STEP
    assert chart.scrolls

"""Rules with one home, read by two layers that must agree (issue 18).

Letter folding (name keys and index terms) is tested in tests/test_persian.py.
"""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.template.loader import render_to_string

from archive.ingest import fields
from archive.models import Article
from archive.search.vector import PLAUSIBLE_DATES, plausible_date


def _reviewed(confidences):
    """An article whose stored extraction has a speaker and an office at the given confidences."""
    article = Article.objects.published().first()
    article.extraction = {
        "speaker": {"value": "وحید گلی کانی", "evidence": "گلی کانی", "confidence": confidences[0]},
        "office": {"value": "فرماندار", "evidence": "فرماندار", "confidence": confidences[1]},
        "place": {"value": None, "evidence": "", "confidence": 0.0},
    }
    return article


def _marked_in_upload_results(article):
    html = render_to_string(
        "admin/archive/article/upload_results.html",
        {
            "results": [
                SimpleNamespace(name="a.txt", status="created", article=article, near_duplicate_of=None)
            ]
        },
    )
    return [value for value in ("وحید گلی کانی", "فرماندار") if f'class="extract-low">{value}<' in html]


def _marked_in_admin_form(article):
    html = str(admin.site._registry[Article].extracted(article))
    return [
        value
        for value in ("وحید گلی کانی", "فرماندار")
        if re.search(f'class="extract-low"><th>[^<]*</th><td>{value}<', html)
    ]


@pytest.mark.parametrize("threshold", [fields.LOW_CONFIDENCE, 0.95])
def test_upload_results_and_the_review_form_mark_the_same_uncertain_fields(db, monkeypatch, threshold):
    monkeypatch.setattr(fields, "LOW_CONFIDENCE", threshold)
    article = _reviewed((threshold - 0.01, threshold))
    expected = ["وحید گلی کانی"]  # just under the threshold; the office is at it
    assert _marked_in_upload_results(article) == expected
    assert _marked_in_admin_form(article) == expected
    article = _reviewed((0.9, 0.3) if threshold < 0.9 else (0.97, 0.3))
    assert _marked_in_upload_results(article) == _marked_in_admin_form(article) == ["فرماندار"]


def test_plausible_date_clamps_to_the_window():
    first, last = PLAUSIBLE_DATES
    assert plausible_date(datetime.date(1404, 1, 1)) == first
    assert plausible_date(datetime.date(2025, 12, 10)) == datetime.date(2025, 12, 10)
    assert plausible_date(datetime.date(9000, 1, 1)) == last


def test_a_date_filter_and_the_day_counts_share_the_plausible_window(db, committed):
    """A statement dated just outside the window (a placeholder) is in neither the clamped date filter
    nor the engine's day counts; one on the window's first day is in both."""
    from archive.search.service import build_request, run_search

    template = Article.objects.published().first()
    with committed():
        for index, day in enumerate((PLAUSIBLE_DATES[0] - datetime.timedelta(days=1), PLAUSIBLE_DATES[0])):
            template.pk = None
            template.fingerprint = f"{index}" * 64
            template.date = day
            template.save()
    outcome = run_search(build_request({"date_from": "0300/01/01"}))
    dated = Article.objects.published().filter(date__gte=PLAUSIBLE_DATES[0]).count()
    assert outcome.total == dated == sum(outcome.day_counts.values())
    assert outcome.day_counts[PLAUSIBLE_DATES[0]] == 1
    assert run_search(build_request({})).total == dated + 1 + Article.objects.filter(date=None).count()

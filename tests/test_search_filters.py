"""The declared table of search filters (archive.search.filters) and its first new entry, issue 16's
«فقط بیانیه‌های مقام‌ها»: statements by a named official only, on the search page and the API."""

import re

import pytest
from whoosh import index as whoosh_index

from archive.models import Article, Place
from archive.search.backend import IdListField
from archive.search.filters import BY_PARAM, FILTERS
from archive.search.service import FACET_FIELDS, LINK_PARAMS, SearchForm

from .helpers import api

ONLY = "officials_only"


@pytest.fixture
def unattributed(db, committed):
    """Two published news items with no named speaker (one in Qom), beside the five seeds."""
    seeds = list(Article.objects.published().order_by("pk"))
    qom = Place.objects.get(slug="استان-قم")
    with committed():
        for index, seed in enumerate(seeds[:2]):
            seed.pk = None
            seed.fingerprint = str(index) * 64
            seed.speaker = None
            seed.office = None
            seed.place = qom if index == 0 else seed.place
            seed.title = f"خبر بی‌گوینده {index}"
            seed.save()
    return Article.objects.published().filter(speaker=None)


def test_every_filter_is_a_parameter_an_index_field_of_ids_and_a_facet_if_declared(db, search_index):
    schema = whoosh_index.open_dir(search_index).schema  # as the index on disk was built
    for search_filter in FILTERS:
        assert search_filter.param in SearchForm.base_fields and search_filter.param in LINK_PARAMS
        assert isinstance(schema[search_filter.index_field], IdListField), search_filter.index_field
        assert (search_filter.index_field in FACET_FIELDS) == search_filter.facet
    assert "province" not in schema.names()  # written for every statement and never queried: gone


def test_only_officials_on_the_api_counts_right(client, unattributed):
    published = Article.objects.published()
    assert unattributed.count() == 2
    assert api(client)["total"] == published.count()
    data = api(client, per_page=100, **{ONLY: "1"})
    assert data["total"] == published.by_named_officials().count() == published.count() - 2
    assert all(hit["speaker"] for hit in data["results"])
    assert not data["messages"]


def test_only_officials_combines_with_a_query_and_other_filters(client, unattributed):
    query = "روابط عمومی"
    everything = {hit["id"] for hit in api(client, q=query, per_page=100)["results"]}
    unnamed = set(unattributed.values_list("pk", flat=True))
    assert unnamed <= everything
    named = api(client, q=query, per_page=100, **{ONLY: "1"})
    assert {hit["id"] for hit in named["results"]} == everything - unnamed
    assert named["total"] == len(everything - unnamed)
    qom = Place.objects.get(slug="استان-قم")
    in_qom = Article.objects.published().in_place(qom)
    assert api(client, place=qom.slug)["total"] == in_qom.count()
    both = api(client, place=qom.slug, **{ONLY: "1"})
    assert both["total"] == in_qom.by_named_officials().count() == in_qom.count() - 1


def test_only_officials_on_the_search_page(client, unattributed):
    page = client.get("/search/", {"q": "روابط عمومی"}).content.decode()
    assert f'name="{ONLY}" value="1">' in page and "فقط بیانیه‌های مقام‌ها" in page
    assert "خبر بدون گویندهٔ نام‌برده" in page
    named = Article.objects.published().by_named_officials()
    page = client.get("/search/", {"q": "روابط عمومی", ONLY: "1"}).content.decode()
    assert f'name="{ONLY}" value="1" checked>' in page
    search_form = re.search(r'<form class="big-search".*?</form>', page, re.S).group(0)
    assert f'type="hidden" name="{ONLY}"' not in search_form  # unticking the box turns it off
    # The alert box («خبرم کن») under the results follows the same search, the filter included.
    assert f'type="hidden" name="{ONLY}" value="1"' in page.replace(search_form, "")
    assert "خبر بدون گویندهٔ نام‌برده" not in page
    assert f"{len(named)} بیانیه".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in page
    # An active filter, removable like the others; the other filters' links keep it.
    assert 'aria-label="برداشتن پالایهٔ فقط بیانیه‌های مقام‌ها"' in page
    links = re.findall(r'href="\?([^"]*)"', page)
    assert any("place=" in link and f"{ONLY}=1" in link for link in links)


def test_only_officials_reaches_feeds_and_exports(client, unattributed):
    import csv
    import io

    response = client.get("/search/export.csv", {ONLY: "1"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) - 1 == Article.objects.published().by_named_officials().count()


def test_a_yes_no_filter_with_another_value_is_dropped_with_a_message(client, unattributed):
    data = api(client, **{ONLY: "perhaps"})
    assert data["total"] == Article.objects.published().count()
    assert "یکی از پالایه‌ها شناخته نشد و کنار گذاشته شد." in data["messages"]
    assert BY_PARAM[ONLY].is_toggle


def test_an_alert_from_a_search_with_only_officials_keeps_the_filter(client, unattributed):
    from archive.alerts.scope import clean_scope, filtered, label, resolve, scope_for_feed

    scope = scope_for_feed("search", (), f"q=روابط+عمومی&{ONLY}=1")
    assert scope == clean_scope({"q": "روابط عمومی", ONLY: "1"}) == {"q": "روابط عمومی", ONLY: "1"}
    resolved = resolve(scope)
    assert "فقط بیانیه‌های مقام‌ها" in label(scope, resolved)
    published = Article.objects.published()
    assert set(filtered(published, resolved)) == set(published.by_named_officials())
    assert label({ONLY: "1"}) == "بیانیه‌ها، فقط بیانیه‌های مقام‌ها"
    assert set(filtered(published, resolve({}))) == set(published)

"""Search pages and API over the seeds: variants, operators, filters, sorting, bad input."""

import csv
import io
import re

import pytest

from archive.models import Article, Person, Place

from .helpers import api

Z = "\u200c"


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200, params
    return response.content.decode()


def titles(client, **params):
    return {hit["title"] for hit in api(client, per_page=100, **params)["results"]}


def speakers(client, **params):
    """The speakers of the statements holding every word of the query (partial matches follow them)."""
    return sorted(
        hit["speaker"] for hit in api(client, per_page=100, **params)["results"] if hit["all_words"]
    )


@pytest.mark.parametrize("query", ["اطلاع" + Z + "رسانی", "اطلاع رسانی", "اطلاعرسانی", "اطلاع‌رساني"])
def test_zwnj_variants_find_the_same_statements(client, db, query):
    # All five seeds mention it, with ZWNJ lost, with a space, or joined.
    assert api(client, q=query)["total"] == 5


@pytest.mark.parametrize(
    "query, expected",
    [
        ("خامسیان", ["علیرضا خامسیان"]),
        ("تحریم", ["علیرضا خامسیان"]),  # the text says تحریمهای
        ("فیبر نوری", ["سید ستار هاشمی"]),
        ("وحید گلی‌کانی", ["وحید گلی کانی", "وحید گلی کانی"]),
        ("فخری زاده", ["وحید گلی کانی"]),
        ("1401", ["وحید گلی کانی"]),
        ("۱۴۰۱", ["وحید گلی کانی"]),
        ("مؤثر", ["علیرضا خامسیان"]),
        ("رییس حوزه انتخابیه", ["وحید گلی کانی"]),
        ("حاج قاسم", ["احمد احمدی صدر"]),
    ],
)
def test_queries_find_the_right_officials(client, db, query, expected):
    assert speakers(client, q=query) == expected


def test_no_over_matching(client, db):
    # شهر appears on its own only as the agency name of the Tehran statement;
    # شهرستان and شهرداری elsewhere must not count.
    assert speakers(client, q="شهر") == ["احمد احمدی صدر"]
    assert api(client, q="فرمانداری")["total"] == 2
    # انتخابات (elections) is in the two Qods statements; انتخاب (choice) in 000 and 004.
    assert {h["id"] for h in api(client, q="انتخابات")["results"]} != {
        h["id"] for h in api(client, q="انتخاب")["results"]
    }
    assert speakers(client, q="انتخاب") == ["علیرضا خامسیان", "وحید گلی کانی"]


def test_phrase_exclusion_and_or(client, db):
    assert speakers(client, q='"هوش مصنوعی"') == ["سید ستار هاشمی"]
    assert speakers(client, q='"مصنوعی هوش"') == []
    everyone = api(client, q="روابط عمومی")["total"]
    assert api(client, q="روابط عمومی -قدس")["total"] == everyone - 2
    assert speakers(client, q="خامسیان OR هاشمی") == ["سید ستار هاشمی", "علیرضا خامسیان"]


def test_filters_combine_and_counts_show(client, db):
    tehran = Place.objects.get(kind="province", name="تهران")
    assert api(client, q="روابط عمومی", place=tehran.slug)["total"] == 3
    person = Person.objects.get(name="وحید گلی کانی")
    assert api(client, q="روابط", place=tehran.slug, official=person.slug)["total"] == 2
    page = search(client, q="روابط عمومی")
    assert "استان تهران" in page and "وحید گلی کانی" in page
    # The active filter can be removed.
    page = search(client, q="روابط", official=person.slug)
    assert "برداشتن پالایهٔ وحید گلی کانی" in page


def test_jalali_date_range(client, db):
    assert api(client, date_from="۱۴۰۴/۰۱/۰۱")["total"] == 2
    assert api(client, date_from="1404-1-1", date_to="1404-8-30")["total"] == 1
    assert api(client, date_to="1402/12/29")["total"] == 1
    data = api(client, date_from="not a date")
    assert data["total"] == 5 and data["messages"]


def test_sorting_newest_and_oldest_put_undated_last(client, db):
    newest = [hit["date"] for hit in api(client, sort="newest")["results"]]
    assert newest == ["2025-12-10", "2025-11-15", "2023-05-17", None, None]
    oldest = [hit["date"] for hit in api(client, sort="oldest")["results"]]
    assert oldest == ["2023-05-17", "2025-11-15", "2025-12-10", None, None]


def test_pagination_total_is_right(client, db):
    first = api(client, q="روابط", per_page=2)
    assert first["total"] == 5 and first["num_pages"] == 3 and len(first["results"]) == 2
    last = api(client, q="روابط", per_page=2, page=3)
    assert len(last["results"]) == 1
    seen = {h["id"] for p in (1, 2, 3) for h in api(client, q="روابط", per_page=2, page=p)["results"]}
    assert len(seen) == 5
    assert api(client, per_page=1000)["per_page"] == 100


def test_api_fields(client, db):
    hit = api(client, q="خامسیان")["results"][0]
    assert hit["speaker"] == "علیرضا خامسیان"
    assert hit["place"] == "قم" and hit["province"] == "قم"
    assert hit["date"] == "2025-12-10" and hit["date_jalali"] == "1404/09/19"
    assert hit["permalink"].endswith(f"/statements/{hit['id']}/")
    assert "<mark>خامسیان</mark>" in hit["snippet"]


def test_highlight_marks_whatever_spelling_matched(client, db):
    page = search(client, q="اطلاع رسانی")
    marks = set(re.findall(r"<mark>([^<]*)</mark>", page))
    assert "اطلاعرسانی" in marks and "اطلاع" in marks
    page = search(client, q="مدیر")
    assert "<mark>مدیران</mark>" in page


def test_did_you_mean(client, db):
    page = search(client, q="خامسیاان")
    assert "منظورتان" in page and "خامسیان" in page
    assert api(client, q="روابت عمومی")["suggestion"] == "روابط عمومی"


def test_empty_query_shows_latest(client, db):
    page = search(client)
    assert "۵ بیانیه" in page
    assert api(client)["results"][0]["date"] == "2025-12-10"


@pytest.mark.parametrize(
    "query",
    [
        '"روابط',
        "روابط)",
        "((روابط",
        "AND",
        "OR",
        "NOT",
        "AND OR NOT",
        "*",
        "?",
        "title:test",
        "speaker:4",
        "a",
        "و",
        "-",
        "--",
        '""',
        "\x00\x01روابط\x7f",
        "روابط " * 2000,
        "\u202eروابط",
        "[1 TO 5]",
        "~2",
        "^3",
        "<script>alert(1)</script>",
        "%",
        "\\",
        "' OR 1=1 --",
    ],
)
def test_bad_queries_never_fail(client, db, query):
    search(client, q=query)
    data = api(client, q=query)
    assert isinstance(data["total"], int)


def test_bad_parameters_never_fail(client, db):
    for params in (
        {"page": "abc"},
        {"page": "-5"},
        {"page": "99999999999999999999"},
        {"per_page": "0"},
        {"sort": "DROP"},
        {"official": "nobody"},
        {"place": "x" * 3000},
        {"date_to": "1404/13/40"},
    ):
        search(client, **params)
        api(client, **params)
    response = client.get("/search/?q=a&q=b&unknown=1&page=1&page=2")
    assert response.status_code == 200


def test_results_escape_uploaded_html(client, db, committed):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    article.title = 'خبر <script>alert("x")</script> فیبر'
    article.body = article.body + "\n<img src=x onerror=alert(1)> فیبر"
    with committed():
        article.save()
    page = search(client, q="فیبر")
    assert "<script>alert" not in page and "<img src=x" not in page
    hit = api(client, q="فیبر")["results"][0]
    assert "<img" not in hit["snippet"]


def test_publish_edit_unpublish_delete_reach_the_index(admin_client, client, db, committed):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    # Unpublish in the admin: gone from search at once.
    url = f"/admin/archive/article/{article.pk}/change/"
    form = {
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "status": "draft",
        "speaker": article.speaker_id,
        "office": article.office_id,
        "place": "",
        "date": "1404/08/24",
        "agency": article.agency_id,
        "attribution": article.attribution,
        "source_url": "",
        "news_code": "",
    }
    with committed():
        assert admin_client.post(url, form).status_code == 302
    assert api(client, q="فیبر")["total"] == 0
    # Publish again with an edited title: found by the new word.
    form.update(status="published", title="وزیر ارتباطات: زیرساخت کوانتومی")
    with committed():
        assert admin_client.post(url, form).status_code == 302
    assert api(client, q="کوانتومی")["total"] == 1
    # Renaming the speaker reaches the index too.
    person = article.speaker
    person.name = "ستار هاشمی‌پور"
    with committed():
        person.save()
    assert api(client, q="هاشمی‌پور")["total"] == 1
    assert api(client, q="کوانتومی")["total"] == 1  # replaced, not indexed twice
    with committed():
        article.delete()
    assert api(client, q="کوانتومی")["total"] == 0


def test_related_statements_on_article_page(client, db):
    article = Article.objects.filter(speaker__name="وحید گلی کانی").first()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "بیانیه‌های مرتبط" in page
    related = re.search(r"بیانیه‌های مرتبط.*?</section>", page, re.S).group(0)
    assert "وحید گلی کانی" in related  # the other Qods statement


def test_scoped_search_box_on_official_page(client, db):
    person = Person.objects.get(name="وحید گلی کانی")
    page = client.get(person.get_absolute_url()).content.decode()
    assert f'name="official" value="{person.slug}"' in page


def test_rebuild_and_update_index_commands(db):
    from django.core.management import call_command
    from haystack.query import SearchQuerySet

    call_command("rebuild_index", interactive=False, verbosity=0)
    assert SearchQuerySet().count() == 5
    call_command("update_index", verbosity=0)  # re-indexing replaces documents
    assert SearchQuerySet().count() == 5
    Article.objects.filter(speaker__name="سید ستار هاشمی").update(status="draft")
    call_command("update_index", remove=True, verbosity=0)
    assert SearchQuerySet().count() == 4


def test_sync_index_rebuilds_an_index_built_with_other_fields(db, search_index):
    from django.core.management import call_command
    from haystack import connections
    from haystack.query import SearchQuerySet
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema

    backend = connections["default"].get_backend()
    assert backend.schema_is_current()
    # An index left by an older version of the fields: same names, other types.
    old = Schema(
        id=ID(stored=True, unique=True),
        django_ct=ID(stored=True),
        django_id=ID(stored=True),
        text=TEXT(),
        speaker=ID(stored=True, sortable=True),
    )
    whoosh_index.create_in(str(search_index), old)
    backend = connections.reload("default").get_backend()
    assert not backend.schema_is_current()
    backend.batch_size = 1  # one commit per statement, merged at the end
    call_command("sync_index", verbosity=0)
    backend = connections.reload("default").get_backend()
    assert backend.schema_is_current()
    assert len(whoosh_index.open_dir(str(search_index)).reader().leaf_readers()) == 1  # merged
    assert SearchQuerySet().filter(content="اطلاعرسانی").count() == 5


def test_an_index_built_by_an_older_analyzer_is_not_current(db, search_index):
    import copy

    from haystack import connections
    from whoosh import index as whoosh_index

    from archive.search import analysis

    backend = connections["default"].get_backend()
    backend.setup()
    assert backend.schema_is_current()
    schema = copy.deepcopy(backend.schema)  # Schema.copy() shares the field instances
    for name in schema.names():
        analyzer = getattr(schema[name], "analyzer", None)
        if isinstance(analyzer, analysis.PersianTokenizer):
            analyzer.version = analysis.ANALYZER_VERSION - 1  # as pickled before this version
    whoosh_index.create_in(str(search_index), schema)
    backend = connections.reload("default").get_backend()
    assert not backend.schema_is_current()


def _facet_counts(params):
    from archive.search.service import build_request, run_search

    outcome = run_search(build_request(params))
    return outcome.total, {
        kind: {str(obj): n for obj, n in items} for kind, items in outcome.facets.items() if kind != "year"
    }


def test_facet_counts_match_the_database_and_follow_new_segments(db, committed):
    total, facets = _facet_counts({"q": "روابط عمومی"})
    assert total == 5
    assert facets["official"] == {
        "وحید گلی کانی": 2,
        "علیرضا خامسیان": 1,
        "سید ستار هاشمی": 1,
        "احمد احمدی صدر": 1,
    }
    assert facets["place"] == {"استان تهران": 3, "استان قم": 1}
    # A statement published later lands in a new index segment; counts include it.
    article = Article.objects.get(speaker__name="علیرضا خامسیان")
    article.pk = None
    article.fingerprint = "x" * 64
    article.speaker = Person.objects.get(name="وحید گلی کانی")
    with committed():
        article.save()
    total, facets = _facet_counts({"q": "روابط عمومی"})
    assert total == 6
    assert facets["official"]["وحید گلی کانی"] == 3
    assert facets["place"] == {"استان تهران": 3, "استان قم": 2}
    # Within a filter, only the filtered statements are counted.
    total, facets = _facet_counts({"q": "روابط عمومی", "place": "استان-قم"})
    assert total == 2 and facets["official"] == {"وحید گلی کانی": 1, "علیرضا خامسیان": 1}


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        ("1402/02/01", "1404/08/30"),
        ("1402/03/01", "1404/09/19"),
        ("1401/01/01", "1403/12/30"),
        ("1402/02/27", "1402/02/27"),
        ("1404/09/19", "1402/02/27"),
        ("1400/01/01", "1404/12/29"),
        ("1402/02/28", "1404/08/23"),
        ("1404/08/24", "1404/09/18"),
    ],
)
def test_date_ranges_across_jalali_years_match_the_database(client, db, date_from, date_to):
    from archive.jalali import parse_jalali

    low, high = sorted([parse_jalali(date_from), parse_jalali(date_to)])
    expected = Article.objects.published().filter(date__range=(low, high)).count()
    assert api(client, date_from=date_from, date_to=date_to)["total"] == expected


def test_kept_searcher_follows_a_rebuild_and_an_unpublish(client, db, committed):
    from django.core.management import call_command

    assert api(client, q="روابط عمومی")["total"] == 5  # opens the long-lived searcher
    Article.objects.filter(speaker__name="سید ستار هاشمی").update(status="draft")
    call_command("rebuild_index", interactive=False, verbosity=0)  # deletes the files under it
    assert api(client, q="روابط عمومی")["total"] == 4
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    article.status = "published"
    with committed():
        article.save()
    assert api(client, q="روابط عمومی")["total"] == 5


def test_a_failed_commit_releases_the_write_lock(client, db, monkeypatch):
    """A full disk fails the commit; the next write (haystack's retry, the next publish) must not wait for a
    lock."""
    import errno

    import whoosh.writing
    from haystack import connections

    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    article = Article.objects.published().first()

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(whoosh.writing.SegmentWriter, "commit", disk_full)
    with pytest.raises(OSError) as failure:  # kept, as haystack's retry loop keeps it: the writer stays alive
        backend.update(index, [article])
    monkeypatch.undo()
    assert failure.traceback
    lock = backend.index.storage.lock("MAIN_WRITELOCK")
    assert lock.acquire(blocking=False), "the failed writer kept the index's write lock"
    lock.release()
    backend.update(index, [article])
    assert article.pk in [hit["id"] for hit in api(client, q=article.title)["results"]]


def test_sync_index_leaves_an_index_in_line_untouched_and_repairs_one_that_is_not(db, search_index):
    """`make run` runs it at every start: it must not rewrite the index when nothing changed."""
    from django.core.management import call_command
    from haystack import connections
    from haystack.query import SearchQuerySet
    from whoosh import index as whoosh_index

    from archive.management.commands.check_index import compare

    def generation():
        return whoosh_index.open_dir(str(search_index)).latest_generation()

    before = generation()
    call_command("sync_index", verbosity=0)
    assert generation() == before
    # A published statement the index lost (its queue row gone too, as after restoring an old index).
    article = Article.objects.published().first()
    connections["default"].get_backend().remove(article)
    assert article.pk not in {int(r.pk) for r in SearchQuerySet().all()[:100]}
    call_command("sync_index", verbosity=0)
    assert generation() > before + 1
    assert article.pk in {int(r.pk) for r in SearchQuerySet().all()[:100]} and compare().clean


def test_a_search_while_another_process_rebuilds_the_index_from_nothing_has_no_results(
    client, db, search_index
):
    import shutil

    assert api(client, q="روابط عمومی")["total"] > 0  # the worker has its index open
    # rebuild_index in another process clears the index: its files are gone for a moment.
    shutil.rmtree(search_index)
    search_index.mkdir()
    response = client.get("/api/search", {"q": "روابط عمومی"})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/search/", {"q": "روابط عمومی"}).status_code == 200


# Reader semantics: every word first, then most words -------------------------------------------


def test_three_words_with_one_missing_find_partial_matches_marked_below(client, db):
    data = api(client, q="خامسیان تحریم واژهایکهنیست")
    assert data["total"] >= 1 and data["all_words_total"] == 0
    assert [hit["speaker"] for hit in data["results"]][0] == "علیرضا خامسیان"
    assert not any(hit["all_words"] for hit in data["results"])
    assert "نتایج با بیشتر واژه‌ها" in search(client, q="خامسیان تحریم واژهایکهنیست")
    # Two words are both required; so is every word of a phrase, and an exclusion stays one.
    assert api(client, q="خامسیان واژهایکهنیست")["total"] == 0
    assert api(client, q='"خامسیان واژهایکهنیست" تحریم روابط')["total"] == 0
    assert api(client, q="خامسیان تحریم واژهایکهنیست -خامسیان")["total"] == 0
    assert api(client, q="خامسیان OR واژهایکهنیست")["total"] == 1


def test_every_word_comes_before_most_words(client, db):
    data = api(client, q="روابط عمومی خامسیان", per_page=100)
    flags = [hit["all_words"] for hit in data["results"]]
    assert flags[0] and not flags[-1] and flags == sorted(flags, reverse=True)
    assert data["all_words_total"] == flags.count(True) == 1 and data["total"] == 5
    page = search(client, q="روابط عمومی خامسیان")
    assert page.index("علیرضا خامسیان") < page.index("نتایج با بیشتر واژه‌ها")
    # The same order with a date sort: partial matches still after every complete one.
    newest = api(client, q="روابط عمومی خامسیان", sort="newest")["results"]
    assert [hit["all_words"] for hit in newest] == flags


def test_when_few_hold_most_words_the_best_with_some_of_them_fill_the_results(client, db, monkeypatch):
    from archive.search import query

    q = "خامسیان واژهایکهنیست واژهدیگرینیست"  # no statement holds two of the three words
    data = api(client, q=q)
    assert data["total"] >= 1 and data["all_words_total"] == 0
    assert [hit["speaker"] for hit in data["results"]] == ["علیرضا خامسیان"] * data["total"]
    page = search(client, q=q)
    assert "نتایج با برخی از واژه‌ها" in page and "نتایج با بیشتر واژه‌ها" not in page
    # Both partial tiers, each under its heading: three of four words, then two of them.
    data = api(client, q="روابط عمومی خامسیان واژهایکهنیست")
    assert data["all_words_total"] == 0 and data["total"] == 5
    assert data["results"][0]["speaker"] == "علیرضا خامسیان"
    page = search(client, q="روابط عمومی خامسیان واژهایکهنیست")
    assert page.index("علیرضا خامسیان") < page.index("نتایج با برخی از واژه‌ها")
    assert page.index("نتایج با بیشتر واژه‌ها") < page.index("نتایج با برخی از واژه‌ها")
    # Up to the window, best first: every seed holds اطلاع, only the window's worth are shown.
    everything = api(client, q="اطلاع واژهایکهنیست واژهدیگرینیست")
    assert everything["total"] == 5 and everything["all_words_total"] == 0
    monkeypatch.setattr(query, "SOME_WORDS_WINDOW", 2)
    cut = api(client, q="اطلاع واژهایکهنیست واژهدیگرینیست")
    assert cut["total"] == 2 and [h["id"] for h in cut["results"]] == [
        h["id"] for h in everything["results"][:2]
    ]
    # Statements with most words are never cut; when they fill the window, none with fewer join them.
    monkeypatch.setattr(query, "SOME_WORDS_WINDOW", 1)
    assert api(client, q="روابط عمومی خامسیان")["total"] == 5
    assert api(client, q="خامسیان تحریم واژهایکهنیست")["total"] == 1


def test_a_noun_and_its_relational_adjective_find_those_holding_one_of_them_below(client, db):
    # معاون سیاسی: one seed holds both words, three more hold معاون or سیاسی alone.
    data = api(client, q="معاون سیاسی", per_page=100)
    assert data["all_words_total"] == 1 and data["total"] == 4
    assert [hit["all_words"] for hit in data["results"]] == [True, False, False, False]
    page = search(client, q="معاون سیاسی")
    assert page.index("نتایج با برخی از واژه‌ها") > page.index("<mark>معاون</mark>")
    assert "نتایج با بیشتر واژه‌ها" not in page
    # Two nouns keep both required; a phrase, an exclusion and OR keep their strict meaning.
    assert api(client, q="معاون تحریم")["total"] == api(client, q="معاون تحریم")["all_words_total"] == 1
    assert api(client, q='"معاون سیاسی"')["total"] == api(client, q='"معاون سیاسی"')["all_words_total"]
    assert api(client, q="معاون سیاسی -تحریم")["total"] == 3  # خامسیان's, in the some-words tier, goes
    either = api(client, q="معاون OR سیاسی", per_page=100)
    assert either["total"] == 4 and all(hit["all_words"] for hit in either["results"])


def test_relational_adjectives_come_from_the_lexicon():
    from archive.search.query import is_relational_adjective, names_a_kind, parse_query

    # A tagged noun + ی, ‌ای (ای after ه) or یی (after ا, و) that hazm lists untagged or as an adjective.
    for word in ("فرنگی", "فرنگي", "جاده" + Z + "ای", "جادهای", "هوایی", "سیاسی", "انتظامی", "دانشجویی"):
        assert is_relational_adjective(word), word
    # Nouns of their own (کشتی, بازی), verb and function words, an ezafe after a vowel, a plural's
    # ezafe, and words with no ی.
    for word in [
        "کشتی",
        "بازی",
        "رفتی",
        "وقتی",
        "شورای",
        "فضای",
        "شهرهای",
        "مدال" + Z + "های",
        "مرغ",
        "مشهد",
    ]:
        assert not is_relational_adjective(word), word
    assert names_a_kind(["کشتی", "فرنگی"]) and names_a_kind(["تصادفات", "جاده" + Z + "ای"])
    assert not names_a_kind(["قیمت", "مرغ"]) and not names_a_kind(["شهردار", "مشهد"])
    assert not names_a_kind(["سیاسی", "فرنگی"]) and not names_a_kind(["آلودگی", "هوایی", "تهران"])
    assert (
        parse_query("كشتي فرنگي").loose()[1].fill_to == parse_query("خروج مرغ اردبیل").loose()[1].fill_to > 0
    )
    assert parse_query("قیمت مرغ").loose()[1].fill_to == parse_query("جشنواره فيلم").loose()[1].fill_to == 0
    # A surname that looks like one, after a given name (optional), is the only content word.
    assert parse_query("محمد خاتمی").loose()[1].fill_to == 0


def test_two_words_the_lexicon_writes_as_one_compound_are_read_as_it():
    from archive.search.query import Clause, parse_query

    assert parse_query("کم آبی").groups == [[Clause("کم" + Z + "آبی")]]
    assert parse_query("بحران کم آبی تهران").groups == [
        [Clause("بحران"), Clause("کم" + Z + "آبی"), Clause("تهران")]
    ]
    # Not across another word, a quote, an exclusion or OR; not words the lexicon keeps apart.
    assert parse_query("کم و آبی").groups == [[Clause("کم"), Clause("آبی")]]
    assert parse_query('"کم آبی"').groups == [[Clause("کم آبی", True)]]
    assert parse_query("-کم آبی").groups == [[Clause("آبی")]]
    assert parse_query("کم OR آبی").groups == [[Clause("کم")], [Clause("آبی")]]
    assert parse_query("روابط عمومی").groups == [[Clause("روابط"), Clause("عمومی")]]


def test_a_compound_typed_apart_finds_it_written_any_way(client, db):
    assert api(client, q="اطلاع رسانی")["total"] == api(client, q="اطلاعرسانی")["total"] == 5


def test_honorifics_are_optional(client, db):
    assert speakers(client, q="دکتر خامسیان") == ["علیرضا خامسیان"]
    assert speakers(client, q="حجت‌الاسلام خامسیان") == ["علیرضا خامسیان"]


def test_low_content_words_come_from_data():
    from archive.search.query import low_content, minimum_should_match, parse_query

    assert low_content(["آیت", "الله", "سیستانی"]) == {0, 1}
    assert low_content(["حجت‌الاسلام", "والمسلمین", "رئیسی"]) == {0, 1}
    assert low_content(["سردار", "سلیمانی"]) == {0}
    assert low_content(["درباره", "تحریم", "نفت"]) == {0}  # hazm's stop words
    assert low_content(["کم", "آبی"], function_words=False) == set()
    # hazm's stop words that its lexicon tags only as nouns or adjectives carry content.
    assert low_content(["وزیر", "راه", "شهرسازی"]) == set()
    assert low_content(["چرا", "خروج", "مرغ", "ممنوع", "شد"]) == {0, 4}
    assert [minimum_should_match(n) for n in range(1, 10)] == [1, 2, 2, 3, 3, 4, 5, 6, 6]
    strict, loose = parse_query("دکتر روحانی درباره برجام").loose()
    assert loose.words == ("روحانی", "برجام") and set(loose.optional) == {"دکتر", "درباره"}
    assert strict.to_sq() is None
    assert parse_query("ایران OR عراق").loose()[1] is None


# Bounded queries: dates, words, alternatives, pages ---------------------------------------------

WIDE_DATES = [
    {"q": "گفت", "date_from": "1000/01/02", "date_to": "9000/12/28"},
    {"q": "گفت", "date_from": "0300/01/01"},
    {"q": "گفت", "date_from": "1300/01/01", "date_to": "9377/12/29"},
    {"q": "گفت", "date_to": "0300/01/01"},
]


@pytest.mark.parametrize("params", WIDE_DATES)
def test_wide_and_early_dates_answer_everywhere(client, db, params):
    from django.urls import reverse

    expected = Article.objects.published().filter(date__isnull=False).count()
    data = api(client, **params)
    assert data["total"] == (0 if "date_from" not in params else expected)
    assert any("محدود شد" in m for m in data["messages"])
    assert "محدود شد" in search(client, **params)
    for url in (
        reverse("archive:search-feed"),
        reverse("archive:search-feed-atom"),
        reverse("archive:search-export", args=["csv"]),
        reverse("archive:search-export", args=["json"]),
    ):
        response = client.get(url, params)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.strip()
        if url.endswith(".csv"):
            assert len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) == 1 + data["total"]


@pytest.mark.parametrize("params", WIDE_DATES + [{"date_from": "1402/01/01", "date_to": "1404/12/29"}])
def test_a_date_span_is_one_range(db, params):
    from archive.search.service import base_queryset, build_request

    built = base_queryset(build_request(params)).query.build_query()
    assert built.count("date:") == 1 and "year:" not in built


def test_query_limits_have_persian_messages(client, db):
    from archive.search.query import LIMIT_MESSAGES, MAX_ALTERNATIVES, MAX_WORDS, parse_query
    from archive.search.service import MAX_PAGE, PAGE_MESSAGE

    long_query = " ".join(["خامسیان"] + [f"واژه{n}" for n in range(30)])
    parsed = parse_query(long_query)
    assert parsed.limited == ["words"] and len(parsed.positive_words()) == MAX_WORDS
    assert LIMIT_MESSAGES["words"] in api(client, q=long_query)["messages"]
    many_or = " OR ".join(f"واژه{n}" for n in range(20))
    parsed = parse_query(many_or)
    assert parsed.limited == ["alternatives"] and len(parsed.groups) == MAX_ALTERNATIVES
    assert LIMIT_MESSAGES["alternatives"] in api(client, q=many_or)["messages"]
    assert LIMIT_MESSAGES["length"] in api(client, q="خامسیان " * 200)["messages"]
    data = api(client, q="روابط", page=10**9)
    assert PAGE_MESSAGE in data["messages"] and data["page"] <= MAX_PAGE

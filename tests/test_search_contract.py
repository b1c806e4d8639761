"""The search contract: what the site relies on from its search engine, whatever the engine.

Every behaviour below is one test, asserted on a small fixture corpus (:data:`CORPUS`: nine
statements, one of them a draft) through the interface the site uses: the search service the views,
the API, the feeds and the alerts call (:func:`archive.search.service.build_request` and
:func:`~archive.search.service.run_search`), and haystack's ``SearchQuerySet`` for what the index must
hold. Each test names the statements it expects, so a backend that gets one wrong fails it.

The contract, by behaviour:

1. Persian variants. Arabic ي/ك and ئ in the text or the query match Persian ی/ک; a compound matches
   written with ZWNJ, with a space or joined (``اطلاع‌رسانی``, ``اطلاع رسانی``, ``اطلاعرسانی``); a
   plural matches its singular (``تحریم‌ها``, ``تحریمهای``, ``کشاورزان``); look-alikes do not match
   (``بار``/``باران``, ``انتخاب``/``انتخابات``).
2. Operators. ``"quoted words"`` must stand together and in order; ``-word`` excludes; ``OR`` offers
   alternatives.
3. Reader semantics. One or two plain words are all required; from three words on, statements holding
   every word come first, then those holding most, then some, each flagged.
4. Filters: official, office, place (a province holds its counties), agency (an agency holds its
   bureaus), named officials only, a Jalali date range (bounds inclusive, reversed bounds swapped,
   undated statements outside every range); filters combine with each other and with a query.
5. Facets: counts per official, place (provinces until a place is chosen), office, agency and Jalali
   year, counted over the matches, the chosen filter left out of its own facet.
6. Sorting: by relevance (a word in the title and repeated counts more), newest first and oldest first
   (undated statements last both ways); no query means newest first.
7. Counts: the total is the number of matches, pages cover them once each, drafts are never found.
8. The highlighting input: the snippet and the title mark each spelling that matched (ZWNJ-less,
   Arabic-letter, plural), whatever spelling the query used.
9. What the index holds for the filters: ids per filter field, the date, and the article's pk as the
   result's pk (so a backend that stores them otherwise fails here before it fails on a page).

Backends. The tests run once per entry of :data:`CONTRACT_BACKENDS`: today the archive's Whoosh
backend (the settings' engine on a fresh directory). Another haystack backend runs the same tests
with ``SEARCH_CONTRACT_BACKENDS='{"name": {haystack connection options}}'`` (a JSON object, e.g. an
Elasticsearch backend that stores the Persian analyzer's terms in a whitespace-analysed field, see
docs/scaling.md); each test rebuilds that connection's index from the corpus with haystack's
``rebuild_index``. Beyond haystack's API the service asks an engine for what
``archive.search.backend`` declares (document counts, term frequencies, loose matching).
"""

import datetime
import json
import os

import pytest
from django.core.management import call_command
from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import Agency, Article, Office, Person, Place
from archive.search.service import build_request, run_search

Z = "\u200c"


def _contract_backends() -> dict:
    """Backend name -> haystack connection options (None: the settings' engine on a fresh directory)."""
    configured = os.environ.get("SEARCH_CONTRACT_BACKENDS")
    return json.loads(configured) if configured else {"whoosh": None}


CONTRACT_BACKENDS = _contract_backends()

# The fixture corpus. Keys name the statements in the assertions; people, offices and agencies are
# made for it, places come from the gazetteer (county قدس lies in Tehran province).
CORPUS = {
    "qom_sanctions": dict(
        title="استاندار قم: تحریم‌ها طرح‌های عمرانی را متوقف نمی‌کند",
        body="مهدی کریمی در نشست اطلاع‌رسانی طرح‌های عمرانی گفت تحریم‌ها مانع کار نیست.",
        speaker="karimi",
        office="qom_governor",
        place="qom",
        agency="bureau",
        date="2025-03-10",  # 1403/12/20
    ),
    "qom_factory": dict(  # written in Arabic letters, as old agency copy is
        title="بازديد استاندار از كارخانه",
        body="مهدي كريمي در بازديد از كارخانه سيمان گفت رئيس كارخانه برنامه اطلاع رساني دارد.",
        speaker="karimi",
        office="qom_governor",
        place="qom",
        agency="bureau",
        date="2024-06-01",  # 1403/03/12
    ),
    "qods_ai": dict(
        title="فرماندار قدس از طرح هوش مصنوعی گفت",
        body="زهرا نوروزی گفت ستاد اطلاعرسانی شهرستان از هوش مصنوعی برای پاسخ به مردم بهره می‌گیرد.",
        speaker="norouzi",
        office="qods_governor",
        place="qods",
        agency="sepideh",
        date="2025-11-20",  # 1404/08/29
    ),
    "tehran_rain": dict(
        title="صالحی: باران پاییزی کم بود",
        body="بهرام صالحی گفت هوش کشاورزان در برابر کم‌آبی ستودنی است و الیاف مصنوعی گران شده است.",
        speaker="salehi",
        place="tehran",
        agency="sepideh",
        date="2023-01-15",  # 1401/10/25
    ),
    "tehran_freight": dict(  # no speaker, no date
        title="بار سنگین ترافیک در تهران",
        body="کامیون‌ها بار سنگین را شبانه جابه‌جا می‌کنند.",
        place="tehran",
        agency="pezhvak",
    ),
    "qods_elections": dict(
        title="برگزاری انتخابات شورای شهرستان",
        body="فرماندار قدس گفت انتخابات شوراها با نظارت کامل برگزار می‌شود.",
        speaker="norouzi",
        office="qods_governor",
        place="qods",
        agency="sepideh",
        date="2025-12-01",  # 1404/09/10
    ),
    "wheat": dict(
        title="خرید تضمینی گندم آغاز شد",
        body="بهرام صالحی گفت خرید گندم از کشاورزان تا پایان تابستان ادامه دارد.",
        speaker="salehi",
        place="tehran",
        agency="sepideh",
        date="2024-10-05",  # 1403/07/14
    ),
    "qom_council": dict(
        title="نشست شورای اداری استان",
        body=(
            "مهدی کریمی در این نشست دربارهٔ آب، برق، جاده، مدرسه و بیمارستان سخن گفت و از اثر "
            "تحریمهای اخیر بر واردات دارو و نهاده‌های دامی و بذر گندم گزارشی داد و خواست "
            "دستگاه‌ها برنامهٔ سال آینده را زودتر بفرستند."
        ),
        speaker="karimi",
        office="qom_governor",
        place="qom",
        agency="bureau",
        date="2025-01-20",  # 1403/11/01
    ),
    "draft": dict(
        title="پیش‌نویس تحریم",
        body="مهدی کریمی دربارهٔ تحریم و گندم و اطلاع‌رسانی گفت.",
        speaker="karimi",
        place="qom",
        agency="bureau",
        date="2025-02-02",
        status=Article.Status.DRAFT,
    ),
}
PUBLISHED = {key for key, spec in CORPUS.items() if spec.get("status") != Article.Status.DRAFT}
NEWEST_FIRST = [
    "qods_elections",
    "qods_ai",
    "qom_sanctions",
    "qom_council",
    "wheat",
    "qom_factory",
    "tehran_rain",
    "tehran_freight",
]


class Corpus:
    """The corpus as stored: its statements, and the records it refers to, by key."""

    def __init__(self):
        self.places = {
            "qom": Place.objects.get(kind=Place.Kind.PROVINCE, name="قم"),
            "tehran": Place.objects.get(kind=Place.Kind.PROVINCE, name="تهران"),
        }
        self.places["qods"] = Place.objects.get(
            kind=Place.Kind.COUNTY, name="قدس", parent=self.places["tehran"]
        )
        self.people = {
            "karimi": Person.objects.create(name="مهدی کریمی"),
            "norouzi": Person.objects.create(name="زهرا نوروزی"),
            "salehi": Person.objects.create(name="بهرام صالحی"),
        }
        self.offices = {
            "qom_governor": Office.objects.create(name="استاندار قم"),
            "qods_governor": Office.objects.create(name="فرماندار قدس"),
        }
        pezhvak = Agency.objects.create(name="خبرگزاری پژواک")
        self.agencies = {
            "pezhvak": pezhvak,
            "bureau": Agency.objects.create(name="خبرگزاری پژواک، دفتر قم", parent=pezhvak),
            "sepideh": Agency.objects.create(name="روزنامه سپیده"),
        }
        self.articles = {}
        for n, (key, spec) in enumerate(CORPUS.items()):
            self.articles[key] = Article.objects.create(
                title=spec["title"],
                body=spec["body"],
                raw_text=f"{spec['title']}\n{spec['body']}",
                speaker=self.people.get(spec.get("speaker")),
                office=self.offices.get(spec.get("office")),
                place=self.places[spec["place"]],
                agency=self.agencies[spec["agency"]],
                date=datetime.date.fromisoformat(spec["date"]) if spec.get("date") else None,
                status=spec.get("status", Article.Status.PUBLISHED),
                fingerprint=f"contract-{n:02d}".ljust(64, "0"),
            )
        self.key_of = {article.pk: key for key, article in self.articles.items()}

    def keys(self, outcome) -> list[str]:
        """The corpus keys of a search outcome's hits, in order."""
        return [self.key_of[hit.article.pk] for hit in outcome.hits]


@pytest.fixture(params=sorted(CONTRACT_BACKENDS))
def corpus(request, db, tmp_path):
    """The corpus alone in the database, indexed by the backend under test (haystack's rebuild_index)."""
    options = CONTRACT_BACKENDS[request.param]
    before = connections.connections_info["default"]
    if options is None:
        options = {**before, "PATH": str(tmp_path / "contract-index")}
    connections.connections_info["default"] = options
    connections.reload("default")
    try:
        Article.objects.all().delete()  # the seeds: the corpus is the whole index
        stored = Corpus()
        call_command("rebuild_index", interactive=False, verbosity=0)
        yield stored
    finally:
        connections.connections_info["default"] = before
        connections.reload("default")


def search(params, **options):
    """The outcome the search page and the API render for ``params`` (per page: the whole corpus)."""
    return run_search(build_request({"per_page": 100, **params}), **options)


def found(corpus, q="", **params) -> set[str]:
    """The keys of the statements a query finds (all of them: one page holds the corpus)."""
    outcome = search({"q": q, **params})
    assert outcome.total == len(outcome.hits), (q, params)
    return set(corpus.keys(outcome))


# 1. Persian variants ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["كارخانه", "کارخانه", "رئيس", "رئیس", "رییس", "بازدید", "بازديد"])
def test_arabic_letters_in_text_or_query_match_persian_letters(corpus, query):
    assert found(corpus, query) == {"qom_factory"}


def test_a_name_typed_in_arabic_letters_finds_the_official(corpus):
    assert (
        found(corpus, "مهدي كريمي")
        == found(corpus, "مهدی کریمی")
        == {
            "qom_sanctions",
            "qom_factory",
            "qom_council",
        }
    )


@pytest.mark.parametrize("query", ["اطلاع" + Z + "رسانی", "اطلاع رسانی", "اطلاعرسانی", "اطلاع رساني"])
def test_a_compound_matches_written_with_zwnj_space_or_joined(corpus, query):
    # The text has it with ZWNJ (qom_sanctions), spaced in Arabic letters (qom_factory), joined (qods_ai).
    assert found(corpus, query) == {"qom_sanctions", "qom_factory", "qods_ai"}


@pytest.mark.parametrize("query", ["کم" + Z + "آبی", "کم آبی", "کمآبی"])
def test_a_compound_in_the_text_with_zwnj_is_found_however_typed(corpus, query):
    assert found(corpus, query) == {"tehran_rain"}


@pytest.mark.parametrize("query", ["تحریم", "تحریم" + Z + "ها", "تحریمها", "تحریم‌های"])
def test_a_plural_matches_its_singular_and_its_other_spellings(corpus, query):
    # تحریم‌ها in qom_sanctions, تحریمهای (joined) in qom_council.
    assert found(corpus, query) == {"qom_sanctions", "qom_council"}


def test_a_plural_in_an_matches_the_singular(corpus):
    assert found(corpus, "کشاورز") == found(corpus, "کشاورزان") == {"tehran_rain", "wheat"}


def test_look_alike_words_do_not_match(corpus):
    assert found(corpus, "بار") == {"tehran_freight"}
    assert found(corpus, "باران") == {"tehran_rain"}
    assert found(corpus, "انتخابات") == {"qods_elections"}
    assert found(corpus, "انتخاب") == set()


# 2. Operators ----------------------------------------------------------------------------------


def test_a_quoted_phrase_needs_its_words_together_and_in_order(corpus):
    assert found(corpus, "هوش مصنوعی") == {"qods_ai", "tehran_rain"}
    assert found(corpus, '"هوش مصنوعی"') == {"qods_ai"}
    assert found(corpus, "«هوش مصنوعی»") == {"qods_ai"}
    assert found(corpus, '"مصنوعی هوش"') == set()


def test_minus_excludes_a_word_and_a_phrase(corpus):
    # قم is the place, the office and the agency of the Qom statements (their names are searched too).
    assert found(corpus, "اطلاع‌رسانی -قم") == {"qods_ai"}
    assert found(corpus, 'هوش -"هوش مصنوعی"') == {"tehran_rain"}
    assert found(corpus, "تحریم -گندم") == {"qom_sanctions"}


def test_or_offers_alternatives(corpus):
    assert found(corpus, "نوروزی OR صالحی") == {"qods_ai", "qods_elections", "tehran_rain", "wheat"}
    assert found(corpus, "باران | انتخابات") == {"tehran_rain", "qods_elections"}


# 3. Reader semantics ---------------------------------------------------------------------------


def test_two_plain_words_are_both_required(corpus):
    assert found(corpus, "کریمی گندم") == {"qom_council"}
    assert found(corpus, "کریمی واژهایکهنیست") == set()


def test_three_words_every_word_first_then_most_then_some(corpus):
    outcome = search({"q": "کریمی تحریم گندم"})
    keys = corpus.keys(outcome)
    # qom_council holds all three; qom_sanctions two; qom_factory (کریمی) and wheat (گندم) one.
    assert keys[:2] == ["qom_council", "qom_sanctions"]
    assert set(keys[2:]) == {"qom_factory", "wheat"}
    assert (outcome.total, outcome.all_words_total, outcome.most_words_total) == (4, 1, 2)
    assert [(hit.all_words, hit.most_words) for hit in outcome.hits] == [
        (True, True),
        (False, True),
        (False, False),
        (False, False),
    ]


# 4. Filters ------------------------------------------------------------------------------------


def test_filter_by_official(corpus):
    karimi = corpus.people["karimi"].slug
    assert found(corpus, official=karimi) == {"qom_sanctions", "qom_factory", "qom_council"}


def test_filter_by_office(corpus):
    office = corpus.offices["qods_governor"].slug
    assert found(corpus, office=office) == {"qods_ai", "qods_elections"}


def test_filter_by_place_holds_the_places_inside_it(corpus):
    tehran = corpus.places["tehran"].slug
    qods = corpus.places["qods"].slug
    assert found(corpus, place=tehran) == {
        "qods_ai",
        "qods_elections",
        "tehran_rain",
        "tehran_freight",
        "wheat",
    }
    assert found(corpus, place=qods) == {"qods_ai", "qods_elections"}


def test_filter_by_agency_holds_its_bureaus(corpus):
    agencies = corpus.agencies
    assert found(corpus, agency=agencies["pezhvak"].slug) == {
        "qom_sanctions",
        "qom_factory",
        "qom_council",
        "tehran_freight",
    }
    assert found(corpus, agency=agencies["bureau"].slug) == {"qom_sanctions", "qom_factory", "qom_council"}


def test_filter_named_officials_only(corpus):
    assert found(corpus, officials_only="1") == PUBLISHED - {"tehran_freight"}


def test_filters_combine_with_each_other_and_with_a_query(corpus):
    qom, tehran = corpus.places["qom"].slug, corpus.places["tehran"].slug
    assert found(corpus, "اطلاع رسانی", place=qom) == {"qom_sanctions", "qom_factory"}
    assert found(corpus, place=tehran, official=corpus.people["salehi"].slug) == {"tehran_rain", "wheat"}
    assert found(corpus, "باران", place=qom) == set()


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("1403/12/20", "1404/08/29", {"qom_sanctions", "qods_ai"}),  # both bounds are inclusive
        ("1404/08/29", "1403/12/20", {"qom_sanctions", "qods_ai"}),  # reversed bounds are swapped
        ("۱۴۰۴/۰۱/۰۱", "", {"qods_ai", "qods_elections"}),  # Persian digits, open end
        ("", "1401/12/29", {"tehran_rain"}),  # open start
        ("1403/03/12", "1403/03/12", {"qom_factory"}),  # a single day
        ("1390/01/01", "1410/01/01", PUBLISHED - {"tehran_freight"}),  # undated is outside every range
    ],
)
def test_a_jalali_date_range(corpus, date_from, date_to, expected):
    params = {key: value for key, value in (("date_from", date_from), ("date_to", date_to)) if value}
    assert found(corpus, **params) == expected


# 5. Facets -------------------------------------------------------------------------------------


def facets(outcome) -> dict:
    """Facet name -> {the counted record's name (or the year): count}."""
    return {
        name: {(item.name if name != "year" else item): n for item, n in items}
        for name, items in outcome.facets.items()
    }


def test_facets_count_every_match(corpus):
    counts = facets(search({}))
    assert counts["official"] == {"مهدی کریمی": 3, "زهرا نوروزی": 2, "بهرام صالحی": 2}
    assert counts["place"] == {"تهران": 5, "قم": 3}  # provinces until a place is chosen
    assert counts["office"] == {"استاندار قم": 3, "فرماندار قدس": 2}
    assert counts["agency"] == {"خبرگزاری پژواک": 4, "خبرگزاری پژواک، دفتر قم": 3, "روزنامه سپیده": 4}
    assert counts["year"] == {1404: 2, 1403: 4, 1401: 1}
    assert list(counts["year"]) == [1404, 1403, 1401]  # newest year first


def test_facets_count_the_matches_of_a_query_and_a_filter(corpus):
    counts = facets(search({"q": "هوش"}))
    assert counts["official"] == {"زهرا نوروزی": 1, "بهرام صالحی": 1}
    assert counts["year"] == {1404: 1, 1401: 1}
    counts = facets(search({"place": corpus.places["tehran"].slug}))
    # Within a place, the places inside it; the chosen place is not offered again.
    assert counts["place"] == {"قدس": 2}
    assert counts["official"] == {"زهرا نوروزی": 2, "بهرام صالحی": 2}
    counts = facets(search({"official": corpus.people["karimi"].slug}))
    assert "مهدی کریمی" not in counts["official"]
    assert counts["place"] == {"قم": 3}


# 6. Sorting ------------------------------------------------------------------------------------


def test_no_query_lists_newest_first_undated_last(corpus):
    outcome = search({})
    assert outcome.total == len(PUBLISHED) and corpus.keys(outcome) == NEWEST_FIRST


def test_sort_oldest_first_undated_last(corpus):
    oldest = corpus.keys(search({"sort": "oldest"}))
    assert oldest == [*reversed(NEWEST_FIRST[:-1]), "tehran_freight"]


def test_relevance_puts_a_word_in_the_title_and_repeated_first(corpus):
    # wheat has گندم in its title and twice in its short text; qom_council once in a long text.
    assert corpus.keys(search({"q": "گندم"})) == ["wheat", "qom_council"]
    assert corpus.keys(search({"q": "گندم", "sort": "newest"})) == ["qom_council", "wheat"]
    assert corpus.keys(search({"q": "گندم", "sort": "oldest"})) == ["wheat", "qom_council"]


# 7. Counts -------------------------------------------------------------------------------------


def test_pages_cover_every_match_once(corpus):
    pages = [run_search(build_request({"per_page": 3, "page": p})) for p in (1, 2, 3)]
    assert [(o.total, o.num_pages, len(o.hits)) for o in pages] == [(8, 3, 3), (8, 3, 3), (8, 3, 2)]
    assert [key for o in pages for key in corpus.keys(o)] == NEWEST_FIRST


def test_drafts_are_never_found(corpus):
    assert "draft" not in found(corpus, "پیش‌نویس تحریم")
    assert found(corpus, "پیش‌نویس") == set()
    assert search({}).total == len(PUBLISHED)


# 8. The highlighting input ---------------------------------------------------------------------


def hit(corpus, outcome, key):
    return next(h for h in outcome.hits if h.article.pk == corpus.articles[key].pk)


def test_the_snippet_marks_each_spelling_that_matched(corpus):
    outcome = search({"q": "اطلاع رسانی"})
    assert "<mark>اطلاعرسانی</mark>" in hit(corpus, outcome, "qods_ai").snippet_html
    assert "<mark>رساني</mark>" in hit(corpus, outcome, "qom_factory").snippet_html
    assert "<mark>اطلاع‌رسانی</mark>" in hit(corpus, outcome, "qom_sanctions").snippet_html
    outcome = search({"q": "كارخانه"})
    assert hit(corpus, outcome, "qom_factory").snippet_html.count("<mark>كارخانه</mark>") == 2


def test_the_title_marks_a_plural_found_by_its_singular(corpus):
    outcome = search({"q": "تحریم"})
    assert hit(corpus, outcome, "qom_sanctions").title_html == (
        "استاندار قم: <mark>تحریم‌ها</mark> طرح‌های عمرانی را متوقف نمی‌کند"
    )
    assert "<mark>" not in hit(corpus, outcome, "qom_council").title_html


# 9. What the index holds ------------------------------------------------------------------------


def test_the_index_holds_ids_per_filter_field_and_the_pk(corpus):
    tehran, bureau = corpus.places["tehran"], corpus.agencies["bureau"]
    results = SearchQuerySet().filter(places__exact=str(tehran.pk))
    assert {corpus.key_of[int(r.pk)] for r in results} == found(corpus, place=tehran.slug)
    assert SearchQuerySet().filter(agencies__exact=str(bureau.pk)).count() == 3
    speaker = dict(
        (key.decode() if isinstance(key, bytes) else str(key), n)
        for key, n in SearchQuerySet().facet("speaker").facet_counts()["fields"]["speaker"]
    )
    assert speaker[str(corpus.people["karimi"].pk)] == 3
    dated = SearchQuerySet().filter(date__gte=datetime.date(2025, 3, 10))
    assert {corpus.key_of[int(r.pk)] for r in dated} == {"qom_sanctions", "qods_ai", "qods_elections"}

"""The numpy evaluator gives what Whoosh gives: the same matches, scores, orders and counts.

A Whoosh index of the 80 real agency articles (Persian analyzer, positions,
an id list field, a date column), in three segments with deletions, queried
both ways.
"""

import datetime
import json
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.qparser import QueryParser

from archive.search.analysis import PersianAnalyzer
from archive.search.backend import IdListField
from archive.search.vector import Evaluator, SegmentArrays

AGENCY = Path(__file__).parent / "data" / "agency_news_80.jsonl"

QUERIES = [
    "گفت",
    "ایران",
    "روابط عمومی",
    "استان OR شهرستان",
    "ایران NOT تهران",
    "ایران ANDNOT تهران",
    "ایران ANDMAYBE تهران",
    '"جمهوری اسلامی"',
    '"روابط عمومی"',
    '"استان تهران"',
    '"جمهوری اسلامی ایران"',
    "اطلاعرسانی",
    "places:3",
    "ایران AND places:3",
    "(ایران OR کشور) AND places:2",
    "date:[20250101 to 20250301]",
    "ایران AND date:[20250101 to]",
    "*:*",
    "واژهایکهنیست",
    '"ایران واژهایکهنیست"',
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    schema = Schema(
        id=ID(stored=True, unique=True),
        text=TEXT(analyzer=PersianAnalyzer(), phrase=True),
        places=IdListField(),
        date=DATETIME(sortable=True),
    )
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("vector-index")), schema)
    rows = [json.loads(line) for line in AGENCY.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(7)
    docs = []
    for n, row in enumerate(rows):
        doc = {
            "id": str(n),
            "text": f"{row['title']}\n{row['text']}",
            "places": ",".join(str(p) for p in rng.sample(range(1, 6), rng.randint(0, 3))),
        }
        if n % 9:  # some undated, and several statements share a date
            doc["date"] = datetime.datetime(2025, 1, 1) + datetime.timedelta(days=(n * 7) % 90)
        docs.append(doc)
    for chunk in (docs[:30], docs[30:60], docs[60:]):  # three segments
        with ix.writer() as writer:
            writer.merge = False
            for doc in chunk:
                writer.add_document(**doc)
    with ix.writer() as writer:  # deletions in an existing segment
        writer.merge = False
        for n in (3, 31, 45, 70):
            writer.delete_by_term("id", str(n))
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) == 3 and s.doc_count() == 76
        yield s


@pytest.fixture(scope="module")
def evaluator(searcher):
    return Evaluator(searcher, SegmentArrays())


def parse(searcher, text):
    return QueryParser("text", searcher.schema).parse(text)


@pytest.mark.parametrize("text", QUERIES)
def test_same_matches_scores_and_order_as_whoosh(searcher, evaluator, text):
    q = parse(searcher, text)
    mask, scores = evaluator.evaluate(q)
    expected = sorted(searcher.docs_for_query(q))
    assert np.flatnonzero(mask).tolist() == expected
    hits = searcher.search(q, limit=None)
    if any(term[0] == "text" for term in q.iter_all_terms()):
        for hit in hits:
            assert scores[hit.docnum] == pytest.approx(hit.score, rel=1e-9)
        assert evaluator.order(mask, scores).tolist() == [hit.docnum for hit in hits]


def test_the_query_table_is_not_trivial(searcher, evaluator):
    sizes = [int(evaluator.evaluate(parse(searcher, text))[0].sum()) for text in QUERIES]
    assert sum(1 for size in sizes if 0 < size < 76) >= 12
    assert sizes[QUERIES.index("*:*")] == 76 and sizes[QUERIES.index("واژهایکهنیست")] == 0


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("text", ["ایران", "*:*", "روابط عمومی"])
def test_same_order_by_date_as_whoosh(searcher, evaluator, text, reverse):
    q = parse(searcher, text)
    mask, scores = evaluator.evaluate(q)
    hits = searcher.search(q, limit=None, sortedby="date", reverse=reverse)
    assert evaluator.order(mask, scores, "date", reverse).tolist() == [hit.docnum for hit in hits]


def test_facet_counts_count_the_stored_ids(searcher, evaluator):
    q = parse(searcher, "ایران")
    mask, _scores = evaluator.evaluate(q)
    expected = Counter()
    for docnum in searcher.docs_for_query(q):
        expected.update(p for p in searcher.stored_fields(docnum).get("places", "").split(",") if p)
    counts = evaluator.facet_counts(mask, ["places"])["places"]
    assert dict(counts) == dict(expected) and len(counts) > 1
    assert [n for _id, n in counts] == sorted(expected.values(), reverse=True)


@pytest.mark.parametrize("text", ["ایران", "*:*"])
def test_day_counts_count_the_indexed_dates(searcher, evaluator, text):
    q = parse(searcher, text)
    mask, _scores = evaluator.evaluate(q)
    expected = Counter()
    for docnum in searcher.docs_for_query(q):
        n = int(searcher.stored_fields(docnum)["id"])
        if n % 9:  # undated documents have no day
            expected[datetime.date(2025, 1, 1) + datetime.timedelta(days=(n * 7) % 90)] += 1
    counts = evaluator.day_counts(mask, "date")
    assert counts == dict(expected) and len(counts) > 10
    assert sum(counts.values()) < int(mask.sum())  # the undated ones are left out


def test_a_segment_where_no_document_has_a_date(tmp_path):
    """Whoosh answers such a segment's column with its default (2**64 - 1 for dates), value by value."""
    schema = Schema(
        id=ID(stored=True, unique=True), text=TEXT(analyzer=PersianAnalyzer()), date=DATETIME(sortable=True)
    )
    ix = whoosh_index.create_in(str(tmp_path), schema)
    with ix.writer() as writer:
        writer.add_document(id="1", text="بیانیه دولت", date=datetime.datetime(2025, 5, 1))
        writer.add_document(id="2", text="بیانیه وزیر", date=datetime.datetime(2024, 5, 1))
    with ix.writer() as writer:
        writer.merge = False
        writer.add_document(id="3", text="بیانیه بی‌تاریخ")  # a new segment without any date
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 2
        evaluator = Evaluator(searcher, SegmentArrays())
        q = parse(searcher, "بیانیه")
        mask, scores = evaluator.evaluate(q)
        assert evaluator.day_counts(mask, "date") == {
            datetime.date(2025, 5, 1): 1,
            datetime.date(2024, 5, 1): 1,
        }
        for reverse in (False, True):
            hits = searcher.search(q, limit=None, sortedby="date", reverse=reverse)
            assert evaluator.order(mask, scores, "date", reverse).tolist() == [hit.docnum for hit in hits]


# The reader's query: at least k of n words, field weights, every word first, one date range --------


def _word(text, boost_title=2.0):
    """A query word as the backend builds it: the text field, and a weighted copy of another field."""
    from whoosh import query as wq

    return wq.Or([wq.Term("text", text), wq.Term("title", text, boost=boost_title)])


@pytest.fixture(scope="module")
def weighted(tmp_path_factory):
    """The agency articles with their title also in a field of its own, in two segments."""
    schema = Schema(
        id=ID(stored=True, unique=True),
        text=TEXT(analyzer=PersianAnalyzer(), phrase=True),
        title=TEXT(analyzer=PersianAnalyzer()),
        date=DATETIME(sortable=True),
    )
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("weighted-index")), schema)
    rows = [json.loads(line) for line in AGENCY.read_text(encoding="utf-8").splitlines()]
    for start, end in ((0, 40), (40, len(rows))):
        with ix.writer() as writer:
            writer.merge = False
            for n, row in enumerate(rows[start:end], start=start):
                writer.add_document(
                    id=str(n),
                    text=f"{row['title']}\n{row['text']}",
                    title=row["title"],
                    date=datetime.datetime(2025, 1, 1) + datetime.timedelta(days=n % 30),
                )
    with ix.searcher() as s:
        yield s


LOOSE = [
    (["ایران", "تهران", "استان"], 2),
    (["ایران", "تهران", "استان", "مجلس"], 3),
    (["روابط", "عمومی", "مدیر", "کشور", "دولت"], 3),
    (["واژهایکهنیست", "ایران", "تهران"], 2),
    (["روابط", "عمومی", "خبرگزاری"], 1),  # the some-words tier counts from one word
]


@pytest.mark.parametrize(("words", "minimum"), LOOSE)
def test_at_least_k_of_n_weighted_words_as_whoosh(weighted, words, minimum):
    from archive.search.analysis import analyze_word
    from archive.search.vector import AtLeast

    q = AtLeast([_word(analyze_word(w)[0]) for w in words], minimum)
    evaluator = Evaluator(weighted, SegmentArrays())
    mask, scores = evaluator.evaluate(q)
    hits = weighted.search(q, limit=None)
    assert np.flatnonzero(mask).tolist() == sorted(hit.docnum for hit in hits)
    assert 0 < int(mask.sum()) < weighted.doc_count()
    for hit in hits:
        assert scores[hit.docnum] == pytest.approx(hit.score, rel=1e-9)
    assert evaluator.order(mask, scores).tolist() == [hit.docnum for hit in hits]


def test_a_title_word_scores_above_the_same_word_in_the_text(weighted):
    from whoosh import query as wq

    evaluator = Evaluator(weighted, SegmentArrays())
    plain = evaluator.evaluate(wq.Term("text", "ایران"))[1]
    boosted = evaluator.evaluate(_word("ایران"))[1]
    in_title = {docnum for docnum in weighted.docs_for_query(wq.Term("title", "ایران"))}
    assert in_title and all(boosted[d] > plain[d] for d in in_title)
    assert all(boosted[d] == plain[d] for d in np.flatnonzero(plain) if d not in in_title)


def test_every_word_first_then_by_score_then_newest(weighted):
    from whoosh import query as wq

    from archive.search.vector import AtLeast

    words = [_word("روابط"), _word("عمومی"), _word("مدیر")]
    evaluator = Evaluator(weighted, SegmentArrays())
    mask, scores = evaluator.evaluate(AtLeast(words, 2))
    first = mask & evaluator.evaluate(wq.And(words), again=True)[0]
    order = evaluator.order(mask, scores, first=first, ties="date").tolist()
    flags = [bool(first[d]) for d in order]
    assert flags == sorted(flags, reverse=True) and any(flags) and not all(flags)
    newest = evaluator.sort_keys("date")
    for part in (order[: sum(flags)], order[sum(flags) :]):
        keys = [(-scores[d], -newest[d], d) for d in part]
        assert keys == sorted(keys)


@pytest.mark.parametrize(
    "span", [("20250101", "20250301"), ("19000101", "21991231"), ("20250110", None), (None, "20250105")]
)
def test_a_date_range_is_read_from_the_column_as_whoosh_matches_it(searcher, evaluator, span):
    start, end = span
    from whoosh import query as wq

    q = parse(searcher, f"date:[{start + ' ' if start else ''}to{' ' + end if end else ''}]")
    assert isinstance(q, wq.NumericRange)
    mask, _scores = evaluator.evaluate(q)
    assert np.flatnonzero(mask).tolist() == sorted(searcher.docs_for_query(q))


def test_near_pairs_count_neighbouring_query_words_as_the_text_places_them(weighted):
    from whoosh import query as wq

    from archive.search.analysis import analyze

    rows = [json.loads(line) for line in AGENCY.read_text(encoding="utf-8").splitlines()]
    terms = analyze("روابط عمومی استان")
    evaluator = Evaluator(weighted, SegmentArrays())
    mask, _scores = evaluator.evaluate(wq.Or([wq.Term("text", t) for t in terms]))
    docnums = np.flatnonzero(mask)[::-1]  # any order
    counts = evaluator.near_pairs(docnums, "text", terms, window=3)
    for docnum, count in zip(docnums, counts, strict=True):
        row = rows[int(weighted.stored_fields(int(docnum))["id"])]
        text = analyze(f"{row['title']}\n{row['text']}")
        where = [[i for i, t in enumerate(text) if t == term] for term in terms]
        expected = sum(
            any(abs(a - b) <= 3 for a in where[k] for b in where[k + 1]) for k in range(len(terms) - 1)
        )
        assert count == expected
    assert counts.max() >= 1 and counts.min() == 0


# Only what a page needs: the first results in order, postings kept between searches ---------------


@pytest.mark.parametrize("text", ["گفت", "ایران", "روابط عمومی", "*:*"])
def test_the_first_k_in_order_are_the_start_of_the_whole_order(searcher, evaluator, text):
    mask, scores = evaluator.evaluate(parse(searcher, text))
    scores = np.round(scores, 1)  # many ties in score, broken by date and docnum
    n = int(mask.sum())
    rng = np.random.default_rng(3)
    tiers = rng.integers(0, 3, size=len(scores)).astype(np.int8)
    first = rng.random(len(scores)) < 0.3
    for kwargs in (
        {},
        {"ties": "date"},
        {"first": first, "ties": "date"},
        {"first": tiers},
        {"sort_field": "date"},
        {"sort_field": "date", "reverse": True, "first": tiers},
    ):
        whole = evaluator.order(mask, scores, **kwargs).tolist()
        for limit in (1, 5, 20, n - 1, n, n + 5):
            assert evaluator.order(mask, scores, limit=limit, **kwargs).tolist() == whole[:limit], (
                kwargs,
                limit,
            )


def test_postings_kept_between_searches_give_the_same_results(searcher):
    from archive.search.vector import PostingsCache

    fresh = Evaluator(searcher, SegmentArrays())
    arrays = SegmentArrays()
    arrays.postings = PostingsCache(minimum=0)
    kept = Evaluator(searcher, arrays)
    for _ in range(2):  # read, then from the cache
        for text in QUERIES:
            q = parse(searcher, text)
            expected, got = fresh.evaluate(q), kept.evaluate(q)
            assert np.array_equal(expected[0], got[0]) and np.array_equal(expected[1], got[1]), text
    assert arrays.postings.nbytes > 0
    small = PostingsCache(budget=20_000, minimum=0)
    arrays.postings = small
    for text in QUERIES:
        kept.evaluate(parse(searcher, text))
        assert 0 <= small.nbytes <= 20_000


def test_pinned_postings_are_shared_as_read_and_never_evicted(searcher):
    from archive.search.vector import PostingsCache

    fresh = Evaluator(searcher, SegmentArrays())
    arrays = SegmentArrays()
    arrays.postings = PostingsCache(budget=0, minimum=0)  # nothing kept but what is pinned
    pinned = Evaluator(searcher, arrays)
    for reader, _offset in pinned.leaves:
        for word in ("ایران", "گفت"):
            for text in searcher.schema["text"].process_text(word, mode="query"):
                assert arrays.postings.pin(reader, "text", text.encode()) > 0
    assert arrays.postings.pinned_nbytes > 0 and arrays.postings.nbytes == 0
    for text in QUERIES:
        q = parse(searcher, text)
        expected, got = fresh.evaluate(q), pinned.evaluate(q)
        assert np.array_equal(expected[0], got[0]) and np.array_equal(expected[1], got[1]), text
    reader = pinned.leaves[0][0]
    key = next(iter(arrays.postings._pinned))
    assert arrays.postings.get(reader, "text", key[2], True) is arrays.postings._pinned[key]

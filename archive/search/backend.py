"""A small subclass of haystack's Whoosh backend where it falls short for Persian.

- The document field is analysed with :mod:`archive.search.analysis` and is
  neither stored nor sortable (haystack makes every text field sortable, which
  doubled the index); a query word that analyses to several terms
  (``اطلاعرسانی`` → ``اطلاع`` ``رساند``) becomes a phrase, not loose terms.
- Filter and facet fields (the index fields marked by :func:`ids_field`) hold
  comma-separated ids with a list column (:class:`IdListField`), not English-analysed text.
- Spelling suggestions and "related statements" key terms come from the same
  analyzer (haystack's highlighter and corrector assume English).
"""

import contextlib
import datetime
import gc
import heapq

import numpy as np
from django.conf import settings
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import query as wq
from whoosh.columns import VarBytesListColumn
from whoosh.fields import KEYWORD, TEXT
from whoosh.filedb.filestore import RamStorage
from whoosh.index import EmptyIndexError, exists_in
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.support.levenshtein import distance

from .analysis import PersianAnalyzer, analyze_word, surface_words
from .lock import index_lock
from .vector import SHARED_POSTINGS_BUDGET, AtLeast, Evaluator, SegmentArrays, Unsupported
from .whoosh_fixes import W3PerDocReader  # noqa: F401 - a segment reader that caches missing columns

# Whoosh's writer sorts a segment's postings in memory up to this many megabytes (by its own estimate,
# ~150 bytes a posting, ~1.4 times less than they take) and beyond it in sorted runs on disk (pickled
# in chunks: archive.search.whoosh_fixes), merged at the commit. A bulk write (BatchUpdateMixin.bulk)
# keeps one writer for a whole rebuild, and this bounds the postings it holds whatever the size:
# 768 holds ~14,000 statements (~370 postings each) in memory; a larger rebuild sorts runs of that
# size, ~70 at 1,000,000 (Whoosh merges up to 128 at once). The rebuilding process peaked at 1.0 GB
# at 10,000 statements and 2.1 GB at 100,000; with 256 (two runs, 0.63 GB) 10,000 rebuilt 9% slower.
BULK_LIMIT_MB = 768
# Python's cyclic garbage collector looks at the youngest objects after this many more allocations
# than frees (700 by default) while a bulk write runs: a rebuild allocates millions of postings and
# tokens that hold no cycles, and at 10,000 statements the collections cost 8% of its CPU time
# (measured: 31.6 s with the default, 29.1 s with this; the same peak memory). Restored after.
BULK_GC_THRESHOLD = 100_000

# The most frequent words of a segment considered for the shared postings (warm), most frequent first.
SHARED_TERMS = 200

# Text fields that repeat part of the document field, analysed alike, searched only to weigh a
# word found there above one in the body: the title, and the speaker's, office's and place's names.
# A word matches a statement by the document field; each of these adds its score times the weight.
FIELD_WEIGHTS = {"title": 1.0, "names": 0.5}
# Ties in score are broken by this sort key, newest first.
TIE_FIELD = "sort_newest"
# Proximity: among the first PROXIMITY_DEPTH results by score, each pair of neighbouring query words
# found within PROXIMITY_WINDOW positions of each other adds PROXIMITY_WEIGHT to the score.
PROXIMITY_DEPTH = 100
PROXIMITY_WINDOW = 5
PROXIMITY_WEIGHT = 5.0
# BM25F as Whoosh computes it; B (length normalisation) chosen on the quality benchmark's tune part.
WEIGHTING = BM25F(B=0.75, K1=1.2)


def ids_field(field):
    """Mark a haystack index field as one of ids (a search filter's or a facet's: see
    ``archive.search.filters``); the backend stores it as an :class:`IdListField`."""
    field.holds_ids = True
    return field


class IdListField(KEYWORD):
    """Comma-separated ids, with a list column so facet counts read the column.

    Haystack asks Whoosh for overlapping facets; without a list column Whoosh
    rebuilds a per-document list from the postings on every search, which was
    most of a search's time.
    """

    def __init__(self):
        super().__init__(stored=True, commas=True, scorable=False)
        self.column_type = VarBytesListColumn()

    def to_column_value(self, value):
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if isinstance(value, (list, tuple)):
            items = value
        else:
            items = str(value or "").split(",")
        return [item.strip().encode("utf-8") for item in items if item and item.strip() and item != "None"]

    def from_column_value(self, value):
        return [item.decode("utf-8") for item in value]


class _KeptSearcher:
    """A searcher whose ``close()`` does nothing: the backend keeps it open between requests."""

    def __init__(self, searcher):
        self._searcher = searcher

    def __getattr__(self, name):
        return getattr(self._searcher, name)

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class SharedSearcherIndex:
    """A Whoosh index that hands out one long-lived searcher, refreshed when the index changes.

    Haystack opens a new searcher (and a reader per segment) for every search,
    for the document count and for each narrow query; opening one copies the
    term dictionary out of the compound segment file, which was most of a rare
    word's search time. Whoosh's ``Searcher.refresh()`` returns the same
    searcher while the index is unchanged and a new one after a commit, so
    results are never stale. Writers go to the real index.
    """

    def __init__(self, index, schema=None):
        self._index = index
        self._schema = schema  # the backend's schema: an index being rebuilt has none to read
        self._searcher = None

    def __getattr__(self, name):
        return getattr(self._index, name)

    def refresh(self):
        return self

    def current_searcher(self):
        if self._searcher is not None:
            try:
                # The same searcher if nothing changed; else a new one that reuses the
                # unchanged segments' readers (so the old one must not be closed here).
                self._searcher = self._searcher.refresh()
            except Exception:
                self._searcher = None
        if self._searcher is None:
            try:
                self._index = self._index.refresh()
                self._searcher = self._index.searcher(weighting=WEIGHTING)
            except EmptyIndexError:
                # Another process is rebuilding the index from nothing (``rebuild_index`` cleared
                # it): for that moment every search sees an empty index, not an error page.
                return RamStorage().create_index(self._schema).searcher()
        return self._searcher

    def searcher(self, **kwargs):
        return _KeptSearcher(self.current_searcher())

    def reader(self, **kwargs):
        return self.current_searcher().reader()

    def doc_count(self):
        return self.current_searcher().doc_count()

    def doc_count_all(self):
        return self.current_searcher().doc_count_all()

    def close(self):
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


class BatchUpdateMixin:
    """Haystack's Whoosh backend with a faster, lock-safe batch writer (used alone by the benchmark's
    baseline).

    Every write holds the index lock of :mod:`archive.search.queue` and raises
    on failure (haystack's logs and swallows it).
    """

    _bulk = None  # the open bulk write (:meth:`bulk`), if any

    @contextlib.contextmanager
    def bulk(self):
        """Write everything done within it (``rebuild_index``, ``update_index``) with one Whoosh writer,
        committed once at the end.

        Haystack's ``update_index`` hands the backend 1,000 statements at a time, and each batch was
        committed as a segment of its own; ``optimize`` then read every posting back and wrote it again
        into one segment, which took longer than writing it (10,000 statements: 39 s writing, 45 s
        merging). Within ``bulk()`` the batches go to one writer, so a rebuild writes each posting once,
        into one segment, and there is nothing left to merge. The index lock is held throughout: other
        writers wait or queue their changes (as during any rebuild), and searches see the index as it
        was before until the end. A write that fails abandons the whole bulk (Whoosh cannot take back
        what a writer was given): every later write in it raises, and so does leaving it. Python's
        garbage collector runs less often meanwhile (:data:`BULK_GC_THRESHOLD`), in the whole process.
        """
        if not self.setup_complete:
            self.setup()
        if self._bulk is not None:
            yield  # already within one
            return
        with index_lock():
            self._bulk = _BulkWrite()
            collector = gc.get_threshold()
            gc.set_threshold(max(BULK_GC_THRESHOLD, collector[0]), *collector[1:])
            try:
                yield
                self._commit_bulk()
            except BaseException:
                self._abandon_bulk()
                raise
            finally:
                gc.set_threshold(*collector)
                failed, self._bulk = self._bulk.failed, None
            if failed is not None:
                raise failed

    def _bulk_writer(self, stale):
        """The bulk's writer, opened on the index as it is now; one holding a document about to be
        replaced is committed first (Whoosh deletes only committed documents)."""
        bulk = self._bulk
        if bulk.failed is not None:
            raise RuntimeError("an earlier write of this bulk write failed") from bulk.failed
        if bulk.writer is not None and not stale.isdisjoint(bulk.ids):
            self._commit_bulk()
        if bulk.writer is None:
            self.index = self.index.refresh()
            bulk.writer = self.index.writer(
                timeout=settings.INDEX_LOCK_WAIT, delay=0.25, limitmb=BULK_LIMIT_MB
            )
        return bulk.writer

    def _commit_bulk(self):
        bulk = self._bulk
        if bulk is None or bulk.writer is None:
            return
        writer, bulk.writer, bulk.ids = bulk.writer, None, set()
        try:
            writer.commit()
        except BaseException:
            _abandon(writer)
            raise
        self.index = self.index.refresh()

    def _abandon_bulk(self):
        bulk = self._bulk
        if bulk is not None and bulk.writer is not None:
            writer, bulk.writer, bulk.ids = bulk.writer, None, set()
            _abandon(writer)

    def update(self, index, iterable, commit=True):
        self.apply(index, iterable, ())

    def apply(self, index, objects, remove_ids):
        """Replace the documents of ``objects`` and remove those of ``remove_ids``, in one commit.

        Haystack's ``update`` calls Whoosh's ``update_document`` per object, which
        opens a searcher over every segment for every document: indexing slowed
        from 120 to 24 statements/s as a rebuild went on. Here one searcher per
        batch finds the old documents, then the new ones are added. The writer
        waits for Whoosh's lock (up to 60 s) instead of haystack's background
        thread, and nothing to do takes no lock at all (haystack issue 680).
        """
        if not self.setup_complete:
            self.setup()
        docs = []
        for obj in objects:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            docs.append({key: self._from_python(value) for key, value in doc.items() if key != "boost"})
        label = index.get_model()._meta.label_lower
        self._write({doc[ID] for doc in docs} | {f"{label}.{pk}" for pk in remove_ids}, docs)

    def remove(self, obj_or_string, commit=True):
        if not self.setup_complete:
            self.setup()
        self._write({get_identifier(obj_or_string)}, [])

    def _write(self, stale, docs):
        """Under the index lock, delete the documents with the ``stale`` ids and add ``docs``, in one
        commit."""
        if not stale:
            return
        if self._bulk is not None:
            writer = self._bulk_writer(stale)
            try:
                _replace(writer, stale, docs)
            except BaseException as error:
                self._bulk.failed = error
                self._abandon_bulk()
                raise
            self._bulk.ids.update(doc[ID] for doc in docs)
            return
        with index_lock():
            self.index = self.index.refresh()
            # Whoosh's own lock is free whenever ours is held (every write takes ours); never wait long.
            writer = self.index.writer(timeout=settings.INDEX_LOCK_WAIT, delay=0.25)
            try:
                _replace(writer, stale, docs)
                writer.commit()
            except BaseException:
                _abandon(writer)
                raise

    def clear(self, models=None, commit=True):
        with index_lock():
            self._commit_bulk()  # what a bulk write holds so far is in the index, then cleared with it
            super().clear(models=models, commit=commit)


def _replace(writer, stale, docs):
    """Delete from ``writer`` the documents with the ``stale`` ids, then add ``docs``."""
    with writer.searcher() as searcher:
        for identifier in sorted(stale):
            writer.delete_by_term(ID, identifier, searcher=searcher)
    for doc in docs:
        writer.add_document(**doc)


class _BulkWrite:
    """The state of :meth:`BatchUpdateMixin.bulk`: its open writer, the ids written to it, its failure."""

    def __init__(self):
        self.writer = None
        self.ids = set()
        self.failed = None


def _abandon(writer):
    """Give up a writer whose work or commit failed (a full disk), always releasing Whoosh's write lock.

    Whoosh releases the lock only when a commit or cancel finishes; a commit
    that fails half way keeps it, and the next writer in this process (a
    retry) would wait its whole timeout. The index on disk still names the
    previous segments, so it opens as it was before.
    """
    try:
        writer.cancel()
    except Exception:
        lock = getattr(writer, "writelock", None)
        if lock is not None:
            lock.release()


class _Page:
    """The slice of a Whoosh results page that haystack's ``_process_results`` reads."""

    def __init__(self, searcher, docnums, scores, total):
        self._searcher = searcher
        self._docnums = [int(d) for d in docnums]
        self._scores = scores
        self._total = total

    def __len__(self):
        return self._total

    def __iter__(self):
        return (self._searcher.stored_fields(docnum) for docnum in self._docnums)

    def score(self, offset):
        return float(self._scores[offset]) if self._scores is not None else None


def _facets(evaluator, mask, facets, date_facets):
    """Haystack's facet result shape: id counts per field, and day counts per date field."""
    return {
        "fields": evaluator.facet_counts(mask, facets) if facets else {},
        "dates": {
            name: _days_between(evaluator.day_counts(mask, name), spec)
            for name, spec in (date_facets or {}).items()
        },
        "queries": {},
    }


def _by_day(date_facets):
    """Whether every date facet asked for counts single days (the only kind answered from the column)."""
    return all(
        spec.get("gap_by") == "day" and spec.get("gap_amount", 1) == 1 for spec in date_facets.values()
    )


def _days_between(counts, spec):
    """[(datetime, count), ...] for the days of ``counts`` from the facet's start to end date, in order."""

    def as_date(value):
        return value.date() if isinstance(value, datetime.datetime) else value

    start, end = as_date(spec["start_date"]), as_date(spec["end_date"])
    return [
        (datetime.datetime(day.year, day.month, day.day), n)
        for day, n in sorted(counts.items())
        if start <= day <= end
    ]


class ArchiveBackendInterface:
    """What :mod:`archive.search.service` asks of a search backend beyond haystack's API.

    These defaults answer "not offered" (no day facets, no word statistics, suggestions or key
    terms), so an engine with none of it fits as it is: the benchmark's baseline engine
    (``bench/baseline.py``). :class:`PersianWhooshSearchBackend` answers each for real.
    """

    # Whether date facets by single days are answered (from a date column, in one pass).
    day_facets = False

    def document_count(self):
        """How many statements the index holds."""
        if not self.setup_complete:
            self.setup()
        return self.index.doc_count()

    def term_doc_frequencies(self, words):
        """For each word, how many documents hold each of its terms; {} when not offered."""
        return {}

    def suggest(self, word, limit=1):
        """Words of the index close to ``word`` (for "did you mean"), best first; none when not offered."""
        return []

    def key_terms(self, text, count=12):
        """The terms of ``text`` that best tell it apart from the rest of the index; none when not offered."""
        return []


class ArchiveQueryInterface:
    """What :mod:`archive.search.service` asks of a haystack search query beyond haystack's API.

    By default a reader's loose words are all required (ANDed) and nothing says how many results hold
    every word or most words (``None``: all of them). :class:`PersianWhooshSearchQuery` does better.
    """

    all_words = None
    most_words = None

    def set_loose(self, loose):
        """Ask for ``loose`` words (:meth:`archive.search.query.ParsedQuery.loose`)."""
        from haystack.query import SQ

        for word in (*loose.words, *loose.optional):
            self.add_filter(SQ(content=word))


class PersianWhooshSearchBackend(ArchiveBackendInterface, BatchUpdateMixin, WhooshSearchBackend):
    def setup(self):
        super().setup()
        if not isinstance(self.index, SharedSearcherIndex):
            self.index = SharedSearcherIndex(self.index, self.schema)

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        holds_ids = {f.index_fieldname for f in fields.values() if getattr(f, "holds_ids", False)}
        for name in list(schema.names()):
            if name == content_field_name:
                field = TEXT(
                    analyzer=PersianAnalyzer(),
                    stored=False,
                    phrase=True,
                    multitoken_query="phrase",
                    spelling=True,
                )
            elif name in FIELD_WEIGHTS:
                field = TEXT(analyzer=PersianAnalyzer(), stored=False, phrase=True)
            elif name in holds_ids:
                field = IdListField()
            else:
                continue
            schema.remove(name)
            schema.add(name, field)
        return content_field_name, schema

    def schema_is_current(self):
        """Whether the index on disk was built with the fields this code defines.

        Haystack opens an index with the current schema whatever it was built
        with, so an index from an older version of the fields reads garbage
        (and a search fails), and one built by an older analyzer misses words.
        Compare the stored schema's field and column types and analyzer versions.
        """
        from whoosh import index as whoosh_index

        if not self.setup_complete:
            self.setup()
        try:
            stored = whoosh_index.open_dir(self.path).schema
        except whoosh_index.EmptyIndexError:
            return True

        def shape(schema):
            # The analyzer's version too: an index analysed by an older analyzer holds other terms.
            return {
                name: (
                    type(field).__name__,
                    type(getattr(field, "column_type", None)).__name__,
                    getattr(getattr(field, "analyzer", None), "version", None),
                )
                for name, field in schema.items()
            }

        return shape(stored) == shape(self.schema)

    # Search arguments the numpy evaluator answers; anything else goes to haystack's own search.
    _FAST_KWARGS = {"fields", "spelling_query", "limit_to_registered_models", "date_facets", "loose"}
    # Date facets by single days come from a date column in one pass (see
    # :meth:`Evaluator.day_counts`); the service asks for them only from an
    # engine that says so (Whoosh's own date facets run one range query per day).
    day_facets = True

    def search(
        self,
        query_string,
        sort_by=None,
        start_offset=0,
        end_offset=None,
        facets=None,
        result_class=None,
        **kwargs,
    ):
        # Haystack asks for "*" when there is no query (the latest statements);
        # Whoosh reads that as "every document with a word in the text field" and
        # walks the postings of every term. "*:*" is every document.
        if str(query_string).strip() == "*":
            query_string = "*:*"
        unsupported = [k for k, v in kwargs.items() if v and k not in self._FAST_KWARGS]
        loose = kwargs.pop("loose", None)
        # The page asked for, the same to the numpy evaluator and to haystack's own search.
        page = dict(
            sort_by=sort_by, start_offset=start_offset, end_offset=end_offset, result_class=result_class
        )
        if not unsupported:
            try:
                return self._vector_search(
                    query_string, facets=facets, date_facets=kwargs.get("date_facets"), loose=loose, **page
                )
            except Unsupported:
                pass
        if loose is not None:  # Whoosh alone: every word required
            words = " AND ".join(f"({w})" for w in (*loose.words, *loose.optional))
            query_string = f"({query_string}) AND ({words})" if words else query_string
        date_facets = kwargs.pop("date_facets", None) or {}
        if not _by_day(date_facets):
            kwargs["date_facets"], date_facets = date_facets, {}
        results = super().search(query_string, **page, **kwargs)
        if (facets or date_facets) and results.get("hits"):
            evaluator = self.evaluator()
            mask, _scores = evaluator.evaluate(self.parser.parse(str(query_string)))
            results["facets"] = _facets(evaluator, mask, facets, date_facets)
        return results

    def _word_query(self, word):
        """One query word: its term in the document field, weighed more where it is also in the title
        or a name; a word of several terms (``اطلاعرسانی``) as their phrase."""
        terms = analyze_word(word)
        field = self.content_field_name
        if not terms:
            return None
        if len(terms) > 1:
            return wq.Phrase(field, list(terms))
        weighted = [
            wq.Term(name, terms[0], boost=weight)
            for name, weight in FIELD_WEIGHTS.items()
            if name in self.schema
        ]
        return wq.Or([wq.Term(field, terms[0]), *weighted]) if weighted else wq.Term(field, terms[0])

    def loose_query(self, loose):
        """``(query, partial)`` for a :class:`~archive.search.query.Loose` request: the statements
        holding at least ``loose.minimum`` of its words, or one of them when the results are to be
        filled (``loose.fill_to``); optional words add to the score. ``partial`` is the
        :class:`AtLeast` part of it, whose counts tell the tiers apart (None when every word is
        required)."""
        words = [q for q in map(self._word_query, loose.words) if q is not None]
        optional = [q for q in map(self._word_query, loose.optional) if q is not None]
        if not words:
            words, optional = optional, []
        if not words:
            return wq.NullQuery, None
        if loose.minimum >= len(words) and not loose.fill_to:
            match, partial = (wq.And(words) if len(words) > 1 else words[0]), None
        else:
            match = partial = AtLeast(words, 1 if loose.fill_to else min(loose.minimum, len(words)))
        return (wq.AndMaybe(match, wq.Or(optional)) if optional else match), partial

    def _tiers(self, evaluator, loose, partial, mask, scores, ties):
        """``(mask, tiers)``: each matching statement's tier (0 every word, 1 most words, 2 some words),
        the some-words tier cut to its best statements, up to ``loose.fill_to`` results in all."""
        count = evaluator.counts[partial]
        tiers = np.where(count >= len(partial.subqueries), 0, np.where(count >= loose.minimum, 1, 2)).astype(
            np.int8
        )
        if not loose.fill_to:
            return mask, tiers
        stricter = mask & (tiers < 2)
        room = loose.fill_to - int(stricter.sum())
        if room <= 0:
            return stricter, tiers
        some = mask & (tiers == 2)
        chosen = evaluator.order(some, scores, ties=ties, limit=room)
        mask = stricter.copy()
        mask[chosen] = True
        return mask, tiers

    def _by_proximity(self, evaluator, loose, order, scores, first, ties):
        """The first results re-ranked with a bonus for query words standing close together
        (beyond Whoosh's scoring: the rest of the order is Whoosh's)."""
        terms = [t for word in (*loose.words, *loose.optional) for t in analyze_word(word)]
        top = order[:PROXIMITY_DEPTH]
        if len(terms) < 2 or len(top) < 2:
            return order, scores
        bonus = evaluator.near_pairs(top, self.content_field_name, terms, PROXIMITY_WINDOW)
        if not bonus.any():
            return order, scores
        scores = scores.copy()
        scores[top] += PROXIMITY_WEIGHT * bonus
        within = np.zeros(len(scores), dtype=bool)
        within[top] = True
        return np.concatenate(
            [evaluator.order(within, scores, first=first, ties=ties), order[PROXIMITY_DEPTH:]]
        ), scores

    def _vector_search(
        self,
        query_string,
        sort_by,
        start_offset,
        end_offset,
        facets,
        result_class,
        date_facets=None,
        loose=None,
    ):
        """One page of results, the total and the facet counts from one evaluation of the query.

        With ``loose`` (the words of a reader's query, see :func:`archive.search.query.parse_query`)
        the statements holding every word come first, then those holding most of them, then
        (filling the results up to ``loose.fill_to``) the best of those holding some of them;
        ``results["all_words"]`` is how many hold every word, ``results["most_words"]`` how many
        hold most of them (every word included).
        """
        query_string = str(query_string)
        if not _by_day(date_facets or {}):
            raise Unsupported("date facets other than by day")
        if len(query_string) <= 1:  # as haystack: empty, or one character ("*" arrives as "*:*")
            return {"results": [], "hits": 0}
        sort_field, reverse = None, False
        if sort_by:
            if len(sort_by) != 1:
                raise Unsupported("sorting by several fields")
            sort_field = sort_by[0].lstrip("-")
            reverse = sort_by[0].startswith("-")
        evaluator = self.evaluator()
        parsed = self.parser.parse(query_string)
        if parsed is None:
            return {"results": [], "hits": 0}
        partial = None
        if loose is not None:
            extra, partial = self.loose_query(loose)
            parsed = wq.And([parsed, extra])
        # Proximity afterwards reads the document field's positions from the same postings.
        proximity = loose is not None and sort_field is None
        evaluator.with_positions = frozenset([self.content_field_name] if proximity else [])
        mask, scores = evaluator.evaluate(parsed)
        ties = TIE_FIELD if TIE_FIELD in evaluator.searcher.schema else None
        first = None
        if partial is not None:
            mask, first = self._tiers(evaluator, loose, partial, mask, scores, ties)
        elif loose is not None:
            first = mask
        total = int(mask.sum())
        end = total if end_offset is None else min(end_offset, total)
        # Only the results up to the page's end are put in order (and the first ones re-ranked by proximity).
        limit = max(end, PROXIMITY_DEPTH) if proximity else end
        order = evaluator.order(mask, scores, sort_field, reverse, first=first, ties=ties, limit=limit)
        if proximity:
            order, scores = self._by_proximity(evaluator, loose, order, scores, first, ties)
        page = order[start_offset:end]
        raw_page = _Page(evaluator.searcher, page, scores[page] if sort_field is None else None, total)
        results = self._process_results(raw_page, query_string=query_string, result_class=result_class)
        results.setdefault("spelling_suggestion", None)
        if first is None:
            results["all_words"] = results["most_words"] = total
        elif first.dtype == bool:
            results["all_words"] = results["most_words"] = int((mask & first).sum())
        else:
            results["all_words"] = int((mask & (first == 0)).sum())
            results["most_words"] = int((mask & (first <= 1)).sum())
        if (facets or date_facets) and total:
            results["facets"] = _facets(evaluator, mask, facets, date_facets)
        return results

    def evaluator(self) -> Evaluator:
        """The numpy evaluator over the current searcher (a new one after each commit)."""
        if not self.setup_complete:
            self.setup()
        searcher = self.index.current_searcher()
        current = self.__dict__.get("_evaluator")
        if current is None or current.searcher is not searcher:
            arrays = self.__dict__.setdefault("_segment_arrays", SegmentArrays())
            current = self._evaluator = Evaluator(searcher, arrays)
        return current

    def warm(self, facets=(), date_fields=(), sort_fields=(), shared_budget=SHARED_POSTINGS_BUDGET):
        """Read what every search reads per document (lengths, sort keys, facet ids, dates) for the
        index as it is now, so that processes forked after this share those arrays (gunicorn's
        master, :func:`archive.wsgi.preload`) instead of each reading its own on its first search
        (seconds at a million statements), and the most frequent words' postings, within
        ``shared_budget`` bytes. An index not built yet is left alone."""
        if not self.setup_complete and self.use_file_storage and not exists_in(self.path):
            return False  # setup would create an empty one; sync_index builds it before serving
        evaluator = self.evaluator()
        if not evaluator.n:
            return False
        schema = evaluator.searcher.schema
        for name in schema.scorable_names():
            evaluator.length_codes(name)
        for name in (TIE_FIELD, *sort_fields):
            if name in schema and evaluator.reader.has_column(name):
                evaluator.sort_keys(name)
        for name in facets:
            if name in schema:
                evaluator.id_table(name)
        mask = evaluator.live()
        for name in date_fields:
            if name in schema and evaluator.reader.has_column(name):
                evaluator.day_counts(mask, name)
        self._pin_frequent_terms(evaluator, shared_budget)
        return True

    def _pin_frequent_terms(self, evaluator, budget):
        """Keep the postings of the document field's most frequent words (those found in the most
        statements, with their positions) for good, within ``budget`` bytes: the words every
        partial-match question holds, the slowest to read. Each segment's own most frequent."""
        field = self.content_field_name
        postings = evaluator.arrays.postings
        for reader, _offset in evaluator.leaves:
            share = budget * reader.doc_count_all() // max(evaluator.n, 1)
            frequent = heapq.nlargest(
                SHARED_TERMS,
                ((info.doc_frequency(), text) for text, info in reader.iter_field(field)),
            )
            for count, text in frequent:
                if count < postings.minimum or share <= 0:
                    break
                share -= postings.pin(reader, field, text, with_values=True)

    def optimize(self):
        """Merge the index's segments into one (a rebuild outside :meth:`bulk` commits one segment per
        batch). An index already in one segment without deleted documents is left as it is: Whoosh's
        ``optimize`` would read it whole and write it again (8 s at 2,000 statements, for the same
        segment)."""
        if not self.setup_complete:
            self.setup()
        self._commit_bulk()
        reader = self.index.current_searcher().reader()  # the kept searcher's: not to be closed here
        if not reader.is_atomic() or reader.has_deletions():
            self.index.optimize()
            self.index = self.index.refresh()

    def _searcher(self):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        return self.index.searcher()

    def document_count(self):
        """How many statements the index holds."""
        if not self.setup_complete:
            self.setup()
        return self.index.current_searcher().doc_count()

    def term_doc_frequencies(self, words):
        """For each word, how many documents hold each of its terms (0 when one is missing)."""
        with self._searcher() as searcher:
            result = {}
            for word in words:
                terms = analyze_word(word)
                result[word] = (
                    min(searcher.doc_frequency(self.content_field_name, t) for t in terms) if terms else None
                )
            return result

    def suggest(self, word, limit=1):
        """Words of the index close to ``word`` (for "did you mean"), best first.

        Whoosh's DFA corrector finds nothing for Persian words, so edit distances
        are computed here, against the unreduced word list, among words sharing
        the first letters (misspellings rarely touch them). Ties go to the word
        found in more statements.
        """
        parts = surface_words(word)
        if len(parts) != 1:
            return []
        target = parts[0]
        prefix = target[: 1 if len(target) <= 4 else 2]
        maxdist = 1 if len(target) <= 4 else 2
        with self._searcher() as searcher:
            field = self.content_field_name
            spell_field = searcher.schema[field].spelling_fieldname(field)
            reader = searcher.reader()
            candidates = []
            for btext in reader.expand_prefix(spell_field, prefix):
                candidate = btext.decode("utf-8")
                dist = distance(candidate, target, limit=maxdist + 1)
                if 0 < dist <= maxdist:
                    terms = analyze_word(candidate)
                    if not terms or not _in_a_live_document(reader, field, terms):
                        continue  # the word list keeps words of removed (unpublished) documents
                    freq = reader.doc_frequency(field, terms[0])
                    candidates.append((dist, -freq, candidate))
            return [c for _d, _f, c in sorted(candidates)[:limit]]

    def key_terms(self, text, count=12):
        """The terms of ``text`` that best tell it apart from the rest of the index."""
        with self._searcher() as searcher:
            if not searcher.doc_count():
                return []
            return [
                term
                for term, _score in searcher.key_terms_from_text(
                    self.content_field_name, text, numterms=count
                )
            ]


def _in_a_live_document(reader, field, terms) -> bool:
    """Whether every term is in a document still in the index (Whoosh's term lists and doc frequencies
    count deleted documents until their segment is merged away; postings skip them)."""
    for term in terms:
        try:
            if not reader.postings(field, term).is_active():
                return False
        except TermNotFound:
            return False
    return True


class PersianWhooshSearchQuery(ArchiveQueryInterface, WhooshSearchQuery):
    """Haystack's Whoosh query, carrying a reader's loose words to the backend (:meth:`with_loose`)
    and bringing back how many results hold every word (``all_words``) and most words
    (``most_words``, every word included)."""

    loose = None

    def set_loose(self, loose):
        self.loose = loose

    def _clone(self, klass=None, using=None):
        clone = super()._clone(klass=klass, using=using)
        clone.loose = self.loose
        return clone

    def build_params(self, spelling_query=None):
        kwargs = super().build_params(spelling_query)
        if self.loose is not None:
            kwargs["loose"] = self.loose
        return kwargs

    def run(self, spelling_query=None, **kwargs):
        final_query = self.build_query()
        search_kwargs = self.build_params(spelling_query=spelling_query)
        search_kwargs.update(kwargs)
        results = self.backend.search(final_query, **search_kwargs)
        self._results = results.get("results", [])
        self._hit_count = results.get("hits", 0)
        self._facet_counts = self.post_process_facets(results)
        self._spelling_suggestion = results.get("spelling_suggestion", None)
        self.all_words = results.get("all_words", self._hit_count)
        self.most_words = results.get("most_words", self._hit_count)


def with_loose(sqs, loose):
    """``sqs`` asking for ``loose`` words (:meth:`ArchiveQueryInterface.set_loose`)."""
    sqs = sqs._clone()
    sqs.query.set_loose(loose)
    return sqs


class PersianWhooshEngine(WhooshEngine):
    backend = PersianWhooshSearchBackend
    query = PersianWhooshSearchQuery

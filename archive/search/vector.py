"""Whole-index query evaluation with numpy: which statements match, their BM25 scores, order and facets.

Whoosh matches, scores, sorts and counts one document at a time in Python.
At 100,000 statements a common word (``گفت``) matches 70,000 of them, and a
search spent most of its 0.4 s calling the scorer and the document-length
reader per document, then walking the postings again to count them. Here a
parsed Whoosh query is evaluated as arrays over every document of the index:
a boolean mask of matches and a float score per document, combined with
``&``, ``|`` and ``+``. Ranking uses Whoosh's own BM25F formula, statistics and
document lengths, so the order is Whoosh's (the tests compare them); phrases
and ranges, whose matching needs positions or numeric terms, are matched by
Whoosh itself and only scored here.

Per-segment arrays (document lengths, sort keys, facet id tables, deletions)
are read once and kept while the segment exists, so a commit only reads the
new segment.
"""

import datetime
from itertools import accumulate, chain
from pickle import loads

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.fields import DATETIME
from whoosh.formats import Positions as PositionsFormat
from whoosh.scoring import BM25F
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length, length_to_byte

_LENGTHS = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)


class Unsupported(Exception):
    """The request needs something this evaluator does not do (the caller falls back to Whoosh)."""


class AtLeast(wq.Or):
    """Documents matching at least ``minimum`` of the subqueries, scored 1 plus their ``Or``.

    Whoosh's own ``Or(minmatch=...)`` is "not yet implemented"; here Whoosh
    answers it as every combination of ``minimum`` subqueries (a constant-score
    filter adding 1, as Whoosh scores a date range) and the ``Or`` of them all,
    which is what the evaluator computes directly by counting. (Whoosh's
    ``Require``, which would drop the 1, loses documents when it scores.)
    """

    def __init__(self, subqueries, minimum, boost=1.0):
        super().__init__(subqueries, boost=boost)
        self.minimum = minimum

    def __eq__(self, other):
        return super().__eq__(other) and self.minimum == other.minimum

    def __hash__(self):
        return super().__hash__() ^ hash(self.minimum)

    def __unicode__(self):
        return f"AtLeast({self.minimum}, {super().__unicode__()})"

    __str__ = __unicode__

    def normalize(self):
        return self

    def _rewrite(self):
        from itertools import combinations

        subs = list(self.subqueries)
        if self.minimum <= 1:
            return wq.Or(subs, boost=self.boost)
        combos = wq.Or([wq.And(list(c)) for c in combinations(subs, self.minimum)])
        return wq.AndMaybe(wq.ConstantScoreQuery(combos, 1.0), wq.Or(subs, boost=self.boost))

    def matcher(self, searcher, context=None):
        return self._rewrite().matcher(searcher, context)

    def docs(self, searcher):
        return self._rewrite().docs(searcher)


_MICROSECONDS_PER_DAY = 86_400 * 1_000_000
# The days a statement's date can plausibly take (Jalali 1278–1578): a date outside is a placeholder,
# and a search's date filter is clamped to them (Whoosh fails on years below 1000 or near 9999).
PLAUSIBLE_DATES = (datetime.date(1900, 1, 1), datetime.date(2199, 12, 31))


def plausible_date(day: datetime.date) -> datetime.date:
    """``day`` if it lies in :data:`PLAUSIBLE_DATES`, else the nearer end of the window (what a date
    filter searches for, and where :meth:`Evaluator.day_counts` stops counting)."""
    return min(max(day, PLAUSIBLE_DATES[0]), PLAUSIBLE_DATES[1])


# The same days as ordinals - 1 (Whoosh's microseconds since 0001-01-01, divided by a day).
_FIRST_DAY = PLAUSIBLE_DATES[0].toordinal() - 1
_LAST_DAY = PLAUSIBLE_DATES[1].toordinal() - 1
# A date column's value for a document without a date.
_NO_DATE = np.uint64(2**64 - 1)


class SegmentArrays:
    """Arrays read from each segment once, stacked once per set of segments.

    Only what a segment never changes (its columns and lengths): deletions mark
    an existing segment, so they are read per searcher (:meth:`Evaluator.live`).

    A search on an unchanged index reuses the stacked array; after a commit only
    the new segment is read, and arrays of merged-away segments are dropped.
    """

    def __init__(self):
        self._segments = {}
        self._stacked = {}
        self.postings = PostingsCache()

    def get(self, leaves, key, build):
        ids = tuple(reader.segment().segment_id() for reader, _offset in leaves)
        hit = self._stacked.get(key)
        if hit is not None and hit[0] == ids:
            return hit[1]
        parts = []
        for reader, _offset in leaves:
            cache_key = (reader.segment().segment_id(), key)
            if cache_key not in self._segments:
                self._segments[cache_key] = build(reader)
            parts.append(self._segments[cache_key])
        for cache_key in [k for k in self._segments if k[1] == key and k[0] not in ids]:
            del self._segments[cache_key]
        array = _stack(parts)
        self._stacked[key] = (ids, array)
        return array


def _stack(parts):
    if not parts:
        return np.zeros(0)
    if parts[0].ndim == 1:
        return np.concatenate(parts)
    width = max(p.shape[1] for p in parts)
    return np.vstack([np.pad(p, ((0, 0), (0, width - p.shape[1])), constant_values=-1) for p in parts])


def _numeric_column(column, doccount, sort_keys=False, column_type=None):
    """A Whoosh numeric column (fixed-size big-endian numbers) as an array of ``doccount`` values.

    As ``sort_keys``, unsigned columns (dates are 64-bit unsigned, a missing
    value the largest) are shifted by 2**63 so their order survives in int64.
    ``column_type`` (the schema's) gives the number type when the column is
    not stored as fixed-size numbers, e.g. in a segment where no document has
    a value and Whoosh answers every document with the default.
    """
    try:
        typecode, fixedlen, count, default = (
            column._typecode,
            column._fixedlen,
            column._count,
            column._default,
        )
        raw = column._dbfile.get(column._basepos, count * fixedlen) if count else b""
        values = np.frombuffer(raw, dtype=np.dtype(">" + typecode))[:doccount]
    except AttributeError:  # another column implementation: read it value by value
        typecode = getattr(column_type, "_typecode", "q")
        default = getattr(column_type, "_default", 0)
        values = np.array(
            [column[n] for n in range(doccount)], dtype=np.uint64 if typecode.isupper() else np.int64
        )
    out = np.full(doccount, default, dtype=np.uint64 if typecode.isupper() else np.int64)
    out[: len(values)] = values
    if sort_keys and typecode.isupper():
        return (out ^ np.uint64(1 << 63)).view(np.int64)
    return out


def _field_column(reader, fieldname, sort_keys=False):
    """A numeric field's column in one segment, as :func:`_numeric_column` reads it."""
    column = reader.column_reader(fieldname)
    column = column.raw_column() if hasattr(column, "raw_column") else column
    return _numeric_column(column, reader.doc_count_all(), sort_keys, reader.schema[fieldname].column_type)


def _id_table(reader, name):
    """docnum → the ids held by a comma-separated id field, -1 padded (32-bit: database ids)."""
    column = reader.column_reader(name) if reader.has_column(name) else None
    rows = [column[n] if column is not None else [] for n in range(reader.doc_count_all())]
    width = max((len(r) for r in rows), default=0) or 1
    table = np.full((len(rows), width), -1, dtype=np.int32)
    for n, row in enumerate(rows):
        for k, value in enumerate(row):
            text = value.decode("utf-8") if isinstance(value, bytes) else str(value)
            if text.isdigit():
                table[n, k] = int(text)
    return table


class PostingValues:
    """The encoded positions of a term's postings in one segment, in one buffer (``[i]`` → bytes).

    Whoosh unpickles them as one bytes object per posting; kept like that, a common word's
    postings took several times the memory of its ids and weights.
    """

    __slots__ = ("_blob", "_ends")

    def __init__(self, values=(), blocks=None):
        """From the values themselves, or from ``blocks``: (joined bytes, lengths) of each block of
        postings, as :func:`_postings` reads them (one block's bytes objects at a time, not a whole
        common word's hundreds of thousands, which leave the allocator's arenas fragmented)."""
        if blocks is None:
            values = list(values)
            blocks = [(b"".join(values), [len(v) for v in values])] if values else []
        self._blob = b"".join(blob for blob, _lengths in blocks)
        lengths = [np.asarray(block, dtype=np.int64) for _blob, block in blocks]
        ends = np.cumsum(np.concatenate(lengths)) if lengths else np.zeros(0, dtype=np.int64)
        self._ends = ends.astype(np.int32) if len(self._blob) < 2**31 else ends

    def __len__(self):
        return len(self._ends)

    def __getitem__(self, i):
        end = int(self._ends[i])
        return self._blob[int(self._ends[i - 1]) if i else 0 : end]

    @property
    def nbytes(self):
        return len(self._blob) + self._ends.nbytes


def _postings(reader, fieldname, text, with_values=False):
    """(docnums, weights, values) of a term in one segment, read block by block.

    ``values`` (the encoded positions of each posting, as :class:`PostingValues`) only when
    asked for, else None.
    """
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0), PostingValues(()) if with_values else None)
    if (fieldname, text) not in reader:
        return empty
    matcher = reader.postings(fieldname, text)
    while not isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "child"):
        matcher = matcher.child  # deletions are applied from the live mask instead
    ids, weights, values = [], [], [] if with_values else None
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            # A block's ids are stored as differences unless they fit in bytes (Whoosh's
            # _read_ids decodes them one by one in Python; a cumulative sum does it at once).
            raw = np.asarray(matcher._data[0], dtype=np.int64)
            ids.append(raw if matcher._byteids else np.cumsum(raw))
            matcher._read_weights()
            weights.append(np.asarray(matcher._weights, dtype=np.float64))
            if with_values:
                matcher._read_values()
                block = matcher._values
                values.append(
                    (b"".join(block), np.fromiter(map(len, block), dtype=np.int32, count=len(block)))
                )
            matcher._next_block()
        if not ids:
            return empty
        found = PostingValues(blocks=values) if with_values else None
        return np.concatenate(ids), np.concatenate(weights), found
    docnums, frequencies = [], []
    while matcher.is_active():
        docnums.append(matcher.id())
        frequencies.append(matcher.weight())
        if with_values:
            values.append(matcher.value())
        matcher.next()
    return (
        np.array(docnums, dtype=np.int64),
        np.array(frequencies, dtype=np.float64),
        PostingValues(values) if with_values else None,
    )


class PostingsCache:
    """Decoded postings of the terms found in many documents, kept across searches (least recently
    used first out, within :data:`POSTINGS_CACHE_BUDGET` bytes).

    Reading a term's postings means unpickling and decompressing Whoosh's blocks, and a
    common word (``مردم``, ``کشور``) at 100,000 statements has tens of thousands of them:
    most of a partial-match query's time. A segment never changes its postings (deletions
    are applied from the live mask), so an entry is keyed by the segment and stays right.
    Terms with fewer than :data:`POSTINGS_CACHE_MIN` postings are cheap to read and not kept.
    """

    def __init__(self, budget=None, minimum=None):
        import threading
        from collections import OrderedDict

        self._lock = threading.Lock()
        self.budget = POSTINGS_CACHE_BUDGET if budget is None else budget
        self.minimum = POSTINGS_CACHE_MIN if minimum is None else minimum
        self._entries = OrderedDict()
        self.nbytes = 0
        # Terms read once and kept for good, outside the budget (see :meth:`pin`).
        self._pinned = {}
        self.pinned_nbytes = 0

    def pin(self, reader, fieldname, text, with_values=True):
        """Read a term's postings in one segment and keep them for good, outside the budget (the most
        frequent words, read in gunicorn's master before the fork, so every worker shares one copy
        instead of decoding and keeping its own). Returns the bytes they take."""
        key = (reader.segment().segment_id(), fieldname, text)
        if key in self._pinned:
            return 0
        docnums, weights, values = _postings(reader, fieldname, text, with_values)
        found = (docnums.astype(np.int32), weights.astype(np.float32), values)
        size = found[0].nbytes + found[1].nbytes + (values.nbytes if values is not None else 0)
        with self._lock:
            self._pinned[key] = found
            self.pinned_nbytes += size
        return size

    def get(self, reader, fieldname, text, with_values):
        key = (reader.segment().segment_id(), fieldname, text)
        pinned = self._pinned.get(key)
        if pinned is not None and (pinned[2] is not None or not with_values):
            return pinned
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and (hit[2] is not None or not with_values):
                self._entries.move_to_end(key)
                return hit[:3]
        found = _postings(reader, fieldname, text, with_values)
        if len(found[0]) < self.minimum:
            return found
        docnums, weights, values = found
        # Whoosh's docnums and weights are 32-bit; kept at that size.
        found = (docnums.astype(np.int32), weights.astype(np.float32), values)
        size = found[0].nbytes + found[1].nbytes + (values.nbytes if values is not None else 0)
        with self._lock:
            if key in self._entries:
                self._drop(key)
            if size <= self.budget:
                self._entries[key] = (*found, size)
                self.nbytes += size
                while self.nbytes > self.budget:
                    self._drop(next(iter(self._entries)))
        return found

    def positions(self, reader, fieldname, text, values, decode):
        """(starts, flat) of a term's postings in one segment: the positions of posting ``i`` are
        ``flat[starts[i]:starts[i + 1]]``, decoded from ``values`` once and kept like its postings
        (a phrase of two common words checks tens of thousands of documents at once with them)."""
        key = (reader.segment().segment_id(), fieldname, text, "positions")
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                return hit[:2]
        decoded = [decode(values[i]) for i in range(len(values))]
        starts = np.zeros(len(decoded) + 1, dtype=np.int64)
        np.cumsum([len(d) for d in decoded], out=starts[1:])
        flat = np.fromiter(chain.from_iterable(decoded), dtype=np.int32, count=int(starts[-1]))
        size = starts.nbytes + flat.nbytes
        if len(values) >= self.minimum and size <= self.budget:
            with self._lock:
                if key not in self._entries:
                    self._entries[key] = (starts, flat, None, size)
                    self.nbytes += size
                    while self.nbytes > self.budget:
                        self._drop(next(iter(self._entries)))
        return starts, flat

    def _drop(self, key):
        self.nbytes -= self._entries.pop(key)[3]

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.nbytes = 0
            self._pinned.clear()
            self.pinned_nbytes = 0


# Decoded postings kept per process (see PostingsCache): about 2 MB for a word found in 70,000
# statements, positions included; terms in fewer statements than the minimum are read afresh each time.
POSTINGS_CACHE_BUDGET = 96 * 2**20
POSTINGS_CACHE_MIN = 1000
# The most frequent words' postings (with positions) read before the fork and shared by the workers
# (PostingsCache.pin, the backend's warm): at most this many bytes, in one copy for all of them.
SHARED_POSTINGS_BUDGET = 160 * 2**20


def _leading(lead, primary, limit):
    """Positions of the entries that can be among the first ``limit`` when sorted by ``lead``, then
    ``primary`` (smaller first), then anything else: every entry of a lower lead than the one
    where the count reaches ``limit``, and of that lead those with a primary key up to the
    ``limit``-th smallest (ties included). Linear (``np.partition``), where sorting is not."""
    candidates = np.arange(len(primary))
    if lead is not None:
        if lead.dtype == bool or (len(lead) and lead.min() >= 0 and lead.max() < 1024):
            # Tiers (a mask, or a small rank): counted in one pass rather than sorted.
            counts = np.bincount(lead.astype(np.int64))
            values = np.flatnonzero(counts)
            counts = counts[values]
        else:
            values, counts = np.unique(lead, return_counts=True)
        last = int(np.searchsorted(np.cumsum(counts), limit))  # the lead where the count reaches limit
        before = lead < values[last]
        limit -= int(before.sum())
        inside = np.flatnonzero(lead == values[last])
        chosen = inside[_smallest(primary[inside], limit)]
        return np.concatenate([np.flatnonzero(before), chosen])
    return candidates[_smallest(primary, limit)]


def _smallest(values, k):
    """Positions of the ``k`` smallest values, and of every value equal to the ``k``-th."""
    if k >= len(values):
        return np.arange(len(values))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    kth = np.partition(values, k - 1)[k - 1]
    return np.flatnonzero(values <= kth)


def _positions_decoder(fmt):
    """A function from a posting's value to its sorted positions: Whoosh's ``decode_positions``,
    or the same done in C for its plain ``Positions`` format (a pickled list of gaps)."""
    if type(fmt) is PositionsFormat:
        return lambda value: list(accumulate(loads(value[_INT_SIZE:] + b".")))
    return fmt.decode_positions


def _positions_of(starts, flat, rows):
    """(owner, positions): every position of postings ``rows`` (see :meth:`PostingsCache.positions`),
    each with the index in ``rows`` of the posting it belongs to."""
    lo, counts = starts[rows], starts[rows + 1] - starts[rows]
    owner = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, flat[np.repeat(lo, counts) + within].astype(np.int64)


def _within(a, b, window) -> bool:
    """Whether two sorted position lists hold a pair at most ``window`` apart (one merge pass)."""
    i = j = 0
    while i < len(a) and j < len(b):
        if abs(a[i] - b[j]) <= window:
            return True
        if a[i] < b[j]:
            i += 1
        else:
            j += 1
    return False


def _in_sequence(positions, slop):
    """Whether the words' position lists hold the words in order, each 1..slop after the previous.

    Whoosh's phrase (``SpanNear2`` ordered, mindist 1) grows a span word by word
    and allows the next word 1..slop positions after the span's end.
    """
    spans = {(p, p) for p in positions[0]}
    for following in positions[1:]:
        spans = {(start, p) for start, end in spans for p in following if end < p <= end + slop}
        if not spans:
            return False
    return bool(spans)


def _all_terms(q) -> bool:
    return bool(q.subqueries) and all(type(sub) is wq.Term for sub in q.subqueries)


def _zero_outside(q) -> bool:
    """Whether :meth:`Evaluator._node` scores ``q`` 0 wherever it does not match."""
    return type(q) in (wq.Term, wq.Phrase) or (
        type(q) is wq.Or and not q.minmatch and not q.scale and _all_terms(q)
    )


class Evaluator:
    """Evaluates parsed Whoosh queries over one searcher's documents."""

    def __init__(self, searcher, arrays: SegmentArrays):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.leaves = self.reader.leaf_readers() if self.reader.doc_count_all() else []
        self.n = self.reader.doc_count_all()
        self.arrays = arrays
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise Unsupported("scoring other than BM25F")
        self.B, self.K1 = weighting.B, weighting.K1
        self._live = None
        # Fields whose postings are read with their positions (for :meth:`near_pairs` afterwards).
        self.with_positions = frozenset()

    # Per-document arrays

    def live(self):
        """Documents not deleted. Per searcher, not per segment: deleting marks an existing segment."""
        if self._live is None:
            live = np.ones(self.n, dtype=bool)
            for reader, offset in self.leaves:
                if reader.has_deletions():
                    deleted = np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)
                    live[deleted + offset] = False
            self._live = live
        return self._live

    def length_codes(self, fieldname):
        """Each document's length in ``fieldname`` as Whoosh stores it: one byte
        (:data:`_LENGTHS` gives the length), so a million documents take a megabyte a field."""

        def build(reader):
            count = reader.doc_count_all()
            try:
                column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            except AttributeError:
                column = None
            if column is None:
                return np.array(
                    [length_to_byte(reader.doc_field_length(n, fieldname, 1) or 1) for n in range(count)],
                    dtype=np.uint8,
                )
            return _numeric_column(column, count).astype(np.uint8)

        return self.arrays.get(self.leaves, ("length", fieldname), build)

    def sort_keys(self, fieldname):
        def build(reader):
            return _field_column(reader, fieldname, sort_keys=True)

        if not self.reader.has_column(fieldname):
            raise Unsupported(f"no column to sort by {fieldname}")
        return self.arrays.get(self.leaves, ("sort", fieldname), build)

    def day_counts(self, mask, fieldname):
        """{date: number of matching documents on that day} from a date field's column.

        Documents without a date (the column's default, or a placeholder far
        outside the archive's years) are left out.
        """
        if not self.reader.has_column(fieldname):
            raise Unsupported(f"no column for {fieldname}")
        values = self.arrays.get(
            self.leaves, ("values", fieldname), lambda reader: _field_column(reader, fieldname)
        )
        # Whoosh stores a datetime as microseconds since 0001-01-01.
        days = (values[mask] // np.uint64(_MICROSECONDS_PER_DAY)).astype(np.int64)
        days = days[(days >= _FIRST_DAY) & (days <= _LAST_DAY)]
        if not len(days):
            return {}
        # Counted in one pass over the span of days found (a sort, np.unique, cost more at 1,000,000).
        first = int(days.min())
        counts = np.bincount(days - first)
        return {datetime.date.fromordinal(first + int(d) + 1): int(counts[d]) for d in np.flatnonzero(counts)}

    def id_table(self, fieldname):
        return self.arrays.get(self.leaves, ("ids", fieldname), lambda reader: _id_table(reader, fieldname))

    # Queries

    def evaluate(self, q, again=False):
        """(mask, scores): which documents match ``q`` and their scores (0 where not matching).

        ``again``: ``q`` shares terms with the query evaluated just before, whose postings are reused.
        """
        if not again:
            self._reads = {}
        self.counts = {}  # AtLeast query -> how many of its subqueries each document matches
        mask, scores = self._node(q)
        mask = mask & self.live()
        return mask, np.where(mask, scores, 0.0)

    def _empty(self):
        return np.zeros(self.n, dtype=bool), np.zeros(self.n)

    def _node(self, q):
        if isinstance(q, wq.Every):
            return self.live().copy(), np.zeros(self.n)
        if isinstance(q, type(wq.NullQuery)):
            return self._empty()
        if type(q) is wq.Term:
            return self._term(q.fieldname, q.text, q.boost)
        if type(q) is wq.And:
            mask, scores = self._node(q.subqueries[0]) if q.subqueries else self._empty()
            for sub in q.subqueries[1:]:
                m, s = self._node(sub)
                mask = mask & m
                scores = scores + s
            return mask, scores * q.boost
        if type(q) is wq.Or and not q.minmatch and not q.scale and _all_terms(q):
            return self._terms_union(q.subqueries, q.boost)
        if type(q) is wq.Or and not q.minmatch and not q.scale:
            mask, scores = self._empty()
            for sub in q.subqueries:
                m, s = self._node(sub)
                mask = mask | m
                scores = scores + np.where(m, s, 0.0)
            return mask, scores * q.boost
        if type(q) is AtLeast:
            count, scores = np.zeros(self.n, dtype=np.int32), np.zeros(self.n)
            for sub in q.subqueries:
                m, s = self._node(sub)
                count += m
                # A term, a phrase or an Or of terms scores 0 where it does not match.
                scores += s if _zero_outside(sub) else np.where(m, s, 0.0)
            mask = count >= max(q.minimum, 1)
            self.counts[q] = count  # for the caller: which match every subquery, or most of them
            return mask, np.where(mask, scores * q.boost + (1.0 if q.minimum > 1 else 0.0), 0.0)
        if type(q) is wq.ConstantScoreQuery:
            m, _s = self._node(q.child)
            return m, np.where(m, q.score, 0.0)
        if type(q) is wq.Not:  # Whoosh gives every non-matching document the query's boost
            m, _s = self._node(q.query)
            mask = self.live() & ~m
            return mask, np.where(mask, q.boost, 0.0)
        if type(q) is wq.AndNot:
            a, s = self._node(q.a)
            b, _s = self._node(q.b)
            return a & ~b, s
        if type(q) is wq.AndMaybe:
            a, s = self._node(q.a)
            b, t = self._node(q.b)
            return a, s + np.where(b, t, 0.0)
        if type(q) is wq.Phrase:
            return self._phrase(q)
        if (
            isinstance(q, wq.NumericRange)
            and isinstance(self.searcher.schema[q.fieldname], DATETIME)
            and self.reader.has_column(q.fieldname)
        ):
            return self._date_range(q)
        # Anything else (date ranges, ...) is matched by Whoosh; a constant-score
        # query adds its boost, as in Whoosh.
        mask = np.zeros(self.n, dtype=bool)
        mask[np.fromiter(self.searcher.docs_for_query(q), dtype=np.int64)] = True
        constant = q.boost if getattr(q, "constantscore", False) else 0.0
        return mask, np.where(mask, constant, 0.0)

    def _date_range(self, q):
        """A date range from the field's column in one comparison (Whoosh walks one term per date).

        Its bounds are Whoosh's numbers for dates (microseconds), as the column holds them.
        """
        values = self.arrays.get(
            self.leaves, ("values", q.fieldname), lambda reader: _field_column(reader, q.fieldname)
        )
        mask = values != _NO_DATE
        if q.start is not None:
            start = np.uint64(q.start)
            mask &= (values > start) if q.startexcl else (values >= start)
        if q.end is not None:
            end = np.uint64(q.end)
            mask &= (values < end) if q.endexcl else (values <= end)
        return mask, np.where(mask, q.boost if q.constantscore else 0.0, 0.0)

    def _read(self, fieldname, text, with_values=False):
        """[(offset, docnums, weights, values)] for a term in each segment ([] for an unknown field or
        word)."""
        reads = self.__dict__.setdefault("_reads", {})
        with_values = with_values or fieldname in self.with_positions
        if (fieldname, text, True) in reads:
            return reads[(fieldname, text, True)]
        key = (fieldname, text, with_values)
        if key not in reads:
            reads[key] = self._read_postings(fieldname, text, with_values)
        return reads[key]

    def _read_postings(self, fieldname, text, with_values):
        if fieldname not in self.searcher.schema:
            return []
        field = self.searcher.schema[fieldname]
        if isinstance(text, str):
            try:
                text = field.to_bytes(text)
            except ValueError:
                return []
        parts = []
        for reader, offset in self.leaves:
            docnums, weights, values = self.arrays.postings.get(reader, fieldname, text, with_values)
            if len(docnums):
                parts.append((offset, docnums, weights, values))
        return parts

    def _score(self, fieldname, text, parts, boost=1.0):
        """(mask, scores) of a term from its postings, scored as Whoosh scores it (0 elsewhere).

        Computed on the postings alone and then spread over the documents (a common word's
        postings are most of the index, but gathering them back out of a mask cost more)."""
        mask, scores = self._empty()
        docnums, values = self._posting_scores(fieldname, text, parts, boost)
        mask[docnums] = True
        scores[docnums] = values
        return mask, scores

    def _posting_scores(self, fieldname, text, parts, boost=1.0):
        """(docnums, scores) of a term's postings: each document holding it once, and its score."""
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        docnums = (
            np.concatenate([ids + offset for offset, ids, _weights, _values in parts])
            if len(parts) > 1
            else parts[0][1] + parts[0][0]
        )
        tf = np.concatenate([weights for _offset, _ids, weights, _values in parts]).astype(np.float64)
        field = self.searcher.schema[fieldname]
        if not field.scorable:
            return docnums, tf * boost  # Whoosh scores an unscored field by the posting's weight
        idf = self.searcher.idf(fieldname, text)
        avgfl = self.searcher.avg_field_length(fieldname) or 1
        fl = _LENGTHS[self.length_codes(fieldname)[docnums]]
        return docnums, (
            idf * ((tf * (self.K1 + 1)) / (tf + self.K1 * ((1 - self.B) + self.B * fl / avgfl))) * boost
        )

    def _terms_union(self, terms, boost):
        """An ``Or`` of terms (a query word in each field it is searched in): each term's postings
        added straight into one pair of arrays, in the order of the terms, as the ``Or`` adds them
        (the same sums to the last bit), instead of a pair of arrays for each term."""
        mask, scores = self._empty()
        for term in terms:
            docnums, values = self._posting_scores(
                term.fieldname, term.text, self._read(term.fieldname, term.text), term.boost
            )
            mask[docnums] = True
            scores[docnums] += values
        if boost != 1:
            scores *= boost
        return mask, scores

    def _term(self, fieldname, text, boost=1.0):
        return self._score(fieldname, text, self._read(fieldname, text), boost)

    def _phrase(self, q):
        """A phrase: documents holding every word, checked for the words' order and distance by position."""
        field = self.searcher.schema[q.fieldname] if q.fieldname in self.searcher.schema else None
        if field is None or not q.words or not field.format or not field.format.supports("positions"):
            return self._empty()
        reads = [self._read(q.fieldname, word, with_values=True) for word in q.words]
        mask, scores = self._empty()
        if not all(reads):
            return mask, scores
        decode = _positions_decoder(field.format)
        for _reader, offset in self.leaves:
            per_word = [next((p for p in parts if p[0] == offset), None) for parts in reads]
            if any(p is None for p in per_word):
                continue
            common = per_word[0][1]
            for part in per_word[1:]:
                common = np.intersect1d(common, part[1], assume_unique=True)
            if not len(common):
                continue
            rows = [np.searchsorted(part[1], common).tolist() for part in per_word]
            values = [part[3] for part in per_word]
            found = []
            if q.slop == 1:  # adjacent words, the common case: every document at once
                reader = next(r for r, o in self.leaves if o == offset)
                together = None
                last = len(values) - 1
                for i, (word, value, row) in enumerate(zip(q.words, values, rows, strict=True)):
                    starts, flat = self.arrays.postings.positions(reader, q.fieldname, word, value, decode)
                    owner, at = _positions_of(starts, flat, np.asarray(row, dtype=np.int64))
                    # One number per (document, position), each word's moved on to where the last
                    # word of the phrase would stand: the phrase is there when every word gives it.
                    keys = np.unique((owner << 32) | (at + (last - i)))
                    together = (
                        keys if together is None else np.intersect1d(together, keys, assume_unique=True)
                    )
                found = common[np.unique(together >> 32)].tolist()
            else:
                for j, docnum in enumerate(common.tolist()):
                    if _in_sequence([decode(v[r[j]]) for v, r in zip(values, rows, strict=True)], q.slop):
                        found.append(docnum)
            mask[np.asarray(found, dtype=np.int64) + offset] = True
        for word, parts in zip(q.words, reads, strict=True):
            scores = scores + self._score(q.fieldname, word, parts)[1]
        return mask, np.where(mask, scores * q.boost, 0.0)

    def near_pairs(self, docnums, fieldname, terms, window):
        """For each of ``docnums``: how many neighbouring pairs of ``terms`` (the query's words in
        order) stand within ``window`` positions of each other, either way round.

        Positions come from the postings the evaluation read (``with_positions`` names the field
        whose postings keep them), decoded only for the documents holding both words of a pair.
        """
        counts = np.zeros(len(docnums), dtype=np.int64)
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None or len(terms) < 2 or not field.format.supports("positions") or not len(docnums):
            return counts
        decode = _positions_decoder(field.format)
        docnums = np.asarray(docnums, dtype=np.int64)
        where = []  # per term: {index in docnums: (values, row)}
        for term in terms:
            found = {}
            for offset, ids, _weights, values in self._read(fieldname, term, with_values=True):
                local = docnums - offset
                rows = np.searchsorted(ids, local)
                inside = (rows < len(ids)) & (ids[np.minimum(rows, len(ids) - 1)] == local)
                for i in np.flatnonzero(inside).tolist():
                    found[i] = (values, int(rows[i]))
            where.append(found)
        decoded = {}

        def positions(k, i):
            if (k, i) not in decoded:
                values, row = where[k][i]
                decoded[(k, i)] = decode(values[row])
            return decoded[(k, i)]

        for k in range(len(terms) - 1):
            for i in where[k].keys() & where[k + 1].keys():
                counts[i] += _within(positions(k, i), positions(k + 1, i), window)
        return counts

    # Results

    def order(self, mask, scores, sort_field=None, reverse=False, first=None, ties=None, limit=None):
        """Matching docnums in result order: by score, or by a sort column as Whoosh sorts.

        Ties in score go by docnum as in Whoosh, or by the ``ties`` column,
        largest first (the newest statement, from its sort key), then docnum.
        ``first`` puts some documents before all others, each part in that order:
        a mask (the statements holding every word of a query first), or a rank per
        document (the tiers of a reader's query: lower first). ``limit``: only the
        first ``limit`` of the order, found without sorting the rest (the same ones).
        """
        docnums = np.flatnonzero(mask)
        lead = None if first is None else (~first[docnums] if first.dtype == bool else first[docnums])
        if sort_field is None:
            primary = -scores[docnums]
        else:
            keys = self.sort_keys(sort_field)[docnums]
            primary = ~keys if reverse else keys  # ~ reverses int64 order without overflow
        if limit is not None and limit < len(docnums):
            keep = _leading(lead, primary, limit)
            docnums, primary = docnums[keep], primary[keep]
            lead = lead[keep] if lead is not None else None
        lead = () if lead is None else (lead,)
        if sort_field is None:
            tie = () if ties is None else (~self.sort_keys(ties)[docnums],)
            ordered = docnums[np.lexsort((docnums, *tie, primary, *lead))]
        elif reverse:
            ordered = docnums[np.lexsort((-docnums, primary, *lead))]
        else:
            ordered = docnums[np.lexsort((docnums, primary, *lead))]
        return ordered if limit is None else ordered[:limit]

    def facet_counts(self, mask, fields, size=50):
        """{field: [(id, count), ...]} over the matching documents, most frequent first."""
        docnums = np.flatnonzero(mask)
        counts = {}
        for name in fields:
            values = self.id_table(name)[docnums].ravel() if self.n else np.zeros(0, dtype=np.int64)
            values = values[values >= 0]
            if not len(values):
                counts[name] = []
                continue
            tally = np.bincount(values)
            ids = np.flatnonzero(tally)
            order = np.lexsort((ids, -tally[ids]))[:size]
            counts[name] = [(str(int(ids[i])), int(tally[ids[i]])) for i in order]
        return counts

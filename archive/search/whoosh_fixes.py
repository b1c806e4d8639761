"""Fixes to Whoosh 2.7.4's segment reader and writer, applied once on import (by archive.search.backend).

1. When segments are merged (every commit that merges, and ``optimize``), Whoosh's writer copies each
   document's per-field lengths, asking the old segment's reader ``doc_field_length(doc, field)`` for
   every document and every field. For a field with no length column (ids, dates, keywords: anything
   not scored) the reader finds no cached column reader and checks the storage again, one ``stat()``
   per document and field: issue 15 measured it at 17% of a rebuild. A segment's files never change
   once written, so the absence of a column is cached like its presence.
2. Writing a segment's postings, Whoosh asks the new segment's length column for the document's length
   in that field once per posting (for the block's shortest and longest document), through five calls
   and a read of the column file each time: ~9% of a rebuild (cProfile, 2,000 statements). Here each
   field's lengths are read from its column once per segment written, into a table indexed by
   document, and every posting reads the table.
3. A writer given more postings than its ``limitmb`` sorts them in runs on disk, and Whoosh pickles
   each posting on its own into a run and unpickles it on its own: 10,000 statements took 52% longer
   to rebuild with runs (limitmb 128) than in memory. Here a run is pickled in chunks of
   :data:`RUN_CHUNK` postings and read back a chunk at a time (:func:`_chunks`); the runs hold the
   same postings in the same order.
4. A segment is one compound file, memory-mapped, and each part of it (postings, term index, columns)
   is opened as a ``BufferFile`` over a view of the map, which reads through a ``BytesIO`` of that view:
   a private copy of the part in every searching process. At 100,000 statements a gunicorn worker
   held ~420 MB of private memory after one search (275 MB of it the postings' copy; issue 15).
   Here the file reads the view itself, so a segment's pages stay in the page cache, shared by every
   process that maps them.
5. The runs are merged posting by posting in a heap (Whoosh's ``imerge``): at a million statements
   ~370 million heap steps. A run holds the postings added over one stretch of the rebuild, and
   postings reach the pool in document order for each term, so the postings of one term in one run
   are a consecutive range that need not be compared with another run's: here each run is read as
   its terms' groups of postings and the heap merges groups, ordered by term and then by the group's
   first document, so the postings come out in the same order as before.
6. Whoosh's pool estimates the size of each posting it is given, in Python, to decide when to write a
   run (~10% of a rebuild, cProfile at 10,000). Here a posting is appended to the pool as it comes
   and the pool's size is checked once per document, counting :data:`POSTING_BYTES` per posting
   (what Whoosh's estimate gives for a posting of our usual term and value): runs are written at
   document boundaries, about as often as before.
7. A field with a separate spelling word list (the statement text: the unreduced words "did you
   mean" is chosen from) adds each document's words to it as postings of document 0, so the list
   held one posting per word per document: 43% of a rebuild's postings (10,000 statements: 1.6 of
   3.7 million), sorted, merged and written for nothing, since only the list's words are read
   (``expand_prefix``). Here a word goes to the pool once per run (the words a run already holds are
   remembered until it is written), so the list holds the same words with far fewer duplicates.

Apart from 7 (the spelling list's repeated postings), nothing changes in what is read or written:
the lengths copied and the block statistics written are the same (``default`` or 0 where the column
is missing, ``None`` for a zero length byte, as Whoosh returns them), and the postings reach the
segment in the same order, so indexes and search results are identical.
"""

import contextvars
import heapq
import io
import pickle
from itertools import chain, groupby, islice
from operator import itemgetter

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3FieldWriter, W3PerDocReader, _lenfield
from whoosh.fields import FieldType
from whoosh.filedb.structfile import BufferFile
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

# Postings pickled together in a sorted run on disk (~1.5 MB of memory while one is read or written).
RUN_CHUNK = 10_000

# What one posting in the pool counts towards a writer's ``limitmb``: Whoosh's own estimate for a
# posting of a 6-letter term with a 14-byte value (tuple, field name, term, document, weight, value).
POSTING_BYTES = 180


def _cached_reader(self, fieldname, column):
    """The column reader for ``fieldname`` (None if the segment has no such column), looked up once."""
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


# What W3PerDocReader.doc_field_length returns for each length byte (None for 0, as it does).
_LENGTH_OF_BYTE = [byte_to_length(b) if b else None for b in range(256)]


class _LengthTables(dict):
    """fieldname → each document's length in that field, as ``lengths.doc_field_length`` gives it,
    read on first use (from the length column at once when ``lengths`` is a W3 segment's reader)."""

    def __init__(self, lengths):
        super().__init__()
        self._lengths = lengths

    def __missing__(self, fieldname):
        lengths = self._lengths
        count = lengths.doc_count_all()
        if isinstance(lengths, W3PerDocReader):
            column = lengths._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            table = bytes(count) if column is None else [_LENGTH_OF_BYTE[b] for b in column.load()]
        else:
            table = [lengths.doc_field_length(docnum, fieldname) for docnum in range(count)]
        self[fieldname] = table
        return table


class _TabledLengths:
    """Stands for a per-document reader in ``FieldWriter.add_postings``, which asks it nothing but
    ``doc_field_length(docnum, fieldname)``, once per posting."""

    def __init__(self, lengths):
        tables = _LengthTables(lengths)
        self.doc_field_length = lambda docnum, fieldname: tables[fieldname][docnum]


def _add_postings_with_length_tables(self, schema, lengths, items):
    return _add_postings(self, schema, _TabledLengths(lengths) if lengths else lengths, items)


def _write_run(self, f, items):
    """Write a sorted run (a list, or the iterator of runs being merged) in pickled chunks."""
    items = iter(items)
    while chunk := list(islice(items, RUN_CHUNK)):
        pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
    f.close()


def _chunks(self, path):
    """The pickled chunks of a run written by :func:`_write_run`, in order; the run is deleted after."""
    f = self._open_run(path)
    try:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return
    finally:
        f.close()
        self._remove_run(path)


_TERM = itemgetter(0, 1)  # a posting's (field name, term bytes)


def _term_groups(postings):
    """(field and term, first document, postings) for each term's consecutive postings."""
    for term, group in groupby(postings, key=_TERM):
        group = list(group)
        yield term, group[0][2], group


def _merge_runs(self, paths):
    """The postings of the runs in order, merged a term's group at a time (see 5 above).

    Groups of one term whose documents overlap (the spelling words Whoosh files under document 0) are
    merged posting by posting, as before."""
    runs = [_term_groups(chain.from_iterable(_chunks(self, path))) for path in paths]
    heap = []

    def advance(number):
        group = next(runs[number], None)
        if group is None:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (group[0], group[1], number, group[2]))

    for number, run in enumerate(runs):
        group = next(run, None)
        if group is not None:
            heap.append((group[0], group[1], number, group[2]))
    heapq.heapify(heap)
    while heap:
        term, _, number, postings = heap[0]
        advance(number)
        if not heap or heap[0][0] != term or heap[0][1] > postings[-1][2]:
            yield from postings
            continue
        groups = [postings]
        while heap and heap[0][0] == term:
            groups.append(heap[0][3])
            advance(heap[0][2])
        yield from heapq.merge(*groups)


def _pool_add(self):
    """The pool's ``add``: append the posting, no size estimate per posting (see 6 above)."""
    return self.current.append


# The pool of the writer adding a document, while it adds it (for 7 above).
_adding_to = contextvars.ContextVar("adding_to", default=None)


def _add_document(self, **fields):
    pool = self.pool
    token = _adding_to.set(pool)
    try:
        _segment_add_document(self, **fields)
    finally:
        _adding_to.reset(token)
    if len(pool.current) * POSTING_BYTES > pool.limit:
        pool.save()


def _spellable_words(self, value):
    """The document's spelling words that the pool of the writer adding it does not hold yet."""
    words = _field_spellable_words(self, value)
    pool = _adding_to.get()
    if pool is None:
        return words
    held = pool.__dict__.setdefault("spelled", {}).setdefault(id(self), set())
    fresh = [word for word in words if word not in held]
    held.update(fresh)
    return iter(fresh)


def _save_run(self):
    _pool_save(self)
    self.__dict__.pop("spelled", None)  # the next run lists its own words


class _ViewReader(io.RawIOBase):
    """A read-only file over a memoryview (a part of a memory-mapped segment), without a copy."""

    def __init__(self, view):
        super().__init__()
        self._view = memoryview(view).cast("B")
        self._position = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def readinto(self, buffer):
        view = self._view[self._position : self._position + len(buffer)]
        count = len(view)
        memoryview(buffer).cast("B")[:count] = view
        self._position += count
        return count

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}[whence]
        self._position = max(base + offset, 0)
        return self._position

    def tell(self):
        return self._position

    def close(self):
        self._view = memoryview(b"")  # lets the map close once every part is closed
        super().close()


def _buffer_file_init(self, buf, name=None, onclose=None):
    self._buf = buf
    self._name = name
    self.file = _ViewReader(buf) if isinstance(buf, memoryview) else io.BytesIO(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


if not getattr(BufferFile, "_archive_reads_the_view", False):
    BufferFile.__init__ = _buffer_file_init
    BufferFile._archive_reads_the_view = True
if not getattr(W3PerDocReader, "_archive_caches_missing_columns", False):
    W3PerDocReader._cached_reader = _cached_reader
    W3PerDocReader._archive_caches_missing_columns = True
if not getattr(W3FieldWriter, "_archive_tables_lengths", False):
    _add_postings = W3FieldWriter.add_postings
    W3FieldWriter.add_postings = _add_postings_with_length_tables
    W3FieldWriter._archive_tables_lengths = True
if not getattr(PostingPool, "_archive_writes_runs_in_chunks", False):
    PostingPool._write_run = _write_run
    PostingPool._archive_writes_runs_in_chunks = True
if not getattr(PostingPool, "_archive_merges_term_groups", False):
    PostingPool._merge_runs = _merge_runs
    PostingPool.add = property(_pool_add)
    _segment_add_document = SegmentWriter.add_document
    SegmentWriter.add_document = _add_document
    _field_spellable_words = FieldType.spellable_words
    FieldType.spellable_words = _spellable_words
    _pool_save = PostingPool.save
    PostingPool.save = _save_run
    PostingPool._archive_merges_term_groups = True

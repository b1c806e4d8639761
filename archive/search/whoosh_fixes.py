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

Nothing changes in what is read or written: the lengths copied and the block statistics written are
the same (``default`` or 0 where the column is missing, ``None`` for a zero length byte, as Whoosh
returns them), so indexes and search results are identical.
"""

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3FieldWriter, W3PerDocReader, _lenfield
from whoosh.util.numeric import byte_to_length


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


if not getattr(W3PerDocReader, "_archive_caches_missing_columns", False):
    W3PerDocReader._cached_reader = _cached_reader
    W3PerDocReader._archive_caches_missing_columns = True
if not getattr(W3FieldWriter, "_archive_tables_lengths", False):
    _add_postings = W3FieldWriter.add_postings
    W3FieldWriter.add_postings = _add_postings_with_length_tables
    W3FieldWriter._archive_tables_lengths = True

"""A fix to Whoosh 2.7.4's segment reader, applied once on import (by archive.search.backend).

When segments are merged (every commit that merges, and ``optimize``), Whoosh's writer copies each
document's per-field lengths, asking the old segment's reader ``doc_field_length(doc, field)`` for
every document and every field. For a field with no length column (ids, dates, keywords: anything
not scored) the reader finds no cached column reader and checks the storage again, one ``stat()``
per document and field: issue 15 measured it at 17% of a rebuild. A segment's files never change
once written, so the absence of a column is cached like its presence.

Nothing changes in what is read or written: the lengths copied are the same (``default`` when the
column is missing), so indexes and search results are identical.
"""

from whoosh.codec.whoosh3 import W3PerDocReader


def _cached_reader(self, fieldname, column):
    """The column reader for ``fieldname`` (None if the segment has no such column), looked up once."""
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


if not getattr(W3PerDocReader, "_archive_caches_missing_columns", False):
    W3PerDocReader._cached_reader = _cached_reader
    W3PerDocReader._archive_caches_missing_columns = True

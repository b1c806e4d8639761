"""The benchmark's baseline: haystack's stock Whoosh engine (English StemmingAnalyzer, stock
schema and search), written with the project's batch writer only so that building a 100k
baseline index does not take hours (haystack's per-document ``update_document`` slows as
segments accumulate). Searching is untouched.

It fits the interface :mod:`archive.search.service` asks of an engine by taking its defaults
(:class:`~archive.search.backend.ArchiveBackendInterface`,
:class:`~archive.search.backend.ArchiveQueryInterface`): no day facets, suggestions, related
statements or common-word statistics, and a reader's loose words all required."""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend, WhooshSearchQuery

from archive.search.backend import ArchiveBackendInterface, ArchiveQueryInterface, BatchUpdateMixin


class PlainWhooshSearchBackend(ArchiveBackendInterface, BatchUpdateMixin, WhooshSearchBackend):
    pass


class PlainWhooshSearchQuery(ArchiveQueryInterface, WhooshSearchQuery):
    pass


class PlainWhooshEngine(WhooshEngine):
    backend = PlainWhooshSearchBackend
    query = PlainWhooshSearchQuery

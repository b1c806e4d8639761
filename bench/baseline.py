"""The benchmark's baseline: haystack's stock Whoosh engine (English StemmingAnalyzer, stock
schema and search), written with the project's batch writer only so that building a 100k
baseline index does not take hours (haystack's per-document ``update_document`` slows as
segments accumulate). Searching is untouched."""

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend

from archive.search.backend import BatchUpdateMixin


class PlainWhooshSearchBackend(BatchUpdateMixin, WhooshSearchBackend):
    pass


class PlainWhooshEngine(WhooshEngine):
    backend = PlainWhooshSearchBackend

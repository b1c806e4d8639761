"""Rebuilding the index in bulk (one writer, one segment) gives the index haystack's batches give,
merged; the backend's optimize leaves an index in one segment alone."""

import pytest
from django.core.management import call_command
from haystack import connections
from haystack.query import SearchQuerySet
from whoosh import index as whoosh_index

from archive.models import Article
from archive.search.lock import index_lock


def _backend():
    return connections["default"].get_backend()


def _contents(path):
    """Everything a search reads from the index, by statement id: stored fields, field lengths, the terms
    of every field with their document frequencies, and the spelling words (their postings, all of
    document 0, are never read: a writer lists each word once per run of its pool)."""
    index = whoosh_index.open_dir(str(path))
    with index.searcher() as searcher:
        docs = {}
        for docnum in searcher.document_numbers():
            stored = searcher.stored_fields(docnum)
            lengths = {name: searcher.doc_field_length(docnum, name) for name in ("text", "title", "names")}
            docs[stored["id"]] = (stored, lengths)
        reader = searcher.reader()
        terms = {
            (field, text): None if field.startswith("spell_") else reader.doc_frequency(field, text)
            for field, text in reader.all_terms()
        }
        return docs, terms, len(reader.leaf_readers())


def test_a_bulk_rebuild_writes_one_segment_holding_what_batches_merged_hold(db, search_index):
    backend = _backend()
    backend.batch_size = 1  # one commit per statement: five segments
    call_command("rebuild_index", interactive=False, verbosity=0)
    docs, terms, segments = _contents(search_index)
    assert segments > 1
    backend.optimize()
    merged = _contents(search_index)
    assert merged[2] == 1 and merged[:2] == (docs, terms)

    with backend.bulk():
        call_command("rebuild_index", interactive=False, verbosity=0)
    bulk = _contents(search_index)
    assert bulk == merged and len(docs) == 5
    assert SearchQuerySet().filter(content="اطلاعرسانی").count() == 5


def test_optimize_leaves_an_index_in_one_segment_without_deletions_as_it_is(db, search_index):
    backend = _backend()
    with backend.bulk():
        call_command("rebuild_index", interactive=False, verbosity=0)

    def generation():
        return whoosh_index.open_dir(str(search_index)).latest_generation()

    before = generation()
    backend.optimize()
    assert generation() == before
    backend.remove(Article.objects.published().first())  # a deletion: merged away
    backend.optimize()
    assert generation() == before + 2
    assert whoosh_index.open_dir(str(search_index)).doc_count_all() == 4


def test_a_bulk_write_collects_garbage_less_often_and_restores_the_collector(db):
    import gc

    from archive.search.backend import BULK_GC_THRESHOLD

    before = gc.get_threshold()
    with _backend().bulk():
        assert gc.get_threshold() == (max(BULK_GC_THRESHOLD, before[0]), *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(ValueError), _backend().bulk():
        raise ValueError("a rebuild that fails")
    assert gc.get_threshold() == before


def test_searches_see_the_index_as_it_was_until_a_bulk_write_ends(db):
    backend = _backend()
    index = connections["default"].get_unified_index().get_index(Article)
    articles = list(Article.objects.published())
    Article.objects.filter(pk=articles[0].pk).update(title="واژهٔ تازهٔ بی‌همتا")
    with backend.bulk():
        backend.update(index, Article.objects.filter(pk=articles[0].pk))
        backend.update(index, articles[1:3])
        assert SearchQuerySet().filter(content="بی‌همتا").count() == 0
    assert SearchQuerySet().filter(content="بی‌همتا").count() == 1
    assert SearchQuerySet().count() == 5


def test_a_statement_written_twice_in_one_bulk_write_is_indexed_once(db):
    backend = _backend()
    index = connections["default"].get_unified_index().get_index(Article)
    article = Article.objects.published().first()
    with backend.bulk():
        backend.update(index, [article])
        backend.update(index, [article])
        backend.remove(article)
        backend.update(index, [article])
    assert SearchQuerySet().count() == 5
    assert [r.pk for r in SearchQuerySet().all() if int(r.pk) == article.pk] == [str(article.pk)]


def test_a_failed_write_abandons_the_bulk_write_and_releases_both_locks(db, monkeypatch):
    import whoosh.writing

    backend = _backend()
    index = connections["default"].get_unified_index().get_index(Article)
    articles = list(Article.objects.published())
    original = whoosh.writing.SegmentWriter.add_document
    calls = []

    def fails_on_the_second(self, **fields):
        calls.append(fields)
        if len(calls) == 2:
            raise ValueError("a document Whoosh refuses")
        return original(self, **fields)

    monkeypatch.setattr(whoosh.writing.SegmentWriter, "add_document", fails_on_the_second)
    with pytest.raises(ValueError):
        with backend.bulk():
            backend.update(index, articles[:1])
            with pytest.raises(ValueError):
                backend.update(index, articles[1:2])
            with pytest.raises(RuntimeError):  # haystack's retry: the bulk write is given up
                backend.update(index, articles[1:2])
    monkeypatch.undo()
    lock = backend.index.storage.lock("MAIN_WRITELOCK")
    assert lock.acquire(blocking=False), "the abandoned writer kept the index's write lock"
    lock.release()
    with index_lock(timeout=0):
        pass
    assert SearchQuerySet().count() == 5  # the index as it was
    backend.update(index, articles[:2])  # and the next write goes through
    assert SearchQuerySet().count() == 5


def test_the_sites_rebuild_writes_one_segment_in_bulk(db, search_index):
    from archive.search.queue import rebuild_index

    _backend().batch_size = 1  # haystack's batches would be five commits, then a merge
    before = whoosh_index.open_dir(str(search_index)).latest_generation()
    rebuild_index()
    docs, _terms, segments = _contents(search_index)
    assert segments == 1 and len(docs) == 5
    # One commit for the clearing, one for the bulk, nothing to merge.
    assert whoosh_index.open_dir(str(search_index)).latest_generation() - before <= 2

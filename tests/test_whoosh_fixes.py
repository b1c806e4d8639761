"""archive.search.whoosh_fixes: merging segments checks a missing length column once, not per document."""

from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Term

import archive.search.backend  # noqa: F401 - applies the fix, as serving and rebuilding do
from archive.search.whoosh_fixes import W3PerDocReader

DOCS_PER_SEGMENT = 300


def _two_segment_index(path):
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT, tag=fields.KEYWORD)
    index = FileStorage(str(path)).create().create_index(schema)
    for segment in range(2):
        writer = index.writer()
        for n in range(DOCS_PER_SEGMENT):
            number = segment * DOCS_PER_SEGMENT + n
            words = " ".join(["word"] * (1 + number % 7) + [f"w{number}"])
            writer.add_document(id=str(number), text=words, tag=f"t{number % 3}")
        writer.commit(merge=False)
    assert len(index.reader().leaf_readers()) == 2
    return index


def test_the_fix_is_applied_once():
    assert W3PerDocReader._archive_caches_missing_columns is True


def test_a_merge_checks_each_missing_column_once_and_copies_the_same_lengths(tmp_path, monkeypatch):
    index = _two_segment_index(tmp_path)
    with index.searcher() as searcher:
        before = {
            searcher.stored_fields(doc)["id"]: searcher.doc_field_length(doc, "text")
            for doc in searcher.document_numbers()
        }
    checks = []
    original = W3PerDocReader.has_column

    def counted(self, fieldname):
        checks.append(fieldname)
        return original(self, fieldname)

    monkeypatch.setattr(W3PerDocReader, "has_column", counted)
    index.optimize()
    # Unpatched, the KEYWORD and ID fields (no length column) were checked once per document each.
    assert len(checks) < 40, len(checks)
    assert len(index.reader().leaf_readers()) == 1
    with index.searcher() as searcher:
        after = {
            searcher.stored_fields(doc)["id"]: searcher.doc_field_length(doc, "text")
            for doc in searcher.document_numbers()
        }
        assert searcher.doc_count() == 2 * DOCS_PER_SEGMENT
        assert len(searcher.search(Term("text", "w17"))) == 1
    assert after == before and len(set(before.values())) == 7

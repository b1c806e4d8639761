"""archive.search.whoosh_fixes: merging segments checks a missing length column once, not per document;
writing a segment reads each field's lengths once, not per posting, and writes the same bytes."""

from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Term

import archive.search.backend  # noqa: F401 - applies the fix, as serving and rebuilding do
from archive.search.whoosh_fixes import W3FieldWriter, W3PerDocReader

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


def test_the_fixes_are_applied_once():
    assert W3PerDocReader._archive_caches_missing_columns is True
    assert W3FieldWriter._archive_tables_lengths is True


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


def _segment_bytes(index):
    """The bytes of the postings and term files of each segment (no segment ids in them)."""
    found = []
    for segment in index._segments():
        storage = segment.open_compound_file(index.storage) if segment.is_compound() else index.storage
        found.append(
            b"".join(storage.open_file(segment.make_filename(ext)).read() for ext in (".pst", ".trm"))
        )
    return found


def test_writing_and_merging_with_length_tables_write_the_same_bytes(tmp_path, monkeypatch):
    import whoosh.codec.base

    tabled = _two_segment_index(tmp_path / "tabled")
    lookups = []
    original = W3PerDocReader.doc_field_length

    def counted(self, *args, **kwargs):
        lookups.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(W3PerDocReader, "doc_field_length", counted)
    tabled.optimize()  # the merge copies each document's lengths: the only lookups left
    assert len(lookups) <= 2 * DOCS_PER_SEGMENT * len(tabled.schema.names()), len(lookups)
    monkeypatch.undo()
    monkeypatch.setattr(W3FieldWriter, "add_postings", whoosh.codec.base.FieldWriter.add_postings)
    plain = _two_segment_index(tmp_path / "plain")
    assert _segment_bytes(_two_segment_index(tmp_path / "plain-again")) == _segment_bytes(plain)
    plain.optimize()
    monkeypatch.undo()
    assert _segment_bytes(tabled) == _segment_bytes(plain)
    tabled_unmerged = _two_segment_index(tmp_path / "tabled-unmerged")
    monkeypatch.setattr(W3FieldWriter, "add_postings", whoosh.codec.base.FieldWriter.add_postings)
    assert _segment_bytes(tabled_unmerged) == _segment_bytes(_two_segment_index(tmp_path / "plain-unmerged"))


def _one_segment_index(path, **writer_args):
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), text=fields.TEXT(spelling=True))
    index = FileStorage(str(path)).create().create_index(schema)
    writer = index.writer(**writer_args)
    for number in range(3 * DOCS_PER_SEGMENT):
        writer.add_document(id=str(number), text=" ".join(f"w{(number * k) % 97}" for k in range(1, 60)))
    writer.commit()
    return index


def test_postings_sorted_in_runs_on_disk_write_the_same_segment_as_sorted_in_memory(tmp_path, monkeypatch):
    from whoosh.writing import PostingPool

    from archive.search import whoosh_fixes

    saved = []
    save = PostingPool.save

    def counted(self):
        saved.append(len(self.current))
        save(self)

    monkeypatch.setattr(PostingPool, "save", counted)
    monkeypatch.setattr(whoosh_fixes, "RUN_CHUNK", 1000)  # runs of several chunks
    in_runs = _one_segment_index(tmp_path / "runs", limitmb=1)
    assert len(saved) > 3 and max(saved) > 1000, saved  # sorted in several runs of several chunks
    saved.clear()
    in_memory = _one_segment_index(tmp_path / "memory", limitmb=256)
    assert saved == []
    assert _segment_bytes(in_runs) == _segment_bytes(in_memory)
    with in_runs.searcher() as searcher:
        assert searcher.doc_count() == 3 * DOCS_PER_SEGMENT
        assert len(searcher.search(Term("text", "w5"), limit=None)) > 0


def test_a_segment_part_reads_the_map_itself_not_a_copy(tmp_path):
    import gc
    import mmap
    import pickle
    from array import array

    from whoosh.filedb.structfile import BufferFile

    from archive.search.whoosh_fixes import _ViewReader

    # Reads through the view give what reads through a copy give.
    numbers = array("i", range(50))
    numbers.byteswap()  # Whoosh stores arrays big-endian
    payload = pickle.dumps(["گفت", 12, b"\x00\x01"], 2) + numbers.tobytes() + b"line\nrest"
    (tmp_path / "part").write_bytes(payload)
    with open(tmp_path / "part", "rb") as raw, mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
        part = memoryview(mapped)
        view, copy = BufferFile(part), BufferFile(payload)
        assert isinstance(view.file, _ViewReader) and view.file._view.obj is mapped
        for f in (view, copy):
            assert f.read_pickle() == ["گفت", 12, b"\x00\x01"]
            assert list(f.read_array("i", 50)) == list(array("i", range(50)))
            assert f.read(5) == b"line\n" and f.tell() == len(payload) - 4
        for f in (view, copy):
            f.seek(-4, 2)
            assert f.read() == b"rest" and f.read(3) == b""
            f.seek(2)
            assert f.get(0, 3) == payload[:3] and f.read(2) == payload[2:4]
        view.close()
        del view, f
        gc.collect()  # the file objects may sit in a cycle; the map closes once no view is left
        part.release()

    # And a searcher over a real index reads its postings through such a view.
    index = _two_segment_index(tmp_path / "index")
    index.optimize()
    with index.searcher() as searcher:
        assert isinstance(searcher.reader()._terms._postfile.file, _ViewReader)
        assert len(list(searcher.search(Term("text", "word"), limit=None))) == 2 * DOCS_PER_SEGMENT


def _spelled_index(path, **writer_args):
    """Documents of words w0…w96 (several each) in a field whose analyzer stems, so its unreduced
    words go to a spelling word list of their own (as the statement text's do)."""
    from whoosh.analysis import StemmingAnalyzer

    schema = fields.Schema(
        id=fields.ID(stored=True), text=fields.TEXT(analyzer=StemmingAnalyzer(), spelling=True)
    )
    index = FileStorage(str(path)).create().create_index(schema)
    writer = index.writer(**writer_args)
    for number in range(3 * DOCS_PER_SEGMENT):
        writer.add_document(id=str(number), text=" ".join(f"w{(number * k) % 97}" for k in range(1, 60)))
    writer.commit()
    return index


def test_a_writer_lists_a_spelling_word_once_per_run_with_the_same_words(tmp_path, monkeypatch):
    from whoosh.writing import PostingPool

    saved = []
    save = PostingPool.save

    def counted(self):
        saved.append(len(self.current))
        save(self)

    monkeypatch.setattr(PostingPool, "save", counted)
    in_memory = _spelled_index(tmp_path / "memory", limitmb=256)
    assert saved == []
    in_runs = _spelled_index(tmp_path / "runs", limitmb=1)
    runs = len(saved) + 1  # the last run is written at the commit
    assert runs > 3
    words = {f"w{n}" for n in range(97)}  # every document's words are among these
    for index, most in ((in_memory, 1), (in_runs, runs)):
        with index.searcher() as searcher:
            reader = searcher.reader()
            spelled = {
                text.decode(): reader.doc_frequency("spell_text", text)
                for text in reader.lexicon("spell_text")
            }
            assert set(spelled) == words  # the word list "did you mean" reads, as Whoosh writes it
            assert max(spelled.values()) <= most < 3 * DOCS_PER_SEGMENT  # Whoosh: one per document
            assert {text.decode() for text in reader.lexicon("text")} == words
            assert len(searcher.search(Term("text", "w5"), limit=None)) > 0

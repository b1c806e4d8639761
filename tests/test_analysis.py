"""The Persian analyzer: spelling variants meet, different words stay apart, offsets hold."""

import json
import random
from pathlib import Path

import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from archive.search.analysis import PersianAnalyzer, analyze, analyze_word

Z = "\u200c"

# Each row: spellings people really type for the same word(s), from the seeds and agency text.
SAME = [
    ("اطلاع" + Z + "رسانی", "اطلاع رسانی", "اطلاعرسانی"),
    ("روابط" + Z + "عمومی" + Z + "ها", "روابط عمومی ها", "روابط عمومیها", "روابط عمومی"),
    ("می" + Z + "شود", "می شود", "میشود"),
    ("خنثی" + Z + "سازی", "خنثیسازی"),
    ("رئیس", "رییس", "رئيس", "رئـیس"),
    ("مؤثر", "موثر"),
    ("نمائیم", "نماییم"),
    ("كتاب", "کتاب"),
    ("يك", "یک"),
    ("مدرسة", "مدرسه"),
    ("أحمد", "احمد"),
    ("آمریکا", "امریکا"),
    ("محمّد", "محمد"),
    ("مُحَمَّد", "محمد"),
    ("سـلام", "سلام"),
    ("اطلاع\u200dرسانی", "اطلاعرسانی"),
    ("اطلاع\u00adرسانی", "اطلاعرسانی"),
    ("\u200fروابط\u200e", "روابط"),
    ("۱۴۰۴", "١٤٠٤", "1404"),
    ("۱۲٫۵", "12.5", "١٢٫٥"),
    ("تحریم", "تحریمها", "تحریمهای", "تحریم" + Z + "های"),
    ("مدیر", "مدیران"),
    ("شهروند", "شهروندان"),
    ("فعال", "فعالتر", "فعال" + Z + "ترین"),
    ("شورا", "شورای"),
    ("رابطه", "رابطهی", "رابطه" + Z + "ی", "رابطهٔ"),
    ("گونه", "گونهای", "گونه" + Z + "ای"),
    ("گفت", "می" + Z + "گوید", "میگوید", "گفته است", "گفتند", "نمی" + Z + "گوید"),
    ("فناوری", "فناوریهای", "فناوری" + Z + "های"),
]

# Each row: words that must never match each other.
APART = [
    ("شهر", "شهرداری"),
    ("شهر", "شهرستان"),
    ("بار", "باران"),
    ("جو", "جوان"),
    ("دف", "دفتر"),
    ("انتخاب", "انتخابات"),
    ("اطلاع", "اطلاعات"),
    ("فرماندار", "فرمانداری"),
    ("مرد", "مردم"),
    ("سیاسی", "سیاست"),
    ("ایران", "ایر"),
    ("نشان", "ن"),
    ("آسمان", "اسم"),
    ("رأی", "را"),
]


@pytest.mark.parametrize("variants", SAME, ids=lambda v: v[0])
def test_spelling_variants_give_the_same_terms(variants):
    expected = analyze(variants[0])
    assert expected, variants[0]
    for variant in variants[1:]:
        assert analyze(variant) == expected, (variant, analyze(variant), expected)


@pytest.mark.parametrize("a, b", APART)
def test_different_words_stay_apart(a, b):
    assert not set(analyze(a)) & set(analyze(b)), (a, analyze(a), b, analyze(b))


@pytest.mark.parametrize("word", ["نشست", "رشد", "خطر", "جدید", "انتخابات", "فرمانداری", "مردم"])
def test_news_words_are_not_stop_words(word):
    assert analyze_word(word) == (word,)


@pytest.mark.parametrize("word", ["و", "در", "به", "از", "که", "را", "ها", "های", "می"])
def test_function_words_are_dropped(word):
    assert analyze_word(word) == ()


def test_numbers_and_dates_stay_numbers():
    assert analyze("در سال ۱۴۰۴ رشد ۳٫۵ درصد") == ["سال", "1404", "رشد", "3.5", "درصد"]
    assert analyze("date 2025-12-10") == ["date", "2025", "12", "10"]
    # Punctuation other than a decimal point between digits separates tokens.
    assert analyze("https://example.com/a?b=1") == ["https", "example", "com", "a", "b", "1"]
    assert analyze("۶۰‌بازی") == analyze("۶۰بازی") == ["60", "بازی"]


def test_offsets_point_into_the_original_text():
    text = "نقش روابط\u200cعمومی\u200cها در اطلاع\u200cرسانی محمّد"
    spans = [
        (t.text, text[t.startchar : t.endchar], t.pos)
        for t in PersianAnalyzer()(text, positions=True, chars=True)
    ]
    assert ("روابط", "روابط\u200cعمومی\u200cها", 1) in spans
    assert ("عمومی", "روابط\u200cعمومی\u200cها", 2) in spans
    assert ("محمد", "محمّد", 5) in spans
    # Positions are consecutive; dropped function words take none.
    assert [t[2] for t in spans] == list(range(len(spans)))


def _whoosh(docs):
    schema = Schema(
        id=ID(stored=True), text=TEXT(analyzer=PersianAnalyzer(), phrase=True, multitoken_query="phrase")
    )
    ix = RamStorage().create_index(schema)
    with ix.writer() as writer:
        for doc_id, text in docs.items():
            writer.add_document(id=doc_id, text=text)
    return ix


def _ids(ix, query):
    with ix.searcher() as searcher:
        parsed = QueryParser("text", ix.schema).parse(query)
        return {hit["id"] for hit in searcher.search(parsed, limit=None)}


def test_whoosh_finds_each_spelling_in_both_directions():
    docs = {
        "zwnj": "کمیته اطلاع\u200cرسانی ستاد",
        "space": "کمیته اطلاع رسانی ستاد",
        "joined": "کمیته اطلاعرسانی ستاد",
        "other": "اطلاعات ستاد رسانه",
    }
    ix = _whoosh(docs)
    for query in ("اطلاع\u200cرسانی", "اطلاعرسانی", '"اطلاع رسانی"'):
        assert _ids(ix, query) == {"zwnj", "space", "joined"}, query
    assert _ids(ix, "اطلاع") == {"zwnj", "space", "joined"}
    assert _ids(ix, "اطلاعات") == {"other"}


AGENCY = Path(__file__).parent / "data" / "agency_news_80.jsonl"


def _variant(word, rng):
    """A way a person might type ``word``: ZWNJ lost or spaced, Arabic letters, harakat."""
    forms = [word.replace(Z, ""), word.replace(Z, " "), word.replace("ی", "ي").replace("ک", "ك")]
    if len(word) > 3 and Z not in word:
        forms.append(word[:2] + "\u064e" + word[2:])
    return rng.choice(forms)


def test_variant_queries_find_what_the_original_finds_on_real_agency_text():
    """Typed variants of 200 real ZWNJ words on 80 real 2025 articles find the same statements.

    The issue's target is recall >= 0.95 (measured here: 194/199). The misses left
    are compounds the lexicon does not hold and no split recovers when written
    joined (حمایتگر, موشنگرافی, علاوهبرعرضه), زمینهای (read as زمین + های, the more
    frequent stem) and the spaced می مانند (مانند 'like': spacing is fixed on the raw query).
    """
    rows = [json.loads(line) for line in AGENCY.read_text(encoding="utf-8").splitlines()]
    docs = {str(i): f"{r['title']}\n{r['lead']}\n{r['text']}" for i, r in enumerate(rows)}
    ix = _whoosh(docs)
    rng = random.Random(1404)
    words = sorted({w for text in docs.values() for w in text.split() if Z in w and len(w) > 5})
    sample = rng.sample(words, 200)
    misses, tried = [], 0
    for word in sample:
        clean = word.strip("«»()[]،؛.:!؟\"'")
        if not analyze(clean):
            continue
        tried += 1
        quoted = '"' + clean.replace(Z, " ") + '"'
        expected = _ids(ix, quoted)
        got = _ids(ix, '"' + _variant(clean, rng).replace(Z, " ") + '"')
        if got != expected:
            misses.append((clean, len(expected), len(got)))
    assert tried >= 150
    assert 1 - len(misses) / tried >= 0.95, misses


def test_the_analyzer_version_is_stored_with_the_index_schema():
    """An index records the analyzer version it was built with, so a changed analyzer is noticed."""
    import pickle

    from archive.search.analysis import ANALYZER_VERSION, PersianTokenizer

    ix = _whoosh({"a": "کتاب"})
    stored = pickle.loads(pickle.dumps(ix.schema))["text"].analyzer
    assert stored.version == ANALYZER_VERSION and stored == PersianAnalyzer()
    old = PersianTokenizer.__new__(PersianTokenizer)  # unpickled from an index older than versions
    assert old.version != ANALYZER_VERSION and old != PersianAnalyzer()

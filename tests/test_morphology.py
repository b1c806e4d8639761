"""Persian morphology, tested on cases generated from hazm's lexicon and verb list.

Each generated test draws a fixed-seed sample from hazm's data and asserts a rate:
a tuning sample (seed 13) that was read while the rules were written, and a held-out
sample (seed 14, disjoint from it) whose failures were never looked at. The rates
asserted are a little below those measured, so a change that breaks a rule family
fails, and one that loses a few rare words does not.
"""

import random
import re
import time
from collections import Counter, defaultdict
from functools import lru_cache

import pytest
from hazm.utils import verbs_list, words_list

from archive.search import analysis
from archive.search.analysis import MAX_TOKEN_LENGTH, analyze, analyze_word, fold

Z = "\u200c"
SAMPLE = 3000


@lru_cache(maxsize=1)
def _entries():
    """hazm's word list: word → (tags, frequency), every entry of a word merged."""
    tags, freq = defaultdict(set), Counter()
    for word, count, word_tags in words_list():
        tags[word] |= set(word_tags)
        freq[word] = max(freq[word], count)
    return tags, freq


def _tagged(word):
    tags = _entries()[0].get(word)
    return bool(tags) and "0" not in tags


def _is_own_word(word):
    """A tagged word that hazm does not tag as a plural: a word of its own (باران, نوجوان)."""
    return _tagged(word) and "PL" not in _entries()[0][word]


def _samples(seed_of_part):
    """Disjoint tuning (seed 13) and held-out (seed 14) samples of tagged nouns."""
    tags = _entries()[0]
    lemmas = sorted(
        w for w, t in tags.items() if _tagged(w) and "N" in t and "PL" not in t and Z not in w and len(w) >= 3
    )
    tune = random.Random(13).sample(lemmas, SAMPLE)
    rest = sorted(set(lemmas) - set(tune))
    return tune if seed_of_part == "tune" else random.Random(14).sample(rest, SAMPLE)


# A plural suffix and what may follow it (ezafe or indefinite ی, a possessive clitic).
PLURALS = ("ها", "ان", "گان", "ات", "ین")
AFTER = ("", "ی", "ش", "شان", "مان")


def _plural_cases(part):
    """(singulars, form, plural suffix): every plural (+ clitic) of a sampled noun that hazm lists untagged or
    PL.

    A form that hazm tags as a word of its own, or whose plural part is one, is no plural
    (نوجوانی is نوجوان + ی). ات after ه replaces it (مصوبه → مصوبات); گان only follows ه.
    """
    tags = _entries()[0]
    cases = []
    for lemma in _samples(part):
        for plural in PLURALS:
            if plural == "گان" and not lemma.endswith("ه"):
                continue
            base = lemma[:-1] if plural in ("گان", "ات") and lemma.endswith("ه") else lemma
            for after in AFTER:
                if plural == "ها" and after:
                    after = "ی" + after if after != "ی" else "ی"
                form = base + plural + after
                if form not in tags or _is_own_word(form) or (after and _is_own_word(base + plural)):
                    continue
                # A plural in ات of a consonant-final noun may be the plural of noun + ه (طبقات).
                singulars = {lemma, lemma + "ه"} if plural == "ات" and _tagged(lemma + "ه") else {lemma}
                cases.append((singulars, form, plural))
                if plural == "ها":
                    cases.append((singulars, base + Z + plural + after, plural))
    return cases


def _meets(singulars, form):
    return any(analyze(form) == analyze(s) for s in singulars)


# Measured, ین aside: tune 489/496 = 0.986 (ها 52/52, ان 204/209, ات 223/224, گان 10/11), held
# out 469/479 = 0.979 (ها 42/44, ان 196/202, ات 220/221, گان 11/12); the analyzer before these
# rules: 285/496 and 275/479 (no گان or ه→ات at all). Most ین forms hazm lists are no plurals
# (adjectives in -ین such as فولادین, duals such as قطبین, names such as مهرین): the analyzer
# meets 10/75 and 13/65 of them, every one a real plural (مسئولین, معلمین); its precision on
# ین is held by the traps below.
@pytest.mark.parametrize("part, threshold", [("tune", 0.95), ("held-out", 0.95)])
def test_plurals_hazm_lists_meet_their_singular(part, threshold):
    cases = _plural_cases(part)
    by_suffix, met = Counter(), Counter()
    for singulars, form, suffix in cases:
        by_suffix[suffix] += 1
        met[suffix] += _meets(singulars, form)
    assert len(cases) >= 300 and set(by_suffix) >= {"ها", "ان", "ات", "ین", "گان"}, by_suffix
    counted = [suffix for suffix in by_suffix if suffix != "ین"]
    rate = sum(met[s] for s in counted) / sum(by_suffix[s] for s in counted)
    misses = (
        [(s, f, analyze(f)) for s, f, _p in cases if not _meets(s, f)][:20]
        if part == "tune"
        else "(held out)"
    )
    assert rate >= threshold, (rate, {k: f"{met[k]}/{n}" for k, n in by_suffix.items()}, misses)
    # گان has a dozen cases per sample, one of them a look-alike (تنگان): 0.85 there.
    for suffix in counted:
        assert met[suffix] / by_suffix[suffix] >= {"گان": 0.85}.get(suffix, 0.93), (
            suffix,
            met,
            by_suffix,
            misses,
        )
    assert met["ین"] >= 8, met  # the real ones: مسئولین, معلمین, مهندسین, ...


def _verb_sample(part):
    verbs = sorted(v for v in verbs_list() if v.split("#")[0] and len(v.split("#")[1]) >= 2)
    rng = random.Random(13 if part == "tune" else 14)
    order = rng.sample(verbs, len(verbs))
    return order[:250] if part == "tune" else order[250:500]


def _verb_forms(verb):
    """One-token forms of ``verb`` people write, built from its stems the way Persian spells them."""
    past, present = verb.split("#")
    glide = present[:1] in ("ا", "آ")
    bare_present = present[1:] if present[:1] == "ا" else present
    prefixed = [
        ("ب", "بی" + bare_present if glide else "ب" + present),
        ("ن", "نی" + bare_present if glide else "ن" + present),
    ]
    forms = [
        past,
        past + "ند",
        past + "یم",
        past + "ه",
        "ن" + past if not glide else None,
        "می" + Z + present + "د",
        "می" + present + "ند",
        "نمی" + Z + present + "یم",
    ]
    forms += [stem + "د" for _p, stem in prefixed] + [stem + "ند" for _p, stem in prefixed]
    return [f for f in forms if f]


@pytest.mark.parametrize("part, threshold", [("tune", 0.88), ("held-out", 0.88)])
def test_verb_forms_meet_at_one_stem(part, threshold):
    """Present and past stems meet, with می/نمی/ب/ن and the glide ی (بیفتد, نیفتاد).

    Measured: tune 0.906, held out 0.921 (the analyzer before these rules: 0.856, 0.870). The misses are
    mostly hazm verbs that share a present stem with another verb (کش: کشید and کشت), where
    one verb's forms go to the other's stem, and malformed entries (آهیخت#آهنج یا آهاز).
    """
    met = total = 0
    misses = []
    for verb in _verb_sample(part):
        past = verb.split("#")[0]
        expected = analyze(past)
        for form in _verb_forms(verb):
            total += 1
            if analyze(form) == expected:
                met += 1
            elif part == "tune":
                misses.append((verb, form, analyze(form), expected))
    assert total >= 1500
    assert met / total >= threshold, (met / total, misses[:20])


def _plain_spellings(word):
    """How a writer without the hamza spells ``word``: the seat letter, or (before و) no seat."""
    plain = word.replace("ئ", "ی").replace("ؤ", "و").replace("أ", "ا")
    yield plain
    for seat in ("ئو", "ؤو"):
        if seat in word:
            yield word.replace(seat, "و")
    if word.endswith("اء"):
        yield word[:-1]


# Measured: tune 255/257, held out 256/259 (the analyzer before these rules: 184/257, 182/259).
@pytest.mark.parametrize("part, threshold", [("tune", 0.97), ("held-out", 0.97)])
def test_hamza_spellings_meet(part, threshold):
    tags, freq = _entries()
    words = sorted(
        w
        for w in tags
        if _tagged(w)
        and Z not in w
        and any(c in w for c in "ئؤأ")
        and freq[w] > 0
        or (_tagged(w) and w.endswith("اء"))
    )
    rng = random.Random(13 if part == "tune" else 14)
    order = rng.sample(words, len(words))
    half = len(order) // 2
    sample = order[:half] if part == "tune" else order[half:]
    cases = [(w, p) for w in sample for p in _plain_spellings(w) if p != w]
    met = [analyze(p) == analyze(w) for w, p in cases]
    assert len(cases) >= 200
    misses = [c for c, ok in zip(cases, met, strict=True) if not ok][:20] if part == "tune" else "(held out)"
    assert sum(met) / len(cases) >= threshold, (sum(met) / len(cases), misses)


@pytest.mark.parametrize(
    "variants",
    [
        ("مسأله", "مسئله", "مساله"),
        ("مؤسسه", "موسسه"),
        ("مسؤول", "مسئول", "مسوول", "مسول"),
        ("تأمین", "تامین"),
        ("اجزاء", "اجزا"),
        ("امضاء", "امضا"),
        ("سؤال", "سوال", "سئوال"),
        ("مسئولیت", "مسؤولیت", "مسوولیت"),
        ("جزء", "جزو"),
        ("نماینده", "نمایندگان", "نمایندگانی"),
        ("اقدام", "اقدامات", "اقداماتش"),
        ("مصوبه", "مصوبات"),
        ("مسئول", "مسئولین", "مسئولان", "مسئولانشان", "مسوولین"),
        ("راننده", "رانندگان"),
        ("تحریم", "تحریمهایشان", "تحریم" + Z + "هایشان"),
        ("مسجد", "مساجد", "مساجدی"),
        ("ساخت", "می" + Z + "سازد", "ساخته", "بسازند", "نمیسازد"),
        ("نوشت", "می" + Z + "نویسند", "بنویسد", "نوشته"),
        ("افتاد", "بیفتد", "نیفتاد", "می" + Z + "افتد"),
        ("امد", "نیامد", "بیاید", "می" + Z + "اید"),
        ("حمل" + Z + "و" + Z + "نقل", "حمل و نقل", "حملونقل", "حمل" + Z + "ونقل"),
        ("نقل و انتقالات", "نقلوانتقالات", "نقل" + Z + "وانتقالات"),
        ("روابط عمومی", "روابطعمومیها", "روابط" + Z + "عمومی" + Z + "ها", "روابط عمومیهای"),
        ("محمد رضا", "محمدرضا"),
        ("سینما", "سینمایی"),
        ("بیشتر", "بیشتری"),
        ("گفت و گو", "گفتوگو", "گفت" + Z + "وگو"),
        ("اطلاع رسانی", "اطلاعرسانیها", "اطلاع" + Z + "رسانی"),
    ],
)
def test_spellings_and_inflections_meet(variants):
    expected = analyze(variants[0])
    assert expected
    for variant in variants[1:]:
        assert analyze(variant) == expected, (variant, analyze(variant), expected)


# Over-stemming traps: each pair is two words, and stays two.
TRAPS = [
    ("شهر", "شهرداری"),
    ("انتخاب", "انتخابات"),
    ("مرد", "مردم"),
    ("بار", "باران"),
    ("جو", "جوان"),
    ("اطلاع", "اطلاعات"),
    ("تأسیس", "تأسیسات"),
    ("فرماندار", "فرمانداری"),
    ("سیاسی", "سیاست"),
    ("راننده", "رانندگی"),
    ("مسئول", "مسئولیت"),
    ("سنگ", "سنگین"),
    ("والد", "والدین"),
    ("زر", "زرین"),
    ("کرم", "کرمان"),
    ("سیم", "سیمان"),
    ("دام", "دامان"),
    ("دام", "دامغان"),
    ("بند", "بنده"),
    ("بند", "بندر"),
    ("جز", "جزء"),
    ("سال", "سؤال"),
    ("روس", "رئوس"),
    ("پل", "پلیس"),
    ("مرد", "مردان" + "ه"),
    ("ایران", "ایر"),
    ("نشان", "ن"),
    ("دفتر", "دف"),
    ("مسجد", "مسجدسلیمان"),
    ("بند", "ببندد"),
    ("گره", "گرگان"),
    ("خم", "خمین"),
    ("نفر", "نفرین"),
    ("شاه", "شاهین"),
    ("رام", "رامین"),
    ("دور", "دوران"),
]


@pytest.mark.parametrize("a, b", TRAPS)
def test_over_stemming_traps_stay_apart(a, b):
    assert not set(analyze(a)) & set(analyze(b)), (a, analyze(a), b, analyze(b))


# Letters only: no digits, dots or marks in a generated word.
_LETTERS = re.compile("^[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+$")


@lru_cache(maxsize=1)
def _folded_tagged():
    return frozenset(fold(w) for w in _entries()[0] if _tagged(w))


def _has_tagged_cut(word):
    """Whether ``word`` can be cut into two words hazm tags (the fallback split may cut it)."""
    folded, tagged = fold(word), _folded_tagged()
    return any(folded[:i] in tagged and folded[i:] in tagged for i in range(2, len(folded) - 1))


@lru_cache(maxsize=1)
def _untagged_pieces():
    """Entries hazm lists without a tag and never saw (names, loanwords and their cut-up pieces:
    کرو, اوبا), that the analyzer leaves as they are: no ی or other ending it would take off."""
    lexicon = analysis.get_lexicon()
    tags, freq = _entries()
    return sorted(
        w
        for w in tags
        if not _tagged(w)
        and freq[w] == 0
        and len(w) >= 3
        and _LETTERS.match(w)
        and not w.endswith("ی")
        and fold(w) not in lexicon.verbs
        and analyze(w) == [fold(w)]
    )


def _unknown_joins(part, n=1000):
    """Words hazm does not list: an untagged piece and a tagged word written together, in either
    order (کرو + نا), that cannot be cut into two tagged words."""
    tags = _entries()[0]
    tagged = sorted(w for w in tags if _tagged(w) and Z not in w and " " not in w and len(w) >= 2)
    pieces = _untagged_pieces()
    rng = random.Random(13 if part == "tune" else 14)
    joins = []
    while len(joins) < n:
        piece, word = rng.choice(pieces), rng.choice(tagged)
        joined = piece + word if rng.random() < 0.5 else word + piece
        if joined not in tags and _LETTERS.match(joined) and not _has_tagged_cut(joined):
            joins.append(joined)
    return joins


# Measured: tune 997/1000, held out 1000/1000 one term (the analyzer before this rule: 4/1000 and 1/1000, a
# piece hazm lists untagged counted as a word: کرونا → کرو نا, اوباما → اوبا ما). The tune misses are a
# tagged word + و + a word (پور|ومعادن, ساز|وموهوم).
@pytest.mark.parametrize("part, threshold", [("tune", 0.98), ("held-out", 0.98)])
def test_an_unknown_word_is_not_cut_at_an_untagged_piece(part, threshold):
    joins = _unknown_joins(part)
    whole = [len(analyze(j)) == 1 for j in joins]
    misses = (
        [(j, analyze(j)) for j, ok in zip(joins, whole, strict=True) if not ok][:20]
        if part == "tune"
        else "(held out)"
    )
    assert sum(whole) / len(joins) >= threshold, (sum(whole) / len(joins), misses)


def _two_part_compounds():
    """hazm's compounds of two tagged words written with ZWNJ, whose joined spelling hazm does not list."""
    tags = _entries()[0]
    compounds = []
    for word in tags:
        parts = word.split(Z)
        if (
            len(parts) == 2
            and all(len(p) >= 2 and _tagged(p) for p in parts)
            and word.replace(Z, "") not in tags
        ):
            compounds.append(tuple(parts))
    return sorted(compounds)


# Measured, before and after the fallback split asked for tagged words: joined tune 1000/1000, held out
# 999/1000; joined + ها 1000/1000, 998/1000; recombined (the fallback split) 984/1000, 990/1000.
@pytest.mark.parametrize("part, threshold", [("tune", 0.97), ("held-out", 0.97)])
def test_two_tagged_words_written_joined_split_as_with_zwnj(part, threshold):
    """A compound of two words the lexicon tags, joined, with a plural on it, or made of the parts of
    two different compounds (the fallback split: تحلیل|برنده), gives the terms of its ZWNJ spelling."""
    compounds = _two_part_compounds()
    rng = random.Random(13 if part == "tune" else 14)
    listed = rng.sample(compounds, 1000)
    heads, tails = sorted({c[0] for c in compounds}), sorted({c[1] for c in compounds})
    tags, recombined = _entries()[0], []
    while len(recombined) < 1000:
        head, tail = rng.choice(heads), rng.choice(tails)
        if head + tail not in tags and head + Z + tail not in tags:
            recombined.append((head, tail))
    for name, cases in (
        ("joined", [(a + b, a + Z + b) for a, b in listed]),
        ("joined + ها", [(a + b + "ها", a + Z + b + Z + "ها") for a, b in listed]),
        ("recombined", [(a + b, a + Z + b) for a, b in recombined]),
    ):
        met = [analyze(joined) == analyze(spaced) for joined, spaced in cases]
        misses = (
            [c for c, ok in zip(cases, met, strict=True) if not ok][:20] if part == "tune" else "(held out)"
        )
        assert sum(met) / len(cases) >= threshold, (name, sum(met) / len(cases), misses)


def _relational_plural_cases(part):
    """(singular, forms): a sampled tagged noun + relational ی that hazm does not tag (نظامی, فرهنگی),
    and its plural in ان with what may follow it, when hazm does not list the plural as a word or a
    name of its own (it lists سامانیان, حجاریان)."""
    tags = _entries()[0]
    listed = {fold(w): w for w in tags}
    cases = []
    for lemma in _samples(part):
        singular = lemma + "ی"
        plural = singular + "ان"
        if lemma.endswith(("ی", "ا", "و", "ه")) or _tagged(singular):
            continue
        if fold(plural) in listed and "PL" not in tags[listed[fold(plural)]]:
            continue
        cases.append((singular, [plural + after for after in AFTER]))
    return cases


# Measured: tune 8351/8390 = 0.995 (1,678 nouns), held out 8229/8265 = 0.996 (1,653); the analyzer before this
# rule: 0.01 (نظامیان → نظامی ان, فرهنگیان → فرهنگی ان). The misses are compounds (همکلاسیانی, سنگتراشیانی).
@pytest.mark.parametrize("part, threshold", [("tune", 0.98), ("held-out", 0.98)])
def test_relational_plurals_meet_their_singular(part, threshold):
    cases = _relational_plural_cases(part)
    pairs = [(singular, form) for singular, forms in cases for form in forms]
    met = [analyze(form) == analyze(singular) for singular, form in pairs]
    assert len(cases) >= 1000
    misses = (
        [(p, analyze(p[1])) for p, ok in zip(pairs, met, strict=True) if not ok][:20]
        if part == "tune"
        else "(held out)"
    )
    assert sum(met) / len(pairs) >= threshold, (sum(met) / len(pairs), misses)


def test_a_name_in_yan_hazm_lists_stays_apart_from_its_look_alike():
    """Every word in یان that hazm lists without a tag and whose ی-form hazm does not tag either, a
    surname or a dynasty (سامانیان, حجاریان, قصاریان), stays apart from that ی-form. (After ا or و the
    ی is the glide of a plural in ان, آقایان, دانشجویان: another rule.)"""
    tags = _entries()[0]
    names = sorted(
        w
        for w in tags
        if w.endswith("یان")
        and len(w) >= 6
        and w[-4] not in "اوئ"
        and _LETTERS.match(w)
        and not _tagged(w)
        and not _tagged(w[:-2])
    )
    assert len(names) >= 300
    met = [w for w in names if set(analyze(w)) & set(analyze(w[:-2]))]
    assert not met, met[:20]


def test_a_plural_on_a_joined_compound_still_splits():
    """The …عمومیها case: the plural is dropped and the compound split, as with ZWNJ or spaces."""
    for joined in ("روابطعمومیها", "روابطعمومیهای", "روابط" + Z + "عمومیها", "حملونقلها"):
        assert len(analyze(joined)) == 2, (joined, analyze(joined))
    assert analyze("حملونقلها") == analyze("حمل و نقل")


def test_a_joined_plural_compound_query_finds_the_spaced_and_zwnj_spellings():
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage
    from whoosh.qparser import QueryParser

    from archive.search.analysis import PersianAnalyzer

    schema = Schema(
        id=ID(stored=True), text=TEXT(analyzer=PersianAnalyzer(), phrase=True, multitoken_query="phrase")
    )
    ix = RamStorage().create_index(schema)
    docs = {
        "space": "مدیر روابط عمومی استانداری",
        "zwnj": "روابط" + Z + "عمومی" + Z + "ها",
        "joined": "روابطعمومی اداره",
        "apart": "روابط دو کشور و افکار عمومی",
    }
    with ix.writer() as writer:
        for doc_id, text in docs.items():
            writer.add_document(id=doc_id, text=text)
    with ix.searcher() as searcher:
        for query in ("روابطعمومیها", "روابطعمومیهای", "روابط" + Z + "عمومی" + Z + "ها"):
            hits = {h["id"] for h in searcher.search(QueryParser("text", ix.schema).parse(query), limit=None)}
            assert hits == {"space", "zwnj", "joined"}, (query, hits)


def test_a_pasted_run_without_spaces_is_analysed_in_linear_time(monkeypatch):
    """A 450,000-letter token costs about as much per letter as a 4,500-letter one (it took ~55 s)."""
    calls = Counter()
    is_word = analysis._is_word

    def counted(part, lex):
        calls[len(part) > 0] += 1
        return is_word(part, lex)

    monkeypatch.setattr(analysis, "_is_word", counted)
    analysis.get_lexicon()
    for n in (4_500, 450_000):
        for run in ("ب" * n, ("اطلاعرسانی" * n)[:n]):
            calls.clear()
            start = time.perf_counter()
            terms = analyze_word(run)
            elapsed = time.perf_counter() - start
            assert elapsed < 2, (n, elapsed)
            assert calls[True] <= 200, (n, calls)  # bounded work for the whole run
            assert all(len(t) <= MAX_TOKEN_LENGTH for t in terms)
            assert "".join(terms) == analysis.fold(run)  # indexed as-is, in pieces

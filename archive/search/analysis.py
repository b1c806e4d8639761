"""A token-local Persian analyzer for Whoosh, built on hazm's lexicon and verb conjugations.

Haystack hands Whoosh each query word on its own, so every decision here is
made from one token and never from its neighbours: the same word gives the
same terms at index time and at query time, whatever surrounds it.

For each token (a run of letters, digits, marks and ZWNJ in the original text):

1. Characters are folded one for one: Arabic ي/ى/ك/ة/أ/إ/ؤ/ئ/ۀ and آ to their
   plain Persian forms, diacritics, tatweel, ZWJ, soft hyphens and bidi marks
   dropped, Persian and Arabic-Indic digits made Latin, ``٫`` made ``.``.
2. The token is split at ZWNJ (``روابط‌عمومی‌ها`` → ``روابط`` ``عمومی`` ``ها``), and a
   compound written without its ZWNJ is split the way hazm's lexicon writes it
   (``اطلاعرسانی`` → ``اطلاع`` ``رسانی``), so ZWNJ, space and nothing all agree.
3. Function words and detached suffixes (``و``, ``در``, ``ها``, ``می``, ...) are dropped.
4. Each part is reduced conservatively: a conjugated verb to its past stem
   (``می‌گوید``, ``گفته`` → ``گفت``), a plural or ezafe to its noun (``تحریمهای`` →
   ``تحریم``, ``مدیران`` → ``مدیر``, ``شورای`` → ``شورا``), but only when the result is a
   word the lexicon tags; a word the lexicon knows as it is is never cut
   (``انتخابات``, ``فرمانداری``, ``جوان``, ``مردم`` stay whole).

Nothing here imports Django or the models. The lexicon loads once, lazily,
and is shared (gunicorn preloads it in the master).
"""

import re
import threading
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

# Characters that may stand inside a token: letters and digits (\w), Arabic
# marks, tatweel, ZWNJ/ZWJ, soft hyphen and bidi marks. A decimal point
# between digits keeps a number whole (12.5, ۱۲٫۵).
_TOKEN = re.compile(
    r"(?:[\w\u064b-\u065f\u0670\u0640\u00ad\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069])+"
    r"(?:[.٫](?=[0-9۰-۹٠-٩])[0-9۰-۹٠-٩]+)*"
)

ZWNJ = "\u200c"
_DROP = dict.fromkeys(
    map(ord, "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656"
             "\u0657\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670\u0640"
             "\u00ad\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"),
    None,
)
_FOLD = str.maketrans(
    {
        "ي": "ی", "ى": "ی", "ئ": "ی",
        "ك": "ک",
        "ة": "ه", "ۀ": "ه",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ؤ": "و",
        "٫": ".",
        **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
    }
)

# A short list of function words only (hazm's list holds news words such as نشست and رشد).
STOP_WORDS = frozenset(
    """و در به از که این آن را با برای تا بر یا هم نیز اما ولی اگر چون پس است
    های ها هایی ای ی می نمی ام ات اش مان تان شان تر ترین اند ایم اید""".split()
)

_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")
_DIGIT_RUNS = re.compile(r"\d+(?:\.\d+)*|\D+")


_FOLD_ALL = {**_FOLD, **_DROP}


def fold(text: str) -> str:
    """Character folding that keeps ZWNJ (it is resolved per token, later)."""
    return text.translate(_FOLD_ALL).lower()


class Lexicon:
    """Sets and maps built once from hazm's word list and verb conjugations."""

    def __init__(self):
        from hazm import Conjugation
        from hazm.utils import verbs_list, words_list

        known, tagged, compounds = set(), set(), {}
        for word, _freq, tags in words_list():
            folded = fold(word)
            if ZWNJ in folded:
                parts = tuple(p for p in folded.split(ZWNJ) if p)
                compounds.setdefault(folded.replace(ZWNJ, ""), parts)
                continue
            known.add(folded)
            if tags and tags != ("0",) and "0" not in tags:
                tagged.add(folded)
        # A joined spelling the lexicon tags as a word of its own stays a word; an untagged
        # one (نزدیکتر, شدهاند) is only the compound without its ZWNJ.
        self.compounds = {k: v for k, v in compounds.items() if k not in tagged and len(v) > 1}
        self.known = frozenset(known)
        self.tagged = frozenset(tagged)
        self.verbs = self._verb_forms(Conjugation(), verbs_list())

    def _verb_forms(self, conjugation, verbs):
        """Single-token verb forms → past stem (``گوید`` → ``گفت``, ``نگفتند`` → ``گفت``)."""
        forms = {}
        for verb in verbs:
            past, _, present = verb.partition("#")
            past, present = fold(past), fold(present)
            if not past:
                continue
            stems = tuple(s for s in (past, present) if len(s) >= 2)
            if not stems:
                continue
            for form in conjugation.get_all(verb):
                for word in fold(form).split():
                    # Keep the part that carries this verb's stem (drop می/نمی and auxiliaries).
                    core = word.split(ZWNJ)[-1]
                    bare = core[1:] if core[:1] in ("ن", "ب") and not core.startswith(stems) else core
                    if bare.startswith(stems) and len(core) >= 2:
                        forms.setdefault(core, past)
                        forms.setdefault(word.replace(ZWNJ, ""), past)
        return forms


_lexicon = None
_lexicon_lock = threading.Lock()


def get_lexicon() -> Lexicon:
    """The shared lexicon, loaded on first use."""
    global _lexicon
    if _lexicon is None:
        with _lexicon_lock:
            if _lexicon is None:
                _lexicon = Lexicon()
    return _lexicon


# Inflectional endings tried on a word the lexicon does not tag, longest first.
_PLURAL_HA = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها")
# Verb prefixes written before می (برمی‌گردد, درمی‌آید): the part before the ZWNJ carries no meaning alone.
_PREVERBS = ("بر", "در", "فرا", "باز", "وا", "فرو")


def _reduce(word: str, lex: Lexicon) -> str | None:
    """One ZWNJ-free, folded word → its index term; ``None`` if the lexicon can't place it.

    A suffix is only taken off when what remains is itself reduced the same way,
    so ``Xها``, ``X‌ها`` and ``X ها`` always end up as the same term.
    """
    if _NUMBER.match(word) or len(word) < 2:
        return word
    verb = lex.verbs.get(word)
    if word in lex.tagged:
        # A tagged word stays whole, except a past participle whose verb is not itself
        # a noun (گفته → گفت, کرده → کرد; but رشته ≠ رشت, دیده ≠ دید).
        if verb and word == verb + "ه" and verb not in lex.tagged:
            return verb
        return word
    if verb:
        return verb
    for prefix in ("نمی", "می"):
        if word.startswith(prefix) and word not in lex.known:
            rest = word[len(prefix):]
            if rest in lex.verbs:
                return lex.verbs[rest]
    # Indefinite/ezafe ای after ه: گونهای → گونه (before the plural, so not گون).
    if word.endswith("ای") and word[:-2].endswith("ه") and word[:-2] in lex.tagged:
        return _reduce(word[:-2], lex)
    # Ezafe ی written on ه: رابطهی → رابطه.
    if word.endswith("هی") and word[:-1] in lex.tagged:
        return _reduce(word[:-1], lex)
    for suffix in _PLURAL_HA:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            return _reduce(stem, lex) or stem
    # Ezafe ی after a long vowel: شورای → شورا, دانشجوی → دانشجو.
    if word[-2:] in ("ای", "وی") and len(word) >= 4 and word[:-1] in lex.tagged:
        return _reduce(word[:-1], lex)
    # A participle with its auxiliary written on: کردهاند → کرد (as کرده‌اند).
    for clitic in ("اند", "ایم", "اید", "است", "ام", "ای"):
        stem = word[: -len(clitic)]
        if word.endswith(clitic) and stem.endswith("ه") and stem in lex.verbs:
            return _reduce(stem, lex)
    # Untagged words in hazm's list are inflected forms (frequency 0): reduce them too.
    for suffix in ("ترین", "تر", "ان", "ات", "یان"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2 and stem in lex.tagged:
            return _reduce(stem, lex)
    if word in lex.known:
        return word
    # Indefinite or ezafe ی on a word the list does not hold at all: مؤثری → موثر.
    if word.endswith("ی") and word[:-1] in lex.tagged:
        return _reduce(word[:-1], lex)
    return None


def _is_word(part: str, lex: Lexicon) -> bool:
    if part in lex.known or part in lex.verbs:
        return True
    return any(part.startswith(p) and part[len(p):] in lex.verbs for p in ("نمی", "می"))


def _segment(word: str, lex: Lexicon) -> tuple[str, str] | None:
    """Split an unknown word written without its space or ZWNJ into two words (تحلیلبرنده)."""
    best = None
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if _is_word(left, lex) and _is_word(right, lex):
            rank = (left in lex.tagged and right in lex.tagged, len(left))
            if best is None or rank > best[0]:
                best = (rank, (left, right))
    return best[1] if best else None


def _terms(part: str, lex: Lexicon, depth: int = 0) -> tuple[str, ...]:
    if part in STOP_WORDS or not part:
        return ()
    if part in lex.compounds and depth < 2:
        return tuple(t for p in lex.compounds[part] for t in _terms(p, lex, depth + 1))
    if part.endswith("می") and (part[:-2] in _PREVERBS or part[:-3] in _PREVERBS):
        return ()
    term = _reduce(part, lex)
    if term is None:
        pieces = _segment(part, lex) if depth < 2 and len(part) >= 5 else None
        if pieces:
            return tuple(t for p in pieces for t in _terms(p, lex, depth + 1))
        term = part
    return () if term in STOP_WORDS else (term,)


@lru_cache(maxsize=200_000)
def analyze_word(text: str) -> tuple[str, ...]:
    """The index terms of one token of raw text (possibly none: a function word)."""
    lex = get_lexicon()
    return tuple(
        t
        for part in fold(text).split(ZWNJ)
        for piece in _DIGIT_RUNS.findall(part)  # ۶۰بازی is 60 and بازی, as ۶۰‌بازی
        for t in _terms(piece, lex)
    )


def surface_words(text: str) -> list[str]:
    """The folded, ZWNJ-split words of one token, unreduced (for spelling suggestions)."""
    return [p for p in fold(text).split(ZWNJ) if len(p) > 1 and p not in STOP_WORDS and not _NUMBER.match(p)]


def iter_words(text: str):
    """``(start, end, word)`` for each token of ``text`` in order."""
    for match in _TOKEN.finditer(text):
        yield match.start(), match.end(), match.group()


class PersianTokenizer(Tokenizer):
    """Whoosh tokenizer that emits :func:`analyze_word`'s terms with original offsets.

    Terms keep consecutive positions (dropped function words take none), so
    phrase queries agree between text and query.
    """

    # Whoosh keeps a separate word list of unreduced words for spelling suggestions
    # when the analyzer transforms words; it asks for them with no_morph=True.
    is_morph = True

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", no_morph=False, **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if no_morph:
            for _start, _end, word in iter_words(value):
                for part in surface_words(word):
                    token.text = part
                    yield token
            return
        pos = start_pos
        pieces = iter_words(value) if tokenize else [(0, len(value), value)]
        for start, end, word in pieces:
            for term in analyze_word(word):
                token.text = term
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = word
                if positions:
                    token.pos = pos
                pos += 1
                if chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                yield token


def PersianAnalyzer():
    """The analyzer used by the search index, for documents and queries alike."""
    return PersianTokenizer()


def analyze(text: str) -> list[str]:
    """All terms of ``text``, in order (for tests, highlighting and suggestions)."""
    return [term for _s, _e, word in iter_words(text) for term in analyze_word(word)]

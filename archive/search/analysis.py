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
        "٫": ".", "٬": ",",
        **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
    }
)

# A short list of function words only (hazm's list holds news words such as نشست and رشد).
STOP_WORDS = frozenset(
    """و در به از که این آن را با برای تا بر یا هم نیز اما ولی اگر چون پس است
    های ها هایی ای ی می نمی ام ات اش مان تان شان تر ترین""".split()
)

_NUMBER = re.compile(r"^\d+(?:[.,/]\d+)*$")


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
        # A joined spelling that is itself a word stays a word.
        self.compounds = {k: v for k, v in compounds.items() if k not in known and len(v) > 1}
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
            stems = tuple(s for s in (past, present) if s)
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


def _reduce(word: str, lex: Lexicon) -> str:
    """One ZWNJ-free, folded part → its index term."""
    if _NUMBER.match(word) or len(word) < 2:
        return word
    verb = lex.verbs.get(word)
    if word in lex.tagged:
        # A tagged word stays whole, except a past participle, which joins its verb (گفته → گفت).
        if verb and word == verb + "ه":
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
        return word[:-2]
    # Ezafe ی written on ه: رابطهی → رابطه.
    if word.endswith("هی") and word[:-1] in lex.tagged:
        return word[:-1]
    for suffix in _PLURAL_HA:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            return _reduce(stem, lex) if stem not in lex.tagged else stem
    # Ezafe ی after a long vowel: شورای → شورا, دانشجوی → دانشجو.
    if word[-2:] in ("ای", "وی") and len(word) >= 4 and word[:-1] in lex.tagged:
        return word[:-1]
    if word in lex.known:
        return word
    for suffix in ("ترین", "تر", "ان", "ات", "یان"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2 and stem in lex.tagged:
            return stem
    return word


@lru_cache(maxsize=200_000)
def analyze_word(text: str) -> tuple[str, ...]:
    """The index terms of one token of raw text (possibly none: a function word)."""
    lex = get_lexicon()
    folded = fold(text)
    parts = []
    for part in folded.split(ZWNJ):
        if not part:
            continue
        parts.extend(lex.compounds.get(part, (part,)))
    terms = []
    for part in parts:
        if part in STOP_WORDS:
            continue
        term = _reduce(part, lex)
        if term and term not in STOP_WORDS:
            terms.append(term)
    return tuple(terms)


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

"""A token-local Persian analyzer for Whoosh, built on hazm's lexicon and verb conjugations.

Haystack hands Whoosh each query word on its own, so every decision here is
made from one token and never from its neighbours: the same word gives the
same terms at index time and at query time, whatever surrounds it.

For each token (a run of letters, digits, marks and ZWNJ in the original text):

1. Characters are folded with the tables of :mod:`archive.persian`: Arabic presentation
   forms read as letters, the letter variants (Arabic ي/ى/ك/ة/أ/إ/ؤ/ئ/ۀ) and آ made plain
   Persian letters, diacritics, tatweel, zero-width space, ZWJ, soft hyphens and bidi marks
   dropped, Persian and Arabic-Indic digits made Latin, ``٫`` made ``.``, the hamza after a
   final alef dropped (``اجزاء`` → ``اجزا``).
2. The token is split at ZWNJ (``روابط‌عمومی‌ها`` → ``روابط`` ``عمومی`` ``ها``; ``می``/``نمی``
   stay on their verb), and a compound written without its ZWNJ is split the way
   hazm's lexicon writes it (``اطلاعرسانی`` → ``اطلاع`` ``رسانی``), with an inflection
   on its last part kept there (``روابطعمومیها``), so ZWNJ, space and nothing all agree.
   Rare tagged words that are two far more frequent words joined are split too
   (``محمدرضا``). Any other unknown word is split into two only where both parts are words
   the lexicon tags (the last may be a verb form, a verbal noun, a tagged word + ی or و +
   one: ``قرارگرفت``, ``سندپژوهی``, ``روابطعمومی``, ``نقلوانتقالات``); an entry hazm lists
   untagged is no word, so names and loanwords (``کرونا``, ``اوباما``) stay whole. A run
   longer than :data:`MAX_TOKEN_LENGTH` is no word: it is indexed as-is, in pieces, and no
   step costs more than linear time in a token's length.
3. Function words and detached suffixes (``و``, ``در``, ``ها``, ``می``, ...) are dropped.
4. Each part is reduced conservatively, by rules that ask hazm's lexicon:
   hamza spellings to one family (``مسئول``/``مسؤول``/``مسوول``, ``مسأله``/``مساله``,
   ``جزء``/``جزو``); a conjugated verb to its past stem, present and past stems alike
   (``می‌سازد``, ``ساخته``, ``بیفتد``, ``نیفتاد`` → ``ساخت``, ``افتاد``); a plural to its
   singular, with the clitics after it (``تحریمهایشان``, ``مدیران``, ``نمایندگان``,
   ``اقدامات``, ``مصوبات`` → ``مصوبه``, ``مسئولین``, ``مساجد`` → ``مسجد``; ``نظامیان``,
   ``فرهنگیان`` → ``نظامی``, ``فرهنگی``, a tagged word + relational ی); ezafe,
   comparative and clitics (``شورای``, ``فعالترین``, ``پشیمانم``). A suffix comes off
   only when the rest is a word the lexicon tags and the plural is not a tagged
   word of its own, so ``انتخابات``, ``فرمانداری``, ``باران``, ``جوان``, ``مردم``,
   ``سنگین`` stay whole.

:data:`ANALYZER_VERSION` changes whenever the terms do; the tokenizer stores it with
the index schema.

Nothing here imports Django or the models. The lexicon loads once, lazily,
and is shared (gunicorn preloads it in the master).
"""

import re
import threading
from functools import lru_cache

from whoosh.analysis import Token, Tokenizer

from archive.hazm_data import FUNCTION_TAGS
from archive.lazy import load_once
from archive.persian import (
    ARABIC_INDIC_DIGITS,
    INVISIBLE,
    LATIN_DIGITS,
    LETTER_VARIANTS,
    PERSIAN_DIGITS,
    unshape,
)

# Characters that may stand inside a token: letters and digits (\w), tatweel, ZWNJ and the
# characters archive.persian drops (marks, zero-width space, ZWJ, soft hyphen, bidi marks, BOM).
# A decimal point between digits keeps a number whole (12.5, ۱۲٫۵).
_TOKEN = re.compile(
    "(?:[\\w\u0640\u200c" + re.escape(INVISIBLE) + "])+"
    r"(?:[.٫](?=[0-9۰-۹٠-٩])[0-9۰-۹٠-٩]+)*"
)

ZWNJ = "\u200c"
# Letter variants and the characters to drop come from archive.persian (their one home: name keys
# fold with them too); search also reads آ as ا, and Persian and Arabic-Indic digits and the
# Persian decimal point as Latin ones.
_DROP = dict.fromkeys(map(ord, INVISIBLE), None)
_FOLD = {
    **LETTER_VARIANTS,
    **str.maketrans("آ٫" + PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, "ا." + LATIN_DIGITS * 2),
}

# A short list of function words only (hazm's list holds news words such as نشست and رشد).
STOP_WORDS = frozenset(
    """و در به از که این آن را با برای تا بر یا هم نیز اما ولی اگر چون پس است
    های ها هایی هایم هایت هایش هایمان هایتان هایشان ای ی می نمی ام ات اش مان تان شان تر ترین
    اند ایم اید""".split()
)

# The longest run of letters analysed as a word; a longer one is indexed as-is, in pieces of
# this length, so no step's cost depends on how long a pasted run without spaces is.
MAX_TOKEN_LENGTH = 64
# Bumped whenever the terms this analyzer gives change: an index built by another version is rebuilt.
ANALYZER_VERSION = 4

_NUMBER = re.compile(r"^\d+(?:\.\d+)*$")
_DIGIT_RUNS = re.compile(r"\d+(?:\.\d+)*|\D+")


_FOLD_ALL = {**_FOLD, **_DROP}


def fold(text: str) -> str:
    """Character folding that keeps ZWNJ (it is resolved per token, later).

    Arabic presentation forms are read as the letters they show (as :func:`archive.persian.fold_letters`
    reads them). The hamza written after a final alef is dropped as Persian spelling drops it
    (اجزاء → اجزا).
    """
    return unshape(text).translate(_FOLD_ALL).lower().replace("اء", "ا")


class Lexicon:
    """Sets and maps built once from hazm's word list and verb conjugations."""

    def __init__(self):
        # hazm's data and conjugation without hazm's model stack (archive.hazm_data).
        from archive.hazm_data import Conjugation, verbs_list, words_list

        known, tagged, compounds, freq = set(), set(), {}, {}
        plurals, adjectives, numerals, hamza_words = set(), set(), set(), []
        function_tagged = set()
        for word, count, tags in words_list():
            folded = fold(word)
            if ZWNJ in folded:
                parts = tuple(p for p in folded.split(ZWNJ) if p)
                compounds.setdefault(folded.replace(ZWNJ, ""), parts)
                continue
            known.add(folded)
            real = bool(tags) and tags != ("0",) and "0" not in tags
            if _HAMZA.search(word):
                hamza_words.append((word, real))
            if real:
                tagged.add(folded)
                freq[folded] = max(freq.get(folded, 0), count)
                if "PL" in tags:
                    plurals.add(folded)
                if "AJ" in tags:
                    adjectives.add(folded)
                if "NUM" in tags:
                    numerals.add(folded)
                if FUNCTION_TAGS.intersection(tags):
                    function_tagged.add(folded)
        # A joined spelling the lexicon tags as a word of its own stays a word; an untagged
        # one (نزدیکتر, شدهاند) is only the compound without its ZWNJ.
        self.compounds = {k: v for k, v in compounds.items() if k not in tagged and len(v) > 1}
        self.known = frozenset(known)
        self.tagged = frozenset(tagged)
        self.freq = freq
        self.plurals = frozenset(plurals)  # tagged PL by hazm (اقدامات, مصوبات, مساجد)
        self.adjectives = frozenset(adjectives)
        self.numerals = frozenset(numerals)
        # Tagged words the lexicon never tags as a function word nor conjugates as a verb (راه, رشد,
        # نشست: nouns, adjectives; not شده, داد).
        self.content_only = frozenset(tagged - function_tagged)
        self.verbs = self._verb_forms(Conjugation(), verbs_list())
        self.content_only = self.content_only - self.verbs.keys()
        self.hamza = _hamza_families(hamza_words, self.tagged, freq, self.verbs)
        self.joined = _joined_names(self.tagged, freq)
        self.broken = _broken_plurals(self.plurals, self.tagged, freq)
        # No split of a word into two can have a part longer than the longest word.
        self.longest = max(map(len, (*known, *self.verbs)))

    def canonical(self, word: str) -> str:
        """The spelling of ``word``'s hamza family that the lexicon tags (مسوول → مسیول)."""
        return self.hamza.get(word, word)

    def _verb_forms(self, conjugation, verbs):
        """Single-token verb forms → past stem (``گوید`` → ``گفت``, ``نگفتند`` → ``گفت``)."""
        forms, self.presents = {}, set()
        for verb in verbs:
            past, _, present = verb.partition("#")
            if not fold(past):
                continue
            starts_with_alef = past[:1] in ("ا", "آ") or present[:1] in ("ا", "آ")
            infinitives = [p + past + "ن" for p in ("", "ن")]
            past, present = fold(past), fold(present)
            stems = tuple(s for s in (past, present) if len(s) >= 2)
            if not stems:
                continue
            if len(present) >= 2 and past + "ن" in self.tagged:  # a verb in use (not دامیدن)
                self.presents.add(present)
            for form in (*conjugation.get_all(verb), *infinitives):
                spellings = [form]
                if starts_with_alef and form[:1] in ("ب", "ن") and form[1:2] in ("ا", "آ"):
                    # ب/ن before ا/آ take the glide ی: نافتاد → نیفتاد, بآید → بیاید.
                    spellings.append(
                        form[0] + "ی" + form[2:] if form[1] == "ا" else form[0] + "یا" + form[2:]
                    )
                for spelling in spellings:
                    for word in fold(spelling).split():
                        # Keep the part that carries this verb's stem (drop می/نمی and auxiliaries).
                        core = word.split(ZWNJ)[-1]
                        bare = core[1:] if core[:1] in ("ن", "ب") and not core.startswith(stems) else core
                        if bare[:1] == "ی" and not bare.startswith(stems):  # the glide
                            bare = "ا" + bare[1:] if ("ا" + bare[1:]).startswith(stems) else bare[1:]
                        # A bare present stem + ی is the suffix of -پذیری, -رسانی, گویی far more
                        # often than a literary 'you accept': no verb form.
                        if core == present + "ی":
                            continue
                        if bare.startswith(stems) and len(core) >= 2:
                            forms.setdefault(core, past)
                            forms.setdefault(word.replace(ZWNJ, ""), past)
        return forms


# Hamza seats. Writers drop the hamza (ئ → ی, ؤ → و, أ → ا: the fold), write its seat as و
# before و (مسئول → مسوول) or leave the seat out before و (سئوال → سوال, مسئول → مسول); a final
# ء after alef goes (the fold: اجزاء → اجزا), after a consonant it may become و (جزء → جزو).
_HAMZA = re.compile("[ءأؤئ]")


def _dehamzated(word: str):
    """The spellings of ``word`` (raw, with a hamza) that drop the hamza before و."""
    for i, char in enumerate(word):
        if char in "ئؤ" and word[i + 1 : i + 2] == "و":
            yield word[:i] + "و" + word[i + 1 :]
            yield word[:i] + word[i + 1 :]


# A tagged spelling is a rare spelling of another tagged word if that word is this many times as frequent.
_RARE_SPELLING = 100


def _hamza_families(words: list[tuple[str, bool]], tagged, freq, verbs) -> dict[str, str]:
    """Each spelling of a hamza word → its family's most frequent folded spelling.

    A family is every lexicon word that differs only in its hamza seat (مسئله and
    مسأله) and their dehamzated spellings, when the hamza word or its spelling is a
    tagged word (not گئو, گو). A spelling that is a verb form, or a
    tagged word not far rarer than the tagged word it comes from (روس from رئوس, روی
    from رئوی, گو from گئو), is another word and joins no family.
    """
    parent: dict[str, str] = {}

    def root(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(a, b):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb

    seats: dict[str, str] = {}
    for word, real in words:
        canonical = fold(word)
        sibling = seats.setdefault(_HAMZA.sub("*", word), canonical)
        if not (canonical in tagged and sibling in tagged):  # رأس and رؤس (روس) stay apart
            join(canonical, sibling)
        for variant in map(fold, _dehamzated(word)):
            if (
                variant in verbs
                or not (real or variant in tagged)
                or (
                    variant in tagged
                    and canonical in tagged
                    and freq[variant] * _RARE_SPELLING > freq[canonical]
                )
            ):
                continue
            join(variant, canonical)
        # A tagged word's final ء after a consonant is also written و (جزء, جزو).
        if word[-1:] == "ء" and word[-2:-1] not in ("ا", "و", "ی") and canonical in tagged:
            join(fold(word[:-1] + "و"), canonical)
    families: dict[str, list[str]] = {}
    for x in parent:
        families.setdefault(root(x), []).append(x)
    mapping = {}
    for members in families.values():
        head = max(members, key=lambda m: (m in tagged, freq.get(m, -1), m))
        mapping.update((m, head) for m in members if m != head)
    return mapping


def _joined_names(tagged, freq) -> dict[str, tuple[str, str]]:
    """Rare tagged words that are, in exactly one way, two far more frequent tagged words
    written together (محمدرضا → محمد رضا, غیرعادی → غیر عادی): split as their spaced
    spelling is."""
    joined = {}
    for word in tagged:
        if len(word) < 6:
            continue
        floor = max(_JOINED_RATIO * max(freq.get(word, 0), 1), _JOINED_MIN_FREQUENCY)
        splits = [
            (word[:i], word[i:])
            for i in range(3, len(word) - 2)
            if word[:i] in tagged and word[i:] in tagged and min(freq[word[:i]], freq[word[i:]]) > floor
        ]
        if len(splits) == 1:
            joined[word] = splits[0]
    return joined


def _broken_plurals(plurals, tagged, freq) -> dict[str, str]:
    """Arabic plurals of the pattern مفاعل that hazm tags PL → their singular مفعل or مفعله,
    the more frequent one the lexicon tags (مساجد → مسجد, مدارس → مدرسه, منازل → منزل).

    The pattern افعال is left out: it is also a verbal noun (اعلام, اشکال, اعمال)."""
    broken = {}
    for word in plurals:
        if len(word) == 5 and word[0] == "م" and word[2] == "ا":
            singular = word[:2] + word[3:]
            candidates = [s for s in (singular, singular + "ه") if s in tagged]
            if candidates:
                broken[word] = max(candidates, key=freq.__getitem__)
    return broken


# How much more frequent both parts must be than the joined word for it to be split, and at least.
_JOINED_RATIO = 10_000
_JOINED_MIN_FREQUENCY = 1_000_000


_lexicon = None
_lexicon_lock = threading.Lock()


def get_lexicon() -> Lexicon:
    """The shared lexicon, loaded on first use."""
    return load_once(globals(), "_lexicon", _lexicon_lock, Lexicon)


# Inflectional endings tried on a word the lexicon does not tag, longest first.
_PLURAL_HA = ("هایشان", "هایتان", "هایمان", "هایش", "هایت", "هایم", "هایی", "های", "ها")
# What may follow a plural in ان/گان/ات/ین: ezafe or indefinite ی, a possessive clitic.
_AFTER_PLURAL = ("شان", "تان", "مان", "ش", "ت", "م", "ی", "")
# Plurals whose sense has moved away from the singular (elections, intelligence, facilities, era):
# hazm tags them PL like any other plural, so only this list keeps them apart.
LEXICALISED_PLURALS = frozenset({"انتخابات", "اطلاعات", "تاسیسات", "دوران"})
# Verb prefixes written before می (برمی‌گردد, درمی‌آید): the part before the ZWNJ carries no meaning alone.
_PREVERBS = ("بر", "در", "فرا", "باز", "وا", "فرو")
# Endings a joined compound may carry on its last part (روابطعمومیها → روابط عمومیها).
_COMPOUND_TAILS = (*_PLURAL_HA, "ترین", "تر", "ان", "ات", "ای", "ی")


# Possessive and copula clitics written on a word, shortest first (the longest stem is tried first).
_CLITICS = ("ش", "ت", "م", "ام", "یم", "ید", "ند", "ست", "شان", "تان", "مان", "اند", "ایم", "اید", "است")
_PLURAL_ENDINGS = tuple(p + t for p in ("ان", "ات", "ین") for t in _AFTER_PLURAL)
# Comparative and superlative endings, with what may follow them.
_DEGREE_TAILS = ("", "ی", "ها", "های", "هایی")
_DEGREE_ENDINGS = tuple(d + t for d in ("ترین", "تر") for t in _DEGREE_TAILS)
_COMPOUND_ENDINGS = tuple(_COMPOUND_TAILS)


def _plural_stem(word: str, lex: Lexicon) -> str | None:
    """The singular of a plural in ان/گان/ات/ین (with a clitic after it), or ``None``.

    Each rule asks the lexicon: the singular must be a tagged word, and the plural
    must not be a tagged word of its own (باران, جوان) unless hazm tags it PL
    (اقدامات, مصوبات); ین only follows an adjective-like noun (مسئولین, معلمین) and
    never makes an adjective (سنگین, زرین) or a word more frequent than its stem (والدین).
    """
    if not word.endswith(_PLURAL_ENDINGS):
        return None
    for tail in _AFTER_PLURAL if word not in lex.tagged else ("",):
        if not word.endswith(tail):
            continue
        plural = lex.canonical(word[: len(word) - len(tail)])
        if plural in LEXICALISED_PLURALS:
            continue
        own_word = plural in lex.tagged and plural not in lex.plurals
        # ان before گان: گرگان is گرگ + ان (hazm tags it PL), not گره; نمایندگان has no نمایندگ.
        for suffix in ("ان", "گان", "ات", "ین"):
            base = plural[: -len(suffix)]
            # A two-letter base before ین has too many look-alikes (خمین, a town, is no خم).
            if not plural.endswith(suffix) or len(base) < (3 if suffix == "ین" else 2):
                continue
            if suffix == "ین":
                # The Arabic plural of a participle or agent noun: مفعل… (مسئول, معلم, مهندس) or
                # فاعل (ساکن, سارق); not a name or a word of its own (رامین, شاهین, نفرین).
                stem = lex.canonical(base)
                if (
                    (stem[:1] == "م" and len(stem) >= 4 or len(stem) == 4 and stem[1] == "ا")
                    and stem in lex.adjectives
                    and stem not in lex.numerals
                    and plural not in lex.adjectives
                    and lex.freq.get(plural, 0) <= lex.freq[stem]
                ):
                    return stem
                continue
            if own_word:
                continue
            if suffix == "گان":
                candidates = (base + "ه",)
            elif suffix == "ات":
                candidates = (base + "ه", base)
            elif base[-1:] == "ی" and base[-2:-1] in ("ا", "و"):  # دانشجویان, آقایان
                candidates = (base[:-1], base)
            else:
                candidates = (base,)
            for stem in map(lex.canonical, candidates):
                if stem in lex.tagged:
                    return stem
            if suffix == "ان" and _relational_plural(plural, base, lex):
                return base
    return None


def _relational_plural(plural: str, singular: str, lex: Lexicon) -> bool:
    """Whether ``plural`` is the ان plural of ``singular``, a relational adjective the lexicon
    does not tag itself: a tagged word + ی (نظامیان → نظامی, فرهنگیان → فرهنگی), or یی after
    its long vowel (روستاییان → روستایی).

    A plural hazm lists without a tag is a name (سامانیان, قصاریان) unless hazm tags it PL, and
    a noun of two letters has too many look-alikes (اریان is no ار + ی + ان).
    """
    if singular[-1:] != "ی" or (plural in lex.known and plural not in lex.plurals):
        return False
    noun = singular[:-2] if singular[-2:] == "یی" and singular[-3:-2] in ("ا", "و") else singular[:-1]
    return len(noun) >= 3 and lex.canonical(noun) in lex.tagged


def _verbal_noun(word: str, lex: Lexicon) -> bool:
    """A present stem + ی (رسانی, بندی, پذیری): a noun of its own, the last part of a compound."""
    return word[-1:] == "ی" and word[:-1] in lex.presents


def _after_vowel_yi(word: str, lex: Lexicon) -> bool:
    """Whether ``word`` is a tagged word + یی after its long vowel, relational or indefinite
    (سینمایی, هوایی), and not a noun of its own in hazm's tags (a noun-only یی word stays)."""
    return (
        word[-2:] == "یی"
        and word[-3:-2] in ("ا", "و")
        and lex.canonical(word[:-2]) in lex.tagged
        and (word not in lex.tagged or word in lex.adjectives)
    )


def _reduce(word: str, lex: Lexicon) -> str | None:
    """One ZWNJ-free, folded word → its index term; ``None`` if the lexicon can't place it.

    A suffix is only taken off when what remains is itself reduced the same way,
    so ``Xها``, ``X‌ها`` and ``X ها`` always end up as the same term.
    """
    if _NUMBER.match(word) or len(word) < 2:
        return word
    word = lex.canonical(word)
    verb = lex.verbs.get(word)
    if word in lex.tagged:
        if word in lex.broken:
            return _reduce(lex.broken[word], lex)
        plural = _plural_stem(word, lex)
        if plural:
            return _reduce(plural, lex)
        # A tagged participle or infinitive stays whole only if its past stem is a word in its
        # own right far more often than a verb (ساخته, ساختن → ساخت; but رشته ≠ رشت, a city).
        if verb and word in (verb + "ه", verb + "ن") and lex.freq.get(verb, 0) * 1000 <= lex.freq[word]:
            return verb
        if _after_vowel_yi(word, lex):
            return _reduce(word[:-2], lex)
        return word
    if verb:
        return verb
    for prefix in ("نمی", "می"):
        if word.startswith(prefix) and word not in lex.known:
            rest = word[len(prefix) :]
            if rest in lex.verbs:
                return lex.verbs[rest]
    # Indefinite/ezafe ای after ه, or ها + ezafe: گونهای → گونه, بندهای → بند, whichever
    # stem the lexicon finds more frequent.
    if word.endswith("ای") and word[:-2].endswith("ه") and lex.canonical(word[:-2]) in lex.tagged:
        if lex.freq[lex.canonical(word[:-2])] >= lex.freq.get(lex.canonical(word[:-3]), 0):
            return _reduce(word[:-2], lex)
    # Ezafe ی written on ه: رابطهی → رابطه.
    if word.endswith("هی") and lex.canonical(word[:-1]) in lex.tagged:
        return _reduce(word[:-1], lex)
    for suffix in _PLURAL_HA:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            reduced = _reduce(stem, lex)
            if reduced is not None:
                return reduced
            break
    # Ezafe ی after a long vowel: شورای → شورا, دانشجوی → دانشجو.
    if word[-2:] in ("ای", "وی") and len(word) >= 4 and lex.canonical(word[:-1]) in lex.tagged:
        return _reduce(word[:-1], lex)
    # A participle with its auxiliary written on: کردهاند → کرد (as کرده‌اند).
    for clitic in ("اند", "ایم", "اید", "است", "ام", "ای"):
        stem = word[: -len(clitic)]
        if word.endswith(clitic) and stem.endswith("ه") and stem in lex.verbs:
            return _reduce(stem, lex)
    if _verbal_noun(word, lex):
        return word
    plural = _plural_stem(word, lex)
    if plural:
        return _reduce(plural, lex)
    # Comparative and superlative, with ezafe or a plural after them: فعالترین, بیشتری, بهترینها.
    for tail in _DEGREE_TAILS if word.endswith(_DEGREE_ENDINGS) else ():
        for degree in ("ترین", "تر"):
            stem = word[: -len(degree + tail)]
            if word.endswith(degree + tail) and len(stem) >= 2:
                if tail and lex.canonical(stem + degree) in lex.tagged:
                    return _reduce(stem + degree, lex)
                if lex.canonical(stem) in lex.tagged:
                    return _reduce(stem, lex)
    if _after_vowel_yi(word, lex):
        return _reduce(word[:-2], lex)
    if word in lex.known:
        return word
    # Indefinite or ezafe ی on a word the list does not hold at all: مؤثری → موثر, کنفرانسی → کنفرانس.
    if word.endswith("ی") and lex.canonical(word[:-1]) in lex.known:
        return _reduce(word[:-1], lex) or word[:-1]
    # A possessive or copula clitic on a word the list does not hold, the longest tagged stem
    # first: پشیمانم → پشیمان (as پشیمان‌ام), سیماست → سیما (not سیم + است). Stems of three
    # letters have too many look-alikes (دامت in دامت برکاته is no دام).
    for clitic in _CLITICS if word.endswith(_CLITICS) else ():
        stem = word[: -len(clitic)]
        if word.endswith(clitic) and len(stem) >= 4 and lex.canonical(stem) in lex.tagged:
            return _reduce(stem, lex)
    return None


def _is_word(part: str, lex: Lexicon) -> bool:
    """Whether ``part`` is a word hazm's lexicon tags (a hamza spelling of one included).

    An entry hazm lists untagged is no evidence: the list holds names and loanwords untagged
    and cut up (کرو, اوبا), and a split into them cuts کرونا, اوباما into pieces.
    """
    return lex.canonical(part) in lex.tagged


# A word with و written on it, and the word before it, must be this long: نا, ید after و and کر, کو
# before it are pieces of names (کرونا, کووید), not a conjunction between two words.
_AROUND_AND = 3


def _is_last_word(part: str, lex: Lexicon) -> bool:
    """Whether ``part`` may end a joined compound: a tagged word, a form of a verb from hazm's
    verb list (قرار|گرفت, برگزار|شد), a verbal noun of a verb in use (سند|پژوهی), a tagged
    word + the relational or ezafe ی (روابط|عمومی), or و and a tagged word (نقل|وانتقالات;
    the word before it checked by :func:`_segment`)."""
    if _is_word(part, lex) or part in lex.verbs or (_verbal_noun(part, lex) and len(part) >= 4):
        return True
    if part[-1:] == "ی" and len(part) > _AROUND_AND and _is_word(part[:-1], lex):  # روابط|عمومی
        return True
    if part[:1] == "و" and len(part) > _AROUND_AND and _is_word(part[1:], lex):
        return True
    return any(part.startswith(p) and part[len(p) :] in lex.verbs for p in ("نمی", "می"))


def _segment(word: str, lex: Lexicon) -> tuple[str, str] | None:
    """Split an unknown word written without its space or ZWNJ into two words (تحلیلبرنده),
    the first a word hazm's lexicon tags and the last one too, or a verb form, a verbal noun
    or و + a word (:func:`_is_last_word`), so that a name or loanword hazm does not tag
    (کرونا, اوباما) stays one word.

    Only splits whose parts are no longer than the lexicon's longest word are tried, so the
    cost is bounded whatever the word's length (a word longer than two words has no split).
    """
    best = None
    n = len(word)
    for i in range(max(2, n - lex.longest), min(n - 1, lex.longest + 1)):
        left, right = word[:i], word[i:]
        if right[:1] == "و" and i < _AROUND_AND and not _is_word(right, lex):
            continue  # کر|ونا, کو|وید: a piece of a name before و + a word
        if _is_word(left, lex) and _is_last_word(right, lex):
            rank = (left in lex.tagged and right in lex.tagged, len(left))
            if best is None or rank > best[0]:
                best = (rank, (left, right))
    return best[1] if best else None


def _without_ha(word: str) -> str:
    for suffix in _PLURAL_HA:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


def _compound(part: str, lex: Lexicon) -> tuple[str, ...] | None:
    """The parts of a compound written joined, an inflection on its last part kept there."""
    parts = lex.compounds.get(part)
    if parts:
        return parts
    for tail in _COMPOUND_TAILS if part.endswith(_COMPOUND_ENDINGS) else ():
        parts = lex.compounds.get(part[: -len(tail)]) if part.endswith(tail) else None
        if parts:
            return (*parts[:-1], parts[-1] + tail)
    # گان for a final ه: مصرفکنندگان is مصرف + کنندگان.
    parts = lex.compounds.get(part[:-3] + "ه") if part.endswith("گان") else None
    if parts:
        return (*parts[:-1], parts[-1][:-1] + "گان")
    return None


def _terms(part: str, lex: Lexicon, depth: int = 0) -> tuple[str, ...]:
    if part in STOP_WORDS or not part:
        return ()
    if len(part) > MAX_TOKEN_LENGTH:
        # A run longer than any word is no word: indexed as-is, in pieces, never analysed.
        return tuple(part[i : i + MAX_TOKEN_LENGTH] for i in range(0, len(part), MAX_TOKEN_LENGTH))
    if depth < 2:
        parts = lex.joined.get(part) or (_compound(part, lex) if part not in lex.tagged else None)
        if parts:
            return tuple(t for p in parts for t in _terms(p, lex, depth + 1))
    if part.endswith("می") and (part[:-2] in _PREVERBS or part[:-3] in _PREVERBS):
        return ()
    term = _reduce(part, lex)
    if term is None:
        # Whatever the word, ها after it is dropped, as it is after a ZWNJ (روابطعمومیها).
        bare = _without_ha(part)
        if bare != part:
            return _terms(bare, lex, depth)
        # و written on the next part of a compound: حمل‌ونقل → حمل ونقل, as حمل و نقل.
        if part[:1] == "و" and len(part) >= 3 and _reduce(part[1:], lex) is not None:
            return _terms(part[1:], lex, depth)
        pieces = _segment(part, lex) if depth < 2 and len(part) >= 5 else None
        if pieces:
            return tuple(t for p in pieces for t in _terms(p, lex, depth + 1))
        term = part
    return () if term in STOP_WORDS else (term,)


def analyze_word(text: str) -> tuple[str, ...]:
    """The index terms of one token of raw text (possibly none: a function word)."""
    if len(text) > 4 * MAX_TOKEN_LENGTH:  # not worth a cache entry
        return _analyze_word(text)
    return _analyze_word_cached(text)


# می and نمی written before a verb with a ZWNJ: read with it (می‌آید is میآید, not می + the auxiliary اید).
_MI = re.compile("(?<![^\u200c])(ن?می)\u200c(?=[^\u200c])")


def _mi_joined(text: str) -> str:
    return _MI.sub(r"\1", text) if "می" + ZWNJ in text else text


def _analyze_word(text: str) -> tuple[str, ...]:
    lex = get_lexicon()
    return tuple(
        t
        # A presentation form may stand for words (ﷺ): their spaces part them as ZWNJ does.
        for part in _mi_joined(fold(text).replace(" ", ZWNJ)).split(ZWNJ)
        for piece in _DIGIT_RUNS.findall(part)  # ۶۰بازی is 60 and بازی, as ۶۰‌بازی
        for t in _terms(piece, lex)
    )


_analyze_word_cached = lru_cache(maxsize=200_000)(_analyze_word)


def surface_words(text: str) -> list[str]:
    """The folded, ZWNJ-split words of one token, unreduced (for spelling suggestions)."""
    return list(_surface_words(text))


def _surface_words(text: str) -> tuple[str, ...]:
    if len(text) > 4 * MAX_TOKEN_LENGTH:  # not worth a cache entry
        return _split_surface(text)
    return _surface_words_cached(text)


def _split_surface(text: str) -> tuple[str, ...]:
    return tuple(
        p for p in fold(text).split(ZWNJ) if len(p) > 1 and p not in STOP_WORDS and not _NUMBER.match(p)
    )


# Every document's words are split again for the spelling word list (Whoosh asks with no_morph=True):
# 12% of a rebuild's time (cProfile, 2,000 statements) before this cache, which a token alone decides.
_surface_words_cached = lru_cache(maxsize=200_000)(_split_surface)


def iter_words(text: str):
    """``(start, end, word)`` for each token of ``text`` in order."""
    for match in _TOKEN.finditer(text):
        yield match.start(), match.end(), match.group()


def word_list(text: str) -> list[str]:
    """The tokens of ``text`` in order, as :func:`iter_words` finds them (without their places)."""
    return _TOKEN.findall(text)


def word_matches(text: str):
    """The tokens of ``text`` as regular-expression matches (``.span()``, ``.group()``), in order."""
    return _TOKEN.finditer(text)


class PersianTokenizer(Tokenizer):
    """Whoosh tokenizer that emits :func:`analyze_word`'s terms with original offsets.

    Terms keep consecutive positions (dropped function words take none), so
    phrase queries agree between text and query.
    """

    # Whoosh keeps a separate word list of unreduced words for spelling suggestions
    # when the analyzer transforms words; it asks for them with no_morph=True.
    is_morph = True
    # The analyzer version an index was built with is pickled with its schema (an instance
    # attribute); a tokenizer pickled before versions existed reads this class default.
    version = 1

    def __init__(self):
        super().__init__()
        self.version = ANALYZER_VERSION

    def __eq__(self, other):
        return other.__class__ is self.__class__ and other.version == self.version

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        no_morph=False,
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if no_morph:
            for _start, _end, word in iter_words(value):
                for part in _surface_words(word):
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

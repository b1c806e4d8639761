"""A user's query string → what it asks for → a haystack ``SQ``.

The syntax people expect from a search box, parsed leniently so that no input
is an error: ``"quoted words"`` must stand together in that order; ``-word``
or ``-"a phrase"`` (or ``NOT word``) excludes; ``OR`` (or ``|``) between words
offers alternatives, each side wholly required. Anything else (unbalanced
quotes, parentheses, ``*``, ``field:value``, control characters) is read as
plain words, and words that carry nothing searchable (``و``, ``در``, a lone
letter) are set aside and reported.

Plain words are read as a reader means them (:meth:`ParsedQuery.loose`):
statements holding every word come first; with three words or more, those
holding most of them follow (:func:`minimum_should_match`), and when these
tiers hold fewer than :data:`SOME_WORDS_WINDOW` statements, the best of those
holding some of the words fill the results up to it (so do those of a noun and
its relational adjective, :func:`names_a_kind`); words that carry little (an
honorific, a function word of hazm's list) are optional.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from haystack.inputs import Exact
from haystack.query import SQ

from archive.ingest.names import is_given_name, is_honorific
from archive.persian import to_persian_digits

from .analysis import ZWNJ, analyze_word, fold, get_lexicon, iter_words

# Query-side limits, each with the message a reader gets when a query goes past it.
MAX_QUERY_LENGTH = 300  # characters
MAX_WORDS = 12  # searchable words, phrases and exclusions included
MAX_ALTERNATIVES = 8  # sides of OR
LIMIT_MESSAGES = {
    "length": f"پرسش بیش از {to_persian_digits(MAX_QUERY_LENGTH)} نویسه بود؛ تنها بخش آغازین آن جست‌وجو شد.",
    "words": f"پرسش بیش از {to_persian_digits(MAX_WORDS)} واژه داشت؛ "
    f"تنها {to_persian_digits(MAX_WORDS)} واژهٔ نخست جست‌وجو شد.",
    "alternatives": f"پرسش بیش از {to_persian_digits(MAX_ALTERNATIVES)} گزینه با OR داشت؛ "
    f"تنها {to_persian_digits(MAX_ALTERNATIVES)} گزینهٔ نخست جست‌وجو شد.",
}

_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "″": '"'})
_PIECE = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Clause:
    """One word, or a phrase (``phrase=True``) whose words must be adjacent and in order."""

    text: str
    phrase: bool = False

    def to_sq(self):
        return SQ(content=Exact(self.text)) if self.phrase else SQ(content=self.text)

    def __str__(self):
        return f'"{self.text}"' if self.phrase else self.text


@dataclass(frozen=True)
class Loose:
    """A reader's plain words: statements with every one of ``words`` first, then those with at least
    ``minimum`` of them, then (``fill_to`` > 0) the best-scoring of those with at least one of them,
    until the results hold ``fill_to`` statements; ``optional`` words only add to the score."""

    words: tuple[str, ...]
    optional: tuple[str, ...] = ()
    minimum: int = 0
    fill_to: int = 0


# From this many words on, a query also finds statements holding only part of them (ranked below).
# A query of one or two words means each of them (قیمت مرغ, کم آبی): its results hold every word,
# unless the two are a noun and its relational adjective (names_a_kind): those holding one of them
# then follow, as the some-words tier below.
PARTIAL_FROM_WORDS = 3
# The results of a query of PARTIAL_FROM_WORDS or more words are filled up to this many statements
# with those holding some of the words, best first, when fewer hold most of them («نتایج با برخی از
# واژه‌ها»): a reader's question or half-remembered quote finds its answer however worded, and a long
# list of close matches is never diluted.
SOME_WORDS_WINDOW = 100


# The endings of a relational adjective: ی, ‌ای or ای after ه, یی after ا or و (فرنگی, جاده‌ای, هوایی);
# a lone ی after ا or و is an ezafe (شورای, فضای).
_RELATIONAL = re.compile(f"^(?P<stem>.+?)(?:{ZWNJ}(?:ای|یی|ی)|(?<=ه)ای|(?<=[او])یی|(?<![{ZWNJ}هاو])ی)$")


def is_relational_adjective(word: str) -> bool:
    """Whether ``word`` is a noun + the relational ی (فرنگی, جاده‌ای, هوایی, انتظامی), learnt from
    hazm's lexicon: the stem is a word it tags, and the whole is no word of its own — untagged, or
    tagged as an adjective — nor a verb form or a function word (کشتی, بازی are nouns; رفتی, وقتی)."""
    folded = fold(word)
    match = _RELATIONAL.match(folded)
    if not match or len(match["stem"]) < 2:
        return False
    lexicon, joined = get_lexicon(), folded.replace(ZWNJ, "")
    if match["stem"] not in lexicon.tagged or joined in lexicon.verbs or joined in _function_words():
        return False
    if folded.endswith("های") and folded[:-3] in lexicon.tagged:  # a plural with its ezafe (شهرهای)
        return False
    return joined not in lexicon.tagged or joined in lexicon.adjectives


def names_a_kind(words) -> bool:
    """Whether two words are a noun and its relational adjective (کشتی فرنگی, تصادفات جاده‌ای, آلودگی
    هوایی): they name a kind of the noun, so statements about the noun alone or the adjective's noun
    alone (a wrestling story for کشتی فرنگی, a bus overturned on a جاده for تصادفات جاده‌ای) are close
    answers, to follow those holding both, as for a longer query. Two nouns (قیمت مرغ, شهردار مشهد,
    جشنواره فیلم) name one thing by both: a statement holding only one is about something else."""
    return len(words) == 2 and not is_relational_adjective(words[0]) and is_relational_adjective(words[1])


def minimum_should_match(count: int) -> int:
    """How many of ``count`` words a statement must hold: all of one or two, 2 of 3, 3 of 4, 75% beyond."""
    return count if count < PARTIAL_FROM_WORDS else max(2, count * 3 // 4)


@lru_cache(maxsize=1)
def _function_words() -> frozenset:
    """hazm's stop words, less those its lexicon tags only as content words: its list holds news
    words (راه, رشد, نشست, خطر, جدید) beside the function words (درباره, چرا, یک) and verbs (شد)."""
    from archive.hazm_data import stopwords_list

    content = get_lexicon().content_only
    return frozenset(word for word in map(fold, stopwords_list()) if word not in content)


# A word in at least this share of the statements carries little in a query of three words or more
# (گفت, شد, کشور), once the archive is large enough for shares to mean something.
COMMON_SHARE = 0.4
COMMON_MIN_STATEMENTS = 500


def low_content(words: list[str], function_words=True, common=frozenset()) -> set[int]:
    """Positions of the words that carry little, all learnt from data: honorifics (one to three words,
    as PEYMA's names write them: ``آیت الله``, ``حجت‌الاسلام والمسلمین``, ``دکتر``), a given name
    before a surname (``محمد خاتمی``: most stories write the surname alone), and, if asked, hazm's
    stop words and the ``common`` words (found in most statements)."""
    found = set()
    for i in range(len(words)):
        for j in range(min(len(words), i + 3), i, -1):
            if is_honorific(words[i:j]):
                found.update(range(i, j))
                break
    for i, word in enumerate(words[:-1]):
        if is_given_name(word) and not is_given_name(words[i + 1]) and i + 1 not in found:
            found.add(i)
    if function_words:
        found.update(i for i, word in enumerate(words) if fold(word) in _function_words() or word in common)
    return found


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # OR of ANDs
    excluded: list[Clause] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # The limits (keys of LIMIT_MESSAGES) the query went past: only what came before was read.
    limited: list[str] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return bool(self.limited)

    @property
    def is_empty(self) -> bool:
        return not any(self.groups)

    def positive_words(self) -> list[str]:
        return [word for group in self.groups for clause in group for _s, _e, word in iter_words(clause.text)]

    def loose_words(self) -> list[str]:
        """The plain words :meth:`loose` reads (none in a query with ``OR``)."""
        return [c.text for c in self.groups[0] if not c.phrase] if len(self.groups) == 1 else []

    def loose(self, common=frozenset()) -> tuple["ParsedQuery", Loose | None]:
        """``(strict, loose)``: the plain words of a query without ``OR`` as :class:`Loose`, and what
        stays strict (phrases, exclusions); ``(self, None)`` when nothing is loose. ``common``: words
        found in most statements (see :data:`COMMON_SHARE`)."""
        words = self.loose_words()
        if not words:
            return self, None
        # Function words are optional only in a longer query (کم آبی, استعفا داد keep theirs).
        weak = low_content(words, function_words=len(words) >= 3, common=common)
        content = [w for i, w in enumerate(words) if i not in weak]
        optional = [w for i, w in enumerate(words) if i in weak]
        if not content:
            content, optional = words, []
        phrases = [c for c in self.groups[0] if c.phrase]
        strict = ParsedQuery(
            [phrases] if phrases else [], list(self.excluded), list(self.ignored), list(self.limited)
        )
        fill_to = SOME_WORDS_WINDOW if len(content) >= PARTIAL_FROM_WORDS or names_a_kind(content) else 0
        return strict, Loose(tuple(content), tuple(optional), minimum_should_match(len(content)), fill_to)

    def to_sq(self):
        """The query as a haystack ``SQ`` (None when it asks for nothing)."""
        combined = None
        for group in self.groups:
            sq = None
            for clause in group:
                sq = clause.to_sq() if sq is None else sq & clause.to_sq()
            if sq is not None:
                combined = sq if combined is None else combined | sq
        for clause in self.excluded:
            combined = ~clause.to_sq() if combined is None else combined & ~clause.to_sq()
        return combined

    def __str__(self):
        text = " OR ".join(" ".join(str(c) for c in group) for group in self.groups if group)
        return " ".join([text, *(f"-{c}" for c in self.excluded)]).strip()


def is_compound(first: str, second: str) -> bool:
    """Whether two words typed apart are one compound that hazm's lexicon writes with ZWNJ
    (کم آبی, آب معدنی, صنایع دستی): read as that compound, adjacent and in order, as the
    compound typed joined or with ZWNJ is — a statement holding the parts apart is another matter."""
    a, b = fold(first), fold(second)
    return ZWNJ not in a + b and get_lexicon().compounds.get(a + b) == (a, b)


def _searchable_text(text: str) -> str:
    """Only the tokens the analyzer reads, joined by spaces (drops syntax and control characters)."""
    return " ".join(word for _s, _e, word in iter_words(text))


def _has_terms(text: str) -> bool:
    return any(analyze_word(word) for _s, _e, word in iter_words(text))


def parse_query(raw: str) -> ParsedQuery:
    """Read a query string the way a person meant it. Never raises."""
    parsed = ParsedQuery()
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(ch if ch.isprintable() or ch in "\u200c" else " " for ch in text)
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        parsed.limited.append("length")
    text = text.translate(_QUOTES)
    if text.count('"') % 2:  # an unbalanced quote is read as a space
        head, _, tail = text.rpartition('"')
        text = f"{head} {tail}"

    group: list[Clause] = []
    negate_next = False
    count = 0
    last_plain = None  # the plain word the previous piece added (a compound's possible first part)
    for match in _PIECE.finditer(text):
        previous, last_plain = last_plain, None
        minus, phrase, word = match.groups()
        if word is not None:
            if word in ("OR", "|", "||"):
                if group:
                    parsed.groups.append(group)
                    group = []
                if len(parsed.groups) >= MAX_ALTERNATIVES:
                    parsed.limited.append("alternatives")
                    break
                continue
            if word in ("AND", "&&", "+"):
                continue
            if word == "NOT":
                negate_next = True
                continue
            negative = word.startswith("-") and len(word) > 1
            body = _searchable_text(word[1:] if negative else word)
            is_phrase = False
        else:
            negative = bool(minus)
            body = _searchable_text(phrase)
            is_phrase = len(body.split()) > 1
        negative = negative or negate_next
        negate_next = False
        if not body or not _has_terms(body):
            if body or (word and word not in "-"):
                parsed.ignored.append(body or word)
            continue
        count += len(body.split())
        if count > MAX_WORDS:
            parsed.limited.append("words")
            break
        # Several tokens outside quotes (e.g. "field:value") are separate words.
        clauses = [Clause(body, True)] if is_phrase else [Clause(w) for w in body.split()]
        for clause in clauses:
            if not _has_terms(clause.text):
                parsed.ignored.append(clause.text)
            elif negative:
                parsed.excluded.append(clause)
            elif (
                len(clauses) == 1
                and not is_phrase
                and group
                and group[-1] is previous
                and is_compound(previous.text, clause.text)
            ):
                group[-1] = Clause(previous.text + ZWNJ + clause.text)
            else:
                group.append(clause)
                last_plain = clause if len(clauses) == 1 and not is_phrase else None
    if group:
        parsed.groups.append(group)
    return parsed

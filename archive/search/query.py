"""A user's query string → what it asks for → a haystack ``SQ``.

The syntax people expect from a search box, parsed leniently so that no input
is an error: words are all required; ``"quoted words"`` must stand together
in that order; ``-word`` or ``-"a phrase"`` (or ``NOT word``) excludes; ``OR``
(or ``|``) between words offers alternatives. Anything else (unbalanced
quotes, parentheses, ``*``, ``field:value``, control characters) is read as
plain words, and words that carry nothing searchable (``و``, ``در``, a lone
letter) are set aside and reported.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from haystack.inputs import Exact
from haystack.query import SQ

from .analysis import analyze_word, iter_words

MAX_QUERY_LENGTH = 300
MAX_CLAUSES = 24

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


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # OR of ANDs
    excluded: list[Clause] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(self.groups)

    def positive_words(self) -> list[str]:
        return [word for group in self.groups for clause in group for _s, _e, word in iter_words(clause.text)]

    def to_sq(self):
        combined = None
        for group in self.groups:
            sq = None
            for clause in group:
                sq = clause.to_sq() if sq is None else sq & clause.to_sq()
            combined = sq if combined is None else combined | sq
        for clause in self.excluded:
            combined &= ~clause.to_sq()
        return combined

    def __str__(self):
        text = " OR ".join(" ".join(str(c) for c in group) for group in self.groups if group)
        return " ".join([text, *(f"-{c}" for c in self.excluded)]).strip()


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
        text, parsed.truncated = text[:MAX_QUERY_LENGTH], True
    text = text.translate(_QUOTES)
    if text.count('"') % 2:  # an unbalanced quote is read as a space
        head, _, tail = text.rpartition('"')
        text = f"{head} {tail}"

    group: list[Clause] = []
    negate_next = False
    count = 0
    for match in _PIECE.finditer(text):
        minus, phrase, word = match.groups()
        if word is not None:
            if word in ("OR", "|", "||"):
                if group:
                    parsed.groups.append(group)
                    group = []
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
        count += 1
        if count > MAX_CLAUSES:
            parsed.truncated = True
            break
        # Several tokens outside quotes (e.g. "field:value") are separate words.
        clauses = [Clause(body, True)] if is_phrase else [Clause(w) for w in body.split()]
        for clause in clauses:
            if not _has_terms(clause.text):
                parsed.ignored.append(clause.text)
            elif negative:
                parsed.excluded.append(clause)
            else:
                group.append(clause)
    if group:
        parsed.groups.append(group)
    return parsed

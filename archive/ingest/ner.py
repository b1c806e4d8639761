"""Person and place names in Persian text: a CRF tagger trained on PEYMA.

``entities(text)`` finds person (PER), place (LOC) and organisation (ORG) names and returns
their character spans in the ORIGINAL text, in its own spelling. Features are computed on a
normalised copy of each token (NFKC, so Arabic presentation forms fold; Arabic ي/ك made
Persian; diacritics and tatweel dropped), so old-orthography text is tagged like modern text.

The model (``data/ner.crfsuite``) and its gazetteer (``data/ner_gazetteer.json``: Iranian
place names and hazm's word frequencies) are written by ``bench/train_ner.py`` and loaded
lazily, once per process.

Pure Python (plus pycrfsuite); no Django.
"""

import json
import re
import threading
import unicodedata
from pathlib import Path
from typing import NamedTuple

from archive.lazy import load_once
from archive.persian import fold_letters, to_latin_digits

from . import names

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE = DATA_DIR / "ner.crfsuite"
GAZETTEER_FILE = DATA_DIR / "ner_gazetteer.json"

ZWNJ = "\u200c"
# A token longer than this is cut (its head and tail kept) before features are computed from it.
MAX_FEATURE_CHARS = 48
# The longest run of tokens tagged as one sequence; longer sentences are cut.
MAX_CHUNK_TOKENS = 200
# Place and honorific gazetteer entries span at most this many tokens.
MAX_NGRAM = 4
SENTENCE_ENDS = frozenset(".!?؟…")
# Between two digits these stay inside the number (3.5, ۳٫۵, 1,000).
_NUMBER_MARKS = frozenset(".٫٬,")
TYPES = ("PER", "LOC", "ORG")


class Token(NamedTuple):
    text: str
    start: int
    end: int


class Entity(NamedTuple):
    type: str
    start: int
    end: int
    text: str


# --- tokenizer -----------------------------------------------------------------------------

_SPACE, _PUNCT, _WORD = 0, 1, 2
_CHAR_CLASS: dict[str, int] = {}


def _char_class(char: str) -> int:
    kind = _CHAR_CLASS.get(char)
    if kind is None:
        folded = unicodedata.normalize("NFKC", char)
        if char.isspace() or (folded and folded.isspace()):
            kind = _SPACE
        elif char == ZWNJ:
            kind = _WORD
        elif folded and unicodedata.category(folded[0])[0] in "PS":
            kind = _PUNCT
        else:
            kind = _WORD
        if len(_CHAR_CLASS) < 100_000:
            _CHAR_CLASS[char] = kind
    return kind


_RUNS = re.compile(r"\S+")
# A run of letters, digits, ZWNJ/ZWJ and diacritics only: one token, no need to look closer.
_PLAIN = re.compile("(?:[^\\W_]|[\u200c\u200d\u064b-\u065f\u0670\u06d6-\u06ed])+")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` on whitespace and punctuation; each punctuation mark is its own token.

    ZWNJ stays inside a word, and a decimal point between digits stays inside the number.
    Offsets are into ``text`` itself. Linear in the length of the text.
    """
    tokens = []
    for run in _RUNS.finditer(text):
        if _PLAIN.fullmatch(run.group()):
            tokens.append(Token(run.group(), run.start(), run.end()))
        else:
            _split_run(text, run.start(), run.end(), tokens)
    return tokens


def _split_run(text: str, begin: int, finish: int, tokens: list[Token]) -> None:
    """Cut one whitespace-free run at its punctuation (and at any space NFKC reveals)."""
    start = None
    for index in range(begin, finish):
        char = text[index]
        kind = _char_class(char)
        if kind == _PUNCT and char in _NUMBER_MARKS and start is not None:
            if text[index - 1].isdigit() and index + 1 < finish and text[index + 1].isdigit():
                continue
        if kind == _WORD:
            if start is None:
                start = index
            continue
        if start is not None:
            tokens.append(Token(text[start:index], start, index))
            start = None
        if kind == _PUNCT:
            tokens.append(Token(char, index, index + 1))
    if start is not None:
        tokens.append(Token(text[start:finish], start, finish))


def _chunks(text: str, tokens: list[Token]):
    """Sentence-sized runs of tokens: cut after a sentence end, at a line break, and at the cap."""
    chunk = []
    for token in tokens:
        if chunk and "\n" in text[chunk[-1].end : token.start]:
            yield chunk
            chunk = []
        chunk.append(token)
        if len(chunk) >= MAX_CHUNK_TOKENS or (len(token.text) == 1 and token.text in SENTENCE_ENDS):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- features ------------------------------------------------------------------------------


def normalise(word: str) -> str:
    """The form features are computed from: NFKC, letters folded, Latin digits, spaces as ZWNJ.

    PEYMA writes some ZWNJ compounds with a space inside one token (``ثبت نام``); they are read
    as ``ثبت‌نام``. Very long tokens are cut to their head and tail first.
    """
    if len(word) > MAX_FEATURE_CHARS:
        half = MAX_FEATURE_CHARS // 2
        word = word[:half] + word[-half:]
    word = to_latin_digits(fold_letters(unicodedata.normalize("NFKC", word)))
    word = ZWNJ.join(part for part in word.replace(ZWNJ, " ").split())
    return word


def _shape(word: str) -> str:
    kinds = []
    for char in word:
        if char == ZWNJ:
            continue
        if char.isdigit():
            kind = "d"
        elif "\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufeff":
            kind = "p"
        elif char.isalpha():
            kind = "l"
        else:
            kind = "x"
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
            if len(kinds) > 3:
                break
    return "".join(kinds) or "empty"


def _digits_masked(word: str) -> str:
    return "".join("0" if char.isdigit() else char for char in word)


class _Gazetteer:
    def __init__(self, data):
        self.places = frozenset(data["places"])
        self.lexicon = data["lexicon"]


_gazetteer = None
_tagger = None
_lock = threading.Lock()


def _read_gazetteer() -> _Gazetteer:
    with open(GAZETTEER_FILE, encoding="utf-8") as handle:
        return _Gazetteer(json.load(handle))


def _load_gazetteer() -> _Gazetteer:
    return load_once(globals(), "_gazetteer", _lock, _read_gazetteer)


def is_place_name(text: str) -> bool:
    """Whether ``text`` (one or more words) is a place name of the tagger's gazetteer."""
    return "".join(normalise(word) for word in text.split()).replace(ZWNJ, "") in _load_gazetteer().places


def _ngram_marks(keys: list[str], table, longest: int, label: str) -> list[list[str]]:
    """B-/I- marks for runs of tokens whose joined keys are in ``table`` (longest match first)."""
    marks = [[] for _ in keys]
    for start in range(len(keys)):
        if not keys[start]:
            continue
        joined = ""
        for end in range(start, min(len(keys), start + longest)):
            if not keys[end]:
                break
            joined += keys[end]
            if joined in table:
                marks[start].append(f"B-{label}")
                for inside in range(start + 1, end + 1):
                    marks[inside].append(f"I-{label}")
    return marks


def lexicon_frequency(word: str) -> int:
    """hazm's corpus frequency of ``word`` (by :func:`names.name_key`) in half-decades; 0 if unknown."""
    return _load_gazetteer().lexicon.get(names.name_key(word)) or 0


def _lexicon_bucket(lexicon, key: str) -> str:
    frequency = lexicon.get(key)
    if frequency is None:
        return "oov"
    return str(frequency)


_WORD_CACHE: dict[str, dict] = {}
_FAR, _NEAR = (-2, 2), (-1, 1)
_WORD_CACHE_SIZE = 50_000


# Once the model is loaded: the attributes it has weights for. Any other attribute adds
# nothing to a score, so it is dropped before tagging (the same tags, much less work).
_known_attributes = None


def _useful(attributes: list[str]) -> list[str]:
    known = _known_attributes
    return attributes if known is None else [attribute for attribute in attributes if attribute in known]


def _word_features(word: str, gazetteer: _Gazetteer) -> dict:
    """What a word contributes to its own and its neighbours' features (cached: news repeats)."""
    cached = _WORD_CACHE.get(word)
    if cached is not None:
        return cached
    form = normalise(word)
    key = form.replace(ZWNJ, "")
    masked = _digits_masked(form)
    flags = []
    if names.is_given_key(key):
        flags.append("given")
    if key in names.SURNAMES:
        flags.append("surname")
    if key in names.NAME_PREFIXES:
        flags.append("prefix")
    own = [
        "w=" + masked,
        "k=" + _digits_masked(key),
        "shape=" + _shape(form),
        "lex=" + _lexicon_bucket(gazetteer.lexicon, key),
        "len=" + str(min(len(form), 10)),
    ]
    for size in (1, 2, 3):
        if len(masked) > size:
            own.append(f"p{size}=" + masked[:size])
            own.append(f"s{size}=" + masked[-size:])
    if ZWNJ in form:
        own.append("zwnj")
        own.append("zwnj_last=" + form.rsplit(ZWNJ, 1)[1])
        own.append("zwnj_first=" + form.split(ZWNJ, 1)[0])
    own.extend("f=" + flag for flag in flags)
    near = ["w=" + masked, own[2], own[3], *("f=" + flag for flag in flags)]
    features = {
        "key": key,
        "w": masked,
        "own": own,
        # The same, as seen from a neighbour 2 or 1 places away (the suffix only from next door).
        **{offset: [f"{offset}:{feature}" for feature in near] for offset in _FAR},
        **{
            offset: [f"{offset}:{feature}" for feature in near] + [f"{offset}:s3=" + masked[-3:]]
            for offset in _NEAR
        },
    }
    if len(_WORD_CACHE) >= _WORD_CACHE_SIZE:
        _WORD_CACHE.clear()
    _WORD_CACHE[word] = features
    return features


def sentence_features(words: list[str]) -> list[list[str]]:
    """CRF attributes for each word of one sentence (the training script uses this too)."""
    gazetteer = _load_gazetteer()
    local = [_word_features(word, gazetteer) for word in words]
    keys = [here["key"] for here in local]
    places = _ngram_marks(keys, gazetteer.places, MAX_NGRAM, "place")
    titles = _ngram_marks(keys, names.HONORIFICS, 3, "title")
    marks = [["f=" + mark for mark in place + title] for place, title in zip(places, titles, strict=True)]
    count = len(words)
    known = _known_attributes
    sequence = []
    for index, here in enumerate(local):
        attributes = ["bias", *here["own"], *marks[index]]
        if index == 0:
            attributes.append("first")
        if index == count - 1:
            attributes.append("last")
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if other < 0 or other >= count:
                attributes.append(f"{offset}:edge")
                continue
            attributes.extend(local[other][offset])
            if marks[other]:
                attributes.extend(f"{offset}:{mark}" for mark in marks[other])
        if index > 0:
            bigram = "w-1|w=" + local[index - 1]["w"] + "|" + here["w"]
            if known is None or bigram in known:
                attributes.append(bigram)
        if index + 1 < count:
            bigram = "w|w+1=" + here["w"] + "|" + local[index + 1]["w"]
            if known is None or bigram in known:
                attributes.append(bigram)
        sequence.append(attributes)
    return sequence


# --- tagging -------------------------------------------------------------------------------


def _read_tagger():
    """The CRF tagger; also sets the attributes it knows, which the features read (their cache is cleared)."""
    global _known_attributes
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_FILE))
    _known_attributes = frozenset(attribute for attribute, _ in tagger.info().state_features)
    _WORD_CACHE.clear()
    return tagger


def _load_tagger():
    return load_once(globals(), "_tagger", _lock, _read_tagger)


def tag_words(words: list[str]) -> list[str]:
    """BIO tags for one sentence of words."""
    if not words:
        return []
    tagger = _load_tagger()
    features = sentence_features(words)
    with _lock:
        return tagger.tag(features)


def spans_from_tags(tags: list[str]) -> list[tuple[str, int, int]]:
    """(type, first, last + 1) token spans from BIO tags; a stray I- starts a new entity."""
    spans = []
    current = None
    for index, tag in enumerate(tags):
        kind = tag[2:] if len(tag) > 2 and tag[1] == "-" else None
        if kind and tag[0] == "I" and current and current[0] == kind:
            current[2] = index + 1
            continue
        if current:
            spans.append(tuple(current))
            current = None
        if kind:
            current = [kind, index, index + 1]
    if current:
        spans.append(tuple(current))
    return spans


def entities(text: str, types=TYPES) -> list[Entity]:
    """Named entities in ``text`` with offsets into it, in reading order."""
    if not text:
        return []
    wanted = frozenset(types)
    found = []
    tokens = tokenize(text)
    for chunk in _chunks(text, tokens):
        tags = tag_words([token.text for token in chunk])
        for kind, first, last in spans_from_tags(tags):
            if kind not in wanted:
                continue
            start, end = chunk[first].start, chunk[last - 1].end
            found.append(Entity(kind, start, end, text[start:end]))
    return found


def person_spans(text: str) -> list[Entity]:
    """Person names in ``text`` (``entities`` restricted to PER)."""
    return entities(text, types=("PER",))

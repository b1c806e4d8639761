"""Who speaks in a raw article, in what office, and their first direct quote.

Pure functions, no Django. The speaker is the person whose words the article
reports: the subject of a reporting verb (:mod:`.speech`), found by reading each
sentence of the lead and body in order. People are recognised by the named-entity
tagger trained on PEYMA (:mod:`.ner`), by the archive's own officials
(``known_people``), and by the firm apposition ``NAME، OFFICE`` for names the
tagger has not met (foreign names, rare surnames). A subject can name the speaker
in several ways:

- ``NAME، OFFICE ... گفت:`` / ``OFFICE NAME ... گفت`` / ``NAME ... گفت``;
- ``وی افزود`` / ``این مقام گفت``: the person the story introduced last;
- the surname alone (``کارنی گفت``): the fuller form of the name seen elsewhere;
- ``OFFICE ... گفت`` with no name: the person holding that office elsewhere in the story.

People a sentence only mentions (after ``با``, ``شهید``, ``حضرت``...) are not its
subject. A story in which no person's words are reported has no speaker, and
then no office either: institutions and data releases are not statements of a person.
"""

import re
from dataclasses import dataclass

from archive.persian import clean_name, fold_letters, fold_letters_aligned, name_key

from . import names, ner, offices, places
from .attribution import ATTRIBUTION_OPENING, PUBLISHER_ONLY, PUBLISHER_OPENING_ANY
from .fields import NOTHING, Field
from .speech import (
    INTERVIEW,
    credits_a_medium,
    find_reports,
    is_anonymous_subject,
    is_medium_subject,
    is_pronoun_subject,
    quote_after,
)

# Attribution opening a sentence: "به گزارش خبرگزاری فارس از نکا،" / "...؛".
_ATTRIBUTION_WORDS = ATTRIBUTION_OPENING
_ATTRIBUTION_PREFIX = re.compile(
    rf"^\s*(?:{_ATTRIBUTION_WORDS}[^،,:؛]{{1,160}}?[،,:؛]|{PUBLISHER_OPENING_ANY})\s*"
)
# The same attribution where no comma closes it: the words from a clause start to a name.
_ATTRIBUTION_OPEN = re.compile(rf"^(?:و\s+)?{_ATTRIBUTION_WORDS}\s")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
# A word right before a person that makes them someone mentioned, not the subject.
_MENTIONED_AFTER = frozenset(
    fold_letters(w)
    for w in (
        "با",
        "برای",
        "درباره",
        "دربارهٔ",
        "علیه",
        "نزد",
        "همراه",
        "توسط",
        "مقابل",
        "شهید",
        "شهیدان",
        "مرحوم",
        "حضرت",
        "امام",
        "پیامبر",
        "رهبر",
        "بزرگداشت",
        "یاد",
        "سالگرد",
        "مزار",
        "آرامگاه",
        "خانواده",
        "فرزند",
        "همسر",
        "دختر",
        "پسر",
        "پدر",
        "مادر",
        "علیه‌السلام",
        "نام",
        "کتاب",
        "فیلم",
        "آثار",
        "اثر",
        "جایزه",
    )
)
# Function words no name contains.
_NOT_NAME_WORDS = frozenset(
    fold_letters(w)
    for w in (
        "در",
        "با",
        "به",
        "از",
        "این",
        "آن",
        "که",
        "و",
        "را",
        "روز",
        "امروز",
        "دیروز",
        "صبح",
        "عصر",
        "شب",
        "هم",
        "نیز",
        "همچنین",
        "وی",
        "او",
        "ما",
        "من",
        "اما",
        "ولی",
    )
)
_COMMA = "،,"


def lexicon_word(word: str) -> bool:
    """Whether hazm's lexicon knows ``word`` as a common word (the tagger's lexicon table)."""
    return ner.lexicon_frequency(word) > 0


@dataclass
class Person:
    name: str
    start: int
    end: int
    sentence: str
    known: bool = False
    described: bool = False  # an office right after it describes it (a name the tagger missed)


@dataclass
class SpeakerReading:
    """What :func:`find_speaker` found: each a :class:`Field`."""

    speaker: Field = NOTHING
    office: Field = NOTHING
    office_canonical: Field = NOTHING
    quote: Field = NOTHING
    jurisdiction: str = ""


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def honorific_length(words: list[str]) -> int:
    """How many of the first ``words`` are a title (``حجت الاسلام و المسلمین`` is four)."""
    for n in range(min(4, len(words)), 0, -1):
        if names.is_honorific(words[:n]):
            return n
    return 0


def strip_honorifics(text: str) -> str:
    """A name without the titles before it (``حجت‌الاسلام والمسلمین``, ``دکتر``); ``سید`` stays."""
    words = text.split()
    while len(words) > 1:
        taken = honorific_length(words)
        if not taken or taken >= len(words):
            break
        words = words[taken:]
    return " ".join(words)


def looks_like_name(name: str) -> bool:
    """Two to four words, none a reporting word or an office, the first a given name or unknown to
    the lexicon as a common word: the firm ``NAME، OFFICE`` pattern needs no more."""
    words = name.split()
    if not 2 <= len(words) <= 4 or any(offices.starts_office(w) for w in words):
        return False
    if any(fold_letters(w) in _MENTIONED_AFTER or fold_letters(w) in _NOT_NAME_WORDS for w in words):
        return False
    return (
        _opens_with_given_name(words)
        or names.is_name_prefix(words[0])
        or names.is_surname(words[-1])
        or not any(lexicon_word(w) for w in words)
    )


def _opens_with_given_name(words: list[str]) -> bool:
    """A known given name opens ``words``, in one word or written apart in two (``قدرت الله``)."""
    return names.is_given_name(words[0]) or (len(words) > 2 and names.is_given_name(" ".join(words[:2])))


_WORD_SPAN = re.compile(r"[^\s\u00a0]+")


def _name_closing(entity, sentence: str) -> Person | None:
    """A name the tagger read as the end of an organisation's (``روابط عمومی شرکت آبفای استان
    زنجان علیرضا جزء‌قاسمی``): a known given name after the organisation's first words, then
    one or two words that may be a surname, to the end of the span."""
    words = list(_WORD_SPAN.finditer(entity.text))
    for i in range(2, len(words) - 1):
        tail = words[i + 1 :]
        if (
            len(tail) <= 2
            and names.is_given_name(words[i].group())
            and all(_surname_like(w.group()) for w in tail)
        ):
            start = entity.start + words[i].start()
            return Person(sentence[start : entity.end], start, entity.end, sentence)
    return None


# A place glued to a name in one tagged span has at most this many words; the name after a
# dateline's place, between these many words.
PLACE_WORDS = 3
DATELINE_NAME_WORDS = (2, 4)
_FROM_BEFORE = re.compile(r"(?:^|\s)از\s*$")


def _name_after_place(entity, sentence: str) -> Person | None:
    """A name the tagger read as the rest of a place: a place of one to three words (the longest
    first), then a known given name and more (``از مشهد حسن رضایی``), or, right after a dateline's
    ``از``, two to four words of any kind (``از مشهد هاشم بنی هاشمی نسب ...``)."""
    words = list(_WORD_SPAN.finditer(entity.text))
    dateline = _FROM_BEFORE.search(sentence[: entity.start]) and _ATTRIBUTION_OPEN.match(sentence)
    shortest, longest = DATELINE_NAME_WORDS
    for i in range(min(PLACE_WORDS, len(words) - 2), 0, -1):
        if not ner.is_place_name(" ".join(w.group() for w in words[:i])):
            continue
        if names.is_given_name(words[i].group()) or (dateline and shortest <= len(words) - i <= longest):
            start = entity.start + words[i].start()
            return Person(sentence[start : entity.end], start, entity.end, sentence)
    return None


def _people_in(sentence: str, known_keys) -> list[Person]:
    """People named in a sentence: the tagger's PER spans, plus officials the archive knows."""
    tagged = ner.entities(sentence)
    found = [Person(e.text, e.start, e.end, sentence) for e in tagged if e.type == "PER"]
    found.extend(p for e in tagged if e.type == "ORG" and (p := _name_closing(e, sentence)))
    found.extend(p for e in tagged if e.type == "LOC" and (p := _name_after_place(e, sentence)))
    if known_keys:
        for match in re.finditer(r"[^\s،,:؛.()«»]+(?:\s+[^\s،,:؛.()«»]+){1,3}", sentence):
            words = match.group(0).split()
            for n in range(len(words), 1, -1):
                for k in range(len(words) - n + 1):
                    phrase = " ".join(words[k : k + n])
                    if name_key(phrase) in known_keys:
                        start = sentence.find(phrase, match.start())
                        found.append(Person(phrase, start, start + len(phrase), sentence, known=True))
    found = [_extended(p) for p in found]
    found.extend(_appositive_names(sentence, found))
    found.sort(key=lambda p: (p.start, -p.end))
    kept = []
    for person in found:  # longest of overlapping spans, known ones preferred
        if kept and person.start < kept[-1].end:
            if (
                person.known
                and not kept[-1].known
                or (person.end - person.start > kept[-1].end - kept[-1].start and not kept[-1].known)
            ):
                kept[-1] = person
            continue
        kept.append(person)
    return [p for p in (_trimmed(p) for p in kept) if p is not None and _plausible_name(p.name)]


_NEXT_WORD = re.compile(r"[\s\u200c]+(?P<word>[^\s،,:؛.()«»\d]+)")


def _surname_like(word: str) -> bool:
    """A known surname, or a name word (:func:`_name_word`) that is no common word of the lexicon."""
    return names.is_surname(word) or (not lexicon_word(word) and _name_word(word))


_PREVIOUS_WORD = re.compile(r"(?:^|[\s\u200c«\"])(?P<word>[^\s\u200c،,:؛.()«»\"\d]+)[\s\u200c]+$")


def _given_name_restored(person: Person) -> Person:
    """A surname the tagger read alone after the given name it missed (``نضال`` of ``نضال عيسي``):
    the word before it, a given name or no common word of the lexicon, and no title or function
    word (:func:`_name_word`)."""
    match = _PREVIOUS_WORD.search(person.sentence, max(0, person.start - 40), person.start)
    if not match:
        return person
    word = match.group("word")
    if not _name_word(word) or not (names.is_given_name(word) or not lexicon_word(word)):
        return person
    start = match.start("word")
    return Person(person.sentence[start : person.end], start, person.end, person.sentence, person.known)


def _extended(person: Person) -> Person:
    """A given name the tagger cut from its surname (``محمود`` of ``محمود مرداوی``) gets it back;
    so does a name the tagger read alone when a known surname follows (``خدابخش محمدزاده‌پودینه``)."""
    if len(person.name.split()) != 1:
        return person
    extended = _extended_forward(person)
    return _given_name_restored(person) if extended is person else extended


def _extended_forward(person: Person) -> Person:
    if not names.is_given_name(person.name):
        match = _NEXT_WORD.match(person.sentence, person.end)
        if not (match and names.is_surname(match.group("word").split("\u200c")[0])):
            return person
    end = person.end
    for _ in range(2):
        match = _NEXT_WORD.match(person.sentence, end)
        if not match or not _surname_like(match.group("word")):
            break
        end = match.end()
    if end == person.end:
        end = _to_closing_quote(person)
    if end == person.end:
        return person
    return Person(person.sentence[person.start : end], person.start, end, person.sentence, person.known)


_IN_QUOTES = re.compile(r"(?:[\s\u200c]+[^\s،,:؛.()«»\d\"]+){1,2}(?=[\s\u200c]*[»\"])")


def _to_closing_quote(person: Person) -> int:
    """``«وحید مجروح»``: a given name in guillemets or quotes takes the words up to the closing mark,
    common words or not (the marks say where the name ends)."""
    before = person.sentence[: person.start].rstrip(" \u200c")
    if not before.endswith(("«", '"')):
        return person.end
    match = _IN_QUOTES.match(person.sentence, person.end)
    return match.end() if match else person.end


# Two to four words at a clause start, each length tried (shortest first), then an optional comma.
_APPOSITION = [
    re.compile(
        r"(?:^|(?<=[،,؛:]\s)|(?<=[،,؛:]))\s*(?P<name>[^\s،,:؛.()«»\d]+(?:\s+[^\s،,:؛.()«»\d]+)"
        rf"{{{n - 1}}})(?P<comma>\s*[،,])?\s*(?=\S)"
    )
    for n in (2, 3, 4)
]


_CLAUSE_START = re.compile(r"(?:^|(?<=[،,؛:]))\s*(?=\S)")


def _appositive_names(sentence, tagged):
    """Names the tagger missed in the firm patterns ``NAME، OFFICE`` and ``OFFICE GIVEN SURNAME``
    at a clause start."""
    found = []
    for match in _CLAUSE_START.finditer(sentence):
        if not offices.starts_office(sentence[match.end() : match.end() + 80]):
            continue
        reading = offices.read_office(sentence, match.end())
        after = _NEXT_WORD.match(sentence, reading.end) if reading else None
        if after and names.is_given_name(after.group("word")):
            start = after.start("word")
            person = _extended(Person(after.group("word"), start, after.end(), sentence))
            if len(person.name.split()) >= 2 and not any(
                p.start < person.end and person.start < p.end for p in tagged
            ):
                found.append(person)
    for match in (m for pattern in _APPOSITION for m in pattern.finditer(sentence)):
        start, end = match.span("name")
        if any(p.start < end and start < p.end for p in tagged + found):
            continue
        if not offices.starts_office(sentence[match.end() : match.end() + 80]):
            continue
        name = strip_honorifics(match.group("name"))
        if not match.group("comma") and not _opens_with_given_name(name.split()):
            continue  # "NAME OFFICE" with no comma only for a known given name
        if looks_like_name(name):
            offset = match.group("name").find(name)
            found.append(Person(name, start + offset, start + offset + len(name), sentence))
    return found


# Titles of the revered, and the courtesy titles (آقای, خانم), written as part of a name
# ("حضرت امام خامنه‌ای", "آقای رئیسی"): not the name.
_REVERED = re.compile(r"^(?:(?:حضرت|امام|آیت[\s\u200c]*الله|مقام\s+معظم\s+رهبری|آقای|خانم)[\s\u200c]+)+")
_QUOTES = "\"'«»“”"


def _title_length(text: str) -> int:
    """How many characters of ``text`` are a title before a name (0 when nothing else follows)."""
    title = _REVERED.match(fold_letters_aligned(text))
    return title.end() if title and title.end() < len(text) else 0


# Marks a name never begins or ends with ("*آقای رئیسی", "\"نصار الربیعی").
_NOT_LETTERS_AROUND = re.compile(r"^[^\w\u200c]+|[^\w\u200c]+$")


def _trimmed(person: Person) -> Person | None:
    """A tagged span without the quotes around it or a title glued in front, cut at a quote inside
    it (``علی السمیسم" مسؤول ...``)."""
    start, end = person.start, person.end
    text = person.sentence
    while start < end and text[start] in _QUOTES + " ":
        start += 1
    inner = next((i for i in range(start, end) if text[i] in _QUOTES), None)
    if inner is not None:
        end = inner
    while end > start and text[end - 1] in _QUOTES + " \u200c":
        end -= 1
    start += _title_length(text[start:end])
    if end - start < 3:
        return None
    if (start, end) == (person.start, person.end):
        return person
    return Person(text[start:end], start, end, text, person.known)


# Plural endings of a title (آقایان, خانم‌ها): "the gentlemen" is no one's name.
_PLURALS = ("ان", "\u200cها", "ها")


def _surname_key(name: str) -> str:
    """The key of a name's last word, its titles left out (``حجت‌الاسلام علی زاهددوست`` → زاهددوست)."""
    return name_key(strip_honorifics(name).split()[-1])


def _plural_of_a_title(word: str) -> bool:
    """``آقایان``, ``خانم‌ها``; not a surname that looks like one (``حاجیان``, ``شیخان``)."""
    return not names.is_surname(word) and any(
        word.endswith(end) and names.is_honorific([word[: -len(end)]]) for end in _PLURALS
    )


def _plausible_name(name: str) -> bool:
    """A name has one to five Persian words, none of them a role, an organisation word or a title's
    plural."""
    words = strip_honorifics(name).split()
    if len(words) == 1 and _plural_of_a_title(words[0]):
        return False
    if len(words) > 1 and lexicon_word("".join(words)) and not names.is_given_name("".join(words)):
        return False  # a phrase the lexicon knows as one word: "علی الخصوص", "علی رغم"
    if any(
        fold_letters(w) in {"می", "نمی"} or fold_letters(w).startswith(("می\u200c", "نمی\u200c"))
        for w in words
    ):
        return False  # a verb ("گستاخ می شوند")
    # The word after سید/میر is a given name even where it is also a rank (سید امیر علی انوار).
    ranked = [w for i, w in enumerate(words) if not (i > 0 and names.is_name_prefix(words[i - 1]))]
    return (
        1 <= len(words) <= 5
        and not any(offices.starts_office(w) or offices.is_organisation_word(w) for w in ranked)
        and all(re.search(r"[\u0600-\u06ff]", w) for w in words)
    )


# A byline: "خبرآنلاین - رسول سلیمی: ..." (the publisher, a dash, the writer, a colon), in one of
# the story's first sentences (after a summary lead).
BYLINE_SENTENCES = 3


# "واشنگتن تایمز: ایران آماده است": a headline crediting its words to one to three words before a
# colon, and how far into the story that medium must be named as one.
MEDIUM_SENTENCES = 3
_HEADLINE_SOURCE = re.compile(r"^\s*(?P<source>[^:：\s]+(?:\s+[^:：\s]+){0,2})\s*[:：]")


def _headline_credits_a_medium(title: str, story: list[str]) -> bool:
    """Whether the headline credits its words to a medium the story names as one (``واشنگتن تایمز:``
    over ``روزنامه "واشنگتن تایمز" در گزارشی ادعا کرد``)."""
    match = _HEADLINE_SOURCE.match(title or "")
    if match is None:
        return False
    source = match.group("source").strip(" \"«»'")
    return is_medium_subject(source) or credits_a_medium(source, "\n".join(story[:MEDIUM_SENTENCES]))


def _is_byline(person: Person) -> bool:
    """The writer a byline names (``خبرآنلاین - رسول سلیمی:``): the author, not a speaker."""
    return person.sentence[person.end :].lstrip(" \u200c").startswith(":") and bool(
        PUBLISHER_ONLY.match(person.sentence[: person.start])
    )


def _is_mentioned(person: Person) -> bool:
    """A person the sentence names as an object (``با X``, ``شهید X``), not as its subject."""
    head = person.sentence[: person.start]
    # Skip titles written before the name ("شهید حاج قاسم سلیمانی": look past "حاج").
    words = head.split()
    while words and honorific_length(words[-1:]) and len(words) > 1:
        words.pop()
    previous = fold_letters(words[-1]) if words else ""
    return previous in _MENTIONED_AFTER


# Words that may stand right before a subject's name: "همچنین NAME گفت", "امروز NAME گفت".
_OPENERS = frozenset(
    fold_letters(w)
    for w in (
        "همچنین",
        "نیز",
        "امروز",
        "دیروز",
        "امشب",
        "دیشب",
        "صبح",
        "عصر",
        "ظهر",
        "شب",
        "شامگاه",
        "بامداد",
        "روز",
        "سپس",
        "آنگاه",
        "ضمنا",
        "ضمناً",
        "بعد",
        "پس",
        "اما",
        "ولی",
        "همچنان",
        "اخیرا",
        "اخیراً",
        "هم",
    )
)
# An adverbial phrase opening the clause before its subject: "در همین زمینه NAME ...", "در این باره",
# "در ادامه": در with a demonstrative and its noun (perhaps after another: "در حاشیه این بازدید"), or
# with a word of sequence; then perhaps another ("در این آیین ابتدا NAME ...").
_OPENING_PHRASE = re.compile(
    r"^(?:(?:و\s+)?در\s+(?:(?:\S+\s+)?(?:این|همین|آن)\s+\S+|ادامه|پایان|ابتدا|آغاز)(?:\s+(?:ابتدا|نخست|سپس|نیز|همچنین))?"
    r"|(?:بنا\s*بر|طبق)\s+(?:این|همین)\s+گزارش)$"  # "بنا بر همین گزارش NAME ...": the report goes on
)
# "به گفته NAME", "بنابر اعلام NAME", "به نقل از NAME": the person is the source of the words.
_SOURCE_BEFORE = re.compile(
    r"(?:به[\s\u200c]*گفته|بنا[\s\u200c]*بر[\s\u200c]*(?:اعلام|اظهارات)|با[\s\u200c]+اعلام|به[\s\u200c]*نوشته|به[\s\u200c]*نقل[\s\u200c]+از"
    r"|به[\s\u200c]*اعتقاد)[\s\u200c]*[«\"]?[\s\u200c]*$"
)
# "NAME ... در گفت‌وگو با خبرنگار فارس این خبر را تأیید کرد": the person talked to the agency.
_TO_REPORTER = re.compile(
    rf"^[^.؟!:«]{{0,120}}?(?:در[\s\u200c]+{INTERVIEW}[\s\u200c]+با|به)[\s\u200c]+"
    r"(?:خبرنگار|خبرگزاری)"
)
_INTERVIEW_BEFORE = re.compile(
    rf"{INTERVIEW}(?:ی|\s+(?:اختصاصی|تفصیلی|ویژه))?[\s\u200c]+با[\s\u200c]*«?[\s\u200c]*$"
)


_REVERED_PREFIX = fold_letters("حضرت")


def _head_words(person: Person, begin: int) -> tuple[list[str], bool]:
    """The words of a sentence from ``begin`` to a person, titles before the name dropped, and
    whether a title stood there."""
    words = (
        fold_letters_aligned(person.sentence[begin : person.start])
        .replace("«", " ")
        .replace('"', " ")
        .split()
    )
    # A ZWNJ typed beside a space ("از قم،‌ عباس") is no word.
    words = [w.strip("\u200c") for w in words if w.strip("\u200c")]
    titled = False
    while words:
        n = next((k for k in (4, 3, 2, 1) if len(words) >= k and names.is_honorific(words[-k:])), 0)
        if not n and titled and fold_letters(words[-1]) == _REVERED_PREFIX:
            n = 1  # "حضرت آیت‌الله": the reverence opens the title
        if not n:
            break
        words, titled = words[:-n], True
    return words, titled


def _at_subject(person: Person, begin: int) -> bool:
    """Whether a person stands where a clause's subject stands (not inside an object or a genitive).

    The name opens the clause (after the attribution or a comma), follows an office
    (``استاندار فارس NAME``), a title or an opening adverb (``همچنین``, ``امروز``).
    """
    before = person.sentence[begin : person.start]
    if before.count("«") > before.count("»") and not person.sentence[person.end :].lstrip(
        " \u200c"
    ).startswith("»"):
        return False  # inside a title or a quotation («سعادت نامرئی: ...»), not a name in guillemets
    words, titled = _head_words(person, begin)
    if not words:
        return True
    last = words[-1]
    if last[-1:] in "،,:؛(":
        return True
    if fold_letters(last) in _MENTIONED_AFTER:
        return False
    # After an office that opens the clause, inside a "با ..." phrase no comma closed: "امام جمعه
    # باشت با تسلیت رحلت آیت‌الله X گفت" (not "در دیدار با وزیر کشور، استاندار فارس X گفت", nor
    # "همزمان با هفته دفاع مقدس سردار X گفت").
    since_comma = next((i for i in range(len(words) - 1, -1, -1) if words[i][-1:] in "،,؛:"), -1)
    clause = words[since_comma + 1 :]
    if "با" in clause and offices.starts_office(" ".join(clause)):
        return False
    if titled or fold_letters(last) in _OPENERS or _OPENING_PHRASE.match(fold_letters(" ".join(words))):
        return True
    if _ATTRIBUTION_OPEN.match(" ".join(words)):
        return True  # "به نقل از روابط عمومی شرکت آبفای استان زنجان NAME اظهار داشت": no comma after it
    head = person.sentence[: person.start]
    cut = max([begin] + [head.rfind(c) + 1 for c in "،,؛:"])
    while cut < len(head) and head[cut] in " \u200c\u00a0":
        cut += 1
    reading = offices.read_office(person.sentence, cut) if cut < person.start else None
    return (
        bool(reading)
        and reading.end <= person.start + 1
        and not person.sentence[reading.end : person.start].strip(" \u200c\u00a0،,«")
    )


def _is_source(person: Person) -> bool:
    """``به گفته NAME`` / ``به نقل از NAME``: the sentence reports this person's words."""
    return bool(_SOURCE_BEFORE.search(fold_letters_aligned(person.sentence[: person.start])))


def _told_the_agency(person: Person) -> bool:
    """A clause's subject that talked to the agency's reporter (``NAME ... در گفت‌وگو با خبرنگار``)."""
    if _is_mentioned(person) or not _at_subject(person, _clause_begin(person.sentence)):
        return False
    return bool(_TO_REPORTER.match(fold_letters_aligned(person.sentence[person.end :])))


def _is_interviewed(person: Person) -> bool:
    words, _titled = _head_words(person, 0)
    return bool(_INTERVIEW_BEFORE.search(" ".join(words) + " "))


@dataclass
class Clause:
    """A sentence that reports speech: its subject and the verb."""

    sentence: str
    subject_start: int
    verb_start: int
    verb_end: int
    direct: bool

    @property
    def subject(self) -> str:
        return self.sentence[self.subject_start : self.verb_start]


# "یک چشم‌پزشک گفت", "یکی از مراجع تقلید گفت", "این مرجع تقلید افزود": an office named, not a person.
_DETERMINER = re.compile(r"^(?:یک(?:ی)?(?:\s+از)?|این|همین)\s+")


def _subject_opening(sentence: str, start: int, end: int) -> tuple[int, int | None]:
    """Where the subject of a clause running from ``start`` to ``end`` begins (past spaces and
    commas), and where the determiner (:data:`_DETERMINER`) that opens it ends, if one does."""
    text = fold_letters_aligned(sentence[start:end]).lstrip(" \u200c\u00a0،,")
    begin = end - len(text)
    determiner = _DETERMINER.match(text)
    return begin, begin + determiner.end() if determiner else None


def _subject_office(clause: Clause) -> offices.OfficeReading | None:
    """The office a clause's subject opens with, past ``یک``/``یکی از``/``این``."""
    start, past_determiner = _subject_opening(clause.sentence, clause.subject_start, clause.verb_start)
    return _naming_office(offices.read_office(clause.sentence, past_determiner or start))


def _naming_office(reading: offices.OfficeReading | None) -> offices.OfficeReading | None:
    """An office that opens a clause with no name beside it: one that points back names nobody."""
    return None if reading is None or reading.points_back else reading


_DATELINE_OPENING = re.compile(r"^\s*به[\s\u200c]*گزارش\s+(?:\S+\s+){1,5}?از\s+\S+\s+")


_ATTRIBUTION_THEN_PRONOUN = re.compile(r"^\s*به[\s\u200c]*گزارش\s+(?:\S+\s+){1,3}?(?=(?:وی|او)\s)")


def _clause_begin(sentence: str) -> int:
    """Where a sentence's own words begin, after its attribution (``به گزارش فارس از نکا،``).

    An attribution with no comma after it (``به گزارش خبرگزاری فارس از بجنورد محمد ...``) ends
    after its dateline; it never runs over a reporting verb.
    """
    prefix = _ATTRIBUTION_PREFIX.match(sentence)
    if not prefix:
        return 0
    reports = find_reports(sentence[: prefix.end()])
    if not reports:
        return prefix.end()
    dateline = _DATELINE_OPENING.match(sentence[: reports[0].start])
    if dateline:
        return dateline.end()
    # "به گزارش فارس وي در مصاحبه ... گفت": the clause starts at the pronoun.
    pronoun = _ATTRIBUTION_THEN_PRONOUN.match(fold_letters_aligned(sentence[: reports[0].start]))
    return pronoun.end() if pronoun else 0


def _clauses(sentence: str) -> list[Clause]:
    begin = _clause_begin(sentence)
    out = []
    for report in find_reports(sentence):
        if report.start < begin:
            continue
        out.append(Clause(sentence, begin, report.start, report.end, report.direct))
        break  # the first verb of a sentence carries its subject; later ones are its own clauses
    return out


_SKIP = ' \u200c\u00a0«»"' + _COMMA


def _office_around(person: Person) -> offices.OfficeReading | None:
    """The office written beside a name: ``NAME، OFFICE`` / ``NAME OFFICE`` / ``OFFICE NAME``."""
    text = person.sentence
    after = person.end
    while after < len(text) and text[after] in _SKIP:
        after += 1
    reading = offices.read_office(text, after) if after < len(text) else None
    if reading:
        return reading
    # OFFICE NAME: an office right before the name, read from the clause start or from a comma
    # (the earliest that ends at the name: "وزیر علوم، تحقیقات و فناوری NAME" has a comma inside).
    head = text[: person.start]
    begin = _clause_begin(text)
    near = max(begin, person.start - LOOKBEHIND_CHARS)
    for cut in sorted({begin, *(i + 1 for i in range(near, len(head)) if head[i] in "،,؛:")}):
        while cut < len(head) and head[cut] in _SKIP:
            cut += 1
        reading = offices.read_office(text, cut) if cut < person.start else None
        if reading and reading.end <= person.start + 1:
            between = text[reading.end : person.start].replace("«", " ").replace('"', " ").split()
            if not between or honorific_length(between) == len(between):
                return reading
    return None


def _fullest(name: str, people: list[Person], text: str) -> str:
    """The fullest form of ``name`` among everyone the story names: ``کارنی`` → ``مارک کارنی``,
    and ``وحید گلی`` with a later ``گلی کانی`` → ``وحید گلی کانی`` when the text writes it so."""
    key = name_key(strip_honorifics(name))
    best = strip_honorifics(name)
    for person in people:
        other = strip_honorifics(person.name)
        other_key = name_key(other)
        if (
            len(other_key) > len(name_key(best))
            and (other_key.endswith(key) or other_key.startswith(key))
            and len(other.split()) > len(best.split())
            and (len(best.split()) < 2 or _name_words_before(other, best))
        ):
            best = other
    words = best.split()
    for person in people:
        other = strip_honorifics(person.name).split()
        # Overlapping forms: our last word opens theirs.
        if len(other) >= 2 and len(words) >= 2 and name_key(other[0]) == name_key(words[-1]):
            joined = " ".join(words + other[1:])
            if name_key(joined) != name_key(best) and joined in text:
                return joined
    if len(words) == 1:
        return _given_name_before(best, text) or best
    return best


def _name_words_before(longer: str, name: str) -> bool:
    """Whether what ``longer`` adds before a full ``name`` is given names and name prefixes
    (``سید محمد`` before ``علی حسینی``), not a word the tagger took in (``رهبری نصیر حیدریان``)."""
    extra = longer.split()[: len(longer.split()) - len(name.split())]
    if name_key(" ".join(longer.split()[len(extra) :])) != name_key(name):
        return True  # the longer form goes on after the name (وحید گلی کانی): nothing added before
    return all(names.is_given_name(w) or names.is_name_prefix(w) for w in extra)


def _given_name_before(surname: str, text: str) -> str:
    """``عزیزی`` alone, and the story writes ``ارژنگ عزیزی`` once: the name with its given name.

    The word before the surname counts when it is a given name, or a word the lexicon does not
    know that is not a role, a title or a function word (a rare given name).
    """
    for match in re.finditer(
        rf"(?<![\w\u200c])([^\s،,:؛.()«»\d]+)\s+{re.escape(surname)}(?![\w\u200c])", text
    ):
        word = match.group(1)
        folded = fold_letters(word)
        if (
            folded in _NOT_NAME_WORDS
            or folded in _MENTIONED_AFTER
            or offices.starts_office(word)
            or offices.is_organisation_word(word)
            or names.is_honorific([word])
            or find_reports(word)
            or _verb_not_name(word)  # hazm's word list holds no verbs: "آغاز شد ابراهيمي"
        ):
            continue
        if names.is_given_name(word) or not lexicon_word(word):
            return f"{word} {surname}"
    return ""


def _surname_completed(person: Person, text: str) -> Person:
    """A name the tagger cut before the end of its surname (``وحید گلی`` of ``وحید گلی کانی``): the
    next word belongs to the name when the text repeats it after the surname's last word
    (``گلی کانی عنوان کرد``), or when an office follows it (``... کانی فرماندار قدس``)."""
    for _ in range(2):
        match = _NEXT_WORD.match(person.sentence, person.end)
        if not match or not person.name.split():
            break
        word = match.group("word")
        folded = fold_letters(word)
        if (
            folded in _NOT_NAME_WORDS
            or folded in _MENTIONED_AFTER
            # the word opens an office, alone or with the next ("نایب رئیس")
            or offices.starts_office(person.sentence[match.start("word") : match.start("word") + 80])
            or find_reports(word)
            or names.is_honorific([word])
        ):
            break
        pair = f"{person.name.split()[-1]} {word}"
        followed_by_office = offices.starts_office(
            person.sentence[match.end() : match.end() + 60].lstrip(" ،,")
        )
        if text.count(pair) < 2 and not followed_by_office:
            break
        person = Person(
            person.sentence[person.start : match.end()],
            person.start,
            match.end(),
            person.sentence,
            person.known,
        )
    return person


def _fuller_office(reading, alternatives):
    """The more specific wording of the same office (the headline's ``معاون ارتباطات و اطلاع‌رسانی
    دفتر ...`` for the body's ``معاون ارتباطات دفتر ...``): same role, every word of ours in it."""
    if reading is None:
        return None
    best = reading
    for other in alternatives:
        if _more_words_of(reading, other, same_end=False) and len(other.text.split()) > len(
            best.text.split()
        ):
            best = other
    return best


def _more_words_of(reading, other, same_end: bool) -> bool:
    """Is ``other`` the same office as ``reading`` with more words: the same role and every word
    of ``reading`` in it, in order (a word may be two of ``other``'s: ``موادمخدر``/``مواد مخدر``)?

    With ``same_end``, the words must be added inside, not at the end: for an office met anywhere in
    the story, words at the end are where a reading ran on (``... اظهارداشت``); a subject's office
    (headline, lead) ends at its verb, so there they may also come at the end."""
    if other.role != reading.role or not other.canonical or not reading.canonical:
        return False
    if same_end and not name_key(other.canonical).replace(" ", "").endswith(
        name_key(reading.canonical.split()[-1])
    ):
        return False
    ours = [name_key(w) for w in reading.text.split()]
    theirs = [name_key(w) for w in other.text.split()]
    if len(theirs) <= len(ours):
        return False
    j = 0
    for word in ours:
        while j < len(theirs) and theirs[j] != word and theirs[j] + "".join(theirs[j + 1 : j + 2]) != word:
            j += 1
        if j == len(theirs):
            return False
        j += 1 if theirs[j] == word else 2
    return True


def _adds_a_title(reading, other) -> bool:
    """Is ``other`` ``reading`` and a second title joined by ``و`` (``معاون استاندار تهران`` in the
    lead, ``معاون استاندار تهران و فرماندار ویژه شهرستان ری`` later): a combined title, not a run-on.
    Two of the same role (``رئیس‌جمهور آمریکا و رئیس‌جمهور ایران``) are two people's."""
    ours = [name_key(w) for w in reading.text.split()]
    theirs = other.text.split()
    rest = theirs[len(ours) :]
    return (
        other.role != reading.role
        and [name_key(w) for w in theirs[: len(ours)]] == ours
        and len(rest) > 1
        and name_key(rest[0]) == "و"
        and offices.starts_office(" ".join(rest[1:]))
    )


# How many other places an office's first word is looked for (bounds the work per article).
MAX_OFFICE_REPEATS = 20


def _spelled_out(reading, story):
    """A longer wording of ``reading`` (same browsing form, or all its words and more) in
    ``story``, with its sentence, or None."""
    head = reading.text.split()[0]
    pattern = re.compile(rf"(?<![\w\u200c]){re.escape(fold_letters(head))}(?![\w\u200c])")
    best, length, looked = None, len(reading.text.split()), 0
    for sentence in story:
        for match in pattern.finditer(fold_letters_aligned(sentence)):
            looked += 1
            if looked > MAX_OFFICE_REPEATS:
                return best
            other = offices.read_office(sentence, match.start())
            if (
                other
                and len(other.text.split()) > length
                and name_key(other.text) != name_key(reading.text)  # more words, not the same spaced apart
                and (
                    other.canonical == reading.canonical
                    or _more_words_of(reading, other, same_end=True)
                    or _adds_a_title(reading, other)
                )
            ):
                best, length = (other, sentence), len(other.text.split())
    return best


def _mentions_of(person: Person, story: list[str]) -> list[Person]:
    """Every place the story writes a person's name as it is spelled at ``person`` (a full name of
    two words or more, whole words only), in reading order."""
    if len(person.name.split()) < 2:
        return []
    pattern = re.compile(rf"(?<![^\s«\"(]){re.escape(person.name)}(?![^\s»\"),،:؛.])")
    return [Person(person.name, m.start(), m.end(), s) for s in story for m in pattern.finditer(s)]


def _same_person(a: str, b: str) -> bool:
    ka, kb = name_key(strip_honorifics(a)), name_key(strip_honorifics(b))
    return bool(ka and kb) and (ka == kb or ka.endswith(kb) or kb.endswith(ka))


def _office_field(reading: offices.OfficeReading | None, evidence: str, confidence: float):
    if reading is None:
        return NOTHING, NOTHING
    return (
        Field(clean_name(reading.text), evidence, confidence),
        Field(reading.canonical, reading.text, confidence),
    )


# What the speaker reader looks at: a news story introduces its speaker well within this, and a
# pasted wall of text costs no more than this (every step below is then bounded too).
MAX_SENTENCES = 200
MAX_SENTENCE_CHARS = 1500
# How far before a name its office or the words that make it a subject are looked for.
LOOKBEHIND_CHARS = 300
# How sure the speaker reader is of what it found (one table for the fields it returns).
CONFIDENCE = {
    "known_speaker": 0.95,  # a name the archive already holds as an official
    "speaker": 0.85,  # a name read in the text
    "office": 0.8,  # the office read around the speaker or as the subject
    "quote": 0.8,  # the first direct quote
}
# An office of this many words or fewer (``نماینده مجلس``) gives way to a more specific one.
GENERIC_OFFICE_WORDS = 2


def _bounded(story: list[str]) -> list[str]:
    return [s[:MAX_SENTENCE_CHARS] for s in story[:MAX_SENTENCES]]


def find_speaker(title: str, kicker: str, paragraphs: list[str], known_people=()) -> SpeakerReading:
    """The speaker, their office and first direct quote, from an article's cleaned parts.

    ``paragraphs`` are the lead and the body in reading order; ``title`` the
    headline (its kicker included), read only for a headline ``NAME: ...``.
    """
    known_keys = frozenset(name_key(n) for n in known_people if n)
    story = _bounded([s for p in paragraphs for s in sentences(p)])
    everyone: list[Person] = []
    speaker: Person | None = None
    office_only: list[tuple[offices.OfficeReading, Clause]] = []
    last_subject: Person | None = None  # whom "وی" refers to

    if _headline_credits_a_medium(title, story):
        return SpeakerReading()  # "واشنگتن تایمز: ..." over a medium's report: the medium's words
    people_by_sentence = []
    for sentence in story:
        people = _people_in(sentence, known_keys)
        people_by_sentence.append(people)
        everyone.extend(people)
    for missed_by_the_tagger in (
        _recurring_names,
        _lone_rare_names,
        _rare_surnames_after_an_attribution,
        _names_before_an_office,
        _names_seen_elsewhere,
    ):
        for people, named in zip(
            people_by_sentence, missed_by_the_tagger(story, people_by_sentence), strict=True
        ):
            if named is not None:
                people.insert(0, named)
                everyone.append(named)

    if any(_is_byline(p) for people in people_by_sentence[:BYLINE_SENTENCES] for p in people):
        return SpeakerReading()  # a signed analysis ("خبرآنلاین - رسول سلیمی: ..."): nobody's statement
    lead_names_someone = bool(story) and _opens_with_someone(story[0], people_by_sentence[0])
    seen: list[Person] = []  # people named so far, for "کارنی گفت" after "مارک کارنی، ..."
    anonymous = None  # whether the story's first reporting clause has a source it leaves unnamed
    for sentence, people in zip(story, people_by_sentence, strict=True):
        for clause in _clauses(sentence):
            subject = clause.subject.lstrip(" ،,")
            if anonymous is None and is_medium_subject(subject) and not lead_names_someone:
                # The story's first report is a medium's and the lead names no one (a round-up of what
                # others wrote): the people it quotes are quoted second-hand; nobody's statement.
                return SpeakerReading()
            unnamed = is_anonymous_subject(subject)
            if anonymous is None:
                anonymous = unnamed
            if unnamed:
                last_subject = None  # a "وی" that follows refers to the unnamed source
                continue
            in_subject = [
                p
                for p in people
                if clause.subject_start <= p.start
                and p.end <= clause.verb_start
                and not _is_mentioned(p)
                and (_at_subject(p, clause.subject_start) or _is_source(p))
                and _name_enough(p, everyone)
            ]
            if in_subject:
                speaker = in_subject[0]
                break
            earlier = _by_surname(subject, seen)
            if earlier is not None:
                speaker = earlier
                break
            if is_pronoun_subject(subject) and last_subject is not None:
                speaker = last_subject
                break
            reading = _subject_office(clause)
            if reading:
                named = _named_after(reading, sentence, clause)
                if named is not None:
                    everyone.append(named)
                    speaker = named
                    break
                office_only.append((reading, clause))
        if speaker is None:
            sources = [p for p in people if _is_source(p) and not _is_mentioned(p)]
            if sources:
                speaker = sources[0]
        if speaker:
            break
        subjects = _subjects(sentence, people)
        if len(subjects) == 1:
            last_subject = subjects[0]
        seen.extend(p for p in people if len(p.name.split()) > 1)

    if speaker is None and anonymous:
        return SpeakerReading()  # an unnamed source reports; people the story names are no speakers
    if speaker is not None and office_only:
        # The lead reports an office speaking ("مدیرکل ... گفت:"); a person holding another office
        # who speaks first in the body is not the article's speaker if the office's holder is named.
        mine = _office_around(speaker)
        if mine is not None and not _same_office(mine, office_only[0][0]):
            holder = _holder(office_only, everyone) or _speaker_with_no_office(story, people_by_sentence)
            if holder is not None:
                speaker = holder
    if speaker is None:
        speaker = _holder(office_only, everyone)
    if speaker is None:
        interviewed = [p for p in everyone if _is_interviewed(p)]
        if interviewed:
            speaker = interviewed[0]
    if speaker is None:
        # Someone who told the agency something, with no reporting verb ("... تأیید کرد").
        speaker = next((p for p in everyone if _told_the_agency(p)), None)
    if speaker is None and office_only:
        # "استاندار اصفهان ... تاکید کرد." and then "NAME شامگاه شنبه ... دیدار کرد.": the office's holder.
        for sentence, people in zip(story, people_by_sentence, strict=True):
            subjects = _subjects(sentence, people)
            if subjects:
                speaker = subjects[0]
                break

    result = SpeakerReading()
    headline = title[len(kicker) :].strip() if kicker and title.startswith(kicker) else title
    headline = headline[:MAX_SENTENCE_CHARS]
    headline_people = _people_in(headline, known_keys)
    if speaker is None:
        # "رئیسی: تعامل با دنیا قطعی است": the headline gives the words
        speaker = _headline_speaker(headline, headline_people)
    if speaker is None:
        speaker = _headline_surname(headline, story)
    if speaker is None:
        return result

    speaker = _surname_completed(speaker, "\n".join([headline, *story]))
    name = _fullest(speaker.name, everyone + headline_people, "\n".join(story))
    name = _NOT_LETTERS_AROUND.sub("", name)
    name = name[_title_length(name) :]  # the fullest form may carry a title ("*آقای رئیسی")
    if not _plausible_name(name):  # every path to a speaker ends here: no organisation, no verb
        return result
    confidence = CONFIDENCE["known_speaker"] if speaker.known else CONFIDENCE["speaker"]
    result.speaker = Field(clean_name(name), speaker.sentence, confidence)

    # The office: the first attribution that names the speaker with one (the lead before the
    # body: README rule "the first named attribution"), else an office that was the subject of a
    # reporting sentence, else the kicker.
    reading, evidence = None, speaker.sentence
    attributions = [
        (r, p.sentence)
        for p in everyone
        if p is speaker or _same_person(p.name, speaker.name)
        if (r := _office_around(p))
    ]
    if not attributions and not office_only:
        # The tagger may miss the mention that carries the office ("... اسلام آن لاين نضال عيسي
        # ناظر اجرايي وزارت اوقاف فلسطين ..." and later "نضال عيسي در ادامه افزود"): the name as
        # the story spells it, wherever it stands (after an office the lead has speaking).
        attributions = [(r, p.sentence) for p in _mentions_of(speaker, story) if (r := _office_around(p))]
    if attributions:
        reading, evidence = attributions[0]
        # A bare title first ("نماینده مجلس") and a self-contained one later ("عضو کمیسیون اجتماعی
        # مجلس یازدهم"): the more specific form is the office (the dev set's rule).
        specific = max(attributions, key=lambda a: len(a[0].text.split()))
        if len(reading.text.split()) <= GENERIC_OFFICE_WORDS < len(specific[0].text.split()):
            reading, evidence = specific
    if reading is None:
        after = story.index(speaker.sentence) + 1 if speaker.sentence in story else len(story)
        later = _office_referring_back(story[after:], people_by_sentence[after:], speaker)
        candidates = office_only + later
        if candidates:
            reading, clause = candidates[0]
            evidence = clause.sentence
        elif story and not people_by_sentence[0]:
            # The lead's subject is an office with a verb that reports no speech ("مدیر عامل شرکت
            # رجاء توسعه ناوگان، ... را از برنامه‌های اصلی شرکت برشمرد"): the speaker's office.
            reading = _leading_office(story[0])
            evidence = story[0] if reading else evidence
            if reading is None and speaker.sentence is not story[0]:
                # "لیبروی تیم ملی والیبال لهستان گفت: ..." and then "پاول زاتورسکی ... اظهار داشت":
                # the lead describes the speaker the body names.
                reading = _lead_description(story[0])
                evidence = story[0] if reading else evidence
    kicker_office = offices.read_office(kicker.rstrip("؛ ")) if kicker else None
    headline_offices = [
        r
        for r in (offices.read_office(sentence, _clause_begin(sentence)) for sentence in sentences(headline))
        if r
    ]
    headline_offices += [kicker_office] if kicker_office else []
    if reading is None and kicker_office:
        reading, evidence = kicker_office, kicker
    described = False  # the office is only a description after the name, with no role word
    if reading is None and speaker.sentence in story:
        # "«موردخاي وانونو»، دانشمند سابق هسته‌اي اسرائيل ... گفت": no role word, but the words
        # between the name and its reporting verb describe the speaker.
        reading = _description_after(speaker)
        evidence = speaker.sentence if reading else evidence
        described = reading is not None
    fuller = _fuller_office(reading, headline_offices + [r for r, _c in office_only])
    if fuller is not reading:
        reading, evidence = fuller, headline if fuller in headline_offices else evidence
    if reading is not None:
        # The same office written out in full later ("نماینده دامغان" in the lead, "نماینده دامغان
        # در مجلس شورای اسلامی" in the body): the self-contained form is the office as written.
        spelled_out = _spelled_out(reading, story)
        if spelled_out is not None:
            reading, evidence = spelled_out
    if reading is not None:
        reading = offices.current_office(reading)
    result.office, result.office_canonical = _office_field(reading, evidence, CONFIDENCE["office"])
    result.jurisdiction = reading.jurisdiction if reading else ""
    result.quote = _first_quote(story, people_by_sentence, speaker, None if described else reading)
    if anonymous and not result.quote.found:
        # The story rests on an unnamed source ("یک مقام دیپلماتیک اعلام کرد"); people it names
        # later and never quotes are background, not its speaker.
        return SpeakerReading()
    headline_words = {name_key(word) for word in places.PERSIAN_WORD.findall(headline)}
    holds_office = result.office.found and not described
    if not result.quote.found and not holds_office and _surname_key(name) not in headline_words:
        # Named, never quoted, holding no office the story gives and not in the headline: a story
        # that only names people (README rule 1), not a statement.
        return SpeakerReading()
    return result


# Between a name and the description after it: a closing quote or guillemet, a comma.
_AFTER_NAME = re.compile(r"[»\"'\u200c ]*،?[\u200c ]*")
# The longest description of a person read as their office: after their name ("«موردخاي وانونو»،
# دانشمند سابق هسته‌اي اسرائيل گفت") or as a lead's subject ("لیبروی تیم ملی والیبال لهستان گفت").
DESCRIPTION_WORDS = 10


def _description_after(person: Person) -> offices.OfficeReading | None:
    """The noun phrase right after a speaker's name, up to the reporting verb of its clause."""
    sentence = person.sentence
    at = _AFTER_NAME.match(sentence, person.end).end()
    reports = [r for r in find_reports(sentence) if r.start >= at]
    if at == person.end or not reports:
        return None
    reading = offices.read_office(sentence, at, described=True)
    if reading is None or reading.end > reports[0].start + 1 or len(reading.text.split()) > DESCRIPTION_WORDS:
        return None
    return reading


# After a lead's described subject: its verb, or a phrase the verb governs ("از احداث ... خبر داد").
_ADJUNCT_OR_VERB = re.compile(r"[\s\u200c]*(?:$|(?:از|با|در|به|برای|ضمن)\s)")


def _lead_description(sentence: str) -> offices.OfficeReading | None:
    """The description of a person that is the subject of a lead's first reporting clause, read as
    an office: ``دریافت‌کننده تیم ملی والیبال ایران گفت``, ``... از احداث ۷ پارک خبر داد``."""
    for clause in _clauses(sentence):
        start, past_determiner = _subject_opening(sentence, clause.subject_start, clause.verb_start)
        if past_determiner:
            return None  # "یک کارشناس ... گفت": someone, not the holder of an office
        reading = offices.read_office(sentence, start, described=True)
        if (
            reading is None
            or reading.points_back
            or reading.end > clause.verb_start + 1
            or not _ADJUNCT_OR_VERB.match(sentence[: clause.verb_start], min(reading.end, clause.verb_start))
        ):
            return None
        subject = Clause(sentence, start, min(reading.end, clause.verb_start), clause.verb_end, clause.direct)
        return reading if _describes_someone(subject) else None
    return None


def _speaker_with_no_office(story, people_by_sentence) -> Person | None:
    """The first person a reporting clause has as its subject with no office of their own beside
    the name: the holder of the office the lead has speaking, when the story names no one else
    with it ("معاون ... گفت" in the lead, then "ارژنگ عزیزی در گفت‌وگو با خبرنگار ... تاکید کرد")."""
    for sentence, people in zip(story, people_by_sentence, strict=True):
        for clause in _clauses(sentence):
            for person in people:
                if (
                    clause.subject_start <= person.start
                    and person.end <= clause.verb_start
                    and not _is_mentioned(person)
                    and _at_subject(person, clause.subject_start)
                    and len(person.name.split()) > 1
                    and _office_around(person) is None
                ):
                    return person
    return None


def _opens_with_someone(sentence: str, people: list[Person]) -> bool:
    """Whether a sentence's subject is a person or an office (``یک عضو مجلس کویت ... خواند``)."""
    return bool(_subjects(sentence, people)) or _leading_office(sentence) is not None


def _leading_office(sentence: str) -> offices.OfficeReading | None:
    """The office a sentence opens with, after its attribution and ``یک``/``یکی از``/``این``."""
    begin, past_determiner = _subject_opening(sentence, _clause_begin(sentence), len(sentence))
    return _naming_office(offices.read_office(sentence, past_determiner or begin))


def _subjects(sentence: str, people: list[Person]) -> list[Person]:
    """The people a sentence names where a subject stands, not as objects."""
    begin = _clause_begin(sentence)
    return [p for p in people if not _is_mentioned(p) and _at_subject(p, begin)]


def _named_after(reading, sentence: str, clause: Clause) -> Person | None:
    """``OFFICE NAME گفت`` with a name the tagger missed: a given name right after the office."""
    match = _NEXT_WORD.match(" " + sentence[reading.end : clause.verb_start])
    if not match or not names.is_given_name(match.group("word")):
        return None
    start = reading.end + match.start("word") - 1
    person = _extended(Person(match.group("word"), start, start + len(match.group("word")), sentence))
    return person if len(person.name.split()) >= 2 else None


def _same_office(a, b) -> bool:
    """One office written more or less fully (``وزیر علوم`` / ``وزیر علوم، تحقیقات و فناوری``)."""
    if name_key(a.role) != name_key(b.role):
        return False
    ka, kb = name_key(a.canonical), name_key(b.canonical)
    return ka == kb or ka.startswith(kb) or kb.startswith(ka)


_ALSO = re.compile(r"(?:^|\s)(?:نیز|هم)(?:\s|$)")


def _office_referring_back(story, people_by_sentence, speaker: Person):
    """Office-subject clauses after the speaker's sentence that still speak of the speaker
    ("مدیرعامل ... افزود"), up to the first clause of someone else (a name, or "... نیز گفت")."""
    found = []
    for sentence, people in zip(story, people_by_sentence, strict=True):
        for clause in _clauses(sentence):
            reading = _subject_office(clause)
            named = [
                p
                for p in people
                if clause.subject_start <= p.start < clause.verb_start
                and not _is_mentioned(p)
                # a subject that opens with an office: a name right after it is the holder's;
                # one further on is inside an embedded clause (این مرجع تقلید با بیان اینکه ... علما)
                and (reading is None or p.start <= reading.end + 1)
            ]
            if named and not any(_same_person(p.name, speaker.name) for p in named):
                return found
            if _ALSO.search(fold_letters_aligned(clause.subject)):
                return found
            if named:
                continue
            if reading:
                found.append((reading, clause))
                return found
    return found


def _name_enough(person: Person, everyone) -> bool:
    """A one-word name is a person's only as a surname: one the lexicon knows, or the last word of
    a fuller name in the same story (``بوش``, ``کارنی``); a lone acronym (``ساتبا``) is not."""
    words = strip_honorifics(person.name).split()
    if (
        len(words) > 1
        or person.known
        or person.described
        or names.is_surname(words[0])
        or _lone_rare_name(person)
    ):
        return True
    key = name_key(words[0])
    return any(len(p.name.split()) > 1 and name_key(p.name.split()[-1]) == key for p in everyone)


def _lone_rare_name(person: Person) -> bool:
    """A word hazm's corpus does not know, alone before a reporting verb at a sentence's start
    (``بليكس گفت:``) and tagged as no place or organisation: a foreign surname, named once."""
    word = person.name.strip()
    return (
        person.start == 0
        and places.PERSIAN_WORD.fullmatch(word) is not None
        and ner.lexicon_frequency(word) == 0
        and not _inflects_a_common_word(word)
        and places.foreign_place(word) is None
        and _one_word_then_report(person.sentence)
        and not any(e.type != "PER" and e.start < person.end for e in ner.entities(person.sentence))
    )


# Endings of a plural or a verb's person (کشورها, برخورداریم), on a common word they leave no name.
_INFLECTIONS = (*_PLURALS, "های", "یم", "ید", "ند")


def _inflects_a_common_word(word: str) -> bool:
    return _plural_of_a_title(word) or any(
        word.endswith(ending) and ner.lexicon_frequency(word[: -len(ending)]) >= COMMON_WORD_FREQUENCY
        for ending in _INFLECTIONS
    )


def _lone_rare_names(story: list[str], people_by_sentence) -> list[Person | None]:
    """For each sentence, the lone rare name it opens with (:func:`_lone_rare_name`) that the
    tagger missed, else None."""
    text = "\n".join(story)
    out: list[Person | None] = []
    for sentence, people in zip(story, people_by_sentence, strict=True):
        words = sentence.split(maxsplit=1)
        person = Person(words[0], 0, len(words[0]), sentence) if words else None
        if (
            person is None
            or (people and people[0].start == 0)
            or not _lone_rare_name(person)  # its sentence opens with a name word (_one_word_then_report)
            or credits_a_medium(words[0], text)
        ):
            out.append(None)
        else:
            out.append(person)
    return out


def _rare_surnames_after_an_attribution(story: list[str], people_by_sentence) -> list[Person | None]:
    """For each sentence, a name the tagger missed that opens its reporting clause right after the
    attribution: two words, the second unknown to hazm's corpus and to the lists of places (a
    surname: ``به گزارش روابط عمومي ...، هوشمند صفاتي در بازديد از ... گفت``), the first a word a
    name may hold, then the verb or a phrase the verb governs; else None."""
    out: list[Person | None] = []
    for sentence, people in zip(story, people_by_sentence, strict=True):
        out.append(None)
        begin = _clause_begin(sentence)
        clauses = _clauses(sentence)
        if not begin or not clauses or any(p.start < clauses[0].verb_start and p.end > begin for p in people):
            continue
        start, past_determiner = _subject_opening(sentence, begin, clauses[0].verb_start)
        match = _TWO_WORDS.match(sentence, start)
        if past_determiner or match is None or match.end() > clauses[0].verb_start:
            continue
        first, last = match.group("first"), match.group("last")
        if (
            places.PERSIAN_WORD.fullmatch(last) is None
            or ner.lexicon_frequency(last) > 0
            or _inflects_a_common_word(last)
            or places.foreign_place(last) is not None
            or not (_name_word(first) and _name_word(last))
            or offices.is_organisation_word(first)
            or not _ADJUNCT_OR_VERB.match(sentence[: clauses[0].verb_start], match.end())
            or any(
                e.type != "PER" and e.start < match.end() and match.start() < e.end
                for e in ner.entities(sentence)
            )
            or not _plausible_name(match.group("name"))
        ):
            continue
        out[-1] = Person(match.group("name"), match.start("name"), match.end("name"), sentence)
    return out


# The most words a name the tagger missed may have before the office that follows it.
NAME_BEFORE_OFFICE_WORDS = 3


def _names_before_an_office(story: list[str], people_by_sentence) -> list[Person | None]:
    """For each sentence, a name the tagger missed: the words opening a reporting clause (or
    following a comma or colon in its subject) right before the office that describes them
    (``رامادوس وزير بهداشت هند اعلام نمود``, ``یوکیو ادانو رهبر حزب ... گفت``), each a name word
    that is no common word of the lexicon (or a given name or surname the names lexicon knows)
    and tagged as no organisation; else None."""
    out: list[Person | None] = []
    for sentence, people in zip(story, people_by_sentence, strict=True):
        out.append(None)
        clause = next(iter(_clauses(sentence)), None)
        if clause is None:
            continue
        words = list(re.finditer(r"\S+", sentence[: clause.verb_start]))
        words = [w for w in words if w.start() >= clause.subject_start]
        opening = 0  # index of the first word of the current stretch (after a comma or colon)
        for index, word in enumerate(words):
            if index > opening and index - opening <= NAME_BEFORE_OFFICE_WORDS:
                person = _name_before(sentence, people, words[opening].start(), word.start(), clause)
                if person is not None:
                    out[-1] = person
                    break
            if word.group()[-1] in "،,:؛":
                opening = index + 1
            elif not _missed_name_word(word.group()):
                opening = len(words)  # no name before an office further on: the stretch is no name
    return out


def _name_before(sentence, people, start, office_at, clause) -> Person | None:
    """The words from ``start`` to ``office_at`` as a name, when an office starts there."""
    reading = offices.read_office(sentence, office_at)
    if reading is None or reading.end > clause.verb_start + 1:
        return None
    name = sentence[start:office_at].strip()
    end = start + len(name)
    # The tagger calls an unknown foreign name a place or an organisation as often as a person
    # (یوکیو ادانو, رامادوس): its guess is not read; a place a gazetteer knows, or an
    # organisation's word, is no name.
    if (
        any(p.start < reading.end and start < p.end for p in people)  # named already, or in the office
        or any(offices.is_organisation_word(word) for word in name.split())
        or places.foreign_place(name) is not None
        or offices.names_a_place(name)
        or (" " not in name and names.is_given_name(name) and not names.is_surname(name))
        or not _plausible_name(name)
    ):
        return None
    return Person(name, start, end, sentence, described=True)


def _missed_name_word(word: str) -> bool:
    return (
        places.PERSIAN_WORD.fullmatch(word) is not None
        and _name_word(word)
        and (
            names.is_given_name(word)
            or names.is_surname(word)
            or (ner.lexicon_frequency(word) < COMMON_WORD_FREQUENCY and not _inflects_a_common_word(word))
        )
    )


def _by_surname(subject: str, seen) -> Person | None:
    """Someone named earlier whose surname opens this subject (``کارنی در ادامه گفت``)."""
    words = subject.split()
    if not words:
        return None
    for person in reversed(seen):
        name = strip_honorifics(person.name).split()
        for n in (2, 1):
            if len(name) > n and [name_key(w) for w in words[:n]] == [name_key(w) for w in name[-n:]]:
                return person
    return None


def _holder(office_only, everyone) -> Person | None:
    """Someone the story names beside an office that a reporting sentence has as its subject."""
    for person in everyone:
        if _is_mentioned(person):
            continue
        reading = _office_around(person)
        if reading and any(_same_office(reading, wanted) for wanted, _c in office_only):
            return person
    return None


def _headline_speaker(headline, people) -> Person | None:
    """A speaker named only in a headline of the form ``NAME: ...`` (``people``: those it names)."""
    match = re.match(r"^\s*(?P<who>[^:：«»]{3,60}?)\s*[:：]", headline or "")
    if match:
        for person in people:
            if person.end <= match.end("who") + 1 and not _is_mentioned(person):
                return person
    return None


_TWO_WORDS = re.compile(
    r"[\"']?(?P<name>(?P<first>[^\s،,:؛.()«»\"'\d]+)\s+(?P<last>[^\s،,:؛.()«»\"'\d]+))[\"']?(?=\s)"
)
# hazm's corpus frequency (half-decades, ner.lexicon_frequency) from which a word is a common word
# rather than a rare one a foreign name may share (کالین: 1, دیپلمات: 10).
COMMON_WORD_FREQUENCY = 4


def _recurring_names(story: list[str], people_by_sentence) -> list[Person | None]:
    """A name the tagger missed, for each sentence: two words opening a clause (after its
    attribution: ``به گزارش خبرگزاری فارس از اردبیل، صدیف بدری صبح امروز ...``) whose last word opens
    another sentence of the story on its own (``بدری نمونه این ایثار را ...``), as a surname does;
    the first a given name or no common word of the lexicon (not ``صعود بسیجیان``, ``یک دیپلمات``)."""
    openings = {fold_letters(s.split()[0]) for s in story if s.split()}
    speaking = {fold_letters(s.split()[0]) for s in story if _one_word_then_report(s)}
    out: list[Person | None] = []
    for sentence, people in zip(story, people_by_sentence, strict=True):
        begin = _clause_begin(sentence)
        match = _TWO_WORDS.match(sentence, begin)
        # The surname speaking on its own elsewhere ("شایق تصریح کرد") names the pair at a sentence's
        # start even with no attribution before it and common words in it ("عشرت شایق در گفت‌وگو ...").
        speaks = match is not None and fold_letters(match.group("last")) in speaking
        if (
            match is None
            or not (begin or speaks)
            or any(p.start < match.end() and match.start() < p.end for p in people)
            or fold_letters(match.group("last")) not in openings
            or not all(_name_word(match.group(g)) for g in ("first", "last"))
            or (
                ner.lexicon_frequency(match.group("first")) >= COMMON_WORD_FREQUENCY
                and not names.is_given_name(match.group("first"))
                and not speaks
            )
        ):
            out.append(_quoted_name(sentence, begin, people, story))
            continue
        name = match.group("name")
        out.append(Person(name, match.start(), match.end(), sentence) if _plausible_name(name) else None)
    return out


# A name in guillemets or quotes, as the agencies write a foreign name: «موردخاي وانونو»، "غسان بن جدو".
_QUOTED_NAME = re.compile(
    r"[\s\u200c]*[«\"](?P<name>[^\s،,:؛.()«»\"'\d]+(?:\s+[^\s،,:؛.()«»\"'\d]+){1,2})[»\"](?=[\s\u200c،,])"
)


def _quoted_name(sentence: str, begin: int, people: list[Person], story: list[str]) -> Person | None:
    """A quoted name opening a clause whose surname the story uses again on its own (``وانونو
    همچنين ...``): every word a name word (:func:`_name_word`)."""
    match = _QUOTED_NAME.match(sentence, begin)
    if match is None or any(p.start < match.end() and match.start() < p.end for p in people):
        return None
    words = match.group("name").split()
    if not all(_name_word(w) for w in words):
        return None
    surname = fold_letters(words[-1])
    elsewhere = [s for s in story if s is not sentence] + [sentence[match.end() :]]
    if not any(surname in fold_letters(s).split() for s in elsewhere):
        return None
    name = match.group("name")
    person = Person(name, match.start("name"), match.end("name"), sentence)
    return person if _plausible_name(name) else None


# What may stand between a subject and its verb and leave it the whole subject: "مقدمی خود تصریح کرد".
_EMPHASIS = frozenset({"", "خود", "نیز", "همچنین", "هم"})


def _names_seen_elsewhere(story: list[str], people_by_sentence) -> list[Person | None]:
    """For each sentence, a name of two words or more the tagger found elsewhere in the story that
    opens this sentence's clause where the tagger found no one (``شاهين فرهت گفت:`` in the lead,
    ``«شاهين فرهت» رئيس اركستر ...`` in the body), else None."""
    seen = {}
    for people in people_by_sentence:
        for person in people:
            if len(person.name.split()) > 1 and not person.known:
                seen.setdefault(fold_letters_aligned(person.name), person.name)
    out: list[Person | None] = []
    for sentence, people in zip(story, people_by_sentence, strict=True):
        begin = _clause_begin(sentence)
        while begin < len(sentence) and sentence[begin] in ' \u200c\u00a0«"':
            begin += 1
        opening = fold_letters_aligned(sentence[begin : begin + 80])
        found = None
        if not any(p.start <= begin < p.end for p in people):
            for key in sorted(seen, key=len, reverse=True):
                after = opening[len(key) : len(key) + 1]
                if opening.startswith(key) and (not after or not after.isalpha()):
                    found = Person(sentence[begin : begin + len(key)], begin, begin + len(key), sentence)
                    break
        out.append(found)
    return out


def _one_word_then_report(sentence: str) -> bool:
    """A sentence whose first word is the whole subject of its reporting verb (``شایق تصریح کرد:``,
    ``مقدمی خود تصریح کرد``)."""
    words = sentence.split(maxsplit=1)
    if len(words) < 2 or not _name_word(words[0]):
        return False
    reports = find_reports(sentence)
    between = fold_letters(sentence[len(words[0]) : reports[0].start].strip()) if reports else ""
    return bool(reports) and between in _EMPHASIS


def _name_word(word: str) -> bool:
    """A word a name may hold where the text already shows it is one: no function word, office,
    title or reporting verb (foreign names are often words of the lexicon: ريو, فرديناند)."""
    folded = fold_letters(word)
    return not (
        folded in _NOT_NAME_WORDS
        or folded in _MENTIONED_AFTER
        or offices.starts_office(word)
        or find_reports(word)
        or names.is_honorific([word])
        or not word.strip("،,")
        or _verb_not_name(word)
    )


def _verb_not_name(word: str) -> bool:
    return offices.is_verb_form(word) and not names.is_given_name(word) and not names.is_surname(word)


def _headline_surname(headline, story) -> Person | None:
    """``SURNAME: ...`` in the headline, with a name the tagger knows nowhere: the story's first
    reporting clause whose subject ends with that word, read with the one or two name words
    before it (``ريو فرديناند در اين خصوص افزود``)."""
    match = re.match(r"^\s*(?P<who>[^\s:：«»]{2,30})\s*[:：]", headline or "")
    if not match or not _name_word(match.group("who")):
        return None
    key = name_key(match.group("who"))
    for sentence in story:
        for clause in _clauses(sentence):
            words = list(_WORD_SPAN.finditer(sentence, clause.subject_start, clause.verb_start))
            at = next((i for i, w in enumerate(words) if name_key(w.group().strip("،,")) == key), None)
            if at is None:
                continue
            first = at
            while (
                first > 0
                and at - first < 2
                and not words[first - 1].group().endswith(("،", ","))
                and _name_word(words[first - 1].group())
            ):
                first -= 1
            if first == at:
                return None
            person = Person(
                sentence[words[first].start() : words[at].end()].strip("،,"),
                words[first].start(),
                words[at].end(),
                sentence,
            )
            return person if _at_subject(person, clause.subject_start) else None
    return None


def _named_in(clause: Clause, people) -> bool:
    """Whether a reporting clause's subject names someone."""
    return any(clause.subject_start <= p.start < clause.verb_start and not _is_mentioned(p) for p in people)


def _compatible(clause: Clause, people, speaker: Person, reading) -> bool:
    """Whether a reporting clause's subject is the speaker (by name, pronoun, office or nothing else)."""
    subject = clause.subject.strip(" ،,")
    here = _subject_office(clause)
    # A "name" inside the subject's office is its place ("فرماندار دشتی"), not a person.
    named = [
        p
        for p in people
        if clause.subject_start <= p.start < clause.verb_start
        and not _is_mentioned(p)
        and not (here is not None and p.end <= here.end)
    ]
    words = subject.split()
    if words and name_key(words[0]) == _surname_key(speaker.name):
        return True  # the speaker's surname, which the tagger did not read alone ("مرداوی با بیان ...")
    if named:
        return any(_same_person(p.name, speaker.name) for p in named)
    if is_anonymous_subject(subject):
        return False  # "این منبع افزود:": the unnamed source's words, not the speaker's
    if is_pronoun_subject(subject) or not subject:
        return True
    if here is not None:
        # The same role, the same office, or a combined title that holds the speaker's office.
        return (
            reading is None
            or name_key(here.role) == name_key(reading.role)
            or name_key(here.canonical) == name_key(reading.canonical)
            or {name_key(w) for w in reading.text.split()} <= {name_key(w) for w in here.text.split()}
        )
    # An adverbial only ("در ادامه", "همچنین"): the story's current speaker goes on.
    return len(subject.split()) <= 3 and not ner_org(subject)


def ner_org(text: str) -> bool:
    return any(e.type == "ORG" for e in ner.entities(text))


# Subjects that are a text or a crowd, never one person: "این گزارش افزود:", "مردم گفتند:".
_NO_PERSON_HEADS = frozenset({"گزارش", "بیانیه", "اطلاعیه", "نامه", "خبر", "متن", "پیام", "مردم"})


def _describes_someone(clause: Clause) -> bool:
    """Whether a clause's subject is an office or a short description of a person (``یک افسر سابق
    اطلاعاتی آمریکا``), not an institution, a medium, an unnamed source or a pronoun."""
    if _subject_office(clause) is not None:
        return True
    subject = fold_letters_aligned(clause.subject).strip(" ،,")
    words = _DETERMINER.sub("", subject).split()
    return (
        0 < len(words) <= DESCRIPTION_WORDS
        and words[0] not in _NO_PERSON_HEADS
        # an organisation, or an acronym spelled out as one: "ساتبا (سازمان انرژی‌های تجدیدپذیر)"
        and not offices.is_organisation_word(words[0])
        and not (len(words) > 1 and words[1][:1] == "(" and offices.is_organisation_word(words[1][1:]))
        and not is_medium_subject(subject)
        and not is_anonymous_subject(subject)
        and not is_pronoun_subject(subject)
    )


def _first_quote(story, people_by_sentence, speaker: Person, reading) -> Field:
    """The speaker's first direct sentence: after a reporting verb and a colon whose subject is the
    speaker."""
    for index, (sentence, people) in enumerate(zip(story, people_by_sentence, strict=True)):
        for report in find_reports(sentence):
            if not report.direct:
                continue
            clause = Clause(sentence, _clause_begin(sentence), report.start, report.end, True)
            if clause.verb_start < clause.subject_start:
                continue
            # The lead's office speaking ("نماینده مجلس گفت:") is the speaker the story then names,
            # though the body gives a fuller or other title of theirs ("عضو کمیسیون اجتماعی").
            lead_office = index == 0 and not _named_in(clause, people) and _describes_someone(clause)
            if not lead_office and not _compatible(clause, people, speaker, reading):
                break
            quote = quote_after(sentence, report.end)
            if quote:
                return Field(quote, sentence, CONFIDENCE["quote"])
            break
    return NOTHING

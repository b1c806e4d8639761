"""An official's office in Persian news text: where it is written, and its browsing form.

Pure functions, no Django. An office is a role, an organisation and a jurisdiction
(``مدیرکل گمرک استان کرمانشاه``, ``امام جمعه قروه``, ``نماینده تبریز در مجلس شورای اسلامی``).

:func:`read_office` reads the office that starts at an offset of a text and stops where the
office ends: before a name, a verb, an adverbial clause (``در جمع ...``, ``روز ...``,
``با اشاره به ...``), closing punctuation, or after the place that closes a jurisdiction
(``فرماندار ویژه میناب``). It reads a bounded number of words, so its cost does not grow
with the text.

:func:`canonical_office` turns an office as written into the form a reader browses by
(the extraction dev set's README, rule 7): standard letters, ZWNJ in compounds, no
honorifics or decorative/temporal qualifiers, ``استان X`` for provincial directorates,
``نماینده X در مجلس شورای اسلامی`` for MPs, the last title of a combined one.

The word classes live in ``data/office_words.json``; place names come from the
``iranian_cities`` package's CSV files (read without Django).
"""

import csv
import functools
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from archive.hazm_data import data_dir
from archive.persian import ZWNJ, fold_letters, name_key

_DATA = Path(__file__).resolve().parent / "data" / "office_words.json"
_MAX_TOKENS = 64  # an office is never longer; bounds the work per call
_LIST_ITEM_WORDS = 3  # the longest item of a list inside an office, between its comma and "و"
_LOCATED = "واقع"  # "واقع در X": the organisation's place closes the office


def _key(word: str) -> str:
    """Matching key of one word: letters folded, ZWNJ and آ/ا differences ignored, hamza spellings unified."""
    k = fold_letters(word).replace(ZWNJ, "").replace("آ", "ا")
    k = k.replace("هییت", "هیات").replace("مسیول", "مسول").replace("مسوول", "مسول")
    return k


@functools.lru_cache(maxsize=1)
def _words() -> dict:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    sets = {}
    for name, value in raw.items():
        if isinstance(value, list):
            sets[name] = frozenset(_key(w) for w in value)
    sets["phrases"] = {_key(k.replace(" ", "")): v for k, v in raw["phrases"].items()}
    sets["phrase_lengths"] = sorted({len(k.split()) for k in raw["phrases"]}, reverse=True)
    sets["place_spellings"] = raw.get("place_spellings", {})
    sets["rank_after"] = {_key(k): frozenset(_key(w) for w in v) for k, v in raw["rank_after"].items()}
    # Foreign places of several words are matched joined (کره جنوبی, کره‌جنوبی: کرهجنوبی).
    sets["foreign_places"] = frozenset(k.replace(" ", "") for k in sets["foreign_places"])
    sets["verbs"] = _verb_forms(sets)
    sets["stop_pairs"] = frozenset(tuple(_key(w) for w in pair.split()) for pair in raw["stop_pairs"])
    return sets


def _hazm_data() -> Path | None:
    """hazm's data directory, found without importing hazm (archive.hazm_data is its one home)."""
    return data_dir()


def _verb_forms(sets: dict) -> frozenset:
    """Finite verb forms from hazm's verb stems (past stem + person endings, present + ending)."""
    forms = set(sets["verb_stops"])
    data = _hazm_data()
    if data is None:
        return frozenset(forms)
    not_stops = sets["verbs_not_stops"]
    # hazm's word list holds no verbs: a generated form that is in it is a noun (ستاد, not ستا+د).
    nouns = _lexicon()["freq"]
    for line in (data / "verbs.dat").read_text(encoding="utf-8").splitlines():
        past, _, present = line.partition("#")
        past, present = _key(past), _key(present)
        if past and past not in not_stops:
            forms.update(
                f for f in (past, past + "ند", past + "ه", "ن" + past, past + "هاند") if f not in nouns
            )
        if present and len(present) > 1:
            forms.update(f for f in (present + "د", present + "ند") if f not in nouns)
    return frozenset(forms)


@functools.lru_cache(maxsize=1)
def _lexicon() -> dict:
    """hazm's words with frequencies (key -> frequency), and its ZWNJ compounds (key set)."""
    data = _hazm_data()
    freq, compounds, forms, plain, raw, nouns = {}, set(), {}, set(), {}, set()
    if data is not None:
        for line in (data / "words.dat").read_text(encoding="utf-8").splitlines():
            word, _, rest = line.partition("\t")
            count, _, tags = rest.partition("\t")
            if "N" in tags.split(",") and set(tags.split(",")) <= {"N", "AJ"}:
                nouns.add(_key(word))  # a noun (or adjective), never a preposition, adverb, verb...
            k = _key(word)
            n = int(count) if count.isdigit() else 0
            if ZWNJ in word:
                compounds.add(k)
                if n > forms.get(k, ("", -1))[1]:
                    forms[k] = (word, n)
            elif n > 0:
                plain.add(fold_letters(word))
            freq[k] = max(freq.get(k, 0), n)
            raw[word] = max(raw.get(word, 0), n)
    return {
        "freq": freq,
        "compounds": frozenset(compounds),
        "forms": {k: w for k, (w, _n) in forms.items()},
        "plain": frozenset(plain),
        "raw": raw,
        "nouns": frozenset(nouns),
    }


def _cities_dir() -> Path | None:
    for entry in sys.path:
        candidate = Path(entry) / "iranian_cities" / "data"
        if (candidate / "county.csv").exists():
            return candidate
    return None


def _place_key(text: str) -> str:
    return name_key(text).replace("ی", "ي").replace("ي", "ی")


@functools.lru_cache(maxsize=1)
def _places() -> dict:
    """Place keys: ``province`` (key -> standard name), ``county``, ``city`` (key -> spelling), ``free``.

    ``free`` holds the provinces and counties that may be recognised without a word like
    ``استان``/``فرماندار`` before them: those that are not also a common word (``بافت``,
    ``مرکزی``, ``بهار``) by hazm's frequencies.
    """
    out = {"province": {}, "county": {}, "city": {}}
    folder = _cities_dir()
    if folder is not None:
        for kind in out:
            with open(folder / f"{kind}.csv", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    name = standard_place_name(row["name"])
                    out[kind].setdefault(_place_key(name), name)
    freq = _lexicon()["freq"]
    free = {k for k in out["province"] if k != "مرکزی"}
    free |= {k for k in out["county"] if freq.get(k, 0) < 5_000_000}
    out["free"] = frozenset(free)
    return out


def _foreign_at(keys: list[str], i: int, longest: int = 1) -> int:
    """How many words from ``keys[i]`` (at most ``longest``) name a foreign place, 0 if none: a
    location of PEYMA's beyond the gazetteer, closing the words before it (``جلال آباد افغانستان``)."""
    w = _words()
    for n in range(longest, 0, -1):
        words = keys[i : i + n]
        if (
            len(words) == n
            and all(k.isalpha() and k not in w["stop_words"] for k in words)
            and (words[-1] in w["foreign_places"] or "".join(words) in w["foreign_places"])
        ):
            return n
    return 0


def _foreign_name_at(keys: list[str], i: int) -> int:
    """How many words from ``keys[i]`` are one foreign place's name (``کره جنوبی``: 2), 0 if none."""
    places = _words()["foreign_places"]
    for n in (3, 2, 1):
        if i + n <= len(keys) and "".join(keys[i : i + n]) in places:
            return n
    return 0


def _hamza_variants(word: str) -> list[str]:
    """``word`` with one ی written as ئ where Persian writes a hamza seat (after ا/و, before ی)."""
    return [
        word[:i] + "ئ" + word[i + 1 :]
        for i in range(1, len(word) - 1)
        if word[i] == "ی" and (word[i - 1] in "او" or word[i + 1] == "ی")
    ]


_PORT = "بندر"


def standard_place_name(raw: str) -> str:
    """A gazetteer name in the archive's spelling.

    The official lists write every hamza seat as ی (``قایم شهر``, ``نایین``) and glue the
    conjunction of three province names (``سیستان وبلوچستان``). A name, joined with ZWNJ or
    word by word, takes the hamza spelling when hazm's word list knows that spelling and
    counts it more often than the list's (``قائم‌شهر``, ``نائین``; ``ملایر`` stays). Two more
    usual spellings hazm's list knows and the official one does not: the silent ه of ``چاه``
    dropped (``چاه بهار`` → ``چابهار``), and a port glued to ``بندر`` written apart (``بندرماهشهر``
    → ``بندر ماهشهر``; ``بندرعباس`` stays).
    """
    name = fold_letters(unicodedata.normalize("NFKC", raw)).strip()
    words = [
        ("و " + w[1:]) if i and w.startswith("وب") and w != "وب" else w for i, w in enumerate(name.split())
    ]
    words = " ".join(words).split()
    raw_freq = _lexicon()["raw"]

    def better(form: str) -> str | None:
        best, count = None, raw_freq.get(form, 0)
        for variant in _hamza_variants(form):
            if raw_freq.get(variant, 0) > count:
                best, count = variant, raw_freq[variant]
        return best

    if len(words) > 1 and (whole := better(ZWNJ.join(words))):
        return " ".join(whole.split(ZWNJ))
    # "چاه بهار" is written چابهار: the silent ه of its first word dropped and the words joined,
    # when hazm's word list knows that form and not the list's.
    if len(words) == 2 and words[0].endswith("اه") and not raw_freq.get("".join(words), 0):
        if raw_freq.get(words[0][:-1] + words[1], 0):
            return words[0][:-1] + words[1]
    # "بندرماهشهر": a port's name glued to بندر, which hazm's list does not know glued, is two words.
    if len(words) == 1 and name.startswith(_PORT) and len(name) > len(_PORT) + 1:
        rest = name[len(_PORT) :]
        if not raw_freq.get(name, 0) and raw_freq.get(rest, 0):
            return f"{_PORT} {better(rest) or rest}"
    return " ".join(better(w) or w for w in words)


def names_a_place(text: str) -> bool:
    """Whether ``text``, all of it, is the name of an Iranian province, county or city."""
    keys = [_key(word) for word in text.split()]
    return bool(keys) and _place_at(keys, 0, free_only=False) == len(keys)


def _place_at(keys: list[str], i: int, free_only: bool) -> int:
    """How many words (1-3) from ``keys[i]`` spell a place, 0 if none."""
    places = _places()
    for n in (3, 2, 1):
        if i + n > len(keys):
            continue
        joined = "".join(keys[i : i + n])
        if free_only:
            if joined in places["free"]:
                return n
        elif joined in places["province"] or joined in places["county"] or joined in places["city"]:
            return n
    return 0


# Public word classes ------------------------------------------------------------------------

ROLE_WORDS: frozenset = frozenset()  # filled below from the data file


def _role_words() -> frozenset:
    return _words()["role_heads"]


ROLE_WORDS = _role_words()


@dataclass(frozen=True)
class OfficeReading:
    text: str  # the office exactly as written in the input (a slice of it, stripped)
    canonical: str  # browsing form
    role: str  # the role words, canonical spelling
    jurisdiction: str  # the place the office names, "" if none
    end: int  # character offset in the input where the office ends
    # The office points at the story's subject (دبیر این کنفرانس): it names nobody on its own, only
    # the person whose name stands beside it.
    points_back: bool = False


# Reading ------------------------------------------------------------------------------------

_PUNCT = "،,.:;؛!?؟()«»\"'\\[\\]{}/\\\\|\\-–—…"
_TOKEN = re.compile(rf"(?P<w>[^\s{_PUNCT}]+)|(?P<nl>\n)|(?P<p>[{_PUNCT}])")
_DIGIT = re.compile(r"[0-9۰-۹٠-٩]")
_NUMBER = re.compile(r"[0-9۰-۹٠-٩]{1,4}")
_VERB_PREFIX = re.compile(
    r"^(?:ن?می|نمی)\u200c|^ن?می(?=[اآبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی]{2,}(?:د|ند|م|یم|ید|ی)$)"
)
_PAST_LIGHT_VERBS = frozenset(
    _key(v)
    for v in ("کرد", "کردند", "نمود", "نمودند", "داشت", "داشتند", "کرده", "نموده", "گردید", "دارد", "دارند")
    + ("کند", "کنند", "می‌کند", "می‌کنند", "می‌کرد", "نماید", "نمایند", "می‌نماید")
)
_FRIDAY = frozenset({"جمعه", "جماعت"})
_CENTRAL = "مرکزی"  # a province's name, and every county's central district (بخش مرکزی)
_SAINTS = frozenset({"حضرت", "امام", "شهید"})  # before the name an organisation bears (مسجد حضرت ...)
_FRIDAY_ROLES = frozenset({"امام", "خطیب"})  # امام جمعه, خطیب جمعه: a place follows
_QUALIFIERS_AFTER_TRIGGER = frozenset({"موقت", "ویژه"})
_GUARDIAN = frozenset({"فقیه", "ولیفقیه"})  # the last word of ولی‌فقیه, as the office reads it
# Of the temporal words, those that make another description of a person (a former coach is not
# the coach): a descriptive role keeps them in its browsing form and drops the others (جدید).
_FORMER = frozenset({"سابق", "اسبق", "پیشین"})
_DEMONSTRATIVES = frozenset({"این", "همین"})  # فرماندار این شهرستان, دبیر این کنفرانس: the story's own


def _is_role(k: str) -> bool:
    return k in _words()["role_heads"]


def _is_stop(k: str, word: str, next_key: str, previous_key: str = "") -> bool:
    """Does this word end an office (a function word, verb, name, honorific, date...)?"""
    w = _words()
    if k == "ولی" and next_key in {"فقیه", "امر"}:
        return False
    if (
        k in w["given_names"]
        and (previous_key in w["named_org_words"] or previous_key in _SAINTS)
        and (next_key in w["place_triggers"] or next_key in w["org_heads"] or not next_key)
    ):
        return False  # "جشنواره ابوذر استان سمنان", "مسجد حضرت ابوالفضل": a name the organisation bears
    if k in w["given_names"] and (next_key in w["org_heads"] or next_key in w["place_triggers"]):
        return False  # "مسافران نوروزی جمعیت هلال احمر": no person's name runs into an organisation
    if k in w["stop_words"] or k in w["verbs"] or k in w["honorifics"]:
        return True
    if k in w["given_names"] and next_key:
        return True  # a name begins (a given name alone before a comma is a word: رئیس دپارتمان داوری،)
    if (k, next_key) in w["stop_pairs"]:  # "بار دیگر", "نقل قول کرد": an adverb or a verb's noun
        return True
    if _DIGIT.search(word):
        # A number closes an office ("روز 12 مهر") unless it numbers a unit ("شعبه 113 دادگاه").
        return not (previous_key in w["numbered_units"] and _NUMBER.fullmatch(word))
    if _VERB_PREFIX.search(fold_letters(word)):
        return True
    if next_key in w["light_verbs"] and k in w["light_nouns"]:
        return True
    if next_key in _PAST_LIGHT_VERBS:  # "فاش کرد", "اعلام نمود": the noun belongs to the verb
        return True
    return False


def is_organisation_word(word: str) -> bool:
    """Whether a word heads an organisation (``سازمان``, ``وزارت``, ``هیئت``...): no name contains one."""
    return _key(word) in _words()["org_heads"]


def is_verb_form(word: str) -> bool:
    """Whether a word is a finite verb form built from hazm's verb stems (``شد``, ``رفتند``)."""
    return _key(word) in _words()["verbs"]


def starts_office(words: str) -> bool:
    """Does ``words`` start with a role word (``سرپرست``, ``معاون اول`` and the like included)?"""
    found = [m.group("w") for m in islice(_TOKEN.finditer(words.lstrip()), 2)]
    if not found or found[0] is None:
        return False
    if _is_role(_key(found[0])):
        return True
    return len(found) == 2 and found[1] is not None and _is_role(_key(found[0]) + _key(found[1]))


def _appositive_head(k: str, word: str) -> bool:
    """A noun hazm's lexicon knows that may head a description of a person after their name
    (``دانشمند سابق هسته‌ای اسرائیل``, ``مترجم و نويسنده كتاب``): no function word, verb,
    title, given name or place."""
    w = _words()
    return (
        k in _lexicon()["nouns"]
        and not _is_stop(k, word, "")  # function words, verbs, titles
        and k not in w["light_nouns"]
        and k not in w["org_heads"]
        and k not in w["given_names"]
        and k not in w["foreign_places"]
        and not _place_at([k], 0, free_only=False)
    )


def read_office(text: str, start: int = 0, described: bool = False) -> OfficeReading | None:
    """The office that starts at ``text[start:]`` (after leading spaces), or None.

    Reads at most a few dozen words: a role head, then organisation and place words,
    lists (``صنعت، معدن و تجارت``), ``در`` + an institution (``در مجلس``, ``در امور``),
    a parenthesis, and combined titles (``معاون استاندار و فرماندار ویژه میناب``).
    ``described``: the text describes a person just named, so any noun may head it
    (:func:`_appositive_head`).
    """
    tokens = list(islice(_TOKEN.finditer(text, start), _MAX_TOKENS))
    kinds = ["w" if t.group("w") else ("nl" if t.group("nl") else "p") for t in tokens]
    keys = [_key(t.group()) if kind == "w" else t.group() for t, kind in zip(tokens, kinds, strict=True)]
    if not tokens or kinds[0] != "w":
        return None
    head = 1
    if not _is_role(keys[0]) and not (described and _appositive_head(keys[0], tokens[0].group())):
        # A role written in two words (چشم پزشک).
        if not (len(tokens) > 1 and kinds[1] == "w" and _is_role(keys[0] + keys[1])):
            return None
        head = 2
    w = _words()
    first = tokens[0]

    def word_at(i):
        return i < len(tokens) and kinds[i] == "w"

    def stop_at(i):
        return _is_stop(
            keys[i],
            tokens[i].group(),
            keys[i + 1] if word_at(i + 1) else "",
            keys[i - 1] if i > 0 and word_at(i - 1) else "",
        )

    def plain_word(i):
        return word_at(i) and not stop_at(i)

    def list_ahead(i):
        """After the comma at ``i``: a list going on to ``و`` + a word before anything that ends it.

        A list's items are short (``علوم، تحقیقات و فناوری``, ``میراث فرهنگی، صنایع دستی و
        گردشگری``); a clause after the comma runs longer before its first ``و``."""
        for j in range(i + 1, min(i + 2 + _LIST_ITEM_WORDS, len(tokens))):
            if kinds[j] != "w" or stop_at(j):
                return False
            if keys[j] == "و":
                return plain_word(j + 1)
        return False

    last_end = tokens[head - 1].end()
    content = 1 if head == 2 and keys[0] + keys[1] not in w["needs_more"] else 0
    trigger = keys[0] in w["place_triggers"]
    after_place = False
    points_back = False
    place_list = False  # a place list may go on (plural trigger, MP)
    friday = word_at(1) and keys[1] in _FRIDAY
    if keys[0] == "امام" and not friday:
        return None  # a bare امام is no office
    if keys[0] in _FRIDAY_ROLES and friday:  # امام جمعه, خطیب جمعه
        last_end, content, trigger = tokens[1].end(), 1, True
        i = 2
    elif keys[0] == "امامجمعه":
        trigger, i = True, 1
    else:
        i = head
    while i < len(tokens):
        kind, k = kinds[i], keys[i]
        if kind == "nl":
            break
        if kind == "p":
            if k == "«":
                close = next((j for j in range(i + 1, min(i + 8, len(tokens))) if kinds[j] != "w"), None)
                if close is None or keys[close] != "»" or close == i + 1:
                    break
                if keys[i + 1] in w["org_heads"]:  # مدیرکل «بنیاد شهید» استان فارس: an organisation
                    last_end, i, content = tokens[close].end(), close + 1, content + 1
                    continue
                if i == head and keys[i - 1] in w["descriptive_roles"]:
                    last_end = tokens[close].end()  # کارگردان «به وقت شام»: the work ends the office
                    break
                if i > 0 and (
                    keys[i - 1] in w["place_qualifiers"]
                    or keys[i - 1] in w["named_org_words"]
                    or keys[i - 1] in w["org_heads"]
                ):
                    # a place or an institution named in guillemets: رئیس شورای روستای «پچت»,
                    # محقق مرکز «گلوبال ریسرچ»
                    last_end, i, content = tokens[close].end(), close + 1, content + 1
                    continue
                if (
                    word_at(close + 1)
                    and _is_role(keys[close + 1])
                    and not any(_is_role(keys[j]) or keys[j] in w["org_heads"] for j in range(i + 1, close))
                ):
                    i = close + 1  # سخنگوی «ولادیمیر پوتین» رئیس‌جمهور روسیه: a person named inside
                    continue
                break
            if k == "(":
                close = next(
                    (
                        j
                        for j in range(i + 1, min(i + 20, len(tokens)))
                        if keys[j] in ")(" or kinds[j] == "nl"
                    ),
                    None,
                )
                if close is None or keys[close] != ")" or close == i + 1:
                    break
                last_end, i = tokens[close].end(), close + 1
                continue
            if (
                k in "-–"
                and i > 0
                and keys[i - 1].endswith("ی")
                and plain_word(i + 1)
                and keys[i + 1].endswith("ی")
            ):
                i += 1  # دانشگاه جامع علمی - کاربردی: two adjectives of one name joined by a dash
                continue
            if k in "،," and list_ahead(i) and (not after_place or place_list):
                i += 1
                continue
            break
        # a word
        if trigger:
            if k in _DEMONSTRATIVES and word_at(i + 1) and keys[i + 1] in {"شهرستان", "استان", "شهر"}:
                last_end = tokens[i + 1].end()  # فرماندار این شهرستان: the place is the story's
                break
            if k in w["place_qualifiers"] and _place_at(keys, i, free_only=False) > 1:  # خطیب جمعه شهر کرد
                n = _place_at(keys, i, free_only=False)
                last_end, i, content, trigger, after_place = (
                    tokens[i + n - 1].end(),
                    i + n,
                    content + 1,
                    False,
                    True,
                )
                continue
            if k in w["place_qualifiers"] and plain_word(i + 1):  # امام جمعه شهر اهرم
                last_end, i = tokens[i].end(), i + 1
                continue
            if k in _QUALIFIERS_AFTER_TRIGGER:
                last_end, i = tokens[i].end(), i + 1
                continue
            if k in {"اهل", "سنت", "تسنن"}:  # امام جمعه اهل سنت نقده
                last_end, i = tokens[i].end(), i + 1
                continue
            if k in w["place_triggers"] or k == "مردم":
                place_list = place_list or k.endswith("های") or k.endswith("ها")
                last_end, i = tokens[i].end(), i + 1
                continue
            if k in w["numbered_units"] and word_at(i + 1) and _NUMBER.fullmatch(tokens[i + 1].group()):
                # شهردار منطقه 20 تهران: a numbered district; the city it belongs to may follow
                last_end, i, content = tokens[i + 1].end(), i + 2, content + 1
                continue
            n = _place_at(keys, i, free_only=False)
            if n == 0 and plain_word(i) and k not in {"و", "در"} and not _is_role(k):
                n = 1
            trigger = False
            if n:
                last_end, i, content = tokens[i + n - 1].end(), i + n, content + 1
                after_place = True
                continue
        if after_place:
            if k == "و" and word_at(i + 1) and _is_role(keys[i + 1]):
                after_place = place_list = False
                i += 1
                continue
            if k == "و" and place_list and plain_word(i + 1):
                i += 1
                continue
            if k == "و" and word_at(i + 1) and keys[i - 1] in _places()["province"]:
                n = _place_at(keys, i + 1, free_only=True)
                if n and "".join(keys[i + 1 : i + 1 + n]) in _places()["province"]:
                    last_end, i = tokens[i + n].end(), i + 1 + n  # دادگاه ویژه روحانیت مازندران و گلستان
                    continue
            if k == "در" and word_at(i + 1) and keys[i + 1] in w["dar_after_place"]:
                after_place = place_list = False
                i += 1
                continue
            if k == "در" and keys[0] in w["dar_place_roles"] and word_at(i + 1):
                # نماینده دائم ایران در سازمان ملل, سرکنسول ایران در جلال آباد: where the envoy serves
                if keys[i + 1] in w["org_heads"]:
                    after_place = place_list = False
                    i += 1
                    continue
                n = _place_at(keys, i + 1, free_only=False) or _foreign_at(keys, i + 1, longest=3)
                if n:
                    last_end = tokens[i + n].end()
                    break
            if k in w["place_triggers"] and word_at(i + 1) and _place_at(keys, i + 1, free_only=False):
                trigger, after_place = True, False  # سپاه پاسداران شهرستان نظرآباد: the unit's own place
                last_end, i = tokens[i].end(), i + 1
                continue
            if (
                keys[i - 1] == _CENTRAL
                and keys[i - 2] != "استان"
                and (n := _place_at(keys, i, free_only=False))
            ):
                # بخشدار مرکزی بویراحمد: the central district (بخش مرکزی) of the county after it
                last_end, i = tokens[i + n - 1].end(), i + n
                continue
            n = _place_at(keys, i, free_only=True)
            if n and "".join(keys[i : i + n]) in _places()["province"]:  # سپاه قدس گیلان
                last_end, i = tokens[i + n - 1].end(), i + n
                continue
            if place_list and plain_word(i) and k not in {"و", "در"} and tokens[i - 1].group() in "،,و":
                last_end, i = tokens[i].end(), i + 1
                continue
            break
        if (
            (k == "با" and keys[i - 1] in w["ba_continues"])
            or (k == "به" and keys[i - 1] in w["be_continues"])
        ) and plain_word(i + 1):  # مبارزه با مواد مخدر, رسیدگی به امور مساجد
            i += 1
            continue
        if i == head and k in _DEMONSTRATIVES and plain_word(i + 1) and keys[i + 1] not in w["light_nouns"]:
            # دبیر این کنفرانس, کارگردان این مستند: the role points at what the story is about,
            # and that ends the office
            last_end, content, points_back = tokens[i + 1].end(), content + 1, True
            break
        if stop_at(i):
            break
        if k in w["closing_temporal"]:  # رئیس جمهور وقت: the office ends there
            last_end = tokens[i].end()
            break
        if k in w["decorative"]:  # وزیر امور خارجه کشورمان: nothing of the office follows
            last_end = tokens[i].end()
            break
        if k == "و":
            if not plain_word(i + 1):
                break
            i += 1
            continue
        if k == "در":
            n = _place_at(keys, i + 1, free_only=False) if word_at(i + 1) else 0
            if not n and word_at(i + 1) and keys[0] in w["dar_place_roles"]:
                n = _foreign_at(keys, i + 1, longest=3)
            # سفیر انگلیس در تهران, سرکنسول ایران در جلال آباد افغانستان; شرکتی واقع در ماهشهر
            if n and (keys[0] in w["dar_place_roles"] or keys[i - 1] == _LOCATED):
                last_end, i = tokens[i + n].end(), i + 1 + n
                break
            if not (
                word_at(i + 1)
                and (
                    keys[i + 1] in w["dar_continues"]
                    # نماینده ولی‌فقیه در سپاه ...: the guardian's representative in an institution
                    or (keys[i - 1] in _GUARDIAN and keys[i + 1] in w["org_heads"])
                    # متخصص پزشکی داخلی در دانشکده پزشکی ...: where a specialist works
                    or (keys[0] in w["descriptive_roles"] and keys[i + 1] in w["org_heads"])
                )
            ):
                break
            i += 1
            continue
        if k == "مردم" and keys[0] == "نماینده":
            trigger = place_list = True
            last_end, i = tokens[i].end(), i + 1
            continue
        if k in w["place_triggers"]:
            trigger = True
            place_list = k.endswith("های") or k.endswith("ها")
            last_end, i, content = tokens[i].end(), i + 1, content + 1
            continue
        n = _place_at(keys, i, free_only=True) or _foreign_name_at(keys, i)
        if n and content:  # a place closes the organisation: فرمانده ارتش تایلند | وقوع کودتا را ...
            last_end, i, content = tokens[i + n - 1].end(), i + n, content + 1
            after_place = True
            continue
        last_end, i, content = tokens[i].end(), i + 1, content + 1
        if keys[i - 3 : i] == ["مجلس", "شورای", "اسلامی"]:
            break  # the Majlis's full name closes an office (... در مجلس شورای اسلامی | دیدار کردند)
    if content == 0 and keys[0] in w["needs_more"]:
        return None
    written = text[first.start() : last_end].strip()
    canonical = canonical_office(written)
    if not canonical:
        return None
    role, jurisdiction = _role_and_place(canonical)
    return OfficeReading(
        text=written,
        canonical=canonical,
        role=role,
        jurisdiction=jurisdiction,
        end=last_end,
        points_back=points_back,
    )


def current_office(reading: OfficeReading) -> OfficeReading:
    """Of a former office and a present one joined by ``و`` (``رهبر سابق حزب کارگر انگلیس و عضو
    مجلس عوام``), the present one as written: the office a statement is made in."""
    tokens = list(_TOKEN.finditer(reading.text))
    keys = [_key(t.group()) for t in tokens]
    for i in range(1, len(tokens) - 1):
        if keys[i] == "و" and _is_role(keys[i + 1]) and _FORMER & set(keys[:i]):
            later = read_office(reading.text, tokens[i + 1].start())
            if later is not None and not _FORMER & {_key(t.group()) for t in _TOKEN.finditer(later.text)}:
                # The browsing form already leaves the former office out and keeps what the
                # two share (its country: عضو مجلس عوام انگلیس).
                return replace(reading, text=later.text, end=later.end + reading.end - len(reading.text))
            break
    return reading


# Canonical form ----------------------------------------------------------------------------

_ARABIC = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ـ": None, "\u00a0": " ", "ۀ": "ه", "ة": "ه"})
_INVISIBLE = re.compile("[\u064b-\u065f\u0670\u00ad\u200b\u200d-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPELLING = (
    (re.compile(r"ر[یئ]یس"), "رئیس"),
    (re.compile(r"هی[اأئ]ت"), "هیئت"),
    (re.compile(r"مس(?:ئو|ؤو|وو|ؤ)ل"), "مسئول"),
    (re.compile(r"تأکید|تاکید"), "تأکید"),
)
_PAREN = re.compile(r"\s*\(([^()]*)\)")


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).translate(_ARABIC)
    for pattern, replacement in _SPELLING:
        text = pattern.sub(replacement, text)
    text = re.sub("\u200c+", ZWNJ, text)
    text = re.sub(rf"\s*{ZWNJ}\s+|\s+{ZWNJ}\s*", " ", text)
    text = re.sub(r"\s*[،,]\s*", "، ", text)
    return re.sub(r"\s+", " ", text).strip(" " + ZWNJ + "،.:")


def _guillemet_names(text: str) -> str:
    """A person named in guillemets inside an office (``سخنگوی «ولادیمیر پوتین» رئیس‌جمهور``)
    is not part of its browsing form; an organisation in guillemets is."""
    if "«" not in text:
        return text
    w = _words()

    def drop(match):
        inner = [_key(word) for word in match.group(1).split()]
        before = text[: match.start()].split()
        # a place, an institution or an organisation named after its word (روستای «پچت», مرکز
        # «گلوبال ریسرچ»), or a work after a descriptive role (کارگردان «به وقت شام»)
        named = bool(before) and (
            _key(before[-1]) in w["place_qualifiers"]
            or _key(before[-1]) in w["named_org_words"]
            or _key(before[-1]) in w["org_heads"]
            or (len(before) == 1 and _key(before[-1]) in w["descriptive_roles"])
        )
        if named or any(_is_role(k) or k in w["org_heads"] for k in inner):
            # an organisation, or the name of a place or institution (روستای «پچت»): its words
            return f" {match.group(1)} "
        return " "

    return re.sub(r"\s*«([^«»]{1,80})»\s*", drop, text).strip()


def _parentheses(text: str) -> str:
    """An acronym's expansion in parentheses is dropped; a short name in parentheses replaces
    the expansion before it (``جنبش مقاومت اسلامی فلسطین (حماس)`` -> ``حماس``); a blessing
    (``مسجد حضرت ابوالفضل (ع)``) is dropped.

    One pass, looking back at most a dozen words, so the cost stays linear."""
    if "(" not in text:
        return text
    org_heads = _words()["org_heads"]
    words: list[str] = []
    pieces = _PAREN.split(text)  # text, inner, text, inner, ...
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            words.extend(piece.split())
            continue
        inner = piece.strip()
        if len(inner) <= 2:
            continue  # a blessing after a holy name, (ع), (ره), (عج): no part of the office
        if len(inner.split()) == 1:
            low = max(1, len(words) - 12)
            starts = [i for i in range(low, len(words)) if _key(words[i]) in org_heads]
            if starts:
                del words[starts[-1] :]
                words.append(inner)
    return " ".join(words)


_PLURAL_SUFFIXES = ("هایی", "هایشان", "هایش", "های", "ها")
_NON_JOINING = frozenset("اآدذرزژو")


def _restore_zwnj(word: str) -> str:
    """A compound or plural that lost its ZWNJ (``اطلاعرسانی``, ``مشارکتهای``), written as hazm's
    lexicon writes it (``اطلاع‌رسانی``, ``مشارکت‌های``); any other word as it is."""
    lexicon = _lexicon()
    k = _key(word)
    if fold_letters(word) in lexicon["plain"]:
        return word  # the lexicon writes it so (فناوری beside فن‌آوری)
    form = lexicon["forms"].get(k)
    if form and k not in _words()["spaced"] and form.replace(ZWNJ, "") == word:
        return form
    if lexicon["freq"].get(k, 0) > 0:
        return word
    for suffix in _PLURAL_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3 and lexicon["freq"].get(_key(stem), 0) > 1000:
            # After a letter that does not join (شوراها) the standard spelling has no ZWNJ.
            joiner = "" if stem[-1] in _NON_JOINING else ZWNJ
            return f"{_restore_zwnj(stem)}{joiner}{suffix}"
    return word


def _fix_zwnj(word: str) -> str:
    """ZWNJ inside a word: kept before a suffix or in a known compound, else written as a space;
    a compound or plural written without its ZWNJ gets it back."""
    if ZWNJ not in word:
        return _restore_zwnj(word)
    w = _words()
    compounds = _lexicon()["compounds"]
    pieces = word.split(ZWNJ)
    out = pieces[0]
    for piece in pieces[1:]:
        joined = _key(out.split(" ")[-1] + piece)
        freq = _lexicon()["freq"]
        if piece[:1] == "و" and len(piece) > 2 and _key(piece) not in freq and _key(piece[1:]) in freq:
            out += " و " + piece[1:]  # برنامه‌وبودجه
        elif _key(piece) in w["suffixes"] or (joined in compounds and joined not in w["spaced"]):
            out += ZWNJ + piece
        elif joined in w["phrases"] and ZWNJ in w["phrases"][joined]:
            out += ZWNJ + piece
        else:
            out += " " + piece
    return out


def _phrases(tokens: list[str]) -> list[str]:
    """Known compounds and official names in their standard spelling, longest first."""
    w = _words()
    out, i = [], 0
    while i < len(tokens):
        for n in (*w["phrase_lengths"], 1):
            if i + n <= len(tokens):
                joined = "".join(_key(t) for t in tokens[i : i + n])
                if joined in w["phrases"]:
                    out.extend(w["phrases"][joined].split(" "))
                    i += n
                    break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _head_index(tokens: list[str]) -> int:
    for i, token in enumerate(tokens):
        if _is_role(_key(token)):
            return i
    return -1


def canonical_office(written: str) -> str:
    """The browsing form of an office as written (dev-set README, rule 7)."""
    if not written or not written.strip():
        return ""
    w = _words()
    text = _parentheses(_guillemet_names(_clean(written)))
    text = " ".join(_fix_zwnj(word) for word in text.split(" "))
    tokens = [t for t in re.split(r"\s+|(?=،)", text.replace("،", " ،")) if t]
    tokens = _phrases(tokens)
    tokens = [w["place_spellings"].get(t, t) for t in tokens]
    keys = [_key(t) for t in tokens]
    # Honorifics before the role.
    while tokens and keys[0] in w["honorifics"] and not _is_role(keys[0]):
        tokens, keys = tokens[1:], keys[1:]
    if not tokens:
        return ""
    tokens, keys = _attached_role(tokens, keys)
    descriptive = keys[0] in w["descriptive_roles"]
    editions = _editions(keys)
    out: list[str] = []
    out_keys: list[str] = []
    dropped_county = False
    for i, (token, k) in enumerate(zip(tokens, keys, strict=True)):
        prev = out_keys[-1] if out_keys else ""
        if k in w["decorative"] or (k in w["reverent"] and i > 0):
            continue
        if k in w["temporal"] and not (descriptive and k in _FORMER) and i > 0:
            continue
        if i in editions:
            continue  # دبیر یازدهمین جشنواره ...: the festival's secretary, whichever edition
        if i == 1 and descriptive and k.endswith("ی") and k[:-1] in w["foreign_places"]:
            continue  # a nationality (سرمربی برزیلی تیم ملی قطر): the team names the office
        if k in w["rank_after"] and prev in w["rank_after"][k]:
            continue
        if k == "مردم" and out_keys and out_keys[0] == "نماینده":
            continue
        if k == _LOCATED and i + 1 < len(keys) and keys[i + 1] == "در":  # شرکتی واقع در ماهشهر
            continue
        if (
            k in {"شهرستان", "شهرستانهای", "شهرستانها"}
            and i + 1 < len(tokens)
            and keys[i + 1] not in {"،", "و"}
        ):
            dropped_county = True
            continue
        if k == "استان" and prev == "استاندار":
            continue
        if (
            k == "شهر"
            and prev in {"جمعه", "شهردار", "امامجمعه"}
            and i + 1 < len(tokens)
            and keys[i + 1] not in {"،", "و"}
            and _place_at(keys, i, free_only=False) < 2
        ):  # امام جمعه شهر اهرم → امام جمعه اهرم (not شهر کرد)
            continue
        out.append(token)
        out_keys.append(k)
    out, out_keys = _majlis(out, out_keys)
    out, out_keys = _jurisdiction(out, out_keys, dropped_county)
    return " ".join(out).replace(" ،", "،").strip(" ،")


# Persian number words, for ordinals written with them (چهل و دومین, بیستمین).
_NUMBER_WORDS = frozenset(
    "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده هیجده "
    "نوزده بیست سی چهل پنجاه شصت هفتاد هشتاد نود صد یکصد دویست سیصد چهارصد پانصد".split()
)


def _is_edition(key: str) -> bool:
    """An edition's ordinal before an event (``یازدهمین``, ``چهلمین``, ``نخستین``, ``اولین``)."""
    return key == "نخستین" or (
        key.endswith("ین") and (key[:-2] in _words()["ordinals"] or key[:-3] in _NUMBER_WORDS)
    )


def _editions(keys: list[str]) -> set[int]:
    """Where an edition's ordinal stands, with the number words before it (چهل و دومین)."""
    out = set()
    for j, key in enumerate(keys):
        if j == 0 or not _is_edition(key):
            continue
        out.add(j)
        while j >= 3 and keys[j - 1] == "و" and keys[j - 2] in _NUMBER_WORDS:
            out |= {j - 1, j - 2}
            j -= 2
    return out


def _attached_role(tokens: list[str], keys: list[str]) -> tuple[list[str], list[str]]:
    """Of a combined title ``A و B ...``, the part the statement is made in (README rule 7).

    The last part, as a rule (``ناظر گمرکات استان و مدیرکل گمرک کرمانشاه``); an earlier part that
    alone names its place or country wins over later ones that name none (``وزیر اتحاد کره جنوبی
    و رئیس شورای امنیت ملی``), unless it is a former office (``رهبر سابق حزب کارگر انگلیس و عضو
    مجلس عوام``) or an MP's seat, which a role inside the Majlis that follows makes more specific.
    A foreign office keeps the country an earlier part named."""
    if not keys or not _is_role(keys[0]):
        return tokens, keys
    starts = [0] + [i + 1 for i in range(1, len(keys) - 1) if keys[i] == "و" and _is_role(keys[i + 1])]
    if len(starts) == 1:
        return tokens, keys
    ends = [s - 1 for s in starts[1:]] + [len(keys)]
    parts = [(tokens[a:b], keys[a:b]) for a, b in zip(starts, ends, strict=True)]

    def names_place(part_keys):
        return any(
            _place_at(part_keys, j, free_only=False) or _foreign_name_at(part_keys, j)
            for j in range(1, len(part_keys))
        )

    chosen = parts[-1]
    if not names_place(chosen[1]):
        for part_tokens, part_keys in parts[:-1]:
            later = parts[parts.index((part_tokens, part_keys)) + 1 :]
            if not names_place(part_keys) or _FORMER & set(part_keys):
                continue
            if part_keys[0] == "نماینده" and any("مجلس" in k for _, k in later):
                continue
            chosen = (part_tokens, part_keys)
            break
    if chosen is parts[-1] and not names_place(chosen[1]):
        # A foreign office always names its country: the one an earlier part gave
        # (رهبر سابق حزب کارگر انگلیس و عضو مجلس عوام → عضو مجلس عوام انگلیس).
        for part_tokens, part_keys in parts[:-1]:
            for j in range(1, len(part_keys)):
                n = _foreign_name_at(part_keys, j)
                if n and not _place_at(part_keys, j, free_only=False):
                    return chosen[0] + part_tokens[j : j + n], chosen[1] + part_keys[j : j + n]
    return chosen


def _majlis(tokens: list[str], keys: list[str]) -> tuple[list[str], list[str]]:
    """``مجلس`` (alone, with a term number, or ``مجلس شورای اسلامی``) is ``مجلس شورای اسلامی``;
    an MP named with a constituency is ``نماینده X در مجلس شورای اسلامی``."""
    w = _words()
    out, out_keys, i = [], [], 0
    while i < len(tokens):
        if keys[i] == "مجلس":
            j = i + 1
            if keys[j : j + 2] == ["شورای", "اسلامی"]:
                j += 2
            while j < len(keys) and keys[j] in w["ordinals"]:
                j += 1
            if j == len(keys) or j > i + 1:
                out += ["مجلس", "شورای", "اسلامی"]
                out_keys += ["مجلس", "شورای", "اسلامی"]
                i = j
                continue
        out.append(tokens[i])
        out_keys.append(keys[i])
        i += 1
    if out_keys and out_keys[0] == "نماینده" and len(out_keys) > 1:
        if "مجلس" not in out_keys and _place_at(out_keys, 1, free_only=False):
            out += ["در", "مجلس", "شورای", "اسلامی"]
            out_keys += ["در", "مجلس", "شورای", "اسلامی"]
    return out, out_keys


def _jurisdiction(tokens: list[str], keys: list[str], dropped_county: bool) -> tuple[list[str], list[str]]:
    """Places in the gazetteer's spelling; ``استان`` before a province a directorate serves."""
    w = _words()
    places = _places()
    i = 0
    while i < len(keys):
        n = _place_at(keys, i, free_only=False)
        after_trigger = i > 0 and (keys[i - 1] in w["place_triggers"] or keys[i - 1] in _FRIDAY)
        if not n or not (after_trigger or i + n == len(keys) or keys[i + n] in {"،", "و", "در"}):
            i += 1
            continue
        joined = "".join(keys[i : i + n])
        if joined in places["province"]:
            spelled = places["province"][joined].split(" ")
        elif n == 1:
            spelled = (places["county"].get(joined) or places["city"].get(joined) or tokens[i]).split(" ")
            if _key("".join(spelled)) != _key(tokens[i]):
                spelled = [tokens[i]]
        else:  # several words: the gazetteer's spelling when it is one word (شهر کرد → شهرکرد)
            gazetteer = places["county"].get(joined) or places["city"].get(joined) or ""
            spelled = [gazetteer] if gazetteer and " " not in gazetteer else tokens[i : i + n]
        tokens[i : i + n] = spelled
        keys[i : i + n] = [_key(s) for s in spelled]
        if (
            i + len(spelled) == len(keys)
            and joined in places["free"]
            and joined in places["province"]
            and not dropped_county
            and i >= 2
            and keys[i - 1] not in w["place_triggers"]
            and keys[i - 1] not in _FRIDAY  # خطیب نماز جمعه تهران: the city
            and keys[i - 1] != "در"  # سفیر انگلیس در تهران: the capital, not a directorate's province
            and keys[i - 1] != "و"  # مازندران و گلستان: two provinces one body serves
            # a city's office ("مدیرعامل ... تهران") unless no city bears the province's name
            and (
                keys[0] not in w["city_roles"]
                or (joined not in places["city"] and joined not in places["county"])
            )
            and not any(k in w["non_provincial_orgs"] for k in keys[:i])
        ):
            tokens.insert(i, "استان")
            keys.insert(i, "استان")
            i += 1
        i += len(spelled)
    return tokens, keys


def _role_and_place(canonical: str) -> tuple[str, str]:
    tokens = canonical.split(" ")
    keys = [_key(t) for t in tokens]
    head = _head_index(tokens)
    if head < 0:
        return "", ""
    role = tokens[head]
    if role.endswith("وی"):  # the ezafe of a role ending in a vowel: سخنگوی وزارت -> سخنگو
        role = role[:-1]
    if keys[head] == "امام" and head + 1 < len(keys) and keys[head + 1] in _FRIDAY:
        role = f"{tokens[head]} {tokens[head + 1]}"
    w = _words()
    for i in range(head, len(keys)):
        if keys[i] in w["place_triggers"] or keys[i] in _FRIDAY or (keys[i] == "نماینده" and i == head):
            j = i + 1
            while j < len(keys) and (
                keys[j] in _QUALIFIERS_AFTER_TRIGGER or keys[j] in {"اهل", "سنت", "تسنن"}
            ):
                j += 1
            n = _place_at(keys, j, free_only=False)
            if n == 1 and keys[j] == _CENTRAL and (m := _place_at(keys, j + 1, free_only=False)):
                j, n = j + 1, m  # بخشدار مرکزی بویراحمد: the county whose central district it is
            if n:
                return role, " ".join(tokens[j : j + n]).strip("،")
    if keys[head] in w["descriptive_roles"]:
        return role, ""  # سرمربی نفت آبادان, کاپیتان تیم فولاد خوزستان: a place ending it names a team
    for n in (3, 2, 1):
        if len(keys) - n > head and _place_at(keys, len(keys) - n, free_only=False) == n:
            return role, " ".join(tokens[-n:])
    return role, ""


# Mining the data file ------------------------------------------------------------------------


def _peyma_train_docs(peyma_path: str):
    """PEYMA's documents of the train splits, one dict at a time (the miners read nothing else)."""
    import gzip

    with gzip.open(peyma_path, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["split"].startswith("train"):
                yield doc


def mine_given_names(peyma_path: str) -> list[str]:
    """First tokens of PEYMA's gold PER entities (train splits) seen at least twice, and more
    often as a name than inside an ORG/LOC entity; role words and places left out."""
    from collections import Counter

    person, inside = Counter(), Counter()
    for doc in _peyma_train_docs(peyma_path):
        tokens = doc["tokens"]
        for entity in doc["entities"]:
            if entity["type"] == "PER":
                person[fold_letters(tokens[entity["start_tok"]])] += 1
            elif entity["type"] in ("ORG", "LOC"):
                for token in tokens[entity["start_tok"] : entity["end_tok"]]:
                    inside[fold_letters(token)] += 1
    w = _words()
    places = _places()
    banned = w["role_heads"] | w["org_heads"] | w["place_triggers"] | w["honorifics"] | w["stop_words"]
    out = []
    for word, count in person.most_common():
        k = _key(word)
        if count < 2 or inside[word] >= count or " " in word or k in banned:
            continue
        if k in places["province"] or k in places["county"] or k in {"حضرت", "شهید", "مرحوم"}:
            continue
        out.append(word)
    return out


def mine_place_spellings(peyma_path: str) -> dict:
    """Words of PEYMA's gold LOC entities (train) whose spelling with a leading آ is the usual
    one (at least 3 to 1): the form written with ا maps to it (امریکا -> آمریکا)."""
    from collections import Counter

    seen = Counter()
    for doc in _peyma_train_docs(peyma_path):
        for entity in doc["entities"]:
            if entity["type"] == "LOC":
                for token in doc["tokens"][entity["start_tok"] : entity["end_tok"]]:
                    if token[:1] in "اآ":
                        seen[fold_letters(token).replace("ئ", "ی")] += 1
    out = {}
    for word, count in seen.items():
        if word.startswith("آ"):
            plain = "ا" + word[1:]
            if count >= 3 and count >= 3 * seen[plain]:
                out[plain] = word
    return dict(sorted(out.items()))


def mine_foreign_places(peyma_path: str) -> list[str]:
    """One-word gold LOC entities of PEYMA (train), at least three times, that Iran's gazetteer
    does not hold: countries, foreign cities and regions (``تایلند``, ``روسیه``, ``واشنگتن``)."""
    from collections import Counter

    seen = Counter()
    for doc in _peyma_train_docs(peyma_path):
        for entity in doc["entities"]:
            if entity["type"] == "LOC" and entity["end_tok"] - entity["start_tok"] == 1:
                seen[fold_letters(doc["tokens"][entity["start_tok"]])] += 1
    places = _places()
    iranian = set(places["province"]) | set(places["county"]) | set(places["city"])
    return sorted(w for w, count in seen.items() if count >= 3 and _place_key(w) not in iranian)


def mine_numbered_units(peyma_path: str) -> list[str]:
    """Words that a number follows inside PEYMA's gold ORG entities (train), at least twice:
    ``شعبه 113 دادگاه``, ``منطقه ۵ شهرداری``, ``تیپ 65``."""
    from collections import Counter

    seen = Counter()
    for doc in _peyma_train_docs(peyma_path):
        tokens = doc["tokens"]
        for entity in doc["entities"]:
            if entity["type"] != "ORG":
                continue
            for i in range(entity["start_tok"] + 1, entity["end_tok"]):
                word = fold_letters(tokens[i - 1]).split(ZWNJ)[0]
                if _NUMBER.fullmatch(tokens[i]) and re.fullmatch(r"[\u0600-\u06ff]{3,}", word):
                    seen[word] += 1
    return sorted(word for word, count in seen.items() if count >= 2)


def mine_preposition_continues(peyma_path: str, preposition: str) -> list[str]:
    """Words followed by ``preposition`` inside PEYMA's gold ORG entities (train), at least twice:
    the preposition goes on with the organisation's name (``مبارزه با``, ``رسیدگی به``)."""
    from collections import Counter

    seen = Counter()
    for doc in _peyma_train_docs(peyma_path):
        tokens = doc["tokens"]
        for entity in doc["entities"]:
            if entity["type"] == "ORG":
                for i in range(entity["start_tok"], entity["end_tok"] - 2):
                    if tokens[i + 1] == preposition:
                        seen[fold_letters(tokens[i])] += 1
    return sorted(word for word, count in seen.items() if count >= 2)


if __name__ == "__main__" and sys.argv[1:2] == ["mine"]:
    data = json.loads(_DATA.read_text(encoding="utf-8"))
    source = sys.argv[2] if len(sys.argv) > 2 else "peyma_ner_docs.jsonl.gz"
    data["given_names"] = mine_given_names(source)
    data["place_spellings"] = mine_place_spellings(source)
    data["numbered_units"] = mine_numbered_units(source)
    data["foreign_places"] = mine_foreign_places(source)
    data["ba_continues"] = mine_preposition_continues(source, "با")
    data["be_continues"] = mine_preposition_continues(source, "به")
    _DATA.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(len(data["given_names"]), "given names")

"""How agency copy reports speech: the reporting verbs, and the direct quote that follows them.

Pure functions, no Django. This module is the one home of the reporting-verb
pattern; the speaker reader (:mod:`.people`) and the quote reader both use it.

Persian reports speech with a few simple verbs (``گفت``, ``افزود``, ``نوشت``)
and many compound ones: a noun (``اظهار``, ``تصریح``, ``خاطرنشان``...) with a
light verb (``کرد``, ``داشت``, ``داد``, ``ساخت``, ``شد``). Each is matched in the
third person past (``گفت``) and present perfect (``گفته است``), singular or
plural, with ZWNJ, space or nothing between the parts; the present (``می‌گوید``,
``می‌نویسد``, ``می‌افزاید``) only for the simple verbs, as reports write it.
"""

import re
from dataclasses import dataclass

from archive.persian import fold_letters, fold_letters_aligned

_SP = r"[\s\u200c]*"

# The interview noun in its spellings ("گفت‌وگو", "گفت و گو", "گفتگو", "مصاحبه"): "در گفت‌وگو با ...".
INTERVIEW = rf"(?:گفت{_SP}و{_SP}گو|گفتگو|مصاحبه)"

# Simple verbs: past stem, the form a report uses.
_SIMPLE = ("گفت", "افزود", "نوشت", "فرمود", "پرسید")
# Compound verbs: the light verb -> the nouns it makes a reporting verb with ("اظهار داشت",
# "تصریح کرد", "خبر داد", "خاطرنشان ساخت", "یادآور شد"). A ZWNJ inside a noun matches a ZWNJ,
# a space or nothing (خاطر‌نشان: خاطرنشان, خاطر نشان). Hamza forms need no entry: the verbs are
# matched on letter-folded text, where تأکید is تاکید.
_COMPOUND_BY_LIGHT = {
    "داشت": "اظهار بیان اعلام ابراز اذعان".split(),
    "کرد": (
        "اظهار بیان عنوان تصریح تاکید خاطر\u200cنشان یادآوری اعلام اضافه ابراز اذعان"
        " مطرح اشاره تشریح اظهار\u200cنظر فاش تایید"
    ).split(),
    "ساخت": "خاطر\u200cنشان فاش".split(),
    "شد": "یادآور متذکر".split(),
    "داد": "خبر توضیح ادامه هشدار پاسخ".split(),
}
# The formal light verbs that stand for the common ones with the same nouns ("اعلام نمود",
# "تصریح نمود", "متذکر گردید"): نمودن for کردن, گردیدن for شدن.
_FORMAL_LIGHT = {"کرد": "نمود", "شد": "گردید"}
# noun -> its light verbs
_COMPOUND = {
    noun: tuple(
        form
        for light, nouns in _COMPOUND_BY_LIGHT.items()
        if noun in nouns
        for form in (light, _FORMAL_LIGHT.get(light))
        if form
    )
    for nouns in _COMPOUND_BY_LIGHT.values()
    for noun in nouns
}
# Nouns that make a speech verb mean something else ("بدرود حیات گفت" = died, "ترک گفت" = left);
# a message of condolence or congratulation ("تسلیت گفت", "تبریک گفت") is a statement (a message).
# Nor does a future or an impersonal form report anything said ("تبریک خواهد گفت", "باید گفت",
# "می‌توان گفت"): the auxiliary stands before the verb.
NOT_SPEECH_BEFORE = frozenset(
    {
        "حیات",
        "خوشامد",
        "خیرمقدم",
        "ترک",
        "وداع",
        "بدرود",
        "دروغ",
        "خواهد",
        "خواهند",
        "نخواهد",
        "نخواهند",
        "باید",
        "نباید",
        "میتوان",
        "نمیتوان",
    }
)


def _forms(stem: str) -> str:
    """Past, plural, perfect and present-progressive forms of a past stem (``گفت``)."""
    return rf"{stem}(?:ند)?(?:ه{_SP}(?:است|اند))?"


# Compound verbs whose noun and light verb enclose their object ("خواستار کاهش نرخ سود شد",
# "ابراز امیدواری کرد"): noun -> (light verbs, at most this many words between them).
_ENCLOSING = {"خواستار": (("شد",), 12), "ابراز": (("کرد", "داشت"), 2)}


def _alternatives() -> str:
    forms = [_forms(v) for v in _SIMPLE]
    forms += [rf"می{_SP}(?:گوید|گویند|نویسد|افزاید)"]
    for noun, lights in _COMPOUND.items():
        noun_re = _SP.join(re.escape(part) for part in noun.split("\u200c"))
        forms.append(rf"{noun_re}{_SP}(?:{'|'.join(_forms(light) for light in lights)})")
    for noun, (lights, most) in _ENCLOSING.items():
        words = rf"(?:[\s\u200c]+[^\s.!?؟:؛«»]+){{0,{most}}}?"
        forms.append(rf"{noun}{words}[\s\u200c]+(?:{'|'.join(_forms(light) for light in lights)})")
    return "|".join(forms)


# A reporting verb as a whole word; group "colon" is set when a direct quote follows.
REPORTING_VERB = re.compile(rf"(?<![\w\u200c])(?:{_alternatives()})(?![\w\u200c])(?P<colon>\s*[:：])?")
_WORD_BEFORE = re.compile(r"([\w\u200c]+)[\s\u200c]*$")
# "گفت و گو کرد" (held talks, a meeting) is the noun گفت‌وگو written apart, not the verb گفت.
_DIALOGUE_AFTER = re.compile(r"[\s\u200c]*و[\s\u200c]*گو(?:ی|یی|ها|های)?(?![\w\u200c])")
_PRONOUN = re.compile(r"^\s*(?:وی|او|ایشان|این\s+(?:مقام|مسئول|مسؤول|مقام\s+مسئول)|نامبرده)(?=[\s،,]|$)")
# The sentence end a direct quote runs to: . ! ? ؟ (a decimal point is not one).
_QUOTE_END = re.compile(r"(?<![0-9۰-۹٠-٩])[.!?؟](?![0-9۰-۹٠-٩])|[.!?؟](?=\s|$)")


@dataclass(frozen=True)
class Report:
    """A reporting verb in a sentence: where it is, and whether a colon (a direct quote) follows."""

    start: int
    end: int
    direct: bool


def find_reports(sentence: str) -> list[Report]:
    """Every reporting verb in ``sentence``, in order, leaving out the idioms that report nothing."""
    found = []
    folded = fold_letters_aligned(sentence)
    for match in REPORTING_VERB.finditer(folded):
        before = _WORD_BEFORE.search(folded[: match.start()])
        if before and before.group(1).replace("\u200c", "") in NOT_SPEECH_BEFORE:
            continue
        if _DIALOGUE_AFTER.match(folded, match.end()):
            continue
        found.append(Report(match.start(), match.end(), bool(match.group("colon"))))
    return found


# A source the report does not name (the README's anonymous officials): "یک منبع موثق", "منابع آگاه",
# "یک مقام آگاه", "مقامات آمریکایی", "یک مسئول ...".
_ANONYMOUS = re.compile(
    r"^\s*(?:(?:یک|یکی\s+از)\s+(?:منبع|منابع|مقام|مقامات|مسئول|مسئولان)|منبعی|منابع|مقامات"
    r"|(?:این|همین)\s+(?:منبع|منابع))(?=[\s\u200c،,]|$)"  # "این منبع افزود": the unnamed source again
)


def is_anonymous_subject(subject: str) -> bool:
    """Whether a subject is a source the report leaves unnamed (``یک منبع موثق در فرمانداری``)."""
    return bool(_ANONYMOUS.match(fold_letters_aligned(subject)))


# A medium as the subject ("خبرگزاری آسوشیتدپرس ... نوشت", "این رسانه اماراتی افزود", "تلویزیون
# شبکه اول تاجیکستان ... گفت"): the story relays a medium's report (a round-up), no one's statement.
_MEDIUM_NOUN = (
    r"(?:رسانه(?:[\s\u200c]*(?:ها|های))?|روزنامه|خبرگزاری|شبکه|تلویزیون|رادیو|پایگاه|سایت|"
    r"وبگاه|نشریه|هفته[\s\u200c]*نامه|ماهنامه|مجله)"
)
_MEDIUM = re.compile(rf"^\s*(?:این\s+)?{_MEDIUM_NOUN}(?=[\s\u200c،,]|$)")


def is_medium_subject(subject: str) -> bool:
    """Whether a subject is a newspaper, agency, channel or website (``روزنامه الحیات``)."""
    return bool(_MEDIUM.match(fold_letters_aligned(subject)))


def credits_a_medium(source: str, text: str) -> bool:
    """Whether ``text`` names ``source`` as a medium right after a medium noun: ``روزنامه الحیات``,
    ``روزنامه "واشنگتن تایمز"``, ``پایگاه اینترنتی «ایلاف»`` (one word between only before quotes)."""
    name = re.escape(fold_letters(source)).replace(r"\ ", r"[\s\u200c]+")
    pattern = rf"{_MEDIUM_NOUN}(?:[\s\u200c]+|(?:[\s\u200c]+\S+)?[\s\u200c]*[\"«])" rf"{name}(?![^\s\"»'،,:])"
    return re.search(pattern, fold_letters_aligned(text)) is not None


def is_pronoun_subject(subject: str) -> bool:
    """Whether a subject refers back (``وی``, ``او``, ``این مقام``) instead of naming someone."""
    return bool(_PRONOUN.match(fold_letters_aligned(subject)))


def quote_after(text: str, start: int) -> str:
    """The direct quote that begins at ``text[start:]`` (after ``گفت:``), to its sentence end.

    A quote opened with « runs to its closing » (guillemets left out, a period
    inside kept); otherwise it runs to the first sentence-final mark.
    """
    rest = text[start:].lstrip(" \u200c\u00a0:")
    if rest.startswith("«"):
        close = rest.find("»")
        if close > 1:
            return rest[1:close].strip()
    end = _QUOTE_END.search(rest)
    return (rest[: end.end()] if end else rest).strip()

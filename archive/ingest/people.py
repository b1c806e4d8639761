"""Who speaks in a raw article, and in what office.

Pure functions, no Django. Agency copy introduces the official whose words it
reports in a handful of ways, and this module reads those, not free text:

- ``NAME، OFFICE ... گفت:`` / ``NAME OFFICE ... اظهار داشت`` (apposition);
- ``OFFICE NAME ... گفت`` (office first);
- ``OFFICE ... گفت:`` with the name elsewhere (headline, ``فرماندار شهرستان قدس ادامه داد``);
- the headline kicker ``فرماندار قدس؛``; ``وی افزود`` refers back and names no one.

A name is recognised by a known first name (a list of common Iranian given
names below), or by standing alone between the attribution and an office.
Honorifics (``حجت‌الاسلام``, ``دکتر``, ``سردار``...) are not part of a name;
``سید`` is. A name already in the archive (``known_people``) is preferred.
"""

import re
from dataclasses import dataclass

from archive.persian import clean_name, fold_letters, name_key

from .fields import NOTHING, Field

SPEECH_VERB = re.compile(
    r"(?:^|\s)(?:گفت|افزود|ادامه\s*داد|اظهار\s*(?:داشت|کرد)|بیان\s*(?:کرد|داشت)|عنوان\s*کرد|"
    r"تصریح\s*کرد|تا[کك]ید\s*کرد|تأکید\s*کرد|خاطرنشان\s*(?:کرد|ساخت)|یادآور\s*شد|اعلام\s*کرد|"
    r"خبر\s*داد|توضیح\s*داد|اضافه\s*کرد|ابراز\s*(?:داشت|کرد)|مطرح\s*کرد|گفته\s*است|می[\u200c ]?گوید|"
    r"اظهارداشت|یادآوری\s*کرد|اشاره\s*کرد|هشدار\s*داد)(?=\s*[:.،,\s]|$)"
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?؟])\s+")
_ATTRIBUTION_PREFIX = re.compile(r"^\s*(?:به\s+گزارش|به\s*نقل\s+از)[^،,:]{1,160}?[،,:]\s*")
_PUNCT = re.compile(r"([،,:؛;()«»\"])")

HONORIFICS = [
    "حجت الاسلام و المسلمین", "حجت الاسلام والمسلمین", "حجت الاسلام", "حجت‌الاسلام", "حجه الاسلام",
    "آیت الله", "آیت‌الله", "آیت الله العظمی", "دکتر", "مهندس", "سردار", "سرتیپ", "سرتیپ دوم",
    "سرهنگ", "سرهنگ دوم", "سرگرد", "سروان", "ستوان", "سرلشکر", "سپهبد", "دریادار", "دریابان",
    "امیر سرتیپ", "امیر دریادار", "امیر سرلشکر", "حاج", "حاجی", "شیخ", "استاد", "خانم", "آقای",
    "آقا", "جناب", "سرکار", "بانو", "مهندس", "پروفسور", "قاضی",
]
OFFICE_HEADS = {
    "وزیر", "معاون", "رئیس", "رییس", "ریيس", "مدیرعامل", "مدیرکل", "مدیر", "سرپرست", "فرماندار",
    "استاندار", "بخشدار", "شهردار", "دهیار", "سخنگوی", "سخنگو", "دبیر", "دبیرکل", "نماینده",
    "دادستان", "فرمانده", "جانشین", "قائم", "قائم‌مقام", "امام", "عضو", "سفیر", "مشاور", "دستیار",
    "رئیس‌جمهور", "مسئول", "نایب", "سرکنسول", "کنسول", "متولی", "رئیس‌کل", "مدیران",
    "معاون‌اول", "رئیس‌جمهوری", "نمایندگان", "اعضای", "مشاوران", "کارشناس",
}
# Common Iranian given names (first element of a name). Names glued to سید/محمد/علی are also read.
FIRST_NAMES = set("""
ابراهیم ابوالفضل ابوالقاسم احسان احمد احمدرضا اردشیر ارسلان اسحاق اسدالله اسماعیل اصغر اکبر الیاس
امید امیر امیرحسین امیرعلی امین ایرج ایمان بابک بهادر بهرام بهروز بهزاد بهمن بیژن پرویز پژمان پوریا
پیمان تقی جلال جمال جعفر جمشید جواد حامد حبیب حسن حسین حشمت حمید حمیدرضا حیدر خسرو داریوش داوود
رامین رحیم رحمان رسول رضا روح‌الله روح الله رحمت سجاد سعید سعدالله سلمان سلیمان سهراب سیاوش شاهرخ
شهاب شهرام شهریار صادق صالح صمد ضیاء عادل عباس عبدالحسین عبدالحمید عبدالرحیم عبدالرضا عبدالکریم
عبدالله عبدالمجید عبدالناصر عبدالوهاب عزت‌الله عزیز عطاالله عقیل علی علیرضا علی‌اکبر علی‌اصغر عماد
عیسی غلامحسین غلامرضا غلامعلی فتح‌الله فرامرز فرج‌الله فرخ فرزاد فرشاد فرهاد فریدون فریبرز فضل‌الله
قاسم کاظم کامران کاوه کریم کمال کوروش کیوان لطف‌الله مجتبی مجید محسن محمد محمدباقر محمدجواد
محمدحسن محمدحسین محمدرضا محمدصادق محمدعلی محمدمهدی محمدابراهیم محمدامین محمدتقی محمدهادی محمود
مرتضی مسعود مصطفی مصطفا مظفر منصور منوچهر مهدی مهرداد مهران موسی میثم میلاد ناصر نادر نبی‌الله
نصرالله نعمت‌الله نوید نیما هادی هاشم هدایت‌الله هدایت همایون هومن وحید یاسر یحیی یدالله یوسف یونس
اسفندیار افشین بهنام بیژن پدرام تورج جهانگیر حجت رستم ستار سیامک شاپور شهروز عباسعلی عرفان
فرید فریدون کیانوش مازیار محمدصالح مرتضی مسیح قدرت‌الله قربان قربانعلی کیومرث ولی‌الله
زهرا فاطمه مریم معصومه زینب طاهره مهناز شهلا شهناز لیلا الهام اعظم اشرف پروین ژیلا سمیه سکینه
طیبه فرزانه فریبا مینو نرگس نسرین نازنین هاله هما هاجر منیژه مژگان مهری مهین ناهید سیمین شیرین
راضیه منیره عاطفه اکرم آمنه انسیه بتول پروانه خدیجه رقیه سارا سمانه شکوفه صدیقه عفت فرشته
لادن مرضیه مهسا نجمه نفیسه وحیده آذر آزاده آرش آرمان آرین اصغر امیرمحمد اسکندر بهمن جلیل حمزه
رمضان سیروس شمس‌الدین صابر ضرغام طاهر طالب عبدالعلی عسکر علیمحمد غفار فرخ‌رو کامبیز مرتضی مختار
مقصود ملک نادعلی نورالله هوشنگ یعقوب آیدین اکبر ایوب بیت‌الله جبار حبیب‌الله حسنعلی خلیل رجب
سبحان سیف‌الله شجاع عبدالحسن عبدالرسول عبدالکاظم عبدالمهدی علیرضا کرم کرامت محب‌علی
""".split())
_BOUNDARY = set("""
در با به از برای بر تا طی ضمن پس پیش هنگام و که را نیز هم این آن امروز امشب دیروز روز صبح ظهر
عصر شب بامداد شامگاه صبحگاه بعدازظهر بعد عصرگاه ظهرامروز صبحامروز درحاشیه درباره ضمنا گفت
افزود ادامه اظهار بیان عنوان تصریح تاکید تأکید خاطرنشان یادآور اعلام خبر توضیح اضافه ابراز مطرح
گفته میگوید می‌گوید اظهارداشت یادآوری اشاره هشدار است بود شد کرد دارد داشت روز شنبه یکشنبه
مثل مانند چون همچون اما ولی یا اگر حتی فقط تنها نه قبل
دوشنبه سه‌شنبه چهارشنبه پنجشنبه پنج‌شنبه جمعه اخیرا اخیراً همچنین سپس وی او
""".split())
# Words before a name that make it someone mentioned, not the speaker.
# Nouns that make compound verbs with the speech verb ("تبریک گفت", "پاسخ داد").
_VERB_NOUNS = {"تبریک", "تسلیت", "خوشامد", "خیرمقدم", "سخن", "پاسخ", "گزارش"}
# Given names that open common phrases ("نماینده ولی فقیه", "علی رغم").
_NOT_NAMES = {("ولی", "فقیه"), ("ولی", "امر"), ("علی", "رغم"), ("صفر", "تا"), ("امید", "است"), ("نوید", "داد")}
_NOT_SPEAKER = {"شهید", "شهیدان", "مرحوم", "امام", "حضرت", "بزرگوار", "رهبر", "پیامبر"}
_PRONOUN_SUBJECT = re.compile(r"^\s*(?:وی|او|ایشان|این\s+مقام|این\s+مسئول|نامبرده)(?:\s|$)")
_HONORIFIC_RE = re.compile(
    r"^(?:" + "|".join(sorted((re.escape(h).replace(r"\ ", r"[\s\u200c]*") for h in HONORIFICS),
                              key=len, reverse=True)) + r")(?=[\s\u200c]|$)"
)


@dataclass
class Mention:
    name: str = ""
    office: str = ""
    sentence: str = ""
    known: bool = False
    first_name_known: bool = False


def _fold(word: str) -> str:
    return fold_letters(word).replace("\u200c", "")


_FIRST = {_fold(n) for n in FIRST_NAMES}
_HEADS = {_fold(h) for h in OFFICE_HEADS}
_STOP = {_fold(w) for w in _BOUNDARY}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text or "") if s.strip()]


def tokens(text: str) -> list[str]:
    return _PUNCT.sub(r" \1 ", text).split()


_MONTH_NAMES = {"بهمن", "آذر", "مهر", "خرداد", "تیر", "اسفند", "دی"}


def _opens_phrase(toks, j) -> bool:
    if j + 1 >= len(toks):
        return False
    first, second = _fold(toks[j]), _fold(toks[j + 1])
    if first in _MONTH_NAMES and (second in {"ماه", "ماه‌سال"} or second[:1].isdigit() or second == "سال"):
        return True
    return (first, second) in _NOT_NAMES


def _is_first_name(token: str) -> bool:
    t = _fold(token)
    if t in _FIRST:
        return True
    # Glued compounds: سیدمحمد, سیدمحمدعلی, محمدامین...
    for prefix in ("سیده", "سید", "میر"):
        if t.startswith(prefix) and t[len(prefix):] in _FIRST:
            return True
    return any(t.startswith(p) and t[len(p):] in _FIRST for p in ("محمد", "علی", "امیر") if len(t) > len(p) + 1)


def _is_head(token: str) -> bool:
    return _fold(token) in _HEADS


def _is_punct(token: str) -> bool:
    return bool(_PUNCT.fullmatch(token)) or token in {".", "؟", "!"}


def strip_honorifics(text: str) -> str:
    text = text.strip()
    while True:
        match = _HONORIFIC_RE.match(text)
        if not match:
            return text
        rest = text[match.end():].strip()
        if not rest:
            return text
        text = rest


def _office_span(toks, i):
    """Tokens of an office phrase starting at ``toks[i]`` (an office head), as a string."""
    out = []
    j = i
    while j < len(toks) and len(out) < 16:
        tok = toks[j]
        f = _fold(tok)
        if tok in {"،", ","}:
            # "صنعت، معدن و تجارت", "سیاسی، امنیتی و اجتماعی": a list inside the office.
            ahead = toks[j + 1:j + 4]
            if "و" in ahead and not any(_is_punct(a) or (_fold(a) in _STOP and a != "و") for a in ahead):
                out.append("،")
                j += 1
                continue
            break
        if _is_punct(tok):
            break
        if f == "در" and j + 1 < len(toks) and _fold(toks[j + 1]) in {"مجلس", "امور", "استان", "شهرستان"}:
            out.append(tok)
            j += 1
            continue
        if f == "و":
            nxt = toks[j + 1] if j + 1 < len(toks) else ""
            if not nxt or (_is_first_name(nxt) and not _opens_phrase(toks, j + 1)) \
                    or _HONORIFIC_RE.match(nxt) or _fold(nxt) in _STOP:
                break
            out.append(tok)
            j += 1
            continue
        if out and (f in _STOP or (_is_first_name(tok) and not _opens_phrase(toks, j)) or _HONORIFIC_RE.match(tok)):
            break
        out.append(tok)
        j += 1
    while out and (_fold(out[-1]) in _STOP | _VERB_NOUNS or out[-1] == "،"):
        out.pop()
    text = " ".join(out).replace(" ،", "،")
    return text, j


def _name_span(toks, i, allow_unknown=False):
    """A person's name starting at ``toks[i]`` (honorifics skipped), or ("", i)."""
    j = i
    # Honorifics, possibly several words (حجت الاسلام و المسلمین).
    while j < len(toks):
        rest = " ".join(toks[j:j + 4])
        match = _HONORIFIC_RE.match(rest)
        if not match:
            break
        consumed = len(rest[: match.end()].split())
        # "امیر" alone is a given name, not a rank.
        if _fold(toks[j]) == "امیر" and consumed == 1:
            break
        j += consumed
    start = j
    if j < len(toks) and _fold(toks[j]) in {"سید", "سیده", "میر"}:
        j += 1
    if j >= len(toks) or _opens_phrase(toks, j):
        return "", i, False
    known_first = _is_first_name(toks[j])
    if not known_first and not allow_unknown:
        return "", i, False
    j += 1
    # Compound given names: "محمد امین", "علی اکبر".
    while j < len(toks) and _is_first_name(toks[j]) and j - start < 3 and j + 1 < len(toks) \
            and not _is_punct(toks[j + 1]) and _fold(toks[j + 1]) not in _STOP and not _is_head(toks[j + 1]):
        j += 1
    surname = 0
    while j < len(toks) and surname < 3:
        tok = toks[j]
        if _is_punct(tok) or _fold(tok) in _STOP or _is_head(tok) or _HONORIFIC_RE.match(tok) \
                or not re.search(r"[\u0600-\u06ff]", tok):
            break
        j += 1
        surname += 1
    if surname == 0:
        return "", i, False
    name = " ".join(toks[start:j])
    return name, j, known_first


def subject_of(sentence: str) -> tuple[str, bool] | None:
    """The words before a sentence's speech verb, without ``به گزارش ...،``, and whether that
    attribution was there; None when the sentence reports no speech."""
    verb = SPEECH_VERB.search(sentence)
    if not verb:
        return None
    subject, attributed = _ATTRIBUTION_PREFIX.subn("", sentence[: verb.start()])
    return subject, bool(attributed)


def read_subject(sentence: str, known_keys=frozenset()) -> Mention | None:
    """The official a reporting sentence names before its speech verb, if any."""
    found = subject_of(sentence)
    if found is None:
        return None
    subject, attributed = found
    if _PRONOUN_SUBJECT.match(subject):
        return None
    toks = tokens(subject)
    mention = Mention(sentence=sentence)
    # A name already in the archive, anywhere in the subject.
    if known_keys:
        for n in (4, 3, 2):
            for k in range(len(toks) - n + 1):
                if name_key(" ".join(toks[k:k + n])) in known_keys:
                    mention.name, mention.known = " ".join(toks[k:k + n]), True
                    after = k + n + (1 if k + n < len(toks) and toks[k + n] in {"،", ","} else 0)
                    if after < len(toks) and _is_head(toks[after]):
                        mention.office = _office_span(toks, after)[0]
                    elif k > 0 and _is_head(toks[0]):
                        mention.office = _office_span(toks, 0)[0]
                    return mention
    i = 0
    while i < len(toks) and toks[i] in {"،", ","}:
        i += 1
    if i < len(toks) and _is_head(toks[i]):
        # OFFICE first, maybe followed by NAME.
        office, j = _office_span(toks, i)
        mention.office = office
        j += 1 if j < len(toks) and toks[j] in {"،", ","} else 0
        name, _k, known_first = _name_span(toks, j)
        if name:
            mention.name, mention.first_name_known = name, known_first
        return mention
    # NAME first: a known given name, or an unknown one standing alone before "، OFFICE".
    name, j, known_first = _name_span(toks, i)
    if not name:
        # An unknown given name only in the firm pattern "به گزارش ...، NAME، OFFICE".
        candidate, j2, _ = _name_span(toks, i, allow_unknown=True) if attributed else ("", i, False)
        if candidate and j2 + 1 < len(toks) and toks[j2] in {"،", ","} and _is_head(toks[j2 + 1]) and j2 - i <= 4:
            name, j = candidate, j2
    if not name:
        # The name may come later in the subject: "در این آیین سرهنگ باقر پسنده ... گفت",
        # but not a martyr or an imam the speaker mentions ("شهید حاج قاسم سلیمانی").
        for k in range(i + 1, min(len(toks), 25)):
            if _HONORIFIC_RE.match(" ".join(toks[k:k + 3])) and _fold(toks[k]) != "امیر" or (
                _is_first_name(toks[k]) and (k == 0 or _fold(toks[k - 1]) in _STOP | {"،", ","})
            ):
                if any(_fold(t) in _NOT_SPEAKER for t in toks[max(0, k - 3):k + 1]):
                    continue
                name, j, known_first = _name_span(toks, k)
                if name:
                    break
    if not name:
        return None
    mention.name, mention.first_name_known = name, known_first
    j += 1 if j < len(toks) and toks[j] in {"،", ","} else 0
    if j < len(toks) and _is_head(toks[j]):
        mention.office = _office_span(toks, j)[0]
    return mention


def appositions(sentence: str) -> list[Mention]:
    """Every "NAME OFFICE" / "NAME، OFFICE" pair in a sentence, speech verb or not."""
    toks = tokens(sentence)
    found = []
    k = 0
    while k < len(toks):
        if _is_first_name(toks[k]) or (_HONORIFIC_RE.match(" ".join(toks[k:k + 3])) and _fold(toks[k]) != "امیر"):
            if any(_fold(t) in _NOT_SPEAKER for t in toks[max(0, k - 3):k + 1]):
                k += 1
                continue
            name, j, known_first = _name_span(toks, k)
            if name:
                nxt = j + (1 if j < len(toks) and toks[j] in {"،", ","} else 0)
                if nxt < len(toks) and _is_head(toks[nxt]):
                    office, end = _office_span(toks, nxt)
                    found.append(Mention(name, office, sentence, False, known_first))
                    k = end
                    continue
                k = j
                continue
        k += 1
    return found


def _refers_to(subject_start: str, mention: Mention) -> bool:
    """Whether a subject opens with this person's name or surname ("احمدی صدر گفت")."""
    name = strip_honorifics(mention.name).split()
    if _fold(name[0]) in {"سید", "سیده", "میر"}:
        name = name[1:]
    key = name_key(subject_start)
    if not name or not key:
        return False
    return key.startswith(name_key(" ".join(name))) or (len(name) > 1 and key.startswith(name_key(" ".join(name[1:]))))


def _office_only(sentence: str) -> str:
    """The office a sentence's subject is, when the subject is an office (``فرماندار قدس ادامه داد``)."""
    found = subject_of(sentence)
    if found is None:
        return ""
    toks = tokens(found[0])
    while toks and toks[0] in {"،", ","}:
        toks.pop(0)
    if toks and _is_head(toks[0]):
        return _office_span(toks, 0)[0]
    return ""


def find_speaker(title: str, kicker: str, paragraphs: list[str], known_people=()) -> tuple[Field, Field]:
    """(speaker, office) fields for an article's cleaned parts."""
    known_keys = frozenset(name_key(n) for n in known_people)
    story = [s for p in paragraphs for s in sentences(p)]
    speaker = None
    introduced = []  # people the story has introduced with their office so far
    for sentence in story:
        found = subject_of(sentence)
        if found:
            subject = found[0].lstrip("،, ")
            earlier = next((m for m in introduced if _refers_to(subject, m)), None)
            if earlier:
                speaker = Mention(earlier.name, earlier.office, sentence, earlier.known, earlier.first_name_known)
                break
            mention = read_subject(sentence, known_keys)
            if mention and mention.name:
                if not mention.office:
                    same = next((m for m in introduced if name_key(m.name) == name_key(mention.name)), None)
                    mention.office = same.office if same else ""
                speaker = mention
                break
        introduced.extend(appositions(sentence))
    # Offices the story gives its speaker: sentences whose subject is an office.
    headline = title[len(kicker):].strip() if kicker and title.startswith(kicker) else title
    office_sentences = [s for s in sentences(headline)] + story
    subject_offices = [(o, s) for s in office_sentences if (o := _office_only(s))]
    office = NOTHING
    if speaker and speaker.office:
        office = Field(clean_name(speaker.office), speaker.sentence, 0.85)
    elif subject_offices:
        best, sentence = max(subject_offices, key=lambda pair: len(pair[0].split()))
        office = Field(clean_name(best), sentence, 0.7)
    elif kicker:
        toks = tokens(kicker.rstrip("؛ "))
        if toks and _is_head(toks[0]):
            office = Field(clean_name(_office_span(toks, 0)[0]), kicker, 0.6)
    if speaker is None:
        return NOTHING, office
    name = clean_name(strip_honorifics(speaker.name))
    confidence = 0.95 if speaker.known else 0.85 if speaker.first_name_known else 0.55
    return Field(name, speaker.sentence, confidence), office

"""Raw agency text → title, kicker, lead and body paragraphs, with page furniture removed.

Pure functions, no Django. The input is text already decoded to ``str``.

Real uploads are text copied from agency pages: a ``date 2025-12-10`` header
glued to the first line, hard line breaks in mid-sentence (even blank lines in
mid-sentence), and page furniture after the story (``انتهای پیام/``, a date
line, ``کد خبر: 36338``, a comment form with a captcha).
"""

import re
from dataclasses import dataclass, field

from archive.persian import to_latin_digits, unshape

from .attribution import ATTRIBUTION_OPENING, PUBLISHER_ONLY
from .dates import DATE_HEADER, is_date_line

# Sentence-final punctuation: a block ending otherwise continues in the next block.
_TERMINAL = tuple(".!?؟…:»)\"'؛")
_REPORT_OPENING = re.compile(rf"^\s*{ATTRIBUTION_OPENING}")
_NEWS_CODE = re.compile(r"^\s*کد\s*خبر\s*[:：]?\s*([0-9۰-۹٠-٩]+)\s*$")
# After these lines nothing belongs to the story.
_STORY_END_LINES = (
    r"انتهای\s*پیام\s*/?",
    r"نظر\s*شما",
    r"ارسال\s*نظر",
    r"نظرات\s*کاربران",
    r"دیدگاه\s*شما",
    r"اخبار\s*مرتبط",
    r"برچسب[\u200c ]?ها\s*:?",
    r"کلید\s*واژه[\u200c ]?ها\s*:?",
)
# Single lines of furniture that can stand anywhere: a captcha sum, share buttons, messengers.
_MESSENGER = r"(?:تلگرام|واتساپ|توییتر|ایتا|بله|سروش|روبیکا)"
_FURNITURE_LINES = (
    r"[•·*]?\s*[0-9۰-۹]+\s*[+\-×*]\s*[0-9۰-۹]+\s*=\s*\S{0,3}",
    r"لینک\s*کوتاه.*",
    r"کپی\s*شد",
    r"اشتراک[\u200c ]?گذاری.*",
    r"چاپ\s*خبر",
    r"ذخیره",
    rf"{_MESSENGER}(?:\s*[|،,]\s*{_MESSENGER})*",
)
_END_OF_STORY, _FURNITURE_LINE = (
    re.compile(rf"^\s*(?:{'|'.join(lines)})\s*$") for lines in (_STORY_END_LINES, _FURNITURE_LINES)
)
_SPACE_CHARS = " \t\u00a0\u2009\u202f"  # the spaces agency copy uses between words
_SPACES = re.compile(f"[{_SPACE_CHARS}]+")
# CJK angle brackets that some copy uses for guillemets ("سرلشکر 《امیر حاتمی》فرمانده"): read as « ».
_GUILLEMET_LOOKALIKES = str.maketrans("《》〈〉", "«»«»")
# Furniture and end-of-story lines are short; a longer line is story (and is never matched against
# those patterns, whose leading and inner spaces would backtrack on a line of 50,000 spaces).
_SHORT_LINE = 200


@dataclass
class CleanedText:
    """The parts of a raw article. ``title`` is empty when the text opens with the story."""

    title: str = ""
    kicker: str = ""
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)
    news_code: str = ""
    trailer: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


# A ZWNJ typed beside a space ("ربیع‌ فلاح‌جلودار", "کابل‌ ...") joins nothing; it only hides the
# word from matching. (Beside punctuation it stays: quotes keep the text's spelling.)
_STRAY_ZWNJ = re.compile(f"\u200c+(?=[{_SPACE_CHARS}])|(?<=[{_SPACE_CHARS}])\u200c+")
# A run of ZWNJ inside a word ("حجت‌‌الاسلام") is one: the second joins nothing either.
_ZWNJ_RUN = re.compile("\u200c{2,}")


def _squash(text: str) -> str:
    # A soft hyphen, which some copy writes for ZWNJ (گفت­وگو), is one in the stored text.
    text = text.replace("\u00ad", "\u200c")
    return _SPACES.sub(" ", _ZWNJ_RUN.sub("\u200c", _STRAY_ZWNJ.sub("", text))).strip()


def _blocks(lines):
    """Group lines into blocks: a blank line ends a block, and so does a line that ends a sentence.

    Fars copy separates paragraphs with a single line break after a sentence end;
    the seeds wrap lines inside sentences (a wrapped line does not end a sentence).
    A text pasted with no blank line at all has its first line, the headline, as
    a block of its own.
    """
    filled = [line.strip() for line in lines]
    while filled and not filled[-1]:
        filled.pop()
    headline_alone = len(filled) >= 3 and all(filled) and len(filled[0]) <= 300
    block = []
    told = False  # a sentence has ended: the headline (often wrapped, never a full stop) is behind
    for index, line in enumerate(filled):
        if not line:
            if block:
                yield _squash(" ".join(block))
                block = []
            continue
        block.append(line)
        heading = told and len(block) == 1 and _is_heading(line)
        # a line that is only the publisher's opening ("خبرگزاري فارس :"): the lead goes on below
        ends = _ends_sentence(line) and not PUBLISHER_ONLY.match(" ".join(block))
        if ends or (index == 0 and headline_alone) or heading:
            yield _squash(" ".join(block))
            block = []
        told = told or line.endswith(_FULL_STOP)  # not a kicker's "؛" or a lead's ":"
    if block:
        yield _squash(" ".join(block))


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


_FULL_STOP = tuple(".!?؟…")
_HEADING_WORDS = 12  # a subheading is a short line ("سخنان رهبر ارکستر"), never a wrapped one
_HEADING_CHARS = 90


def _is_heading(text: str) -> bool:
    """A subheading inside the story: a short line that ends no sentence and leads into none (no
    comma, dash or colon at its end), after a sentence end. A wrapped line is long (the seeds wrap
    at ~290 characters), so a short unfinished line is a heading of its own, not half a sentence."""
    text = text.strip()
    return (
        0 < len(text) <= _HEADING_CHARS
        and len(text.lstrip("*•-–ـ ").split()) <= _HEADING_WORDS
        and not _ends_sentence(text)
        and text[-1] not in "،,-–ـ"
        and not _REPORT_OPENING.match(text)
    )


def _merge_broken(blocks):
    """Rejoin blocks that a hard line break split in mid-sentence."""
    merged = []
    for block in blocks:
        heading = len(merged) > 1 and _is_heading(merged[-1]) and _ends_sentence(merged[-2])
        if merged and not _ends_sentence(merged[-1]) and not heading:
            merged[-1] = f"{merged[-1]} {block}"
        else:
            merged.append(block)
    return merged


def _is_kicker(block: str) -> bool:
    return block.endswith("؛") and len(block.split()) <= 10


def _looks_like_headline(block: str) -> bool:
    return not _REPORT_OPENING.match(block) and len(block) <= 300


def clean_text(raw: str) -> CleanedText:
    """Split raw article text into its parts. ``raw`` itself is never modified."""
    result = CleanedText()
    text = (
        unshape(raw)
        .translate(_GUILLEMET_LOOKALIKES)
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .lstrip("\ufeff")
    )
    match = DATE_HEADER.match(text)
    if match:  # the date itself is read by dates.find_date from the raw text
        text = text[match.end() :]

    story_lines = []
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if len(line) <= _SHORT_LINE and _END_OF_STORY.match(line):
            result.trailer = [t.strip() for t in lines[index:] if t.strip()]
            break
        code = _NEWS_CODE.match(line)
        if code:
            result.news_code = to_latin_digits(code.group(1))
            continue
        if len(line) <= _SHORT_LINE and (_FURNITURE_LINE.match(line) or is_date_line(line)):
            continue
        story_lines.append(line)
    for line in result.trailer:
        code = _NEWS_CODE.match(line)
        if code and not result.news_code:
            result.news_code = to_latin_digits(code.group(1))

    blocks = list(_blocks(story_lines))
    if blocks and _is_kicker(blocks[0]) and len(blocks) > 1:
        result.kicker = blocks.pop(0)
    if blocks and _looks_like_headline(blocks[0]) and len(blocks) > 1:
        headline = blocks.pop(0)
        result.title = f"{result.kicker} {headline}" if result.kicker else headline
    elif result.kicker:
        result.title = result.kicker.rstrip("؛").strip()

    paragraphs = _merge_broken(blocks)
    report_at = next((i for i, p in enumerate(paragraphs) if _REPORT_OPENING.match(p)), None)
    if result.title and report_at == 1:
        result.lead = paragraphs.pop(0)
    result.paragraphs = paragraphs
    return result

"""Whose statement a story with no named speaker is: the institution that speaks in it.

Pure functions, no Django. An institution speaks through its public-relations office or website
(``به گزارش روابط عمومی فرمانداری قدس``, ``به نقل از پایگاه اطلاع‌رسانی پلیس``), or as the
subject of the story's first report (``ستاد تنظیم بازار استان اعلام کرد``, ``وزارت دادگستری
آمریکا در بیانیه‌ای مدعی شده``: an organisation the tagger reads at the subject's start). A story
with a named speaker has no institution: the speaker's office names it.
"""

import re

from archive.persian import clean_name, fold_letters_aligned, name_key

from . import ner
from .attribution import ATTRIBUTION_OPENING
from .fields import NOTHING, Field
from .speech import find_reports

# How sure the reading is (the reviewer is shown it below LOW_CONFIDENCE).
CONFIDENCE = {"spokesman": 0.7, "subject": 0.6}

# An institution's own channel: "روابط عمومی X", "پایگاه اطلاع‌رسانی X", "مرکز اطلاع‌رسانی X".
_CHANNEL = re.compile(
    r"^(?:اداره[\s\u200c]+کل[\s\u200c]+)?(?:روابط[\s\u200c]*عمومی|(?:پایگاه|مرکز|شورای)[\s\u200c]+اطلاع[\s\u200c]*رسانی"
    r"|ستاد[\s\u200c]+خبری|دفتر[\s\u200c]+رسانه[\s\u200c]*ای)"
    r"(?:[\s\u200c]+و[\s\u200c]+امور[\s\u200c]+بین[\s\u200c]*الملل)?[\s\u200c]+(?P<org>\S.*)$"
)
_ATTRIBUTION_PREFIX = re.compile(rf"^\s*{ATTRIBUTION_OPENING}[^،,:؛]{{1,160}}?[،,:؛]\s*")
_MAX_WORDS = 12  # an institution's name is never longer; a longer phrase ran on into the sentence


def _behind_channel(name: str) -> str | None:
    """``روابط عمومی فرمانداری قدس`` → ``فرمانداری قدس``; None when ``name`` is no such channel."""
    channel = _CHANNEL.match(fold_letters_aligned(name or "").strip())
    if not channel:
        return None
    org = name.strip()[channel.start("org") :].strip(" ،,.")
    return org if 0 < len(org.split()) <= _MAX_WORDS else None


def _tidy(name: str) -> str:
    """A name without guillemets or quotes left open by the tagger's cut (``سایت «الریاض``)."""
    if name.count("«") != name.count("»") or name.count('"') % 2:
        name = re.sub(r'[«»"]', "", name)
    return clean_name(name)


def find_institution(sources: list[str], story: list[str], publisher: str = "") -> Field:
    """The institution a speakerless story speaks for, from the sources its attribution gives
    (the agency as credited, the source quoted) and the subject of its first report; never the
    publisher itself (``خبرگزاری فارس: ...``)."""
    for source in sources:
        org = _behind_channel(source)
        if org:
            return Field(_tidy(org), source, CONFIDENCE["spokesman"])
    for sentence in story[:2]:
        reports = find_reports(sentence)
        if not reports:
            continue
        prefix = _ATTRIBUTION_PREFIX.match(sentence)
        begin = prefix.end() if prefix else 0
        if reports[0].start <= begin:
            continue
        subject = sentence[begin : reports[0].start]
        organisations = [
            e
            for e in ner.entities(subject, types=("ORG",))
            if not subject[: e.start].strip(' \u200c«"') and len(e.text.split()) <= _MAX_WORDS
        ]
        if organisations and name_key(organisations[0].text) not in name_key(publisher or "-"):
            org = organisations[0].text
            return Field(_tidy(_behind_channel(org) or org), sentence, CONFIDENCE["subject"])
        return NOTHING  # the first report's subject is no organisation, or the publisher
    return NOTHING

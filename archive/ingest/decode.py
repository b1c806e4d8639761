"""Bytes of an uploaded file → text, or a clear Persian reason why not.

Pure functions, no Django. Persian text files come as UTF-8 (with or without a
BOM), UTF-16 (Windows "Unicode"), Windows-1256 or ISO-8859-6. A byte-order mark
is trusted; otherwise strict UTF-8 is tried first (it almost never decodes
anything else by accident), and then charset-normalizer chooses among the
other encodings by how plausible the decoded text is. Whatever the encoding,
the result must look like Persian text: binary files, text in another script
and UTF-8 that was once misread as Windows-1252 ("Ø§Ù„...") are refused.
"""

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

# The encodings a Persian text file may really be in (charset-normalizer's names).
CANDIDATE_ENCODINGS = ["utf_8", "utf_16", "utf_16_le", "utf_16_be", "cp1256", "iso8859_6"]
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Leading bytes of formats people upload by mistake.
_SIGNATURES = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP یا Word/Excel"),
    (b"\xd0\xcf\x11\xe0", "Word/Excel قدیمی"),
    (b"{\\rtf", "RTF"),
    (b"\x89PNG", "تصویر PNG"),
    (b"\xff\xd8\xff", "تصویر JPEG"),
    (b"GIF8", "تصویر GIF"),
    (b"\x1f\x8b", "فشرده gzip"),
    (b"\x7fELF", "برنامهٔ اجرایی"),
    (b"MZ", "برنامهٔ اجرایی"),
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# UTF-8 Persian bytes read as Windows-1252/Latin-1: lead bytes D8/D9/DA/DB show as Ø Ù Ú Û.
_MOJIBAKE = re.compile(r"[ØÙÚÛ][\u0080-\u00ff\u0152-\u0178\u2018-\u203a]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DecodeError(ValueError):
    """The bytes are not a Persian text file; ``reason`` says why, in Persian."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, require_persian: bool = True) -> Decoded:
    """Decode an uploaded file, or raise :class:`DecodeError` with a Persian reason.

    ``require_persian=False`` is for containers (jsonl) whose text may be escaped.
    """
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise DecodeError("پرونده خالی است.")
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(f"این پرونده متن ساده نیست ({kind})؛ متن خبر را به صورت ‎.txt‎ بفرستید.")
    text, encoding = _decode_bytes(data)
    _check_text(text, require_persian)
    return Decoded(text=text, encoding=encoding)


def _decode_bytes(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise DecodeError(
                    "پرونده با نشانهٔ یونیکد آغاز می‌شود ولی محتوای آن با این کدگذاری خوانا نیست."
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    match = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if match is None:
        if b"\x00" in data:
            raise DecodeError("این پرونده متنی نیست (دادهٔ دودویی).")
        raise DecodeError(
            "کدگذاری پرونده شناخته نشد. پرونده را با کدگذاری UTF-8 (یا Windows-1256) ذخیره کنید."
        )
    return str(match), codecs.lookup(match.encoding).name


def _check_text(text: str, require_persian: bool = True) -> None:
    sample = text[:20000]
    if _CONTROL.search(sample) and len(_CONTROL.findall(sample)) > max(3, len(sample) // 200):
        raise DecodeError("این پرونده متنی نیست (دادهٔ دودویی).")
    if not require_persian:
        return
    persian = len(_ARABIC_LETTER.findall(sample))
    if persian == 0:
        if len(_MOJIBAKE.findall(sample)) >= 3:
            raise DecodeError(
                "متن پرونده درهم است: متن UTF-8 یک بار با کدگذاری نادرست خوانده و دوباره ذخیره شده است. "
                "نسخهٔ اصلی متن را بفرستید."
            )
        if _LATIN_LETTER.search(sample):
            raise DecodeError("در این پرونده متن فارسی یافت نشد.")
        raise DecodeError("در این پرونده متن فارسی یافت نشد؛ شاید کدگذاری آن نادرست است.")
    if text.count("\ufffd") > max(3, persian // 100):
        raise DecodeError("بخشی از متن پرونده خوانا نیست (نویسه‌های نامعتبر).")

"""Uploaded files → one item per article, each decoded or refused with a Persian reason.

Pure functions, no Django. Accepts ``.txt`` files, ``.zip`` archives of them and
``.jsonl`` files (one article per line: ``title, lead, text, date, url, agency``,
as in ``../shared/data/``). A bad file, a bad zip member or a bad jsonl line
becomes one failed item; the others go on.
"""

import io
import json
import posixpath
import zipfile
from dataclasses import dataclass, field

from .decode import DecodeError, decode

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_FILES = 500
# What a jsonl line may give besides the text; other keys are ignored.
JSONL_FIELDS = ("title", "lead", "date", "url", "agency")
_AGENCY_SLUGS = {
    "borna": "برنا",
    "hamshahri_online": "همشهری آنلاین",
    "khabaronline": "خبرآنلاین",
    "tasnim": "خبرگزاری تسنیم",
    "fars": "خبرگزاری فارس",
    "farsnews": "خبرگزاری فارس",
    "irna": "ایرنا",
    "isna": "ایسنا",
    "ilna": "ایلنا",
    "mehr": "خبرگزاری مهر",
    "fars news": "خبرگزاری فارس",
}


@dataclass
class Item:
    """One article to import, or the reason it cannot be."""

    name: str
    text: str | None = None
    given: dict = field(default_factory=dict)
    error: str | None = None
    encoding: str = ""

    @property
    def ok(self):
        return self.error is None


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES  # per file (and per zip member, uncompressed)
    max_files: int = DEFAULT_MAX_FILES  # articles per upload


def _size(n):
    return f"{n / 1024 / 1024:.1f} مگابایت" if n >= 1024 * 1024 else f"{max(1, n // 1024)} کیلوبایت"


def unpack(name: str, data: bytes, limits: Limits = Limits()) -> list[Item]:
    """Items from one uploaded file (its name decides how it is read)."""
    lower = name.lower()
    if lower.endswith(".zip") or (data[:4] == b"PK\x03\x04" and not lower.endswith((".txt", ".jsonl"))):
        return _unpack_zip(name, data, limits)
    if len(data) > limits.max_bytes:
        return [
            Item(
                name,
                error=f"پرونده بزرگ‌تر از حد مجاز است ({_size(len(data))}؛ حداکثر {_size(limits.max_bytes)}).",
            )
        ]
    if lower.endswith(".jsonl"):
        return _unpack_jsonl(name, data, limits)
    return [_text_item(name, data)]


def unpack_text(name: str, text: str) -> Item:
    """An article pasted into the upload form."""
    if not text or not text.strip():
        return Item(name, error="متنی وارد نشده است.")
    try:
        decode(text.encode("utf-8"))
    except DecodeError as error:
        return Item(name, error=error.reason)
    return Item(name, text=text, encoding="utf-8")


def _text_item(name, data):
    try:
        decoded = decode(data)
    except DecodeError as error:
        return Item(name, error=error.reason)
    return Item(name, text=decoded.text, encoding=decoded.encoding)


def _unsafe_member(member: str) -> bool:
    path = member.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return True
    return ".." in posixpath.normpath(path).split("/") or ".." in path.split("/")


def _zip_entries(archive, name, limits):
    """``(label, member, refusal)`` for each file of a zip, judged from its directory alone (nothing
    unpacked)."""
    for member in archive.infolist():
        if member.is_dir():
            continue
        label = f"{name}/{member.filename}"
        base = posixpath.basename(member.filename.replace("\\", "/"))
        if _unsafe_member(member.filename):
            yield label, member, "مسیر این پرونده در zip نامعتبر است (مسیر مطلق یا ‎../‎)؛ کنار گذاشته شد."
        elif base.startswith(".") or member.filename.startswith("__MACOSX/"):
            continue  # system files some zip tools add
        elif base.lower().endswith(".zip"):
            yield label, member, "zip درون zip پذیرفته نمی‌شود؛ پرونده‌های درون آن را جداگانه بفرستید."
        elif member.flag_bits & 0x1:
            yield label, member, "این پرونده در zip رمزدار است."
        elif member.file_size > limits.max_bytes:
            yield (
                label,
                member,
                f"پرونده بزرگ‌تر از حد مجاز است ({_size(member.file_size)}؛ "
                f"حداکثر {_size(limits.max_bytes)}).",
            )
        else:
            yield label, member, None


def _unpack_zip(name, data, limits):
    return list(_iter_zip(name, io.BytesIO(data), limits, Budget()))


@dataclass
class Budget:
    """What one upload may still read, across all its files: uncompressed bytes (zip headers may lie, so
    the bytes really read are counted) and articles."""

    max_bytes: int = 2**62
    max_items: int = 2**62
    bytes_read: int = 0
    items: int = 0

    def read(self, n: int) -> bool:
        self.bytes_read += n
        return self.bytes_read <= self.max_bytes


def count_items(name: str, fileobj) -> int:
    """How many articles a file will give, from a zip's directory or a jsonl's line count, unpacking nothing
    (an upload's item limit is checked on this before any article is read)."""
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    lower = name.lower()
    if lower.endswith(".zip") or (head == b"PK\x03\x04" and not lower.endswith((".txt", ".jsonl"))):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                return sum(
                    1
                    for _label, _member, refusal in _zip_entries(archive, name, Limits(2**62))
                    if refusal is None
                )
        except (zipfile.BadZipFile, ValueError, OSError):
            return 1
        finally:
            fileobj.seek(0)
    if lower.endswith(".jsonl"):
        lines = sum(1 for line in iter(lambda: fileobj.readline(), b"") if line.strip())
        fileobj.seek(0)
        return lines
    return 1


def iter_unpack(name: str, fileobj, size: int, limits: Limits, budget: Budget):
    """Items of one uploaded file, one at a time, reading no more than the limits allow.

    Unlike :func:`unpack`, nothing is held beyond the item being yielded: a zip
    is read member by member from ``fileobj`` (at most ``limits.max_bytes`` of
    each), and once ``budget`` is spent the rest of the upload is not read at
    all (one failed item says so). ``size`` is the file's real size, so a
    file too large is reported with its own size, not the part that was read.
    """
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    lower = name.lower()
    if lower.endswith(".zip") or (head == b"PK\x03\x04" and not lower.endswith((".txt", ".jsonl"))):
        yield from _iter_zip(name, fileobj, limits, budget)
        return
    if size > limits.max_bytes:
        yield Item(
            name, error=f"پرونده بزرگ‌تر از حد مجاز است ({_size(size)}؛ حداکثر {_size(limits.max_bytes)})."
        )
        return
    data = fileobj.read(limits.max_bytes + 1)
    if not budget.read(len(data)):
        yield _over_budget(name, budget)
        return
    yield from unpack(name, data, limits)


def _over_budget(name, budget):
    return Item(
        name,
        error=f"حجم کل این بارگذاری از حد مجاز ({_size(budget.max_bytes)} پس از باز کردن) "
        "بیشتر شد؛ این پرونده و پرونده‌های پس از آن خوانده نشدند.",
    )


def _iter_zip(name, fileobj, limits, budget):
    try:
        archive = zipfile.ZipFile(fileobj)
        entries = list(_zip_entries(archive, name, limits))
    except (zipfile.BadZipFile, ValueError, OSError):
        yield Item(name, error="پروندهٔ zip خراب است یا zip نیست.")
        return
    with archive:
        readable = [(label, member) for label, member, refusal in entries if refusal is None]
        if len(readable) > limits.max_files:
            yield Item(
                name,
                error=f"این zip {len(readable)} پرونده دارد؛ حداکثر {limits.max_files} پرونده "
                "در هر بارگذاری پذیرفته می‌شود.",
            )
            return
        declared = sum(member.file_size for _label, member in readable)
        if budget.bytes_read + declared > budget.max_bytes:
            yield Item(
                name,
                error=f"این zip پس از باز کردن {_size(declared)} است؛ حداکثر {_size(budget.max_bytes)} "
                "در هر بارگذاری پذیرفته می‌شود.",
            )
            return
        if not entries:
            yield Item(name, error="پروندهٔ zip خالی است.")
            return
        for label, _member, refusal in entries:
            if refusal is not None:
                yield Item(label, error=refusal)
        for label, member in readable:
            try:
                # Read at most the limit, whatever the header claims (zip bombs lie).
                with archive.open(member) as handle:
                    data = handle.read(limits.max_bytes + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
                yield Item(label, error="این پرونده در zip خوانا نیست.")
                continue
            if not budget.read(len(data)):
                yield _over_budget(label, budget)
                return
            if len(data) > limits.max_bytes:
                yield Item(label, error=f"پرونده بزرگ‌تر از حد مجاز است (حداکثر {_size(limits.max_bytes)}).")
            elif label.lower().endswith(".jsonl"):
                yield from _unpack_jsonl(label, data, limits)
            else:
                yield _text_item(label, data)
            del data


def _unpack_jsonl(name, data, limits):
    try:
        text = decode(data, require_persian=False).text
    except DecodeError as error:
        return [Item(name, error=error.reason)]
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(lines) > limits.max_files:
        return [
            Item(
                name,
                error=f"این پرونده {len(lines)} سطر دارد؛ حداکثر {limits.max_files} خبر "
                "در هر بارگذاری پذیرفته می‌شود.",
            )
        ]
    items = []
    for number, line in lines:
        label = f"{name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            items.append(Item(label, error="این سطر JSON معتبر نیست."))
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            items.append(Item(label, error="این سطر فیلد «text» با متن خبر ندارد."))
            continue
        given = {key: str(row[key]).strip() for key in JSONL_FIELDS if row.get(key) not in (None, "")}
        if "date" not in given and row.get("date_jalali_from_url"):
            given["date"] = str(row["date_jalali_from_url"]).strip()
        source = row.get("source")
        if "agency" not in given and isinstance(source, str) and source.strip():
            given["agency"] = _AGENCY_SLUGS.get(source.strip().lower(), source.strip())
        elif given.get("agency", "").lower() in _AGENCY_SLUGS:
            given["agency"] = _AGENCY_SLUGS[given["agency"].lower()]
        body = row["text"]
        if given.get("lead") and given["lead"] not in body:
            body = f"{given['lead']}\n\n{body}"
        raw = f"{given['title']}\n\n{body}" if given.get("title") else body
        item = unpack_text(label, raw)
        item.given = given
        items.append(item)
    return items

"""Read stored statements again from their raw text with the current extractor.

    manage.py reextract --all [--dry-run]
    manage.py reextract 12 40 41 [--dry-run]

For each statement the fields the extractor fills (speaker, office in its
canonical form, the office's wording in the text, place, date, agency, quote,
lead and body paragraphs) are compared with what is stored, and every
difference is printed (old → new). Without ``--dry-run`` the differences are
saved, one transaction per statement, through ``Article.save()``, so the
search index follows through its queue (drained once at the end); the stored
``extraction`` record is replaced by the new one. A field an editor corrected
by hand (``Article.edited_fields``) is never overwritten: the command prints
that it was kept.

What the original upload gave besides the text:

- ``source_url`` is passed as the given ``url`` for every statement (it only
  ever came from a structured upload, and the extractor copies it through).
- A statement from a structured upload (``source_name`` like
  ``file.jsonl:12``) gets its title, date and agency back from the stored
  ``extraction`` record, where a given value was kept as evidence with
  confidence 1 (the title falls back to the stored title), and its stored lead
  as the given lead: a jsonl line's lead and title are the agency's own, and
  the extractor must read the rest of the text the way it did at upload.
- The title is never re-extracted: it is what pages and permalinks show, and
  an upload's title is the agency's headline.

Statements in which the extractor now finds no lead and no body are left as
they are (an upload would refuse them too).
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive import importing
from archive.ingest.fields import ParsedArticle
from archive.jalali import format_jalali
from archive.models import Agency, Article, Person
from archive.persian import strip_bidi_controls
from archive.search.queue import deferred_drain

# (field, Persian label), in the order differences are printed.
FIELDS = [
    ("speaker", "گوینده"),
    ("office", "سمت"),
    ("office_text", "سمت در متن"),
    ("place", "مکان"),
    ("date", "تاریخ"),
    ("agency", "منبع خبر"),
    ("quote", "نقل‌قول"),
    ("institution", "نهاد"),
    ("lead", "لید"),
    ("body", "متن"),
]
LABELS = dict(FIELDS)
# An editor's correction of the first field also keeps the second: the wording belongs to the office
# as corrected, the quote to the speaker as corrected.
TIED = [("office", "office_text"), ("speaker", "quote"), ("speaker", "institution")]
_STRUCTURED = re.compile(r"\.jsonl:\d+$")
_EMPTY = "—"


def given_for(article: Article) -> dict:
    """What the statement's upload gave besides its text, recovered from what is stored (see the module
    doc)."""
    given = {"url": article.source_url} if article.source_url else {}
    if not _STRUCTURED.search(article.source_name or ""):
        return given
    record = article.extraction or {}

    def stated(name):
        field = record.get(name) or {}
        return field if field.get("confidence") == 1.0 else {}

    given["title"] = stated("title").get("evidence") or article.title
    if stated("date").get("evidence"):
        given["date"] = stated("date")["evidence"]
    if stated("agency").get("evidence") == "agency" and stated("agency").get("value"):
        given["agency"] = stated("agency")["value"]
    if article.lead:
        given["lead"] = article.lead
    return given


@dataclass
class Proposal:
    """One field's stored and re-extracted values: ``new`` is a record, a name to create, or a plain value."""

    field: str
    old: object
    new: object
    new_name: str = ""  # for a record that does not exist yet

    @property
    def creates(self):
        return bool(self.new_name)


def _paragraphs(body: str) -> list[str]:
    return [line.strip() for line in (body or "").split("\n") if line.strip()]


def _show(value) -> str:
    if value is None or value == "":
        return _EMPTY
    if hasattr(value, "isoformat"):
        return f"{format_jalali(value)} ({value.isoformat()})"
    text = str(value)
    return text if len(text) <= 90 else text[:89] + "…"


class Command(BaseCommand):
    help = (
        "خواندن دوبارهٔ بیانیه‌های ذخیره‌شده از متن خامشان با استخراج‌گر کنونی: "
        "reextract --all یا reextract <شناسه>... ؛ با --dry-run فقط تغییرها را نشان می‌دهد. "
        "فیلدهایی که ویراستار دستی اصلاح کرده هرگز بازنویسی نمی‌شوند. عنوان دوباره استخراج نمی‌شود؛ "
        "برای خبرهای jsonl عنوان، تاریخ، منبع و لیدِ داده‌شده از رکورد استخراجِ ذخیره‌شده بازیابی می‌شود "
        "و نشانی منبع همیشه همان نشانی ذخیره‌شده است."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="شناسهٔ بیانیه‌ها")
        parser.add_argument("--all", action="store_true", dest="everything", help="همهٔ بیانیه‌ها")
        parser.add_argument(
            "--dry-run", action="store_true", help="فقط نشان بده چه تغییر می‌کند؛ چیزی ذخیره نکن"
        )

    def handle(self, *args, ids, everything, dry_run, **options):
        if bool(ids) == everything:
            raise CommandError(
                "یا --all بدهید یا شناسهٔ بیانیه‌ها را (نه هر دو)؛ مثلاً: manage.py reextract --all --dry-run",
                returncode=2,
            )
        articles = Article.objects.select_related("speaker", "office", "place", "agency").order_by("pk")
        if ids:
            articles = articles.filter(pk__in=ids)
            missing = sorted(set(ids) - set(articles.values_list("pk", flat=True)))
            if missing:
                self.stderr.write("این شناسه‌ها یافت نشدند: " + "، ".join(map(str, missing)))
        self.ctx = importing.Context()  # once: the gazetteer and name lists are the costly part
        self.dry_run = dry_run
        read = changed = 0
        per_field, kept = Counter(), Counter()
        with deferred_drain():
            # The ids first: each statement is read and saved on its own, never while a cursor
            # over the table is open (SQLite leaves such reads undefined).
            for pk in list(articles.values_list("pk", flat=True)):
                article = articles.get(pk=pk)
                read += 1
                fields, kept_fields = self._one(article)
                if fields:
                    changed += 1
                per_field.update(fields)
                kept.update(kept_fields)
        verb = "تغییر می‌کرد" if dry_run else "تغییر کرد"
        self.stdout.write(f"\nخوانده شد: {read} بیانیه؛ {verb}: {changed} بیانیه.")
        for name, label in FIELDS:
            if per_field[name] or kept[name]:
                note = f" (در {kept[name]} بیانیه نگه داشته شد: اصلاح دستی)" if kept[name] else ""
                self.stdout.write(f"  {label} ({name}): {per_field[name]}{note}")
        if dry_run:
            self.stdout.write("اجرای آزمایشی: چیزی ذخیره نشد.")

    # One statement

    def _one(self, article: Article):
        """Print and (unless dry-run) apply one statement's differences; returns (changed fields, kept
        fields)."""
        parsed = self.ctx.parse(article.raw_text, given_for(article))
        if not parsed.body.strip() and not parsed.lead.strip():
            self.stdout.write(f"#{article.pk}: استخراج‌گر بدنه‌ای نیافت؛ دست نخورد.")
            return [], []
        proposals = [p for p in self._proposals(article, parsed) if not self._same(p)]
        edited = set(article.edited_fields or [])
        # Fields that go together: a corrected office keeps its wording, a corrected speaker the quote.
        edited |= {partner for field, partner in TIED if field in edited}
        apply = [p for p in proposals if p.field not in edited]
        kept = [p for p in proposals if p.field in edited]
        if proposals:
            self.stdout.write(f"#{article.pk} «{_show(article.title)}»")
            for p in proposals:
                self._print(p, kept=p in kept)
        record = importing.extraction_record(parsed)
        if not self.dry_run:
            with transaction.atomic():
                if apply:
                    for p in apply:
                        setattr(article, p.field, self._resolve(p, parsed))
                    article.extraction = record
                    article.save()  # queues the index task in this transaction
                elif record != article.extraction:
                    # Only the stored extraction changed: nothing a page or the index shows.
                    Article.objects.filter(pk=article.pk).update(extraction=record)
        return [p.field for p in apply], [p.field for p in kept]

    def _proposals(self, article, parsed: ParsedArticle):
        speaker_name = parsed.speaker.value or ""
        speaker = Person.objects.matching(speaker_name).first() if speaker_name else None
        office, canonical = importing.find_office(parsed, self.ctx)
        agency_name = parsed.agency.value or ""
        agency_pk = self.ctx.agencies.get(importing.agency_key(agency_name)) if agency_name else None
        agency = Agency.objects.filter(pk=agency_pk).first() if agency_pk else None
        place = importing.stored_place(parsed, create=False)
        place_name = parsed.place.value.name if parsed.place.found and place is None else ""
        return [
            Proposal(
                "speaker", article.speaker, speaker, "" if speaker or not speaker_name else speaker_name
            ),
            Proposal("office", article.office, office, "" if office or not canonical else canonical),
            Proposal("office_text", article.office_text, (parsed.office.value or "")[:500]),
            Proposal("place", article.place, place, place_name),
            Proposal("date", article.date, parsed.date.value),
            Proposal("agency", article.agency, agency, "" if agency or not agency_name else agency_name),
            Proposal("quote", article.quote, parsed.quote.value or ""),
            Proposal("institution", article.institution, (parsed.institution.value or "")[:300]),
            Proposal("lead", article.lead, parsed.lead),
            Proposal("body", article.body, parsed.body),
        ]

    @staticmethod
    def _same(p: Proposal) -> bool:
        if p.creates:
            return False
        if p.field in ("speaker", "office", "place", "agency"):
            return getattr(p.old, "pk", None) == getattr(p.new, "pk", None)
        # Compared as they would be stored (Article.save drops bidi controls), so a statement
        # does not count as changed run after run.
        new = strip_bidi_controls(p.new) if isinstance(p.new, str) else p.new
        if p.field == "body":
            return _paragraphs(p.old) == _paragraphs(new)
        if isinstance(p.old, str):
            return p.old.strip() == (new or "").strip()
        return p.old == new

    def _resolve(self, p: Proposal, parsed: ParsedArticle):
        """The value to store: records that do not exist yet are created as an upload would create them."""
        if p.field == "speaker" and p.creates:
            return importing._person(p.new_name, self.ctx)
        if p.field == "office" and p.creates:
            return importing._office(parsed, self.ctx)
        if p.field == "agency" and p.creates:
            return importing._agency(p.new_name, self.ctx)
        if p.field == "place" and p.creates:
            return importing.stored_place(parsed)
        return p.new

    def _print(self, p: Proposal, kept: bool):
        label = LABELS[p.field]
        if p.field == "body":
            old, new = _paragraphs(p.old), _paragraphs(p.new)
            self.stdout.write(
                f"  {label}: {len(old)} بند → {len(new)} بند" + (self._kept_note() if kept else "")
            )
            lines = []
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
                if tag != "equal":
                    lines += [f"    - {_show(s)}" for s in old[i1:i2]] + [
                        f"    + {_show(s)}" for s in new[j1:j2]
                    ]
            for line in lines[:8]:
                self.stdout.write(line)
            if len(lines) > 8:
                self.stdout.write(f"    … و {len(lines) - 8} سطر دیگر")
            return
        new = p.new_name + " (تازه)" if p.creates else p.new
        self.stdout.write(f"  {label}: {_show(p.old)} → {_show(new)}" + (self._kept_note() if kept else ""))

    @staticmethod
    def _kept_note():
        return "  [نگه داشته شد: ویراستار دستی اصلاح کرده است]"

"""Rebuild ``fixtures/seeds.json`` from the five raw seed articles and their golden files.

What each seed states is checked in once, as the expected output of
``manage.py extract FILE --json`` in ``tests/data/golden/<seed>.json`` (the
golden-file test compares the extractor against them). This command reads the
same files: each statement's speaker, office (the canonical form the record
links to, and the text's wording as ``office_text``), quote, date, agency and
title come from its golden file; lead, body and attribution from the cleaned
text. The extractor is run once more only to find the gazetteer entry of the
golden place, and the command refuses to build when its output no longer
agrees with a golden file. Records are created inside a transaction that is
rolled back, serialised with natural keys so the fixture loads idempotently,
and the database is left as it was.
"""

import json
from pathlib import Path

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.importing import Context, extraction_record
from archive.models import Agency, Article, Office, Person, PersonAlias, Place

GOLDEN = Path(__file__).resolve().parents[3] / "tests" / "data" / "golden"
ALIASES = {"وحید گلی کانی": ["وحید گلی‌کانی"]}


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "ساخت دوبارهٔ fixtures/seeds.json از پنج متن خام نمونه"

    def add_arguments(self, parser):
        parser.add_argument("--seeds", default="../shared/seeds", help="folder of the raw seed files")
        parser.add_argument("--output", default="fixtures/seeds.json")

    def handle(self, *args, seeds, output, **options):
        folder = Path(seeds)
        golden = {
            p.name.replace(".json", ".txt"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(GOLDEN.glob("*.json"))
        }
        if not golden:
            raise CommandError(f"no golden files in {GOLDEN}")
        missing = [name for name in golden if not (folder / name).exists()]
        if missing:
            raise CommandError(f"seed files not found in {folder}: {', '.join(missing)}")
        payload = None
        try:
            with transaction.atomic():
                if not Place.objects.exists():
                    call_command("load_gazetteer", stdout=self.stdout)
                ctx = Context()
                ctx.people = []  # what the texts say, not what the database already knows
                articles = [self._create(folder / name, expected, ctx) for name, expected in golden.items()]
                objects = [
                    *Person.objects.filter(articles__in=articles).distinct(),
                    *PersonAlias.objects.filter(person__articles__in=articles).distinct(),
                    *Office.objects.filter(articles__in=articles).distinct(),
                    *Agency.objects.filter(bureaus__articles__in=articles).distinct(),
                    *Agency.objects.filter(articles__in=articles).distinct(),
                    *articles,
                ]
                payload = serializers.serialize(
                    "json",
                    objects,
                    indent=1,
                    ensure_ascii=False,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                )
                raise _Rollback
        except _Rollback:
            pass
        Path(output).write_text(payload + "\n", encoding="utf-8")
        self.stdout.write(f"wrote {output} ({len(golden)} articles)")

    def _create(self, path, expected, ctx):
        raw = path.read_text(encoding="utf-8")
        parsed = ctx.parse(raw)
        found = {name: field["value"] for name, field in extraction_record(parsed).items()}
        wanted = {name: field["value"] for name, field in expected.items()}
        if found != wanted:
            changed = ", ".join(sorted(k for k in wanted if found.get(k) != wanted[k]))
            raise CommandError(
                f"{path.name}: extraction no longer matches its golden file ({changed}); "
                "run UPDATE_GOLDEN=1 pytest tests/test_golden.py and review the diff"
            )
        value = wanted.get
        speaker = None
        if value("speaker"):
            speaker, _ = Person.objects.get_or_create(name=value("speaker"))
            for alias in ALIASES.get(value("speaker"), []):
                PersonAlias.objects.get_or_create(person=speaker, name=alias)
        office = None
        if value("office_canonical"):
            office = Office.objects.matching(value("office_canonical")).first() or Office.objects.create(
                name=value("office_canonical")
            )
        agency = None
        if value("agency"):
            name = value("agency")
            parent = (
                Agency.objects.get_or_create(name=name.split("،", 1)[0].strip())[0] if "،" in name else None
            )
            agency, _ = Agency.objects.get_or_create(name=name, defaults={"parent": parent})
        place = Place.objects.get(pk=parsed.place.value.id) if parsed.place.found else None
        return Article.objects.create(
            title=value("title"),
            lead=parsed.lead,
            body=parsed.body,
            raw_text=raw,
            date=parsed.date.value,
            speaker=speaker,
            office=office,
            office_text=value("office") or "",
            quote=value("quote") or "",
            place=place,
            agency=agency,
            attribution=parsed.attribution,
            news_code=parsed.news_code,
            extraction=extraction_record(parsed),
            source_name=path.name,
            status=Article.Status.PUBLISHED,
        )

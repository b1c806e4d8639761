"""Rebuild ``fixtures/seeds.json`` from the five raw seed articles.

The raw text is cleaned by :mod:`archive.ingest.clean` (title, lead, body,
first quote); the metadata comes from the hand-checked table below (what the
text does not say stays empty). ``office`` is the canonical office (the
record pages link to); ``office_text`` the office as the text words it, when
it differs (otherwise the same). Records are created inside a transaction that is rolled
back, serialised with natural keys so the fixture loads idempotently, and the
database is left as it was.
"""

import datetime
from pathlib import Path

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from archive.ingest.clean import clean_text, first_quote
from archive.models import Agency, Article, Office, Person, PersonAlias, Place

# seed file -> metadata, as checked by hand against the text.
SEEDS = {
    "000_dda32cc4e8cac813.txt": {
        "speaker": "علیرضا خامسیان",
        "office": "معاون ارتباطات و اطلاع‌رسانی دفتر معاون اول رئیس‌جمهور",
        "office_text": "معاون ارتباطات و اطلاعرسانی دفتر معاون اول رئیس جمهور",  # the text lost its ZWNJs
        "place": ("city", "2501031114"),  # قم
        "date": datetime.date(2025, 12, 10),
        "agency": ("خبرگزاری صدا و سیما، مرکز قم", "خبرگزاری صدا و سیما"),
        "attribution": "به گزارش خبرگزاری صدا و سیما؛ مرکز قم",
    },
    "001_c677e14738827504.txt": {
        "speaker": "سید ستار هاشمی",
        "office": "وزیر ارتباطات و فناوری اطلاعات",
        "place": None,
        "date": datetime.date(2025, 11, 15),
        "agency": ("ایلنا", None),
        "attribution": "به گزارش خبرنگار ایلنا",
    },
    "002_841124f23b16fdb9.txt": {
        "speaker": "وحید گلی کانی",
        "office": "فرماندار قدس",  # canonical: شهرستان is the jurisdiction's kind, not the office's name
        "office_text": "فرماندار شهرستان قدس",
        "place": ("county", "2316"),  # قدس, استان تهران
        "date": None,
        "agency": ("روابط عمومی فرمانداری شهرستان قدس", None),
        "attribution": "به گزارش روابط عمومی فرمانداری شهرستان قدس",
    },
    "003_991af6a2a98b924c.txt": {
        "speaker": "احمد احمدی صدر",
        "office": "مدیرعامل سازمان خدمات و مشارکت‌های اجتماعی شهرداری تهران",
        "office_text": "مدیرعامل سازمان خدمات و مشارکتهای اجتماعی شهرداری تهران",
        "place": ("city", "2301021576"),  # تهران
        "date": datetime.date(2023, 5, 17),
        "agency": ("شهر", None),
        "attribution": "به گزارش شهر به نقل از روابط عمومی سازمان خدمات و مشارکتهای اجتماعی شهرداری تهران",
    },
    "004_8da0ca60b4a358ef.txt": {
        "speaker": "وحید گلی کانی",
        "office": "رئیس حوزه انتخابیه قدس",  # as archive.ingest.offices.canonical_office gives it
        "office_text": "فرماندار و رئیس حوزه انتخابیه قدس",
        "place": ("county", "2316"),
        "date": None,
        "agency": ("کمیته اطلاع‌رسانی ستاد انتخابات شهرستان قدس", None),
        "attribution": "به گزارش کمیته اطلاع رسانی ستاد انتخابات شهرستان قدس",
    },
}
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
        missing = [name for name in SEEDS if not (folder / name).exists()]
        if missing:
            raise CommandError(f"seed files not found in {folder}: {', '.join(missing)}")
        payload = None
        try:
            with transaction.atomic():
                if not Place.objects.exists():
                    call_command("load_gazetteer", stdout=self.stdout)
                articles = [self._create(folder / name, meta) for name, meta in SEEDS.items()]
                objects = [
                    *Person.objects.filter(articles__in=articles).distinct(),
                    *PersonAlias.objects.filter(person__articles__in=articles).distinct(),
                    *Office.objects.filter(articles__in=articles).distinct(),
                    *Agency.objects.filter(bureaus__articles__in=articles).distinct(),
                    *Agency.objects.filter(articles__in=articles).distinct(),
                    *articles,
                ]
                payload = serializers.serialize(
                    "json", objects, indent=1, ensure_ascii=False,
                    use_natural_foreign_keys=True, use_natural_primary_keys=True,
                )
                raise _Rollback
        except _Rollback:
            pass
        Path(output).write_text(payload + "\n", encoding="utf-8")
        self.stdout.write(f"wrote {output} ({len(SEEDS)} articles)")

    def _create(self, path, meta):
        raw = path.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        speaker, _ = Person.objects.get_or_create(name=meta["speaker"])
        for alias in ALIASES.get(meta["speaker"], []):
            PersonAlias.objects.get_or_create(person=speaker, name=alias)
        office = Office.objects.matching(meta["office"]).first() or Office.objects.create(name=meta["office"])
        agency_name, parent_name = meta["agency"]
        parent = Agency.objects.get_or_create(name=parent_name)[0] if parent_name else None
        agency, _ = Agency.objects.get_or_create(name=agency_name, defaults={"parent": parent})
        place = Place.objects.get(kind=meta["place"][0], code=meta["place"][1]) if meta["place"] else None
        # A story with no headline is titled the way agencies title it: speaker: first quote.
        title = cleaned.title or f"{speaker.name}: {first_quote(cleaned.paragraphs)}"
        quote = first_quote(([cleaned.lead] if cleaned.lead else []) + cleaned.paragraphs) or ""
        return Article.objects.create(
            title=title, lead=cleaned.lead, body=cleaned.body, raw_text=raw,
            date=meta["date"], speaker=speaker, office=office, office_text=meta.get("office_text", meta["office"]),
            quote=quote, place=place, agency=agency,
            attribution=meta["attribution"], news_code=cleaned.news_code,
            status=Article.Status.PUBLISHED,
        )

"""Load Iran's provinces, counties and cities from the django-iranian-cities lists.

The package ships the official divisions (with codes) as CSV files; this
command reads the province, county and city lists into :class:`archive.models.Place`
with their hierarchy. It is idempotent: places are keyed on (kind, code) and
re-running updates names without touching statements that point to them.
"""

import csv
from pathlib import Path

import iranian_cities.data
from django.core.management.base import BaseCommand
from django.db import transaction

from archive.ingest.offices import standard_place_name
from archive.models import Place, persian_slug

DATA_DIR = Path(iranian_cities.data.__file__).parent


def read_rows(name):
    with open(DATA_DIR / f"{name}.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Command(BaseCommand):
    help = "بارگذاری استان‌ها، شهرستان‌ها و شهرهای ایران از فهرست رسمی بستهٔ django-iranian-cities"

    @transaction.atomic
    def handle(self, *args, **options):
        provinces = read_rows("province")
        counties = read_rows("county")
        cities = read_rows("city")
        existing = {(p.kind, p.code): p for p in Place.objects.all()}
        taken_slugs = {p.slug for p in existing.values()}
        counts = {"created": 0, "updated": 0}

        def upsert(kind, code, name, parent, province, qualifier):
            place = existing.get((kind, code))
            name = standard_place_name(name)
            if place is None:
                label = Place.Kind(kind).label
                base = persian_slug(f"{label} {name}")
                slug = base
                if slug in taken_slugs:
                    slug = persian_slug(f"{label} {name} {qualifier}")
                if slug in taken_slugs:
                    slug = f"{slug}-{code}"
                taken_slugs.add(slug)
                place = Place(kind=kind, code=code, slug=slug)
                counts["created"] += 1
            elif place.name == name and place.parent == parent:
                return place
            else:
                counts["updated"] += 1
            place.name, place.parent, place.province = name, parent, province
            place.save()
            if kind == Place.Kind.PROVINCE and place.province_id != place.pk:
                place.province = place
                place.save(update_fields=["province"])
            existing[(kind, code)] = place
            return place

        by_province_id, by_county_id = {}, {}
        for row in provinces:
            by_province_id[row["id"]] = upsert(Place.Kind.PROVINCE, row["code"], row["name"], None, None, "")
        for row in counties:
            province = by_province_id[row["province"]]
            by_county_id[row["id"]] = upsert(
                Place.Kind.COUNTY, row["code"], row["name"], province, province, province.name
            )
        for row in cities:
            county = by_county_id[row["county"]]
            upsert(
                Place.Kind.CITY,
                row["code"],
                row["name"],
                county,
                county.province,
                f"{county.province.name} {county.name}",
            )
        self.stdout.write(
            f"gazetteer: {len(provinces)} provinces, {len(counties)} counties, "
            f"{len(cities)} cities ({counts['created']} created, {counts['updated']} updated)"
        )

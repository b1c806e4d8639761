"""Recount each official's, office's, place's and agency's published statements.

    manage.py recount_statements           set every count from the statements themselves
    manage.py recount_statements --check   report the counts that are wrong; exit status 1 if any

The counts are kept up to date as statements are saved, published, moved or deleted; this brings
them back in line after a change made outside the application (raw SQL, a restored table).
"""

from django.core.management.base import BaseCommand, CommandError

from archive.models import recount_statements


def wrong_counts() -> dict:
    """``{link: [(id, stored, counted)]}`` of the targets whose kept count or date is not their own."""
    return recount_statements(write=False)


class Command(BaseCommand):
    help = "شمارش دوبارهٔ بیانیه‌های منتشرشدهٔ هر مقام، سمت، مکان و منبع خبر"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only report the wrong counts")

    def handle(self, *args, check, **options):
        wrong = wrong_counts()
        for link, rows in wrong.items():
            self.stdout.write(f"{link}: {len(rows)} شمار نادرست")
        if check:
            if wrong:
                raise CommandError("شمار بیانیه‌ها با خود بیانیه‌ها نمی‌خواند؛ recount_statements را اجرا کنید.")
            self.stdout.write("همهٔ شمارها درست است.")
            return
        recount_statements()
        self.stdout.write("شمارها از روی بیانیه‌ها دوباره ساخته شد.")

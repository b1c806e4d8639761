"""Load the seed statements into an empty archive (and leave a used archive alone)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from archive.models import Article, Place


class Command(BaseCommand):
    help = "بارگذاری بیانیه‌های نمونه در آرشیو خالی"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even if the archive already holds statements (seed rows are reset)",
        )

    def handle(self, *args, force, **options):
        if not Place.objects.exists():
            call_command("load_gazetteer", stdout=self.stdout)
        if Article.objects.exists() and not force:
            self.stdout.write("archive already holds statements; seeds not reloaded")
            return
        call_command("loaddata", "seeds", stdout=self.stdout)

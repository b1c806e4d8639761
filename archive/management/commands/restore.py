"""Bring a backup back into an empty archive and rebuild its search index: ``manage.py restore DIR``.

Checks every file against the manifest's checksums first, refuses an archive
that holds statements, checks every table's row count after loading, then
rebuilds the search index from the restored statements (see archive/backups.py).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.backups import BackupError, restore
from archive.models import IndexTask
from archive.search.queue import rebuild_index


class Command(BaseCommand):
    help = "بازگرداندن یک پشتیبان در آرشیو خالی و بازسازی نمایهٔ جست‌وجو"

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            manifest = restore(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        call_command("migrate", interactive=False, verbosity=0)  # a backup from an older version
        rebuild_index()
        IndexTask.objects.all().delete()  # the rebuild applied whatever the snapshot had queued
        counts = manifest["counts"]
        self.stdout.write(
            f"بازگردانده شد: {counts['published statements']} بیانیهٔ منتشرشده از "
            f"{counts['archive_article']} (پشتیبان {manifest['created']})؛ نمایهٔ جست‌وجو از نو ساخته شد."
        )

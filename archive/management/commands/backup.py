"""A consistent backup of the archive while it serves: ``manage.py backup DIR`` (see archive/backups.py).

For cron, one directory per run, e.g. nightly at 03:10:

    10 3 * * * cd /srv/archive && .venv/bin/python manage.py backup /srv/backups/archive-$(date +\\%F)
"""

from django.core.management.base import BaseCommand, CommandError

from archive.backups import BackupError, backup


class Command(BaseCommand):
    help = "پشتیبان‌گیری سازگار از آرشیو (با فهرست شمارها و چکیده‌ها) در حین کار سایت"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new or empty directory")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"پشتیبان در {directory}: {counts['published statements']} بیانیهٔ منتشرشده از "
            f"{counts['archive_article']}، {counts['archive_personalias']} نام دیگر مقام‌ها "
            f"({manifest['engine']})."
        )

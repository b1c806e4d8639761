"""Bring the search index in line with the database, rebuilding it only if its fields changed.

`make run` calls this on every start, so it must be cheap when nothing changed:
changes still queued for the index are applied; an index built by an older
version of the index fields is rebuilt from scratch (and merged into one
segment); otherwise only the differences that ``check_index`` finds
(published statements missing, drafts or deleted ones present, doubles) are
repaired. It used to re-index every published statement on each start (haystack's
``update_index --remove``), which at 100,000 statements took about 25 minutes.
Every change made through the site is queued in the same transaction, so
nothing else can be stale; after bulk edits made outside it (``QuerySet.update``
in a shell), run ``manage.py update_index``.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from archive.search.queue import drain, rebuild_index


class Command(BaseCommand):
    help = "هماهنگ کردن نمایهٔ جست‌وجو با پایگاه داده (بازسازی اگر ساختار نمایه تغییر کرده باشد)"

    def handle(self, *args, **options):
        backend = connections["default"].get_backend()
        verbosity = options.get("verbosity", 1)
        drain()  # changes queued while the index could not be written
        if backend.schema_is_current():
            call_command("check_index", repair=True, stdout=self.stdout, verbosity=verbosity)
        else:
            self.stdout.write("search index was built with other fields; rebuilding it")
            rebuild_index(verbosity=verbosity)

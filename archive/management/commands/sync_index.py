"""Bring the search index in line with the database, rebuilding it if its fields changed.

`make run` calls this: changes still queued for the index are applied; an index built by an older version of the index fields
is rebuilt from scratch (and merged into one segment); otherwise published statements are (re)indexed and
documents no longer published are removed (haystack's ``update_index --remove``).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from archive.search.queue import drain


class Command(BaseCommand):
    help = "هماهنگ کردن نمایهٔ جست‌وجو با پایگاه داده (بازسازی اگر ساختار نمایه تغییر کرده باشد)"

    def handle(self, *args, **options):
        backend = connections["default"].get_backend()
        verbosity = options.get("verbosity", 1)
        drain()  # changes queued while the index could not be written
        if backend.schema_is_current():
            call_command("update_index", remove=True, verbosity=verbosity)
        else:
            self.stdout.write("search index was built with other fields; rebuilding it")
            call_command("rebuild_index", interactive=False, verbosity=verbosity)
            backend.optimize()

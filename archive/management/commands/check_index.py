"""Compare the search index with the database, and optionally bring it back in line.

    manage.py check_index            report; exit status 1 when they differ
    manage.py check_index --repair   queue every difference, drain the queue, check again

Reported: published statements missing from the index, documents of
statements that are drafts or deleted, statements indexed twice, changes
still queued, and changes set aside after failing every attempt (with their
last error; ``--repair`` tries them, and those backing off after a failure,
again at once). An index that cannot be opened at all (missing or damaged
files) is rebuilt by ``--repair``.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from haystack import connections

from archive.models import Article
from archive.search.queue import drain, enqueue, pending, rebuild_index, retry_all_now, set_aside_statements


@dataclass
class Differences:
    missing: set  # published, not in the index
    unwanted: set  # in the index, a draft or deleted
    doubled: set  # in the index more than once
    queued: int  # changes waiting in the queue
    set_aside: dict  # statement -> (attempts, last error) of changes that failed every attempt

    @property
    def clean(self):
        return not (self.missing or self.unwanted or self.doubled or self.queued or self.set_aside)


def compare() -> Differences:
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    reader = backend.index.current_searcher().reader()
    indexed = Counter(int(fields["django_id"]) for _docnum, fields in reader.iter_docs())
    published = set(Article.objects.published().values_list("pk", flat=True))
    return Differences(
        missing=published - indexed.keys(),
        unwanted=indexed.keys() - published,
        doubled={pk for pk, n in indexed.items() if n > 1},
        queued=pending(),
        set_aside=set_aside_statements(),
    )


class Command(BaseCommand):
    help = "مقایسهٔ نمایهٔ جست‌وجو با پایگاه داده و در صورت نیاز ترمیم آن"

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="ترمیم هر ناهماهنگی")

    def handle(self, *args, repair=False, **options):
        try:
            found = compare()
        except Exception as error:  # the index does not open
            if not repair:
                raise CommandError(f"نمایهٔ جست‌وجو باز نشد: {error}") from error
            self.stdout.write(f"نمایهٔ جست‌وجو باز نشد ({error})؛ از نو ساخته می‌شود.")
            rebuild_index()
            found = compare()
        self.report(found)
        if found.clean:
            return
        if not repair:
            raise CommandError("نمایه با پایگاه داده هماهنگ نیست؛ برای ترمیم: manage.py check_index --repair")
        retry_all_now()
        with transaction.atomic():
            enqueue(found.missing | found.unwanted | found.doubled)
        drain()  # again, so that a failure is raised here rather than only logged
        found = compare()
        self.stdout.write("پس از ترمیم:")
        self.report(found)
        if not found.clean:
            raise CommandError("ترمیم کامل نشد.")

    def report(self, found: Differences):
        def sample(ids):
            ids = sorted(ids)
            return "، ".join(str(pk) for pk in ids[:20]) + (" …" if len(ids) > 20 else "")

        if found.clean:
            self.stdout.write("نمایه با پایگاه داده هماهنگ است.")
            return
        if found.missing:
            self.stdout.write(f"منتشرشده ولی نبود در نمایه: {len(found.missing)} ({sample(found.missing)})")
        if found.unwanted:
            self.stdout.write(
                f"در نمایه ولی پیش‌نویس یا حذف‌شده: {len(found.unwanted)} ({sample(found.unwanted)})"
            )
        if found.doubled:
            self.stdout.write(f"دو بار در نمایه: {len(found.doubled)} ({sample(found.doubled)})")
        if found.queued:
            self.stdout.write(f"تغییرهای در صف نمایه: {found.queued}")
        if found.set_aside:
            self.stdout.write(f"کنار گذاشته پس از تلاش‌های ناموفق: {len(found.set_aside)} بیانیه")
            for pk, (attempts, error) in sorted(found.set_aside.items())[:20]:
                self.stdout.write(f"  بیانیهٔ {pk}: {attempts} تلاش؛ آخرین خطا: {error[:300] or '—'}")

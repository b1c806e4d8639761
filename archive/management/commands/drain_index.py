"""Apply the search index changes still queued, for cron or a systemd timer.

    manage.py drain_index [--wait SECONDS]

Every change is applied right after its commit; this catches what a busy
index lock, a full disk or a stopped worker left behind, without waiting for
the next change. Tasks still in their backoff after a failure are left for a
later run; set-aside ones are listed on stderr (``check_index --repair``
tries them again). Exit status 1 when the lock could not be had in time.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.search.lock import IndexLockTimeout
from archive.search.queue import drain, pending, set_aside_statements


class Command(BaseCommand):
    help = "اعمال تغییرهای در صف نمایهٔ جست‌وجو (برای cron یا systemd)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait",
            type=float,
            default=settings.INDEX_COMMAND_LOCK_WAIT,
            help="seconds to wait for the index lock",
        )

    def handle(self, *args, wait, **options):
        try:
            done = drain(timeout=wait)
        except IndexLockTimeout as error:
            raise CommandError(f"قفل نمایه آزاد نشد ({error})؛ تغییرها در صف می‌مانند.") from error
        if done or options.get("verbosity", 1) > 1:
            self.stdout.write(f"{done} بیانیه در نمایه به‌روز شد؛ {pending()} تغییر هنوز در صف.")
        stuck = set_aside_statements()
        if stuck:
            self.stderr.write(
                f"{len(stuck)} بیانیه پس از تلاش‌های ناموفق کنار گذاشته شده است "
                f"({'، '.join(str(pk) for pk in sorted(stuck)[:20])}); manage.py check_index --repair"
            )

"""Finish upload jobs nobody works on any more, for cron or a systemd timer.

    manage.py run_uploads [--job ID]

A job is left for this command when its worker stopped (a restart, a killed
worker: no heartbeat for ``UPLOAD_JOB_STALE`` seconds), when it stopped on an
error, or when background work is off (``UPLOAD_JOBS_IN_BACKGROUND=0``). Each
resumes after the last article it listed; nothing is stored twice.
"""

from django.core.management.base import BaseCommand

from archive import uploads
from archive.models import UploadJob


class Command(BaseCommand):
    help = "ادامه و پایان دادن بارگذاری‌هایی که کسی روی آن‌ها کار نمی‌کند"

    def add_arguments(self, parser):
        parser.add_argument("--job", type=int, help="only this job")

    def handle(self, *args, job=None, **options):
        jobs = uploads.resumable() if job is None else UploadJob.objects.filter(pk=job)
        for found in jobs.order_by("pk"):
            if not uploads.claim(found):
                continue
            done = uploads.work(found)
            self.stdout.write(
                f"بارگذاری {found.pk}: {found.items.count()} خبر خوانده شد"
                + ("؛ پایان یافت." if done else f"؛ متوقف شد: {found.error}")
            )

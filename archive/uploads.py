"""Uploads as jobs: bounded in memory and time, resumable, every stored draft listed.

An upload through the admin becomes an :class:`~archive.models.UploadJob`:
its files are copied under ``UPLOAD_DIR/<job>/`` and read one article at a
time (:func:`archive.ingest.unpack.iter_unpack`: a zip member by member,
within the per-file, per-upload-bytes and per-upload-articles limits, the
article limit checked on the zip directory and jsonl line counts before any
article is read). Each article is imported in one transaction together with
its :class:`~archive.models.UploadItem` row and the job's resume point, so a
draft is never stored without being listed, and a job that stops (a killed
worker, a crash) resumes after the last listed article.

The request that received the upload works on the job for
``UPLOAD_INLINE_BUDGET`` seconds; a small upload is done by then and its
results shown at once. A larger one goes on in a background thread of the
same process (``UPLOAD_JOBS_IN_BACKGROUND``) while the editor watches the
job's page; ``manage.py run_uploads`` (cron/systemd) picks up jobs whose
worker stopped (no heartbeat for ``UPLOAD_JOB_STALE`` seconds).
"""

import logging
import shutil
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from .importing import Context, import_item, upload_limits
from .ingest.unpack import Budget, Item, count_items, iter_unpack, unpack_text
from .models import UploadItem, UploadJob

log = logging.getLogger(__name__)

PASTED = "متن چسبانده‌شده"


class UploadRefused(Exception):
    """The whole upload is refused before anything is read (too many articles); the message is Persian."""


def create_job(user, text: str, files) -> UploadJob:
    """Copy the upload to disk and make its job, after checking the article limit on what the files hold."""
    limits = upload_limits()
    count = 1 if text.strip() else 0
    for upload in files:
        count += count_items(upload.name, upload.file)
    if count > limits.max_files:
        raise UploadRefused(
            f"در هر بارگذاری حداکثر {limits.max_files} خبر پذیرفته می‌شود؛ {count} خبر فرستاده شد."
        )
    if not count:
        raise UploadRefused("متنی را بچسبانید یا پرونده‌ای برگزینید.")
    job = UploadJob.objects.create(
        created_by=user if user and user.is_authenticated else None, pasted_text=text
    )
    directory = Path(settings.UPLOAD_DIR) / str(job.pk)
    directory.mkdir(parents=True, exist_ok=True)
    names = []
    for n, upload in enumerate(files):
        path = directory / f"{n:04d}"
        upload.file.seek(0)
        with path.open("wb") as handle:
            shutil.copyfileobj(upload.file, handle, 1024 * 1024)
        names.append(upload.name)
    job.directory, job.files = str(directory), names
    job.save(update_fields=["directory", "files"])
    return job


def items(job: UploadJob):
    """The job's articles in order (pasted text first), read lazily within the upload's limits."""
    limits = upload_limits()
    budget = Budget(max_bytes=settings.ARCHIVE_UPLOAD_MAX_TOTAL_BYTES)
    if job.pasted_text.strip():
        yield unpack_text(PASTED, job.pasted_text)
    directory = Path(job.directory)
    count = 1 if job.pasted_text.strip() else 0
    for n, name in enumerate(job.files):
        path = directory / f"{n:04d}"
        with path.open("rb") as handle:
            for item in iter_unpack(name, handle, path.stat().st_size, limits, budget):
                count += 1
                if count > limits.max_files:  # jsonl files inside a zip: more lines than the directory said
                    yield Item(
                        item.name,
                        error=f"بیش از {limits.max_files} خبر در این بارگذاری؛ "
                        "این خبر و خبرهای پس از آن خوانده نشدند.",
                    )
                    return
                yield item


def claim(job: UploadJob) -> bool:
    """Take the job for this worker unless another live worker has it (its heartbeat is recent)."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.UPLOAD_JOB_STALE)
    taken = (
        UploadJob.objects.filter(pk=job.pk)
        .exclude(status=UploadJob.Status.DONE)
        .filter(~Q(status=UploadJob.Status.RUNNING) | Q(heartbeat__lt=stale) | Q(heartbeat=None))
        .update(status=UploadJob.Status.RUNNING, heartbeat=now, error="")
    )
    if taken:
        job.refresh_from_db()
    return bool(taken)


def work(job: UploadJob, budget: float | None = None) -> bool:
    """Import the job's articles from its resume point, each with its listing in one transaction, until done
    or ``budget`` seconds are spent; returns whether the job is done. The caller has claimed the job."""
    started = time.monotonic()
    first = job.next_position
    ctx = Context()
    try:
        for position, item in enumerate(items(job)):
            if position < job.next_position:
                continue  # stored and listed by an earlier run
            # At least one article per run, so every run makes progress (and a one-article upload is done
            # inline).
            if budget is not None and position > first and time.monotonic() - started >= budget:
                UploadJob.objects.filter(pk=job.pk).update(heartbeat=timezone.now())
                return False
            with transaction.atomic():
                result = import_item(item, ctx)
                UploadItem.objects.create(
                    job=job,
                    position=position,
                    name=result.name[:500],
                    status=result.status,
                    message=result.message,
                    article=result.article,
                    near_duplicate_of=result.near_duplicate_of,
                )
                job.next_position = position + 1
                UploadJob.objects.filter(pk=job.pk).update(
                    next_position=job.next_position, heartbeat=timezone.now()
                )
    except DatabaseError as error:
        # Busy or read-only: the caller answers 503 (archive.middleware); the job can be resumed.
        _stop(job, error)
        raise
    except Exception as error:
        log.exception("upload job %s stopped at item %s", job.pk, job.next_position)
        _stop(job, error)
        return False
    UploadJob.objects.filter(pk=job.pk).update(status=UploadJob.Status.DONE, heartbeat=timezone.now())
    job.refresh_from_db()
    shutil.rmtree(job.directory, ignore_errors=True)  # every article is read and listed
    return True


def _stop(job: UploadJob, error: BaseException):
    try:
        UploadJob.objects.filter(pk=job.pk).update(
            status=UploadJob.Status.STOPPED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        job.refresh_from_db()
    except (
        DatabaseError
    ):  # the database takes no writes now: the job's heartbeat goes stale, it stays resumable
        log.warning("upload job %s stopped and could not be marked so", job.pk)


def discard_if_empty(job: UploadJob):
    """Forget a job that stored nothing (its first article met a busy database): nothing of the upload is
    kept."""
    try:
        if not job.items.exists():
            UploadJob.objects.filter(pk=job.pk).delete()
            shutil.rmtree(job.directory, ignore_errors=True)
    except DatabaseError:
        log.warning("upload job %s could not be discarded; it stays resumable", job.pk)


def continue_in_background(job: UploadJob):
    """Go on with a claimed job in a thread of this process (or leave it for ``manage.py run_uploads``)."""
    if not settings.UPLOAD_JOBS_IN_BACKGROUND:
        UploadJob.objects.filter(pk=job.pk).update(status=UploadJob.Status.QUEUED)
        return

    def run():
        try:
            work(UploadJob.objects.get(pk=job.pk))
        finally:
            connection.close()

    threading.Thread(target=run, name=f"upload-job-{job.pk}", daemon=True).start()


def resumable():
    """Jobs nobody works on: queued, stopped, or running with no heartbeat for ``UPLOAD_JOB_STALE``
    seconds."""
    stale = timezone.now() - timedelta(seconds=settings.UPLOAD_JOB_STALE)
    return UploadJob.objects.filter(
        Q(status__in=[UploadJob.Status.QUEUED, UploadJob.Status.STOPPED])
        | Q(status=UploadJob.Status.RUNNING, heartbeat__lt=stale)
    )


def is_stale(job: UploadJob) -> bool:
    return job.status != UploadJob.Status.DONE and resumable().filter(pk=job.pk).exists()

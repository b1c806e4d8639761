"""One writer at a time for the search index, fed by a durable queue in the database.

Whoosh allows one writer per index, and haystack's Whoosh backend logs and
swallows the errors that follow (a deletion under contention leaves a draft
searchable; parallel ``update_index`` runs lose documents). Here:

- every change to a statement adds an :class:`~archive.models.IndexTask` row
  in the change's own transaction, so a saved change cannot be forgotten;
- after the transaction commits, :func:`drain` takes the index lock (a file
  lock beside the index, held across reading the tasks, reading the statements
  and committing the index), brings every queued statement's document in line
  with the database in one Whoosh commit, then deletes the tasks it applied;
- if the index cannot be written (lock timeout, full disk, ...) the error is
  logged and raised to the caller that asked, and the tasks stay queued for
  the next drain (any later change, ``manage.py check_index --repair`` or
  ``manage.py sync_index`` at start-up).

Applying a task is idempotent (a statement's document is replaced or removed
as the database says now), so a crash between the index commit and deleting
the tasks only repeats work.
"""

import contextlib
import fcntl
import logging
import os
import threading
import time
from pathlib import Path

from django.db import transaction
from haystack import connections

log = logging.getLogger(__name__)

BATCH = 500
_local = threading.local()


class IndexLockTimeout(Exception):
    """Another process held the index lock for longer than we were willing to wait."""


def lock_path() -> Path:
    index_dir = Path(connections["default"].options["PATH"])
    return index_dir.with_name(index_dir.name + ".lock")


@contextlib.contextmanager
def index_lock(timeout: float = 60.0):
    """Hold the index's writer lock (re-entrant within a thread; released if the process dies)."""
    if getattr(_local, "depth", 0):
        _local.depth += 1
        try:
            yield
        finally:
            _local.depth -= 1
        return
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockTimeout(f"index lock {path} still held after {timeout:.0f} s") from None
                time.sleep(0.05)
        _local.depth = 1
        try:
            yield
        finally:
            _local.depth = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def enqueue(article_ids):
    """Record that these statements' index documents must follow the database, and drain after commit."""
    from archive.models import IndexTask

    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    if not ids:
        return
    IndexTask.objects.bulk_create([IndexTask(article_id=pk) for pk in ids])
    transaction.on_commit(drain_after_commit)


def drain_after_commit():
    """Drain, reporting (not raising) a failure: the change is committed and its tasks stay queued."""
    if getattr(_local, "deferred", 0):
        return  # a batch job drains once at its end (see deferred_drain)
    try:
        drain()
    except Exception:
        log.exception("search index not updated; the changes stay queued for the next attempt")


@contextlib.contextmanager
def deferred_drain():
    """Inside, committed changes queue their tasks as always but do not drain one by one; one drain at the end.

    For batch jobs that commit many small transactions (``manage.py reextract``):
    one Whoosh commit instead of one per statement. The tasks are durable, so a
    job that dies before the end leaves them for the next drain.
    """
    _local.deferred = getattr(_local, "deferred", 0) + 1
    try:
        yield
    finally:
        _local.deferred -= 1
        if not _local.deferred:
            drain_after_commit()  # what was committed reaches the index even if the job failed later


def pending() -> int:
    from archive.models import IndexTask

    return IndexTask.objects.count()


def drain(timeout: float = 60.0) -> int:
    """Apply every queued task; returns how many statements' documents were brought in line."""
    from archive.models import Article, IndexTask

    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    done = 0
    with index_lock(timeout):
        while True:
            tasks = list(IndexTask.objects.order_by("id").values_list("id", "article_id")[:BATCH])
            if not tasks:
                return done
            ids = {article_id for _task, article_id in tasks}
            published = list(index.index_queryset().filter(pk__in=ids))
            backend.apply(index, published, ids - {article.pk for article in published})
            IndexTask.objects.filter(id__in=[task for task, _article in tasks]).delete()
            done += len(ids)

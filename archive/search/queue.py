"""One writer at a time for the search index, fed by a durable queue in the database.

Whoosh allows one writer per index, and haystack's Whoosh backend logs and
swallows the errors that follow (a deletion under contention leaves a draft
searchable; parallel ``update_index`` runs lose documents). Here:

- every change to a statement adds an :class:`~archive.models.IndexTask` row
  in the change's own transaction, so a saved change cannot be forgotten;
- after the transaction commits, :func:`drain` takes the index lock (a file
  lock beside the index, held across reading the tasks, reading the statements
  and committing the index), brings every queued statement's document in line
  with the database in one Whoosh commit, then deletes the tasks it applied.

No task can jam the queue for the ones behind it:

- a task's attempt is counted *before* it is applied, so a task whose work
  kills the process (gunicorn's timeout) is counted too;
- a task that has failed before is applied alone, never in a batch again; a
  batch that fails is split into single statements at once, so the good ones
  of it reach the index in the same drain;
- a failed task waits ``INDEX_RETRY_BACKOFF`` seconds (four times longer after
  each failure) while the tasks behind it go on; after
  ``INDEX_TASK_MAX_ATTEMPTS`` attempts it is set aside: kept, listed in the
  admin and by ``manage.py check_index``, retried by ``check_index --repair``
  or when the statement changes again.

Waits are bounded by who asked: a web request waits ``INDEX_LOCK_WAIT``
seconds for the lock (well under gunicorn's worker timeout) and spends at
most ``REQUEST_BUDGET / 2`` applying tasks; what it leaves is applied by a
background thread of the same process as soon as the lock frees and the
backoff allows, and by ``manage.py drain_index`` (cron/systemd). Commands wait
``INDEX_COMMAND_LOCK_WAIT``.

Applying a task is idempotent (a statement's document is replaced or removed
as the database says now), so a crash between the index commit and deleting
the tasks only repeats work.
"""

import contextlib
import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from haystack import connections

from archive.models import Article, IndexTask

from .lock import IndexLockTimeout, index_lock

log = logging.getLogger(__name__)

BATCH = 500
MAX_BACKOFF = 3600.0  # seconds: the longest wait between two attempts of a failed task
ERROR_CHARS = 2000  # of a failure's message kept on its task
_local = threading.local()


def enqueue(article_ids):
    """Record that these statements' index documents must follow the database, and drain after commit."""
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    if not ids:
        return
    IndexTask.objects.bulk_create([IndexTask(article_id=pk) for pk in ids])
    transaction.on_commit(drain_after_commit)


def drain_after_commit():
    """Drain within a request's budget, reporting (not raising) a failure: the change is committed and
    its tasks stay queued; what is left is retried in the background as soon as it can be."""
    if getattr(_local, "deferred", 0):
        return  # a batch job drains once at its end (see deferred_drain)
    try:
        drain(timeout=settings.INDEX_LOCK_WAIT, budget=settings.REQUEST_BUDGET / 2)
    except IndexLockTimeout as error:
        log.warning("search index busy (%s); the changes stay queued and are retried when it frees", error)
    except Exception:
        log.exception("search index not updated; the changes stay queued for the next attempt")
    if waiting():
        retry_in_background()


@contextlib.contextmanager
def deferred_drain():
    """Inside, committed changes queue their tasks as always but do not drain one by one; one drain at the
    end.

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


def waiting():
    """Tasks still to apply (set-aside ones excluded: they wait for an editor or ``check_index --repair``)."""
    return IndexTask.objects.filter(set_aside=False)


def pending() -> int:
    return waiting().count()


def set_aside():
    """Tasks that failed ``INDEX_TASK_MAX_ATTEMPTS`` times, one row per statement (its latest task)."""
    return IndexTask.objects.filter(set_aside=True)


def set_aside_statements() -> dict:
    """``{statement id: (attempts, last error)}`` of the statements whose index change was set aside."""
    found = {}
    for article_id, attempts, error in (
        set_aside().order_by("id").values_list("article_id", "attempts", "last_error")
    ):
        found[article_id] = (attempts, error)
    return found


def retry_set_aside(article_ids=None) -> int:
    """Give set-aside tasks a fresh start (the admin's retry action)."""
    tasks = set_aside() if article_ids is None else set_aside().filter(article_id__in=article_ids)
    return tasks.update(set_aside=False, attempts=0, next_attempt_at=None)


def retry_all_now() -> int:
    """Every task, set aside or backing off, due now with a fresh count (``check_index --repair``: an operator
    who fixed the cause, a full disk say, asks for everything to be tried at once)."""
    return IndexTask.objects.update(set_aside=False, attempts=0, next_attempt_at=None)


def next_due_in() -> float | None:
    """Seconds until the next waiting task may be tried (0 if one may now); None when nothing waits."""
    found = waiting().aggregate(n=Max("id"), due=Min("next_attempt_at"))
    if found["n"] is None:
        return None
    if waiting().filter(next_attempt_at=None).exists():
        return 0.0
    return max((found["due"] - timezone.now()).total_seconds(), 0.0) if found["due"] else 0.0


def backoff(attempts: int) -> float:
    """Seconds to wait after a task's ``attempts``-th failed attempt."""
    return min(settings.INDEX_RETRY_BACKOFF * 4 ** max(attempts - 1, 0), MAX_BACKOFF)


def _due(now):
    return waiting().filter(Q(next_attempt_at=None) | Q(next_attempt_at__lte=now))


def _apply(article_ids):
    """Bring these statements' documents in line with the database, in one Whoosh commit."""
    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    published = list(index.index_queryset().filter(pk__in=article_ids))
    backend.apply(index, published, set(article_ids) - {article.pk for article in published})


def _mark(task_ids, attempts):
    """Count an attempt before making it, so one that kills the process counts as well."""
    IndexTask.objects.filter(id__in=task_ids).update(
        attempts=attempts, next_attempt_at=timezone.now() + datetime.timedelta(seconds=backoff(attempts))
    )


def _unmark(task_ids, attempts):
    """The attempt never started (the index was locked by another writer): it does not count."""
    IndexTask.objects.filter(id__in=task_ids).update(attempts=max(attempts - 1, 0), next_attempt_at=None)


def _done(article_ids, task_ids):
    """Delete the applied tasks, and any set-aside task of the same statements (their document is now
    right)."""
    IndexTask.objects.filter(Q(id__in=task_ids) | Q(article_id__in=article_ids, set_aside=True)).delete()


def _failed(task_ids, attempts, error):
    message = f"{type(error).__name__}: {error}"[:ERROR_CHARS]
    IndexTask.objects.filter(id__in=task_ids).update(
        last_error=message, set_aside=attempts >= settings.INDEX_TASK_MAX_ATTEMPTS
    )
    log.error("index task for statements %s failed (attempt %s): %s", task_ids, attempts, message)


def _is_lock_error(error) -> bool:
    from whoosh.index import LockError

    return isinstance(error, (IndexLockTimeout, LockError))


def _try(groups, article_ids, attempts):
    """Apply ``article_ids`` (one commit) with their tasks counted at ``attempts``; True if it worked."""
    task_ids = [task for article in article_ids for task in groups[article][0]]
    _mark(task_ids, attempts)
    try:
        _apply(article_ids)
    except Exception as error:
        if _is_lock_error(error):
            _unmark(task_ids, attempts)
            raise IndexLockTimeout(str(error)) from error
        if len(article_ids) == 1:
            _failed(task_ids, attempts, error)
        return False
    _done(article_ids, task_ids)
    return True


def drain(timeout: float | None = None, budget: float | None = None) -> int:
    """Apply the queued tasks that are due; returns how many statements' documents were brought in line.

    ``timeout`` is the wait for the index lock (``INDEX_COMMAND_LOCK_WAIT`` by default); with a
    ``budget`` (seconds), no new batch or single task is started once it is spent.
    """
    started = time.monotonic()

    def over_budget():
        return budget is not None and time.monotonic() - started >= budget

    done = 0
    with index_lock(timeout):
        while not over_budget():
            tasks = list(
                _due(timezone.now()).order_by("id").values_list("id", "article_id", "attempts")[:BATCH]
            )
            if not tasks:
                break
            groups = {}  # statement -> ([task ids], most attempts so far)
            for task_id, article_id, attempts in tasks:
                ids, most = groups.setdefault(article_id, ([], 0))
                ids.append(task_id)
                groups[article_id] = (ids, max(most, attempts))
            fresh = [article for article, (_ids, most) in groups.items() if most == 0]
            tried = [article for article, (_ids, most) in groups.items() if most > 0]
            singles = tried
            if fresh:
                if _try(groups, fresh, 1):
                    done += len(fresh)
                else:  # one of them is bad: each alone, so that the others get through now
                    singles = fresh + tried
            for article in singles:
                if over_budget():
                    break
                ids, most = groups[article]
                if article in tried and most >= settings.INDEX_TASK_MAX_ATTEMPTS:
                    _set_aside_exhausted(ids, most)
                    continue
                if _try(groups, [article], most + 1 if article in tried else 1):
                    done += 1
    return done


def _set_aside_exhausted(task_ids, attempts):
    """A task that used up its attempts without a recorded failure (its process was killed each time)."""
    IndexTask.objects.filter(id__in=task_ids, last_error="").update(
        last_error=f"{attempts} تلاش بی‌پایان ماند (فرایند پیش از پایان متوقف شد)"
    )
    IndexTask.objects.filter(id__in=task_ids).update(set_aside=True)
    log.error("index tasks %s set aside after %s attempts", task_ids, attempts)


# The background retry: one thread per process, started when a request leaves tasks behind.
_retry_state = threading.Lock()
_retry = {"thread": None, "again": False}


def retry_in_background():
    """Apply what is still queued as soon as the index lock frees and the backoff allows, off the request."""
    if not settings.INDEX_RETRY_IN_BACKGROUND:
        return
    with _retry_state:
        _retry["again"] = True
        thread = _retry["thread"]
        if thread is not None and thread.is_alive():
            return
        thread = threading.Thread(target=_retry_loop, name="index-queue-retry", daemon=True)
        _retry["thread"] = thread
    thread.start()


def _retry_loop():
    try:
        while True:
            with _retry_state:
                _retry["again"] = False
            wait = next_due_in()
            if wait is None:
                with _retry_state:
                    if not _retry["again"]:
                        _retry["thread"] = None
                        return
                continue
            time.sleep(min(max(wait, 0.05), MAX_BACKOFF))
            try:
                drain()
            except IndexLockTimeout:
                continue  # still held after INDEX_COMMAND_LOCK_WAIT: wait again
            except Exception:
                log.exception("background index retry failed")
                time.sleep(settings.INDEX_RETRY_BACKOFF)
    finally:
        db_connection.close()


def rebuild_index(verbosity: int = 0) -> None:
    """Build the search index again from the database: haystack's ``rebuild_index`` in one bulk write
    (the backend's :meth:`bulk`, each posting written once into one segment), then the backend's
    ``optimize`` (which leaves such an index alone). ``sync_index``, ``check_index --repair`` and
    ``restore`` rebuild through here."""
    from django.core.management import call_command

    backend = connections["default"].get_backend()
    with backend.bulk():
        call_command("rebuild_index", interactive=False, verbosity=verbosity)
    backend.optimize()

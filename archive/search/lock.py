"""The search index's one writer lock: a file lock beside the index directory.

Whoosh allows one writer per index; every writer of this project (the queue's drain, the backend's
batch writes, rebuilds) holds this lock. Engine code: nothing here imports the models.
"""

import contextlib
import fcntl
import os
import threading
import time
from pathlib import Path

from django.conf import settings
from haystack import connections

_local = threading.local()


class IndexLockTimeout(Exception):
    """Another process held the index lock for longer than we were willing to wait."""


def lock_path() -> Path:
    index_dir = Path(connections["default"].options["PATH"])
    return index_dir.with_name(index_dir.name + ".lock")


@contextlib.contextmanager
def index_lock(timeout: float | None = None):
    """Hold the index's writer lock (re-entrant within a thread; released if the process dies).

    ``timeout`` defaults to ``INDEX_COMMAND_LOCK_WAIT``; web requests pass ``INDEX_LOCK_WAIT``.
    """
    if getattr(_local, "depth", 0):
        _local.depth += 1
        try:
            yield
        finally:
            _local.depth -= 1
        return
    timeout = settings.INDEX_COMMAND_LOCK_WAIT if timeout is None else timeout
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

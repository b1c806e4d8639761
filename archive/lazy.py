"""Load a costly module-level object once, on first use, safely across threads.

The object lives in a module global (``None`` until it is built), so the module's readers, a
preloading process (``archive/wsgi.py``) and tests that set or reset that global all see one value.

Pure Python; no Django.
"""

import threading
from collections.abc import Callable, MutableMapping
from typing import TypeVar

T = TypeVar("T")


def load_once(namespace: MutableMapping, name: str, lock: threading.Lock, build: Callable[[], T]) -> T:
    """``namespace[name]``, built by ``build()`` under ``lock`` the first time it is ``None``.

    Double-checked: once built, a read takes no lock; two threads arriving first build it once."""
    value = namespace[name]
    if value is None:
        with lock:
            value = namespace[name]
            if value is None:
                value = namespace[name] = build()
    return value

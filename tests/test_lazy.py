"""archive/lazy.py: one object a module global, built on first use, once, even when threads race."""

import threading

from archive.lazy import load_once

from .helpers import wait_for


def test_it_builds_on_first_use_and_then_returns_the_same_object():
    namespace = {"thing": None}
    built = []

    def build():
        built.append(object())
        return built[-1]

    lock = threading.Lock()
    first = load_once(namespace, "thing", lock, build)
    assert first is namespace["thing"] is load_once(namespace, "thing", lock, build)
    assert built == [first]


def test_a_reset_global_is_built_again_and_a_set_one_is_kept():
    namespace = {"thing": "set by a test"}
    lock = threading.Lock()
    assert load_once(namespace, "thing", lock, lambda: "built") == "set by a test"
    namespace["thing"] = None
    assert load_once(namespace, "thing", lock, lambda: "built") == "built"


class CountingLock:
    """A lock that counts the threads that have asked for it, so a test can wait for all of them."""

    def __init__(self):
        self._lock = threading.Lock()
        self._count_lock = threading.Lock()
        self.asked = 0

    def __enter__(self):
        with self._count_lock:
            self.asked += 1
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)


def test_threads_arriving_together_build_it_once():
    namespace = {"thing": None}
    calls = []
    everyone_waiting = threading.Event()

    def slow_build():
        calls.append(1)
        # Hold the lock until every thread has found the global empty and asked for the lock.
        everyone_waiting.wait(timeout=30)
        return object()

    lock = CountingLock()
    results = []

    def worker():
        results.append(load_once(namespace, "thing", lock, slow_build))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    wait_for(lambda: lock.asked == 8, "all eight threads waiting on the lock")
    everyone_waiting.set()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(results) == 8 and all(result is results[0] for result in results)


def test_the_lexicon_and_the_gazetteer_loaders_keep_their_globals():
    from archive.ingest import ner
    from archive.search import analysis

    assert analysis.get_lexicon() is analysis._lexicon is not None
    assert ner._load_gazetteer() is ner._gazetteer is not None


def test_the_tagger_loader_keeps_its_global_and_the_attributes_it_knows():
    from archive.ingest import ner

    assert ner._load_tagger() is ner._tagger is not None
    assert ner._known_attributes

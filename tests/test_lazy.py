"""archive/lazy.py: one object a module global, built on first use, once, even when threads race."""

import threading
import time

from archive.lazy import load_once


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


def test_threads_arriving_together_build_it_once():
    namespace = {"thing": None}
    calls = []

    def slow_build():
        calls.append(1)
        time.sleep(0.05)
        return object()

    lock = threading.Lock()
    start = threading.Barrier(8)
    results = []

    def worker():
        start.wait()
        results.append(load_once(namespace, "thing", lock, slow_build))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(results) == 8 and all(result is results[0] for result in results)


def test_the_lexicon_and_the_gazetteer_loaders_keep_their_globals():
    from archive.ingest import ner
    from archive.search import analysis

    assert analysis.get_lexicon() is analysis._lexicon is not None
    assert ner._load_gazetteer() is ner._gazetteer is not None

"""archive/search/ in two layers whose imports run one way (issue 18): engine code that never imports
the models, and app services that import them at module top; the benchmark's baseline engine fits the
interface the service asks of an engine."""

import ast
import logging
from pathlib import Path

import pytest
from django.core.management import call_command
from haystack import connections

from archive.models import Article

SEARCH = Path(__file__).resolve().parent.parent / "archive" / "search"
ENGINE = ("analysis", "vector", "query", "highlight", "backend", "lock")
APP = ("queue", "signals", "service", "filters")


def _imports(module):
    """(imported module, whether at module top) for each import of ``archive/search/<module>.py``."""
    tree = ast.parse((SEARCH / f"{module}.py").read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            name = ("." * node.level) + (node.module or "")
            yield name, id(node) in top, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in top, []


@pytest.mark.parametrize("module", ENGINE)
def test_engine_modules_import_no_models_and_no_app_service(module):
    for name, _top, _names in _imports(module):
        assert name not in ("archive.models", "..models"), (module, name)
        assert not name.startswith("django.db"), (module, name)
        assert name.lstrip(".").removeprefix("archive.search.") not in APP, (module, name)


@pytest.mark.parametrize("module", APP)
def test_app_services_import_the_models_at_module_top(module):
    found = [(name, top) for name, top, _names in _imports(module) if name in ("archive.models", "..models")]
    assert found and all(top for _name, top in found), (module, found)


def test_the_near_duplicate_lookup_logs_what_it_swallows(db, monkeypatch, caplog):
    from archive import importing

    def broken(*args, **kwargs):
        raise RuntimeError("the lookup broke")

    monkeypatch.setattr(importing, "similar_ids", broken)
    body = Article.objects.published().first().body
    with caplog.at_level(logging.WARNING, logger="archive.importing"):
        importing.find_near_duplicate(body)
    assert any(r.levelno == logging.ERROR and "near-duplicate" in r.getMessage() for r in caplog.records)
    assert any("the lookup broke" in (r.exc_text or "") for r in caplog.records)


@pytest.fixture
def baseline_engine(db, tmp_path):
    """The default connection served by the benchmark's baseline engine over the seeds."""
    saved = dict(connections.connections_info["default"])
    connections.connections_info["default"] = {
        "ENGINE": "bench.baseline.PlainWhooshEngine",
        "PATH": str(tmp_path),
    }
    connections.reload("default")
    call_command("rebuild_index", interactive=False, verbosity=0)
    yield
    connections.connections_info["default"] = saved
    connections.reload("default")


def test_the_service_runs_on_the_baseline_engine_without_probing_it(baseline_engine):
    from archive.search.service import build_request, common_words, related, run_search

    outcome = run_search(build_request({"q": "روابط عمومی"}))
    assert outcome.total >= 1 and outcome.hits
    assert outcome.all_words_total == outcome.total  # the baseline requires every word
    assert outcome.suggestion is None and outcome.day_counts == {}
    assert related(Article.objects.published().first()) == []
    assert common_words(["روابط", "عمومی", "قدس"]) == frozenset()
    assert connections["default"].get_backend().document_count() == Article.objects.published().count()

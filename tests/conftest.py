import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from haystack import connections


def _use_index(path):
    connections.connections_info["default"]["PATH"] = str(path)
    connections.reload("default")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every test database starts with the gazetteer, the five seed statements and their index."""
    golden = tmp_path_factory.mktemp("golden-index")
    with django_db_blocker.unblock():
        call_command("load_gazetteer", verbosity=0)
        call_command("loaddata", "seeds", verbosity=0)
        _use_index(golden)
        call_command("rebuild_index", interactive=False, verbosity=0)
    return golden


@pytest.fixture(autouse=True)
def search_index(request, tmp_path):
    """A private copy of the session's index for each database test, so changes don't leak."""
    if not {"db", "transactional_db", "admin_client", "django_db_setup"} & set(request.fixturenames):
        yield None
        return
    golden = request.getfixturevalue("django_db_setup")
    path = Path(tmp_path) / "index"
    shutil.copytree(golden, path)
    _use_index(path)
    yield path
    _use_index(golden)


@pytest.fixture(scope="module")
def browser(site):
    """The machine's Chromium driven by Playwright, headless, without the sandbox (we run as root), for
    the browser tests of one module; ``site`` is that module's live site (tests/live.py)."""
    from playwright import sync_api as playwright_api

    from .helpers import CHROMIUM

    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...``: the block's work counts as committed, so its on-commit callbacks
    (the search index drain) run when the block ends, as they would after a real commit.
    Tests run inside a transaction that never commits, so without this the index would not follow."""
    return lambda: django_capture_on_commit_callbacks(execute=True)

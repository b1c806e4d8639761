"""`make run`'s set-up path on an empty data directory, in a separate process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(var_dir, *args, extra_env=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    env.update({"ARCHIVE_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "archive.settings"})
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_fresh_setup_from_empty_directory(tmp_path):
    var_dir = tmp_path / "var"
    steps = (["migrate", "--noinput"], ["load_gazetteer"], ["load_seeds"], ["sync_index"], ["check"])
    for step in steps:
        result = manage(var_dir, *step)
        assert result.returncode == 0, result.stderr
    assert (var_dir / "archive.sqlite3").exists()
    key_file = var_dir / "secret_key"
    assert key_file.exists() and len(key_file.read_text()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"

    # Running the set-up again changes nothing and keeps the key.
    key = key_file.read_text()
    again = manage(var_dir, "load_seeds")
    assert "not reloaded" in again.stdout
    assert key_file.read_text() == key
    count = manage(
        var_dir, "shell", "-c", "from archive.models import Article; print(Article.objects.count())"
    )
    assert count.stdout.strip().splitlines()[-1] == "5"
    indexed = manage(
        var_dir,
        "shell",
        "-c",
        "from haystack.query import SearchQuerySet as S; print(S().filter(content='اطلاعرسانی').count())",
    )
    assert indexed.stdout.strip().splitlines()[-1] == "5"


def test_debug_is_off_by_default(tmp_path):
    result = manage(tmp_path, "shell", "-c", "from django.conf import settings; print(settings.DEBUG)")
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_production_requires_a_secret_key(tmp_path):
    result = manage(tmp_path, "check", extra_env={"DATABASE_URL": "sqlite:///" + str(tmp_path / "x.sqlite3")})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_suite_runs_on_the_configured_database(db):
    """`make test-postgres` sets DATABASE_URL: make sure the suite really ran on PostgreSQL then."""
    import os

    from django.db import connection

    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.parametrize("preload", ["1", "0"])
def test_the_wsgi_module_builds_the_lexicon_and_tagger_before_workers_fork(tmp_path, preload):
    """gunicorn preloads archive.wsgi in its master: the lexicon and the name tagger are built there
    (and shared by the forked workers), unless ARCHIVE_PRELOAD=0; no database connection is opened."""
    probe = (
        "import archive.wsgi; from archive.search import analysis; from archive.ingest import ner; "
        "from django.db import connections; "
        "print(analysis._lexicon is not None, ner._tagger is not None, "
        "any(c.connection is not None for c in connections.all(initialized_only=True)))"
    )
    result = manage(
        tmp_path, "shell", "-c", probe, extra_env={"ARCHIVE_PRELOAD": preload, "SECRET_KEY": "x" * 50}
    )
    assert result.returncode == 0, result.stderr
    loaded = preload == "1"
    assert result.stdout.strip().splitlines()[-1] == f"{loaded} {loaded} False"


@pytest.mark.slow
def test_the_master_reads_the_search_arrays_before_the_fork_and_creates_no_index(tmp_path):
    """With an index on disk the preload reads what each search reads per document (lengths, sort
    keys, facet ids, dates) for the workers to share; with none it creates none (sync_index does)."""
    probe = (
        "import archive.wsgi; from haystack import connections; from django.db import connections as db; "
        "from django.conf import settings; "
        "arrays = getattr(connections['default'].get_backend(), '_segment_arrays', None); "
        "kinds = sorted({key[1][0] for key in arrays._segments}) if arrays else []; "
        "print(kinds, settings.SEARCH_INDEX_DIR.exists(), "
        "any(c.connection is not None for c in db.all(initialized_only=True)))"
    )
    env = {"SECRET_KEY": "x" * 50}
    result = manage(tmp_path, "shell", "-c", probe, extra_env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[] False False"
    for step in (["migrate", "--noinput"], ["load_gazetteer"], ["load_seeds"], ["sync_index"]):
        done = manage(tmp_path, *step, extra_env=env)
        assert done.returncode == 0, done.stderr
    result = manage(tmp_path, "shell", "-c", probe, extra_env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['ids', 'length', 'sort', 'values'] True False"

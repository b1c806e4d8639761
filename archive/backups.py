"""Backups an operator can trust: a consistent snapshot taken while the site serves, and its restore.

``manage.py backup DIR`` writes into ``DIR`` (which must be new or empty):

- SQLite: ``archive.sqlite3``, a copy made with SQLite's online backup API
  (one read transaction: a consistent snapshot however many writers go on);
- PostgreSQL: ``archive.dump``, ``pg_dump --format=custom`` run on a snapshot
  exported from a REPEATABLE READ transaction, the same one that counted rows;
- ``manifest.json``: when, which database engine, the last migration, the row
  count of every table *in the snapshot* (and of published statements), and
  the SHA-256 and size of every file.

``manage.py restore DIR`` checks the manifest's checksums, refuses to write
over an archive that holds statements, loads the snapshot, checks the row
counts against the manifest, and rebuilds the search index (the index is not
backed up: it is derived from the database and rebuilt in minutes).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

MANIFEST = "manifest.json"
SQLITE_FILE = "archive.sqlite3"
PG_FILE = "archive.dump"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be trusted; the message is Persian."""


def tables() -> list[str]:
    """Every table whose rows the manifest counts: the archive's and the accounts'."""
    models = list(apps.get_app_config("archive").get_models()) + [apps.get_model("auth", "User")]
    return sorted({model._meta.db_table for model in models})


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(cursor) -> dict:
    counts = {}
    for table in tables():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT COUNT(*) FROM archive_article WHERE status = 'published'")
    counts["published statements"] = cursor.fetchone()[0]
    return counts


def _last_migration(cursor) -> str:
    cursor.execute("SELECT name FROM django_migrations WHERE app = 'archive' ORDER BY name DESC LIMIT 1")
    row = cursor.fetchone()
    return row[0] if row else ""


def _pg_env_and_args(database: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    args = []
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [option, str(database[key])]
    return env, args


def backup(directory: Path) -> dict:
    """Write a consistent snapshot and its manifest into ``directory``; returns the manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"پوشهٔ پشتیبان خالی نیست: {directory}")
    directory.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    database = settings.DATABASES["default"]
    if engine == "sqlite":
        target = directory / SQLITE_FILE
        source = sqlite3.connect(
            database["NAME"], timeout=float(database.get("OPTIONS", {}).get("timeout", 20))
        )
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # all pages in one step: one read transaction, one consistent state
            cursor = copy.cursor()
            counts, migration = _counts(cursor), _last_migration(cursor)
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"نسخهٔ پشتیبان سالم نیست: {result}")
        finally:
            copy.close()
            source.close()
        files = [target]
    else:
        import psycopg

        target = directory / PG_FILE
        env, args = _pg_env_and_args(database)
        conninfo = connections["default"].get_connection_params()
        conninfo.pop("cursor_factory", None)
        conninfo.pop("context", None)
        conninfo.pop("prepare_threshold", None)
        with psycopg.connect(
            **{k: v for k, v in conninfo.items() if k in {"dbname", "user", "password", "host", "port"}},
            autocommit=True,
        ) as snapshot:
            snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot_id = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
            with snapshot.cursor() as cursor:
                counts, migration = _counts(cursor), _last_migration(cursor)
            # pg_dump reads the very snapshot the counts were taken in, while the transaction stays open.
            run = subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--snapshot",
                    snapshot_id,
                    "--file",
                    str(target),
                    *args,
                    database["NAME"],
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            snapshot.execute("ROLLBACK")
        if run.returncode:
            raise BackupError(f"pg_dump شکست خورد: {run.stderr.strip()[-2000:]}")
        files = [target]
    manifest = {
        "format": FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "last_migration": migration,
        "counts": counts,
        "files": {path.name: {"sha256": _sha256(path), "bytes": path.stat().st_size} for path in files},
    }
    (directory / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def read_manifest(directory: Path) -> dict:
    """The manifest, after checking every file it names against its checksum."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"فهرست پشتیبان ({MANIFEST}) خوانده نشد: {error}") from error
    for name, expected in manifest.get("files", {}).items():
        path = directory / name
        if not path.is_file() or _sha256(path) != expected["sha256"]:
            raise BackupError(f"پروندهٔ پشتیبان {name} با فهرست نمی‌خواند (نبود یا تغییر کرده است).")
    return manifest


def _archive_is_empty() -> bool:
    if "archive_article" not in connection.introspection.table_names():
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM archive_article")
        return cursor.fetchone()[0] == 0


def restore(directory: Path) -> dict:
    """Load the snapshot in ``directory`` into this (empty) archive and check it; returns the manifest.

    The search index is rebuilt by the caller (``manage.py restore``)."""
    manifest = read_manifest(directory)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"این پشتیبان از {manifest['engine']} است و این آرشیو {engine}.")
    if not _archive_is_empty():
        raise BackupError("این آرشیو بیانیه دارد؛ بازگردانی فقط در آرشیو خالی انجام می‌شود.")
    database = settings.DATABASES["default"]
    connections.close_all()
    if engine == "sqlite":
        source = sqlite3.connect(Path(directory) / SQLITE_FILE)
        # Into a temporary file beside the database, then renamed over it: never a half-written database.
        target_path = Path(database["NAME"])
        fd, temporary = tempfile.mkstemp(prefix=".restore-", dir=target_path.parent)
        os.close(fd)
        target = sqlite3.connect(temporary)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        for suffix in ("-wal", "-shm"):
            Path(str(target_path) + suffix).unlink(missing_ok=True)
        shutil.move(temporary, target_path)
    else:
        env, args = _pg_env_and_args(database)
        run = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                database["NAME"],
                *args,
                str(Path(directory) / PG_FILE),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode:
            raise BackupError(f"pg_restore شکست خورد: {run.stderr.strip()[-2000:]}")
    with connection.cursor() as cursor:
        counts = _counts(cursor)
    if counts != manifest["counts"]:
        differ = {
            k: (manifest["counts"].get(k), counts.get(k))
            for k in set(counts) | set(manifest["counts"])
            if counts.get(k) != manifest["counts"].get(k)
        }
        raise BackupError(f"شمار ردیف‌های بازگردانده با فهرست نمی‌خواند: {differ}")
    return manifest

"""The site really served, for tests that load it, break it and attack it.

A :class:`LiveSite` is a private ``var/`` directory (SQLite by default, or the
database in ``DATABASE_URL`` when the suite runs on PostgreSQL) set up with the
project's own commands, exactly as ``make run`` does, and gunicorn with the
repository's ``gunicorn.conf.py`` on a free loopback port.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
ADMIN_USER, ADMIN_PASSWORD = "editor", "a-long-test-password-7413"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveSite:
    def __init__(self, directory: Path, workers=3, index_dir: Path | None = None, extra_env=None):
        self.directory = Path(directory)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.index_dir = index_dir or self.directory / "var" / "whoosh_index"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            "ARCHIVE_VAR_DIR": str(self.directory / "var"),
            "SEARCH_INDEX_DIR": str(self.index_dir),
            "STATIC_ROOT": str(self.directory / "static"),
            "SECRET_KEY": "live-test-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "DEBUG": "",
            **(extra_env or {}),
        }
        self.database = None
        if self.env.get("DATABASE_URL", "").startswith("postgres"):
            self.env["DATABASE_URL"] = self._own_postgres_database(self.env["DATABASE_URL"])
        self.process = None
        self.log = self.directory / "gunicorn.log"

    def _own_postgres_database(self, url):
        """A database of this site's own beside the suite's (``tests/with_postgres.sh`` drops leftovers)."""
        import psycopg

        base = url.rsplit("/", 1)
        self.database = f"{base[1]}_{re.sub(r'[^a-z0-9]', '_', self.directory.name.lower())}"
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}"')
            connection.execute(f'CREATE DATABASE "{self.database}"')
        self._admin_url = url
        return f"{base[0]}/{self.database}"

    def manage(self, *args, check=True, timeout=600, env=None):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def setup(self):
        for command in (
            ["migrate", "--noinput"],
            ["load_gazetteer"],
            ["load_seeds"],
            ["sync_index"],
            ["collectstatic", "--noinput"],
        ):
            self.manage(*command)
        self.manage(
            "createsuperuser",
            "--noinput",
            "--username",
            ADMIN_USER,
            "--email",
            "editor@example.org",
            env={**self.env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
        )
        return self

    def start(self):
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer: {self.log.read_text()[-3000:]}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.database:
            import psycopg

            with psycopg.connect(self._admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.database = None

    def workers(self):
        """Pids of gunicorn's worker processes."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def get(self, path, **kwargs):
        return requests.get(self.base + path, timeout=60, **kwargs)

    def admin_session(self):
        session = requests.Session()
        session.get(self.base + "/admin/login/", timeout=30)
        response = session.post(
            self.base + "/admin/login/?next=/admin/",
            timeout=30,
            data={
                "username": ADMIN_USER,
                "password": ADMIN_PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
                "next": "/admin/",
            },
            headers={"Referer": self.base + "/admin/login/"},
        )
        assert response.status_code == 200 and "/admin/logout/" in response.text, response.text[:500]
        return session

    def upload_and_publish(self, session, text):
        """Upload one raw article through the admin and publish it; returns (article id, statuses seen)."""
        url = self.base + "/admin/archive/article/upload/"
        session.get(url, timeout=60)
        headers = {"Referer": url}
        response = session.post(
            url,
            data={"text": text, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            headers=headers,
            timeout=120,
        )
        statuses = [response.status_code]
        found = re.search(r"ذخیره شد: <a href=\"/admin/archive/article/(\d+)/change/\"", response.text)
        if not found:
            return None, statuses, response.text
        pk = found.group(1)
        listing = self.base + "/admin/archive/article/"
        response = session.post(
            listing,
            timeout=120,
            headers={"Referer": listing},
            data={
                "action": "publish_selected",
                "_selected_action": [pk],
                "index": "0",
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
        )
        statuses.append(response.status_code)
        return int(pk), statuses, response.text

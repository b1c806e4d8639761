"""Helpers shared by several test modules."""

import io
import json
import zipfile

# The browser tests drive Debian's Chromium (``make test`` installs it), never a downloaded one.
CHROMIUM = "/usr/bin/chromium"


def api(client, **params):
    """GET /api/search; the answer must be a 200 JSON document."""
    response = client.get("/api/search", params)
    assert response.status_code == 200, params
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def make_zip(members: dict) -> bytes:
    """A zip archive holding ``{name: bytes}``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def wait_for(predicate, what, timeout=120.0, interval=0.2):
    """Poll until ``predicate()`` holds and return its value; fail after ``timeout`` seconds.

    The one place tests wait: for a state they can observe (a worker replaced, an index drained), never
    for a fixed time (tests/test_no_fixed_sleeps.py keeps it so)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still not so after {timeout:.0f} s: {what}")
        time.sleep(interval)

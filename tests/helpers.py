"""Helpers shared by several test modules."""

import io
import json
import zipfile


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

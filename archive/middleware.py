"""Answers for failures that are not the reader's fault and not a bug."""

import logging

from django.db import OperationalError
from django.shortcuts import render

log = logging.getLogger(__name__)

# What SQLite and PostgreSQL say when another writer holds the lock past our timeout.
BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")


class DatabaseBusyMiddleware:
    """A database held by another writer answers 503 with a Persian page and Retry-After, not a 500.

    The request's transaction was rolled back, so nothing of it is stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        if not any(message in str(exception).lower() for message in BUSY_MESSAGES):
            return None
        log.warning("database busy, answered 503: %s %s: %s", request.method, request.path, exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "10"
        return response

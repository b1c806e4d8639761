"""Answers for failures that are not the reader's fault and not a bug."""

import logging

from django.db import DatabaseError
from django.shortcuts import render

from .errors import RETRY_AFTER, raised_by_search_engine, search_unavailable

log = logging.getLogger(__name__)

# What SQLite and PostgreSQL say when another writer holds the lock past our timeout.
BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")
# ... and when the database (or its file, or the disk under it) takes no writes at all.
READ_ONLY_MESSAGES = ("readonly database", "read-only transaction", "read-only file system",
                      "database or disk is full")


class DatabaseBusyMiddleware:
    """A database held by another writer, or one that takes no writes (read-only, full), answers 503
    with a Persian page and Retry-After, not a 500.

    The request's transaction was rolled back, so nothing of it is stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        message = str(exception).lower()
        read_only = any(text in message for text in READ_ONLY_MESSAGES)
        if not read_only and not any(text in message for text in BUSY_MESSAGES):
            return None
        log.warning("database %s, answered 503: %s %s: %s", "read-only" if read_only else "busy",
                    request.method, request.path, exception)
        response = render(request, "503.html", {"read_only": read_only}, status=503)
        response["Retry-After"] = RETRY_AFTER if read_only else "10"
        return response


class SearchUnavailableMiddleware:
    """An index that cannot be read (damaged or missing files) answers 503 in Persian on search pages,
    the API and feeds, not a 500; pages that need no search go on as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not raised_by_search_engine(exception):
            return None
        log.error("search index unreadable, answered 503: %s %s", request.method, request.path, exc_info=exception)
        return search_unavailable(request)

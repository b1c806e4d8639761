"""Answers for failures that are not the reader's fault and not a bug."""

import logging

from django.db import DatabaseError
from django.shortcuts import render

from .errors import RETRY_AFTER, raised_by_search_engine, search_unavailable

log = logging.getLogger(__name__)

# What SQLite and PostgreSQL say when another writer holds the lock past our timeout.
BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")
# ... and when the database (or its file, or the disk under it) takes no writes at all.
READ_ONLY_MESSAGES = (
    "readonly database",
    "read-only transaction",
    "read-only file system",
    "database or disk is full",
)


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
        log.warning(
            "database %s, answered 503: %s %s: %s",
            "read-only" if read_only else "busy",
            request.method,
            request.path,
            exception,
        )
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
        log.error(
            "search index unreadable, answered 503: %s %s", request.method, request.path, exc_info=exception
        )
        return search_unavailable(request)


def client_ip(request) -> str:
    """The reader's address, for the login throttle (django-axes' ``AXES_CLIENT_IP_CALLABLE``).

    Behind a reverse proxy every request comes from the proxy's address, so five wrong passwords
    from anyone would lock the real editor out. With ``TRUSTED_PROXY_HEADER`` set (``X-Forwarded-For``
    or ``X-Real-IP``), and only for requests that come from an address in ``TRUSTED_PROXIES``, the
    address is read from that header: for ``X-Forwarded-For`` the right-most entry that is not itself
    a trusted proxy (what our proxy appended; entries to its left are whatever the client sent).
    Anything else, or a header that says nothing usable, is the connection's own address.
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR", "") or ""
    header = settings.TRUSTED_PROXY_HEADER
    if not header or remote not in settings.TRUSTED_PROXIES:
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    for candidate in reversed([part.strip() for part in value.split(",")]):
        if candidate and candidate not in settings.TRUSTED_PROXIES and _is_address(candidate):
            return candidate
    return remote


def _is_address(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True

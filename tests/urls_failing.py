"""The site's URLs plus views that fail, to exercise the 400, 403 and 500 pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from archive.urls import handler400, handler403, handler404, handler500  # noqa: F401
from archive.urls import urlpatterns as site_patterns


def boom(request):
    raise RuntimeError("database down")


def bad(request):
    raise SuspiciousOperation("a malformed request")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("boom/", boom), path("bad/", bad), path("forbidden/", forbidden), *site_patterns]

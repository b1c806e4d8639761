"""The site's URLs plus one view that fails, to exercise the 500 page."""

from django.urls import path

from archive.urls import handler404, handler500  # noqa: F401
from archive.urls import urlpatterns as site_patterns


def boom(request):
    raise RuntimeError("database down")


urlpatterns = [path("boom/", boom), *site_patterns]

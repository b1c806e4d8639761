from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from . import views
from .alerts import views as alert_views
from .feeds import FEEDS
from .sitemaps import SITEMAPS


def feed_patterns(prefix, name, with_slug=False):
    """``<prefix>feed/`` (RSS) and ``<prefix>feed/atom/`` for one kind of feed."""
    rss, atom = FEEDS[name]
    route = f"{prefix}<str:slug>/feed/" if with_slug else f"{prefix}feed/"
    return [path(route, rss, name=f"{name}-feed"), path(route + "atom/", atom, name=f"{name}-feed-atom")]


archive_patterns = [
    path("", views.home, name="home"),
    path("statements/<int:pk>/", views.article_detail, name="article-short"),
    path("statements/<int:pk>/text/", views.article_text, name="article-text"),
    path("statements/<int:pk>/<str:slug>/", views.article_detail, name="article"),
    path("officials/", views.person_list, name="person-list"),
    path("officials/<str:slug>/", views.person_detail, name="person"),
    path("offices/", views.office_list, name="office-list"),
    path("offices/<str:slug>/", views.office_detail, name="office"),
    path("places/", views.place_list, name="place-list"),
    path("places/<str:slug>/", views.place_detail, name="place"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/<str:slug>/", views.agency_detail, name="agency"),
    path("search/", views.search, name="search"),
    path("search/export.<str:fmt>", views.search_export, name="search-export"),
    path("api/search", views.api_search, name="api-search"),
    *feed_patterns("", "latest"),
    *feed_patterns("officials/", "person", with_slug=True),
    *feed_patterns("offices/", "office", with_slug=True),
    *feed_patterns("places/", "place", with_slug=True),
    *feed_patterns("agencies/", "agency", with_slug=True),
    *feed_patterns("search/", "search"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("alerts/subscribe/", alert_views.subscribe, name="alert-subscribe"),
    path("alerts/confirm/<str:token>/", alert_views.confirm, name="alert-confirm"),
    path("alerts/unsubscribe/<str:token>/", alert_views.unsubscribe, name="alert-unsubscribe"),
    path("alerts/manage/<str:token>/", alert_views.manage, name="alert-manage"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((archive_patterns, "archive"))),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]

handler400 = "archive.errors.bad_request"
handler403 = "archive.errors.permission_denied"
handler404 = "archive.errors.not_found"
handler500 = "archive.errors.server_error"

from django.contrib import admin
from django.urls import include, path

from . import views

archive_patterns = [
    path("", views.home, name="home"),
    path("statements/<int:pk>/", views.article_detail, name="article-short"),
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
    path("api/search", views.api_search, name="api-search"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include((archive_patterns, "archive"))),
]

handler404 = "archive.errors.not_found"
handler500 = "archive.errors.server_error"

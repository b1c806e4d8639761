"""sitemap.xml: every published statement and every page of an official, office, place or agency."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Agency, Article, Office, Person, Place


class StatementSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "title", "updated_at").order_by("pk")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # The index's date for the section in one query (Django's default reads every statement).
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class NamedSitemap(Sitemap):
    """Pages of the things statements point to, with the time their latest statement changed."""

    changefreq = "weekly"
    model = None

    def items(self):
        return self.model.objects.with_statement_counts().order_by("pk")

    def lastmod(self, item):
        return item.statements_changed_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("statements_changed_at"))["latest"]


class PersonSitemap(NamedSitemap):
    model = Person


class OfficeSitemap(NamedSitemap):
    model = Office


class AgencySitemap(NamedSitemap):
    model = Agency


class PlaceSitemap(NamedSitemap):
    model = Place


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "person-list", "office-list", "place-list", "agency-list"]

    def location(self, name):
        return reverse(f"archive:{name}")


SITEMAPS = {
    "pages": SectionSitemap,
    "statements": StatementSitemap,
    "officials": PersonSitemap,
    "offices": OfficeSitemap,
    "places": PlaceSitemap,
    "agencies": AgencySitemap,
}

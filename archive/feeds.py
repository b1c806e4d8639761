"""RSS and Atom feeds: the latest statements, per official, office, place, agency and search.

Built on Django's syndication framework. Each feed class answers one scope;
the Atom variant of each only changes the format. Items link to the short
permalink (``/statements/<id>/``), which never changes when a title or
speaker is corrected, and carry an HTML description that is escaped here:
feed readers render a description as HTML, so uploaded text must arrive as
text, never as markup.
"""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html, format_html_join

from . import jalali
from .models import Article
from .persian import display_text
from .search.filters import BY_PARAM, SearchFilter
from .search.service import build_request, query_string, run_search

SITE_NAME = "آرشیو گفته‌های مقام‌ها"
ITEMS = 50


@dataclass
class Scope:
    """What a feed covers: its title, the page it mirrors and its statements, newest first."""

    title: str
    description: str
    link: str
    articles: object  # a QuerySet or a list of articles
    feed_path: str  # the RSS feed's own path; the Atom feed's adds "atom/"
    query: str = ""  # the search feed's query string

    def feed_urls(self) -> dict:
        return feed_urls(self.feed_path, self.query)


def feed_urls(rss_path: str, query: str = "") -> dict:
    """``{"rss": url, "atom": url}`` of a feed whose RSS lives at ``rss_path`` (Atom at ``rss_path +
    "atom/"``)."""
    suffix = f"?{query}" if query else ""
    return {"rss": rss_path + suffix, "atom": rss_path + "atom/" + suffix}


def _published():
    return Article.objects.published().with_relations().newest_first()


def _public(articles):
    """A named record's statements, or 404 when none is published (a name only drafts hold stays unknown)."""
    if not articles.exists():
        raise Http404("بیانیهٔ منتشرشده‌ای ندارد.")
    return articles


class StatementFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "fa"
    author_name = SITE_NAME

    def __call__(self, request, *args, **kwargs):
        # The whole feed in Persian letters (Arabic ي/ك and presentation forms as pages show them);
        # display_text changes letters only, so the XML and its escaping stay as written.
        response = super().__call__(request, *args, **kwargs)
        response.content = display_text(response.content.decode(response.charset)).encode(response.charset)
        return response

    def get_object(self, request, **kwargs) -> Scope:
        raise NotImplementedError

    def title(self, scope):
        return f"{scope.title} | {SITE_NAME}"

    def subtitle(self, scope):
        return scope.description

    def description(self, scope):
        return scope.description

    def link(self, scope):
        return scope.link

    def feed_url(self, scope):
        return scope.feed_urls()["atom" if self.feed_type is Atom1Feed else "rss"]

    def items(self, scope):
        articles = scope.articles
        return list(articles[:ITEMS]) if isinstance(articles, QuerySet) else articles[:ITEMS]

    def item_title(self, article):
        return article.title

    def item_link(self, article):
        return reverse("archive:article-short", args=[article.pk])

    item_guid_is_permalink = True  # the guid is the absolute permalink

    def item_description(self, article):
        facts = [
            ("گوینده", article.speaker.name if article.speaker else ""),
            ("سمت", article.office.name if article.office else ""),
            ("مکان", str(article.place) if article.place else ""),
            ("تاریخ", jalali.format_jalali(article.date)),
            ("منبع خبر", article.agency.name if article.agency else ""),
        ]
        # The whole statement, one escaped <p> per paragraph (the body holds one paragraph per line).
        paragraphs = ([article.lead] if article.lead else []) + article.paragraphs()
        return format_html(
            "<p>{}</p>{}",
            format_html_join(" · ", "{}: {}", ((label, value) for label, value in facts if value)),
            format_html_join("", "<p>{}</p>", ((p,) for p in paragraphs)),
        )

    def item_author_name(self, article):
        return article.speaker.name if article.speaker else None

    def item_categories(self, article):
        return [
            name
            for name in (
                article.office.name if article.office else None,
                article.place.name if article.place else None,
                article.agency.name if article.agency else None,
            )
            if name
        ]

    def item_pubdate(self, article):
        # A statement's date has no time; noon in Tehran keeps it on the same day in every zone near Iran.
        if article.date:
            return datetime.datetime.combine(
                article.date, datetime.time(12), tzinfo=timezone.get_default_timezone()
            )
        return article.created_at

    def item_updateddate(self, article):
        return article.updated_at


class LatestFeed(StatementFeed):
    def get_object(self, request):
        return Scope(
            "تازه‌ترین بیانیه‌ها",
            "تازه‌ترین بیانیه‌های منتشرشده در آرشیو.",
            "/",
            _published(),
            reverse("archive:latest-feed"),
        )


class RecordFeed(StatementFeed):
    """The statements of one record found by its slug: an official's, an office's, a place's, an agency's.

    A subclass names the search filter that narrows statements to the record (which also names its model),
    the RSS feed's URL name and the sentence that describes the feed."""

    search_filter: SearchFilter
    url_name: str
    about: str  # the feed's description; ``{}`` stands for the record
    # A record no published statement names stays unknown (404); a place has a page and a feed even then.
    unknown_when_empty = True

    def get_object(self, request, slug):
        record = get_object_or_404(self.search_filter.model, slug=slug)
        articles = self.search_filter.narrowed(_published(), record)
        return Scope(
            str(record),
            self.about.format(record),
            record.get_absolute_url(),
            _public(articles) if self.unknown_when_empty else articles,
            reverse(self.url_name, args=[slug]),
        )


class PersonFeed(RecordFeed):
    search_filter = BY_PARAM["official"]
    url_name = "archive:person-feed"
    about = "تازه‌ترین بیانیه‌های {}."


class OfficeFeed(RecordFeed):
    search_filter = BY_PARAM["office"]
    url_name = "archive:office-feed"
    about = "تازه‌ترین بیانیه‌های {}."


class PlaceFeed(RecordFeed):
    search_filter = BY_PARAM["place"]
    url_name = "archive:place-feed"
    about = "تازه‌ترین بیانیه‌ها در {} و هر جای درون آن."
    unknown_when_empty = False


class AgencyFeed(RecordFeed):
    search_filter = BY_PARAM["agency"]
    url_name = "archive:agency-feed"
    about = "تازه‌ترین بیانیه‌هایی که {} منتشر کرده است."


class SearchFeed(StatementFeed):
    """The search page's query and filters, newest first (whatever order the page was in)."""

    def get_object(self, request):
        params = request.GET.copy()
        params["sort"] = "newest"
        params["page"] = "1"
        params["per_page"] = str(ITEMS)
        search_request = build_request(params, max_per_page=ITEMS)
        outcome = run_search(search_request, with_facets=False)
        query = search_request.raw_query
        title = f"جست‌وجوی «{query[:80]}»" if query else "جست‌وجو"
        query = query_string(request.GET, sort=None)
        return Scope(
            title,
            "تازه‌ترین بیانیه‌هایی که با این جست‌وجو و پالایه‌هایش یافت می‌شوند.",
            reverse("archive:search") + (f"?{query}" if query else ""),
            [hit.article for hit in outcome.hits],
            reverse("archive:search-feed"),
            query,
        )


def atom(feed_class):
    """The Atom variant of an RSS feed class."""
    return type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": Atom1Feed})


FEEDS = {
    name: (cls(), atom(cls)())
    for name, cls in {
        "latest": LatestFeed,
        "person": PersonFeed,
        "office": OfficeFeed,
        "place": PlaceFeed,
        "agency": AgencyFeed,
        "search": SearchFeed,
    }.items()
}

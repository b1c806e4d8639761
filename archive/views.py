"""Browse pages: thin views that call QuerySet methods and render templates."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Min, OuterRef, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import uri_to_iri

from . import export, jalali, timeline
from .alerts.scope import scope_for_feed
from .errors import raised_by_search_engine
from .feeds import feed_urls
from .models import Agency, Article, Office, OfficeAlias, Person, PersonAlias, Place
from .persian import display_text, initial, name_key
from .search.filters import FILTERS
from .search.service import SORTS, build_request, query_string, related, run_search, search_params

HOME = ("خانه", reverse_lazy("archive:home"))
log = logging.getLogger(__name__)


def scoped_timeline(articles, param, slug):
    """The monthly chart of ``articles``; each month links to the search scoped by ``param=slug``."""

    def url_for(date_from, date_to):
        return (
            reverse("archive:search")
            + "?"
            + urlencode({param: slug, "date_from": date_from, "date_to": date_to})
        )

    return timeline.build(timeline.day_counts(articles), url_for)


def feeds_for(name, *args, title, query=""):
    """The RSS and Atom addresses of a page's feed, for its ``<link rel=alternate>`` and visible links,
    and the scope of its e-mail alert («خبرم کن», templates/includes/feed_links.html)."""
    return {
        "title": title,
        **feed_urls(reverse(f"archive:{name}-feed", args=args), query),
        "alert_scope": scope_for_feed(name, args, query),
    }


def share_links(url, title):
    """Plain share addresses (no third-party script on the page: each is a link the reader may follow)."""
    text = f"{title}\n{url}"
    return {
        "url": uri_to_iri(url),  # shown and copied in Persian letters, not %D8%…
        "links": [
            ("تلگرام", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
            ("واتس‌اپ", "https://wa.me/?" + urlencode({"text": text})),
            ("ایکس (توییتر)", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})),
            ("فیس‌بوک", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
            ("رایانامه", "mailto:?" + urlencode({"subject": title, "body": text}, quote_via=quote)),
        ],
    }


def paginate(request, queryset):
    paginator = Paginator(queryset, settings.ARCHIVE_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def home(request):
    published = Article.objects.published()
    context = {
        # The latest statements by named officials lead; news with no named speaker is in search and feeds.
        "latest": published.by_named_officials().with_relations().newest_first()[:10],
        "counts": {
            "articles": published.count(),
            "people": Person.objects.with_statement_counts().count(),
            "places": Place.objects.with_statement_counts().count(),
            "agencies": Agency.objects.with_statement_counts().count(),
        },
        "top_people": Person.objects.with_statement_counts().order_by("-n_statements", "sort_name")[:8],
        "top_places": Place.objects.with_statement_counts()
        .select_related("province")
        .order_by("-n_statements", "sort_name")[:8],
    }
    context["feed"] = feeds_for("latest", title="تازه‌ترین بیانیه‌ها")
    return render(request, "archive/home.html", context)


def _related_or_none(article):
    """The statement's related statements, or None when the search index cannot be read (the page says so)."""
    try:
        return related(article)
    except Exception as error:
        if not raised_by_search_engine(error):
            raise
        log.error(
            "related statements of %s left out: the search index cannot be read", article.pk, exc_info=error
        )
        return None


def article_detail(request, pk, slug=None):
    queryset = Article.objects.with_relations()
    if not (request.user.is_authenticated and request.user.is_staff):
        queryset = queryset.published()
    article = get_object_or_404(queryset, pk=pk)
    if slug != article.slug:
        # Old or missing slugs redirect to the current permalink.
        return redirect(article, permanent=True)
    breadcrumbs = [HOME]
    if article.speaker:
        breadcrumbs += [
            ("مقام‌ها", reverse("archive:person-list")),
            (article.speaker.name, article.speaker.get_absolute_url()),
        ]
    return render(
        request,
        "archive/article_detail.html",
        {
            "article": article,
            "related": _related_or_none(article) if article.is_published else [],
            "breadcrumbs": breadcrumbs + [(article.title, None)],
            "permalink": export.permalink(request, article),
            "feed": feeds_for("person", article.speaker.slug, title=f"بیانیه‌های {article.speaker.name}")
            if article.speaker
            else feeds_for("latest", title="تازه‌ترین بیانیه‌ها"),
            "og": {
                "title": article.title,
                "description": article.lead or " ".join(article.paragraphs()[:1]),
                "type": "article",
                "url": request.build_absolute_uri(article.get_absolute_url()),
                "published": article.date,
            },
        },
    )


def article_text(request, pk):
    """A published statement as plain text (UTF-8), for quoting and keeping."""
    article = get_object_or_404(Article.objects.published().with_relations(), pk=pk)
    response = HttpResponse(export.plain_text(request, article), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="statement-{article.pk}.txt"'
    return response


INDEX_SORTS = {"name": "الفبا", "count": "شمار بیانیه‌ها"}


def _index(request, model, title, intro, items=None, filter_label="پالایش نام‌ها"):
    """A name index: filtered by ``?q=`` (any spelling: ZWNJ, spaces, ي/ی), sorted by name (grouped under
    letters to jump to) or by number of statements (``?sort=count``); all server-side, so it works without
    script (static/js/site.js only filters as one types)."""
    items = model.objects.with_statement_counts() if items is None else items
    query = request.GET.get("q", "").strip()[:100]
    key = name_key(query)
    if key:
        matching = [pk for pk, name in model.objects.values_list("pk", "name") if key in name_key(name)]
        if model is Person:  # any known spelling
            matching += PersonAlias.objects.filter(key__contains=key).values_list("person_id", flat=True)
        items = items.filter(pk__in=matching)
    sort = request.GET.get("sort") if request.GET.get("sort") in INDEX_SORTS else "name"
    items = list(
        items.order_by("-n_statements", "sort_name", "pk") if sort == "count" else items.alphabetical()
    )
    groups = []
    if sort == "name":
        for item in items:
            letter = initial(item.name)
            if not groups or groups[-1][0] != letter:
                groups.append((letter, []))
            groups[-1][1].append(item)
    here = request.path
    return render(
        request,
        "archive/name_index.html",
        {
            "items": items,
            "groups": groups,
            "title": title,
            "intro": intro,
            "query": query,
            "sort": sort,
            "sorts": [
                (key, label, here + "?" + urlencode({"sort": key, **({"q": query} if query else {})}))
                for key, label in INDEX_SORTS.items()
            ],
            "filter_label": filter_label,
            "breadcrumbs": [HOME, (title, None)],
        },
    )


def person_list(request):
    # Each official with the office of their latest statement beside the name.
    latest = (
        Article.objects.published()
        .filter(speaker=OuterRef("pk"))
        .exclude(office=None)
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )
    people = Person.objects.with_statement_counts().annotate(
        detail=Subquery(latest.values("office__name")[:1])
    )
    return _index(
        request,
        Person,
        "مقام‌ها",
        "مقام‌هایی که بیانیه‌ای از آن‌ها در آرشیو هست، با سمتِ آخرین بیانیه‌شان.",
        items=people,
        filter_label="پالایش نام مقام‌ها",
    )


def office_list(request):
    return _index(request, Office, "سمت‌ها", "سمت‌هایی که در بیانیه‌ها آمده‌اند.", filter_label="پالایش سمت‌ها")


def agency_list(request):
    return _index(
        request,
        Agency,
        "منابع خبر",
        "خبرگزاری‌ها و روابط عمومی‌هایی که بیانیه‌ها را منتشر کرده‌اند.",
        filter_label="پالایش منابع خبر",
    )


def _named_or_merged(model, alias_model, owner, slug):
    """``(record, None)`` for the record with this slug; ``(None, survivor)`` when an editor merged it
    into another record (its old address redirects there); 404 otherwise."""
    found = model.objects.filter(slug=slug).first()
    if found is not None:
        return found, None
    # The latest merge wins if a slug was taken again and merged away a second time.
    alias = alias_model.objects.select_related(owner).filter(former_slug=slug).order_by("-pk").first()
    if alias is None:
        raise Http404
    return None, getattr(alias, owner)


@dataclass(frozen=True)
class _RecordPage:
    """What differs between the pages of an official, an office, an agency and a place.

    The kind's name (``person``) names the template (``archive/person_detail.html``), the record in it,
    the feed (``archive:person-feed``) and the list the breadcrumbs lead back to (``archive:person-list``)."""

    param: str  # the search filter the monthly chart's links scope by (archive.search.filters)
    noun: str  # the kind in Persian ("مقام")
    list_label: str  # the list's name in the breadcrumbs
    feed_title: str  # ``{}`` stands for the record
    about: str  # the page's description in its sharing tags


_RECORD_PAGES = {
    "person": _RecordPage(
        "official", "مقام", "مقام‌ها", "بیانیه‌های {}", "بیانیه‌های {} در آرشیو گفته‌های مقام‌ها"
    ),
    "office": _RecordPage("office", "سمت", "سمت‌ها", "بیانیه‌های {}", "بیانیه‌های {} در آرشیو گفته‌های مقام‌ها"),
    "agency": _RecordPage(
        "agency", "منبع خبر", "منابع خبر", "بیانیه‌های منتشرشده در {}", "بیانیه‌هایی که {} منتشر کرده است"
    ),
    "place": _RecordPage("place", "مکان", "مکان‌ها", "بیانیه‌ها در {}", "بیانیه‌های مقام‌ها در {} و شهرهای آن"),
}


def _record_page(request, kind, record, articles, *, parents=(), **context):
    """The page of ``record``: ``context``, its statements a page at a time, their monthly chart, its feed,
    its sharing tags and the breadcrumbs through its list and its ``parents``."""
    page = _RECORD_PAGES[kind]
    crumbs = [HOME, (page.list_label, reverse(f"archive:{kind}-list"))]
    crumbs += [(parent.name, parent.get_absolute_url()) for parent in parents]
    return render(
        request,
        f"archive/{kind}_detail.html",
        {
            kind: record,
            **context,
            "page": paginate(request, articles),
            "timeline": scoped_timeline(articles, page.param, record.slug),
            "feed": feeds_for(kind, record.slug, title=page.feed_title.format(record)),
            "og": {"title": str(record), "description": page.about.format(record)},
            "breadcrumbs": [*crumbs, (str(record), None)],
        },
    )


def _published_or_404(kind, articles):
    """A record's published ``articles`` with their relations, newest first; 404 when there are none (a name
    only drafts hold stays unknown)."""
    articles = articles.with_relations().newest_first()
    if not articles.exists():
        raise Http404(f"این {_RECORD_PAGES[kind].noun} بیانیهٔ منتشرشده‌ای ندارد.")
    return articles


def person_detail(request, slug):
    person, survivor = _named_or_merged(Person, PersonAlias, "person", slug)
    if survivor is not None:
        return redirect(survivor, permanent=True)
    articles = _published_or_404("person", Article.objects.published().by_person(person))
    offices = list(person.offices_held())
    places = (
        Place.objects.filter(articles__in=articles)
        .select_related("province")
        .annotate(n=Count("articles"), last_seen=Max("articles__date"))
        .order_by("-n", "sort_name")
    )
    url = request.build_absolute_uri(person.get_absolute_url())
    return _record_page(
        request,
        "person",
        person,
        articles,
        offices=offices,
        current_office=offices[0] if offices else None,
        earlier_offices=offices[1:],
        places=places,
        span=articles.aggregate(first=Min("date"), last=Max("date")),
        share=share_links(url, f"بیانیه‌های {person.name} در آرشیو گفته‌های مقام‌ها"),
    )


def office_detail(request, slug):
    office, survivor = _named_or_merged(Office, OfficeAlias, "office", slug)
    if survivor is not None:
        return redirect(survivor, permanent=True)
    articles = _published_or_404("office", Article.objects.published().by_office(office))
    people = Person.objects.filter(articles__in=articles).annotate(n=Count("articles")).alphabetical()
    return _record_page(request, "office", office, articles, people=people)


def agency_detail(request, slug):
    agency = get_object_or_404(Agency.objects.select_related("parent"), slug=slug)
    articles = _published_or_404("agency", Article.objects.published().by_agency(agency))
    bureaus = agency.bureaus.with_statement_counts().alphabetical()
    parents = [agency.parent] if agency.parent else []
    return _record_page(request, "agency", agency, articles, parents=parents, bureaus=bureaus)


def _place_totals():
    """Published statements per place (the kept counts), rolled up to counties and provinces."""
    direct = dict(Place.objects.with_statement_counts().values_list("pk", "n_statements"))
    totals = defaultdict(int)
    places = Place.objects.filter(pk__in=direct).select_related("parent", "province")
    for place in places:
        n = direct[place.pk]
        totals[place.pk] += n
        if place.kind != Place.Kind.PROVINCE:
            totals[place.province_id] += n
        if place.kind == Place.Kind.CITY:
            totals[place.parent_id] += n
    return direct, totals


def place_list(request):
    direct, totals = _place_totals()
    places = Place.objects.filter(pk__in=totals).select_related("parent").alphabetical()
    children = defaultdict(list)
    provinces, abroad = [], []
    for place in places:
        place.n_total = totals[place.pk]
        place.n_direct = direct.get(place.pk, 0)
        if place.kind == Place.Kind.PROVINCE:
            provinces.append(place)
        elif place.kind == Place.Kind.FOREIGN:
            abroad.append(place)
        else:
            children[place.parent_id].append(place)
    for place in places:
        place.child_list = children.get(place.pk, [])
    return render(
        request,
        "archive/place_list.html",
        {"provinces": provinces, "abroad": abroad, "breadcrumbs": [HOME, ("مکان‌ها", None)]},
    )


def place_detail(request, slug):
    place = get_object_or_404(Place.objects.select_related("parent", "province"), slug=slug)
    articles = Article.objects.published().in_place(place).with_relations().newest_first()
    _, totals = _place_totals()
    sub_places = [child for child in place.children.filter(pk__in=totals).alphabetical()]
    for child in sub_places:
        child.n_total = totals[child.pk]
    return _record_page(request, "place", place, articles, parents=place.ancestors(), sub_places=sub_places)


def search(request):
    search_request = build_request(request.GET)
    outcome = run_search(search_request)
    params = search_params(request.GET)
    page_query = query_string(params)
    f = search_request.filters
    active = [
        (
            search_filter.label if search_filter.is_toggle else str(chosen),
            "?" + query_string(params, **{param: None}),
        )
        for search_filter in FILTERS
        if (chosen := f.get(param := search_filter.param)) is not None
    ]
    if f.date_from:
        active.append((f"از {jalali.format_jalali(f.date_from)}", "?" + query_string(params, date_from=None)))
    if f.date_to:
        active.append((f"تا {jalali.format_jalali(f.date_to)}", "?" + query_string(params, date_to=None)))
    # The side column: each facet of the filter table under its label, in the table's order.
    facet_sections = [
        (
            search_filter.label,
            [
                (obj, n, "?" + query_string(params, **{search_filter.param: obj.slug}))
                for obj, n in outcome.facets.get(search_filter.param, [])
            ],
        )
        for search_filter in FILTERS
        if search_filter.facet
    ]
    # The yes/no filters: checkboxes of the search form (never carried as hidden fields).
    toggles = [(t.param, t.label, f.get(t.param) is not None) for t in FILTERS if t.is_toggle]
    hidden = {
        key: value
        for key, value in params.items()
        if value and key not in ("q", "sort") and key not in {param for param, _l, _c in toggles}
    }
    years = []
    for year, n in outcome.facets.get("year", []):
        start, end = jalali.year_bounds(year)
        years.append((year, n, "?" + query_string(params, date_from=start, date_to=end)))
    return render(
        request,
        "archive/search.html",
        {
            "outcome": outcome,
            "query": search_request.raw_query,
            "params": params,
            "active_filters": active,
            "facet_sections": facet_sections,
            "facet_labels": "، ".join([label for label, _items in facet_sections] + ["سال"]),
            "has_facets": bool(outcome.facets),
            "toggles": toggles,
            "hidden_params": hidden,
            "years": years,
            "sorts": [
                (key, label, "?" + query_string(params, sort=key))
                for key, label in SORTS.items()
                if key != "relevance" or not search_request.query.is_empty
            ],
            "page_query": page_query,
            "timeline": timeline.build(
                outcome.day_counts,
                lambda start, end: "?" + query_string(params, date_from=start, date_to=end),
            ),
            "suggestion_url": "?" + query_string(params, q=outcome.suggestion)
            if outcome.suggestion
            else None,
            "breadcrumbs": [HOME, ("جست‌وجو", None)],
            "feed": feeds_for("search", title="نتیجه‌های این جست‌وجو", query=query_string(params, sort=None)),
            "exports": {
                fmt: reverse("archive:search-export", args=[fmt]) + "?" + page_query
                for fmt in ("csv", "json")
            },
            "og": {
                "title": f"جست‌وجوی «{search_request.raw_query[:60]}»"
                if search_request.raw_query
                else "جست‌وجو"
            },
        },
    )


def search_export(request, fmt):
    """Every statement a search matches, with its filters, as CSV or JSON (streamed)."""
    if fmt not in ("csv", "json"):
        raise Http404("این قالب برون‌بری وجود ندارد.")
    search_request = build_request(request.GET)
    if fmt == "csv":
        return export.csv_response(request, search_request)
    return export.json_response(request, search_request)


def _hit_json(request, hit):
    return {
        **export.article_record(request, hit.article),
        "snippet": display_text(str(hit.snippet_html)),
        "all_words": hit.all_words,
    }


def api_search(request):
    search_request = build_request(request.GET)
    outcome = run_search(search_request, with_facets=False)
    payload = {
        "query": str(search_request.query),
        "total": outcome.total,
        "all_words_total": outcome.all_words_total,
        "page": search_request.page,
        "per_page": search_request.per_page,
        "num_pages": outcome.num_pages,
        "sort": search_request.sort,
        "messages": search_request.messages,
        "suggestion": outcome.suggestion,
        "results": [_hit_json(request, hit) for hit in outcome.hits],
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


def robots_txt(request):
    """Crawlers may read the archive; not the admin, searches (endless filter combinations) or the API."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /api/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

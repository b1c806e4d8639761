"""What an alert follows, and which statements it has not been sent yet.

A scope is a dict of the parameters the feeds and the search page take: ``official``, ``office``,
``place``, ``agency`` (slugs), ``q`` and the search's date filters. An empty scope follows every
statement (the latest-statements feed).
"""

from urllib.parse import parse_qsl, urlencode

from django.urls import reverse

from archive.jalali import format_jalali, parse_jalali
from archive.models import (
    AlertPublication,
    Article,
    Office,
    OfficeAlias,
    Person,
    PersonAlias,
)
from archive.search.filters import FILTERS, TOGGLE_ON

# The search filters (archive.search.filters): the records named by slug, and every parameter.
NAMED = {f.param: f.model for f in FILTERS if not f.is_toggle}
SCOPE_KEYS = (*(f.param for f in FILTERS), "q", "date_from", "date_to")
# Statements matched against a search alert's query in one run (newest first seen); the rest wait.
SEARCH_CANDIDATES = 2000
# The feeds whose page is one named record: feed name -> scope parameter.
FEED_PARAM = {"person": "official", "office": "office", "place": "place", "agency": "agency"}


class ScopeGone(Exception):
    """A named record of the scope no longer exists (nor under an old slug)."""


def clean_scope(params) -> dict:
    """The scope parameters of a QueryDict or dict, stripped and bounded, empty ones left out."""
    scope = {}
    for key in SCOPE_KEYS:
        value = params.get(key, "")
        if isinstance(value, (list, tuple)):
            value = value[0] if value else ""
        value = "".join(ch for ch in str(value) if ch.isprintable() or ch == "\u200c").strip()[:300]
        if value:
            scope[key] = value
    return scope


def scope_for_feed(name, args, query="") -> dict:
    """The scope of a page's feed (``views.feeds_for``): its record's slug, or the search's parameters."""
    if name in FEED_PARAM and args:
        return {FEED_PARAM[name]: str(args[0])}
    if name == "search":
        return clean_scope(dict(parse_qsl(query)))
    return {}


def subscribe_url(scope) -> str:
    url = reverse("archive:alert-subscribe")
    return f"{url}?{urlencode(scope)}" if scope else url


def _lookup(model, slug):
    found = model.objects.filter(slug=slug).first()
    if found is not None:
        return found
    # A record an editor merged into another keeps its old slug as an alias: follow the survivor.
    alias_model, owner = {Person: (PersonAlias, "person"), Office: (OfficeAlias, "office")}.get(
        model, (None, None)
    )
    if alias_model is not None:
        alias = alias_model.objects.select_related(owner).filter(former_slug=slug).order_by("-pk").first()
        if alias is not None:
            return getattr(alias, owner)
    raise ScopeGone(f"{model.__name__} {slug!r}")


def resolve(scope) -> dict:
    """``{"official": Person, ..., "date_from": date, ...}`` for a scope; :class:`ScopeGone` when a named
    record is unknown. Dates that do not read are dropped (as the search page drops them)."""
    resolved = {key: _lookup(model, scope[key]) for key, model in NAMED.items() if scope.get(key)}
    resolved.update({f.param: True for f in FILTERS if f.is_toggle and scope.get(f.param) in TOGGLE_ON})
    for key in ("date_from", "date_to"):
        if scope.get(key):
            value = parse_jalali(scope[key])
            if value is not None:
                resolved[key] = value
    return resolved


# What follows the subject of a label, in order: the filter, its Persian preposition, how its value reads.
_QUALIFIERS = (
    ("place", "در", str),
    ("agency", "منتشرشده در", lambda agency: agency.name),
    ("date_from", "از", lambda day: format_jalali(day)),
    ("date_to", "تا", lambda day: format_jalali(day)),
)


def label(scope, resolved=None) -> str:
    """What the alert follows, in Persian: «بیانیه‌های حسن روحانی»، «جست‌وجوی «آب» در تهران»."""
    resolved = resolve(scope) if resolved is None else resolved
    parts = []
    if "official" in resolved:
        parts.append(f"بیانیه‌های {resolved['official'].name}")
        if "office" in resolved:
            parts.append(f"در سمت {resolved['office'].name}")
    elif "office" in resolved:
        parts.append(f"بیانیه‌های {resolved['office'].name}")
    elif not scope.get("q") or set(resolved) & {"place", "agency", "date_from", "date_to"}:
        parts.append("بیانیه‌ها")
    parts.extend(f"{prefix} {show(resolved[key])}" for key, prefix, show in _QUALIFIERS if key in resolved)
    text = " ".join(parts)
    toggles = [f.label for f in FILTERS if f.is_toggle and f.param in resolved]
    if toggles:
        text = "، ".join([text or "بیانیه‌ها", *toggles])
    if scope.get("q"):
        text = f"جست‌وجوی «{scope['q'][:80]}»" + (f"، {text}" if text else "")
    return text[:300] if text != "بیانیه‌ها" else "همهٔ بیانیه‌های تازه"


def filtered(articles, resolved):
    """``articles`` narrowed to a resolved scope's filters and dates, as the feeds narrow them."""
    for search_filter in FILTERS:
        if search_filter.param in resolved:
            articles = search_filter.narrowed(articles, resolved[search_filter.param])
    if "date_from" in resolved and "date_to" in resolved:
        start, end = sorted((resolved["date_from"], resolved["date_to"]))
        articles = articles.filter(date__range=(start, end))
    elif "date_from" in resolved:
        articles = articles.filter(date__gte=resolved["date_from"])
    elif "date_to" in resolved:
        articles = articles.filter(date__lte=resolved["date_to"])
    return articles


def _matching_query(scope, ids) -> set:
    """Which of the statements ``ids`` the scope's query finds (the search engine decides, as on the page)."""
    from haystack.query import SQ

    from archive.search.service import base_queryset, build_request

    request = build_request({"q": scope["q"]}, max_per_page=len(ids))
    if request.query.is_empty:
        return set(ids)
    found = set()
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        id_filter = SQ()
        for pk in chunk:
            id_filter |= SQ(django_id=str(pk))
        sqs = base_queryset(request).filter(id_filter)
        found.update(int(result.pk) for result in sqs[: len(chunk)])
    return found


def new_statements(subscription, limit):
    """Published statements in the subscription's scope first seen published after it was confirmed and
    never sent to it, oldest first seen first, at most ``limit``. Raises :class:`ScopeGone`."""
    resolved = resolve(subscription.params)
    articles = (
        Article.objects.published()
        .filter(alert_publication__seen_at__gt=subscription.confirmed_at)
        .exclude(pk__in=subscription.deliveries.values("article_id"))
    )
    articles = filtered(articles, resolved).order_by("alert_publication__seen_at", "pk")
    if subscription.params.get("q"):
        ids = list(articles.values_list("pk", flat=True)[:SEARCH_CANDIDATES])
        if not ids:
            return []
        found = _matching_query(subscription.params, ids)
        articles = articles.filter(pk__in=[pk for pk in ids if pk in found])
    return list(articles.with_relations()[:limit])


def sync_publications(now):
    """Note every published statement the ledger has not seen yet as first seen ``now``."""
    missing = Article.objects.published().filter(alert_publication=None).values_list("pk", flat=True)
    AlertPublication.objects.bulk_create(
        [AlertPublication(article_id=pk, seen_at=now) for pk in missing.iterator()],
        batch_size=1000,
        ignore_conflicts=True,
    )

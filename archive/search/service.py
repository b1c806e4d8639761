"""Search as the pages and the API use it: a validated request in, a page of statements out.

Views, feeds, exports and alerts call :func:`build_request` and :func:`run_search` (or
:func:`base_queryset`); pages never build a haystack query themselves. An app service of
``archive/search/``: it imports the models, and the engine modules (analysis, query, highlight,
vector, backend, lock) never import it.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from haystack import connections
from haystack.query import SQ, SearchQuerySet

from archive.jalali import parse_jalali, to_jalali
from archive.models import Article
from archive.persian import to_persian_digits

from .backend import with_loose
from .filters import BY_PARAM, FILTERS, TOGGLE_ON
from .highlight import highlight, highlight_title, query_terms
from .query import COMMON_MIN_STATEMENTS, COMMON_SHARE, LIMIT_MESSAGES, ParsedQuery, parse_query
from .vector import PLAUSIBLE_DATES, plausible_date

SORTS = {"relevance": "مرتبط‌ترین", "newest": "تازه‌ترین", "oldest": "قدیمی‌ترین"}
# The index fields counted beside the results: the filters' facets (archive.search.filters), and the year.
FACET_FIELDS = (*(f.index_field for f in FILTERS if f.facet), "year")
# How many of a facet's counts the page shows.
FACET_SHOWN = 12
MAX_PAGE = 1000
PAGE_MESSAGE = (
    f"صفحه‌های پس از {to_persian_digits(MAX_PAGE)} نمایش داده نمی‌شوند؛ "
    "پرسش را دقیق‌تر کنید یا پالایه‌ای بیفزایید."
)
DATE_WINDOW_MESSAGE = (
    f"آرشیو تاریخی پیش از سال {to_persian_digits(to_jalali(PLAUSIBLE_DATES[0]).year)} "
    f"یا پس از {to_persian_digits(to_jalali(PLAUSIBLE_DATES[1]).year)} ندارد؛ "
    "بازهٔ تاریخ به این سال‌ها محدود شد."
)


# The search page's and the API's parameters (a field per filter of archive.search.filters).
# Anything invalid is dropped, never fatal.
SearchForm = type(
    "SearchForm",
    (forms.Form,),
    {
        "q": forms.CharField(required=False, strip=True),
        **{f.param: forms.CharField(required=False) for f in FILTERS},
        "date_from": forms.CharField(required=False),
        "date_to": forms.CharField(required=False),
        "sort": forms.ChoiceField(choices=list(SORTS.items()), required=False),
        "page": forms.IntegerField(required=False, min_value=1),
        "per_page": forms.IntegerField(required=False, min_value=1),
    },
)


@dataclass
class Filters:
    # Filter parameter -> the record it names (True for a yes/no filter); chosen filters only.
    chosen: dict = field(default_factory=dict)
    date_from: object = None
    date_to: object = None

    def get(self, param):
        """The choice of filter ``param`` (see archive.search.filters.BY_PARAM), or None."""
        return self.chosen.get(param)


@dataclass
class SearchRequest:
    query: ParsedQuery
    raw_query: str
    filters: Filters
    sort: str
    page: int
    per_page: int
    messages: list[str] = field(default_factory=list)


@dataclass
class Hit:
    article: Article
    title_html: str
    snippet_html: str
    # False for a statement that holds most of the query's words but not all («نتایج با بیشتر واژه‌ها»).
    all_words: bool = True
    # False for a statement that holds only some of them (below those with most: «نتایج با برخی از واژه‌ها»).
    most_words: bool = True


@dataclass
class SearchOutcome:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict
    suggestion: str | None
    num_pages: int
    # Matching statements per day (for the timeline); empty when not asked or not available.
    day_counts: dict = field(default_factory=dict)
    # How many of ``total`` hold every word of the query (they come first), and how many hold most
    # words, every word included (they come next; the rest hold some of the words).
    all_words_total: int | None = None
    most_words_total: int | None = None

    @property
    def partial_total(self):
        """How many hold most words but not every word."""
        if self.all_words_total is None:
            return 0
        most = self.total if self.most_words_total is None else self.most_words_total
        return most - self.all_words_total

    @property
    def some_words_total(self):
        """How many hold only some of the words."""
        return self.total - self.most_words_total if self.most_words_total is not None else 0

    @property
    def has_next(self):
        return self.request.page < self.num_pages

    @property
    def has_previous(self):
        return self.request.page > 1


# The parameters a search's links carry (its page and page size are per link).
LINK_PARAMS = tuple(key for key in SearchForm.base_fields if key not in ("page", "per_page"))


def search_params(params) -> dict:
    """A search's link parameters from a QueryDict or dict, each bounded in size ("" when absent)."""
    return {key: params.get(key, "")[:300] for key in LINK_PARAMS}


def query_string(params, **changes) -> str:
    """A search's non-empty link parameters with some changed or removed (value None), URL-encoded."""
    query = {key: value for key, value in search_params(params).items() if value}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return urlencode(query)


def _clean(params, key):
    """First value of a parameter, as a string with control characters removed, bounded in size."""
    value = params.get(key, "")
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    value = str(value)[:2000]
    return "".join(ch for ch in value if ch.isprintable() or ch == "\u200c")


def build_request(params, max_per_page=100) -> SearchRequest:
    """Validate request parameters (a QueryDict or dict) into a :class:`SearchRequest`."""
    data = {key: _clean(params, key) for key in SearchForm.base_fields}
    form = SearchForm(data)
    form.is_valid()
    cleaned = form.cleaned_data
    messages = []

    def lookup(search_filter):
        value = data.get(search_filter.param, "").strip()
        if not value:
            return None
        if search_filter.is_toggle:
            chosen = True if value in TOGGLE_ON else None
        else:
            chosen = search_filter.model.objects.filter(slug=value).first()
        if chosen is None:
            messages.append("یکی از پالایه‌ها شناخته نشد و کنار گذاشته شد.")
        return chosen

    filters = Filters({f.param: chosen for f in FILTERS if (chosen := lookup(f)) is not None})
    for key in ("date_from", "date_to"):
        if data.get(key):
            value = parse_jalali(data[key])
            if value is None:
                messages.append(f"تاریخ «{data[key][:40]}» خوانده نشد؛ آن را به شکل ۱۴۰۴/۰۱/۰۱ بنویسید.")
            elif plausible_date(value) != value:
                value = plausible_date(value)
                if DATE_WINDOW_MESSAGE not in messages:
                    messages.append(DATE_WINDOW_MESSAGE)
            setattr(filters, key, value)

    raw_query = cleaned.get("q") or ""
    query = parse_query(raw_query)
    messages.extend(LIMIT_MESSAGES[name] for name in query.limited)
    if raw_query and query.is_empty:
        messages.append("پرسش واژهٔ قابل جست‌وجویی نداشت؛ تازه‌ترین بیانیه‌ها نمایش داده شده‌اند.")
    elif query.ignored:
        messages.append(
            "این واژه‌ها بسیار رایج‌اند و در جست‌وجو به کار نرفتند: " + "، ".join(query.ignored[:10])
        )

    sort = cleaned.get("sort") or ("relevance" if not query.is_empty else "newest")
    if sort == "relevance" and query.is_empty:
        sort = "newest"
    per_page = min(cleaned.get("per_page") or settings.ARCHIVE_PAGE_SIZE, max_per_page)
    page = cleaned.get("page") or 1
    if page > MAX_PAGE:
        page = MAX_PAGE
        messages.append(PAGE_MESSAGE)
    return SearchRequest(query, raw_query, filters, sort, page, per_page, messages)


def common_words(words) -> frozenset:
    """The words (of three or more) found in at least COMMON_SHARE of the indexed statements."""
    backend = connections["default"].get_backend()
    if len(words) < 3:
        return frozenset()
    total = backend.document_count()
    if total < COMMON_MIN_STATEMENTS:
        return frozenset()
    return frozenset(
        w for w, n in backend.term_doc_frequencies(words).items() if (n or 0) >= COMMON_SHARE * total
    )


def base_queryset(request: SearchRequest):
    sqs = SearchQuerySet()
    strict, loose = request.query.loose(common_words(request.query.loose_words()))
    if strict.to_sq() is not None:
        sqs = sqs.filter(strict.to_sq())
    f = request.filters
    for param, chosen in f.chosen.items():
        search_filter = BY_PARAM[param]
        sqs = sqs.filter(**{f"{search_filter.index_field}__exact": search_filter.sq_value(chosen)})
    if f.date_from or f.date_to:
        sqs = sqs.filter(_date_range(f.date_from, f.date_to))
    if request.sort == "newest":
        sqs = sqs.order_by("-sort_newest")
    elif request.sort == "oldest":
        sqs = sqs.order_by("sort_oldest")
    return with_loose(sqs, loose) if loose is not None else sqs


def _date_range(start, end) -> SQ:
    """Statements dated from ``start`` to ``end`` (either may be None) as ONE range over the date
    field, whatever the span: the evaluator answers it from the date column in one comparison."""
    if start and end:
        start, end = min(start, end), max(start, end)
        return SQ(date__range=[start, end])
    return SQ(date__gte=start) if start else SQ(date__lte=end)


def _facets(sqs, filters: Filters):
    counts = sqs.facet_counts().get("fields", {}) if sqs is not None else {}

    def keys(field_name):
        for key, n in counts.get(field_name, []):
            key = key.decode("utf-8") if isinstance(key, bytes) else str(key or "")
            if key.isdigit():
                yield int(key), n

    def resolve(search_filter):
        chosen = filters.get(search_filter.param)
        pairs = list(keys(search_filter.index_field))
        objects = search_filter.model.objects.in_bulk([pk for pk, _ in pairs])
        items = [(objects[pk], n) for pk, n in pairs if pk in objects and objects[pk] != chosen]
        items = items[: search_filter.facet_size]
        if search_filter.facet_choices:
            items = search_filter.facet_choices(items, chosen)
        return items[:FACET_SHOWN]

    return {
        **{f.param: resolve(f) for f in FILTERS if f.facet},
        "year": sorted(keys("year"), reverse=True),
    }


def suggest(request: SearchRequest) -> str | None:
    """The query with unknown words replaced by close index terms, or None."""
    if request.query.is_empty:
        return None
    backend = connections["default"].get_backend()
    words = request.query.positive_words()
    frequencies = backend.term_doc_frequencies(words)
    replacements = {}
    for word in words:
        if frequencies.get(word) == 0:
            options = backend.suggest(word)
            if options:
                replacements[word] = options[0]
    if not replacements:
        return None
    text = request.raw_query
    for word, better in replacements.items():
        text = text.replace(word, better)
    return text


def warm_search() -> bool:
    """Read the index's per-document arrays a search uses (see the backend's ``warm``) in this
    process, for the processes it forks to share; False when there is no index to read yet."""
    backend = connections["default"].get_backend()
    if not hasattr(backend, "warm"):
        return False
    return backend.warm(FACET_FIELDS, ("date",), ("sort_newest", "sort_oldest"))


def run_search(request: SearchRequest, with_facets=True) -> SearchOutcome:
    sqs = base_queryset(request)
    if with_facets:
        for name in FACET_FIELDS:
            sqs = sqs.facet(name, size=50)
        if connections["default"].get_backend().day_facets:
            sqs = sqs.date_facet(
                "date", start_date=PLAUSIBLE_DATES[0], end_date=PLAUSIBLE_DATES[1], gap_by="day"
            )
    # Fetch the page first: haystack then knows the count and facets without searching again.
    start = (request.page - 1) * request.per_page
    results = list(sqs[start : start + request.per_page])
    total = sqs.count()
    num_pages = max(1, math.ceil(total / request.per_page))
    if request.page > num_pages:
        request.page = num_pages
        start = (num_pages - 1) * request.per_page
        results = list(sqs[start : start + request.per_page]) if total else []
    all_words = total if sqs.query.all_words is None else min(sqs.query.all_words, total)
    most_words = total if sqs.query.most_words is None else min(sqs.query.most_words, total)
    articles = Article.objects.with_relations().in_bulk([int(r.pk) for r in results])
    terms = query_terms(request.query.positive_words())
    hits = []
    for position, result in enumerate(results, start=start):
        article = articles.get(int(result.pk))
        if article is None or not article.is_published:
            continue  # the index is a step behind the database; never show a draft
        text = f"{article.lead}\n{article.body}" if article.lead else article.body
        hits.append(
            Hit(
                article,
                highlight_title(article.title, terms),
                highlight(text, terms),
                position < all_words,
                position < most_words,
            )
        )
    facets = _facets(sqs, request.filters) if with_facets and total else {}
    days = {}
    if with_facets and total:
        days = {moment.date(): n for moment, n in sqs.facet_counts().get("dates", {}).get("date", [])}
    suggestion = suggest(request)
    return SearchOutcome(request, total, hits, facets, suggestion, num_pages, days, all_words, most_words)


def similar_ids(text: str, count: int, terms: int = 10) -> list[int]:
    """Ids of indexed statements sharing the most telling words of ``text``, best first."""
    words = connections["default"].get_backend().key_terms(text, count=terms)
    if not words:
        return []
    sq = SQ()
    for word in words:
        sq |= SQ(content=word)
    return [int(r.pk) for r in SearchQuerySet().filter(sq)[:count]]


def related(article: Article, count=5) -> list[Article]:
    """Statements that share this one's most telling words (more like this)."""
    ids = similar_ids(f"{article.title}\n{article.lead}\n{article.body}", count + 1)
    ids = [pk for pk in ids if pk != article.pk][:count]
    found = Article.objects.published().with_relations().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]

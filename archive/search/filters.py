"""The search filters, declared once.

Each entry is one filter of the search page, the API, the feeds and the exports: its URL parameter,
the record it names (or none, for a yes/no filter), the index field it filters on and what the
index holds there for a statement, its Persian label, and whether results count it beside the page
(a facet), and the same filter on a queryset. The service (:mod:`archive.search.service`), the alerts'
scopes (:mod:`archive.alerts.scope`), the index (:mod:`archive.search_indexes`),
the backend (through the index fields it is given, marked by its ``ids_field``) and the search page read
this table: adding a filter is one entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from haystack import indexes

from archive.models import Agency, Article, Office, Person, Place

from .backend import ids_field


@dataclass(frozen=True)
class SearchFilter:
    param: str  # the URL parameter (a record's slug, or "1" for a yes/no filter)
    index_field: str  # the index field of ids it filters on
    label: str  # what the search page calls it (a facet's heading, a yes/no filter's checkbox)
    # The ids the index holds for a statement (None: nothing); a yes/no filter holds "1" or nothing.
    values: Callable[[Article], list]
    # The same filter on a queryset of statements (feeds of a record, alerts): the name of the
    # statements' queryset method that takes the chosen record (or nothing, for a yes/no filter).
    narrow: str
    model: type | None = None  # the record named by its slug; None for a yes/no filter
    many: bool = False  # a statement may hold several ids here (a place and its parents)
    facet: bool = False  # counted beside the results
    facet_size: int = 12  # how many of its counts the page shows
    # Which counted records the page offers, given the record already chosen (or None).
    facet_choices: Callable[[list, object], list] | None = None

    @property
    def is_toggle(self) -> bool:
        """A yes/no filter (``?param=1``), not a record named by its slug."""
        return self.model is None

    def index_value(self, article: Article):
        """What :class:`archive.search_indexes.ArticleIndex` stores for ``article``."""
        ids = [str(value) for value in self.values(article) if value is not None]
        if self.many:
            return ids
        return ids[0] if ids else None

    def index_field_object(self):
        """The haystack field of the index (the backend stores it as a list of ids)."""
        return ids_field(indexes.MultiValueField() if self.many else indexes.CharField(null=True))

    def narrowed(self, articles, chosen):
        """``articles`` (a queryset of statements) narrowed to the filter's choice."""
        method = getattr(articles, self.narrow)
        return method() if self.is_toggle else method(chosen)

    def sq_value(self, chosen) -> str:
        """The value the index field must hold for the filter's choice (a record, or True)."""
        return "1" if self.is_toggle else str(chosen.pk)


def _place_choices(counted, chosen):
    """Provinces until a place is chosen, then the places inside it."""
    if chosen is None:
        return [(place, n) for place, n in counted if place.kind == Place.Kind.PROVINCE]
    inside = chosen.descendant_ids()
    return [(place, n) for place, n in counted if place.pk in inside]


def _place_ids(article):
    return [p.pk for p in (article.place, *article.place.ancestors())] if article.place else []


def _agency_ids(article):
    return [article.agency_id, article.agency.parent_id] if article.agency else []


def _one(attribute):
    """The ids of a filter whose record a statement holds in one foreign key."""
    return lambda article: [getattr(article, attribute)]


# In the order the search page shows them.
FILTERS = (
    SearchFilter("official", "speaker", "مقام", _one("speaker_id"), "by_person", Person, facet=True),
    SearchFilter(
        "place",
        "places",
        "مکان",
        _place_ids,
        "in_place",
        Place,
        many=True,
        facet=True,
        facet_size=40,
        facet_choices=_place_choices,
    ),
    SearchFilter("office", "office", "سمت", _one("office_id"), "by_office", Office, facet=True),
    SearchFilter("agency", "agencies", "منبع خبر", _agency_ids, "by_agency", Agency, many=True, facet=True),
    # Issue 16: statements by a named official only, leaving out news that names no speaker.
    SearchFilter(
        "officials_only",
        "has_speaker",
        "فقط بیانیه‌های مقام‌ها",
        lambda article: ["1" if article.has_named_speaker else None],
        "by_named_officials",
    ),
)
BY_PARAM = {f.param: f for f in FILTERS}
# The values that turn a yes/no filter on.
TOGGLE_ON = ("1", "on", "true", "yes")

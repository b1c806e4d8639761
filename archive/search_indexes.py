"""The haystack index over published statements (thin: the analysis lives in archive.search)."""

import datetime

from haystack import indexes

from archive.jalali import to_jalali
from archive.models import Article
from archive.search.backend import ids_field
from archive.search.filters import FILTERS

# One index field per search filter (archive.search.filters.FILTERS), filled by ArticleIndex.prepare.
_FilterFields = type(indexes.SearchIndex)(
    "_FilterFields",
    (indexes.SearchIndex,),
    {"__module__": __name__, **{f.index_field: f.index_field_object() for f in FILTERS}},
)


class ArticleIndex(_FilterFields, indexes.Indexable):
    text = indexes.CharField(document=True)
    # Parts of ``text`` searched again only to weigh a word found there
    # (archive.search.backend.FIELD_WEIGHTS).
    title = indexes.CharField(model_attr="title")
    names = indexes.CharField()
    date = indexes.DateField(model_attr="date", null=True)
    # Sort keys that put undated statements last in both directions.
    sort_newest = indexes.DateField()
    sort_oldest = indexes.DateField()
    # The Jalali year, counted beside the results (its links set the date filters).
    year = ids_field(indexes.CharField(null=True))

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        # Everything prepare_* reads, in a few queries rather than several per statement.
        return (
            Article.objects.published()
            .with_relations()
            .select_related("place__parent__parent", "agency__parent")
            .prefetch_related("speaker__aliases", "office__aliases")
        )

    def read_queryset(self, using=None):
        return Article.objects.with_relations()

    def prepare_text(self, article):
        parts = [article.title, article.lead, article.body, self.prepare_names(article)]
        if article.agency:
            parts.append(article.agency.name)
        return "\n".join(p for p in parts if p)

    def prepare_names(self, article):
        """The speaker's, office's and place's names (as in ``text``): a query naming them counts more."""
        parts = []
        if article.speaker:
            parts.append(article.speaker.name)
            parts.extend(alias.name for alias in article.speaker.aliases.all())
        if article.office:
            parts.append(article.office.name)
            parts.extend(alias.name for alias in article.office.aliases.all())
        if article.office_text:
            parts.append(article.office_text)
        if article.place:
            parts.extend(place.name for place in (article.place, *article.place.ancestors()))
        return "\n".join(p for p in parts if p)

    def prepare_sort_newest(self, article):
        return article.date or datetime.date(1, 1, 1)

    def prepare_sort_oldest(self, article):
        return article.date or datetime.date(9999, 12, 31)

    def prepare_year(self, article):
        return str(to_jalali(article.date).year) if article.date else None

    def prepare(self, article):
        data = super().prepare(article)
        for search_filter in FILTERS:
            data[search_filter.index_field] = search_filter.index_value(article)
        return data

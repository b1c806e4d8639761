"""The haystack index over published statements (thin: the analysis lives in archive.search)."""

import datetime

from haystack import indexes

from archive.jalali import to_jalali
from archive.models import Article


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True)
    # Parts of ``text`` searched again only to weigh a word found there (archive.search.backend.FIELD_WEIGHTS).
    title = indexes.CharField(model_attr="title")
    names = indexes.CharField()
    date = indexes.DateField(model_attr="date", null=True)
    # Sort keys that put undated statements last in both directions.
    sort_newest = indexes.DateField()
    sort_oldest = indexes.DateField()
    year = indexes.CharField(null=True)
    speaker = indexes.CharField(null=True)
    office = indexes.CharField(null=True)
    province = indexes.CharField(null=True)
    places = indexes.MultiValueField()
    agencies = indexes.MultiValueField()

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

    def prepare_speaker(self, article):
        return str(article.speaker_id) if article.speaker_id else None

    def prepare_office(self, article):
        return str(article.office_id) if article.office_id else None

    def prepare_province(self, article):
        return str(article.place.province_id) if article.place_id else None

    def prepare_places(self, article):
        if not article.place:
            return []
        return [str(p.pk) for p in (article.place, *article.place.ancestors())]

    def prepare_agencies(self, article):
        if not article.agency:
            return []
        ids = [str(article.agency_id)]
        if article.agency.parent_id:
            ids.append(str(article.agency.parent_id))
        return ids

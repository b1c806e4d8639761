"""Template filters for the editors' review of extracted fields."""

from django import template

from archive.importing import stored_field

register = template.Library()


@register.filter
def uncertain(record, name):
    """Whether field ``name`` of an article's stored extraction is one to review
    (:attr:`archive.ingest.fields.Field.uncertain`: found, with a confidence under LOW_CONFIDENCE)."""
    return stored_field(record, name).uncertain

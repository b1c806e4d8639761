"""Merging duplicate officials or offices into one record (the admin's merge actions call these).

A merge moves every statement of the others to the survivor, keeps each
other's name and known spellings as aliases of the survivor (so later uploads
and searches by those names still find it, and the others' old page addresses
redirect to it), deletes the others and queues every statement of the
survivor for the search index, in one transaction: the index follows once it
commits (see :mod:`archive.search.queue`).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import Article, Office, OfficeAlias, Person, PersonAlias, recount_statements
from .persian import name_key
from .search.queue import enqueue


@dataclass
class MergeResult:
    survivor: object
    merged: list = field(default_factory=list)  # the deleted records' names
    moved: int = 0  # statements that changed hands
    aliases: list = field(default_factory=list)  # names added as aliases of the survivor


def _merge(survivor, others, *, article_field, alias_model, alias_owner):
    others = [o for o in others if o.pk != survivor.pk]
    result = MergeResult(survivor)
    if not others:
        return result
    with transaction.atomic():
        known = {
            survivor.name_key,
            *alias_model.objects.filter(**{alias_owner: survivor}).values_list("key", flat=True),
        }
        moving = Article.objects.filter(**{f"{article_field}__in": others})
        result.moved = moving.update(**{article_field: survivor, "updated_at": timezone.now()})
        recount_statements(
            {article_field: {survivor.pk, *(o.pk for o in others)}}
        )  # the update sends no signal
        for other in others:
            names = [(other.name, other.slug)] + [
                (alias.name, alias.former_slug)
                for alias in alias_model.objects.filter(**{alias_owner: other})
            ]
            for name, slug in names:
                key = name_key(name)
                if key in known and not slug:
                    continue  # the same name but for spacing or ZWNJ: already matched by its key
                alias, created = alias_model.objects.get_or_create(**{alias_owner: survivor, "name": name})
                if slug and not alias.former_slug:
                    alias.former_slug = slug
                    alias.save()
                if created:
                    result.aliases.append(name)
                known.add(key)
            result.merged.append(other.name)
            other.delete()  # its own aliases go with it (they are the survivor's now)
        # The survivor's every statement: moved ones changed hands, the others' documents hold its aliases.
        enqueue(Article.objects.filter(**{article_field: survivor}).values_list("pk", flat=True))
    return result


def merge_people(survivor: Person, others) -> MergeResult:
    """Merge the officials ``others`` into ``survivor``."""
    return _merge(survivor, others, article_field="speaker", alias_model=PersonAlias, alias_owner="person")


def merge_offices(survivor: Office, others) -> MergeResult:
    """Merge the offices ``others`` into ``survivor``."""
    return _merge(survivor, others, article_field="office", alias_model=OfficeAlias, alias_owner="office")

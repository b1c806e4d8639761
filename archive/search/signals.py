"""Keep the index in step with the database as soon as a statement changes.

A saved or deleted statement is queued for the index in the same transaction
and the queue is drained once the transaction commits (see
:mod:`archive.search.queue`): a published statement is (re)indexed, a draft or
deleted one removed. Renaming a person, office, place or agency queues their
statements, whose document text holds the name.
"""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor

from archive.models import Agency, Article, Office, Person, Place

from .queue import enqueue


class ArticleSignalProcessor(BaseSignalProcessor):
    def setup(self):
        signals.post_save.connect(self.handle_save, sender=Article)
        signals.post_delete.connect(self.handle_delete, sender=Article)
        for model in (Person, Office, Place, Agency):
            signals.post_save.connect(self.handle_related_save, sender=model)

    def teardown(self):
        signals.post_save.disconnect(self.handle_save, sender=Article)
        signals.post_delete.disconnect(self.handle_delete, sender=Article)
        for model in (Person, Office, Place, Agency):
            signals.post_save.disconnect(self.handle_related_save, sender=model)

    def handle_save(self, sender, instance, raw=False, **kwargs):
        if raw:  # loaddata: the index is rebuilt after loading
            return
        enqueue([instance.pk])

    def handle_delete(self, sender, instance, **kwargs):
        enqueue([instance.pk])

    def handle_related_save(self, sender, instance, raw=False, created=False, **kwargs):
        if raw or created:
            return
        if sender is Person:
            articles = Article.objects.by_person(instance)
        elif sender is Office:
            articles = Article.objects.by_office(instance)
        elif sender is Agency:
            articles = Article.objects.by_agency(instance)
        else:
            articles = Article.objects.in_place(instance)
        enqueue(articles.published().values_list("pk", flat=True))

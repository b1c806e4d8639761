"""Keep the index in step with the database as soon as a statement changes.

A published statement is (re)indexed when saved; a draft or deleted one is
removed. Renaming a person, office, place or agency reindexes their statements,
whose document text holds the name.
"""

from django.db.models import signals
from haystack.exceptions import NotHandled
from haystack.signals import BaseSignalProcessor

from archive.models import Agency, Article, Office, Person, Place


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

    def _index(self, using):
        return self.connections[using].get_unified_index().get_index(Article)

    def sync(self, articles):
        """Index the published ones among ``articles`` and remove the others."""
        for using in self.connection_router.for_write():
            try:
                index = self._index(using)
            except NotHandled:
                continue
            backend = self.connections[using].get_backend()
            published = [a for a in articles if a.is_published]
            if published:
                backend.update(index, published)
            for article in articles:
                if not article.is_published:
                    backend.remove(article)

    def handle_save(self, sender, instance, raw=False, **kwargs):
        if raw:  # loaddata: the index is rebuilt after loading
            return
        self.sync([instance])

    def handle_delete(self, sender, instance, **kwargs):
        for using in self.connection_router.for_write():
            self.connections[using].get_backend().remove(instance)

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
        articles = list(articles.published().with_relations())
        if articles:
            self.sync(articles)

"""The index queue never jams: a bad task is retried with backoff and set aside, the tasks behind it go on;
a publish while another process holds the index lock answers at once with the promised message."""

import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Article, IndexTask
from archive.search import queue
from archive.search_indexes import ArticleIndex

from .helpers import api


def drafts(n):
    """Two published seed statements turned into drafts (out of the index), to publish again one by one."""
    articles = list(Article.objects.published().order_by("pk")[:n])
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(status=Article.Status.DRAFT)
    queue.enqueue([a.pk for a in articles])
    queue.drain()
    return articles


def publish(article, committed):
    article.status = Article.Status.PUBLISHED
    with committed():
        article.save()


def found(client, article):
    return article.pk in [hit["id"] for hit in api(client, q=article.title, per_page=100)["results"]]


@pytest.fixture
def poisoned(monkeypatch):
    """Make the indexer raise for the statements in the returned set (as the quadratic analyzer would time
    out)."""
    bad = set()
    prepare = ArticleIndex.prepare_text

    def failing(self, article):
        if article.pk in bad:
            raise RuntimeError(f"poisoned statement {article.pk}")
        return prepare(self, article)

    monkeypatch.setattr(ArticleIndex, "prepare_text", failing)
    return bad


def due_now():
    """Let time pass for the backoff: every waiting task may be tried again."""
    IndexTask.objects.update(next_attempt_at=None)


def test_a_poisoned_statement_does_not_stop_the_next_publish(client, db, committed, poisoned, settings):
    settings.INDEX_TASK_MAX_ATTEMPTS = 3
    bad, good = drafts(2)
    poisoned.add(bad.pk)
    publish(bad, committed)
    assert not found(client, bad)
    task = IndexTask.objects.get(article_id=bad.pk)
    assert task.attempts == 1 and "poisoned statement" in task.last_error and not task.set_aside
    assert task.next_attempt_at is not None  # backing off
    # The next publish reaches the index although the bad task is still queued ahead of it.
    publish(good, committed)
    assert found(client, good)
    assert list(IndexTask.objects.values_list("article_id", flat=True)) == [bad.pk]
    # Retried alone after its backoff, then set aside after the last attempt; reported everywhere.
    for attempts in (2, 3):
        due_now()
        queue.drain()
        assert IndexTask.objects.get(article_id=bad.pk).attempts == attempts
    task = IndexTask.objects.get(article_id=bad.pk)
    assert task.set_aside and queue.pending() == 0
    with pytest.raises(CommandError):
        call_command("check_index")
    # The indexer works again (the analyzer was fixed): check_index --repair brings it in.
    poisoned.clear()
    call_command("check_index", repair=True)
    assert found(client, bad) and not IndexTask.objects.exists()


def test_check_index_and_the_admin_report_set_aside_tasks(
    admin_client, db, committed, poisoned, settings, capsys
):
    settings.INDEX_TASK_MAX_ATTEMPTS = 1
    (bad,) = drafts(1)
    poisoned.add(bad.pk)
    publish(bad, committed)
    assert IndexTask.objects.get(article_id=bad.pk).set_aside
    with pytest.raises(CommandError):
        call_command("check_index")
    out = capsys.readouterr().out
    assert f"بیانیهٔ {bad.pk}: 1 تلاش" in out and "poisoned statement" in out
    listing = admin_client.get("/admin/archive/article/").content.decode()
    assert "کنار گذاشته شد" in listing
    tasks = admin_client.get("/admin/archive/indextask/?set_aside__exact=1").content.decode()
    assert "poisoned statement" in tasks
    # A new change to the statement (the editor fixed it) is tried afresh and clears the old task too.
    poisoned.clear()
    publish(bad, committed)
    assert not IndexTask.objects.exists()


def test_a_bad_statement_in_a_batch_lets_the_rest_of_the_batch_through(client, db, committed, poisoned):
    articles = drafts(3)
    poisoned.add(articles[1].pk)
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(status=Article.Status.PUBLISHED)
    with committed():
        queue.enqueue([a.pk for a in articles])
    assert [found(client, a) for a in articles] == [True, False, True]
    assert list(IndexTask.objects.values_list("article_id", "attempts")) == [(articles[1].pk, 1)]


def test_a_task_whose_process_is_killed_counts_as_an_attempt(
    client, db, committed, poisoned, monkeypatch, settings
):
    """gunicorn's timeout ends a worker with SystemExit in the middle of the work: nothing is recorded after
    it,
    so the attempt is counted before; the task then backs off and is set aside, the others go on."""
    settings.INDEX_TASK_MAX_ATTEMPTS = 2
    bad, good = drafts(2)
    prepare = ArticleIndex.prepare_text

    def killed(self, article):
        if article.pk == bad.pk:
            raise SystemExit(1)
        return prepare(self, article)

    monkeypatch.setattr(ArticleIndex, "prepare_text", killed)
    Article.objects.filter(pk=bad.pk).update(status=Article.Status.PUBLISHED)
    queue.enqueue([bad.pk])
    with pytest.raises(SystemExit):
        queue.drain()
    assert IndexTask.objects.get(article_id=bad.pk).attempts == 1
    publish(good, committed)  # the next drain skips the task in its backoff
    assert found(client, good)
    due_now()
    with pytest.raises(SystemExit):
        queue.drain()  # tried alone the second time
    due_now()
    queue.drain()  # no attempt left: set aside, not tried a third time
    task = IndexTask.objects.get(article_id=bad.pk)
    assert task.set_aside and task.attempts == 2 and "متوقف شد" in task.last_error


class HeldLock(threading.Thread):
    """Another writer (a rebuild, another worker) holding the index lock until released."""

    def __init__(self):
        super().__init__(daemon=True)
        self.held, self.release = threading.Event(), threading.Event()

    def run(self):
        with queue.index_lock(timeout=5):
            self.held.set()
            self.release.wait(60)

    def __enter__(self):
        self.start()
        assert self.held.wait(10)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.join(10)


def test_a_publish_while_the_lock_is_held_answers_at_once_with_the_message(
    admin_client, client, db, committed, settings
):
    settings.INDEX_LOCK_WAIT = 0.5
    (article,) = drafts(1)
    with HeldLock():
        started = time.monotonic()
        with committed():
            response = admin_client.post(
                "/admin/archive/article/",
                {"action": "publish_selected", "_selected_action": [article.pk]},
                follow=True,
            )
        seconds = time.monotonic() - started
        assert response.status_code == 200
        page = response.content.decode()
        assert "1 بیانیه منتشر شد" in page and "هنوز به نمایهٔ جست‌وجو نرسیده است" in page
        assert seconds < settings.REQUEST_BUDGET
        assert not found(client, article)
        task = IndexTask.objects.get(article_id=article.pk)
        assert task.attempts == 0 and task.next_attempt_at is None  # a busy lock is no failure of the task
        with pytest.raises(CommandError):
            call_command("drain_index", wait=0.2)
    # Once the lock frees, the periodic drain (cron) applies it.
    call_command("drain_index")
    assert found(client, article) and queue.pending() == 0


def test_lock_waits_are_shorter_than_the_request_budget(settings):
    from archive import settings as site_settings

    assert site_settings.INDEX_LOCK_WAIT + site_settings.REQUEST_BUDGET / 2 < site_settings.REQUEST_BUDGET
    assert site_settings.REQUEST_BUDGET < 30  # gunicorn's worker timeout (gunicorn.conf.py)

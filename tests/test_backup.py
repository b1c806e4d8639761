"""Backups taken while editors publish restore every published statement, alias and edit, with a working
index."""

import json
import subprocess
import sys
import threading
import time

import pytest

from .helpers import wait_for
from .live import ROOT, LiveSite
from .test_live import raw_articles

pytestmark = pytest.mark.slow

FACTS = """
import json
from archive.models import Article, PersonAlias
print(json.dumps({
    "published": sorted(Article.objects.published().values_list("pk", flat=True)),
    "all": sorted(Article.objects.values_list("pk", flat=True)),
    "aliases": sorted(PersonAlias.objects.values_list("name", flat=True)),
    "titles": dict((str(pk), title) for pk, title in Article.objects.values_list("pk", "title")),
}))
"""

EDIT = """
from archive.models import Article, Person, PersonAlias
person = Person.objects.filter(articles__status="published").first()
PersonAlias.objects.create(person=person, name="نام دیگر برای پشتیبان")
article = Article.objects.published().first()
article.title = "عنوان اصلاح‌شده پیش از پشتیبان"
article.mark_edited(["title"])
article.save()
print(article.pk)
"""


def facts(site):
    return json.loads(site.manage("shell", "--no-imports", "-c", FACTS).stdout)


class Publisher(threading.Thread):
    """Uploads and publishes articles one after another until stopped, noting when each publish finished."""

    def __init__(self, site, articles):
        super().__init__(daemon=True)
        self.site, self.articles = site, articles
        self.stop, self.done, self.errors = threading.Event(), [], []

    def run(self):
        session = self.site.admin_session()
        for _title, text in self.articles:
            if self.stop.is_set():
                return
            pk, statuses, page = self.site.upload_and_publish(session, text)
            if pk is None or any(status >= 400 for status in statuses):
                self.errors.append((statuses, page[:500]))
            else:
                self.done.append((time.monotonic(), pk))


def test_a_backup_during_publishing_restores_every_published_statement_alias_and_edit(tmp_path):
    one = LiveSite(tmp_path / "one", workers=2).setup().start()
    try:
        edited = int(one.manage("shell", "--no-imports", "-c", EDIT).stdout.strip())
        publisher = Publisher(one, raw_articles()[:40])
        publisher.start()
        wait_for(lambda: len(publisher.done) >= 3, "publishing is under way")
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "manage.py", "backup", str(tmp_path / "backup")],
            cwd=ROOT,
            env=one.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        more = len(publisher.done)
        wait_for(
            lambda: len(publisher.done) > more or not publisher.is_alive(), "publishing goes on after it"
        )
        publisher.stop.set()
        publisher.join(timeout=300)
        assert not publisher.errors, publisher.errors
        before_backup = {pk for finished, pk in publisher.done if finished < started}
        source = facts(one)
    finally:
        one.stop()
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())

    two = LiveSite(tmp_path / "two", workers=1)
    restored = two.manage("restore", str(tmp_path / "backup"))
    assert "بازگردانده شد" in restored.stdout
    two.manage("collectstatic", "--noinput")
    back = facts(two)
    # Every statement published before the backup began is back, published; nothing that was never published
    # is.
    assert before_backup <= set(back["published"]) <= set(source["published"])
    assert len(back["published"]) == manifest["counts"]["published statements"]
    assert "نام دیگر برای پشتیبان" in back["aliases"]
    assert back["titles"][str(edited)] == "عنوان اصلاح‌شده پیش از پشتیبان"
    assert all(back["titles"][str(pk)] == source["titles"][str(pk)] for pk in back["all"])
    # The index was rebuilt: it holds exactly the restored published statements, and they are found.
    assert two.manage("check_index", check=False).returncode == 0
    two.start()
    try:
        hits = two.get("/api/search", params={"q": "عنوان اصلاح‌شده پیش از پشتیبان"}).json()["results"]
        assert edited in [hit["id"] for hit in hits]
        assert two.get("/api/search", params={"q": "*", "per_page": 1}).json()["total"] == len(
            back["published"]
        )
    finally:
        two.stop()


def test_restore_refuses_a_tampered_backup_and_a_full_archive(tmp_path):
    site = LiveSite(tmp_path / "site", workers=1).setup()
    try:
        site.manage("backup", str(tmp_path / "backup"))
        refused = site.manage("restore", str(tmp_path / "backup"), check=False)
        assert refused.returncode and "آرشیو خالی" in refused.stderr
        data = next(p for p in (tmp_path / "backup").iterdir() if p.name != "manifest.json")
        with data.open("r+b") as handle:  # one byte changed in the middle
            handle.seek(data.stat().st_size // 2)
            byte = handle.read(1)
            handle.seek(-1, 1)
            handle.write(bytes([byte[0] ^ 0xFF]))
        empty = LiveSite(tmp_path / "empty", workers=1)
        try:
            tampered = empty.manage("restore", str(tmp_path / "backup"), check=False)
        finally:
            empty.stop()
        assert tampered.returncode and "با فهرست نمی‌خواند" in tampered.stderr
        again = site.manage("backup", str(tmp_path / "backup"), check=False)
        assert again.returncode and "خالی نیست" in again.stderr
    finally:
        site.stop()

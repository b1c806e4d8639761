"""Each official's, office's, place's and agency's count of published statements, kept as statements
change (saved, published in bulk, moved by a merge, deleted) and rebuilt by recount_statements."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive.management.commands.recount_statements import wrong_counts
from archive.merging import merge_people
from archive.models import Agency, Article, Office, Person, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked():
    """Two officials, an office, a place and an agency, none with a statement yet."""
    return {
        "a": Person.objects.create(name="علی رضایی"),
        "b": Person.objects.create(name="محمد احمدی"),
        "office": Office.objects.create(name="استاندار فارس"),
        "place": Place.objects.create(name="آبادهٔ آزمون", kind=Place.Kind.CITY),
        "agency": Agency.objects.create(name="خبرگزاری فارس"),
    }


def statement(speaker, status=Article.Status.PUBLISHED, **links):
    n = Article.objects.count()
    return Article.objects.create(
        title=f"عنوان {n}",
        body=f"متن {n}.",
        raw_text=f"عنوان {n}\nمتن {n}.",
        status=status,
        speaker=speaker,
        **links,
    )


def counts(*records):
    return [type(r).objects.get(pk=r.pk).n_statements for r in records]


def test_saving_publishing_moving_and_deleting_a_statement_keeps_the_counts(linked):
    a, b, office, place, agency = linked.values()
    first = statement(a, office=office, place=place, agency=agency)
    statement(a, office=office)
    draft = statement(b, status=Article.Status.DRAFT, office=office)
    assert counts(a, b, office, place, agency) == [2, 0, 2, 1, 1]
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert counts(a, b, office) == [2, 1, 3]
    first.speaker = b  # a statement credited to another official
    first.save()
    assert counts(a, b) == [1, 2]
    first.status = Article.Status.DRAFT
    first.save()
    assert counts(b, place, agency) == [1, 0, 0]
    draft.delete()
    assert counts(b, office) == [0, 1]
    assert not wrong_counts()


def test_an_edit_of_a_published_statement_is_its_officials_latest_change_in_the_sitemap(client, linked):
    a = linked["a"]
    article = statement(a)
    article.title = "عنوانی دیگر"
    article.save()
    a.refresh_from_db()
    assert a.statements_changed_at == Article.objects.get(pk=article.pk).updated_at
    sitemap = client.get("/sitemap-officials.xml").content.decode()
    entry = sitemap.split(a.get_absolute_url(), 1)[1].split("</url>", 1)[0]
    # Sitemaps date in the site's time zone (Tehran): after 20:30 UTC it is already tomorrow there.
    changed = timezone.localtime(a.statements_changed_at)
    assert f"<lastmod>{changed.date().isoformat()}" in entry
    # The index dates each section by its latest change, read in one query, not over every item.
    index = client.get("/sitemap.xml").content.decode()
    for section in ("statements", "officials"):
        entry = index.split(f"/sitemap-{section}.xml", 1)[1].split("</sitemap>", 1)[0]
        assert f"<lastmod>{changed.date().isoformat()}" in entry


def test_the_index_pages_list_only_what_has_published_statements(client, linked):
    a, b = linked["a"], linked["b"]
    statement(a)
    statement(b, status=Article.Status.DRAFT)
    page = client.get("/officials/").content.decode()
    assert a.name in page and b.name not in page
    listed = set(Person.objects.with_statement_counts().values_list("pk", flat=True))
    assert a.pk in listed and b.pk not in listed


def test_bulk_publishing_and_a_merge_keep_the_counts(admin_client, linked):
    a, b = linked["a"], linked["b"]
    drafts = [statement(b, status=Article.Status.DRAFT) for _ in range(3)]
    statement(a)
    response = admin_client.post(
        "/admin/archive/article/", {"action": "publish_selected", "_selected_action": [d.pk for d in drafts]}
    )
    assert response.status_code == 302
    assert counts(a, b) == [1, 3]
    admin_client.post(
        "/admin/archive/article/", {"action": "unpublish_selected", "_selected_action": [drafts[0].pk]}
    )
    assert counts(b) == [2]
    merge_people(a, [b])
    assert counts(a) == [3] and not Person.objects.filter(pk=b.pk).exists()
    assert not wrong_counts()


def test_recount_statements_repairs_counts_changed_behind_the_archives_back(linked):
    a = linked["a"]
    statement(a)
    Person.objects.filter(pk=a.pk).update(n_statements=7)  # an update sends no signal
    assert wrong_counts() == {"speaker": [(a.pk, 7, 1)]}
    with pytest.raises(CommandError, match="شمار بیانیه‌ها"):
        call_command("recount_statements", "--check")
    call_command("recount_statements")
    assert counts(a) == [1]
    call_command("recount_statements", "--check")

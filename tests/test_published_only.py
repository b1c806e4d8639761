"""Nothing of a draft shows through public pages: suggestions, officials, offices, agencies and their
feeds."""

import pytest

from archive.models import Agency, Article, Office, Person

from .helpers import api

WORD = "زمهریرستان"


def test_did_you_mean_never_offers_a_word_only_drafts_hold(client, db, committed):
    article = Article.objects.published().first()
    article.body += f" {WORD}"
    with committed():
        article.save()
    assert api(client, q="زمهریرستاان")["suggestion"] == WORD  # published: offered
    article.status = Article.Status.DRAFT
    with committed():
        article.save()
    assert api(client, q=WORD)["total"] == 0
    assert api(client, q="زمهریرستاان")["suggestion"] is None  # its document is gone: not offered any more


@pytest.fixture
def draft_only(db):
    """An official, an office and an agency that only a draft names."""
    person = Person.objects.create(name="مقام پیش‌نویس آزمایشی")
    office = Office.objects.create(name="سمت پیش‌نویس آزمایشی")
    agency = Agency.objects.create(name="خبرگزاری پیش‌نویس آزمایشی")
    Article.objects.create(
        title="پیش‌نویس",
        body="متن پیش‌نویس",
        raw_text="متن پیش‌نویس",
        speaker=person,
        office=office,
        agency=agency,
        status=Article.Status.DRAFT,
    )
    return person, office, agency


def test_names_only_drafts_hold_answer_404_with_their_feeds(client, draft_only):
    for record in draft_only:
        url = record.get_absolute_url()
        for path in (url, url + "feed/", url + "feed/atom/"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert record.name not in response.content.decode(), path


def test_names_with_a_published_statement_answer_200(client, db):
    article = Article.objects.published().exclude(speaker=None).exclude(agency=None).first()
    for record in (article.speaker, article.agency):
        url = record.get_absolute_url()
        for path in (url, url + "feed/"):
            assert client.get(path).status_code == 200, path

"""The record feeds (archive/feeds.RecordFeed): each one's title, description, links and empty case."""

import xml.etree.ElementTree as ET

from archive.models import Agency, Article, Office, Person, Place

SITE = "آرشیو گفته‌های مقام‌ها"


def channel(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content).find("channel")


def test_each_record_feed_names_its_record_and_links_its_page(client, db):
    person = Person.objects.filter(articles__status=Article.Status.PUBLISHED).first()
    office = Office.objects.filter(articles__status=Article.Status.PUBLISHED).first()
    place = Place.objects.get(kind=Place.Kind.PROVINCE, name="تهران")
    agency = Agency.objects.get(name="ایلنا")
    for record, kind, description in (
        (person, "officials", f"تازه‌ترین بیانیه‌های {person.name}."),
        (office, "offices", f"تازه‌ترین بیانیه‌های {office.name}."),
        (place, "places", f"تازه‌ترین بیانیه‌ها در {place} و هر جای درون آن."),
        (agency, "agencies", f"تازه‌ترین بیانیه‌هایی که {agency.name} منتشر کرده است."),
    ):
        feed = channel(client, f"/{kind}/{record.slug}/feed/")
        assert feed.findtext("title") == f"{record} | {SITE}"
        assert feed.findtext("description") == description
        assert feed.findtext("link") == f"http://testserver{record.get_absolute_url()}"


def test_a_place_without_statements_has_an_empty_feed_the_others_answer_404(client, db):
    empty = Place.objects.exclude(articles__isnull=False).exclude(children__isnull=False).first()
    assert channel(client, f"/places/{empty.slug}/feed/").findall("item") == []
    for model, kind in ((Person, "officials"), (Office, "offices"), (Agency, "agencies")):
        unnamed = model.objects.create(name="نامی که هیچ بیانیه‌ای ندارد")
        assert client.get(f"/{kind}/{unnamed.slug}/feed/").status_code == 404

"""Models and QuerySet filters that pages rely on."""

import pytest
from django.db import IntegrityError

from archive.models import Agency, Article, Office, Person, Place


@pytest.fixture
def qods(db):
    return Place.objects.get(kind="county", name="قدس")


def test_gazetteer_hierarchy(db):
    assert Place.objects.provinces().count() == 31
    assert Place.objects.filter(kind="county").count() == 448
    qom_city = Place.objects.get(kind="city", name="قم")
    assert qom_city.parent.kind == "county" and qom_city.parent.name == "قم"
    assert qom_city.province.name == "قم" and qom_city.province.kind == "province"
    assert [p.name for p in qom_city.ancestors()] == ["قم", "قم"]
    assert Place.objects.get(kind="province", code="14").name == "چهارمحال و بختیاری"


def test_place_slugs_are_unique_and_readable(db):
    assert Place.objects.get(kind="province", name="تهران").slug == "استان-تهران"
    assert Place.objects.get(kind="county", name="قدس").slug == "شهرستان-قدس"
    assert Place.objects.values("slug").distinct().count() == Place.objects.count()


def test_published_excludes_drafts(db):
    article = Article.objects.first()
    article.status = Article.Status.DRAFT
    article.save()
    assert Article.objects.published().count() == 4
    assert article not in Article.objects.published()


def test_by_person(db):
    person = Person.objects.get(name="وحید گلی کانی")
    assert Article.objects.published().by_person(person).count() == 2


def test_in_place_includes_sub_places(db, qods):
    tehran_province = Place.objects.get(kind="province", name="تهران")
    assert Article.objects.published().in_place(qods).count() == 2
    # The province includes its counties' and cities' statements: two in Qods, one in Tehran city.
    assert Article.objects.published().in_place(tehran_province).count() == 3
    qom = Place.objects.get(kind="province", name="قم")
    assert Article.objects.in_place(qom).count() == 1
    assert Article.objects.in_place(Place.objects.get(kind="county", name="قم")).count() == 1


def test_by_agency_includes_bureaus(db):
    parent = Agency.objects.get(name="خبرگزاری صدا و سیما")
    assert Article.objects.by_agency(parent).count() == 1


def test_same_text_cannot_be_stored_twice(db):
    article = Article.objects.first()
    spaced = article.raw_text.replace(" ", "  ").replace("\n", "\n\n") + "\u200c"
    with pytest.raises(IntegrityError):
        Article.objects.create(title="x", body="x", raw_text=spaced)


def test_permalink_survives_title_edit(db, client):
    article = Article.objects.get(title__startswith="روابط عمومی یعنی")
    old_url = article.get_absolute_url()
    article.title = "عنوان اصلاح‌شده"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_offices_over_time(db):
    person = Person.objects.get(name="وحید گلی کانی")
    offices = {o.name: o.n_by_this_person for o in person.offices_held()}
    assert offices == {"فرماندار قدس": 1, "رئیس حوزه انتخابیه قدس": 1}


def test_names_are_cleaned_and_slugged_on_save(db):
    office = Office.objects.create(name="  مدير كل  ")
    assert office.name == "مدیر کل"
    assert office.slug == "مدیر-کل"
    again = Office.objects.create(name="مدیر کل ")
    assert again.slug == "مدیر-کل-2"

"""The pages of an official, an office, an agency and a place (archive/views._record_page): what each
one's context holds beside its own records."""

from urllib.parse import quote

from archive.models import Agency, Article, Office, Person, Place

PUBLISHED = Article.Status.PUBLISHED


def context_of(client, record):
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    return response.context


def test_each_record_page_has_its_feed_sharing_tags_breadcrumbs_and_scoped_timeline(client, db):
    person = Person.objects.filter(articles__status=PUBLISHED).first()
    office = Office.objects.filter(articles__status=PUBLISHED).first()
    bureau = Agency.objects.filter(articles__status=PUBLISHED, parent__isnull=False).first()
    city = Place.objects.filter(articles__status=PUBLISHED, kind=Place.Kind.CITY).first()
    timelines = 0
    for record, kind, param, listing, trail, feed_title, about in (
        (
            person,
            "person",
            "official",
            ("مقام‌ها", "/officials/"),
            [],
            f"بیانیه‌های {person.name}",
            f"بیانیه‌های {person.name} در آرشیو گفته‌های مقام‌ها",
        ),
        (
            office,
            "office",
            "office",
            ("سمت‌ها", "/offices/"),
            [],
            f"بیانیه‌های {office.name}",
            f"بیانیه‌های {office.name} در آرشیو گفته‌های مقام‌ها",
        ),
        (
            bureau,
            "agency",
            "agency",
            ("منابع خبر", "/agencies/"),
            [bureau.parent],
            f"بیانیه‌های منتشرشده در {bureau.name}",
            f"بیانیه‌هایی که {bureau.name} منتشر کرده است",
        ),
        (
            city,
            "place",
            "place",
            ("مکان‌ها", "/places/"),
            city.ancestors(),
            f"بیانیه‌ها در {city}",
            f"بیانیه‌های مقام‌ها در {city} و شهرهای آن",
        ),
    ):
        context = context_of(client, record)
        assert context[kind] == record
        assert context["og"] == {"title": str(record), "description": about}
        assert context["feed"]["title"] == feed_title
        assert context["feed"]["rss"] == f"{record.get_absolute_url()}feed/"
        crumbs = [(label, str(url)) for label, url in context["breadcrumbs"][1:-1]]
        assert crumbs == [listing, *((p.name, p.get_absolute_url()) for p in trail)]
        assert context["breadcrumbs"][-1] == (str(record), None)
        assert context["page"].number == 1 and context["page"].object_list
        timeline = context["timeline"]  # None when no statement of the record has a date
        months = timeline.months if timeline else []
        assert all(f"?{param}={quote(record.slug)}&" in month.url for month in months)
        timelines += bool(months)
    assert timelines


def test_a_person_page_keeps_its_own_context(client, db):
    person = Person.objects.filter(articles__status=PUBLISHED).first()
    context = context_of(client, person)
    offices = list(person.offices_held())
    assert context["offices"] == offices and context["current_office"] == (offices[0] if offices else None)
    assert context["earlier_offices"] == offices[1:]
    assert context["span"]["first"] <= context["span"]["last"]
    assert context["share"]["links"] and list(context["places"])


def test_names_only_drafts_hold_have_no_page(client, db):
    for model in (Person, Office, Agency):
        unnamed = model.objects.create(name="نامی که هیچ بیانیه‌ای ندارد")
        assert client.get(unnamed.get_absolute_url()).status_code == 404

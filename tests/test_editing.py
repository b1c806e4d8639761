"""Editing the archive: canonical offices at import, hand edits recorded, reextract, merges, paragraphs."""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from archive import importing
from archive.ingest.fields import Field, ParsedArticle
from archive.ingest.unpack import Item, unpack_text
from archive.jalali import format_jalali_numeric
from archive.management.commands.reextract import given_for
from archive.models import Article, Office, OfficeAlias, Person, PersonAlias

from .helpers import api

CHANGE_URL = "/admin/archive/article/{}/change/"


def publish(committed, title, body, **fields):
    with committed():
        return Article.objects.create(
            title=title, body=body, raw_text=f"{title}\n{body}", status=Article.Status.PUBLISHED, **fields
        )


def parsed_as(raw, office, canonical, speaker="مسعود پزشکیان", quote="دولت پای مردم ایستاده است"):
    """What the extractor reports for ``raw``: the office as the text words it and its canonical form."""
    return ParsedArticle(
        raw_text=raw,
        title=Field(raw.split("\n")[0], raw, 0.9),
        body=raw.split("\n", 1)[1],
        speaker=Field(speaker, speaker, 0.9),
        office=Field(office, office, 0.9),
        office_canonical=Field(canonical, office, 0.9) if canonical else Field(),
        quote=Field(quote, quote, 0.6) if quote else Field(),
    )


@pytest.fixture
def import_parsed(db, monkeypatch):
    """``import_parsed(raw, parsed)`` runs the real import_item on ``raw`` with the extractor's answer
    fixed."""
    ctx = importing.Context()
    answers = {}
    monkeypatch.setattr(ctx, "parse", lambda text, given=None: answers[text])

    def run(raw, parsed, publish=True):
        answers[raw] = parsed
        result = importing.import_item(Item(f"{len(answers)}.txt", text=raw), ctx, publish=publish)
        assert result.status == "created", result.message
        return result.article

    run.ctx = ctx
    return run


# Canonical offices at import


def test_office_variants_become_one_office_with_each_texts_wording(import_parsed, client):
    one = "رئیس جمهور در سفر به قزوین گفت\nرئیس جمهور کشورمان گفت: دولت پای مردم ایستاده است."
    two = "سخنان رییس‌جمهور در جمع کشاورزان\nرییس‌جمهور گفت: آب کشاورزی تأمین می‌شود."
    first = import_parsed(one, parsed_as(one, "رئیس جمهور کشورمان", "رئیس‌جمهور"))
    second = import_parsed(two, parsed_as(two, "رییس‌جمهور", "رئيس جمهور", quote="آب کشاورزی تأمین می‌شود"))
    assert first.office_id == second.office_id
    office = Office.objects.get(pk=first.office_id)
    assert office.name == "رئیس‌جمهور"  # the canonical form, not the first text's wording
    assert Office.objects.filter(name_key=office.name_key).count() == 1
    assert (first.office_text, second.office_text) == ("رئیس جمهور کشورمان", "رییس‌جمهور")
    assert (first.quote, second.quote) == ("دولت پای مردم ایستاده است", "آب کشاورزی تأمین می‌شود")
    # A third text that states a different office gets its own.
    three = "سخنان وزیر کشور\nوزیر کشور گفت: انتخابات برگزار می‌شود."
    third = import_parsed(three, parsed_as(three, "وزیر کشور", "وزیر کشور"))
    assert third.office_id != office.pk


def test_import_finds_an_office_by_a_merged_in_name(import_parsed):
    governor = Office.objects.create(name="فرماندار قروه")
    OfficeAlias.objects.create(office=governor, name="فرماندار شهرستان قروه")
    import_parsed.ctx.__init__()  # a new run knows the alias
    raw = "فرماندار قروه\nفرماندار شهرستان قروه گفت: جاده بازسازی می‌شود."
    # The canonicaliser did nothing here (canonical empty): the text's wording is used, and matches the alias.
    article = import_parsed(raw, parsed_as(raw, "فرماندار شهرستان قروه", None))
    assert article.office == governor and article.office_text == "فرماندار شهرستان قروه"
    raw = "امام جمعه قروه\nامام جمعه شهرستان قروه گفت: نماز برگزار می‌شود."
    article = import_parsed(raw, parsed_as(raw, "امام جمعه شهرستان قروه", "امام جمعه قروه"))
    assert article.office.name == "امام جمعه قروه" and article.office != governor


def test_office_wording_and_quote_on_the_page_and_in_the_api(client, db, committed):
    office = Office.objects.create(name="رئیس‌جمهور")
    article = publish(
        committed,
        "رئیس جمهور در قزوین",
        "رئیس جمهور کشورمان گفت: <b>دولت</b> پای مردم است.",
        office=office,
        office_text="رئیس جمهور کشورمان",
        quote="<b>دولت</b> پای مردم است",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<a href="{office.get_absolute_url()}">رئیس‌جمهور</a> '
        '<span class="office-text">(در متن: رئیس جمهور کشورمان)</span>' in page
    )
    assert "<blockquote><p>«&lt;b&gt;دولت&lt;/b&gt; پای مردم است»</p></blockquote>" in page
    hit = api(client, q="قزوین")["results"][0]
    assert hit["office"] == "رئیس‌جمهور" and hit["office_text"] == "رئیس جمهور کشورمان"
    assert hit["quote"] == "<b>دولت</b> پای مردم است"
    # Where the wording is the office's own (but for spacing), it is not repeated.
    article.office_text = "رئیس جمهور"
    article.save()
    assert "(در متن:" not in client.get(article.get_absolute_url()).content.decode()


# Hand edits


def change_form(article, **changes):
    data = {
        "title": article.title,
        "quote": article.quote,
        "lead": article.lead,
        # A browser sends a textarea's lines with CRLF: not an edit.
        "body": article.body.replace("\n", "\r\n"),
        "status": article.status,
        "speaker": article.speaker_id or "",
        "office": article.office_id or "",
        "office_text": article.office_text,
        "place": article.place_id or "",
        "date": format_jalali_numeric(article.date),  # the admin takes Jalali dates
        "agency": article.agency_id or "",
        "attribution": article.attribution,
        "source_url": article.source_url,
        "news_code": article.news_code,
    }
    data.update(changes)
    return data


def test_an_editors_changes_are_recorded_in_edited_fields(admin_client, db, committed):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    other = Person.objects.get(name="علیرضا خامسیان")
    assert article.edited_fields == []
    with committed():
        response = admin_client.post(
            CHANGE_URL.format(article.pk), change_form(article, speaker=other.pk, quote="جملهٔ درست")
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.edited_fields == ["quote", "speaker"]
    assert "\r" not in article.body
    # Saved again with a date and a status change: the date joins, status is not an extracted field.
    with committed():
        admin_client.post(
            CHANGE_URL.format(article.pk),
            change_form(article, date="1404/08/25", status=Article.Status.DRAFT),
        )
    article.refresh_from_db()
    assert article.edited_fields == ["date", "quote", "speaker"]
    page = admin_client.get(CHANGE_URL.format(article.pk)).content.decode()
    assert "اصلاح‌شده به دست ویراستار" in page and "تاریخ، نقل‌قول، گوینده" in page


def test_creating_a_statement_is_not_an_edit(admin_client, db):
    raw = "سخنان وزیر نیرو\nبه گزارش ایرنا، علی عباسی وزیر نیرو گفت: آب شرب تأمین می‌شود."
    admin_client.post("/admin/archive/article/upload/", {"text": raw})
    article = Article.objects.get(raw_text=raw)
    assert article.edited_fields == []


# reextract


@pytest.fixture
def seed(db):
    """A seed statement whose stored fields are stale: office wording, quote and body as an older extractor
    left them."""
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    parsed = importing.Context().parse(article.raw_text, given_for(article))
    assert parsed.office.value and parsed.quote.value and parsed.date.value  # the seed states them
    Article.objects.filter(pk=article.pk).update(
        office_text="سمت نادرست",
        quote="",
        date=datetime.date(2001, 1, 1),
        body="یک بند زرافه‌ای قدیمی\n" + parsed.body,
        extraction={},
    )
    article.refresh_from_db()
    return article, parsed


def test_reextract_dry_run_lists_changes_and_changes_nothing(seed, db):
    article, parsed = seed
    before = Article.objects.filter(pk=article.pk).values().get()
    out = io.StringIO()
    call_command("reextract", str(article.pk), "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"#{article.pk} «" in text
    assert f"سمت در متن: سمت نادرست → {parsed.office.value}" in text
    assert "نقل‌قول: — → " + parsed.quote.value[:80] in text
    assert "تاریخ: ۱۲ دی ۱۳۷۹ (2001-01-01) → ۲۴ آبان ۱۴۰۴ (2025-11-15)" in text
    assert "    - یک بند زرافه‌ای قدیمی" in text
    assert "خوانده شد: 1 بیانیه؛ تغییر می‌کرد: 1 بیانیه." in text
    assert "اجرای آزمایشی" in text
    assert Article.objects.filter(pk=article.pk).values().get() == before


def test_reextract_applies_keeps_edited_fields_and_the_index_follows(seed, client, db, committed):
    article, parsed = seed
    with committed():
        Article.objects.filter(pk=article.pk).update(edited_fields=["date"])
        article.refresh_from_db()
        article.save()  # the stale body reaches the index
    assert api(client, q="زرافه‌ای")["total"] == 1
    out = io.StringIO()
    with committed():
        call_command("reextract", str(article.pk), stdout=out)
    article.refresh_from_db()
    assert article.office_text == parsed.office.value
    assert article.quote == parsed.quote.value
    assert article.body == parsed.body
    assert article.date == datetime.date(2001, 1, 1)  # corrected by hand: kept
    assert "[نگه داشته شد: ویراستار دستی اصلاح کرده است]" in out.getvalue()
    assert "تاریخ (date): 0 (در 1 بیانیه نگه داشته شد: اصلاح دستی)" in out.getvalue()
    assert article.extraction["quote"]["value"] == parsed.quote.value
    assert api(client, q="زرافه‌ای")["total"] == 0  # the index follows the database
    # Run again: nothing left to change.
    out = io.StringIO()
    call_command("reextract", str(article.pk), stdout=out)
    assert "خوانده شد: 1 بیانیه؛ تغییر کرد: 0 بیانیه." in out.getvalue()


def test_reextract_needs_all_or_ids(db):
    with pytest.raises(CommandError, match="--all") as error:
        call_command("reextract")
    assert error.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("reextract", "1", "--all")


def test_given_values_of_a_structured_upload_are_recovered(db):
    article = Article(
        title="عنوان خبر",
        lead="لید داده‌شده",
        source_url="https://example.com/n/1",
        source_name="x.jsonl:3",
        extraction={
            "title": {"value": "عنوان خبر", "evidence": "عنوان  خبر", "confidence": 1.0},
            "date": {"value": "2008-09-27", "evidence": "1387/07/06", "confidence": 1.0},
            "agency": {"value": "خبرگزاری فارس", "evidence": "agency", "confidence": 1.0},
        },
    )
    assert given_for(article) == {
        "url": "https://example.com/n/1",
        "title": "عنوان  خبر",
        "date": "1387/07/06",
        "agency": "خبرگزاری فارس",
        "lead": "لید داده‌شده",
    }
    article.source_name = "pasted.txt"
    assert given_for(article) == {"url": "https://example.com/n/1"}


# Merges


def merge(admin_client, model, ids, **extra):
    return admin_client.post(
        f"/admin/archive/{model}/", {"action": "merge_selected", "_selected_action": ids, **extra}
    )


def test_merging_two_officials(admin_client, client, db, committed):
    survivor = Person.objects.create(name="محمدباقر قالیباف")
    other = Person.objects.create(name="محمد باقر قالیباف‌زاده")
    PersonAlias.objects.create(person=other, name="<b>قالیباف</b>")
    mine = [
        publish(committed, f"سخنان رئیس مجلس {n}", f"متن نشست شماره {n}", speaker=survivor) for n in range(2)
    ]
    moved = publish(committed, "سخنان دربارهٔ بودجهٔ کرگدن", "متن دربارهٔ بودجهٔ کرگدن", speaker=other)
    old_slug = other.slug
    # The confirmation page: the one with most statements is the default survivor; names escaped.
    page = merge(admin_client, "person", [survivor.pk, other.pk])
    html = page.content.decode()
    assert page.status_code == 200 and "csrfmiddlewaretoken" in html
    assert re.search(rf'name="survivor" value="{survivor.pk}" id="survivor-{survivor.pk}" checked', html)
    assert "&lt;b&gt;قالیباف&lt;/b&gt;" in html and "<b>قالیباف</b>" not in html
    assert Person.objects.filter(pk=other.pk).exists()  # nothing happens before the confirmation
    with committed():
        response = merge(admin_client, "person", [survivor.pk, other.pk], post="yes", survivor=survivor.pk)
    assert response.status_code == 302
    assert not Person.objects.filter(pk=other.pk).exists()
    assert set(survivor.articles.values_list("pk", flat=True)) == {a.pk for a in [*mine, moved]}
    assert set(survivor.aliases.values_list("name", flat=True)) == {"محمد باقر قالیباف‌زاده", "<b>قالیباف</b>"}
    assert Person.objects.matching("محمد باقر قالیبافزاده").get() == survivor
    assert LogEntry.objects.filter(object_id=str(other.pk), action_flag=DELETION).exists()
    assert LogEntry.objects.filter(object_id=str(survivor.pk), change_message__contains="ادغام").exists()
    # Search by the survivor's filter finds the moved statement (the index followed).
    found = api(client, q="کرگدن", official=survivor.slug)
    assert [hit["id"] for hit in found["results"]] == [moved.pk] and found["results"][0][
        "speaker"
    ] == survivor.name
    assert (
        api(client, q="قالیباف‌زاده", official=survivor.slug)["total"] == 3
    )  # the old name is in every document
    # The merged official's page address leads to the survivor.
    response = client.get(f"/officials/{old_slug}/")
    assert response.status_code == 301 and response["Location"] == survivor.get_absolute_url()


def test_merging_two_offices(admin_client, client, db, committed):
    survivor = Office.objects.create(name="رئیس‌جمهور")
    other = Office.objects.create(name="ریاست جمهوری")
    kept = publish(committed, "سخنان نخست", "متن نخست", office=survivor)
    moved = [
        publish(
            committed, f"سخنان دوم {n}", f"متن دربارهٔ گورخر {n}", office=other, office_text="ریاست جمهوری"
        )
        for n in range(2)
    ]
    page = merge(admin_client, "office", [survivor.pk, other.pk]).content.decode()
    assert re.search(rf'value="{other.pk}" id="survivor-{other.pk}" checked', page)  # two statements to one
    with committed():
        response = merge(admin_client, "office", [survivor.pk, other.pk], post="yes", survivor=survivor.pk)
    assert response.status_code == 302
    assert not Office.objects.filter(pk=other.pk).exists()
    assert set(survivor.articles.values_list("pk", flat=True)) == {kept.pk, *(a.pk for a in moved)}
    assert Article.objects.get(pk=moved[0].pk).office_text == "ریاست جمهوری"  # the text's wording stays
    alias = survivor.aliases.get()
    assert alias.name == "ریاست جمهوری" and alias.former_slug == other.slug
    assert api(client, q="گورخر", office=survivor.slug)["total"] == 2
    # A later upload whose office canonicalises to the merged name lands on the survivor.
    ctx = importing.Context()
    raw = "سخنان تازه\nریاست جمهوری اعلام کرد: جلسه برگزار شد."
    ctx.parse = lambda text, given=None: parsed_as(raw, "ریاست جمهوری", "ریاست‌جمهوری")
    assert importing.import_item(Item("new.txt", text=raw), ctx).article.office == survivor


@pytest.mark.parametrize("model, noun", [("person", "مقام"), ("office", "سمت")])
def test_merge_needs_two(admin_client, db, model, noun):
    record = (Person if model == "person" else Office).objects.first()
    count = record.articles.count()
    response = merge(admin_client, model, [record.pk], post="yes", survivor=record.pk)
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert f"برای ادغام دست‌کم دو {noun} برگزینید" in page
    assert type(record).objects.filter(pk=record.pk).exists() and record.articles.count() == count


# Paragraphs on every reader surface


def test_paragraphs_on_page_feed_and_plain_text(client, db, committed):
    article = publish(
        committed,
        "سه بند دربارهٔ پلنگ",
        "بند یکم دربارهٔ پلنگ.\r\nبند دوم <i>کج</i>.\n\nبند سوم.",
        lead="لید خبر.",
    )
    assert article.paragraphs() == ["بند یکم دربارهٔ پلنگ.", "بند دوم <i>کج</i>.", "بند سوم."]
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert re.findall(r"<p>(.*?)</p>", body) == [
        "بند یکم دربارهٔ پلنگ.",
        "بند دوم &lt;i&gt;کج&lt;/i&gt;.",
        "بند سوم.",
    ]
    channel = ET.fromstring(client.get("/feed/").content).find("channel")
    item = next(i for i in channel.findall("item") if i.findtext("link").endswith(f"/{article.pk}/"))
    description = item.findtext("description")
    assert re.findall(r"<p>(.*?)</p>", description)[1:] == [
        "لید خبر.",
        "بند یکم دربارهٔ پلنگ.",
        "بند دوم &lt;i&gt;کج&lt;/i&gt;.",
        "بند سوم.",
    ]
    text = client.get(f"/statements/{article.pk}/text/").content.decode()
    assert text.endswith("لید خبر.\n\nبند یکم دربارهٔ پلنگ.\n\nبند دوم <i>کج</i>.\n\nبند سوم.\n")


def test_reextract_keeps_a_corrected_offices_wording_and_a_corrected_speakers_quote(seed, db):
    article, parsed = seed
    Article.objects.filter(pk=article.pk).update(edited_fields=["office", "speaker"])
    call_command("reextract", str(article.pk), stdout=io.StringIO())
    article.refresh_from_db()
    assert article.office_text == "سمت نادرست"  # belongs to the office the editor set
    assert article.quote == ""  # belongs to the speaker the editor set
    assert article.body == parsed.body  # untied fields still follow the text


def test_reextract_does_not_count_bidi_controls_as_a_change(db, committed):
    raw = "خبر\n\nبه گزارش ایرنا، علی رضایی فرماندار کاشان گفت: آب \u202bکافی\u202c است.\n"
    item = unpack_text("bidi.txt", raw)
    with committed():
        importing.import_item(item, importing.Context(), publish=True)
    out = io.StringIO()
    call_command("reextract", "--all", "--dry-run", stdout=out)
    assert "تغییر می‌کرد: 0 بیانیه" in out.getvalue()


def test_a_merge_from_a_search_counts_each_statement_once(admin_client, db, committed):
    few = Person.objects.create(name="علی اکبر ولایتی")
    for n in range(3):
        PersonAlias.objects.create(person=few, name=f"ولایتی {n}")
    many = Person.objects.create(name="علی‌اکبر ولایتی‌فر")
    publish(committed, "سخنان یک", "متن یکم", speaker=few)
    for n in range(2):
        publish(committed, f"سخنان دو {n}", f"متن دوم {n}", speaker=many)
    page = admin_client.post(
        "/admin/archive/person/?q=ولایتی", {"action": "merge_selected", "_selected_action": [few.pk, many.pk]}
    )
    # The changelist's search joins the aliases; the default survivor is still the one with more statements.
    assert re.search(
        rf'name="survivor" value="{many.pk}" id="survivor-{many.pk}" checked', page.content.decode()
    )


def test_a_slug_once_merged_away_is_not_given_to_a_new_record(admin_client, db, committed):
    survivor = Person.objects.create(name="حسن روحانی")
    other = Person.objects.create(name="حسن فریدون")
    publish(committed, "سخنان یک", "متن یکم", speaker=survivor)
    with committed():
        merge(admin_client, "person", [survivor.pk, other.pk], post="yes", survivor=survivor.pk)
    again = Person.objects.create(name="حسن فریدون")
    assert again.slug != other.slug


def test_an_office_a_concurrent_upload_just_created_is_used_not_a_failure(db, monkeypatch):
    """Two uploads naming the same new canonical office: the second's insert collides on the slug
    (the first committed between its look-up and its insert); it uses the stored office."""
    stored = Office.objects.create(name="دبیر ستاد هماهنگی زرافه")
    real_create = Office.objects.create
    calls = []

    def racing_create(**fields):  # what the second upload sees: its look-up missed, the slug is taken
        calls.append(fields)
        return real_create(**fields, slug=stored.slug)

    monkeypatch.setattr(Office.objects, "create", racing_create)
    found = importing._created(Office, lambda: Office.objects.matching(stored.name).first(), name=stored.name)
    assert calls and found == stored
    assert Office.objects.filter(name_key=stored.name_key).count() == 1

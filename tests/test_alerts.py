"""E-mail alerts (issue 17) against a real SMTP server on 127.0.0.1 (aiosmtpd).

The server records every mail it accepts; it can be told to refuse the next ones (451), and a port
with no server stands for a server that is down."""

import datetime
import email
import re
import subprocess
import sys
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from haystack import connections

from archive.models import (
    AlertDelivery,
    AlertPublication,
    AlertRecipient,
    AlertRequest,
    AlertRun,
    AlertSubscription,
    Article,
    Person,
    Place,
)

from .live import ROOT, free_port

OFFICIAL = "وحید-گلی-کانی"
LINK = re.compile(r"http://testserver(/alerts/[a-z]+/[A-Za-z0-9_\-]+/)")


class Recorder:
    """aiosmtpd handler: keeps accepted messages; refuses the next ``refuse`` ones with a 451."""

    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.refused = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", controller.port, False
    settings.EMAIL_TIMEOUT = 10
    settings.SITE_URL = "http://testserver"
    yield recorder
    controller.stop()


def parts(message):
    """(plain text, HTML) of a received mail."""
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def link(message, kind):
    text, _ = parts(message)
    found = [m for m in LINK.findall(text) if m.startswith(f"/alerts/{kind}/")]
    assert found, f"no {kind} link in:\n{text}"
    return found[0]


def publish(title="فرماندار قدس از طرح تازهٔ آب خبر داد", speaker=OFFICIAL, status="published", **fields):
    return Article.objects.create(
        title=title,
        body=fields.pop("body", f"{title}\nمتن خبر."),
        raw_text=f"{title} {timezone.now().isoformat()}",
        speaker=Person.objects.get(slug=speaker) if speaker else None,
        status=status,
        **fields,
    )


def send():
    """Run send_alerts; returns the run (also when it exits with status 1 for a failed mail)."""
    try:
        call_command("send_alerts", verbosity=0)
    except CommandError:
        pass
    return AlertRun.objects.order_by("-pk").first()


def subscribe(client, email_address="reader@example.org", frequency="immediate", **scope):
    return client.post("/alerts/subscribe/", {"email": email_address, "frequency": frequency, **scope})


def confirmed(client, smtp, email_address="reader@example.org", frequency="immediate", **scope):
    """Subscribe and follow the confirmation; returns the active subscription."""
    before = len(smtp.messages)
    assert subscribe(client, email_address, frequency, **scope).status_code == 200
    assert len(smtp.messages) == before + 1
    url = link(smtp.messages[-1], "confirm")
    assert client.post(url).status_code == 200
    subscription = AlertSubscription.objects.filter(recipient__email=email_address).latest("pk")
    assert subscription.status == "active" and subscription.params == scope
    return subscription


@pytest.mark.django_db
def test_official_page_offers_the_alert_with_its_scope(client):
    page = client.get(f"/officials/{OFFICIAL}/").content.decode()
    form = page[page.index('action="/alerts/subscribe/"') :]
    form = form[: form.index("</form>")]
    assert "csrfmiddlewaretoken" in form and 'name="email"' in form
    assert f'name="official" value="{OFFICIAL}"' in form
    assert "خبرم کن" in page
    search = client.get("/search/", {"q": "روابط عمومی", "place": "تهران"}).content.decode()
    assert 'name="q" value="روابط عمومی"' in search[search.index('action="/alerts/subscribe/"') :]
    # The form shown at /alerts/subscribe/ names what it follows.
    shown = client.get("/alerts/subscribe/", {"official": OFFICIAL}).content.decode()
    assert "بیانیه‌های وحید گلی کانی" in shown and "csrfmiddlewaretoken" in shown


@pytest.mark.django_db
def test_subscribe_needs_csrf():
    strict = Client(enforce_csrf_checks=True)
    assert (
        strict.post("/alerts/subscribe/", {"email": "a@example.org", "official": OFFICIAL}).status_code == 403
    )
    assert not AlertSubscription.objects.exists()


@pytest.mark.django_db
def test_confirm_alert_headers_second_run_and_unsubscribe(client, smtp):
    response = subscribe(client, "Reader@Example.org", official=OFFICIAL)
    assert response.status_code == 200 and "صندوق ایمیل" in response.content.decode()
    assert len(smtp.messages) == 1
    confirmation = smtp.messages[0]
    assert confirmation["To"] == "reader@example.org" and "تأیید" in confirmation["Subject"]
    confirm_url = link(confirmation, "confirm")

    # Nothing before the link is followed, even for a statement published meanwhile.
    before = publish("پیش از تأیید منتشر شد")
    assert send().mails_sent == 0 and len(smtp.messages) == 1
    # Following the link shows a button (a link scanner's GET turns nothing on); the POST confirms.
    assert client.get(confirm_url).status_code == 200
    assert AlertSubscription.objects.get().status == "pending"
    assert client.post(confirm_url).status_code == 200
    assert AlertSubscription.objects.get().status == "active"
    assert client.post(confirm_url).status_code == 404  # one time only

    assert send().mails_sent == 0  # published before the alert was on
    other = publish("گفتهٔ مقامی دیگر", speaker="احمد-احمدی-صدر")
    new = publish(
        "فرماندار قدس: <b>آب</b> & برق",
        place=Place.objects.filter(name="قدس").first(),
        lead="لید خبر دربارهٔ آب شهر قدس.",
        date=datetime.date(2025, 11, 15),
    )
    run = send()
    assert (run.mails_sent, run.statements_sent, run.mails_failed) == (1, 1, 0)
    assert len(smtp.messages) == 2
    alert = smtp.messages[1]
    text, html = parts(alert)
    permalink = f"http://testserver/statements/{new.pk}/"
    assert permalink in text and f'href="{permalink}"' in html
    assert f"/statements/{other.pk}/" not in text and f"/statements/{before.pk}/" not in text
    unsubscribe_url = "http://testserver" + link(alert, "unsubscribe")
    assert alert["List-Unsubscribe"].strip() == f"<{unsubscribe_url}>"  # folded: a long header
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "وحید گلی کانی" in text and "لید خبر" in text and link(alert, "manage")
    assert "تاریخ: ۲۴ آبان ۱۴۰۴" in text and "۲۴ آبان ۱۴۰۴" in html and "مکان: " in text
    assert 'dir="rtl"' in html and "&lt;b&gt;آب&lt;/b&gt; &amp; برق" in html and "<b>آب" not in html
    assert "<img" not in html and "<style" not in html and 'style="' in html
    assert unsubscribe_url in html and "لغو همین هشدار" in html

    assert send().mails_sent == 0 and len(smtp.messages) == 2  # a second run sends nothing

    # The visible unsubscribe link: a page with a button, then nothing more is sent.
    page = client.get(link(alert, "unsubscribe"))
    assert page.status_code == 200 and AlertSubscription.objects.get().status == "active"
    assert client.post(link(alert, "unsubscribe")).status_code == 200
    assert AlertSubscription.objects.get().status == "unsubscribed"
    publish("فرماندار قدس پس از لغو")
    assert send().mails_sent == 0 and len(smtp.messages) == 2


@pytest.mark.django_db
def test_one_click_unsubscribe_needs_no_csrf(client, smtp):
    subscription = confirmed(client, smtp, official=OFFICIAL)
    publish()
    send()
    url = link(smtp.messages[-1], "unsubscribe")
    # RFC 8058: the mail client POSTs this body, with no cookie and no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed" and subscription.unsubscribed_at


@pytest.mark.django_db
def test_refused_first_attempt_is_retried_and_sent_once(client, smtp, caplog):
    subscription = confirmed(client, smtp, official=OFFICIAL)
    article = publish()
    smtp.refuse = 1
    run = send()
    assert (run.mails_sent, run.mails_failed, smtp.refused) == (0, 1, 1)
    assert not AlertDelivery.objects.exists()
    subscription.refresh_from_db()
    assert subscription.last_sent_at is None and "451" in subscription.last_error
    assert "not sent, left due" in caplog.text
    run = send()
    assert (run.mails_sent, run.mails_failed) == (1, 0)
    assert f"/statements/{article.pk}/" in parts(smtp.messages[-1])[0]
    assert list(AlertDelivery.objects.values_list("article_id", flat=True)) == [article.pk]
    subscription.refresh_from_db()
    assert subscription.last_error == "" and subscription.last_sent_at
    assert send().mails_sent == 0


@pytest.mark.django_db
def test_server_down_leaves_the_alert_due(client, smtp, settings, caplog):
    confirmed(client, smtp, official=OFFICIAL)
    publish()
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    with pytest.raises(CommandError, match="not accepted"):
        call_command("send_alerts", verbosity=0)
    assert AlertRun.objects.latest("pk").mails_failed == 1 and not AlertDelivery.objects.exists()
    assert "left due" in caplog.text
    settings.EMAIL_PORT = port
    assert send().mails_sent == 1 and AlertDelivery.objects.count() == 1


@pytest.mark.django_db
def test_unpublished_statement_is_not_sent(client, smtp):
    subscription = confirmed(client, smtp, frequency="daily", official=OFFICIAL)
    article = publish()
    assert send().mails_sent == 1
    # Seen published by a run while the daily alert was not due, then unpublished before its next mail.
    withdrawn = publish("منتشر و سپس پس گرفته شد")
    assert send().mails_sent == 0
    assert AlertPublication.objects.filter(article=withdrawn).exists()
    withdrawn.status = Article.Status.DRAFT
    withdrawn.save()
    never = publish("هرگز منتشر نشد", status="draft")
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        last_sent_at=timezone.now() - timedelta(days=1)
    )
    assert send().mails_sent == 0
    assert not AlertDelivery.objects.filter(article__in=[withdrawn, never]).exists()
    assert AlertDelivery.objects.get().article == article
    # Published again, it is sent: it was never sent to this alert.
    withdrawn.status = Article.Status.PUBLISHED
    withdrawn.save()
    assert send().statements_sent == 1


@pytest.mark.django_db
def test_each_statement_once_even_after_resubscribing(client, smtp):
    subscription = confirmed(client, smtp, official=OFFICIAL)
    article = publish()
    assert send().mails_sent == 1
    manage = link(smtp.messages[-1], "manage")
    client.post(manage, {"subscription": subscription.pk, "action": "unsubscribe"})
    client.post(manage, {"subscription": subscription.pk, "action": "resume"})
    subscription.refresh_from_db()
    assert subscription.status == "active"
    # Edited after it was sent: still never sent again.
    article.title += " (ویرایش)"
    article.save()
    assert send().mails_sent == 0


@pytest.mark.django_db
def test_daily_alert_waits_a_day_and_then_sends_everything_since(client, smtp):
    subscription = confirmed(client, smtp, frequency="daily", official=OFFICIAL)
    first = publish("نخست")
    assert send().mails_sent == 1
    second, third = publish("دوم"), publish("سوم")
    assert send().mails_sent == 0  # not a day yet
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        last_sent_at=timezone.now() - timedelta(days=1)
    )
    run = send()
    assert (run.mails_sent, run.statements_sent) == (1, 2)
    text = parts(smtp.messages[-1])[0]
    assert f"/statements/{second.pk}/" in text and f"/statements/{third.pk}/" in text
    assert f"/statements/{first.pk}/" not in text


@pytest.mark.django_db
def test_search_alert_sends_only_what_the_search_finds(client, smtp, committed):
    confirmed(client, smtp, q="آبرسانی", official=OFFICIAL)
    with committed():
        found = publish("طرح آبرسانی روستاهای قدس", body="فرماندار گفت طرح آبرسانی به روستاها پایان یافت.")
        publish("دیدار با کشاورزان", body="فرماندار با کشاورزان دیدار کرد.")
        publish("آبرسانی در شهری دیگر", speaker="احمد-احمدی-صدر", body="طرح آبرسانی در شهر آغاز شد.")
    run = send()
    assert (run.mails_sent, run.statements_sent) == (1, 1)
    text = parts(smtp.messages[-1])[0]
    assert f"/statements/{found.pk}/" in text and "جست‌وجوی «آبرسانی»" in text


@pytest.mark.django_db
def test_search_alert_waits_while_the_index_cannot_be_read(client, smtp, committed, search_index, caplog):
    search = confirmed(client, smtp, q="آبرسانی")
    confirmed(client, smtp, official=OFFICIAL)
    with committed():
        article = publish("طرح آبرسانی روستاهای قدس", body="طرح آبرسانی به روستاها پایان یافت.")
    segment = max(search_index.iterdir(), key=lambda path: path.stat().st_size)
    whole = segment.read_bytes()
    segment.write_bytes(whole[: len(whole) // 2])
    connections.reload("default")
    try:
        run = send()
    finally:
        segment.write_bytes(whole)
        connections.reload("default")
    assert (run.mails_sent, run.mails_failed) == (1, 0)  # the official's alert needs no index
    assert not search.deliveries.exists() and "search index cannot be read" in caplog.text
    run = send()
    assert run.mails_sent == 1 and list(search.deliveries.values_list("article_id", flat=True)) == [
        article.pk
    ]


@pytest.mark.django_db
def test_answer_never_tells_whether_an_address_is_subscribed(client, smtp):
    confirmed(client, smtp, "known@example.org", official=OFFICIAL)

    def answer(address):
        response = subscribe(client, address, official=OFFICIAL)
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return response.status_code, body

    assert answer("known@example.org") == answer("unknown@example.org")
    notice, fresh = smtp.messages[-2:]
    assert notice["To"] == "known@example.org" and "/alerts/confirm/" not in parts(notice)[0]
    assert "/alerts/manage/" in parts(notice)[0]
    assert fresh["To"] == "unknown@example.org" and "/alerts/confirm/" in parts(fresh)[0]


@pytest.mark.django_db
def test_throttled_per_email_and_per_client_address(client, smtp, settings):
    settings.ALERTS_PER_EMAIL_PER_HOUR, settings.ALERTS_PER_ADDRESS_PER_HOUR = 2, 5
    answers = {subscribe(client, "target@example.org", official=OFFICIAL).status_code for _ in range(4)}
    assert answers == {200}  # the same answer, but no more mail to this address
    assert [m["To"] for m in smtp.messages] == ["target@example.org"] * 2
    assert subscribe(client, "fifth@example.org", official=OFFICIAL).status_code == 200
    response = subscribe(client, "sixth@example.org", official=OFFICIAL)
    assert response.status_code == 429 and "درخواست‌های بسیار" in response.content.decode()
    assert len(smtp.messages) == 3
    # Another client address is not held back by this one.
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert subscribe(other, "sixth@example.org", official=OFFICIAL).status_code == 200
    assert len(smtp.messages) == 4
    # Old requests stop counting.
    AlertRequest.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert subscribe(client, "target@example.org", official=OFFICIAL).status_code == 200
    assert len(smtp.messages) == 5


@pytest.mark.django_db
def test_expired_confirmation(client, smtp, settings):
    subscribe(client, official=OFFICIAL)
    url = link(smtp.messages[-1], "confirm")
    AlertSubscription.objects.update(
        created_at=timezone.now() - timedelta(hours=settings.ALERTS_CONFIRM_HOURS + 1)
    )
    response = client.post(url)
    assert response.status_code == 410 and "منقضی" in response.content.decode()
    assert not AlertSubscription.objects.exists()
    # send_alerts removes expired requests nobody followed.
    subscribe(client, "late@example.org", official=OFFICIAL)
    AlertSubscription.objects.update(
        created_at=timezone.now() - timedelta(hours=settings.ALERTS_CONFIRM_HOURS + 1)
    )
    assert send().expired_removed == 1 and not AlertSubscription.objects.exists()


@pytest.mark.django_db
def test_manage_page_lists_and_changes_every_alert(client, smtp):
    first = confirmed(client, smtp, official=OFFICIAL)
    second = confirmed(client, smtp, place=Place.objects.get(name="قدس", kind="county").slug)
    token = AlertRecipient.objects.get().token
    page = client.get(f"/alerts/manage/{token}/").content.decode()
    assert first.label in page and second.label in page and "بیانیه‌ها در شهرستان قدس" in page
    client.post(
        f"/alerts/manage/{token}/", {"subscription": first.pk, "action": "frequency", "frequency": "weekly"}
    )
    first.refresh_from_db()
    assert first.frequency == "weekly"
    client.post(f"/alerts/manage/{token}/", {"action": "unsubscribe_all"})
    assert set(AlertSubscription.objects.values_list("status", flat=True)) == {"unsubscribed"}
    assert client.get("/alerts/manage/not-a-token/").status_code == 404
    assert (
        client.post(f"/alerts/manage/{token}/", {"subscription": "x'", "action": "unsubscribe"}).status_code
        == 404
    )
    # Another reader's alert cannot be changed through this page.
    other = confirmed(client, smtp, "other@example.org", official=OFFICIAL)
    assert (
        client.post(
            f"/alerts/manage/{token}/", {"subscription": other.pk, "action": "unsubscribe"}
        ).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == "active"


@pytest.mark.django_db
def test_unknown_scope_is_refused(client, smtp):
    assert subscribe(client, official="nobody-at-all").status_code == 404
    assert subscribe(client, "not-an-address", official=OFFICIAL).status_code == 400
    assert not smtp.messages and not AlertSubscription.objects.exists()


def test_mail_settings_from_the_environment(tmp_path):
    """No EMAIL_HOST: mails are files under var/mail/; with it, SMTP with the given settings."""
    code = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.EMAIL_BACKEND, s.__dict__['_wrapped'].__dict__.get('EMAIL_FILE_PATH'),"
        " s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER, s.DEFAULT_FROM_EMAIL)"
    )
    base = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "ARCHIVE_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x",
    }

    def run(**env):
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()

    files = run()
    assert files[0] == "django.core.mail.backends.filebased.EmailBackend" and files[1] == str(
        tmp_path / "mail"
    )
    # A mail sent with no EMAIL_HOST lands as a file in ARCHIVE_VAR_DIR/mail (var/mail/ by default).
    sent = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.core.mail import send_mail; "
            "send_mail('آزمون', 'متن', None, ['a@example.org'])",
        ],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
    )
    assert sent.returncode == 0, sent.stderr
    written = list((tmp_path / "mail").iterdir())
    assert len(written) == 1 and "a@example.org" in written[0].read_text()
    smtp_env = run(
        EMAIL_HOST="mail.example.org",
        EMAIL_PORT="2525",
        EMAIL_USE_TLS="1",
        EMAIL_HOST_USER="u",
        DEFAULT_FROM_EMAIL="alerts@example.org",
    )
    assert smtp_env == [
        "django.core.mail.backends.smtp.EmailBackend",
        "None",
        "mail.example.org",
        "2525",
        "True",
        "u",
        "alerts@example.org",
    ]


@pytest.mark.django_db
def test_admin_lists_subscriptions_and_mails_per_run(client, smtp, admin_client):
    subscription = confirmed(client, smtp, official=OFFICIAL)
    publish()
    publish("دومین")
    send()
    page = admin_client.get("/admin/archive/alertsubscription/").content.decode()
    assert subscription.label in page and "reader@example.org" in page and "فعال" in page
    assert "آخرین ایمیل" in page
    runs = admin_client.get("/admin/archive/alertrun/").content.decode()
    assert "ایمیل‌های فرستاده" in runs
    run = AlertRun.objects.get()
    assert (run.mails_sent, run.statements_sent) == (1, 2)
    assert admin_client.get(f"/admin/archive/alertsubscription/{subscription.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_alert_pages_keep_to_the_content_security_policy(client, smtp):
    from .test_security import InlineFinder

    subscription = confirmed(client, smtp, official=OFFICIAL)
    publish()
    send()
    alert = smtp.messages[-1]
    paths = [f"/alerts/subscribe/?official={OFFICIAL}", link(alert, "unsubscribe"), link(alert, "manage")]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        finder = InlineFinder()
        finder.feed(response.content.decode())
        assert not finder.found, (path, finder.found)
        assert '<meta name="robots" content="noindex">' in response.content.decode(), path  # token pages
    assert subscription.recipient.token in link(alert, "manage")


@pytest.mark.django_db
def test_a_confirmation_the_server_cannot_take_is_logged_and_the_answer_is_the_same(
    client, smtp, settings, caplog
):
    expected = subscribe(client, "first@example.org", official=OFFICIAL)
    settings.EMAIL_PORT = free_port()  # the mail server is down
    response = subscribe(client, "second@example.org", official=OFFICIAL)
    assert response.status_code == expected.status_code == 200
    assert "صندوق ایمیل خود را ببینید" in response.content.decode()
    assert "mail to second@example.org not sent" in caplog.text
    assert [m["To"] for m in smtp.messages] == ["first@example.org"]

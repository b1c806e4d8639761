"""The alert mails: Persian, right to left, an HTML part (escaped text, inline styles, no remote image)
and a plain-text part, every link absolute (``settings.SITE_URL``)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from archive.jalali import format_jalali
from archive.persian import to_persian_digits

SITE_NAME = "آرشیو گفته‌های مقام‌ها"
SNIPPET_CHARS = 300


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def manage_url(recipient) -> str:
    return absolute(reverse("archive:alert-manage", args=[recipient.token]))


def unsubscribe_url(subscription) -> str:
    return absolute(reverse("archive:alert-unsubscribe", args=[subscription.unsubscribe_token]))


def _message(to, subject, template, context, connection=None, headers=None):
    context = {"site_name": SITE_NAME, "site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject.replace("\n", " ")[:200],
        body=render_to_string(f"alerts/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
    )
    message.attach_alternative(render_to_string(f"alerts/{template}.html", context), "text/html")
    return message


def confirmation(subscription, token, connection=None):
    """The double opt-in mail: the one-time link that turns the alert on."""
    url = absolute(reverse("archive:alert-confirm", args=[token]))
    return _message(
        subscription.recipient.email,
        f"تأیید هشدار ایمیلی: {subscription.label}",
        "mail_confirm",
        {
            "subscription": subscription,
            "confirm_url": url,
            "hours": to_persian_digits(int(settings.ALERTS_CONFIRM_HOURS)),
        },
        connection,
    )


def already_active(subscription, connection=None):
    """Sent instead of a confirmation when the same alert is already on (the page says the same either
    way)."""
    return _message(
        subscription.recipient.email,
        f"هشدار ایمیلی: {subscription.label}",
        "mail_notice",
        {
            "subscription": subscription,
            "manage_url": manage_url(subscription.recipient),
        },
        connection,
    )


def statement_entry(article) -> dict:
    lead = article.lead or " ".join(article.paragraphs()[:1])
    return {
        "title": article.title,
        "speaker": article.speaker.name if article.speaker else "",
        "office": article.office.name if article.office else "",
        "place": str(article.place) if article.place else "",
        "agency": article.agency.name if article.agency else "",
        "date": format_jalali(article.date),
        "snippet": Truncator(lead).chars(SNIPPET_CHARS),
        "permalink": absolute(reverse("archive:article-short", args=[article.pk])),
    }


def alert(subscription, articles, connection=None):
    """One alert mail listing ``articles``, with RFC 8058 one-click unsubscribe headers."""
    unsubscribe = unsubscribe_url(subscription)
    count = to_persian_digits(len(articles))
    return _message(
        subscription.recipient.email,
        f"{count} بیانیهٔ تازه: {subscription.label}",
        "mail_alert",
        {
            "subscription": subscription,
            "statements": [statement_entry(article) for article in articles],
            "count": count,
            "unsubscribe_url": unsubscribe,
            "manage_url": manage_url(subscription.recipient),
        },
        connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )

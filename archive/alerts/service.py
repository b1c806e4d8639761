"""Subscribing (double opt-in, throttled), confirming, unsubscribing and sending alerts."""

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from archive.errors import raised_by_search_engine
from archive.models import AlertDelivery, AlertRecipient, AlertRequest, AlertRun, AlertSubscription

from . import mail
from .scope import ScopeGone, label, new_statements, resolve, sync_publications

log = logging.getLogger(__name__)

PERIODS = {
    AlertSubscription.Frequency.IMMEDIATE: datetime.timedelta(0),
    AlertSubscription.Frequency.DAILY: datetime.timedelta(days=1),
    AlertSubscription.Frequency.WEEKLY: datetime.timedelta(days=7),
}
# A run started by a timer a little early still sends a daily or weekly alert.
PERIOD_SLACK = datetime.timedelta(minutes=30)
# A run unfinished for this long is taken to have died; another may start.
RUN_STALE = datetime.timedelta(minutes=30)


class Throttled(Exception):
    """Too many subscribe requests from one client address."""


class RunInProgress(Exception):
    """Another send_alerts run is still going."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _send(message) -> bool:
    """Send one message; False (error logged) when the server is down or refuses it."""
    try:
        return bool(message.send())
    except Exception:
        log.exception("mail to %s not sent", ", ".join(message.to))
        return False


def request_alert(email: str, scope: dict, frequency: str, client: str) -> None:
    """A reader asks for an alert. The outcome is the same to the reader whatever happens here (a new
    confirmation, a note that the alert is already on, or nothing when this address asked too often),
    so the answer never tells whether an address is subscribed. Raises :class:`Throttled` when the
    client address asked too often, :class:`ScopeGone` for an unknown record."""
    email = email.strip().lower()
    resolved = resolve(scope)
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    if (
        AlertRequest.objects.filter(client=client, created_at__gte=hour_ago).count()
        >= settings.ALERTS_PER_ADDRESS_PER_HOUR
    ):
        raise Throttled(client)
    AlertRequest.objects.create(email=email, client=client[:64])
    if (
        AlertRequest.objects.filter(email=email, created_at__gte=hour_ago).count()
        > settings.ALERTS_PER_EMAIL_PER_HOUR
    ):
        log.info("alert request for %s throttled (too many for this address)", email)
        return
    recipient, _ = AlertRecipient.objects.get_or_create(
        email=email, defaults={"token": secrets.token_urlsafe(32)}
    )
    same = [
        s
        for s in recipient.subscriptions.exclude(status=AlertSubscription.Status.UNSUBSCRIBED)
        if s.params == scope
    ]
    active = next((s for s in same if s.status == AlertSubscription.Status.ACTIVE), None)
    if active is not None:
        _send(mail.already_active(active))
        return
    for pending in same:  # an earlier unconfirmed request for the same alert: its link stops working
        pending.delete()
    token = secrets.token_urlsafe(32)
    subscription = AlertSubscription.objects.create(
        recipient=recipient,
        params=scope,
        label=label(scope, resolved),
        frequency=frequency,
        confirm_hash=_hash(token),
        unsubscribe_token=secrets.token_urlsafe(32),
    )
    _send(mail.confirmation(subscription, token))


def expired_before(now=None):
    return (now or timezone.now()) - datetime.timedelta(hours=settings.ALERTS_CONFIRM_HOURS)


def pending_for(token: str):
    """The unconfirmed subscription of a confirmation link, ``"expired"``, or None (unknown or used)."""
    subscription = (
        AlertSubscription.objects.filter(confirm_hash=_hash(token), status=AlertSubscription.Status.PENDING)
        .select_related("recipient")
        .first()
    )
    if subscription is None:
        return None
    if subscription.created_at < expired_before():
        subscription.delete()
        return "expired"
    return subscription


def activate(subscription, now=None):
    """Turn an alert on: statements first seen published from now on are sent to it."""
    now = now or timezone.now()
    with transaction.atomic():
        sync_publications(now)
        subscription.status = AlertSubscription.Status.ACTIVE
        subscription.confirmed_at = now
        subscription.confirm_hash = ""
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["status", "confirmed_at", "confirm_hash", "unsubscribed_at"])


def unsubscribe(subscription):
    if subscription.status != AlertSubscription.Status.UNSUBSCRIBED:
        subscription.status = AlertSubscription.Status.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])


def is_due(subscription, now) -> bool:
    if subscription.last_sent_at is None:
        return True
    period = PERIODS.get(subscription.frequency, PERIODS[AlertSubscription.Frequency.DAILY])
    return not period or now - subscription.last_sent_at >= period - PERIOD_SLACK


def _start_run(now) -> AlertRun:
    with transaction.atomic():
        if AlertRun.objects.filter(finished_at=None, started_at__gte=now - RUN_STALE).exists():
            raise RunInProgress("another send_alerts run is still going")
        return AlertRun.objects.create()


def send_due(now=None) -> AlertRun:
    """Send every confirmed alert that is due the statements it has not had, one mail per alert.

    A statement is recorded as sent to an alert only after the mail server accepted the mail; a server
    that is down or refuses leaves the alert due for the next run (the error is logged and kept on the
    alert). Unconfirmed requests past their time are removed."""
    now = now or timezone.now()
    run = _start_run(now)
    try:
        run.expired_removed = (
            AlertSubscription.objects.filter(
                status=AlertSubscription.Status.PENDING, created_at__lt=expired_before(now)
            )
            .delete()[1]
            .get(AlertSubscription._meta.label, 0)
        )
        AlertRequest.objects.filter(created_at__lt=now - datetime.timedelta(days=1)).delete()
        sync_publications(now)
        connection = None
        # Read at once: each alert's row is written while the others are sent.
        subscriptions = list(
            AlertSubscription.objects.filter(status=AlertSubscription.Status.ACTIVE)
            .select_related("recipient")
            .order_by("pk")
        )
        for subscription in subscriptions:
            if not is_due(subscription, now):
                continue
            try:
                articles = new_statements(subscription, settings.ALERTS_MAX_PER_MAIL)
            except ScopeGone as error:
                log.warning("alert %s follows a record that is gone (%s); skipped", subscription.pk, error)
                continue
            except Exception as error:
                if not raised_by_search_engine(error):
                    raise
                # A search alert while the index cannot be read: nothing is marked, it is due next run.
                log.error(
                    "alert %s left due: the search index cannot be read", subscription.pk, exc_info=error
                )
                continue
            if not articles:
                continue
            connection = connection or get_connection()
            message = mail.alert(subscription, articles, connection)
            try:
                accepted = connection.send_messages([message])
                if not accepted:
                    raise RuntimeError("the mail backend sent nothing")
            except Exception as error:
                log.error(
                    "alert %s to %s not sent, left due for the next run: %s",
                    subscription.pk,
                    subscription.recipient.email,
                    error,
                    exc_info=True,
                )
                AlertSubscription.objects.filter(pk=subscription.pk).update(
                    last_error=f"{timezone.now():%Y-%m-%d %H:%M} {type(error).__name__}: {error}"[:2000]
                )
                run.mails_failed += 1
                try:
                    connection.close()
                except Exception:
                    pass
                connection = None  # a fresh connection for the next alert
                continue
            with transaction.atomic():
                AlertDelivery.objects.bulk_create(
                    [
                        AlertDelivery(subscription=subscription, article=article, run=run)
                        for article in articles
                    ],
                    ignore_conflicts=True,
                )
                AlertSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now, last_error="")
            run.mails_sent += 1
            run.statements_sent += len(articles)
        if connection is not None:
            connection.close()
    finally:
        run.finished_at = timezone.now()
        run.save()
    return run

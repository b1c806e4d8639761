"""The alert pages: subscribe, confirm, unsubscribe (with RFC 8058 one-click) and manage."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from archive.middleware import client_ip
from archive.models import AlertRecipient, AlertSubscription

from . import service
from .scope import SCOPE_KEYS, ScopeGone, clean_scope, label, resolve

HOME = ("خانه", "/")
CRUMB = ("هشدار ایمیلی", None)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="نشانی ایمیل",
        max_length=254,
        error_messages={"required": "نشانی ایمیل را بنویسید.", "invalid": "این نشانی ایمیل درست نیست."},
    )
    frequency = forms.ChoiceField(
        label="هر چند وقت",
        choices=AlertSubscription.Frequency.choices,
        initial=AlertSubscription.Frequency.DAILY,
        required=False,
    )


def _page(request, template, context=None, status=200):
    return render(
        request, f"alerts/{template}.html", {"breadcrumbs": [HOME, CRUMB], **(context or {})}, status=status
    )


def _message(request, title, text, status=200):
    return _page(request, "message", {"title": title, "text": text}, status=status)


@require_http_methods(["GET", "POST"])
def subscribe(request):
    data = request.POST if request.method == "POST" else request.GET
    scope = clean_scope(data)
    try:
        resolved = resolve(scope)
    except ScopeGone:
        return _message(request, "هشدار ایمیلی", "آنچه می‌خواهید دنبال کنید در آرشیو یافت نشد.", status=404)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "scope": scope, "scope_keys": SCOPE_KEYS, "label": label(scope, resolved)}
    if request.method == "POST" and form.is_valid():
        try:
            service.request_alert(
                form.cleaned_data["email"],
                scope,
                form.cleaned_data["frequency"] or AlertSubscription.Frequency.DAILY,
                client_ip(request),
            )
        except service.Throttled:
            return _message(
                request,
                "درخواست‌های بسیار",
                "از این نشانی در یک ساعت گذشته درخواست‌های بسیاری رسیده است؛ کمی بعد دوباره بکوشید.",
                status=429,
            )
        return _page(request, "sent", context)
    return _page(request, "subscribe", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST turns the alert on: a link scanner that opens the link confirms nothing."""
    subscription = service.pending_for(token)
    if subscription == "expired":
        return _message(
            request,
            "پیوند منقضی شده است",
            "این پیوند تأیید دیگر کار نمی‌کند؛ اگر هنوز این هشدار را می‌خواهید، دوباره درخواست کنید.",
            status=410,
        )
    if subscription is None:
        return _message(
            request, "پیوند کار نمی‌کند", "این پیوند تأیید شناخته نشد یا پیش‌تر به کار رفته است.", status=404
        )
    if request.method == "POST":
        service.activate(subscription)
        return _page(
            request,
            "confirmed",
            {
                "subscription": subscription,
                "manage_url": reverse("archive:alert-manage", args=[subscription.recipient.token]),
            },
        )
    return _page(request, "confirm", {"subscription": subscription})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookie or token of ours
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST (the button, or a mail client's one-click request) unsubscribes.
    The secret token in the address is the authority, so the POST needs no CSRF token."""
    subscription = get_object_or_404(
        AlertSubscription.objects.select_related("recipient"), unsubscribe_token=token
    )
    manage_url = reverse("archive:alert-manage", args=[subscription.recipient.token])
    if request.method == "POST":
        service.unsubscribe(subscription)
        return _page(request, "unsubscribed", {"subscription": subscription, "manage_url": manage_url})
    return _page(request, "unsubscribe", {"subscription": subscription, "manage_url": manage_url})


@require_http_methods(["GET", "POST"])
def manage(request, token):
    """Every alert of one address: change how often, turn off or on again (the token is the key)."""
    recipient = get_object_or_404(AlertRecipient, token=token)
    if request.method == "POST":
        chosen = request.POST.get("subscription", "")
        subscription = recipient.subscriptions.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        action = request.POST.get("action")
        if action == "unsubscribe_all":
            for each in recipient.subscriptions.exclude(status=AlertSubscription.Status.UNSUBSCRIBED):
                service.unsubscribe(each)
        elif subscription is None:
            raise Http404
        elif action == "frequency" and request.POST.get("frequency") in AlertSubscription.Frequency.values:
            subscription.frequency = request.POST["frequency"]
            subscription.save(update_fields=["frequency"])
        elif action == "unsubscribe":
            service.unsubscribe(subscription)
        elif action == "resume" and subscription.status == AlertSubscription.Status.UNSUBSCRIBED:
            service.activate(subscription)  # this address proved it reads its mail: no new confirmation
        return redirect(reverse("archive:alert-manage", args=[token]) + "?saved=1")
    subscriptions = recipient.subscriptions.exclude(status=AlertSubscription.Status.PENDING).order_by("-pk")
    return _page(
        request,
        "manage",
        {
            "recipient": recipient,
            "subscriptions": subscriptions,
            "saved": request.GET.get("saved") == "1",
            "frequencies": AlertSubscription.Frequency.choices,
        },
    )

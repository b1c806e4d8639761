"""Admin for the e-mail alerts: subscriptions with their status and last mail, and the runs of
``send_alerts`` with how many mails each sent. Registered from archive/admin.py."""

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone

from archive.jalali import format_jalali
from archive.models import AlertDelivery, AlertRun, AlertSubscription
from archive.persian import to_persian_digits


def format_jalali_datetime(value):
    """A moment in Tehran time as ``۱۹ آذر ۱۴۰۴، ۱۲:۳۰`` ("" for none)."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_jalali(local.date())}، {to_persian_digits(local.strftime('%H:%M'))}"


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = (
        "label",
        "email",
        "status",
        "frequency",
        "created_shown",
        "last_mail",
        "n_sent",
        "has_error",
    )
    list_filter = ("status", "frequency")
    search_fields = ("recipient__email", "label")
    list_select_related = ("recipient",)
    readonly_fields = (
        "recipient",
        "params",
        "label",
        "created_at",
        "confirmed_at",
        "last_sent_at",
        "unsubscribed_at",
        "last_error",
    )
    fields = (
        "recipient",
        "label",
        "params",
        "frequency",
        "status",
        "created_at",
        "confirmed_at",
        "last_sent_at",
        "unsubscribed_at",
        "last_error",
    )
    actions = ["unsubscribe_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_deliveries=Count("deliveries"))

    def has_add_permission(self, request):
        return False  # alerts are asked for by readers, with their confirmation

    @admin.display(description="ایمیل", ordering="recipient__email")
    def email(self, obj):
        return obj.recipient.email

    @admin.display(description="درخواست", ordering="created_at")
    def created_shown(self, obj):
        return format_jalali_datetime(obj.created_at)

    @admin.display(description="آخرین ایمیل", ordering="last_sent_at")
    def last_mail(self, obj):
        return format_jalali_datetime(obj.last_sent_at) if obj.last_sent_at else "—"

    @admin.display(description="بیانیه‌های فرستاده", ordering="n_deliveries")
    def n_sent(self, obj):
        return obj.n_deliveries

    @admin.display(description="خطای ارسال", boolean=True)
    def has_error(self, obj):
        return bool(obj.last_error)

    @admin.action(description="لغو هشدارهای انتخاب‌شده")
    def unsubscribe_selected(self, request, queryset):
        from .service import unsubscribe

        for subscription in queryset:
            unsubscribe(subscription)
        self.message_user(request, f"{queryset.count()} هشدار لغو شد.")


@admin.register(AlertRun)
class AlertRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_shown",
        "finished_at",
        "mails_sent",
        "statements_sent",
        "mails_failed",
        "expired_removed",
    )
    readonly_fields = [f.name for f in AlertRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="آغاز", ordering="started_at")
    def started_shown(self, obj):
        return format_jalali_datetime(obj.started_at)


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(admin.ModelAdmin):
    list_display = ("article", "subscription", "sent_at", "run")
    list_select_related = ("article", "subscription", "run")
    search_fields = ("subscription__recipient__email", "article__title")
    raw_id_fields = ("article", "subscription", "run")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

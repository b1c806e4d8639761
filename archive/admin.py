"""Django admin, in Persian, for every record of the archive, with the upload and review flow."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .importing import Context, import_item, upload_limits
from .ingest.fields import LOW_CONFIDENCE
from .ingest.unpack import unpack, unpack_text
from .models import Agency, Article, Office, Person, PersonAlias, Place
from .search.queue import enqueue, pending

admin.site.site_header = "مدیریت آرشیو گفته‌های مقام‌ها"
admin.site.site_title = "مدیریت آرشیو"
admin.site.index_title = "بخش‌ها"


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "aliases__name"]
    inlines = [PersonAliasInline]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "code"]
    list_filter = ["kind", ("province", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "province"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by ``unpack`` afterwards, with its own message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ".txt,.zip,.jsonl"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [f for f in files if f]


class UploadForm(forms.Form):
    text = forms.CharField(
        label="متن خبر", required=False, widget=forms.Textarea(attrs={"rows": 12, "dir": "rtl"}),
        help_text="متن یک خبر را همان‌گونه که از صفحهٔ خبرگزاری کپی شده بچسبانید.",
    )
    files = MultipleFileField(
        label="پرونده‌ها", required=False,
        help_text="یک یا چند پروندهٔ ‎.txt‎، یک ‎.zip‎ از آن‌ها، یا یک ‎.jsonl‎ (هر سطر یک خبر).",
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}

    list_display = ["title", "speaker", "place", "date", "agency", "status"]
    list_filter = [
        "status",
        ("agency", admin.RelatedOnlyFieldListFilter),
        ("place__province", admin.RelatedOnlyFieldListFilter),
        "date",
    ]
    search_fields = ["title", "body", "speaker__name", "office__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["speaker", "office", "place", "agency"]
    readonly_fields = ["fingerprint", "created_at", "updated_at", "raw_text", "extracted", "near_duplicate_link",
                       "source_name"]
    list_select_related = ["speaker", "place", "agency"]
    actions = ["publish_selected", "unpublish_selected"]
    change_list_template = "admin/archive/article/change_list.html"
    fieldsets = [
        ("استخراج خودکار", {"fields": ["extracted", "near_duplicate_link"]}),
        (None, {"fields": ["title", "lead", "body", "status"]}),
        ("اطلاعات بیانیه", {"fields": ["speaker", "office", "place", "date", "agency", "attribution"]}),
        ("منبع", {"fields": ["source_url", "news_code"]}),
        ("ثبت", {"classes": ["collapse"],
                 "fields": ["raw_text", "source_name", "fingerprint", "created_at", "updated_at"]}),
    ]

    FIELD_LABELS = {"title": "عنوان", "speaker": "گوینده", "office": "سمت", "place": "مکان",
                    "date": "تاریخ", "agency": "منبع خبر"}

    @admin.display(description="آنچه از متن خام خوانده شد")
    def extracted(self, obj):
        """Each extracted field beside its evidence; uncertain fields marked (all escaped)."""
        record = obj.extraction or {}
        if not record:
            return "—"
        rows = []
        for key, label in self.FIELD_LABELS.items():
            field = record.get(key) or {}
            value = field.get("value")
            confidence = field.get("confidence") or 0
            if value is None:
                state = "در متن نیامده"
            elif confidence < LOW_CONFIDENCE:
                state = f"نامطمئن ({round(confidence * 100)}٪) — بازبینی کنید"
            else:
                state = f"{round(confidence * 100)}٪"
            css = "extract-low" if value is not None and confidence < LOW_CONFIDENCE else ""
            rows.append((css, label, value if value is not None else "—", state, field.get("evidence") or ""))
        return format_html(
            '<table class="extraction"><thead><tr><th>فیلد</th><th>مقدار استخراج‌شده</th><th>اطمینان</th>'
            "<th>شاهد در متن</th></tr></thead><tbody>{}</tbody></table>",
            format_html_join("", '<tr class="{}"><th>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>', rows),
        )

    @admin.display(description="خبر بسیار مشابه")
    def near_duplicate_link(self, obj):
        other = obj.near_duplicate_of
        if other is None:
            return "—"
        return format_html(
            '<a href="../../{}/change/">{}</a> ({}) — همان خبر از منبعی دیگر؛ ادغام نشده است.',
            other.pk, other.title, other.agency or "منبع نامعلوم",
        )

    @admin.action(description="انتشار بیانیه‌های انتخاب‌شده")
    def publish_selected(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED, "منتشر شد")

    @admin.action(description="بازگرداندن به پیش‌نویس")
    def unpublish_selected(self, request, queryset):
        self._set_status(request, queryset, Article.Status.DRAFT, "به پیش‌نویس برگشت")

    def _set_status(self, request, queryset, status, done):
        # One transaction and one index commit for the whole selection.
        with transaction.atomic():
            ids = list(queryset.exclude(status=status).values_list("pk", flat=True))
            Article.objects.filter(pk__in=ids).update(status=status, updated_at=timezone.now())
            enqueue(ids)
        self.message_user(request, f"{len(ids)} بیانیه {done}.", messages.SUCCESS)

    def changelist_view(self, request, extra_context=None):
        waiting = pending()
        if waiting:
            self.message_user(
                request,
                f"{waiting} تغییر هنوز به نمایهٔ جست‌وجو نرسیده است؛ با تغییر بعدی دوباره تلاش می‌شود "
                "(یا با دستور check_index --repair).",
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="archive_article_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        limits = upload_limits()
        results = None
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            items = []
            if form.cleaned_data["text"].strip():
                items.append(unpack_text("متن چسبانده‌شده", form.cleaned_data["text"]))
            for upload in form.cleaned_data["files"]:
                # unpack() checks sizes; a zip may hold up to max_files members of max_bytes each.
                cap = limits.max_bytes * (limits.max_files if upload.name.lower().endswith(".zip") else 1)
                items.extend(unpack(upload.name, upload.read(cap + 1), limits))
            if len(items) > limits.max_files:
                form.add_error(None, f"در هر بارگذاری حداکثر {limits.max_files} خبر پذیرفته می‌شود؛ {len(items)} خبر فرستاده شد.")
            elif not items:
                form.add_error(None, "متنی را بچسبانید یا پرونده‌ای برگزینید.")
            else:
                ctx = Context()
                results = [import_item(item, ctx) for item in items]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "بارگذاری خبرها",
            "form": form,
            "results": results,
            "limits": limits,
            "created": [r for r in results or [] if r.status == "created"],
        }
        return TemplateResponse(request, "admin/archive/article/upload.html", context)

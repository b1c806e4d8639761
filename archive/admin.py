"""Django admin, in Persian, for every record of the archive, with the upload and review flow."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.db.models import Count, DateField, Max, Min
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import normalize_newlines

from . import jalali, uploads
from .importing import stored_field, upload_limits
from .merging import merge_offices, merge_people
from .models import (
    EXTRACTED_FIELDS,
    Agency,
    Article,
    IndexTask,
    Office,
    OfficeAlias,
    Person,
    PersonAlias,
    Place,
    UploadJob,
    recount_for,
)
from .search.queue import drain_after_commit, enqueue, pending, retry_set_aside, set_aside

admin.site.site_header = "مدیریت آرشیو گفته‌های مقام‌ها"
admin.site.site_title = "مدیریت آرشیو"
admin.site.index_title = "بخش‌ها"
# The statements list needs the width (title, speaker, place, date, agency, status and the filters);
# the breadcrumbs and the index page lead to the other sections.
admin.site.enable_nav_sidebar = False


class JalaliDateInput(forms.TextInput):
    """A date shown and typed as a Jalali date (``۱۴۰۴/۰۹/۱۹``), never Gregorian."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "placeholder": "۱۴۰۴/۰۹/۱۹",
                "inputmode": "numeric",
                "dir": "ltr",
                "class": "jalali-date",
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if hasattr(value, "year"):  # the stored (Gregorian) date
            return jalali.format_jalali_numeric(value)
        return super().format_value(value)  # what the editor typed, shown back as typed


class JalaliDateField(forms.Field):
    """A date typed as Jalali with Persian or Latin digits and ``/`` or ``-``, stored as the Gregorian date
    it means; a year no editor can mean (a Gregorian date typed by habit) is refused in Persian."""

    widget = JalaliDateInput

    def __init__(self, *, input_formats=None, **kwargs):  # DateField.formfield may pass Django's date options
        kwargs.pop("localize", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        if hasattr(value, "year"):
            return value
        try:
            return jalali.parse_jalali_strict(value or "")
        except jalali.JalaliDateError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class JalaliYearFilter(admin.SimpleListFilter):
    """Statements by Jalali year (instead of Django's Gregorian date hierarchy and date filter)."""

    title = "سال (خورشیدی)"
    parameter_name = "jalali_year"

    def lookups(self, request, model_admin):
        span = model_admin.get_queryset(request).aggregate(first=Min("date"), last=Max("date"))
        if span["first"] is None:
            return []
        first, last = jalali.to_jalali(span["first"]).year, jalali.to_jalali(span["last"]).year
        return [(str(y), jalali.to_persian_digits(y)) for y in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        start, end = (jalali.parse_jalali(day) for day in jalali.year_bounds(int(value)))
        return queryset.filter(date__gte=start, date__lte=end)


def jalali_column(field, description):
    """A changelist column showing a date or time field as a Jalali date in Persian digits."""

    def column(self, obj):
        value = getattr(obj, field)
        if value is None:
            return "—"
        if hasattr(value, "hour"):
            return jalali.format_jalali_datetime(timezone.localtime(value))
        return jalali.format_jalali(value)

    column.short_description = description
    column.admin_order_field = field
    return column


def digits_column(field, description):
    """A changelist column showing a number field in Persian digits, ordered by the field."""
    return admin.display(description=description, ordering=field)(
        lambda self, obj: jalali.to_persian_digits(getattr(obj, field))
    )


def link_column(description, url_name, id_field, label="{}"):
    """A changelist column linking to the admin page ``url_name`` of the id in ``id_field``; its text is
    ``label`` with the id in Persian digits for ``{}``."""

    @admin.display(description=description)
    def column(self, obj):
        pk = getattr(obj, id_field)
        return format_html(
            '<a href="{}">{}</a>', reverse(url_name, args=[pk]), label.format(jalali.to_persian_digits(pk))
        )

    return column


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records only the archive writes (its index queue, its uploads): editors look and act, never add or
    edit one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AliasInline(admin.TabularInline):
    """A record's other names, and the slug each merged record had (kept for its old links)."""

    extra = 1
    fields = ["name", "former_slug"]
    readonly_fields = ["former_slug"]


class PersonAliasInline(AliasInline):
    model = PersonAlias


class OfficeAliasInline(AliasInline):
    model = OfficeAlias


class MergeAdminMixin:
    """An action merging the selected records into one the editor picks on a confirmation page."""

    # merging.merge_people or merging.merge_offices; the pages name the records by the model's Persian
    # verbose_name ("مقام") and verbose_name_plural ("مقام‌ها").
    merge_function = None
    list_display = ["name", "slug"]
    search_fields = ["name", "aliases__name"]
    actions = ["merge_selected"]

    @admin.action(permissions=["change", "delete"])
    def merge_selected(self, request, queryset):
        return self._merge(request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "merge_selected" in actions:
            func, name, _description = actions["merge_selected"]
            actions["merge_selected"] = (func, name, f"ادغام {self.opts.verbose_name_plural}ی انتخاب‌شده")
        return actions

    def _merge(self, request, queryset):
        # Re-queried by pk: the changelist's search joins aliases, which would multiply the counts.
        chosen = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        records = list(
            chosen.annotate(n_articles=Count("articles", distinct=True)).order_by("-n_articles", "pk")
        )
        if len(records) < 2:
            self.message_user(
                request,
                f"برای ادغام دست‌کم دو {self.opts.verbose_name} برگزینید؛ چیزی تغییر نکرد.",
                messages.ERROR,
            )
            return None
        if request.POST.get("post") == "yes":
            survivor = next((r for r in records if str(r.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.message_user(request, "یکی از موارد انتخاب‌شده را برای ماندن برگزینید.", messages.ERROR)
            else:
                others = [r for r in records if r.pk != survivor.pk]
                with transaction.atomic():
                    # Logged before the merge deletes them: a deletion per merged record, a change on the
                    # survivor.
                    self.log_deletions(request, queryset.model.objects.filter(pk__in=[o.pk for o in others]))
                    result = type(self).merge_function(survivor, others)
                    self.log_change(
                        request,
                        survivor,
                        (
                            f"ادغام {len(result.merged)} مورد در این مورد: {'، '.join(result.merged)}؛ "
                            f"{result.moved} بیانیه منتقل شد."
                        ),
                    )
                self.message_user(
                    request,
                    (
                        f"«{'، '.join(result.merged)}» در «{survivor.name}» ادغام شد؛ "
                        f"{result.moved} بیانیه منتقل شد و نام‌های دیگر به فهرست نام‌های دیگرِ آن افزوده شد."
                    ),
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"ادغام {self.opts.verbose_name_plural}",
            "opts": self.model._meta,
            "records": records,
            "default": records[0].pk,  # the one with the most statements
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "noun": self.opts.verbose_name_plural,
            "singular": self.opts.verbose_name,
        }
        return TemplateResponse(request, "admin/archive/merge_confirmation.html", context)


@admin.register(Person)
class PersonAdmin(MergeAdminMixin, admin.ModelAdmin):
    inlines = [PersonAliasInline]
    merge_function = merge_people


@admin.register(Office)
class OfficeAdmin(MergeAdminMixin, admin.ModelAdmin):
    inlines = [OfficeAliasInline]
    merge_function = merge_offices


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


@admin.register(IndexTask)
class IndexTaskAdmin(ReadOnlyAdmin):
    """The index queue: what waits, what failed and why; set-aside tasks can be tried again."""

    list_display = [
        "article_link",
        "attempts_fa",
        "set_aside",
        "next_attempt_jalali",
        "short_error",
        "created_jalali",
    ]
    list_filter = ["set_aside"]
    readonly_fields = [
        "article_id",
        "created_jalali",
        "attempts",
        "next_attempt_jalali",
        "last_error",
        "set_aside",
    ]
    created_jalali = jalali_column("created", "ایجاد")
    next_attempt_jalali = jalali_column("next_attempt_at", "تلاش بعدی")
    attempts_fa = digits_column("attempts", "تلاش‌ها")
    article_link = link_column("بیانیه", "admin:archive_article_change", "article_id")

    actions = ["retry_selected"]

    @admin.display(description="آخرین خطا")
    def short_error(self, obj):
        return obj.last_error[:200] or "—"

    @admin.action(description="تلاش دوباره برای کارهای انتخاب‌شده", permissions=["view"])
    def retry_selected(self, request, queryset):
        n = retry_set_aside(queryset.values_list("article_id", flat=True))
        drain_after_commit()
        self.message_user(request, f"{n} کار کنار گذاشته دوباره در صف قرار گرفت.", messages.SUCCESS)


@admin.register(UploadJob)
class UploadJobAdmin(ReadOnlyAdmin):
    """Uploads and how far each got; the page of each job shows its per-article results."""

    list_display = ["job_link", "status", "position_fa", "created_by", "created_jalali", "updated_jalali"]
    list_filter = ["status"]
    created_jalali = jalali_column("created_at", "ایجاد")
    updated_jalali = jalali_column("updated_at", "به‌روزرسانی")
    position_fa = digits_column("next_position", "خبرهای خوانده‌شده")
    job_link = link_column("بارگذاری", "admin:archive_article_upload_job", "pk", label="بارگذاری {}")


def _outcomes(results):
    """An upload's results by outcome, for the sentence above its table."""
    return {
        "created": [r for r in results if r.status == "created"],
        "duplicates": [r for r in results if r.status == "duplicate"],
        "failed": [r for r in results if r.status not in ("created", "duplicate")],
    }


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
        label="متن خبر",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "dir": "rtl"}),
        help_text="متن یک خبر را همان‌گونه که از صفحهٔ خبرگزاری کپی شده بچسبانید.",
    )
    files = MultipleFileField(
        label="پرونده‌ها",
        required=False,
        help_text="یک یا چند پروندهٔ ‎.txt‎، یک ‎.zip‎ از آن‌ها، یا یک ‎.jsonl‎ (هر سطر یک خبر).",
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "speaker", "place", "date_jalali", "agency", "status"]
    list_filter = [
        "status",
        ("agency", admin.RelatedOnlyFieldListFilter),
        ("place__province", admin.RelatedOnlyFieldListFilter),
        JalaliYearFilter,
    ]
    search_fields = ["title", "body", "speaker__name", "office__name"]
    autocomplete_fields = ["speaker", "office", "place", "agency"]
    readonly_fields = [
        "fingerprint",
        "created_jalali",
        "updated_jalali",
        "raw_text",
        "extracted",
        "near_duplicate_link",
        "source_name",
        "edited",
    ]
    # Dates are typed and shown as Jalali (stored as the Gregorian date they mean).
    formfield_overrides = {
        DateField: {
            "form_class": JalaliDateField,
            "widget": JalaliDateInput,
            "help_text": (
                "تاریخ خورشیدی، با رقم فارسی یا لاتین: ۱۴۰۴/۰۹/۱۹ یا 1404-9-19. "
                "اگر در متن نیامده، خالی بگذارید."
            ),
        }
    }
    date_jalali = jalali_column("date", "تاریخ")
    created_jalali = jalali_column("created_at", "ایجاد")
    updated_jalali = jalali_column("updated_at", "به‌روزرسانی")
    list_select_related = ["speaker", "place", "agency"]
    actions = ["publish_selected", "unpublish_selected"]
    change_list_template = "admin/archive/article/change_list.html"
    fieldsets = [
        ("استخراج خودکار", {"fields": ["extracted", "edited", "near_duplicate_link"]}),
        (None, {"fields": ["title", "quote", "lead", "body", "status"]}),
        (
            "اطلاعات بیانیه",
            {
                "fields": [
                    "speaker",
                    "office",
                    "office_text",
                    "institution",
                    "place",
                    "date",
                    "agency",
                    "attribution",
                ]
            },
        ),
        ("منبع", {"fields": ["source_url", "news_code"]}),
        (
            "ثبت",
            {
                "classes": ["collapse"],
                "fields": ["raw_text", "source_name", "fingerprint", "created_jalali", "updated_jalali"],
            },
        ),
    ]

    FIELD_LABELS = {
        "title": "عنوان",
        "speaker": "گوینده",
        "office": "سمت در متن",
        "office_canonical": "سمت",
        "place": "مکان",
        "date": "تاریخ",
        "agency": "منبع خبر",
        "quote": "نقل‌قول",
        "institution": "نهاد",
    }
    # Labels of Article.edited_fields entries.
    EDITED_LABELS = {
        "title": "عنوان",
        "speaker": "گوینده",
        "office": "سمت",
        "office_text": "سمت در متن",
        "place": "مکان",
        "date": "تاریخ",
        "agency": "منبع خبر",
        "quote": "نقل‌قول",
        "institution": "نهاد",
        "lead": "لید",
        "body": "متن",
    }

    @admin.display(description="اصلاح‌شده به دست ویراستار")
    def edited(self, obj):
        """Fields an editor corrected; ``manage.py reextract`` leaves them as they are."""
        names = obj.edited_fields or []
        if not names:
            return "—"
        return (
            "، ".join(self.EDITED_LABELS.get(name, name) for name in names)
            + " (استخراج دوباره این‌ها را تغییر نمی‌دهد)"
        )

    @staticmethod
    def _edited_in(form):
        """Extractable fields whose value the editor changed (CRLF from a textarea is not a change)."""
        changed = []
        for name in form.changed_data:
            if name not in EXTRACTED_FIELDS:
                continue
            before, after = form.initial.get(name), form.cleaned_data.get(name)
            if isinstance(before, str) and isinstance(after, str):
                if normalize_newlines(before).strip() == normalize_newlines(after).strip():
                    continue
            changed.append(name)
        return changed

    def save_model(self, request, obj, form, change):
        if change:  # creation (by upload or the add form) is not a correction
            obj.mark_edited(self._edited_in(form))
        super().save_model(request, obj, form, change)

    @admin.display(description="آنچه از متن خام خوانده شد")
    def extracted(self, obj):
        """Each extracted field beside its evidence; uncertain fields marked (all escaped)."""
        record = obj.extraction or {}
        if not record:
            return "—"
        rows = []
        for key, label in self.FIELD_LABELS.items():
            field = stored_field(record, key)
            value = field.value
            if key == "date" and value:  # stored as an ISO date; editors read Jalali
                try:
                    value = jalali.format_jalali(datetime.date.fromisoformat(value))
                except ValueError:
                    pass
            percent = f"{round(field.confidence * 100)}٪"
            if not field.found:
                state = "در متن نیامده"
            elif field.uncertain:
                state = f"نامطمئن ({percent}) — بازبینی کنید"
            else:
                state = percent
            css = "extract-low" if field.uncertain else ""
            rows.append((css, label, value if field.found else "—", state, field.evidence))
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
            '<a href="{}">{}</a> ({}) — همان خبر از منبعی دیگر؛ ادغام نشده است.',
            reverse("admin:archive_article_change", args=[other.pk]),
            other.title,
            other.agency or "منبع نامعلوم",
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
            recount_for(Article.objects.filter(pk__in=ids))  # the update sends no signal
            enqueue(ids)
        self.message_user(request, f"{len(ids)} بیانیه {done}.", messages.SUCCESS)

    def changelist_view(self, request, extra_context=None):
        waiting = pending()
        if waiting:
            self.message_user(
                request,
                f"{waiting} تغییر هنوز به نمایهٔ جست‌وجو نرسیده است؛ به‌زودی خودکار دوباره تلاش می‌شود "
                "(یا با دستور drain_index یا check_index --repair).",
                messages.WARNING,
            )
        stuck = set_aside().values("article_id").distinct().count()
        if stuck:
            self.message_user(
                request,
                format_html(
                    "{} بیانیه پس از چند تلاش ناموفق به نمایهٔ جست‌وجو نرسید و کنار گذاشته شد؛ "
                    'کارهای دیگر ادامه دارند. <a href="{}">فهرست و خطاها</a>',
                    stuck,
                    reverse("admin:archive_indextask_changelist") + "?set_aside__exact=1",
                ),
                messages.ERROR,
            )
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="archive_article_upload"),
            path(
                "upload/<int:job_id>/",
                self.admin_site.admin_view(self.upload_job_view),
                name="archive_article_upload_job",
            ),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        """Upload: the files become a job (archive.uploads); a small one is done within the request and shown
        here, a larger one goes on in the background while its page shows the progress."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        limits = upload_limits()
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = uploads.create_job(request.user, form.cleaned_data["text"], form.cleaned_data["files"])
            except uploads.UploadRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                try:
                    finished = uploads.claim(job) and uploads.work(job, budget=settings.UPLOAD_INLINE_BUDGET)
                except DatabaseError:
                    uploads.discard_if_empty(job)
                    raise  # busy or read-only: the Persian 503 (archive.middleware)
                if not finished:
                    if job.status == UploadJob.Status.RUNNING:
                        uploads.continue_in_background(job)
                    return HttpResponseRedirect(reverse("admin:archive_article_upload_job", args=[job.pk]))
                return self._upload_page(request, form, limits, job)
        return self._upload_page(request, form, limits, None)

    def _upload_page(self, request, form, limits, job):
        results = list(job.items.select_related("article", "near_duplicate_of")) if job else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "بارگذاری خبرها",
            "form": form,
            "results": results,
            "limits": limits,
            "max_total": settings.ARCHIVE_UPLOAD_MAX_TOTAL_BYTES,
            **_outcomes(results or []),
        }
        return TemplateResponse(request, "admin/archive/article/upload.html", context)

    def upload_job_view(self, request, job_id):
        """A job's progress and per-article results; a job nobody works on any more can be resumed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        job = get_object_or_404(UploadJob, pk=job_id)
        if request.method == "POST" and request.POST.get("resume") and uploads.claim(job):
            if (
                not uploads.work(job, budget=settings.UPLOAD_INLINE_BUDGET)
                and job.status == UploadJob.Status.RUNNING
            ):
                uploads.continue_in_background(job)
            return HttpResponseRedirect(request.path)
        results = list(job.items.select_related("article", "near_duplicate_of"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"بارگذاری {job.pk}",
            "job": job,
            "results": results,
            **_outcomes(results),
            "stale": uploads.is_stale(job),
            "working": job.status in (UploadJob.Status.RUNNING, UploadJob.Status.QUEUED),
        }
        return TemplateResponse(request, "admin/archive/article/upload_job.html", context)


# E-mail alerts (issue 17): their admin classes live beside them.
from .alerts import admin as alerts_admin  # noqa: E402, F401  (registers the e-mail alert admin classes)

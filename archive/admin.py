"""Django admin, in Persian, for every record of the archive."""

from django.contrib import admin

from .models import Agency, Article, Office, Person, PersonAlias, Place

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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
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
    readonly_fields = ["fingerprint", "created_at", "updated_at", "raw_text"]
    list_select_related = ["speaker", "place", "agency"]
    fieldsets = [
        (None, {"fields": ["title", "lead", "body", "status"]}),
        ("اطلاعات بیانیه", {"fields": ["speaker", "office", "place", "date", "agency", "attribution"]}),
        ("منبع", {"fields": ["source_url", "news_code"]}),
        ("ثبت", {"classes": ["collapse"], "fields": ["raw_text", "fingerprint", "created_at", "updated_at"]}),
    ]

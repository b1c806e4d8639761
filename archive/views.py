"""Browse pages: thin views that call QuerySet methods and render templates."""

from collections import defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .models import Agency, Article, Office, Person, Place

HOME = ("خانه", "/")


def paginate(request, queryset):
    paginator = Paginator(queryset, settings.ARCHIVE_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def home(request):
    published = Article.objects.published()
    context = {
        "latest": published.with_relations().newest_first()[:10],
        "counts": {
            "articles": published.count(),
            "people": Person.objects.with_statement_counts().count(),
            "places": published.exclude(place=None).values("place").distinct().count(),
            "agencies": Agency.objects.with_statement_counts().count(),
        },
        "top_people": Person.objects.with_statement_counts().order_by(
            "-n_statements", "sort_name"
        )[:8],
        "top_places": Place.objects.with_statement_counts().select_related("province").order_by(
            "-n_statements", "sort_name"
        )[:8],
    }
    return render(request, "archive/home.html", context)


def article_detail(request, pk, slug=None):
    queryset = Article.objects.with_relations()
    if not (request.user.is_authenticated and request.user.is_staff):
        queryset = queryset.published()
    article = get_object_or_404(queryset, pk=pk)
    if slug != article.slug:
        # Old or missing slugs redirect to the current permalink.
        return redirect(article, permanent=True)
    breadcrumbs = [HOME]
    if article.speaker:
        breadcrumbs += [("مقام‌ها", "/officials/"), (article.speaker.name, article.speaker.get_absolute_url())]
    return render(
        request,
        "archive/article_detail.html",
        {"article": article, "breadcrumbs": breadcrumbs + [(article.title, None)]},
    )


def _index(request, model, title, intro):
    items = model.objects.with_statement_counts().alphabetical()
    return render(
        request,
        "archive/name_index.html",
        {"items": items, "title": title, "intro": intro, "breadcrumbs": [HOME, (title, None)]},
    )


def person_list(request):
    return _index(request, Person, "مقام‌ها", "مقام‌هایی که بیانیه‌ای از آن‌ها در آرشیو هست، به ترتیب الفبا.")


def office_list(request):
    return _index(request, Office, "سمت‌ها", "سمت‌هایی که در بیانیه‌ها آمده‌اند، به ترتیب الفبا.")


def agency_list(request):
    return _index(
        request, Agency, "منابع خبر",
        "خبرگزاری‌ها و روابط عمومی‌هایی که بیانیه‌ها را منتشر کرده‌اند، به ترتیب الفبا.",
    )


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    articles = Article.objects.published().by_person(person).with_relations().newest_first()
    if not articles.exists():
        raise Http404("این مقام بیانیهٔ منتشرشده‌ای ندارد.")
    return render(
        request,
        "archive/person_detail.html",
        {
            "person": person,
            "offices": person.offices_held(),
            "page": paginate(request, articles),
            "breadcrumbs": [HOME, ("مقام‌ها", "/officials/"), (person.name, None)],
        },
    )


def office_detail(request, slug):
    office = get_object_or_404(Office, slug=slug)
    articles = Article.objects.published().by_office(office).with_relations().newest_first()
    if not articles.exists():
        raise Http404("این سمت بیانیهٔ منتشرشده‌ای ندارد.")
    people = (
        Person.objects.filter(articles__in=articles).annotate(n=Count("articles")).alphabetical()
    )
    return render(
        request,
        "archive/office_detail.html",
        {
            "office": office,
            "people": people,
            "page": paginate(request, articles),
            "breadcrumbs": [HOME, ("سمت‌ها", "/offices/"), (office.name, None)],
        },
    )


def agency_detail(request, slug):
    agency = get_object_or_404(Agency.objects.select_related("parent"), slug=slug)
    articles = Article.objects.published().by_agency(agency).with_relations().newest_first()
    crumbs = [HOME, ("منابع خبر", "/agencies/")]
    if agency.parent:
        crumbs.append((agency.parent.name, agency.parent.get_absolute_url()))
    return render(
        request,
        "archive/agency_detail.html",
        {
            "agency": agency,
            "bureaus": agency.bureaus.with_statement_counts().alphabetical(),
            "page": paginate(request, articles),
            "breadcrumbs": crumbs + [(agency.name, None)],
        },
    )


def _place_totals():
    """Published statements per place, rolled up to counties and provinces."""
    direct = dict(
        Article.objects.published()
        .exclude(place=None)
        .values_list("place")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = defaultdict(int)
    places = Place.objects.filter(pk__in=direct).select_related("parent", "province")
    for place in places:
        n = direct[place.pk]
        totals[place.pk] += n
        if place.kind != Place.Kind.PROVINCE:
            totals[place.province_id] += n
        if place.kind == Place.Kind.CITY:
            totals[place.parent_id] += n
    return direct, totals


def place_list(request):
    direct, totals = _place_totals()
    places = Place.objects.filter(pk__in=totals).select_related("parent").alphabetical()
    children = defaultdict(list)
    provinces = []
    for place in places:
        place.n_total = totals[place.pk]
        place.n_direct = direct.get(place.pk, 0)
        if place.kind == Place.Kind.PROVINCE:
            provinces.append(place)
        else:
            children[place.parent_id].append(place)
    for place in places:
        place.child_list = children.get(place.pk, [])
    return render(
        request,
        "archive/place_list.html",
        {"provinces": provinces, "breadcrumbs": [HOME, ("مکان‌ها", None)]},
    )


def place_detail(request, slug):
    place = get_object_or_404(Place.objects.select_related("parent", "province"), slug=slug)
    articles = Article.objects.published().in_place(place).with_relations().newest_first()
    _, totals = _place_totals()
    sub_places = [
        child for child in place.children.filter(pk__in=totals).alphabetical()
    ]
    for child in sub_places:
        child.n_total = totals[child.pk]
    crumbs = [HOME, ("مکان‌ها", "/places/")]
    crumbs += [(a.name, a.get_absolute_url()) for a in place.ancestors()]
    return render(
        request,
        "archive/place_detail.html",
        {
            "place": place,
            "sub_places": sub_places,
            "page": paginate(request, articles),
            "breadcrumbs": crumbs + [(str(place), None)],
        },
    )

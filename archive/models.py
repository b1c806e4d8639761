"""The archive's records: statements (articles) and who, where and by whom.

An :class:`Article` is one government press statement as an agency reported
it: an official (:class:`Person`) holding an :class:`Office` speaks at a
:class:`Place` on a date, reported by an :class:`Agency`.  Each of those links
may be empty: the archive never invents what the text does not say.
"""

import hashlib
import re

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils.text import normalize_newlines, slugify

from .jalali import format_jalali
from .persian import clean_name, fold_letters, name_key, sort_key, strip_bidi_controls


def persian_slug(text: str) -> str:
    """A readable Unicode slug (Persian letters kept, ZWNJ becomes a hyphen)."""
    return slugify(fold_letters(text).replace("\u200c", " "), allow_unicode=True)[:200] or "-"


class NamedQuerySet(models.QuerySet):
    """Filters shared by the things statements point to."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def alphabetical(self):
        return self.order_by("sort_name", "pk")

    def with_statement_counts(self):
        """Those with any published statement; ``n_statements`` says how many (kept up to date by
        :func:`recount_statements` whenever a statement changes, not counted per request: at a
        million statements counting them took a minute for each index page)."""
        return self.filter(n_statements__gt=0)


class NamedModel(models.Model):
    """A named thing with a unique slug and a Persian sort key kept in step."""

    name = models.CharField("نام", max_length=255)
    slug = models.SlugField("نامک", max_length=220, unique=True, allow_unicode=True)
    sort_name = models.CharField(
        "کلید ترتیب الفبایی",
        max_length=800,
        editable=False,
        db_index=True,
        help_text="برای مرتب‌سازی به ترتیب الفبای فارسی؛ خودکار ساخته می‌شود.",
    )
    n_statements = models.PositiveIntegerField(
        "شمار بیانیه‌های منتشرشده",
        default=0,
        editable=False,
        db_index=True,
        help_text="خودکار: شمار بیانیه‌های منتشرشده‌ای که به این مورد پیوند دارند.",
    )
    statements_changed_at = models.DateTimeField(
        "آخرین تغییر بیانیه‌ها",
        null=True,
        editable=False,
        help_text="خودکار: زمان آخرین تغییر بیانیه‌های منتشرشدهٔ این مورد (برای نقشهٔ سایت).",
    )

    objects = NamedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_name(self.name)
        self.sort_name = sort_key(self.name)
        if not self.slug:
            self.slug = self._unique_slug(persian_slug(self.name))
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)

    @classmethod
    def _slug_taken(cls, slug) -> bool:
        """Whether a record has this slug, or had it before an editor merged it into another (its old
        address redirects there and must stay so)."""
        if cls._default_manager.filter(slug=slug).exists():
            return True
        aliases = getattr(cls, "aliases", None)
        return aliases is not None and aliases.rel.related_model.objects.filter(former_slug=slug).exists()

    @classmethod
    def _unique_slug(cls, base):
        slug, n = base, 2
        while cls._slug_taken(slug):
            slug = f"{base}-{n}"
            n += 1
        return slug


class AliasedQuerySet(NamedQuerySet):
    """Officials and offices: records with a name key and aliases (:class:`Alias`)."""

    def matching(self, name):
        """Records whose name or an alias (another spelling, a merged-in name) matches ``name``
        (ZWNJ, spaces, ي/ی)."""
        key = name_key(name)
        return self.filter(Q(name_key=key) | Q(aliases__key=key)).distinct()


def name_key_field(others):
    """A record's :func:`archive.persian.name_key`, to find its ``others`` (Persian: «املاهای دیگر»)."""
    return models.CharField(
        "کلید تطبیق نام",
        max_length=255,
        editable=False,
        db_index=True,
        help_text=f"نام بی‌فاصله و بی‌نیم‌فاصله با حروف یکسان‌شده، برای یافتن {others}.",
    )


class Person(NamedModel):
    """An official whose statements the archive holds."""

    name_key = name_key_field("املاهای دیگر")

    objects = AliasedQuerySet.as_manager()

    class Meta(NamedModel.Meta):
        verbose_name = "مقام"
        verbose_name_plural = "مقام‌ها"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:person", kwargs={"slug": self.slug})

    def offices_held(self):
        """Offices this person is quoted in, with first and last date seen, latest first."""
        return (
            Office.objects.filter(articles__speaker=self, articles__status=Article.Status.PUBLISHED)
            .annotate(
                first_seen=Min("articles__date"),
                last_seen=Max("articles__date"),
                n_by_this_person=Count("articles"),
            )
            .order_by(models.F("last_seen").desc(nulls_last=True), "sort_name")
        )


class AliasManager(models.Manager):
    def get_by_natural_key(self, owner_slug, name):
        return self.get(**{f"{self.model.owner}__slug": owner_slug, "name": name})


def former_slug_field(noun):
    """The slug of a record merged into this one (``noun``: «مقام», «سمت»): old links still reach it."""
    return models.SlugField(
        "نامک پیشین",
        max_length=220,
        blank=True,
        allow_unicode=True,
        db_index=True,
        help_text=f"نامکِ {noun}ی که در این {noun} ادغام شد؛ نشانی‌های پیشین به این {noun} می‌رسند.",
    )


class Alias(models.Model):
    """Another name of a record (an official's spelling, an office's name), matched by its key.

    Concrete aliases name the foreign key to their record in ``owner``.
    """

    owner = ""
    key = models.CharField("کلید تطبیق", max_length=255, editable=False, db_index=True)

    objects = AliasManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (getattr(self, self.owner).slug, self.name)


class PersonAlias(Alias):
    """Another spelling of an official's name (``وحید گلی‌کانی`` for ``وحید گلی کانی``)."""

    owner = "person"
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases", verbose_name="مقام")
    name = models.CharField("املای دیگر", max_length=255)
    former_slug = former_slug_field("مقام")

    class Meta:
        verbose_name = "املای دیگر نام"
        verbose_name_plural = "املاهای دیگر نام"
        ordering = ["person", "name"]
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="unique_alias_per_person")]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["archive.person"]


class Office(NamedModel):
    """A position in its canonical browsing form (``فرماندار قدس``, ``رئیس‌جمهور``).

    Variants of one office (``رئیس جمهور کشورمان``, ``رئیس‌جمهور``) are one
    Office; each statement keeps its own text's wording in
    :attr:`Article.office_text`, and names merged into an office by an editor
    stay in :class:`OfficeAlias` so later uploads still map to it.
    """

    name_key = name_key_field("شکل‌های دیگر")

    objects = AliasedQuerySet.as_manager()

    class Meta(NamedModel.Meta):
        verbose_name = "سمت"
        verbose_name_plural = "سمت‌ها"

    def save(self, *args, **kwargs):
        self.name_key = name_key(clean_name(self.name))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:office", kwargs={"slug": self.slug})


class OfficeAlias(Alias):
    """Another name of an office, kept when an editor merges it into this one."""

    owner = "office"
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="aliases", verbose_name="سمت")
    name = models.CharField("نام دیگر", max_length=255)
    former_slug = former_slug_field("سمت")

    class Meta:
        verbose_name = "نام دیگر سمت"
        verbose_name_plural = "نام‌های دیگر سمت"
        ordering = ["office", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="unique_alias_per_office")]

    def save(self, *args, **kwargs):
        self.name = clean_name(self.name)
        super().save(*args, **kwargs)

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["archive.office"]


class Agency(NamedModel):
    """The outlet that reported a statement; a provincial bureau has its agency as parent."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bureaus",
        verbose_name="خبرگزاری مادر",
        help_text="برای دفترهای استانی (مثلاً «مرکز قم») خبرگزاری اصلی.",
    )

    class Meta(NamedModel.Meta):
        verbose_name = "منبع خبر"
        verbose_name_plural = "منابع خبر"

    def get_absolute_url(self):
        return reverse("archive:agency", kwargs={"slug": self.slug})


class PlaceQuerySet(NamedQuerySet):
    def provinces(self):
        return self.filter(kind=Place.Kind.PROVINCE)

    def get_by_natural_key(self, kind, code):
        return self.get(kind=kind, code=code)


class Place(NamedModel):
    """A province, county or city from the official gazetteer, with its hierarchy, or a place
    outside Iran.

    Iran's are loaded from the lists that ship with ``django-iranian-cities`` by the
    ``load_gazetteer`` command, never typed by hand; a place abroad (``وین``, ``دوحه``) is stored
    the first time a statement is made there, with no parent or province and its name's key as
    its code.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", "استان"
        COUNTY = "county", "شهرستان"
        CITY = "city", "شهر"
        FOREIGN = "foreign", "خارج از ایران"

    kind = models.CharField("نوع", max_length=10, choices=Kind.choices, db_index=True)
    code = models.CharField("کد رسمی", max_length=20, help_text="کد تقسیمات کشوری.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="زیرمجموعهٔ",
    )
    province = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="استان",
        help_text="استانِ این مکان (برای استان، خودش).",
    )

    objects = PlaceQuerySet.as_manager()

    class Meta(NamedModel.Meta):
        verbose_name = "مکان"
        verbose_name_plural = "مکان‌ها"
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="unique_place_code")]
        indexes = [models.Index(fields=["kind", "sort_name"])]

    def __str__(self):
        if self.kind == Place.Kind.FOREIGN:
            return self.name
        return f"{self.get_kind_display()} {self.name}"

    def get_absolute_url(self):
        return reverse("archive:place", kwargs={"slug": self.slug})

    @property
    def in_a_province(self) -> bool:
        """A county or city of Iran (it has a province above it to name)."""
        return self.province_id is not None and self.kind != Place.Kind.PROVINCE

    def natural_key(self):
        return (self.kind, self.code)

    def ancestors(self):
        """From the province down to the parent of this place."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self):
        """Primary keys of this place and everything inside it."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(Place.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.update(frontier)
        return ids


class ArticleQuerySet(models.QuerySet):
    def get_by_natural_key(self, fingerprint):
        return self.get(fingerprint=fingerprint)

    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def by_person(self, person):
        return self.filter(speaker=person)

    def by_named_officials(self):
        """Statements a named official speaks (:attr:`Article.has_named_speaker`)."""
        return self.exclude(speaker=None)

    def by_office(self, office):
        return self.filter(office=office)

    def by_agency(self, agency):
        """Statements of an agency, including its provincial bureaus."""
        return self.filter(Q(agency=agency) | Q(agency__parent=agency))

    def in_place(self, place):
        """Statements made at ``place`` or anywhere inside it (a province includes its cities)."""
        if place.kind == Place.Kind.PROVINCE:
            return self.filter(Q(place=place) | Q(place__province=place))
        if place.kind == Place.Kind.COUNTY:
            return self.filter(Q(place=place) | Q(place__parent=place))
        return self.filter(place=place)

    def newest_first(self):
        return self.order_by(models.F("date").desc(nulls_last=True), "-created_at", "-pk")

    def with_relations(self):
        return self.select_related("speaker", "office", "place", "place__province", "agency")


# Fields extraction fills and an editor may correct by hand (``Article.edited_fields``).
EXTRACTED_FIELDS = (
    "title",
    "speaker",
    "office",
    "office_text",
    "place",
    "date",
    "agency",
    "quote",
    "institution",
    "lead",
    "body",
)


_FINGERPRINT_DROP = re.compile(r"[\s\u200c\u200d\u200e\u200f\ufeff]+")


def content_fingerprint(text: str) -> str:
    """SHA-256 of the text with letter variants folded and all spacing and ZWNJ removed.

    The same statement pasted twice, with different line breaks, spaces or
    ZWNJs, has the same fingerprint.
    """
    folded = _FINGERPRINT_DROP.sub("", fold_letters(text))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _statement_link(model, verbose_name):
    """A statement's optional link to the official, office, place or agency it names (kept from
    deletion while statements point to it)."""
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=verbose_name,
    )


class Article(models.Model):
    """One government press statement, as an agency reported it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "پیش‌نویس"
        PUBLISHED = "published", "منتشرشده"

    title = models.CharField("عنوان", max_length=500)
    lead = models.TextField("لید", blank=True, help_text="خلاصهٔ آغاز خبر؛ ممکن است خالی باشد.")
    body = models.TextField("متن", help_text="بندهای خبر، هر بند در یک خط.")
    raw_text = models.TextField("متن خام", help_text="همان متنی که بارگذاری شد، بی‌تغییر، برای استناد.")
    date = models.DateField(
        "تاریخ",
        null=True,
        blank=True,
        db_index=True,
        help_text="تاریخ انتشار، اگر در متن آمده باشد. اگر نیامده، خالی می‌ماند.",
    )
    speaker = _statement_link(Person, "گوینده")
    office = _statement_link(Office, "سمت")
    place = _statement_link(Place, "مکان")
    agency = _statement_link(Agency, "منبع خبر")
    office_text = models.CharField(
        "سمت در متن",
        max_length=500,
        blank=True,
        help_text="سمت همان‌گونه که متن این بیانیه می‌گوید (مثلاً «رئیس جمهور کشورمان»)؛ "
        "«سمت» شکل یکسانِ آن برای مرور است.",
    )
    quote = models.TextField(
        "نقل‌قول",
        blank=True,
        help_text="نخستین جملهٔ مستقیم گوینده در متن.",
    )
    institution = models.CharField(
        "نهاد",
        max_length=300,
        blank=True,
        help_text="در خبری بی گویندهٔ نام‌برده: نهادی که خبر از سوی آن است (مثلاً «فرمانداری قدس»).",
    )
    edited_fields = models.JSONField(
        "فیلدهای اصلاح‌شده به دست ویراستار",
        default=list,
        blank=True,
        editable=False,
        help_text="نام فیلدهایی که ویراستار دستی اصلاح کرده است؛ استخراج دوباره آن‌ها را تغییر نمی‌دهد.",
    )
    attribution = models.CharField(
        "انتساب در متن",
        max_length=500,
        blank=True,
        help_text="عبارتِ خودِ متن دربارهٔ منبع (مثلاً «به گزارش خبرنگار ایلنا»).",
    )
    source_url = models.URLField("نشانی منبع", max_length=1000, blank=True)
    news_code = models.CharField("کد خبر", max_length=50, blank=True)
    status = models.CharField(
        "وضعیت", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    fingerprint = models.CharField(
        "اثر انگشت متن",
        max_length=64,
        unique=True,
        editable=False,
        help_text="برای جلوگیری از ذخیرهٔ دوبارهٔ یک متن.",
    )
    near_duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="near_duplicates",
        verbose_name="خبر بسیار مشابه",
        help_text="همان خبر از منبعی دیگر؛ هنگام بارگذاری پیدا و پیوند داده می‌شود، نه ادغام.",
    )
    extraction = models.JSONField(
        "استخراج خودکار",
        default=dict,
        blank=True,
        editable=False,
        help_text="آنچه از متن خام استخراج شد: مقدار، شاهد و اطمینان هر فیلد.",
    )
    source_name = models.CharField(
        "پروندهٔ بارگذاری",
        max_length=300,
        blank=True,
        editable=False,
        help_text="نام پرونده‌ای که این متن از آن آمد.",
    )
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)
    updated_at = models.DateTimeField("به‌روزرسانی", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "بیانیه"
        verbose_name_plural = "بیانیه‌ها"
        ordering = ["-date", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-date"]),
            models.Index(fields=["speaker", "-date"]),
            models.Index(fields=["place", "-date"]),
            models.Index(fields=["office", "-date"]),
            models.Index(fields=["agency", "-date"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.fingerprint:
            self.fingerprint = content_fingerprint(self.raw_text or self.body)
        # What pages show never carries bidi overrides (raw_text keeps the upload as it came).
        for name in ("title", "lead", "body", "attribution", "office_text", "quote"):
            setattr(self, name, strip_bidi_controls(getattr(self, name)))
        # One paragraph per line: a browser's textarea sends CRLF.
        for name in ("lead", "body", "quote"):
            setattr(self, name, normalize_newlines(getattr(self, name)))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The id is the permalink; the slug is decoration and is corrected by redirect.
        return reverse("archive:article", kwargs={"pk": self.pk, "slug": self.slug})

    def natural_key(self):
        return (self.fingerprint,)

    @property
    def slug(self):
        """The first words of the title; decoration only, the id is the permalink."""
        return persian_slug(" ".join(self.title.split()[:7]))[:60].strip("-") or "-"

    def citation(self, permalink: str) -> str:
        """A Persian citation: ``speaker، office. «title». agency، Jalali date. permalink``."""
        return f"{self.citation_text()} {permalink}"

    def citation_text(self) -> str:
        """The citation without its permalink; parts the archive does not know are left out, not guessed."""
        who = "، ".join(
            name
            for name in (self.speaker.name if self.speaker else "", self.office.name if self.office else "")
            if name
        )
        where = "، ".join(
            part for part in (self.agency.name if self.agency else "", format_jalali(self.date)) if part
        )
        return " ".join(f"{part}." for part in (who, f"«{self.title}»", where) if part)

    def paragraphs(self):
        """The body's paragraphs (one per line), blank lines dropped."""
        return [p.strip() for p in self.body.split("\n") if p.strip()]

    @property
    def office_wording(self):
        """The text's wording of the office when it differs from the canonical office shown, else ""."""
        if not self.office_text or (self.office and name_key(self.office_text) == self.office.name_key):
            return ""
        return self.office_text

    def mark_edited(self, names):
        """Add ``names`` (extractable fields) to :attr:`edited_fields`, keeping the list sorted and unique."""
        self.edited_fields = sorted(
            set(self.edited_fields or []) | {n for n in names if n in EXTRACTED_FIELDS}
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def has_named_speaker(self):
        """Whether a named official speaks (news with none shows «خبر بدون گویندهٔ نام‌برده»);
        :meth:`ArticleQuerySet.by_named_officials` is the same rule for a queryset."""
        return self.speaker_id is not None


# Statement counts ------------------------------------------------------------------------------

# The links of a statement whose targets keep ``n_statements``, the count of their published statements.
COUNTED_LINKS = ("speaker", "office", "place", "agency")


def statement_links(article) -> dict:
    """``{link: id}`` of a statement's counted links, as the count of each target sees it."""
    return {link: getattr(article, f"{link}_id") for link in COUNTED_LINKS}


def _published_counts(link, ids, article_model) -> dict:
    """``{target id: (published statements, when the latest of them changed)}`` through one counted
    link (of the targets ``ids``, of all with None)."""
    articles = article_model.objects.filter(status=Article.Status.PUBLISHED).exclude(**{link: None})
    if ids is not None:
        articles = articles.filter(**{f"{link}__in": ids})
    rows = articles.order_by().values_list(link).annotate(n=Count("pk"), changed=Max("updated_at"))
    return {pk: (n, changed) for pk, n, changed in rows}


def recount_statements(ids_by_link=None, article_model=None, write=True) -> dict:
    """Set ``n_statements`` and ``statements_changed_at`` of the targets ``{link: ids}`` names (of
    every target with None) from the statements themselves: one grouped count per link, then only
    the rows that differ are written (none with ``write=False``). Returns those rows, ``{link:
    [(id, stored count, counted)]}``. ``article_model`` is a migration's historical model (default
    :class:`Article`)."""
    article_model = article_model or Article
    differing = {}
    for link in COUNTED_LINKS:
        ids = None if ids_by_link is None else {i for i in ids_by_link.get(link, ()) if i is not None}
        if ids is not None and not ids:
            continue
        target = article_model._meta.get_field(link).related_model
        rows = target.objects.all() if ids is None else target.objects.filter(pk__in=ids)
        counts = _published_counts(link, ids, article_model)
        changed = []
        for row in rows.only("pk", "n_statements", "statements_changed_at").order_by("pk"):
            now = counts.get(row.pk, (0, None))
            if (row.n_statements, row.statements_changed_at) != now:
                differing.setdefault(link, []).append((row.pk, row.n_statements, now[0]))
                row.n_statements, row.statements_changed_at = now
                changed.append(row)
        if write:
            target.objects.bulk_update(changed, ["n_statements", "statements_changed_at"], batch_size=500)
    return differing


def recount_for(articles: models.QuerySet):
    """Recount the targets of these statements (after a bulk ``update`` of their status or links,
    which sends no signal)."""
    rows = list(articles.values_list(*COUNTED_LINKS))
    recount_statements({link: {row[k] for row in rows} for k, link in enumerate(COUNTED_LINKS)})


def _links_before_save(sender, instance, raw=False, **kwargs):
    """The counted links and status a statement had before this save (None for a new one)."""
    before = None
    if instance.pk is not None:
        before = (
            sender.objects.filter(pk=instance.pk)
            .values("status", *(f"{link}_id" for link in COUNTED_LINKS))
            .first()
        )
    instance._counted_before = before


def _recount_after_save(sender, instance, raw=False, **kwargs):
    """The targets of a statement that is or was published: its links now (their latest change is
    now) and the ones it left."""
    before = getattr(instance, "_counted_before", None)
    was_published = before is not None and before["status"] == Article.Status.PUBLISHED
    if instance.status != Article.Status.PUBLISHED and not was_published:
        return
    now = statement_links(instance)
    recount_statements(
        {link: {now[link], *([before[f"{link}_id"]] if before else [])} for link in COUNTED_LINKS}
    )


def _recount_after_delete(sender, instance, **kwargs):
    if instance.status == Article.Status.PUBLISHED:
        recount_statements({link: {i} for link, i in statement_links(instance).items()})


models.signals.pre_save.connect(_links_before_save, sender=Article, dispatch_uid="statement-counts-before")
models.signals.post_save.connect(_recount_after_save, sender=Article, dispatch_uid="statement-counts-after")
models.signals.post_delete.connect(
    _recount_after_delete, sender=Article, dispatch_uid="statement-counts-delete"
)


class IndexTask(models.Model):
    """A statement whose search-index document must be brought in line with the database.

    Written in the same transaction as the change it records, so a change that
    is saved is never forgotten by the index; removed only after the index has
    committed it (see :mod:`archive.search.queue`).
    """

    article_id = models.BigIntegerField("شناسهٔ بیانیه", db_index=True)
    created = models.DateTimeField("ثبت", auto_now_add=True)
    attempts = models.PositiveIntegerField(
        "تلاش‌ها",
        default=0,
        help_text=(
            "چند بار اعمال آن آغاز شد؛ پیش از هر تلاش افزوده می‌شود، "
            "پس تلاشی که فرایندش کشته شد هم شمرده می‌شود."
        ),
    )
    next_attempt_at = models.DateTimeField(
        "تلاش بعدی", null=True, blank=True, help_text="پس از شکست، پیش از این زمان دوباره تلاش نمی‌شود."
    )
    last_error = models.TextField("آخرین خطا", blank=True, default="")
    set_aside = models.BooleanField(
        "کنار گذاشته",
        default=False,
        db_index=True,
        help_text=(
            "پس از چند شکست کنار گذاشته شده تا کارهای پشت آن بمانند؛ check_index --repair دوباره می‌آزمایدش."
        ),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "کار نمایه"
        verbose_name_plural = "کارهای نمایه"

    def __str__(self):
        return f"index task {self.pk} (statement {self.article_id})"


class UploadJob(models.Model):
    """One upload through the admin: its files kept on disk until every item has been read, and how far it
    got.

    Items are imported one at a time, each in one transaction with its
    :class:`UploadItem` row, so every stored draft is listed even if the job
    stops, and an item is either stored and listed or neither. The request
    that received the upload works on it for part of its time budget; the rest
    continues in the background (see :mod:`archive.uploads`) and can be resumed
    from ``next_position`` after a crash.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "در صف"
        RUNNING = "running", "در حال پردازش"
        DONE = "done", "پایان یافت"
        STOPPED = "stopped", "متوقف شد"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="بارگذار",
    )
    created_at = models.DateTimeField("آغاز", auto_now_add=True)
    updated_at = models.DateTimeField("آخرین پیشرفت", auto_now=True)
    status = models.CharField(
        "وضعیت", max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    directory = models.CharField("پوشهٔ پرونده‌ها", max_length=500, help_text="پرونده‌های بارگذاری تا پایان کار")
    files = models.JSONField("پرونده‌ها", default=list, help_text="نام‌های پرونده‌ها به ترتیب خواندن")
    pasted_text = models.TextField("متن چسبانده‌شده", blank=True, default="")
    next_position = models.PositiveIntegerField(
        "خبر بعدی", default=0, help_text="از این خبر ادامه داده می‌شود"
    )
    heartbeat = models.DateTimeField("آخرین نشانهٔ زندگی", null=True, blank=True)
    error = models.TextField("خطا", blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "بارگذاری"
        verbose_name_plural = "بارگذاری‌ها"

    def __str__(self):
        return f"upload {self.pk} ({self.status}, {self.next_position} read)"


class UploadItem(models.Model):
    """What became of one article of an upload (stored in the same transaction as the draft it names)."""

    job = models.ForeignKey(
        UploadJob, on_delete=models.CASCADE, related_name="items", verbose_name="بارگذاری"
    )
    position = models.PositiveIntegerField("ترتیب")
    name = models.CharField("پرونده", max_length=500)
    status = models.CharField("نتیجه", max_length=10)  # created, duplicate or failed (importing.ImportResult)
    message = models.TextField("پیام", blank=True, default="")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="بیانیه"
    )
    near_duplicate_of = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="خبر بسیار مشابه",
    )

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="upload_item_once")]
        verbose_name = "خبر بارگذاری"
        verbose_name_plural = "خبرهای بارگذاری"

    def __str__(self):
        return f"{self.name}: {self.status}"


# E-mail alerts (issue 17): readers follow an official, office, place, agency or search by mail.
# The logic lives in the archive/alerts/ package; these are its records.


class AlertRecipient(models.Model):
    """One e-mail address that asked for alerts, and the token of its page listing them all (no password)."""

    email = models.EmailField(
        "نشانی ایمیل", max_length=254, unique=True, help_text="به حروف کوچک نگه داشته می‌شود."
    )
    token = models.CharField("نشانهٔ صفحهٔ مدیریت", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("ایجاد", auto_now_add=True)

    class Meta:
        ordering = ["email"]
        verbose_name = "گیرندهٔ هشدار"
        verbose_name_plural = "گیرندگان هشدار"

    def __str__(self):
        return self.email


class AlertSubscription(models.Model):
    """One alert: a scope (the feeds' and search's parameters) mailed to one recipient at a chosen pace."""

    class Status(models.TextChoices):
        PENDING = "pending", "در انتظار تأیید"
        ACTIVE = "active", "فعال"
        UNSUBSCRIBED = "unsubscribed", "لغوشده"

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "بی‌درنگ"
        DAILY = "daily", "روزانه"
        WEEKLY = "weekly", "هفتگی"

    recipient = models.ForeignKey(
        AlertRecipient, on_delete=models.CASCADE, related_name="subscriptions", verbose_name="گیرنده"
    )
    params = models.JSONField(
        "دامنه",
        default=dict,
        blank=True,
        help_text=(
            "پارامترهای خوراک و جست‌وجو (official، office، place، agency، q، date_from، date_to)؛ "
            "خالی یعنی همهٔ بیانیه‌ها."
        ),
    )
    label = models.CharField("عنوان", max_length=300, help_text="آنچه خواننده دنبال می‌کند، به زبان خودش.")
    frequency = models.CharField("بسامد", max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    status = models.CharField(
        "وضعیت", max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    confirm_hash = models.CharField(
        "چکیدهٔ پیوند تأیید",
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        help_text="SHA-256 پیوند یک‌بارمصرف تأیید؛ پس از تأیید پاک می‌شود.",
    )
    unsubscribe_token = models.CharField("نشانهٔ لغو", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("درخواست", auto_now_add=True)
    confirmed_at = models.DateTimeField(
        "تأیید", null=True, blank=True, help_text="بیانیه‌هایی که پس از این زمان منتشر شوند فرستاده می‌شوند."
    )
    last_sent_at = models.DateTimeField("آخرین ایمیل", null=True, blank=True)
    last_error = models.TextField("آخرین خطای ارسال", blank=True, default="")
    unsubscribed_at = models.DateTimeField("لغو", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "last_sent_at"])]
        verbose_name = "هشدار ایمیلی"
        verbose_name_plural = "هشدارهای ایمیلی"

    def __str__(self):
        return f"{self.label} → {self.recipient_id}"


class AlertPublication(models.Model):
    """When the alerts first saw a statement published (the statement itself keeps no publication time).

    ``send_alerts`` and each confirmation add every published statement not listed yet and drop those
    no longer published, so a subscription receives what was first seen after it was confirmed."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="alert_publication", verbose_name="بیانیه"
    )
    seen_at = models.DateTimeField("نخستین بار منتشرشده دیده شد", db_index=True)

    class Meta:
        ordering = ["-seen_at", "-pk"]
        verbose_name = "انتشار دیده‌شده"
        verbose_name_plural = "انتشارهای دیده‌شده"

    def __str__(self):
        return f"statement {self.article_id} seen {self.seen_at:%Y-%m-%d %H:%M}"


class AlertRun(models.Model):
    """One run of ``manage.py send_alerts`` and what it sent."""

    started_at = models.DateTimeField("آغاز", auto_now_add=True)
    finished_at = models.DateTimeField("پایان", null=True, blank=True)
    mails_sent = models.PositiveIntegerField("ایمیل‌های فرستاده", default=0)
    mails_failed = models.PositiveIntegerField(
        "ایمیل‌های ناموفق", default=0, help_text="برای اجرای بعدی می‌مانند."
    )
    statements_sent = models.PositiveIntegerField("بیانیه‌های فرستاده", default=0)
    expired_removed = models.PositiveIntegerField("درخواست‌های منقضی پاک‌شده", default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = "اجرای ارسال هشدار"
        verbose_name_plural = "اجراهای ارسال هشدار"

    def __str__(self):
        return f"alert run {self.pk}: {self.mails_sent} sent, {self.mails_failed} failed"


class AlertDelivery(models.Model):
    """A statement mailed to a subscription: never mailed to it again."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name="هشدار"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+", verbose_name="بیانیه")
    run = models.ForeignKey(
        AlertRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        verbose_name="اجرا",
    )
    sent_at = models.DateTimeField("ارسال", auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "article"], name="alert_statement_once")
        ]
        verbose_name = "بیانیهٔ فرستاده"
        verbose_name_plural = "بیانیه‌های فرستاده"

    def __str__(self):
        return f"statement {self.article_id} to alert {self.subscription_id}"


class AlertRequest(models.Model):
    """One subscribe request, kept an hour or so to throttle per e-mail address and per client address."""

    email = models.CharField("نشانی ایمیل", max_length=254, db_index=True)
    client = models.CharField("نشانی درخواست‌کننده", max_length=64, db_index=True)
    created_at = models.DateTimeField("زمان", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "درخواست هشدار"
        verbose_name_plural = "درخواست‌های هشدار"

    def __str__(self):
        return f"{self.email} from {self.client}"

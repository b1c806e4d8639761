"""From uploaded text to stored statements: the one place ingest meets the models.

The admin's upload page and ``manage.py import_articles`` both call
:func:`import_item`. Extraction itself (``archive.ingest``) knows nothing of
Django; here its fields are matched to records already in the archive (an
official by any known spelling, an office or agency regardless of spacing and
ZWNJ, a place from the gazetteer), or new records are proposed, and the
article is stored as a draft (or published) in one transaction.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from .errors import raised_by_search_engine
from .ingest.extract import extract
from .ingest.fields import Field, ParsedArticle
from .ingest.places import Gazetteer, GazetteerEntry
from .ingest.unpack import Item, Limits
from .models import Agency, Article, Office, OfficeAlias, Person, PersonAlias, Place, content_fingerprint
from .persian import clean_name, fold_letters, name_key
from .search.service import similar_ids

log = logging.getLogger(__name__)

# Share of word 4-grams two stories must have in common to count as the same story.
NEAR_DUPLICATE_THRESHOLD = 0.5
# ... and to count as the same article pasted again (by the same agency, its lead or header left out).
SAME_ARTICLE_THRESHOLD = 0.9
IN_ARCHIVE = "این خبر در بایگانی هست."


@dataclass
class ImportResult:
    name: str
    status: str  # "created", "duplicate" or "failed"
    message: str = ""
    article: Article | None = None
    parsed: ParsedArticle | None = None
    near_duplicate_of: Article | None = None


def upload_limits() -> Limits:
    return Limits(max_bytes=settings.ARCHIVE_UPLOAD_MAX_BYTES, max_files=settings.ARCHIVE_UPLOAD_MAX_FILES)


def build_gazetteer() -> Gazetteer:
    # Iran's places only: one abroad is found by its name (ingest.places.foreign_place), not here.
    rows = (
        Place.objects.exclude(kind=Place.Kind.FOREIGN)
        .select_related("province", "parent")
        .only("pk", "kind", "name", "province__name", "parent__name", "parent__kind")
    )
    return Gazetteer(
        GazetteerEntry(
            id=p.pk,
            kind=p.kind,
            name=p.name,
            province=p.province.name if p.province_id else "",
            county=p.parent.name if p.parent_id and p.parent.kind == Place.Kind.COUNTY else "",
        )
        for p in rows
    )


class Context:
    """What one import run knows: the gazetteer and name indexes, built once per run."""

    def __init__(self):
        self.gazetteer = build_gazetteer()
        self.people = list(Person.objects.values_list("name", flat=True)) + list(
            PersonAlias.objects.values_list("name", flat=True)
        )
        self.shingles = {}  # article pk → word 4-grams, for near-duplicate checks
        # name key → office pk: canonical names, and the names editors merged into an office.
        self.offices = dict(Office.objects.values_list("name_key", "pk"))
        self.office_aliases = dict(OfficeAlias.objects.values_list("key", "office_id"))
        self.agencies = {}
        for pk, n in Agency.objects.values_list("pk", "name"):
            self.agencies.setdefault(agency_key(n), pk)

    def parse(self, text: str, given=None) -> ParsedArticle:
        return extract(text, self.gazetteer, self.people, given)


def agency_key(name: str) -> str:
    """``خبرگزاری فارس``, ``فارس`` and ``خبرگزاري‌فارس`` share a key."""
    return name_key(re.sub(r"^\s*خبرگزاری\s+", "", fold_letters(name)))


def parse_text(text: str, given=None) -> ParsedArticle:
    return Context().parse(text, given)


def stored_field(record: dict | None, name: str) -> Field:
    """Field ``name`` of a stored :func:`extraction_record` read back as a :class:`Field`, so pages ask
    it (``.uncertain``, ``.found``) rather than re-deriving the rule from its numbers."""
    stored = (record or {}).get(name) or {}
    return Field(stored.get("value"), stored.get("evidence") or "", stored.get("confidence") or 0.0)


def extraction_record(parsed: ParsedArticle) -> dict:
    """The extracted fields as stored on the article (what the reviewer sees beside the form)."""
    place = parsed.place.value
    return {
        "title": parsed.title.as_dict(),
        "speaker": parsed.speaker.as_dict(),
        "office": parsed.office.as_dict(),
        "office_canonical": parsed.office_canonical.as_dict(),
        "quote": parsed.quote.as_dict(),
        "institution": parsed.institution.as_dict(),
        "place": parsed.place.as_dict(value=place.name if place else None),
        "date": parsed.date.as_dict(value=parsed.date.value.isoformat() if parsed.date.value else None),
        "agency": parsed.agency.as_dict(),
    }


def _created(model, find, **fields):
    """A new record, or the one a concurrent upload stored under the same name a moment ago.

    Two uploads that name the same new office (now canonical: often the same) both find none
    and both insert; the second one's slug is taken. Its insert is undone on its own (a
    savepoint) and the record the first one committed is used.
    """
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found


def stored_place(parsed: ParsedArticle, create: bool = True) -> Place | None:
    """The Place of the extracted place: Iran's from the gazetteer, one abroad stored on first use
    (with ``create=False``, None for a place abroad not stored yet)."""
    if not parsed.place.found:
        return None
    entry = parsed.place.value
    if entry.id is not None:
        return Place.objects.filter(pk=entry.id).first()
    code = name_key(entry.name)[:20]
    found = lambda: Place.objects.filter(kind=Place.Kind.FOREIGN, code=code).first()  # noqa: E731
    if not create:
        return found()
    return found() or _created(Place, found, kind=Place.Kind.FOREIGN, code=code, name=entry.name)


def _person(name, ctx):
    if not name:
        return None
    person = Person.objects.matching(name).first()
    if person is None:
        person = _created(Person, lambda: Person.objects.matching(name).first(), name=name)
        ctx.people.append(person.name)
    return person


def office_names(parsed: ParsedArticle) -> tuple[str, str]:
    """(canonical name, the text's wording) of the parsed office; either may be ""."""
    text = (parsed.office.value or "").strip()
    canonical = (parsed.office_canonical.value or "").strip() or text
    # An office longer than a name can be (a run of commissions) is cut to what Office.name holds.
    return canonical[: Office._meta.get_field("name").max_length].strip(), text


def find_office(parsed: ParsedArticle, ctx) -> tuple[Office | None, str]:
    """The stored office the parsed one is, and the canonical name to create when there is none.

    Matched by the canonical name's key against every office's name, then
    against the names editors merged into an office (:class:`OfficeAlias`),
    first the canonical form, then the text's own wording: a wording an editor
    merged into an office keeps mapping to it even when the canonicaliser
    spells it otherwise. The text's wording is never matched against office
    names, so an office stored under an older, uncanonical name does not keep
    absorbing statements whose canonical form differs.
    """
    canonical, text = office_names(parsed)
    if not canonical:
        return None, ""
    candidates = [ctx.offices.get(name_key(canonical)), ctx.office_aliases.get(name_key(canonical))]
    if text:
        candidates.append(ctx.office_aliases.get(name_key(text)))
    for pk in candidates:
        office = Office.objects.filter(pk=pk).first() if pk else None
        if office is not None:
            return office, canonical
    return None, canonical


def _office(parsed: ParsedArticle, ctx):
    office, canonical = find_office(parsed, ctx)
    if office is None and canonical:
        office = _created(Office, lambda: Office.objects.matching(canonical).first(), name=canonical)
        ctx.offices[office.name_key] = office.pk
    return office


def _agency(name, ctx):
    if not name:
        return None
    key = agency_key(name)
    known = Agency.objects.filter(pk=ctx.agencies[key]).first() if key in ctx.agencies else None
    if known is not None:
        return known
    parent = None
    if "،" in name:  # a bureau: "خبرگزاری صدا و سیما، مرکز قم"
        parent = _agency(name.split("،", 1)[0].strip(), ctx)
    agency = _created(
        Agency, lambda: Agency.objects.filter(name=clean_name(name)).first(), name=name, parent=parent
    )
    ctx.agencies[key] = agency.pk
    return agency


def _shingles(text: str, n=4) -> set:
    words = re.sub(r"[^\w\s]", " ", fold_letters(text).replace("\u200c", "")).split()
    return {" ".join(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def find_near_duplicate(body: str, exclude_pk=None, shingle_cache=None) -> Article | None:
    """A stored article telling the same story (most shared word 4-grams), if any.

    Candidates are the statements sharing the text's rarest words (from the
    search index, so published ones) plus the latest drafts. ``shingle_cache``
    (pk → shingles) spares recomputing the drafts' shingles for every item of
    one import run.
    """
    mine = _shingles(body)
    if len(mine) < 8:
        return None
    cache = {} if shingle_cache is None else shingle_cache
    candidates = set()
    try:
        candidates.update(similar_ids(body, 20, terms=8))
    except Exception as error:  # the index is only a hint; drafts are still compared
        if raised_by_search_engine(error):
            log.warning("near-duplicate lookup without the search index: %s", error, exc_info=error)
        else:
            log.exception("near-duplicate lookup failed; only drafts are compared")
    candidates.update(
        Article.objects.filter(status=Article.Status.DRAFT).order_by("-pk").values_list("pk", flat=True)[:200]
    )
    candidates.discard(exclude_pk)
    unknown = candidates - cache.keys()
    for article in Article.objects.filter(pk__in=unknown).only("pk", "lead", "body"):
        cache[article.pk] = _shingles(f"{article.lead}\n{article.body}")
    best, best_score = None, 0.0
    for pk in Article.objects.filter(pk__in=candidates).values_list("pk", flat=True):
        theirs = cache.get(pk)
        if not theirs:
            continue
        score = len(mine & theirs) / min(len(mine), len(theirs))
        if score > best_score:
            best, best_score = pk, score
    if best is None or best_score < NEAR_DUPLICATE_THRESHOLD:
        return None
    return Article.objects.filter(pk=best).first()


def is_same_article(parsed: ParsedArticle, stored: Article, shingle_cache=None) -> bool:
    """Whether ``parsed`` is ``stored`` pasted again: the same title, nearly all of its text in the stored
    article's, and the same agency (or none named, as when only the title and text were copied). The same
    story from another agency, or under another headline, is not the same article: it is stored and
    flagged as a near duplicate."""
    if name_key(parsed.title.value or "") != name_key(stored.title):
        return False
    mine = _shingles(f"{parsed.lead}\n{parsed.body}")
    theirs = (shingle_cache or {}).get(stored.pk) or _shingles(f"{stored.lead}\n{stored.body}")
    if not mine or not theirs or len(mine & theirs) / min(len(mine), len(theirs)) < SAME_ARTICLE_THRESHOLD:
        return False
    if not parsed.agency.value:
        return True
    if stored.agency is None:
        return False
    key = agency_key(parsed.agency.value)
    names = [stored.agency.name] + ([stored.agency.parent.name] if stored.agency.parent_id else [])
    # A bureau and its agency are one agency here ("برنا هرمزگان" and "برنا").
    return any(agency_key(name).startswith(key) or key.startswith(agency_key(name)) for name in names)


def import_item(item: Item, ctx: Context, publish=False, dry_run=False) -> ImportResult:
    """Store one unpacked item as an article, unless it is bad or already stored."""
    if not item.ok:
        return ImportResult(item.name, "failed", item.error)
    fingerprint = content_fingerprint(item.text)
    existing = Article.objects.filter(fingerprint=fingerprint).first()
    if existing:
        return ImportResult(item.name, "duplicate", "این متن پیش‌تر ذخیره شده است.", existing)
    parsed = ctx.parse(item.text, item.given)
    if not parsed.body.strip() and not parsed.lead.strip():
        return ImportResult(item.name, "failed", "در این متن بدنهٔ خبری یافت نشد.", parsed=parsed)
    near = find_near_duplicate(f"{parsed.lead}\n{parsed.body}", shingle_cache=ctx.shingles)
    if near is not None and is_same_article(parsed, near, ctx.shingles):
        return ImportResult(item.name, "duplicate", IN_ARCHIVE, near, parsed)
    if dry_run:
        return ImportResult(item.name, "created", "", None, parsed, near)
    try:
        with transaction.atomic():
            place = stored_place(parsed)
            article = Article.objects.create(
                title=(parsed.title.value or item.name)[:500],
                lead=parsed.lead,
                body=parsed.body,
                raw_text=item.text,
                fingerprint=fingerprint,
                date=parsed.date.value,
                speaker=_person(parsed.speaker.value, ctx),
                office=_office(parsed, ctx),
                office_text=(parsed.office.value or "")[:500],
                quote=parsed.quote.value or "",
                institution=(parsed.institution.value or "")[:300],
                place=place,
                agency=_agency(parsed.agency.value, ctx),
                attribution=parsed.attribution[:500],
                source_url=parsed.source_url[:1000],
                news_code=parsed.news_code[:50],
                near_duplicate_of=near,
                extraction=extraction_record(parsed),
                source_name=item.name[:300],
                status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
            )
    except IntegrityError:
        # Stored by a concurrent upload between the check and the insert.
        existing = Article.objects.filter(fingerprint=fingerprint).first()
        if existing is None:
            return ImportResult(
                item.name,
                "failed",
                "ذخیره نشد: بارگذاری هم‌زمانِ دیگری با آن برخورد کرد؛ دوباره بارگذاری کنید.",
                parsed=parsed,
            )
        return ImportResult(item.name, "duplicate", "این متن پیش‌تر ذخیره شده است.", existing)
    # New records may have changed what the next item should match.
    return ImportResult(item.name, "created", "", article, parsed, near)

"""Raw article text → :class:`ParsedArticle`: the one entry point of ``archive.ingest``.

Pure functions, no Django. The archive passes what it already knows (the
gazetteer, the names of officials on record) so that matching can prefer them.
"""

import re

from archive.persian import clean_name

from .attribution import find_attribution
from .clean import clean_text
from .dates import find_date, parse_date
from .fields import Field, ParsedArticle
from .institutions import find_institution
from .offices import canonical_office
from .people import find_speaker
from .places import Gazetteer, PlaceClues, find_place

# How much of the lead and first paragraphs the place reader looks at (a story names its place early).
PLACE_CONTEXT_CHARS = 3000
_THIS_PLACE = re.compile(r"(?:این|همین)\s+(?P<kind>شهرستان|استان|شهر)(?=\s|$)")
# An office that ends with a bare "استان" ("سرپرست جمعیت هلال‌احمر استان"): the story's province.
_BARE_PROVINCE = re.compile(r"(?:^|\s)استان\s*$")


def extract(
    raw: str, gazetteer: Gazetteer | None = None, known_people=(), given: dict | None = None
) -> ParsedArticle:
    """Read ``raw`` (decoded text) into fields.

    ``given`` holds values a structured upload already states (a jsonl line's
    ``title``, ``lead``, ``date``, ``url``, ``agency``); they win over extraction.
    """
    given = {k: v for k, v in (given or {}).items() if v not in (None, "")}
    cleaned = clean_text(raw)
    paragraphs = cleaned.paragraphs
    lead = cleaned.lead
    if given.get("lead"):
        lead = given["lead"].strip()
        if paragraphs and paragraphs[0].strip() == lead:
            paragraphs = paragraphs[1:]
    story = ([lead] if lead else []) + paragraphs
    parsed = ParsedArticle(raw_text=raw, lead=lead, body="\n".join(paragraphs), news_code=cleaned.news_code)
    parsed.source_url = str(given.get("url", "")).strip()

    attribution = find_attribution(story)
    parsed.attribution = attribution.phrase
    parsed.agency = attribution.agency
    if given.get("agency"):
        parsed.agency = Field(clean_name(str(given["agency"])), "agency", 1.0)

    title_text = given.get("title") or cleaned.title
    kicker = cleaned.kicker if not given.get("title") else ""
    reading = find_speaker(title_text or "", kicker, story, known_people)
    parsed.speaker, parsed.office = reading.speaker, reading.office
    parsed.office_canonical, parsed.quote = reading.office_canonical, reading.quote
    if not parsed.speaker.found:
        parsed.institution = find_institution(
            [parsed.agency.value, attribution.quoted_source], story, publisher=parsed.agency.value or ""
        )

    if given.get("date"):
        value = parse_date(str(given["date"]))
        parsed.date = Field(value, str(given["date"]), 1.0) if value else find_date(raw, "\n".join(story))
        if value is None:
            parsed.notes.append(f"تاریخ «{given['date']}» خوانده نشد.")
    else:
        parsed.date = find_date(raw, "\n".join(story))

    if gazetteer is not None:
        parsed.place = find_place(
            gazetteer,
            PlaceClues(
                hints=attribution.place_hints,
                attribution=attribution.phrase,
                office=(parsed.office.value or "")[:500],
                jurisdiction=reading.jurisdiction,
                headline=(title_text or "")[:500],
                lead="\n".join([lead, *paragraphs[:2]])[:PLACE_CONTEXT_CHARS],
                speech=parsed.speaker.evidence,
                quoted_source=attribution.quoted_source,
            ),
        )

    if parsed.place.found and parsed.office.found and _THIS_PLACE.search(parsed.office.value):
        # "فرماندار این شهرستان": the office's jurisdiction is the place the story is in.
        place = parsed.place.value
        named = _THIS_PLACE.sub(lambda m: f"{m.group('kind')} {place.name}", parsed.office.value)
        parsed.office_canonical = Field(
            canonical_office(named), parsed.office.value, parsed.office.confidence
        )

    elif (
        parsed.place.found
        and parsed.office.found
        and _BARE_PROVINCE.search(parsed.office_canonical.value or "")
    ):
        place = parsed.place.value
        province = place.name if place.kind == "province" else place.province
        if province:
            parsed.office_canonical = Field(
                canonical_office(f"{parsed.office_canonical.value} {province}"),
                parsed.office.value,
                parsed.office.confidence,
            )

    if title_text:
        parsed.title = Field(clean_name(title_text), title_text, 1.0 if given.get("title") else 0.9)
    else:
        if parsed.speaker.found and parsed.quote.found:
            # A story with no headline is titled the way agencies title it: speaker: first quote.
            parsed.title = Field(
                f"{parsed.speaker.value}: {parsed.quote.value.rstrip('.')}", parsed.quote.value, 0.5
            )
        elif story:
            first = story[0].split(".")[0][:150].strip()
            parsed.title = Field(first, story[0][:200], 0.3)
    return parsed

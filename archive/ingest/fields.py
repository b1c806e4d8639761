"""What extraction returns: each field with its value, the text it came from, and a confidence."""

from dataclasses import dataclass, field
from typing import Any

# Below this a field is shown to the reviewer as uncertain.
LOW_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Field:
    """One extracted value. ``value`` is None when the text says nothing about it."""

    value: Any = None
    evidence: str = ""
    confidence: float = 0.0

    @property
    def found(self) -> bool:
        return self.value is not None

    @property
    def uncertain(self) -> bool:
        return self.found and self.confidence < LOW_CONFIDENCE

    def as_dict(self, value=None):
        return {
            "value": self.value if value is None else value,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 2),
        }


NOTHING = Field()


@dataclass
class ParsedArticle:
    """A raw article read into the archive's fields. ``raw_text`` is the input, untouched."""

    raw_text: str
    title: Field = NOTHING
    lead: str = ""
    body: str = ""
    speaker: Field = NOTHING
    office: Field = NOTHING  # the office as the text words it (the statement's attribution)
    office_canonical: Field = NOTHING  # the same office in its browsing form (archive.ingest.offices)
    quote: Field = NOTHING  # the speaker's first direct sentence
    institution: Field = NOTHING  # with no named speaker: the institution the story speaks for
    place: Field = NOTHING
    date: Field = NOTHING
    agency: Field = NOTHING
    attribution: str = ""
    news_code: str = ""
    source_url: str = ""
    notes: list[str] = field(default_factory=list)

"""Taking data away: a search's statements (every page) as CSV or JSON, one statement as plain text.

Exports stream: statement ids come from the search index a thousand at a
time, each batch is read from the database and written out before the next
is asked for, so memory stays flat however many statements match. The first
batch is read before the response starts (an unreadable index is an error
status, never an empty 200), and an export stops at ``EXPORT_MAX_STATEMENTS``
statements or ``REQUEST_BUDGET`` seconds with a note at its end (see
:class:`Export`).
"""

import csv
import datetime
import json
import time
from collections.abc import Iterator

from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse

from . import jalali
from .models import Article
from .persian import display_text, to_latin_digits
from .search.service import SearchRequest, base_queryset

BATCH = 1000

# (JSON key, CSV heading) of each exported field, in order.
FIELDS = [
    ("id", "شناسه"),
    ("permalink", "پیوند پایدار"),
    ("title", "عنوان"),
    ("speaker", "گوینده"),
    ("office", "سمت"),
    ("place", "مکان"),
    ("province", "استان"),
    ("agency", "منبع خبر"),
    ("date", "تاریخ میلادی"),
    ("date_jalali", "تاریخ خورشیدی"),
    ("source_url", "نشانی منبع"),
    ("news_code", "کد خبر"),
    ("lead", "لید"),
    ("body", "متن"),
    # Added later: appended so the earlier columns keep their places in existing spreadsheets.
    ("office_text", "سمت در متن"),
    ("quote", "نقل‌قول"),
]


def permalink(request, article: Article) -> str:
    """The statement's absolute short permalink (its id: it never changes with a corrected title)."""
    return request.build_absolute_uri(reverse("archive:article-short", args=[article.pk]))


# Addresses are given as they are; every other text field in Persian letters (archive.persian.display_text).
VERBATIM = {"permalink", "source_url"}


def _displayed(record: dict) -> dict:
    return {
        key: display_text(value) if isinstance(value, str) and key not in VERBATIM else value
        for key, value in record.items()
    }


def article_record(request, article: Article) -> dict:
    """The public fields of a statement, as the API and the exports give them."""
    place = article.place
    return _displayed(
        {
            "id": article.pk,
            "permalink": permalink(request, article),
            "title": article.title,
            "speaker": article.speaker.name if article.speaker else None,
            "office": article.office.name if article.office else None,
            "office_text": article.office_text or None,
            "quote": article.quote or None,
            "place": place.name if place else None,
            "province": place.province.name if place and place.province_id else None,
            "agency": article.agency.name if article.agency else None,
            "date": article.date.isoformat() if article.date else None,
            "date_jalali": to_latin_digits(jalali.format_jalali_numeric(article.date)) or None,
            "source_url": article.source_url or None,
        }
    )


def full_record(request, article: Article) -> dict:
    return {
        **article_record(request, article),
        "news_code": article.news_code or None,
        "lead": display_text(article.lead),
        "body": display_text(article.body),
    }


def _batches(search_request: SearchRequest, limit: int) -> Iterator[list[Article]]:
    start = 0
    while start < limit:
        # A new query set per batch: haystack keeps every result a query set has fetched.
        size = min(BATCH, limit - start)
        ids = [int(result.pk) for result in base_queryset(search_request)[start : start + size]]
        if not ids:
            return
        found = Article.objects.published().with_relations().in_bulk(ids)
        yield [found[pk] for pk in ids if pk in found]
        if len(ids) < size:
            return
        start += size


class Export:
    """The statements an export will write, read batch by batch within the export's budgets.

    The first batch (and the count) is read when the export is made, before the
    response exists: an index that cannot be read fails the request with an
    error status (503, see ``archive.middleware``) before the first byte, never
    a 200 with only the header row. At most ``EXPORT_MAX_STATEMENTS`` are
    written, and none after ``REQUEST_BUDGET`` seconds; either cut ends the
    file with a note saying so (``self.cut``), never silently.
    """

    def __init__(self, search_request: SearchRequest):
        self.started = time.monotonic()
        self.total = base_queryset(search_request).count()
        self.limit = settings.EXPORT_MAX_STATEMENTS
        self._batches = _batches(search_request, min(self.total, self.limit))
        self._first = next(self._batches, [])
        self.written = 0
        self.cut = None  # why the export stopped early, in Persian

    def __iter__(self) -> Iterator[Article]:
        batch = self._first
        while batch is not None:
            for article in batch:
                self.written += 1
                yield article
            batch = next(self._batches, None)
            if batch is not None and time.monotonic() - self.started > settings.REQUEST_BUDGET:
                self.cut = (
                    f"برون‌بری ناتمام: زمان آن به پایان رسید و {self.written} از {self.total} بیانیه نوشته "
                    "شد؛ جست‌وجو را با پالایه‌ها (تاریخ، مقام، مکان) محدودتر کنید."
                )
                return
        if self.total > self.limit:
            self.cut = (
                f"برون‌بری ناتمام: {self.total} بیانیه یافت شد و حداکثر {self.limit} بیانیه در یک "
                "برون‌بری نوشته می‌شود؛ جست‌وجو را با پالایه‌ها (تاریخ، مقام، مکان) محدودتر کنید."
            )


class _Echo:
    """A file-like object whose write returns the line (csv.writer into a generator)."""

    def write(self, value):
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _filename(extension):
    return f"statements-{datetime.date.today().isoformat()}.{extension}"


def csv_response(request, search_request: SearchRequest) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    statements = Export(search_request)

    def rows():
        yield "\ufeff"  # the BOM: Excel then reads the file as UTF-8 and shows Persian
        yield writer.writerow([heading for _key, heading in FIELDS])
        for article in statements:
            record = full_record(request, article)
            yield writer.writerow([_cell(record[key]) for key, _heading in FIELDS])
        if statements.cut:
            yield writer.writerow([_cell(statements.cut)])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["X-Export-Total"] = str(statements.total)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def json_response(request, search_request: SearchRequest) -> StreamingHttpResponse:
    statements = Export(search_request)

    def chunks():
        head = {
            "query": search_request.raw_query,
            "sort": search_request.sort,
            "exported": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        }
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
        count = 0
        for article in statements:
            yield (
                ("," if count else "") + "\n" + json.dumps(full_record(request, article), ensure_ascii=False)
            )
            count += 1
        tail = {"total": count}
        if statements.cut:
            tail.update(complete=False, matched=statements.total, message=statements.cut)
        yield "\n], " + json.dumps(tail, ensure_ascii=False)[1:] + "\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["X-Export-Total"] = str(statements.total)
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


def plain_text(request, article: Article) -> str:
    """A statement as plain text: its facts, then its words, for quoting and keeping."""
    facts = [
        ("گوینده", article.speaker.name if article.speaker else "نامشخص"),
        ("سمت", article.office.name if article.office else "نامشخص"),
        *([("سمت در متن", article.office_wording)] if article.office_wording else []),
        ("مکان", str(article.place) if article.place else "در متن نیامده"),
        (
            "تاریخ",
            f"{jalali.format_jalali(article.date)} ({article.date.isoformat()})"
            if article.date
            else "در متن نیامده",
        ),
        ("منبع خبر", article.agency.name if article.agency else "نامشخص"),
    ]
    if article.news_code:
        facts.append(("کد خبر", article.news_code))
    if article.source_url:
        facts.append(("نشانی منبع", article.source_url))
    facts.append(("پیوند پایدار", permalink(request, article)))
    addresses = {"نشانی منبع", "پیوند پایدار"}
    shown = [(label, value if label in addresses else display_text(value)) for label, value in facts]
    parts = [display_text(article.title), "\n".join(f"{label}: {value}" for label, value in shown)]
    if article.quote:
        parts.append(f"نقل‌قول: «{display_text(article.quote)}»")
    if article.lead:
        parts.append(display_text(article.lead))
    # Paragraphs are separated by a blank line, as plain text marks them.
    parts.extend(display_text(p) for p in article.paragraphs())
    return "\n\n".join(parts) + "\n"

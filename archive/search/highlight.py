"""Snippets with the matched words marked, computed with the Persian analyzer on the raw text.

Whatever spelling matched (``اطلاعرسانی`` for a query ``اطلاع رسانی``, ``مدیران``
for ``مدیر``) is marked, because words are compared by their index terms. The
text is HTML-escaped piece by piece; only our own ``<mark>`` tags are markup.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import analyze_word, iter_words


def query_terms(words) -> frozenset:
    return frozenset(term for word in words for term in analyze_word(word))


def _matches(text, terms):
    return [(start, end) for start, end, word in iter_words(text) if terms.intersection(analyze_word(word))]


def highlight(text: str, terms: frozenset, length: int = 240) -> str:
    """A window of ``text`` around its densest matches, escaped, matches in ``<mark>``.

    Without a match, the opening of the text. Returns safe HTML.
    """
    text = " ".join((text or "").split())
    spans = _matches(text, terms) if terms else []
    if not spans:
        cut = text[:length]
        return mark_safe(escape(cut) + ("…" if len(text) > length else ""))
    # The window (of `length` characters) that holds the most matches.
    best_start, best_count = spans[0][0], 0
    for i, (start, _end) in enumerate(spans):
        count = sum(1 for s, e in spans[i:] if e <= start + length)
        if count > best_count:
            best_start, best_count = start, count
    window_start = max(0, best_start - length // 4)
    space = text.rfind(" ", 0, window_start)
    window_start = space + 1 if window_start and space >= 0 else window_start
    window_end = min(len(text), window_start + length)
    space = text.find(" ", window_end)
    window_end = space if space != -1 and window_end < len(text) else len(text)

    pieces, cursor = [], window_start
    for start, end in spans:
        if start < window_start or end > window_end:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:window_end]))
    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)


def highlight_title(text: str, terms: frozenset) -> str:
    """The whole title, escaped, matches marked."""
    pieces, cursor = [], 0
    for start, end in _matches(text, terms) if terms else []:
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))

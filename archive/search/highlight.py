"""Snippets with the matched words marked, computed with the Persian analyzer on the raw text.

Whatever spelling matched (``اطلاعرسانی`` for a query ``اطلاع رسانی``, ``مدیران``
for ``مدیر``) is marked, because words are compared by their index terms. The
text is HTML-escaped piece by piece; only our own ``<mark>`` tags are markup.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .analysis import analyze_word, word_list, word_matches


def query_terms(words) -> frozenset:
    return frozenset(term for word in words for term in analyze_word(word))


def _matches(text, terms):
    """(start, end) of each word of ``text`` whose terms include one of ``terms``.

    Each distinct word is analysed once (a statement repeats most of its words)."""
    matching = {word for word in set(word_list(text)) if terms.intersection(analyze_word(word))}
    if not matching:
        return []
    return [match.span() for match in word_matches(text) if match.group() in matching]


def _marked(text, spans, start, end):
    """``text[start:end]`` escaped, with the spans inside it in ``<mark>``."""
    pieces, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    return "".join(pieces)


def highlight(text: str, terms: frozenset, length: int = 240) -> str:
    """A window of ``text`` around its densest matches, escaped, matches in ``<mark>``.

    Without a match, the opening of the text. Returns safe HTML.
    """
    text = " ".join((text or "").split())
    spans = _matches(text, terms) if terms else []
    if not spans:
        cut = text[:length]
        return mark_safe(escape(cut) + ("…" if len(text) > length else ""))
    # The window (of `length` characters) that holds the most matches, in one pass.
    best_start, best_count, last = spans[0][0], 0, 0
    for first, (start, _end) in enumerate(spans):
        last = max(last, first)
        while last < len(spans) and spans[last][1] <= start + length:
            last += 1
        if last - first > best_count:
            best_start, best_count = start, last - first
    window_start = max(0, best_start - length // 4)
    space = text.rfind(" ", 0, window_start)
    window_start = space + 1 if window_start and space >= 0 else window_start
    window_end = min(len(text), window_start + length)
    space = text.find(" ", window_end)
    window_end = space if space != -1 and window_end < len(text) else len(text)

    prefix = "…" if window_start > 0 else ""
    suffix = "…" if window_end < len(text) else ""
    return mark_safe(prefix + _marked(text, spans, window_start, window_end) + suffix)


def highlight_title(text: str, terms: frozenset) -> str:
    """The whole title, escaped, matches marked."""
    spans = _matches(text, terms) if terms else []
    return mark_safe(_marked(text, spans, 0, len(text)))

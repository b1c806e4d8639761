"""Template filters for Persian pages: Persian digits and Jalali dates."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeData, mark_safe

from archive import jalali
from archive.persian import display_text, name_key, to_persian_digits

register = template.Library()


@register.filter
def fa_digits(value):
    """Any digits in ``value`` shown as Persian digits."""
    if value is None:
        return ""
    return to_persian_digits(value)


@register.filter
def fa_number(value):
    """A number with thousands separators, in Persian digits (``۱٬۲۳۴``)."""
    if value is None or value == "":
        return ""
    return to_persian_digits(intcomma(value)).replace(",", "٬")


@register.filter
def jalali_date(value):
    """A date as ``۲۴ آبان ۱۴۰۴``."""
    return jalali.format_jalali(value)


@register.filter
def fa_filesize(value):
    """A size in bytes as ``۲٫۰ مگابایت`` (Django's filesizeformat in Persian digits)."""
    return to_persian_digits(filesizeformat(value)).replace(".", "٫")


@register.filter(is_safe=True)
def display(value):
    """Text as the archive shows it: Arabic ي/ك and presentation forms as Persian letters
    (:func:`archive.persian.display_text`; safe strings stay safe, as only letters change)."""
    if value is None:
        return ""
    shown = display_text(value)
    return mark_safe(shown) if isinstance(value, SafeData) else shown


@register.filter
def filter_key(value):
    """The key the index's live filter compares (static/js/site.js folds what is typed the same way)."""
    return name_key(str(value or ""))

"""Template filters for Persian pages: Persian digits and Jalali dates."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import filesizeformat

from archive import jalali
from archive.persian import to_persian_digits

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
def jalali_numeric(value):
    """A date as ``۱۴۰۴/۰۸/۲۴``."""
    return jalali.format_jalali_numeric(value)


@register.filter
def fa_filesize(value):
    """A size in bytes as ``۲٫۰ مگابایت`` (Django's filesizeformat in Persian digits)."""
    return to_persian_digits(filesizeformat(value)).replace(".", "٫")

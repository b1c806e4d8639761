"""Persian error pages that never depend on the database."""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

log = logging.getLogger(__name__)

# The last resort when even the 500 template cannot render (e.g. static files not collected).
BARE_500 = """<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>خطای سرور</title></head>
<body><h1>خطای سرور</h1><p>مشکلی پیش آمد و گزارش آن ثبت شد. لطفاً دوباره تلاش کنید.</p>
<p><a href="/">بازگشت به خانه</a></p></body></html>
"""


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the database may be the problem.
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        log.exception("the 500 page itself failed to render")
        return HttpResponseServerError(BARE_500)

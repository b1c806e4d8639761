"""Persian error pages that never depend on the database, and the answer when search cannot be read."""

import logging
from pathlib import Path

from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader

log = logging.getLogger(__name__)

# The last resort when even the 500 template cannot render (e.g. static files not collected).
BARE_500 = """<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>خطای سرور</title></head>
<body><h1>خطای سرور</h1><p>مشکلی پیش آمد و گزارش آن ثبت شد. لطفاً دوباره تلاش کنید.</p>
<p><a href="/">بازگشت به خانه</a></p></body></html>
"""

SEARCH_UNAVAILABLE = "جست‌وجو اکنون در دسترس نیست؛ نمایهٔ جست‌وجو خوانده نشد. کمی بعد دوباره امتحان کنید."
# Seconds a client is told to wait before asking again after a 503.
RETRY_AFTER = "30"

# Code of the search engine: an exception raised from inside it means the index could not be read.
_ENGINE_DIRS = tuple(
    f"{Path(p).parent}/" for p in (__import__("whoosh").__file__, __import__("haystack").__file__)
)


def raised_by_search_engine(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) was raised inside Whoosh or haystack: a damaged or missing index,
    not a mistake of ours before the engine was asked."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        frame = error.__traceback__
        last = None
        while frame is not None:
            last = frame
            frame = frame.tb_next
        if last is not None and last.tb_frame.f_code.co_filename.startswith(_ENGINE_DIRS):
            return True
        error = error.__cause__ or error.__context__
    return False


def _page(template, status, fallback=BARE_500, **context):
    """A Persian page rendered without the database (no request context), or a bare one if even that fails."""
    try:
        return loader.get_template(template).render(context)
    except Exception:
        log.exception("the %s page itself failed to render", status)
        return fallback


def search_unavailable(request):
    """503 in Persian when the search index cannot be read: JSON for the API, a page for the rest."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": SEARCH_UNAVAILABLE, "results": []},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(_page("search_unavailable.html", 503, message=SEARCH_UNAVAILABLE), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


def bad_request(request, exception=None):
    return HttpResponseBadRequest(_page("400.html", 400))


def permission_denied(request, exception=None):
    return HttpResponseForbidden(_page("403.html", 403))


def csrf_failure(request, reason=""):
    """A refused form (expired page, cookies off): the Persian 403 page, saying what to do."""
    return HttpResponseForbidden(_page("403.html", 403, csrf=True))


def not_found(request, exception=None):
    return HttpResponseNotFound(_page("404.html", 404))


def server_error(request):
    # Rendered without a request context: the database may be the problem.
    return HttpResponseServerError(_page("500.html", 500))

import gc
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

application = get_wsgi_application()


def preload():
    """Build what every request may need once, here, before gunicorn forks its workers
    (``preload_app``): the search analyzer's lexicon, the name tagger and the office word
    lists. The workers then share the master's pages instead of each building its own copy on
    its first search or upload (seconds each, and hundreds of MB per worker).

    Also the search index's per-document arrays (lengths, sort keys, facet ids, dates), which
    numpy keeps in memory no worker writes to, so they stay shared too.

    Pure Python work only: no database connection is opened here, since one opened before the
    fork would be shared by every worker."""
    from archive.ingest.people import find_speaker
    from archive.search.analysis import analyze, get_lexicon
    from archive.search.service import warm_search

    get_lexicon()
    analyze("بارگذاری نخستین واژه‌ها")
    try:
        warm_search()  # the index's per-document arrays (the index files only, no database)
    except Exception:  # a damaged index: the site still starts, and check_index reports it
        logging.getLogger(__name__).exception("the search index could not be read before the fork")
    find_speaker("", "", ["به گزارش خبرگزاری فارس از قم، علی احمدی فرماندار قم گفت: کار ادامه دارد."])
    # What is built so far is kept for good: the garbage collector of each worker leaves it alone,
    # instead of writing to every object's header and so copying the shared pages into the worker.
    gc.freeze()


if os.environ.get("ARCHIVE_PRELOAD", "1") != "0":
    preload()

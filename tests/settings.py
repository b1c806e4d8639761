"""Test settings: the real settings with a fixed key and plain static storage."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from archive.settings import *  # noqa: F403

# Manifest storage needs collectstatic; tests render pages without it.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests never touch var/: the index lives in a temporary directory (tests/conftest.py
# gives each test its own copy of an index built once per session).
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

HAYSTACK_CONNECTIONS["default"]["PATH"] = tempfile.mkdtemp(prefix="archive-test-index-")  # noqa: F405
INDEX_RETRY_IN_BACKGROUND = False  # a thread of its own would not see a test's transaction
UPLOAD_JOBS_IN_BACKGROUND = False  # likewise; tests run the rest of a job with manage.py run_uploads
UPLOAD_DIR = tempfile.mkdtemp(prefix="archive-test-uploads-")


_OWNER = os.getpid()
_TEMPORARY_DIRS = (HAYSTACK_CONNECTIONS["default"]["PATH"], UPLOAD_DIR)  # noqa: F405


def _remove_temporary_dirs():
    """Leave nothing behind in /tmp. Only the process that made the directories removes them:
    a forked server worker that exits must not delete what its parent still uses."""
    if os.getpid() == _OWNER:
        for path in _TEMPORARY_DIRS:
            shutil.rmtree(path, ignore_errors=True)


atexit.register(_remove_temporary_dirs)

"""Persian answers for every error status, and for a database that takes no writes."""

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection

from .live import ADMIN_PASSWORD, ADMIN_USER


@pytest.fixture
def read_only_database():
    """Every write is refused as SQLite refuses it on a read-only file (a full disk says much the same)."""

    def refuse_writes(execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK")):
            raise OperationalError("attempt to write a readonly database")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_writes):
        yield


@pytest.mark.parametrize("password", [ADMIN_PASSWORD, "wrong-password"])
def test_a_read_only_database_answers_503_in_persian_at_login(client, db, password, request):
    User.objects.create_superuser(ADMIN_USER, "editor@example.org", ADMIN_PASSWORD)
    request.getfixturevalue("read_only_database")
    assert User.objects.filter(username=ADMIN_USER).exists()  # reads still work
    client.raise_request_exception = False
    response = client.post("/admin/login/?next=/admin/", {"username": ADMIN_USER, "password": password})
    assert response.status_code == 503, response.status_code
    page = response.content.decode()
    assert "فقط‌خواندنی" in page and response["Retry-After"]


@pytest.mark.urls("tests.urls_failing")
@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/bad/", 400, "درخواست نادرست"),
        ("/forbidden/", 403, "اجازهٔ دیدن این صفحه"),
        ("/officials/nobody/", 404, "صفحه پیدا نشد"),
        ("/boom/", 500, "خطایی پیش آمد"),
    ],
)
def test_every_error_status_has_a_persian_page(client, db, path, status, words):
    client.raise_request_exception = False
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == status and words in page and 'lang="fa"' in page
    assert "malformed" not in page and "database down" not in page


def test_a_refused_form_gets_the_persian_403(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403 and "فرم پذیرفته نشد" in page and "CSRF" not in page

"""Hostile input and access: fuzzed search parameters, inert uploaded markup and bidi controls,
throttled logins, CSRF, staff-only admin, security headers and a policy the pages keep to."""

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Article, Person

from .helpers import api

ROOT = Path(__file__).resolve().parent.parent
KNOWN = ["q", "official", "office", "place", "agency", "date_from", "date_to", "sort", "page", "per_page"]
BIDI = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069"

fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
values = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=6000),
    st.integers().map(str),
    st.sampled_from(
        ['"', "(", ")", "AND", "OR NOT", "*", "text:x", "-", "۱۴۰۴/۱۳/۴۰", "0", "-1", "99999999999"]
    ),
)
parameters = st.lists(st.tuples(st.one_of(st.sampled_from(KNOWN), st.text(max_size=10)), values), max_size=8)


@pytest.mark.parametrize("path", ["/search/", "/api/search"])
def test_fuzzed_search_parameters_never_fail(client, db, path):
    @fuzz
    @given(parameters)
    def check(pairs):
        query = {}
        for key, value in pairs:  # repeated parameters stay repeated
            query.setdefault(key, []).append(value.replace("\x00", ""))
        response = client.get(path, query)
        assert response.status_code == 200, (pairs, response.status_code)

    check()


HOSTILE = {
    "title": 'خبر <script>alert("t")</script> "><img src=x onerror=alert(1)> فیبر' + BIDI,
    "body": "متن\n<script>alert('b')</script>\n\"><img src=x onerror=alert(2)> فیبر نوری " + BIDI,
}


@pytest.fixture
def hostile(db, committed):
    article = Article.objects.get(speaker__name="سید ستار هاشمی")
    for key, value in HOSTILE.items():
        setattr(article, key, value)
    person = article.speaker
    with committed():
        article.save()
        person.name = 'هاشمی <b onmouseover="x()">' + BIDI
        person.save()
    return Article.objects.get(pk=article.pk)


def test_hostile_markup_and_bidi_controls_are_inert_on_every_page(client, admin_client, hostile):
    stored = hostile.title + hostile.body + hostile.speaker.name
    assert not set(BIDI) & set(stored)  # overrides and isolates are never stored for display
    pages = {
        "article": client.get(hostile.get_absolute_url()),
        "official": client.get(hostile.speaker.get_absolute_url()),
        "search": client.get("/search/", {"q": "فیبر"}),
        "home": client.get("/"),
        "admin list": admin_client.get("/admin/archive/article/", {"q": "فیبر"}),
        "admin form": admin_client.get(f"/admin/archive/article/{hostile.pk}/change/"),
    }
    for name, response in pages.items():
        page = response.content.decode()
        assert response.status_code == 200, name
        assert "فیبر" in page or name == "official", name
        for marker in ("<script>alert", "<img src=x", "<b onmouseover"):  # only present if unescaped
            assert marker not in page, (name, marker)
        assert not set(BIDI) & set(page), name
    hit = api(client, q="فیبر")["results"][0]
    # JSON carries the title as data (the reader's code escapes it); the snippet is HTML, so it is escaped.
    assert hit["title"] == hostile.title and "<img" not in hit["snippet"] and "<script" not in hit["snippet"]


def test_failed_logins_are_throttled_even_for_the_right_password(client, db, django_user_model):
    django_user_model.objects.create_user("editor", password="right-password-123", is_staff=True)
    statuses = [
        client.post("/admin/login/?next=/admin/", {"username": "editor", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the login form with its error, then the lockout
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "editor", "password": "right-password-123"}
    )
    assert response.status_code == 429 and "ورود موقتاً بسته است" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_only_staff_reach_the_admin_and_the_upload(client, db, django_user_model):
    for path in ("/admin/", "/admin/archive/article/upload/"):
        assert client.get(path).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("reader", password="reader-password-123"))
    assert client.get("/admin/archive/article/upload/").status_code == 302
    assert client.post("/admin/archive/article/upload/", {"text": "متن"}).status_code == 302
    assert not Article.objects.filter(raw_text="متن").exists()


def test_forms_need_a_csrf_token(db, admin_user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    before = Article.objects.count()
    response = strict.post("/admin/archive/article/upload/", {"text": "یک خبر تازه برای آزمودن"})
    assert response.status_code == 403 and Article.objects.count() == before


def test_security_headers(client, db):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


class InlineFinder(HTMLParser):
    """Collects what a script-src/style-src 'self' policy would block: inline scripts, styles, handlers."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.found.append(f"<script> without src: {self.get_starttag_text()}")
        if tag == "style":
            self.found.append("<style> element")
        for name in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
        if tag == "a" and (attrs.get("href") or "").lower().startswith("javascript:"):
            self.found.append("javascript: link")


def test_pages_keep_to_the_content_security_policy(client, admin_client, db):
    article = Article.objects.first()
    person = Person.objects.first()
    paths = [
        "/",
        "/search/?q=روابط+عمومی",
        article.get_absolute_url(),
        person.get_absolute_url(),
        "/officials/",
        "/places/",
        "/offices/",
        "/agencies/",
        "/no-such-page/",
    ]
    admin_paths = ["/admin/archive/article/upload/", f"/admin/archive/article/{article.pk}/change/"]
    for path, who in [(p, client) for p in paths] + [(p, admin_client) for p in admin_paths]:
        finder = InlineFinder()
        finder.feed(who.get(path).content.decode())
        ours = [f for f in finder.found if not path.startswith("/admin/") or "style=" not in f]
        assert not ours, (path, ours)


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "HTTPS": "1",
        "DEBUG": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "ALLOWED_HOSTS": "archive.example.org",
        "SECRET_KEY": "production-like-key-for-the-deploy-check-only-" + "x7" * 30,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr

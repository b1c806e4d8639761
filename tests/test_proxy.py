"""Behind a reverse proxy the login throttle counts each reader's own address, from a configured header
that only the trusted proxy may set."""

import pytest
from django.test import Client, RequestFactory

from archive.middleware import client_ip

PROXY = "127.0.0.1"


def login(client, password, forwarded, remote=PROXY):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        HTTP_X_FORWARDED_FOR=forwarded,
        REMOTE_ADDR=remote,
    ).status_code


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_user("editor", password="right-password-123", is_staff=True)


def test_an_attacker_behind_the_proxy_does_not_lock_the_editor_out(editor, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    attacker, real = Client(), Client()
    assert [login(attacker, "wrong", "203.0.113.9") for _ in range(5)][-1] == 429
    # The real editor, through the same proxy from another address, still gets in.
    assert login(real, "right-password-123", "198.51.100.7") == 302


def test_without_the_setting_every_reader_behind_a_proxy_is_one_address(editor, settings):
    """What the issue saw: the proxy's address for all, so the attacker's failures lock the editor out."""
    settings.TRUSTED_PROXY_HEADER = ""
    attacker, real = Client(), Client()
    assert [login(attacker, "wrong", "203.0.113.9") for _ in range(5)][-1] == 429
    assert login(real, "right-password-123", "198.51.100.7") == 429


@pytest.mark.parametrize(
    "remote, header, expected",
    [
        (PROXY, "203.0.113.9", "203.0.113.9"),
        (
            PROXY,
            "10.9.9.9, 203.0.113.9",
            "203.0.113.9",
        ),  # the client may send its own header: the proxy appends
        (PROXY, "203.0.113.9, 127.0.0.1", "203.0.113.9"),  # a chain of trusted proxies
        (PROXY, "not-an-address", PROXY),
        (PROXY, "", PROXY),
        (
            "198.51.100.50",
            "203.0.113.9",
            "198.51.100.50",
        ),  # not from the proxy: the header is anyone's to forge
    ],
)
def test_client_ip_believes_the_header_only_from_a_trusted_proxy(settings, remote, header, expected):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_x_real_ip(settings):
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    request = RequestFactory().get("/", HTTP_X_REAL_IP="203.0.113.9", REMOTE_ADDR=PROXY)
    assert client_ip(request) == "203.0.113.9"

"""E-mail alerts in a real browser: a reader subscribes from an official's page and from a search.

Debian's Chromium (Playwright) against gunicorn on 127.0.0.1, which sends its mail by SMTP to an
aiosmtpd server run by the test. The reader opens «خبرم کن», gives an address, follows the
confirmation link from the mail that arrived, and (for the official) gets the alert of a statement
published afterwards and follows its unsubscribe link. Pages are held to the same rules as in
tests/test_browser.py (right to left, 375 px, no console error, nothing outside 127.0.0.1)."""

import email
import re
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from .helpers import wait_for
from .live import LiveSite, free_port
from .test_browser import CHROMIUM, DESKTOP, PHONE, Watched, axe_violations, check_page

pytestmark = pytest.mark.slow

OFFICIAL = "وحید-گلی-کانی"
NEW_STATEMENT = """فرماندار قدس؛

نشست شورای ترافیک شهرستان قدس برگزار شد

به گزارش روابط عمومی فرمانداری شهرستان قدس، وحید گلی کانی در نشست شورای ترافیک شهرستان بیان کرد: ساماندهی تقاطع‌های پرخطر و افزایش روشنایی معابر در دستور کار دستگاه‌های اجرایی است.

وی افزود: پلیس راهور و شهرداری باید گزارش اقدامات خود را تا پایان ماه ارائه کنند.
"""  # noqa: E501  (a statement's text: its paragraph is one line, as agencies write it)


class Inbox:
    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def __init__(self):
        self.messages = []

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture(scope="module")
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, inbox):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package first")
    live = LiveSite(
        tmp_path_factory.mktemp("browser-alerts"),
        workers=2,
        extra_env={"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(inbox.port)},
    )
    live.env["SITE_URL"] = live.base
    live.setup().start()
    yield live
    live.stop()


@pytest.fixture
def watched(request, browser, site):
    w = Watched(browser, PHONE if "phone" in request.node.name else DESKTOP, site.base)
    w.name = "phone" if "phone" in request.node.name else "desktop"
    yield w
    w.close()
    assert w.outside == [], "requests left 127.0.0.1"
    assert w.errors == [], "console errors"


def text_of(message):
    return message.get_body(("plain",)).get_content()


def link(message, kind, base):
    found = re.search(re.escape(base) + rf"/alerts/{kind}/[A-Za-z0-9_\-]+/", text_of(message))
    assert found, text_of(message)
    return found.group(0)


def subscribe_from_this_page(watched, label, address, frequency="immediate"):
    page = watched.page
    box = page.locator("details.alert-box")
    box.locator("summary").click()
    box.locator("input[type=email]").fill(address)
    box.locator("select[name=frequency]").select_option(frequency)
    check_page(watched, label)  # the open form, too, fits the screen and reads right to left
    assert axe_violations(page) == [], label
    box.locator("button[type=submit]").click()
    page.wait_for_url("**/alerts/subscribe/")
    assert "صندوق ایمیل خود را ببینید" in page.locator("h1").inner_text()


def test_reader_subscribes_from_an_officials_page_gets_the_alert_and_unsubscribes(watched, site, inbox):
    page, address = watched.page, "journalist@example.org"
    page.goto(f"{site.base}/officials/{OFFICIAL}/")
    subscribe_from_this_page(watched, "alert-official", address)
    check_page(watched, "alert-sent")
    confirmation = wait_for(lambda: inbox.to(address), "the confirmation mail", timeout=60)[0]
    assert "بیانیه‌های وحید گلی کانی" in confirmation["Subject"]

    page.goto(link(confirmation, "confirm", site.base))
    check_page(watched, "alert-confirm")
    assert axe_violations(page) == []
    page.get_by_role("button", name="بله، روشنش کن").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "هشدار روشن شد"

    statement = Path(site.directory) / "new-statement.txt"
    statement.write_text(NEW_STATEMENT, encoding="utf-8")
    site.manage("import_articles", str(statement), "--publish", "--no-progress")
    site.manage("send_alerts")
    alert = wait_for(lambda: inbox.to(address)[1:], "the alert mail", timeout=60)[0]
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    permalink = re.search(re.escape(site.base) + r"/statements/\d+/", text_of(alert)).group(0)
    page.goto(permalink)
    assert "شورای ترافیک" in page.locator("h1").inner_text()

    page.goto(link(alert, "unsubscribe", site.base))
    check_page(watched, "alert-unsubscribe")
    assert axe_violations(page) == []
    page.get_by_role("button", name="بله، لغوش کن").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "هشدار لغو شد"
    page.goto(link(alert, "manage", site.base))
    assert "لغوشده" in page.locator("table.alerts").inner_text()
    check_page(watched, "alert-manage")
    assert axe_violations(page) == []
    site.manage("send_alerts")
    assert len(inbox.to(address)) == 2


def test_reader_subscribes_to_a_search_on_a_phone(watched, site, inbox):
    page, address = watched.page, "searcher@example.org"
    page.goto(f"{site.base}/alerts/subscribe/?official={OFFICIAL}")  # the form on a page of its own
    assert "بیانیه‌های وحید گلی کانی" in page.locator("main").inner_text()
    check_page(watched, "alert-form")
    assert axe_violations(page) == []
    page.goto(site.base + "/")
    page.fill("#home-q", "روابط عمومی")  # the home page's own search box
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    subscribe_from_this_page(watched, "alert-search", address, frequency="weekly")
    confirmation = wait_for(lambda: inbox.to(address), "the confirmation mail", timeout=60)[0]
    assert "جست‌وجوی «روابط عمومی»" in text_of(confirmation) and "هفتگی" in text_of(confirmation)
    page.goto(link(confirmation, "confirm", site.base))
    page.get_by_role("button", name="بله، روشنش کن").click()
    page.wait_for_load_state()
    assert "جست‌وجوی «روابط عمومی»" in page.locator("main").inner_text()
    check_page(watched, "alert-confirmed")

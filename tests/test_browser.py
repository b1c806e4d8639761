"""The site in a real browser: Debian's Chromium driven by Playwright, against gunicorn on 127.0.0.1.

A reader's path (search with a spelling variant, narrow by a city, read, follow
the official, the timeline and the feed) and an editor's (log in, upload a raw
seed text, review, publish, find it as a reader), on a desktop and a phone
viewport. Every page must be laid out right to left, fit a 375-pixel screen,
log no console error (a Content-Security-Policy violation is one), ask
nothing of any host but 127.0.0.1, and keep text readable against its
background. Screenshots go to ``test-output/screenshots`` (``make screenshots``
copies them into ``docs/screenshots`` for the README).
"""

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from archive.jalali import MONTHS

from .helpers import CHROMIUM, wait_for
from .live import ADMIN_PASSWORD, ADMIN_USER, ROOT, LiveSite

SHOTS = ROOT / "test-output" / "screenshots"
DATA = Path(__file__).parent / "data"
UPLOADED_SEED = DATA / "004_8da0ca60b4a358ef.txt"  # left out of the site so the editor can upload it
# Old agency copy with Arabic ي/ك and presentation forms (outside tests/data, which other tests import whole).
ARABIC_LETTERS = Path(__file__).parent / "browser_data" / "arabic_letters_statement.txt"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package first")
    live = LiveSite(tmp_path_factory.mktemp("browser"), workers=2)
    seeds = sorted(str(p) for p in DATA.glob("00*.txt") if p != UPLOADED_SEED)
    seeds.append(str(ARABIC_LETTERS))
    for command in (
        ["migrate", "--noinput"],
        ["load_gazetteer"],
        ["import_articles", *seeds, str(DATA / "agency_news_80.jsonl"), "--publish", "--no-progress"],
        ["sync_index"],
        ["collectstatic", "--noinput"],
    ):
        live.manage(*command)
    live.manage(
        "createsuperuser",
        "--noinput",
        "--username",
        ADMIN_USER,
        "--email",
        "editor@example.org",
        env={**live.env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
    )
    live.start()
    yield live
    live.stop()


class Watched:
    """A page whose console errors and requests to other hosts are recorded (those requests are blocked)."""

    def __init__(self, browser, viewport, base):
        self.context = browser.new_context(viewport=viewport, locale="fa-IR")
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        self.page = self.context.new_page()
        self.errors, self.outside = [], []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

        def route(route):
            host = urlparse(route.request.url).hostname
            if host == "127.0.0.1":
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        self.page.route("**/*", route)

    def close(self):
        self.context.close()


@pytest.fixture(params=["desktop", "phone"])
def watched(request, browser, site):
    w = Watched(browser, DESKTOP if request.param == "desktop" else PHONE, site.base)
    w.name = request.param
    yield w
    w.close()
    assert w.outside == [], "requests left 127.0.0.1"
    assert w.errors == [], "console errors"


# What every page must hold to.

CONTRAST_SCRIPT = """() => {
  function rgb(text) { const m = text.match(/[\\d.]+/g) || []; return m.map(Number); }
  function lum([r, g, b]) {
    const c = [r, g, b].map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function background(el) {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  }
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.clipPath !== 'none' || style.clip !== 'auto') continue;
    if (el.closest('svg')) continue;  // chart labels: the same numbers are in the table under it
    const fg = rgb(style.color).slice(0, 3), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    if (ratio < needed) {
      const text = el.textContent.trim().slice(0, 30);
      failures.push(`${el.tagName}.${el.className}: ${ratio.toFixed(2)} «${text}»`);
    }
  }
  return failures;
}"""


def check_page(w, label):
    page = w.page
    page.wait_for_load_state("networkidle")
    layout = page.evaluate("""() => ({
        html: document.documentElement.getAttribute('dir'), lang: document.documentElement.lang,
        direction: getComputedStyle(document.body).direction,
        main: getComputedStyle(document.querySelector('main, #content') || document.body).direction,
        scroll: document.documentElement.scrollWidth, width: window.innerWidth,
        wide: [...document.querySelectorAll('body *')].filter(el => {
            const r = el.getBoundingClientRect();
            return r.width && (r.right > window.innerWidth + 1 || r.left < -1)
                   && !el.closest('.timeline-scroll, .table-scroll')
                   && getComputedStyle(el).position !== 'fixed'
                   && !el.closest('.visually-hidden, .skip-link');
        }).map(el => el.tagName + '.' + el.className).slice(0, 5),
    })""")
    assert layout["html"] == "rtl" and layout["lang"] == "fa", label
    assert layout["direction"] == "rtl" and layout["main"] == "rtl", label
    assert layout["scroll"] <= layout["width"], f"{label}: page wider than the screen: {layout}"
    assert layout["wide"] == [], f"{label}: elements outside the screen: {layout['wide']}"
    assert page.evaluate(CONTRAST_SCRIPT) == [], f"{label}: text below WCAG AA contrast"
    page.evaluate("window.scrollTo(0, 0)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{label}-{w.name}.png"))  # the first screen, as a reader sees it


def test_reader_searches_narrows_reads_follows_official_timeline_and_feed(watched, site):
    page = watched.page
    page.goto(site.base + "/")
    check_page(watched, "home")

    # Keyboard: the first Tab lands on the skip link, visibly focused.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused == ["skip-link", "solid"]

    # A spelling variant: a space where the agencies write a ZWNJ or nothing.
    page.fill("#home-q", "اطلاع رسانی")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    total = int(
        page.locator(".results-head h2")
        .inner_text()
        .split()[0]
        .translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٬", "0123456789,"))
        .replace(",", "")
    )
    assert total >= 5
    marks = (
        page.locator(".snippet mark").all_inner_texts() + page.locator(".item-title mark").all_inner_texts()
    )
    assert any(m.replace("\u200c", "").startswith(("اطلاع", "رسان")) for m in marks)
    assert page.locator(".timeline-chart .bar").count() >= 1
    # The interface's own numbers are in Persian digits (uploaded text keeps whatever digits it has).
    interface = page.locator(
        ".results-head, .facets .count, .pagination, .timeline figcaption, .timeline-chart text, .exports"
    ).all_text_contents()
    assert interface and not any(ch.isascii() and ch.isdigit() for text in interface for ch in text), (
        interface
    )
    check_page(watched, "search")

    # Narrow to a province, then to a county or city inside it, with the keyboard.
    province = page.locator(".facets section:has(h2:text-is('مکان')) a").first
    province.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**place=*")
    inner = page.locator(".facets section:has(h2:text-is('مکان')) a").first
    city_name = inner.inner_text()
    inner.click()
    page.wait_for_load_state()
    chips = page.locator(".active-filters li").all_inner_texts()
    assert any(city_name in chip for chip in chips)
    narrowed = page.locator(".item").count()
    assert 1 <= narrowed <= total

    # Open a statement, then its official.
    page.locator(".item-title a").first.click()
    page.wait_for_load_state()
    assert page.locator("article.statement h1").count() == 1
    assert "/statements/" in page.url
    citation = page.locator("#citation-text").inner_text()
    page.click("button.copy-button")
    page.wait_for_function("() => document.querySelector('.copy-status').textContent.length > 0")
    assert page.evaluate("() => navigator.clipboard.readText()") == citation
    check_page(watched, "article")
    speaker = page.locator("dl.facts a[href^='/officials/']")
    if speaker.count() == 0:  # this statement's speaker was not extracted: take one from the officials list
        page.goto(site.base + "/officials/")
        page.locator("main li a").first.click()
    else:
        speaker.first.click()
    page.wait_for_load_state()
    assert "/officials/" in page.url
    official = page.locator("h1").inner_text()
    check_page(watched, "official")

    # The timeline: a month's bar leads to that official's statements of that month.
    feed_href = page.locator(".feed-links a[type='application/rss+xml']").get_attribute("href")
    bar = page.locator(".timeline-chart a.bar-link").last  # the newest month with statements
    month_name = bar.get_attribute("aria-label").split(":")[0]
    bar.click()
    page.wait_for_url("**/search/?*")
    query = parse_qs(urlparse(page.url).query)
    assert set(query) == {"official", "date_from", "date_to"}
    assert page.locator(".item").count() >= 1
    assert all(official in meta for meta in page.locator(".item .meta").all_inner_texts())
    assert query["date_from"][0].endswith("/01")
    chips = page.locator(".active-filters li").all_inner_texts()
    assert len(chips) == 3 and any(f"از ۱ {month_name}" in chip for chip in chips), (chips, month_name)

    # Subscribe: the feed the official's page links is a feed of that official.
    response = page.request.get(site.base + feed_href)
    assert response.status == 200 and response.headers["content-type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.body()).find("channel")
    assert official in channel.findtext("title") and channel.findall("item")


def test_editor_uploads_reviews_publishes_and_a_reader_finds_it(watched, site):
    page = watched.page
    page.goto(site.base + "/admin/login/")
    page.fill("#id_username", ADMIN_USER)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(site.base + "/admin/archive/article/upload/")
    check_page(watched, "upload")
    page.fill("textarea[name=text]", UPLOADED_SEED.read_text(encoding="utf-8"))
    page.click("#content-main form [type=submit]")
    page.wait_for_load_state()
    result = page.locator(".upload-results tbody tr").first
    status = result.inner_text()
    if "تکراری" in status:  # the other viewport's run uploaded it already: unpublish it to publish again
        result.locator("a").first.click()
    else:
        assert "ذخیره شد" in status, status
        result.locator(".status-created a").first.click()
    page.wait_for_url("**/change/")

    # Review: the extraction table shows what was read and its evidence; the fields are filled in.
    extraction = page.locator("table.extraction").inner_text()
    assert "گوینده" in extraction and "وحید گلی کانی" in extraction
    assert page.input_value("#id_title").startswith("رئیس حوزه انتخابیه قدس")
    assert page.locator("#id_speaker option:checked").inner_text().strip() == "وحید گلی کانی"
    page.select_option("#id_status", "draft")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/archive/article/")
    # Publish from the list, with the admin action.
    row = page.locator("#result_list tbody tr", has_text="رئیس حوزه انتخابیه قدس").first
    pk = row.locator("input.action-select").get_attribute("value")
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    page.wait_for_load_state()
    assert "۱ بیانیه منتشر شد" in page.locator(".messagelist").inner_text(), page.locator(
        ".messagelist"
    ).inner_text()

    # An anonymous reader finds it at once.
    reader = page.context.browser.new_context(viewport=PHONE if watched.name == "phone" else DESKTOP)
    try:
        anonymous = reader.new_page()
        anonymous.goto(site.base + "/search/?q=" + "کمیته تبلیغات حوزه انتخابیه")
        links = anonymous.locator(".item-title a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert any(href.startswith(f"/statements/{pk}/") for href in links), links
        api = json.loads(anonymous.request.get(site.base + "/api/search?q=کمیته+تبلیغات").text())
        assert int(pk) in [hit["id"] for hit in api["results"]]
    finally:
        reader.close()


# Issue 16: what an editor and a reader meet.


def log_in(page, site):
    page.goto(site.base + "/admin/login/")
    page.fill("#id_username", ADMIN_USER)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_an_editor_types_jalali_dates_in_both_digit_forms_and_the_wrong_calendar_is_refused(browser, site):
    w = Watched(browser, DESKTOP, site.base)
    w.name = "desktop"
    page = w.page
    try:
        log_in(page, site)
        page.goto(site.base + "/admin/archive/article/")
        # The list shows Jalali dates in Persian digits, in Vazirmatn, with Persian-digit counters.
        dates = page.locator("#result_list td.field-date_jalali").all_inner_texts()
        assert dates and all(not any(ch.isascii() and ch.isdigit() for ch in d) for d in dates), dates
        assert any(
            month in d for d in dates for month in ("آبان", "آذر", "شهریور", "مهر", "مرداد", "اردیبهشت")
        ), dates
        assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")
        page.wait_for_function("document.fonts.check('16px Vazirmatn')")
        counter = page.locator(".action-counter").inner_text()
        assert counter and not any(ch.isascii() and ch.isdigit() for ch in counter), counter
        title_width = page.locator("#result_list th.column-title").bounding_box()["width"]
        assert title_width >= 200, title_width  # was ~90 px
        check_page(w, "admin-list")

        row = page.locator("#result_list tbody tr").first
        row.locator("th a, td a").first.click()
        page.wait_for_url("**/change/")
        change_url = page.url
        original = page.input_value("#id_date")
        assert original == "" or original[:4] in ("۱۴۰۲", "۱۴۰۳", "۱۴۰۴", "۱۴۰۵"), original

        for typed, shown, listed in (
            ("۱۳۹۰/۱۱/۱۳", "۱۳۹۰/۱۱/۱۳", "۱۳ بهمن ۱۳۹۰"),
            ("1390-11-14", "۱۳۹۰/۱۱/۱۴", "۱۴ بهمن ۱۳۹۰"),
        ):
            page.goto(change_url)
            page.fill("#id_date", typed)
            page.click("input[name=_continue]")
            page.wait_for_load_state()
            assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()[:500]
            assert page.input_value("#id_date") == shown
            page.goto(site.base + "/admin/archive/article/?q=" + page.input_value("#id_title")[:30])
            assert listed in page.locator("#result_list").inner_text()

        # A Gregorian date typed by habit: refused in Persian, and nothing saved.
        page.goto(change_url)
        page.fill("#id_date", "2025-12-10")
        page.click("input[name=_continue]")
        page.wait_for_load_state()
        error = page.locator(".errorlist").inner_text()
        assert "میلادی" in error and "۱۴۰۴/۰۹/۱۹" in error, error
        check_page(w, "admin-date-refused")
        page.goto(change_url)
        assert page.input_value("#id_date") == "۱۳۹۰/۱۱/۱۴"

        # The date it had, back again (other tests read this site's timelines).
        page.fill("#id_date", original)
        page.click("input[name=_continue]")
        page.wait_for_load_state()
        assert page.input_value("#id_date") == original
    finally:
        w.close()
    assert w.errors == [] and w.outside == []


def test_the_officials_index_filters_as_one_types_and_sorts_by_statements(watched, site):
    page = watched.page
    page.goto(site.base + "/officials/")
    check_page(watched, "officials")
    all_names = page.locator("#index-items li[data-key]").count()
    assert all_names >= 10
    # Every official with an office beside the name; letters to jump to.
    assert page.locator("#index-items li .detail").count() >= all_names // 2
    letters = page.locator(".letters a")
    assert letters.count() >= 5
    target = letters.nth(2)
    target.click()
    assert page.url.endswith(target.get_attribute("href"))
    # Typing narrows the list at once (Arabic ي typed, Persian ی stored).
    name = page.locator("#index-items li[data-key] a").nth(3).inner_text()
    surname = name.split()[-1]
    page.fill("#index-q", surname.replace("ی", "ي"))
    visible = page.locator("#index-items li[data-key]:visible")
    wait_for(lambda: visible.count() < all_names, "the live filter narrowed the list", timeout=10)
    assert name in visible.all_inner_texts()[0] or any(name in t for t in visible.all_inner_texts())
    assert all(
        surname.replace("\u200c", "") in t.replace("\u200c", "").replace("ي", "ی")
        for t in page.locator("#index-items li[data-key]:visible a").all_inner_texts()
    )
    # Without script the same filter is the form's ?q=.
    page.press("#index-q", "Enter")
    page.wait_for_url("**/officials/?q=*")
    assert page.locator("#index-items li[data-key]").count() == visible.count()
    # Sorted by number of statements: counts never rise down the list.
    page.goto(site.base + "/officials/")
    page.click(".index-sorts a")
    page.wait_for_url("**sort=count*")
    counts = [
        int(t.split()[0].translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")).replace("٬", ""))
        for t in page.locator("#index-items li .count").all_inner_texts()
    ]
    assert len(counts) == all_names and counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def test_an_officials_profile_shows_office_history_places_and_share_links(watched, site):
    page = watched.page
    page.goto(site.base + "/officials/?sort=count")
    page.locator("#index-items li a").first.click()  # the official with the most statements
    page.wait_for_load_state()
    profile = page.locator("section.profile")
    facts = profile.locator("dl").inner_text()
    assert "سمت" in facts and "بیانیه" in facts and "مکان‌ها" in facts
    n_offices = page.locator("table.offices tbody tr").count()
    assert n_offices >= 1
    if n_offices > 1:
        assert "پیش‌تر" in facts and page.locator("table.offices .badge").inner_text() == "آخرین سمت"
    # Each office with its first and last statement's Jalali date.
    period = page.locator("table.offices tbody tr td:nth-child(2)").first.inner_text()
    assert any(month in period for month in MONTHS), period
    # The table fits the screen: nothing to scroll sideways, the count column in view.
    fits = page.evaluate("""() => { const box = document.querySelector('.offices').closest('.table-scroll');
        return box.scrollWidth <= box.clientWidth + 1; }""")
    assert fits, "the offices table is cut"
    # Share: copy the link; the other share links are plain addresses (no script of theirs on the page).
    page.click("section.profile button.copy-button")
    page.wait_for_function("() => document.querySelector('.profile .copy-status').textContent.length > 0")
    assert page.evaluate("() => navigator.clipboard.readText()") == unquote(page.url.split("?")[0])
    hrefs = profile.locator(".share-links a").evaluate_all("els => els.map(e => e.href)")
    assert any(h.startswith("https://t.me/share/url?") for h in hrefs) and any(
        h.startswith("mailto:") for h in hrefs
    )
    scripts = page.locator("script[src]").evaluate_all("els => els.map(e => e.src)")
    assert all(urlparse(src).hostname == "127.0.0.1" for src in scripts)
    check_page(watched, "official")


def test_a_timeline_shows_its_newest_bar_without_scrolling_and_labels_apart(watched, site):
    page = watched.page
    page.goto(site.base + "/search/?q=" + "گفت")  # most statements: the seeds' 1402 to the agency items' 1404
    page.wait_for_load_state("networkidle")
    geometry = page.evaluate("""() => {
        const box = document.querySelector('.timeline-scroll'), chart = box.querySelector('svg');
        const bars = [...chart.querySelectorAll('a.bar-link')];
        const newest = bars[bars.length - 1].getBoundingClientRect(), frame = box.getBoundingClientRect();
        const ticks = [...chart.querySelectorAll('text.tick')].map(t => t.getBoundingClientRect())
            .sort((a, b) => a.left - b.left).map(r => [r.left, r.right]);
        return {chart: chart.getBoundingClientRect().width, frame: [frame.left, frame.right],
                newest: [newest.left, newest.right], scrolled: box.scrollLeft, ticks,
                viewport: window.innerWidth};
    }""")
    left, right = geometry["frame"]
    assert left - 1 <= geometry["newest"][0] and geometry["newest"][1] <= right + 1, geometry
    assert 0 <= geometry["newest"][0] and geometry["newest"][1] <= geometry["viewport"], geometry
    if watched.name == "phone":
        assert geometry["chart"] > right - left, "the chart should be wider than a phone here"
    ticks = geometry["ticks"]
    assert len(ticks) >= 2 and all(a[1] <= b[0] for a, b in zip(ticks, ticks[1:], strict=False)), ticks
    assert page.locator(".timeline-hint").count() == (1 if geometry["chart"] > 340 else 0)


def test_filters_are_reachable_above_the_results_on_a_phone(watched, site):
    page = watched.page
    page.goto(site.base + "/search/?q=" + "گفت")
    control = page.locator(".filters-jump a")
    first_result = page.locator(".items .item").first
    if watched.name == "desktop":
        assert not control.is_visible() and page.locator("#filters").is_visible()  # the filters are beside
        return
    assert control.is_visible()
    assert control.bounding_box()["y"] < first_result.bounding_box()["y"]
    assert control.bounding_box()["y"] < PHONE["height"]  # on the first screen
    assert (
        page.locator("#filters").bounding_box()["y"] > first_result.bounding_box()["y"]
    )  # after the results
    control.click()
    page.wait_for_function("() => location.hash === '#filters'")
    facet = page.locator("#filters a").first
    wait_for(
        lambda: 0 <= facet.bounding_box()["y"] < PHONE["height"], "the filters scrolled into view", timeout=10
    )
    # One search box: the header's is left out where the page has its own.
    assert page.locator("form[role=search]").count() == 1 and page.locator(".header-search").count() == 0


def test_text_stored_with_arabic_letters_is_shown_in_persian_letters(watched, site):
    page = watched.page
    page.goto(site.base + "/search/?q=" + "آبرسانی روستاهای کوچک")
    snippet = page.locator(".items .item", has_text="آبرسانی").first
    assert "ي" not in snippet.inner_text() and "ك" not in snippet.inner_text()
    snippet.locator(".item-title a").click()
    page.wait_for_load_state()
    body = page.locator("article.statement .body").inner_text()
    assert "روستاهای کوچک" in body and "کتاب گزارش" in body, body
    assert not any(ch in body for ch in "يكﻛﺘﺎﺏ"), body
    # Stored as it came: the plain text's source is the raw upload, the database keeps ي/ك.
    raw = ARABIC_LETTERS.read_text(encoding="utf-8")
    assert "روستاهاي كوچك" in raw
    check_page(watched, "arabic-letters")


# Accessibility: axe-core (installed from npm by `make axe` into .cache/axe, injected here; never a CDN).

AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from npm first (make axe)")
    page.wait_for_load_state("networkidle")
    # Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not apply to it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(
                n => n.target.join(' ') + ': ' + n.failureSummary.slice(0, 160))}));
    }""")
    return violations


def axe_checked(page):
    """How many rules axe applied on the last page (passes and violations): a run that checked nothing
    fails."""
    return page.evaluate(
        "async () => { const r = await axe.run(document); return r.passes.length + r.violations.length; }"
    )


def public_pages(site, page):
    """One address of every public page type, found through the site itself."""
    page.goto(site.base + "/officials/?sort=count")
    person = page.locator("#index-items li a").first.get_attribute("href")
    page.goto(site.base + person)
    office = page.locator("table.offices a").first.get_attribute("href")
    statement = page.locator(".items .item-title a").first.get_attribute("href")
    page.goto(site.base + "/places/")
    place = page.locator(".place-tree a").first.get_attribute("href")
    page.goto(site.base + "/agencies/")
    agency = page.locator("#index-items li a").first.get_attribute("href")
    page.goto(site.base + "/search/?q=" + "گفت")
    narrowed = page.locator("#filters a").first.get_attribute("href")
    return {
        "home": "/",
        "search": "/search/?q=" + "گفت",
        "search-filtered": "/search/" + narrowed,
        "search-empty": "/search/?q=" + "واژه‌ای‌که‌نیست",
        "statement": statement,
        "official": person,
        "officials": "/officials/",
        "officials-by-count": "/officials/?sort=count",
        "offices": "/offices/",
        "office": office,
        "places": "/places/",
        "place": place,
        "agencies": "/agencies/",
        "agency": agency,
        "not-found": "/officials/nobody-at-all/",
    }


def test_axe_finds_no_violation_on_any_public_page_type(watched, site):
    page = watched.page
    failures = {}
    for label, path in public_pages(site, page).items():
        page.goto(site.base + path)
        found = axe_violations(page)
        if found:
            failures[label] = found
        if label == "not-found":  # the page's own 404 status, which Chromium logs as a console error
            watched.errors[:] = [e for e in watched.errors if "status of 404" not in e]
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)
    # axe really runs here: its rules are applied, and a violation put into the page is reported.
    assert axe_checked(page) > 20
    page.evaluate(
        "() => document.querySelector('main').append(Object.assign(document.createElement('img'), "
        "{src: '/static/favicon.svg'}))"
    )
    assert "image-alt" in [v["id"] for v in axe_violations(page)]

"""The built site in a real browser: Debian's chromium driven by Playwright's Python API.

Every page loads from file:// without console errors, every internal link resolves, charts
render as SVG of non-zero size, XSS payloads carried by the data do not execute, and
screenshots of an installment at 1280 px and 390 px go to test-output/screenshots/.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from conftest import REPO, need_system

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "test-output" / "screenshots"

# Set in every page before its own content runs: any payload that executes leaves a mark.
PROBE = """
window.__xss = 0;
Object.defineProperty(window, '__xss', {
  set(v) { document.documentElement.setAttribute('data-xss', String(v)); },
  get() { return document.documentElement.getAttribute('data-xss'); },
});
window.alert = window.confirm = window.prompt = () => {
  document.documentElement.setAttribute('data-xss', 'dialog');
};
"""


@pytest.fixture(scope="module")
def browser():
    chromium_path = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    if chromium_path is None:
        need_system("chromium", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_system("playwright (Python)", "pip install playwright")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    context.add_init_script(PROBE)
    pg = context.new_page()
    pg.problems = []
    pg.on(
        "console",
        lambda m: (
            pg.problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("requestfailed", lambda r: pg.problems.append(f"request failed: {r.url}"))
    yield pg
    context.close()


def test_every_page_loads_cleanly_and_links_resolve(review_site, page):
    site = review_site.out.resolve()
    html_pages = sorted(site.rglob("*.html"))
    seen_links: set[str] = set()
    for path in html_pages:
        url = path.as_uri()
        response = page.goto(url)
        assert response is not None and response.ok, url
        assert page.problems == [], (url, page.problems)
        assert page.evaluate("document.documentElement.getAttribute('data-xss')") in (None, "0")
        for href in page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)"):
            target, _ = urldefrag(href)
            if target.startswith("file://"):
                seen_links.add(target)
            else:
                assert target.startswith(("http://", "https://")), (url, href)
    assert len(seen_links) >= len(html_pages)  # every page is linked from somewhere
    for link in seen_links:
        path = Path(link.removeprefix("file://"))
        assert path.is_file(), f"broken internal link {link}"
        assert path.is_relative_to(site)


def test_charts_render_with_size_and_names(review_site, page):
    url = (review_site.out / "chn-jpn/2019-03/index.html").resolve().as_uri()
    page.goto(url)
    charts = page.eval_on_selector_all(
        "figure.chart svg[role=img]",
        """els => els.map(e => {
            const r = e.getBoundingClientRect();
            const title = e.querySelector('title');
            return {w: r.width, h: r.height, marks: e.querySelectorAll('path,rect,line').length,
                    title: title ? title.textContent : '',
                    label: e.getAttribute('aria-labelledby')};
        })""",
    )
    assert len(charts) >= 4
    for c in charts:
        assert c["w"] > 200 and c["h"] > 80, c
        assert c["marks"] > 5 and c["title"], c
    assert page.problems == []


def test_xss_payloads_do_not_execute(review_site, page):
    url = (review_site.out / "chn-jpn/2019-03/index.html").resolve().as_uri()
    page.goto(url)
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.getAttribute('data-xss')") in (None, "0")
    # the payloads are on the page as text, not as elements
    body = page.inner_text("body")
    assert "<script>window.__xss=1</script>Talks" in body
    assert 'onerror="window.__xss=1"' in body
    assert page.eval_on_selector_all("main script, main iframe, main img", "e => e.length") == 0
    assert page.eval_on_selector_all("a[href^='javascript']", "e => e.length") == 0
    # hover and click everything that a payload might hang on
    for handle in page.query_selector_all(".key-events a, .key-events blockquote, .tags a")[:20]:
        handle.hover()
    assert page.evaluate("document.documentElement.getAttribute('data-xss')") in (None, "0")
    assert page.problems == []


def test_screenshots_at_1280_and_390(review_site, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    url = (review_site.out / "chn-jpn/2019-03/index.html").resolve().as_uri()
    for width in (1280, 390):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, device_scale_factor=1
        )
        pg = context.new_page()
        pg.goto(url)
        scroll = pg.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"horizontal scrolling at {width}px ({scroll}px wide)"
        font = pg.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.lede p')).fontSize)"
        )
        assert font >= 15
        shot = SCREENSHOTS / f"installment-{width}.png"
        pg.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        # the first screens and the charts, at a size a person can look at
        pg.screenshot(path=str(SCREENSHOTS / f"installment-{width}-top.png"))
        pg.locator("section.numbers").screenshot(
            path=str(SCREENSHOTS / f"installment-{width}-charts.png")
        )
        context.close()

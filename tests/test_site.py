"""The built site: valid HTML, headings in order, every internal link resolves, relative
links only, no unrendered shortcode, untrusted data escaped (pages and feeds), safe file
names, navigation, tags, authors, archives, feeds; and builds that fail cleanly."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import html5lib
import pytest

import reviewdata as rd
from bilateral.errors import SiteError
from bilateral.review import build_review, build_site, site_config
from bilateral.store import Store


class Page(HTMLParser):
    """Links, headings, element ids and text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.svgs = 0
        self.svg_titles = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("a", "link") and "href" in a:
            self.links.append((tag, a["href"] or ""))
        for key in ("src", "action", "formaction"):
            if key in a:
                self.links.append((tag, a[key] or ""))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "svg" and "role" in a:
            self.svgs += 1
            assert a.get("aria-labelledby"), "a chart without an accessible name"
        if tag == "title" and self.svgs:
            self.svg_titles += 1
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler attribute {name}={value!r}"

    def handle_data(self, data):
        self.text.append(data)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def parse(path: Path) -> Page:
    p = Page()
    p.feed(path.read_text("utf-8"))
    return p


@pytest.fixture(scope="module")
def site(review_site) -> Path:
    return review_site.out


def test_the_tree(review_site, site):
    assert review_site.installments == 36  # 30 months of CHN-JPN, 6 of CHN-USA
    for rel in (
        "index.html",
        "feed.xml",
        "archive/index.html",
        "tags/index.html",
        "authors/index.html",
        "authors/mara/index.html",
        "authors/ken/index.html",
        "chn-jpn/index.html",
        "chn-jpn/2019/index.html",
        "chn-jpn/2019-03/index.html",
        "chn-jpn/feed.xml",
        "chn-usa/feed.xml",
        "static/style.css",
        "tags/north-korea/index.html",
        "tags/sino-japanese-review/index.html",
        "tags/china-japan/index.html",
    ):
        assert (site / rel).is_file(), rel
    # file names come from dyads, months, ids and slugs only, never from titles
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        assert re.fullmatch(r"[a-z0-9][a-z0-9._/-]*|\.bilateral-site", rel), rel


def test_every_page_is_valid_html_with_ordered_headings(site):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for path in pages(site):
        text = path.read_text("utf-8")
        parser.parse(text)  # raises on any parse error
        assert text.startswith("<!DOCTYPE html>")
        page = parse(path)
        assert page.headings.count(1) == 1, f"{path}: one h1"
        assert page.headings[0] == 1, path
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{path}: heading h{before} then h{after}"
        assert len(page.ids) == len(set(page.ids)), f"{path}: duplicate ids"


def test_every_internal_link_resolves_and_is_relative(site):
    checked = 0
    for path in pages(site):
        for tag, href in parse(path).links:
            parts = urlsplit(href)
            if parts.scheme:
                assert parts.scheme in ("http", "https"), f"{path}: {href}"
                continue
            assert not href.startswith("/"), f"{path}: absolute link {href}"
            assert not parts.netloc, f"{path}: {href}"
            if not parts.path:
                continue  # in-page anchor
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path}: broken link {href} ({tag})"
            assert target.is_relative_to(site.resolve())
            if target.is_dir() or parts.path.endswith("/"):
                pytest.fail(f"{path}: link to a folder {href}; file:// needs index.html")
            checked += 1
    assert checked > 1000


def test_no_unrendered_shortcode_anywhere(site):
    for path in [*pages(site), *site.rglob("*.xml")]:
        text = path.read_text("utf-8")
        assert "[posts-by-tag" not in text, path
        assert "BILATERALSHORTCODE" not in text, path
        assert not re.search(r"\[\s*[a-z][\w-]*\s+[\w-]+\s*=\s*[\"“”‘’″']", text), path


def test_untrusted_data_is_escaped(site):
    page = (site / "chn-jpn/2019-03/index.html").read_text("utf-8")
    assert "<script" not in page.lower()
    # the payloads are shown as text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;Talks" in page
    assert "&lt;img src=x onerror=" in page
    assert "&#34;&gt;&lt;svg onload=window.__xss=1&gt;" in page
    # no javascript: (or any non-http) link, from events or from commentary
    for path in pages(site):
        for _, href in parse(path).links:
            assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
    for path in pages(site):
        text = path.read_text("utf-8").lower()
        assert "<script" not in text and "<iframe" not in text, path
        parse(path)  # asserts that no element has an on* event handler attribute


def test_feeds_parse_and_escape(site):
    for rel in ("feed.xml", "chn-jpn/feed.xml", "chn-usa/feed.xml"):
        raw = (site / rel).read_text("utf-8")
        feed = feedparser.parse(raw)
        assert not feed.bozo, (rel, feed.get("bozo_exception"))
        assert feed.feed.title.startswith("Review of <Relations> & more")
        assert feed.entries
        assert "<script" not in raw
        for entry in feed.entries:
            assert entry.id.startswith("urn:uuid:")
            link = (site / rel).parent / entry.link
            assert link.resolve().is_file(), (rel, entry.link)
    feed = feedparser.parse((site / "chn-jpn/feed.xml").read_text("utf-8"))
    march = next(e for e in feed.entries if e.link.endswith("2019-03/index.html"))
    assert march.title == "Why no deal at Hanoi may suit Beijing and Tokyo"
    assert march.updated.startswith("2019-04-01")
    assert {a.name for a in march.authors} == {"Mara Quill", "Ken Ota"}
    assert any(t.term == "sino-japanese-review" for t in march.tags)


def test_installment_sections(site):
    page = parse(site / "chn-jpn/2019-03/index.html")
    text = " ".join(page.text)
    for heading in (
        "In perspective",
        "The relationship in numbers",
        "Topics against the previous month",
        "Key events",
        "Commentary",
        "Explore more",
    ):
        assert heading in text
    assert "Relations between China and Japan" in text
    assert page.svgs >= 4 and page.svg_titles >= page.svgs
    assert "The state index and Expert index correlate at" in text
    # previous and next installments
    hrefs = [h for _, h in page.links]
    assert "../../chn-jpn/2019-02/index.html" in hrefs
    assert "../../chn-jpn/2019-04/index.html" in hrefs
    first = parse(site / "chn-jpn/2017-01/index.html")
    assert "This is the first installment." in " ".join(first.text)
    last = parse(site / "chn-jpn/2019-06/index.html")
    assert "This is the latest installment." in " ".join(last.text)
    # key events link to their http(s) sources only
    raw = (site / "chn-jpn/2019-03/index.html").read_text("utf-8")
    assert 'href="https://news.example.org/ok?a=1&amp;b=2"' in raw
    assert "news.example.org/ok?a=1&amp;b=2&#34;" not in raw


def test_posts_by_tag_shortcode_rendered(site):
    raw = (site / "chn-jpn/2019-03/index.html").read_text("utf-8")
    commentary = raw[raw.index('id="commentary-h"') : raw.index('class="series"')]
    # "sino-japanese review" is carried by this installment only: nothing else to list
    assert "No other installments carry “sino-japanese review” yet." in commentary
    # "north korea" (two newest others) is a list of installment links
    block = commentary[commentary.index("Inline: see also") :]
    links = re.findall(r'href="(\.\./\.\./chn-jpn/\d{4}-\d\d/index\.html)"', block)
    assert len(links) == 2 and links == sorted(links, reverse=True)
    assert "<p><ul" not in commentary and "<p><div" not in commentary


def test_tag_author_and_archive_pages(site):
    mara = " ".join(parse(site / "authors/mara/index.html").text)
    assert "Follows East Asian diplomacy." in mara and "30 installments." in mara
    ken = " ".join(parse(site / "authors/ken/index.html").text)
    assert "1 installment." in ken
    raw = (site / "authors/mara/index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in raw
    tag = parse(site / "tags/sino-japanese-review/index.html")
    assert ("tag", "../../chn-jpn/2019-03/index.html") not in tag.links
    assert ("a", "../../chn-jpn/2019-03/index.html") in tag.links
    year = parse(site / "chn-jpn/2018/index.html")
    pattern = r"\.\./\.\./chn-jpn/2018-\d\d/index\.html"
    months = [h for _, h in year.links if re.fullmatch(pattern, h)]
    assert len(set(months)) == 12
    home = parse(site / "index.html")
    latest = [h for _, h in home.links if re.fullmatch(r"chn-(jpn|usa)/\d{4}-\d\d/index\.html", h)]
    assert latest[:2] == ["chn-usa/2019-06/index.html", "chn-jpn/2019-06/index.html"]


def _project(tmp_path: Path, commentary: str = rd.COMMENTARY):
    toml = rd.write_project(tmp_path, commentary)
    settings = rd.project_settings(toml)
    store = Store(tmp_path / "s.duckdb")
    rd.fill_store(store, count=6, start="2018-10", dyads=("CHN-JPN",))
    return store, settings, site_config(settings, toml)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("[posts-by-tag tags=”north korea” number = “five”]", "E411"),
        ('[recent-posts number="3"]', "E412"),
        ('[posts-by-tag tags="north korea"', "E411"),
    ],
)
def test_bad_shortcode_fails_the_build_and_keeps_the_old_site(tmp_path, line, code):
    store, settings, cfg = _project(tmp_path)
    out = tmp_path / "site"
    build_site(store, out, cfg, settings=settings, workers=1)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    bad = rd.COMMENTARY.replace(
        "Inline: see also [posts-by-tag tags='north korea' number='2']", line
    )
    (tmp_path / "commentary/chn-jpn/2019-03.md").write_text(bad, "utf-8")
    with pytest.raises(SiteError) as err:
        build_site(store, out, cfg, settings=settings, workers=1)
    assert err.value.code == code
    assert err.value.path.endswith("2019-03.md") and err.value.line == 21
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
    store.close()


def test_build_refuses_a_folder_it_did_not_build(tmp_path):
    store, settings, cfg = _project(tmp_path)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", "utf-8")
    with pytest.raises(SiteError) as err:
        build_site(store, out, cfg, settings=settings, workers=1)
    assert err.value.code == "E441"
    assert (out / "notes.txt").read_text("utf-8") == "keep me"
    store.close()


def test_build_review_writes_one_installment(tmp_path):
    store, settings, cfg = _project(tmp_path)
    page = build_review(store, "chn-jpn", "2019-02", tmp_path / "one", cfg, settings=settings)
    assert page == tmp_path / "one/chn-jpn/2019-02/index.html"
    text = page.read_text("utf-8")
    assert "February 2019" in text and "../../static/style.css" in text
    assert (tmp_path / "one/static/style.css").is_file()
    with pytest.raises(SiteError):
        build_review(store, "CHN-JPN", "2015-01", tmp_path / "one", cfg, settings=settings)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", "utf-8")
    with pytest.raises(SiteError) as err:
        build_review(store, "CHN-JPN", "2019-02", mine, cfg, settings=settings)
    assert err.value.code == "E441" and not (mine / "chn-jpn").exists()
    store.close()


def test_commentary_for_a_month_without_installment_fails(tmp_path):
    store, settings, cfg = _project(tmp_path)
    folder = tmp_path / "commentary/chn-jpn"
    (folder / "2030-01.md").write_text("---\ntitle: Too early\n---\nText.\n", "utf-8")
    with pytest.raises(SiteError) as err:
        build_site(store, tmp_path / "site", cfg, settings=settings, workers=1)
    assert err.value.code == "E431" and err.value.path.endswith("2030-01.md")
    (folder / "2030-01.md").unlink()
    (folder / "notes.md").write_text("scratch", "utf-8")
    with pytest.raises(SiteError) as err:
        build_site(store, tmp_path / "site", cfg, settings=settings, workers=1)
    assert err.value.code == "E415"
    store.close()

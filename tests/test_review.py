"""The review's parts: commentary and shortcodes, the deterministic lede, charts, the
installment context read from a real store, and the site configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reviewdata as rd
from bilateral.commentary import extract_shortcodes, read_commentary, render_markdown
from bilateral.config import Settings
from bilateral.errors import SiteError
from bilateral.review import charts, narrative
from bilateral.review.context import (
    correlation,
    installment_context,
    read_external,
    safe_http_url,
)
from bilateral.review.site import tag_slug
from bilateral.review.siteconfig import ExternalSeries, site_config

# -- shortcodes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '[posts-by-tag tags="sino-japanese review" number="5"]',
        "[posts-by-tag tags=”sino-japanese review” number = “5”]",
        "[posts-by-tag tags=“sino-japanese review” number=“5”]",
        "[posts-by-tag tags=‘sino-japanese review’ number=‘5’]",
        "[posts-by-tag tags=″sino-japanese review″ number=″5″]",
        "[posts-by-tag tags = 'sino-japanese review'  number = 5 ]",
        '[ posts-by-tag tags="sino-japanese review" number="5"]',
    ],
)
def test_shortcode_quotes_and_spacing(text):
    body, calls = extract_shortcodes(f"Before.\n\n{text}\n", "c.md", first_line=4)
    assert len(calls) == 1
    call = calls[0]
    assert call.name == "posts-by-tag"
    assert call.tags == ["sino-japanese review"]
    assert call.number == 5
    assert call.line == 6
    assert "[posts-by-tag" not in body
    assert "BILATERALSHORTCODE0END" in body


def test_shortcode_several_tags_and_default_number():
    _, calls = extract_shortcodes('[posts-by-tag tags="north korea, trade"]', "c.md")
    assert calls[0].tags == ["north korea", "trade"]
    assert calls[0].number == 5


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ('[recent-posts number="3"]', "E412", "unknown shortcode [recent-posts]"),
        ('[gallery id="7"]', "E412", "unknown shortcode [gallery]"),
        ("[posts-by-tag tags=”north korea number=“5”]", "E411", "malformed"),
        ('[posts-by-tag tags="north korea" number="five"]', "E411", "number"),
        ('[posts-by-tag tags="north korea" number="5"', "E411", "malformed"),
        ('[posts-by-tag tags="north korea" colour="red"]', "E411", "colour"),
        ('[posts-by-tag number="3"]', "E411", "needs tags"),
        ("[posts-by-tag]", "E411", "needs tags"),
        ('[posts-by-tag tags=""]', "E411", "needs tags"),
        ('[posts-by-tag tags="a" tags="b"]', "E411", "repeats"),
    ],
)
def test_bad_shortcodes_fail_naming_file_and_line(text, code, fragment):
    with pytest.raises(SiteError) as err:
        extract_shortcodes(f"one\ntwo\n{text}\n", "commentary/chn-jpn/2019-03.md", 10)
    assert err.value.code == code
    assert err.value.path == "commentary/chn-jpn/2019-03.md"
    assert err.value.line == 12
    assert fragment in str(err.value)
    assert "commentary/chn-jpn/2019-03.md:12:" in err.value.render()


@pytest.mark.parametrize(
    "text",
    [
        "A [follow-up](https://example.org/a) link.",
        "A reference [see-also] [1] and [a note].",
        "[1]: https://example.org/ref",
        "Prices rose [by 5%] this month.",
        "An [x-ray][ref] of the month.",
    ],
)
def test_markdown_brackets_are_not_shortcodes(text):
    body, calls = extract_shortcodes(text, "c.md")
    assert calls == []
    assert body == text


def test_commentary_front_matter_and_lines(tmp_path):
    path = tmp_path / "2019-03.md"
    path.write_text(rd.COMMENTARY, "utf-8")
    c = read_commentary(path)
    assert c.title == "Why no deal at Hanoi may suit Beijing and Tokyo"
    assert c.authors == ["mara", "ken"]
    assert c.tags[:2] == ["north korea", "sino-japanese review"]
    assert c.summary == "A stalled summit leaves both capitals room to manoeuvre."
    assert [s.line for s in c.shortcodes] == [19, 21]
    assert c.author_line == 3


def test_commentary_bad_front_matter_names_line(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\ntitle: ok\ntags: [a, b\n---\nbody\n", "utf-8")
    with pytest.raises(SiteError) as err:
        read_commentary(path)
    assert err.value.path == str(path)
    assert err.value.line is not None and err.value.line >= 3
    path.write_text("---\ntitle: never closed\nbody\n", "utf-8")
    with pytest.raises(SiteError, match="no closing"):
        read_commentary(path)


def test_markdown_escapes_raw_html_and_drops_unsafe_links():
    html = render_markdown(
        "# Top\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[ok](https://example.org/a) [bad](javascript:alert(1)) [data](data:text/html,x) "
        "![img](https://example.org/i.png)\n\n### Deeper\n"
    )
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in html
    assert 'href="https://example.org/a"' in html
    assert "javascript:" not in html.replace("[bad](javascript:alert(1))", "")
    assert 'href="javascript' not in html and 'href="data' not in html
    # headings start at h3 and do not skip levels
    assert "<h3>Top</h3>" in html and "<h4>Deeper</h4>" in html
    assert "<h1" not in html


def test_shortcode_placeholder_becomes_block_html():
    body, calls = extract_shortcodes(
        'Intro.\n\n[posts-by-tag tags="a"]\n\nInline [posts-by-tag tags="b"] here.', "c.md"
    )
    html = render_markdown(body, lambda n: f'<ul class="sc"><li>{calls[n].tags[0]}</li></ul>')
    assert '<ul class="sc"><li>a</li></ul>' in html
    assert "<p><ul" not in html and "BILATERALSHORTCODE" not in html
    assert "<p>Inline </p><ul" in html


# -- narrative --------------------------------------------------------------------------------


def _facts(state, prev_state, *, events=20, coop=12, perspective=None, topics=None):
    current = {
        "month": "2019-03",
        "events": events,
        "state": state,
        "goldstein": 1.25,
        "verbal_coop": coop - 2,
        "material_coop": 2,
        "verbal_conflict": events - coop - 1,
        "material_conflict": 1,
    }
    previous = None if prev_state is None else {"month": "2019-02", "state": prev_state}
    return {
        "dyad": "CHN-JPN",
        "month": "2019-03",
        "current": current,
        "previous": previous,
        "perspective": perspective or {},
        "topics": topics or [],
    }


def test_lede_cooled_lowest_since():
    facts = _facts(
        0.35,
        0.8,
        perspective={
            "since_side": "lowest",
            "since": "2018-08",
            "percentile": 12.0,
            "history_months": 26,
            "zscore": -1.84,
        },
    )
    lede = narrative.lede(facts)
    assert lede[0] == (
        "Relations between China and Japan cooled in March 2019: the state "
        "index fell from +0.80 to +0.35, the lowest since August 2018."
    )
    assert lede[1] == (
        "Of 20 recorded events, 12 were cooperative and 8 conflictual "
        "(60% cooperation), with a mean Goldstein score of +1.25."
    )
    assert "12th percentile of the 26 months" in lede[2]
    assert lede[3] == (
        "The month's flow of events lies 1.8 standard deviations below its "
        "average of the previous two years."
    )


def test_lede_warmed_record_steady_and_empty():
    warmed = narrative.lede(_facts(1.2, 0.5, perspective={"highest_on_record": True}))
    assert warmed[0].startswith("Relations between China and Japan warmed in March 2019")
    assert warmed[0].endswith("the highest on record.")
    steady = narrative.lede(_facts(0.51, 0.5))
    assert "held steady" in steady[0] and "stayed at +0.51" in steady[0]
    assert narrative.lede(_facts(0.5, None, events=0)) == [
        "No events between China and Japan were recorded in March 2019."
    ]


def test_lede_topics_and_turning_point():
    facts = _facts(
        0.5,
        0.9,
        perspective={"recent_turning_point": "2019-02"},
        topics=[
            {"topic": "north korea", "share": 0.4, "previous": 0.25},
            {"topic": "trade", "share": 0.2, "previous": 0.3},
        ],
    )
    lede = narrative.lede(facts)
    assert "A turning point in the series was detected in February 2019." in lede
    assert (
        "The topic with the largest share of events was “north korea” (40%, up from 25%)." in lede
    )


def test_lede_one_event():
    lede = narrative.lede(_facts(0.5, 0.9, events=1, coop=1))
    assert lede[1] == "The one recorded event was cooperative (Goldstein score +1.25)."


def test_names_and_months():
    assert narrative.dyad_name("CHN-JPN") == "China–Japan"
    assert narrative.dyad_name("KOR-PRK") == "South Korea–North Korea"
    assert narrative.dyad_between("CHN-USA") == "China and the United States"
    assert narrative.month_name("2019-12") == "December 2019"
    assert [narrative.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]


# -- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        ("North Korea", "north-korea"),
        ("China–Japan", "china-japan"),
        ("Sino-Japanese review", "sino-japanese-review"),
        ("Ōsaka", "osaka"),
        ("../../etc/passwd", "etc-passwd"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
    ],
)
def test_tag_slug(tag, slug):
    assert tag_slug(tag) == slug


def test_tag_slug_hash_fallback():
    a, b = tag_slug("日中関係"), tag_slug("尖閣")
    assert a.startswith("tag-") and b.startswith("tag-") and a != b
    assert tag_slug("日中関係") == a


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org/a", False),
        ('https://example.org/a"onmouseover=alert(1)', False),
        ("ftp://example.org", False),
        (None, False),
    ],
)
def test_safe_http_url(url, ok):
    assert (safe_http_url(url) is not None) is ok


def test_external_series_and_correlation(tmp_path):
    csv_path = tmp_path / "s.csv"
    csv_path.write_text("month,score\n2019-02,2\n2019-01,1\n2019-03,3\n", "utf-8")
    series = read_external(ExternalSeries(csv_path, "Expert"))
    assert [s["month"] for s in series] == ["2019-01", "2019-02", "2019-03"]
    rows = [
        {"month": "2019-01", "state": 0.1},
        {"month": "2019-02", "state": 0.2},
        {"month": "2019-03", "state": 0.4},
    ]
    r, n = correlation(rows, series, "2019-03")
    assert n == 3
    # by hand: x = (.1,.2,.4), y = (1,2,3); r = cov/(sx*sy) = 0.15/ sqrt(0.0466..*2) ...
    assert r == pytest.approx(0.9819805060619657)
    assert correlation(rows, series, "2019-02") == (None, 2)
    csv_path.write_text("month,score\n2019-01,1\n2019-13,2\n", "utf-8")
    with pytest.raises(SiteError) as err:
        read_external(ExternalSeries(csv_path, "Expert"))
    assert err.value.line == 3 and "2019-13" in str(err.value)
    csv_path.write_text("month,value\n2019-01,1\n", "utf-8")
    with pytest.raises(SiteError, match="month,score"):
        read_external(ExternalSeries(csv_path, "Expert"))


def test_site_config_validates(tmp_path):
    good = Settings(
        raw={
            "site": {"title": "T", "dyads": ["chn-jpn", {"dyad": "CHN-USA"}]},
            "authors": {"ana": {"name": "Ana", "bio": "B"}},
        }
    )
    cfg = site_config(good, tmp_path / "bilateral.toml")
    assert [d.dyad for d in cfg.dyads] == ["CHN-JPN", "CHN-USA"]
    flipped = site_config(Settings(raw={"site": {"dyads": ["jpn-chn"]}}), None)
    assert [d.dyad for d in flipped.dyads] == ["CHN-JPN"]  # the unordered dyad, sorted
    assert cfg.commentary == tmp_path / "commentary"
    bad = [
        {"site": {"dyads": ["CHINA-JAPAN"]}},
        {"site": {"dyads": ["CHN-CHN"]}},
        {"site": {"latest": "ten"}},
        {"site": {"url": "javascript:alert(1)"}},
        {"authors": {"../x": {"name": "X"}}},
        {"authors": {"ana": {"name": "Ana", "url": "javascript:alert(1)"}}},
        {"site": {"dyads": [{"dyad": "CHN-JPN", "authors": ["nobody"]}]}},
    ]
    for raw in bad:
        with pytest.raises(SiteError):
            site_config(Settings(raw=raw), tmp_path / "bilateral.toml")


# -- charts -----------------------------------------------------------------------------------


def _rows(n=30):
    return [
        {
            "month": m,
            "events": 10 + i % 4,
            "state": 0.1 * (i % 9) - 0.3,
            "goldstein": 0.2 * (i % 7) - 0.5,
            "goldstein_low": -1.0,
            "goldstein_high": 1.5,
            "verbal_coop": 4,
            "material_coop": 2,
            "verbal_conflict": 3,
            "material_conflict": 1,
        }
        for i, m in enumerate(rd.months("2017-01", n))
    ]


def test_charts_are_pure_specs_with_titles_and_descriptions():
    rows = _rows()
    a = charts.state_and_flow(rows, "2019-03", "China–Japan")
    b = charts.state_and_flow(rows, "2019-03", "China–Japan")
    assert a.spec == b.spec  # pure: same data, same spec
    assert len(a.spec["datasets"]["main"]) == 24
    assert a.spec["datasets"]["main"][-1]["date"] == "2019-03-01"
    assert a.title.startswith("State and flow of China–Japan relations")
    assert "March 2019" in a.description and len(a.table) == 24
    q = charts.quad_classes(rows, "2019-03")
    assert len(q.spec["datasets"]["main"]) == 24 * 4
    assert "In March 2019: 10 events (4 verbal cooperation" in q.description
    assert charts.topic_shares([], "2019-03", "2019-02") is None
    h = charts.state_history(rows, "China–Japan")
    assert len(h.spec["datasets"]["main"]) == 30


def test_render_svg_is_inline_ready_and_escaped():
    rows = _rows()
    chart = charts.topic_shares(
        [
            {"topic": rd.XSS["topic"], "share": 0.5, "previous": 0.25},
            {"topic": "trade", "share": 0.25, "previous": None},
        ],
        "2019-03",
        "2019-02",
    )
    assert chart is not None
    svg = charts.render_svg(chart)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert 'role="img"' in svg and '<title id="topics-title">' in svg
    assert '<desc id="topics-desc">' in svg
    assert "<b onmouseover" not in svg and "&lt;b onmouseover" in svg
    assert ' width="' not in svg.split(">", 1)[0]  # scales with the page
    other = charts.render_svg(charts.state_and_flow(rows, "2019-03", "China–Japan"))
    assert "<path" in other


def test_render_many_in_worker_processes_matches_serial():
    rows = _rows(40)
    specs = [charts.state_and_flow(rows, m, "China–Japan").spec for m in rd.months("2017-06", 26)]
    parallel = charts.ChartRenderer(workers=2)
    assert parallel.render_many(specs) == 26
    serial = charts.ChartRenderer(workers=1)
    for spec in specs[:3]:
        assert serial.svg(spec) == parallel.cache[charts.spec_key(spec)]
    assert parallel.render_many(specs) == 0  # all known
    serial_count = serial.render_many(specs)
    assert serial_count == 23  # the first three are known


# -- context from a real store ----------------------------------------------------------------


@pytest.fixture
def project(tmp_path, store):
    toml = rd.write_project(tmp_path)
    rd.fill_store(store)
    settings = rd.project_settings(toml)
    return store, settings, site_config(settings, toml)


def test_installment_context_from_store(project):
    store, settings, cfg = project
    ctx = installment_context(store, "chn-jpn", "2019-03", cfg, settings=settings)
    json.dumps(ctx)  # plain data
    assert ctx["path"] == "chn-jpn/2019-03/index.html"
    assert ctx["current"]["month"] == "2019-03" and ctx["previous"]["month"] == "2019-02"
    assert ctx["title"] == "Why no deal at Hanoi may suit Beijing and Tokyo"
    assert ctx["authors"] == ["mara", "ken"]
    assert ctx["tags"][0] == "China–Japan" and "sino-japanese review" in ctx["tags"]
    assert ctx["rows"][-1]["month"] == "2019-03"
    assert ctx["lede"][0].startswith("Relations between China and Japan ")
    assert "March 2019" in ctx["lede"][0]
    events = ctx["key_events"]
    assert 0 < len(events) <= cfg.key_events
    assert all(e["date"].startswith("2019-03") for e in events)
    with_sentence = [e for e in events if e["sentence"]]
    assert with_sentence, "key events carry their source sentence"
    for e in with_sentence:
        assert (e["sentence"] and "Analysts expect" not in e["sentence"]) or "said" in e["sentence"]
    assert all(e["url"] is None or e["url"].startswith(("http://", "https://")) for e in events)
    assert ctx["external"]["overlap"] > 3 and ctx["external"]["correlation"] is not None


def test_key_event_sentence_is_the_stored_one(project):
    store, settings, cfg = project
    ctx = installment_context(store, "CHN-JPN", "2018-05", cfg, settings=settings)
    stored = {
        r["event_id"]: r["s"]
        for r in store.query(
            "SELECT e.event_id, substr(d.text, s.char_start + 1, s.char_end - s.char_start) AS s "
            "FROM events e JOIN documents d USING (doc_id) "
            "JOIN sentences s ON s.doc_id = e.doc_id AND s.sentence_idx = e.sentence_idx"
        )
    }
    assert ctx["key_events"]
    for e in ctx["key_events"]:
        assert e["sentence"] == stored[e["event_id"]]
        span = store.query(
            "SELECT substr(d.text, e.char_start + 1, e.char_end - e.char_start) AS span "
            "FROM events e JOIN documents d USING (doc_id) WHERE e.event_id = ?",
            [e["event_id"]],
        )[0]["span"]
        assert span != e["sentence"] and e["sentence"].startswith(span)


def test_key_event_sentence_widened_without_stored_sentences(project):
    store, settings, cfg = project
    from bilateral.review.siteconfig import DyadSite

    cfg.dyads.append(DyadSite("CHN-USA"))
    ctx = installment_context(store, "CHN-USA", "2018-05", cfg, settings=settings)
    assert ctx["key_events"]
    for e in ctx["key_events"]:
        sentence = e["sentence"]
        assert sentence and sentence.endswith(".") and sentence[0].isupper()
        assert "were in the news" not in sentence and "Analysts expect" not in sentence


def test_installment_context_errors(project, tmp_path):
    store, settings, cfg = project
    with pytest.raises(SiteError) as err:
        installment_context(store, "CHN-JPN", "2030-01", cfg, settings=settings)
    assert err.value.code == "E430"
    with pytest.raises(SiteError):
        installment_context(store, "CHN-JPN", "2019-3", cfg, settings=settings)
    # an author the commentary names but bilateral.toml does not know
    bad = rd.COMMENTARY.replace("authors: [mara, ken]", "authors: [mara, nobody]")
    (tmp_path / "commentary" / "chn-jpn" / "2019-03.md").write_text(bad, "utf-8")
    with pytest.raises(SiteError) as err:
        installment_context(store, "CHN-JPN", "2019-03", cfg, settings=settings)
    assert err.value.code == "E413" and err.value.line == 3
    assert err.value.path is not None and Path(err.value.path).name == "2019-03.md"


# -- properties -------------------------------------------------------------------------------


_QUOTES = [('"', '"'), ("“", "”"), ("”", "”"), ("‘", "’"), ("'", "'"), ("″", "″"), ("„", "“")]
_TAG = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters=" -"),
    min_size=1,
    max_size=20,
).filter(lambda t: t.strip())


@given(
    tags=st.lists(_TAG, min_size=1, max_size=3),
    number=st.integers(1, 100),
    quote=st.sampled_from(_QUOTES),
    space=st.sampled_from(["", " ", "  "]),
    prefix=st.text(alphabet="abc ,.", max_size=10),
)
def test_shortcode_round_trip(tags, number, quote, space, prefix):
    o, c = quote
    text = (
        f"{prefix}[posts-by-tag tags{space}={space}{o}{', '.join(tags)}{c} "
        f"number{space}={space}{o}{number}{c}]"
    )
    body, calls = extract_shortcodes(text, "c.md")
    assert len(calls) == 1
    assert calls[0].tags == [t.strip() for t in tags]
    assert calls[0].number == number
    assert body == prefix + "BILATERALSHORTCODE0END"


@given(st.text(alphabet=st.characters(blacklist_characters="[]"), max_size=200))
def test_text_without_brackets_is_untouched(text):
    body, calls = extract_shortcodes(text, "c.md")
    assert calls == [] and body == text

"""Deterministic review fixtures: a real DuckDB store filled with documents and events of
CHN-JPN (and a little CHN-USA), a commentary folder and a bilateral.toml, plus XSS payloads
carried through titles, sentences, actor text, URLs and commentary.

Used by the review, site, golden and browser tests and by benchmarks/bench_site.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from bilateral.config import Settings, load_settings
from bilateral.ontology import lookup
from bilateral.store import Store

XSS = {
    "title": '<script>window.__xss=1</script>Talks "end" & <b>resume</b>',
    "sentence": 'Officials said <img src=x onerror="window.__xss=1"> the talks resumed.',
    "actor": '"><svg onload=window.__xss=1>',
    "url": "javascript:window.__xss=1",
    "outlet": "<iframe src=javascript:window.__xss=1>",
    "topic": "<b onmouseover=window.__xss=1>trade</b>",
}

# CAMEO codes used by the fixture, by tone
COOPERATIVE = ["036", "040", "042", "043", "046", "051", "057", "061", "071"]
CONFLICTUAL = ["111", "112", "120", "130", "141", "150", "163", "172"]
TOPICS = ["north korea", "trade", "territory", "security"]

SENTENCES = {
    "036": "{s} said it was ready to meet {t} officials to restart the talks.",
    "040": "{s} and {t} held consultations in the capital on the issue.",
    "042": "A delegation from {s} travelled to {t} for a round of meetings.",
    "043": "{s} hosted a visiting delegation from {t} this week.",
    "046": "Negotiators from {s} and {t} met again to narrow their differences.",
    "051": "{s} praised {t} for its role in the regional dialogue.",
    "057": "{s} signed an agreement with {t} on maritime communication.",
    "061": "{s} agreed to expand economic cooperation with {t}.",
    "071": "{s} sent emergency aid to {t} after the earthquake.",
    "111": "{s} criticised {t} over its statements on history.",
    "112": "{s} accused {t} of violating the agreement.",
    "120": "{s} rejected the proposal made by {t}.",
    "130": "{s} warned {t} of consequences over the dispute.",
    "141": "Protesters in {s} demonstrated against {t} outside the embassy.",
    "150": "{s} sent coast guard ships near islands claimed by {t}.",
    "163": "{s} imposed export restrictions on goods from {t}.",
    "172": "{s} detained citizens of {t} on spying charges.",
}

NAMES = {"CHN": "China", "JPN": "Japan", "USA": "the United States"}


def _tone(month_index: int) -> float:
    """Share of cooperative events in a month: a slow warming, a dip, a cooling in the
    fixture's March 2019 (index 26 from January 2017)."""
    base = 0.45 + 0.25 * min(month_index, 20) / 20
    if month_index in (8, 9):
        base -= 0.25
    if month_index == 26:
        base -= 0.4
    return max(0.05, min(0.95, base))


def months(start: str = "2017-01", count: int = 30) -> list[str]:
    y, m = map(int, start.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def fill_store(
    store: Store,
    *,
    start: str = "2017-01",
    count: int = 30,
    per_month: int = 14,
    xss_month: str | None = "2019-03",
    dyads: tuple[str, ...] = ("CHN-JPN", "CHN-USA"),
    seed: int = 7,
) -> None:
    """Documents and coded events, as the news ingest and coder store them."""
    rng = random.Random(seed)
    docs = []
    events = []
    sentence_rows: list[tuple[str, int, int, int]] = []
    for mi, month in enumerate(months(start, count)):
        y, m = map(int, month.split("-"))
        for dyad in dyads:
            a, b = dyad.split("-")
            n = per_month if dyad == "CHN-JPN" else max(3, per_month // 3)
            for k in range(n):
                coop = rng.random() < _tone(mi)
                code = rng.choice(COOPERATIVE if coop else CONFLICTUAL)
                src, tgt = (a, b) if rng.random() < 0.5 else (b, a)
                day = 1 + (k * 27) // n
                date = dt.date(y, m, day)
                topic = TOPICS[(mi + k) % len(TOPICS)] if dyad == "CHN-JPN" else "trade"
                sentence = SENTENCES[code].format(s=NAMES[src], t=NAMES[tgt])
                sentence = sentence[0].upper() + sentence[1:]
                lead = f"{NAMES[a]} and {NAMES[b]} were in the news on {date.isoformat()}. "
                text = lead + sentence + " Analysts expect more meetings later this year."
                title = f"{NAMES[src]} and {NAMES[tgt]}: report {k + 1}"
                url = f"https://news.example.org/{dyad.lower()}/{month}/{k}.html"
                outlet = "bilateral sample"
                source_text, topics = NAMES[src], [topic]
                if month == xss_month and dyad == "CHN-JPN" and k < 2:
                    # untrusted data: payloads through every field that reaches a page
                    title = XSS["title"]
                    sentence = XSS["sentence"]
                    text = lead + sentence + " More later."
                    url = XSS["url"] if k == 0 else "https://news.example.org/ok?a=1&b=2"
                    outlet = XSS["outlet"]
                    source_text = XSS["actor"]
                    topics = [XSS["topic"]]
                    code = "112" if k == 0 else "130"
                doc_id = hashlib.sha1(url.encode() + str(k).encode() + month.encode()).hexdigest()[
                    :16
                ]
                start_at = len(lead)
                entry = lookup(code)
                weight = 1.0 + (k % 3)
                if month == xss_month and dyad == "CHN-JPN" and k < 2:
                    weight = 40.0  # ranked among the key events, so the payloads reach the page
                docs.append((doc_id, url, title, dt.datetime(y, m, day, 9), outlet, text, topics))
                events.append(
                    (
                        f"coder:{doc_id}/1/0",
                        "coder",
                        f"{doc_id}/1/0",
                        date,
                        src,
                        "GOV",
                        source_text,
                        tgt,
                        "GOV",
                        NAMES[tgt],
                        code,
                        entry.root,
                        entry.quad_class,
                        entry.goldstein,
                        weight,
                        f"story-{doc_id}",
                        url,
                        doc_id,
                        1,
                        start_at,
                        # as the coder stores it: the event's own span inside the sentence
                        start_at + max(1, len(sentence) // 2),
                        topics,
                    )
                )
                if dyad == "CHN-JPN":  # CHN-USA has no sentence rows: the widening fallback
                    sentence_rows.append((doc_id, 1, start_at, start_at + len(sentence)))
    with store.transaction() as con:
        con.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?)", sentence_rows)
        con.executemany(
            "INSERT INTO documents (doc_id, url, title, published, outlet, text, topics) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            docs,
        )
        con.executemany(
            "INSERT INTO events (event_id, origin, origin_id, date, source_code, source_agent, "
            "source_text, target_code, target_agent, target_text, cameo, root, quad_class, "
            "goldstein, weight, story, url, doc_id, sentence_idx, char_start, char_end, "
            "topics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )


COMMENTARY = """---
title: "Why no deal at Hanoi may suit Beijing and Tokyo"
authors: [mara, ken]
tags: [north korea, sino-japanese review, "<script>window.__xss=1</script>"]
summary: A stalled summit leaves both capitals room to manoeuvre.
---
The numbers show a cooler month. This commentary reads them against the summit.

## What the data show

Read the [tone of the month](https://example.org/tone) and compare
[a bad link](javascript:window.__xss=1) that must not become a link.

<script>window.__xss=1</script> raw HTML is shown as text, never run.
<img src=x onerror="window.__xss=1">

### Earlier installments

[posts-by-tag tags=”sino-japanese review” number = “5”]

Inline: see also [posts-by-tag tags='north korea' number='2'] for more.
"""

SERIES = (
    "month,score\n"
    + "\n".join(
        f"{m},{(i % 7) - 3 + 0.5 * (i // 6):.2f}" for i, m in enumerate(months("2016-06", 40))
    )
    + "\n"
)

TOML = """\
db = "unused.duckdb"

[site]
title = "Review of <Relations> & more"
description = "A test site for the review."
commentary = "commentary"
latest = 6
key_events = 6

[[site.dyads]]
dyad = "CHN-JPN"
authors = ["mara"]
external = { path = "series/chn-jpn.csv", label = "Expert index" }

[[site.dyads]]
dyad = "CHN-USA"
start = "2019-01"

[authors.mara]
name = "Mara Quill"
bio = "Follows East Asian diplomacy. <script>window.__xss=1</script>"
url = "https://example.org/mara"

[authors.ken]
name = "Ken Ota"
bio = "Writes on security in Northeast Asia."
"""


def write_project(folder: Path, commentary: str = COMMENTARY) -> Path:
    """bilateral.toml, commentary/chn-jpn/2019-03.md and an external series in ``folder``;
    returns the toml path."""
    (folder / "commentary" / "chn-jpn").mkdir(parents=True, exist_ok=True)
    (folder / "commentary" / "chn-jpn" / "2019-03.md").write_text(commentary, "utf-8")
    (folder / "series").mkdir(exist_ok=True)
    (folder / "series" / "chn-jpn.csv").write_text(SERIES, "utf-8")
    toml = folder / "bilateral.toml"
    toml.write_text(TOML, "utf-8")
    return toml


def project_settings(toml: Path) -> Settings:
    return load_settings(toml, bootstrap=200)


def build_fixture_site(folder: Path, *, workers: int = 1):
    """The fixture project in ``folder``: store, bilateral.toml, commentary, and the built
    site in ``folder / "site"``. Returns the SiteReport."""
    from bilateral.review import build_site, site_config

    toml = write_project(folder)
    settings = project_settings(toml)
    with Store(folder / "review.duckdb") as store:
        fill_store(store)
        return build_site(
            store, folder / "site", site_config(settings, toml), settings=settings, workers=workers
        )


GOLDEN = Path(__file__).parent / "golden"
GOLDEN_DYAD, GOLDEN_MONTH = "CHN-JPN", "2019-03"


def golden_outputs(project: Path) -> dict[str, str]:
    """The golden files of one installment from a built fixture project: the page (each
    inline SVG replaced by a marker, since its bytes belong to vl-convert) and the
    installment's context as JSON (the project folder replaced by <project>)."""
    import json
    import re

    from bilateral.review.context import installment_context

    page = (project / "site" / GOLDEN_DYAD.lower() / GOLDEN_MONTH / "index.html").read_text("utf-8")
    page = re.sub(
        r'<svg\b[^>]*aria-labelledby="([\w-]+)-title"[^>]*>.*?</svg>',
        r'<svg data-chart="\1"/>',
        page,
        flags=re.S,
    )
    toml = project / "bilateral.toml"
    settings = project_settings(toml)
    from bilateral.review import site_config

    with Store(project / "review.duckdb", read_only=True) as store:
        ctx = installment_context(
            store, GOLDEN_DYAD, GOLDEN_MONTH, site_config(settings, toml), settings=settings
        )
    text = json.dumps(ctx, indent=1, sort_keys=True, ensure_ascii=False)
    text = text.replace(str(project.resolve()), "<project>").replace(str(project), "<project>")
    name = f"{GOLDEN_DYAD.lower()}-{GOLDEN_MONTH}"
    return {f"{name}.html": page, f"{name}.context.json": text + "\n"}

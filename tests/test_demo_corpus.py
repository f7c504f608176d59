"""The bundled demo content: the sample news corpus, its configuration and its commentary.

Read from the installed package (importlib.resources), as `bilateral demo` reads them."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter
from importlib.resources import as_file, files
from pathlib import Path

import pytest
import yaml

from bilateral.config import load_settings
from bilateral.review.siteconfig import site_config
from bilateral.sources.news import Article, read_jsonl

DEMO = files("bilateral") / "data" / "demo"
FIELDS = {"url", "title", "published", "outlet", "text"}
URL_RE = re.compile(r"^https://sample\.bilateral\.invalid/(\d{4})/(\d{2})/[a-z0-9][a-z0-9-]*$")
FIRST, LAST = dt.date(2018, 1, 1), dt.date(2019, 6, 30)
# Words that mark the main actors of the sample; used to size the China-Japan share.
CHINA = re.compile(r"\bChin(a|ese)\b|Xi Jinping|Li Keqiang|Wang Yi|Wei Fenghe|Beijing")
JAPAN = re.compile(r"\bJapan(ese)?\b|\bAbe\b|Kono|Iwaya|Onodera|Tokyo|Senkaku")


def months(first: dt.date, last: dt.date) -> list[str]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@pytest.fixture(scope="module")
def items() -> list[dict]:
    lines = (DEMO / "corpus.jsonl").read_text("utf-8").splitlines()
    records = []
    for n, line in enumerate(lines, start=1):
        assert line.strip(), f"corpus.jsonl:{n}: blank line"
        record = json.loads(line)
        assert isinstance(record, dict), f"corpus.jsonl:{n}: not a JSON object"
        records.append(record)
    return records


def test_enough_items(items: list[dict]) -> None:
    assert len(items) >= 300


def test_every_item_has_exactly_the_fields(items: list[dict]) -> None:
    for n, item in enumerate(items, start=1):
        assert set(item) == FIELDS, f"line {n}: fields {sorted(item)}"
        for key in FIELDS:
            assert isinstance(item[key], str) and item[key].strip(), f"line {n}: empty {key}"
        assert item["outlet"] == "bilateral sample", f"line {n}: outlet {item['outlet']!r}"


def test_dates_in_range_and_match_the_url(items: list[dict]) -> None:
    for n, item in enumerate(items, start=1):
        day = dt.date.fromisoformat(item["published"])
        assert FIRST <= day <= LAST, f"line {n}: {day} outside 2018-01..2019-06"
        match = URL_RE.match(item["url"])
        assert match, f"line {n}: url {item['url']!r}"
        assert (int(match[1]), int(match[2])) == (day.year, day.month), f"line {n}: url month"


def test_urls_titles_and_texts_are_unique(items: list[dict]) -> None:
    for key in ("url", "text", "title"):
        counts = Counter(item[key] for item in items)
        repeated = [value for value, count in counts.items() if count > 1]
        assert not repeated, f"repeated {key}: {repeated[:3]}"


def test_every_month_has_items(items: list[dict]) -> None:
    per_month = Counter(item["published"][:7] for item in items)
    for month in months(FIRST, LAST):
        assert per_month[month] >= 10, f"{month} has {per_month[month]} items"


def test_texts_are_short_plain_sentences(items: list[dict]) -> None:
    for n, item in enumerate(items, start=1):
        text = item["text"]
        assert "<" not in text and ">" not in text, f"line {n}: markup in text"
        sentences = re.findall(r"[^.!?]+(?:\.\d+[^.!?]*)*[.!?]", text)
        assert 1 <= len(sentences) <= 4, f"line {n}: {len(sentences)} sentences"
        assert text.rstrip().endswith("."), f"line {n}: text does not end a sentence"


def test_china_japan_is_the_largest_dyad(items: list[dict]) -> None:
    both = sum(1 for i in items if CHINA.search(i["text"]) and JAPAN.search(i["text"]))
    korea_japan = sum(1 for i in items if "Korea" in i["text"] and JAPAN.search(i["text"]))
    assert both >= 0.25 * len(items)
    assert both >= korea_japan - 10  # Korea-Japan items often also name Japan's allies


def test_news_reader_reads_every_line() -> None:
    with as_file(DEMO / "corpus.jsonl") as path:
        read = list(read_jsonl(Path(path)))
    errors = [r for r in read if not isinstance(r, Article)]
    assert not errors, errors[:3]
    assert all(r.outlet == "bilateral sample" and r.published is not None for r in read)


def test_demo_config_loads_with_its_authors_and_dyads() -> None:
    with as_file(DEMO / "bilateral.toml") as path:
        tomllib.loads(Path(path).read_text("utf-8"))
        config = site_config(load_settings(path), path)
        assert "CHN-JPN" in [d.dyad for d in config.dyads]
        assert len(config.authors) == 2
        assert all(a.bio for a in config.authors.values())
        assert config.commentary.is_dir()


def front_matter(text: str) -> tuple[dict, str]:
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert match, "commentary must open with YAML front matter between --- lines"
    meta = yaml.safe_load(match[1])
    assert isinstance(meta, dict)
    return meta, match[2]


def test_commentary_front_matter_and_length() -> None:
    with as_file(DEMO / "bilateral.toml") as path:
        authors = set(tomllib.loads(Path(path).read_text("utf-8"))["authors"])
    folder = DEMO / "commentary" / "chn-jpn"
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".md"))
    assert "2019-03.md" in names
    for name in names:
        meta, body = front_matter((folder / name).read_text("utf-8"))
        assert {"title", "authors", "tags", "summary"} <= set(meta), name
        assert set(meta["authors"]) <= authors, f"{name}: unknown author"
        assert "sino-japanese review" in meta["tags"], name
        words = len(re.findall(r"[A-Za-z][\w'-]*", body))
        assert 500 <= words <= 850, f"{name}: {words} words"


def test_march_commentary_embeds_a_typographic_shortcode() -> None:
    text = (DEMO / "commentary" / "chn-jpn" / "2019-03.md").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.startswith("[posts-by-tag")]
    assert lines == ["[posts-by-tag tags=”sino-japanese review” number = “5”]"]

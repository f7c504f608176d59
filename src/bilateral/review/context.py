"""Phase 1 of the review: everything one installment needs, as plain data.

``installment_context`` reads the monthly index (``bilateral.index``), the key events with
their source sentences, the analyst's commentary and any external series, and returns a
dict of plain values (strings, numbers, lists, dicts) that ``site.py`` renders. Nothing here
writes files or produces HTML except the commentary's Markdown, rendered later.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..commentary import Commentary, read_commentary
from ..config import Settings
from ..errors import SiteError
from ..ontology import ROOT_NAMES, lookup
from ..store import Store
from . import narrative
from .siteconfig import ExternalSeries, SiteConfig, check_dyad, check_month

#: A topic takes a tag on its installment when it holds at least this share of events.
TOPIC_TAG_SHARE = 0.2


@dataclass
class DyadHistory:
    """The whole index of one dyad, read once per build and shared by its installments."""

    dyad: str
    rows: list[dict[str, Any]]
    external: dict[str, Any] | None = None
    months: list[str] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)


def _month_str(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)[:7]


def _plain(value: Any) -> Any:
    """Numbers as float/int, NaN as None, dates as ISO strings: JSON-ready values."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def read_external(series: ExternalSeries) -> list[dict[str, Any]]:
    """An analyst's monthly series: a CSV with a header ``month,score``."""
    path = series.path
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise SiteError(
            f"cannot read the external series: {exc.strerror}", path=str(path), code="E420"
        ) from None
    out: list[dict[str, Any]] = []
    with handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"month", "score"} <= set(reader.fieldnames):
            raise SiteError(
                "the external series needs a header month,score",
                path=str(path),
                line=1,
                code="E420",
            )
        for row in reader:
            line = reader.line_num
            month = (row.get("month") or "").strip()
            if not re.match(r"^\d{4}-(0[1-9]|1[0-2])$", month):
                raise SiteError(
                    f"not a month (YYYY-MM): {month!r}", path=str(path), line=line, code="E420"
                )
            try:
                score = float((row.get("score") or "").strip())
            except ValueError:
                raise SiteError(
                    f"not a number: {row.get('score')!r}", path=str(path), line=line, code="E420"
                ) from None
            if math.isnan(score) or math.isinf(score):
                raise SiteError(
                    "score must be a finite number", path=str(path), line=line, code="E420"
                )
            out.append({"month": month, "score": score})
    out.sort(key=lambda r: r["month"])
    return out


def correlation(rows: list[dict], series: list[dict], month: str) -> tuple[float | None, int]:
    """Pearson correlation of the state index and the series over their common months up
    to ``month``; (None, n) when fewer than three months or either is constant."""
    import numpy as np

    state = {r["month"]: r.get("state") for r in rows if r["month"] <= month}
    pairs = [
        (state[s["month"]], s["score"])
        for s in series
        if s["month"] in state and state[s["month"]] is not None
    ]
    if len(pairs) < 3:
        return None, len(pairs)
    a = np.array([p[0] for p in pairs], dtype=float)
    b = np.array([p[1] for p in pairs], dtype=float)
    if a.std() == 0 or b.std() == 0:
        return None, len(pairs)
    return float(np.corrcoef(a, b)[0, 1]), len(pairs)


def dyad_history(
    store: Store, dyad: str, config: SiteConfig, settings: Settings | None = None
) -> DyadHistory:
    """The dyad's monthly index (all months) and its external series, read once."""
    from .. import index

    dyad = check_dyad(dyad)
    site = config.dyad(dyad)
    raw = index.monthly_index(store, dyad, settings=settings)
    rows = [{k: _plain(v) for k, v in r.items()} for r in raw]
    for r in rows:
        r["month"] = _month_str(r["month"])
    rows.sort(key=lambda r: r["month"])
    topics = [
        {k: _plain(v) for k, v in t.items()}
        for t in index.topic_shares(store, dyad, settings=settings)
    ]
    months = [
        r["month"]
        for r in rows
        if int(r.get("events") or 0) > 0
        and (site.start is None or r["month"] >= site.start)
        and (site.end is None or r["month"] <= site.end)
    ]
    external = None
    if site.external is not None:
        external = {"label": site.external.label, "series": read_external(site.external)}
    return DyadHistory(dyad=dyad, rows=rows, external=external, months=months, topics=topics)


def perspective_facts(
    rows: list[dict], month: str, topics: list[dict] | None = None
) -> dict[str, Any]:
    """The perspective box, from ``bilateral.index.perspective``, in the shape the narrative
    and templates read: percentile (0-100, of the state against earlier months),
    ``since`` (the informative one of highest/lowest since: the side the state moved to),
    highest_on_record / lowest_on_record, zscore, turning_points (months),
    recent_turning_point (one in the last three months), topics (topic, share, previous,
    change)."""
    from .. import index

    p = _plain(dict(index.perspective(rows, month, topics=topics or [])))
    months = [r["month"] for r in rows if r["month"] <= month]
    previous_month = months[-2] if len(months) >= 2 else None
    change = p.get("state_change")
    has_history = bool(p.get("history_months")) and p.get("state") is not None
    highest_on_record = has_history and p.get("highest_since") is None
    lowest_on_record = has_history and p.get("lowest_since") is None
    since_side: str | None = None
    since_month: str | None = None
    if change is not None and change != 0:
        since_side = "highest" if change > 0 else "lowest"
        since_month = p.get(f"{since_side}_since")
        if since_month == previous_month:
            since_side, since_month = None, None  # "since last month" says nothing
    turning = [_month_str(t) for t in (p.get("turning_points") or [])]
    recent = next((t for t in reversed(turning) if t in months[-3:]), None)
    return {
        "percentile": p.get("percentile"),
        "history_months": p.get("history_months") or 0,
        "state_change": change,
        "highest_since": p.get("highest_since"),
        "lowest_since": p.get("lowest_since"),
        "since_side": since_side,
        "since": since_month,
        "highest_on_record": highest_on_record and (change or 0) > 0,
        "lowest_on_record": lowest_on_record and (change or 0) < 0,
        "zscore": p.get("zscore"),
        "zscore_events": p.get("zscore_events"),
        "turning_points": turning,
        "recent_turning_point": recent,
        "topics": _topics(p.get("topics") or []),
    }


def _topics(raw: Any) -> list[dict[str, Any]]:
    """Normalise topic shares to [{topic, share, previous, change}], largest first."""
    items: list[dict[str, Any]] = []
    if isinstance(raw, dict):
        for topic, value in raw.items():
            if isinstance(value, dict):
                items.append({"topic": topic, **value})
            else:
                items.append({"topic": topic, "share": value})
    else:
        items = [dict(t) for t in raw if isinstance(t, dict)]
    out: list[dict[str, Any]] = []
    for t in items:
        share = t.get("share")
        previous = t.get("previous", t.get("previous_share"))
        if share is None:
            continue
        change = t.get("change")
        if change is None and previous is not None:
            change = share - previous
        out.append(
            {
                "topic": str(t.get("topic")),
                "share": float(share),
                "previous": None if previous is None else float(previous),
                "change": None if change is None else float(change),
            }
        )
    out.sort(key=lambda t: (-t["share"], t["topic"]))
    return out[:10]


def _sentence(text: str | None, start: int | None, end: int | None) -> str | None:
    """The source sentence of an event: the stored span, widened to whole sentences."""
    if not text or start is None or end is None or not 0 <= start < end <= len(text):
        return None
    left = max(
        text.rfind(". ", 0, start),
        text.rfind("\n", 0, start),
        text.rfind("? ", 0, start),
        text.rfind("! ", 0, start),
    )
    left = 0 if left < 0 else left + 1
    right_candidates = [
        i
        for i in (
            text.find(". ", end - 1),
            text.find("\n", end - 1),
            text.find("? ", end - 1),
            text.find("! ", end - 1),
        )
        if i >= 0
    ]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    sentence = " ".join(text[left:right].split())
    return sentence[:600] if sentence else None


def safe_http_url(url: Any) -> str | None:
    """``url`` when it is an http(s) URL with a host and no whitespace or quotes, else None."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not re.match(r"^https?://[^\s/?#@]+", u, re.I) or re.search(r"[\s\"'<>`\\]", u):
        return None
    return u


def key_events(store: Store, dyad: str, month: str, limit: int) -> list[dict[str, Any]]:
    """The month's most significant events between the pair (both directions), one per
    story: ranked by |Goldstein| weighted by reports, each with its source sentence (the
    stored one from the ``sentences`` table, else the event's span widened to whole
    sentences) and a link when the source is http(s)."""
    a, b = dyad.split("-")
    year, mm = map(int, month.split("-"))
    start = dt.date(year, mm, 1)
    end = dt.date(year + (mm == 12), mm % 12 + 1, 1)
    rows = store.query(
        """
        SELECT e.event_id, e.date, e.source_code, e.source_agent, e.source_text,
               e.target_code, e.target_agent, e.target_text, e.cameo, e.root, e.quad_class,
               e.goldstein, e.weight, coalesce(e.story, e.doc_id, e.event_id) AS story,
               coalesce(d.url, e.url) AS url, d.title AS doc_title, d.outlet,
               e.char_start, e.char_end,
               CASE WHEN d.text IS NOT NULL AND s.doc_id IS NOT NULL
                    THEN substr(d.text, s.char_start + 1, s.char_end - s.char_start)
                    END AS stored_sentence,
               CASE WHEN d.text IS NOT NULL AND e.char_start IS NOT NULL
                    THEN substr(d.text, greatest(1, e.char_start - 400),
                                e.char_end - e.char_start + 800) END AS window,
               greatest(1, e.char_start - 400) - 1 AS window_start
        FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id
        LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.sentence_idx = e.sentence_idx
        WHERE ((e.source_code = ? AND e.target_code = ?)
               OR (e.source_code = ? AND e.target_code = ?))
          AND e.date >= ? AND e.date < ?
        ORDER BY abs(coalesce(e.goldstein, 0))
                 * (1 + ln(greatest(coalesce(e.weight, 1), 1))) DESC,
                 e.date, e.event_id
        LIMIT ?
        """,
        [a, b, b, a, start, end, max(50, limit * 6)],
    )
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for r in rows:
        if r["story"] in seen:
            continue
        seen.add(r["story"])
        sentence = None
        if r["stored_sentence"]:
            # the sentence as the news ingest stored it (sentences table)
            sentence = " ".join(str(r["stored_sentence"]).split())[:600] or None
        elif r["window"] is not None:
            # no stored sentence: the event's span, widened to whole sentences
            offset = int(r["window_start"])
            sentence = _sentence(
                r["window"], int(r["char_start"]) - offset, int(r["char_end"]) - offset
            )
        try:
            what = lookup(str(r["cameo"])).name.replace(", not specified below", "")
        except KeyError:
            what = ROOT_NAMES.get(str(r["root"]), f"CAMEO {r['cameo']}")
        out.append(
            {
                "event_id": str(r["event_id"]),
                "date": r["date"].isoformat() if r["date"] else None,
                "source": {
                    "code": r["source_code"],
                    "agent": r["source_agent"],
                    "text": r["source_text"],
                    "name": narrative.country_name(r["source_code"], article=False),
                },
                "target": {
                    "code": r["target_code"],
                    "agent": r["target_agent"],
                    "text": r["target_text"],
                    "name": narrative.country_name(r["target_code"], article=False),
                },
                "cameo": str(r["cameo"]),
                "what": what,
                "quad_class": int(r["quad_class"]),
                "goldstein": _plain(r["goldstein"]),
                "weight": _plain(r["weight"]),
                "sentence": sentence,
                "url": safe_http_url(r["url"]),
                "title": r["doc_title"],
                "outlet": r["outlet"],
            }
        )
        if len(out) >= limit:
            break
    out.sort(key=lambda e: (e["date"] or "", e["event_id"]))
    return out


def _norm_tag(tag: str) -> str:
    return " ".join(str(tag).split())


def commentary_path(config: SiteConfig, dyad: str, month: str) -> Path:
    return config.commentary / dyad.lower() / f"{month}.md"


def installment_context(
    store: Store,
    dyad: str,
    month: str,
    config: SiteConfig,
    *,
    history: DyadHistory | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Everything the installment of ``dyad`` for ``month`` needs, as plain data."""
    dyad = check_dyad(dyad)
    month = check_month(month)
    if history is None:
        history = dyad_history(store, dyad, config, settings)
    rows = [r for r in history.rows if r["month"] <= month]
    current = next((r for r in rows if r["month"] == month), None)
    if current is None or int(current.get("events") or 0) == 0:
        raise SiteError(
            f"no events for {dyad} in {month}",
            code="E430",
            hint="ingest data for that month, or choose another month",
        )
    previous = rows[-2] if len(rows) >= 2 else None
    topics = [t for t in history.topics if t["month"] <= month]
    perspective = perspective_facts(rows, month, topics)
    events = key_events(store, dyad, month, config.key_events)
    facts = {
        "dyad": dyad,
        "month": month,
        "current": current,
        "previous": previous,
        "perspective": perspective,
        "topics": perspective["topics"],
        "key_events": len(events),
    }
    lede = narrative.lede(facts)

    commentary: Commentary | None = None
    cpath = commentary_path(config, dyad, month)
    if cpath.is_file():
        commentary = read_commentary(cpath)
        for author in commentary.authors:
            if author not in config.authors:
                raise SiteError(
                    f"no author {author!r} in bilateral.toml [authors]",
                    path=str(cpath),
                    line=commentary.author_line,
                    code="E413",
                    hint="add [authors."
                    + re.sub(r"[^a-z0-9_-]", "-", author.lower())
                    + "] with a name",
                )
    tags: list[str] = [narrative.dyad_name(dyad)]
    for t in perspective["topics"]:
        if t["share"] >= TOPIC_TAG_SHARE:
            tags.append(_norm_tag(t["topic"]))
    if commentary is not None:
        tags.extend(_norm_tag(t) for t in commentary.tags)
    unique: list[str] = []
    for t in tags:
        if t and t.casefold() not in {u.casefold() for u in unique}:
            unique.append(t)
    authors = (
        list(commentary.authors)
        if commentary and commentary.authors
        else list(config.dyad(dyad).authors)
    )

    external = None
    if history.external is not None:
        corr, overlap = correlation(rows, history.external["series"], month)
        external = {
            "label": history.external["label"],
            "series": [s for s in history.external["series"] if s["month"] <= month],
            "correlation": corr,
            "overlap": overlap,
        }

    year, mm = map(int, month.split("-"))
    published = dt.datetime(year + (mm == 12), mm % 12 + 1, 1, tzinfo=dt.UTC)
    return {
        "dyad": dyad,
        "dyad_slug": dyad.lower(),
        "dyad_name": narrative.dyad_name(dyad),
        "month": month,
        "month_name": narrative.month_name(month),
        "year": month[:4],
        "path": f"{dyad.lower()}/{month}/index.html",
        "title": (
            commentary.title if commentary and commentary.title else narrative.headline(facts)
        ),
        "summary": commentary.summary if commentary and commentary.summary else lede[0],
        "lede": lede,
        "current": current,
        "previous": previous,
        "rows": rows,
        "perspective": perspective,
        "topics": perspective["topics"],
        "key_events": events,
        "commentary": None
        if commentary is None
        else {
            "path": commentary.path,
            "title": commentary.title,
            "authors": commentary.authors,
            "tags": commentary.tags,
            "summary": commentary.summary,
            "body": commentary.body,
            "shortcodes": [
                {"name": s.name, "attrs": s.attrs, "path": s.path, "line": s.line}
                for s in commentary.shortcodes
            ],
        },
        "tags": unique,
        "authors": authors,
        "external": external,
        "published": published.isoformat().replace("+00:00", "Z"),
    }

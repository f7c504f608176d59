"""Charts of an installment: Vega-Lite specs built with Altair, rendered to inline SVG by
vl-convert. Pure: plain rows in, a ``Chart`` (spec, title, text alternative, data table)
out; ``render_svg`` turns a chart into SVG markup that is safe to inline in a page.

Charts: the state and flow of the relationship with the flow's uncertainty band over the
last 24 months, the state over the whole history up to the installment's month, events by
quad class, topic shares against the previous month, and (when the analyst holds one) an
external monthly series beside the state index.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt

from ..errors import SiteError
from .narrative import month_name, short_month

WIDTH = 540
HEIGHT = 220
QUAD_NAMES = {
    "verbal_coop": "Verbal cooperation",
    "material_coop": "Material cooperation",
    "verbal_conflict": "Verbal conflict",
    "material_conflict": "Material conflict",
}
QUAD_COLOURS = ["#4c9a6a", "#1f5f3b", "#e0a040", "#b8322c"]


@dataclass
class Chart:
    """One chart: ``key`` is unique within a page (used for element ids)."""

    key: str
    title: str
    description: str
    spec: dict[str, Any]
    columns: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "description": self.description,
            "spec": self.spec,
            "columns": self.columns,
            "table": self.table,
        }


def _date(month: str) -> str:
    return f"{month}-01"


def _fmt(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:+.{digits}f}"


def _config(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["config"] = {
        "font": "sans-serif",
        "view": {"stroke": None},
        "axis": {
            "labelFontSize": 11,
            "titleFontSize": 11,
            "gridColor": "#e6e6e6",
            "labelOverlap": "greedy",
        },
        "title": {"fontSize": 13, "anchor": "start"},
        "legend": {
            "orient": "bottom",
            "labelFontSize": 11,
            "titleFontSize": 11,
            "columns": 2,
            "columnPadding": 24,
            "labelLimit": 220,
        },
    }
    spec["background"] = "white"
    spec.pop("$schema", None)
    return spec


def _extremes(rows: list[dict], key: str) -> tuple[dict | None, dict | None]:
    known = [r for r in rows if r.get(key) is not None]
    if not known:
        return None, None
    return min(known, key=lambda r: r[key]), max(known, key=lambda r: r[key])


def _x(title: str | None = None) -> alt.X:
    import altair as alt

    return alt.X(
        "date:T",
        title=title,
        scale=alt.Scale(type="utc"),
        axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=5, grid=False),
    )


# Each chart's structure is built once with Altair (data by name, a placeholder title) and
# kept as JSON; a chart for one installment is that structure with its title and datasets.
@cache
def _skeleton(kind: str) -> str:
    import altair as alt  # imported here: only a build that draws charts pays for it

    main = alt.Data(name="main")
    if kind == "state-flow":
        base = alt.Chart(main).encode(x=_x())
        band = base.mark_area(opacity=0.25, color="#7aa6c2").encode(
            y=alt.Y("low:Q", title="Goldstein score (−10 to +10)"), y2="high:Q"
        )
        flow = base.mark_line(color="#3a6e8f", strokeWidth=1.2).encode(y="flow:Q")
        dots = base.mark_circle(color="#3a6e8f", size=14, opacity=1).encode(y="flow:Q")
        state = base.mark_line(color="#111111", strokeWidth=2.6).encode(y="state:Q")
        here = (
            alt.Chart(alt.Data(name="here"))
            .mark_rule(color="#b8322c", strokeDash=[4, 3])
            .encode(x="date:T")
        )
        chart: Any = (band + flow + dots + state + here).properties(
            title="TITLE", width=WIDTH, height=HEIGHT
        )
    elif kind == "state-history":
        base = alt.Chart(main).encode(x=_x())
        band = base.mark_area(opacity=0.18, color="#7aa6c2").encode(
            y=alt.Y("low:Q", title="Goldstein"), y2="high:Q"
        )
        state = base.mark_line(color="#111111", strokeWidth=1.8).encode(y="state:Q")
        zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(color="#999999").encode(y="y:Q")
        chart = (band + state + zero).properties(title="TITLE", width=WIDTH, height=160)
    elif kind == "quad-classes":
        chart = (
            alt.Chart(main)
            .mark_bar()
            .encode(
                # one band per month, labelled under its own bar
                x=alt.X(
                    "date:O",
                    title=None,
                    timeUnit="utcyearmonth",
                    axis=alt.Axis(
                        format="%b %y",
                        labelAngle=0,
                        grid=False,
                        labelOverlap="greedy",
                        labelPadding=4,
                    ),
                ),
                y=alt.Y("events:Q", title="Events", stack="zero"),
                color=alt.Color(
                    "class:N",
                    title=None,
                    scale=alt.Scale(domain=list(QUAD_NAMES.values()), range=QUAD_COLOURS),
                ),
                order=alt.Order("order:Q"),
            )
            .properties(title="TITLE", width=WIDTH, height=180)
        )
    elif kind == "topics":
        chart = (
            alt.Chart(main)
            .mark_bar()
            .encode(
                y=alt.Y(
                    "topic:N", title=None, sort=alt.EncodingSortField("rank", order="ascending")
                ),
                yOffset=alt.YOffset("period:N", sort=alt.EncodingSortField("which")),
                x=alt.X("share:Q", title="Share of events", axis=alt.Axis(format="%")),
                color=alt.Color(
                    "period:N",
                    title=None,
                    sort=alt.EncodingSortField("which"),
                    scale=alt.Scale(range=["#3a6e8f", "#b9cbd8"]),
                ),
            )
            .properties(title="TITLE", width=WIDTH - 160, height=alt.Step(11))
        )
    elif kind == "external":
        base = (
            alt.Chart(main)
            .mark_line(color="#111111", strokeWidth=2)
            .encode(
                x=_x(), y=alt.Y("value:Q", title="State index", axis=alt.Axis(titleColor="#111111"))
            )
        )
        other = (
            alt.Chart(alt.Data(name="other"))
            .mark_line(color="#c06000", strokeDash=[5, 3], strokeWidth=2)
            .encode(x=_x(), y=alt.Y("value:Q", title="LABEL", axis=alt.Axis(titleColor="#c06000")))
        )
        chart = (
            alt.layer(base, other)
            .resolve_scale(y="independent")
            .properties(title="TITLE", width=WIDTH - 40, height=180)
        )
    else:
        raise ValueError(f"no chart {kind!r}")
    return json.dumps(_config(chart))


def _spec(kind: str, title: str, **datasets: list[dict[str, Any]]) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(_skeleton(kind))
    # the page shows the title in the figure's caption and the SVG's <title>; not twice
    spec.pop("title", None)
    spec["datasets"] = datasets
    return spec


def state_and_flow(rows: list[dict], month: str, dyad_name: str, months: int = 24) -> Chart:
    """State (smoothed) and flow (monthly mean Goldstein) with the flow's band, last
    ``months`` months up to and including ``month``."""
    recent = [r for r in rows if r["month"] <= month][-months:]
    values = [
        {
            "date": _date(r["month"]),
            "state": r.get("state"),
            "flow": r.get("goldstein"),
            "low": r.get("goldstein_low"),
            "high": r.get("goldstein_high"),
        }
        for r in recent
    ]
    title = f"State and flow of {dyad_name} relations, last {len(recent)} months"
    spec = _spec("state-flow", title, main=values, here=[{"date": _date(month)}])
    first, last = recent[0]["month"], recent[-1]["month"]
    lo, hi = _extremes(recent, "state")
    description = (
        f"Line chart from {month_name(first)} to {month_name(last)}. The black line is the "
        f"state of the relationship (smoothed), the blue line the monthly flow (mean Goldstein "
        f"score of events) with its confidence band, the dashed red rule marks "
        f"{month_name(month)}."
    )
    if lo and hi:
        description += (
            f" The state was lowest in {month_name(lo['month'])} ({_fmt(lo['state'])}) and "
            f"highest in {month_name(hi['month'])} ({_fmt(hi['state'])}); in "
            f"{month_name(month)} it stood at {_fmt(recent[-1].get('state'))}."
        )
    table = [
        [
            short_month(r["month"]),
            _fmt(r.get("state")),
            _fmt(r.get("goldstein")),
            f"{_fmt(r.get('goldstein_low'))} to {_fmt(r.get('goldstein_high'))}",
        ]
        for r in recent
    ]
    return Chart(
        "state-flow", title, description, spec, ["Month", "State", "Flow", "Flow band"], table
    )


def state_history(rows: list[dict], dyad_name: str) -> Chart:
    """The state over the dyad's whole history, with the flow's band. The same chart for
    every installment of a dyad in one build, so it is rendered once."""
    values = [
        {
            "date": _date(r["month"]),
            "state": r.get("state"),
            "low": r.get("goldstein_low"),
            "high": r.get("goldstein_high"),
        }
        for r in rows
    ]
    first, last = rows[0]["month"], rows[-1]["month"]
    title = f"State of {dyad_name} relations, {short_month(first)} to {short_month(last)}"
    spec = _spec("state-history", title, main=values)
    lo, hi = _extremes(rows, "state")
    description = (
        f"Line chart of the smoothed state of the relationship over the whole history, "
        f"{len(rows)} months from {month_name(first)} to {month_name(last)}, with the "
        f"monthly flow's confidence band shaded."
    )
    if lo and hi:
        description += (
            f" Its lowest point was {month_name(lo['month'])} ({_fmt(lo['state'])}), its "
            f"highest {month_name(hi['month'])} ({_fmt(hi['state'])})."
        )
    return Chart("state-history", title, description, spec)


def quad_classes(rows: list[dict], month: str, months: int = 24) -> Chart:
    """Events by quad class per month, stacked, over the last ``months`` months."""
    recent = [r for r in rows if r["month"] <= month][-months:]
    values = []
    for r in recent:
        for i, (key, name) in enumerate(QUAD_NAMES.items()):
            values.append(
                {"date": _date(r["month"]), "class": name, "order": i, "events": r.get(key) or 0}
            )
    spec = _spec("quad-classes", "Events by quad class", main=values)
    now = recent[-1]
    total = sum(int(now.get(k) or 0) for k in QUAD_NAMES)
    parts = ", ".join(f"{int(now.get(k) or 0)} {n.lower()}" for k, n in QUAD_NAMES.items())
    description = (
        f"Stacked bar chart of events per month by quad class from "
        f"{month_name(recent[0]['month'])} to {month_name(month)}. In {month_name(month)}: "
        f"{total} events ({parts})."
    )
    table = [
        [short_month(r["month"]), *(str(int(r.get(k) or 0)) for k in QUAD_NAMES)] for r in recent
    ]
    return Chart(
        "quad-classes",
        "Events by quad class",
        description,
        spec,
        ["Month", *QUAD_NAMES.values()],
        table,
    )


def topic_shares(topics: list[dict], month: str, previous: str | None) -> Chart | None:
    """Topic shares this month against the previous month. ``topics`` items have
    ``topic``, ``share`` and ``previous`` (shares 0..1, previous may be None)."""
    if not topics:
        return None
    now_label = month_name(month)
    prev_label = month_name(previous) if previous else "previous month"
    values = []
    for rank, t in enumerate(topics):
        values.append(
            {
                "topic": t["topic"],
                "period": now_label,
                "which": 0,
                "rank": rank,
                "share": float(t.get("share") or 0.0),
            }
        )
        values.append(
            {
                "topic": t["topic"],
                "period": prev_label,
                "which": 1,
                "rank": rank,
                "share": float(t.get("previous") or 0.0),
            }
        )
    title = "Topics against the previous month"
    spec = _spec("topics", title, main=values)
    parts = "; ".join(
        f"{t['topic']} {100 * float(t.get('share') or 0):.0f}% "
        f"(was {100 * float(t.get('previous') or 0):.0f}%)"
        for t in topics
    )
    description = (
        f"Bar chart of each topic's share of events in {now_label} next to {prev_label}: {parts}."
    )
    table = [
        [
            str(t["topic"]),
            f"{100 * float(t.get('share') or 0):.0f}%",
            f"{100 * float(t.get('previous') or 0):.0f}%",
        ]
        for t in topics
    ]
    return Chart("topics", title, description, spec, ["Topic", now_label, prev_label], table)


def external_series(
    rows: list[dict],
    series: list[dict],
    month: str,
    label: str,
    correlation: float | None,
    overlap: int,
) -> Chart:
    """The analyst's external series beside the state index (each on its own axis)."""
    history = [r for r in rows if r["month"] <= month]
    values = [{"date": _date(r["month"]), "value": r.get("state")} for r in history]
    first = history[0]["month"] if history else month
    ext = [
        {"date": _date(s["month"]), "value": s["score"]}
        for s in series
        if first <= s["month"] <= month
    ]
    title = f"State index beside {label}"
    spec = _spec("external", title, main=values, other=ext)
    spec["layer"][1]["encoding"]["y"]["title"] = label
    corr = (
        f"Their correlation over {overlap} common months is {correlation:+.2f}."
        if correlation is not None
        else "They have too few common months for a correlation."
    )
    description = (
        f"Two lines on separate axes: the state index (solid black) and {label} "
        f"(dashed orange), up to {month_name(month)}. {corr}"
    )
    return Chart("external", title, description, spec)


# -- rendering ------------------------------------------------------------------------------


def spec_key(spec: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


class ChartRenderer:
    """Renders Vega-Lite specs to SVG with vl-convert, remembering each spec's SVG (a build
    draws the same whole-history chart on every installment of a dyad). One per build."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self.cache: dict[str, str] = {}
        self._lock = threading.Lock()

    def svg(self, spec: dict[str, Any]) -> str:
        """The SVG of one spec (rendered in this process unless already known)."""
        import vl_convert as vlc

        key = spec_key(spec)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        svg: str = vlc.vegalite_to_svg(spec)
        with self._lock:
            self.cache[key] = svg
        return svg

    def render_many(self, specs: list[dict[str, Any]]) -> int:
        """Render ``specs`` ahead of use, in ``workers`` processes when there are many
        (vl-convert renders one chart at a time per process); returns how many it rendered."""
        todo: dict[str, dict[str, Any]] = {}
        for spec in specs:
            key = spec_key(spec)
            if key not in self.cache:
                todo[key] = spec
        if not todo:
            return 0
        if self.workers <= 1 or len(todo) < 24:
            for spec in todo.values():
                self.svg(spec)
            return len(todo)
        import subprocess
        import sys
        import tempfile
        from pathlib import Path

        worker = Path(__file__).with_name("svgworker.py")  # a plain script: vl_convert only
        keys = list(todo)
        shares = [keys[i :: self.workers] for i in range(self.workers)]
        with tempfile.TemporaryDirectory(prefix="bilateral-charts-") as tmp:
            procs = []
            for n, share in enumerate(shares):
                src, dst = Path(tmp, f"{n}.in.jsonl"), Path(tmp, f"{n}.out.jsonl")
                src.write_text("".join(json.dumps(todo[k]) + "\n" for k in share), "utf-8")
                command = [sys.executable, str(worker), str(src), str(dst)]
                proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                procs.append((share, dst, proc))
            for share, dst, proc in procs:
                _, err = proc.communicate()
                if proc.returncode != 0:
                    detail = err.decode("utf-8", "replace")[-2000:]
                    raise SiteError(f"a chart worker failed: {detail}", code="E450")
                svgs = [json.loads(line) for line in dst.read_text("utf-8").splitlines()]
                with self._lock:
                    for key, svg in zip(share, svgs, strict=True):
                        self.cache[key] = svg
        return len(keys)

    def inline(self, chart: Chart) -> str:
        """``render_svg`` of ``chart`` with this renderer."""
        return render_svg(chart, self)


_ID_RE = re.compile(r'\bid="([^"]+)"')


def render_svg(chart: Chart, renderer: ChartRenderer | None = None) -> str:
    """Inline-ready SVG for ``chart``: element ids prefixed with the chart key (many charts
    share one page), an accessible name and description, and no fixed pixel size (it scales
    with the page)."""
    svg = (renderer or ChartRenderer()).svg(chart.spec)
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    prefix = f"{chart.key}-"
    ids = set(_ID_RE.findall(svg))
    for ident in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f'id="{ident}"', f'id="{prefix}{ident}"')
        svg = svg.replace(f"url(#{ident})", f"url(#{prefix}{ident})")
        svg = svg.replace(f'href="#{ident}"', f'href="#{prefix}{ident}"')
    m = re.match(r"<svg\b([^>]*)>", svg)
    if not m:
        raise ValueError("vl-convert returned no <svg> element")
    attrs = m.group(1)
    attrs = re.sub(r'\s(width|height)="[^"]*"', "", attrs)
    attrs = attrs.replace(' class="marks"', ' class="marks chart-svg"')
    title_id = f"{chart.key}-title"
    desc_id = f"{chart.key}-desc"
    head = (
        f'<svg{attrs} role="img" aria-labelledby="{title_id}" '
        f'aria-describedby="{desc_id}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{title_id}">{_escape(chart.title)}</title>'
        f'<desc id="{desc_id}">{_escape(chart.description)}</desc>'
    )
    return head + svg[m.end() :]


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )

"""The monthly index of a dyad's relations: volume, flow, state and perspective.

The definitions live once, as SQL in ``sql/index_*.sql`` (DuckDB's dialect, named parameters).
``index_sql(name, dialect)`` renders a definition for DuckDB or, through sqlglot, for Spark, so
a second engine runs the same definitions rather than a second copy of them. The engine does
the heavy part (filter, deduplicate, sum per month and story); numpy does the rest on that
small table: the bootstrap band of Goldstein (resampling stories), the state (a causal
local-level filter) and the percentile. ``docs/index-method.md`` gives the method and the
reasons for it.

>>> from bilateral import Store, monthly_index
>>> rows = monthly_index(Store(":memory:"), "JPN-CHN", "2019-01", "2019-02")
>>> [(r["month"], r["dyad"], r["events"], r["state"]) for r in rows]
[('2019-01', 'CHN-JPN', 0, None), ('2019-02', 'CHN-JPN', 0, None)]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .config import Settings, load_settings
from .errors import IndexRequestError
from .store import Store

if TYPE_CHECKING:
    from sqlglot import exp

#: origins an event can have (events.origin)
ORIGINS = ("gdelt1", "gdelt2", "icews", "coder")
#: the index definitions, each a file sql/index_<name>.sql
QUERIES = ("dyad_events", "stories", "documents", "country_events", "topics")
#: fixed seed of the bootstrap; each month and series draws from its own stream of it
BOOTSTRAP_SEED = 6_062_006
#: the bootstrap band: 5th and 95th percentiles of the resampled means (a 90% band)
BAND = (5.0, 95.0)
#: the trailing window of the z-score, in months, and the fewest months it needs
ZSCORE_MONTHS = 24
ZSCORE_MIN_MONTHS = 6
#: the shortest regime, in months, between two turning points
TURNING_MIN_MONTHS = 3

#: the columns of an undirected row, in order (directed rows add source and target after dyad)
COLUMNS = (
    "month", "dyad", "events", "rows", "reports", "stories", "documents",
    "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
    "goldstein", "goldstein_low", "goldstein_high", "net_coop",
    "country_events", "volume_share", "state", "percentile",
)  # fmt: skip
DIRECTED_COLUMNS = (*COLUMNS[:2], "source", "target", *COLUMNS[2:])

_DYAD = re.compile(r"^([A-Za-z]{3})[-_/ ]([A-Za-z]{3})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_FAR_FUTURE = dt.date(9999, 1, 1)


# -- the definitions ---------------------------------------------------------------------------
def _read_sql(name: str) -> str:
    if name not in QUERIES:
        raise IndexRequestError(f"no index query {name!r}; known: {', '.join(QUERIES)}")
    return resources.files("bilateral").joinpath(f"sql/index_{name}.sql").read_text("utf-8")


@cache
def _tree(name: str) -> exp.Expr:
    """The parsed definition, with dyad_events placed first in its WITH when it reads it."""
    import sqlglot  # imported on first use: ``import bilateral`` stays quick
    from sqlglot import exp

    tree = sqlglot.parse_one(_read_sql(name), read="duckdb")
    if name != "dyad_events" and any(t.name == "dyad_events" for t in tree.find_all(exp.Table)):
        cte = exp.CTE(
            this=_tree("dyad_events").copy(),
            alias=exp.TableAlias(this=exp.to_identifier("dyad_events")),
        )
        with_ = tree.args.get("with_")
        if with_ is None:
            tree.set("with_", exp.With(expressions=[cte]))
        else:
            with_.set("expressions", [cte, *with_.expressions])
    return tree


@cache
def index_sql(name: str, dialect: str = "duckdb", *, pretty: bool = True) -> str:
    """One index definition as SQL for ``dialect`` (``duckdb``, ``spark``, any sqlglot dialect).

    Parameters stay parameters: ``$name`` in DuckDB, ``:name`` in Spark
    (``spark.sql(text, args=params)``); ``query_parameters(name)`` lists them.
    """
    return _tree(name).sql(dialect=dialect, pretty=pretty, comments=False)


@cache
def query_parameters(name: str) -> tuple[str, ...]:
    """The named parameters an index definition takes, sorted."""
    from sqlglot import exp

    return tuple(sorted({p.name for p in _tree(name).find_all(exp.Placeholder)}))


def _run(store: Store, name: str, params: dict[str, Any]) -> list[tuple]:
    wanted = {k: params[k] for k in query_parameters(name)}
    return list(store.execute(index_sql(name, "duckdb", pretty=False), wanted).fetchall())


def _run_columns(store: Store, name: str, params: dict[str, Any]) -> dict[str, np.ndarray]:
    """A definition's result as numpy columns (the story table can be large)."""
    wanted = {k: params[k] for k in query_parameters(name)}
    result = store.execute(index_sql(name, "duckdb", pretty=False), wanted).fetchnumpy()
    return {k: _nulls_as_none(v) for k, v in result.items()}


def _nulls_as_none(column: np.ndarray) -> np.ndarray:
    if not np.ma.isMaskedArray(column):
        return column
    data = np.array(column.data, dtype=object)
    data[np.ma.getmaskarray(column)] = None
    return data


#: the summed columns of the story table, in order; the last two feed the bootstrap
_STORY_SUMS = (
    "events",
    "raw_rows",
    "reports",
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
    "goldstein_weight",
    "goldstein_sum",
)


def _story_groups(
    table: dict[str, np.ndarray],
) -> dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(month index, source, target) -> (column totals, story weights, story Goldstein sums),
    from the story table sorted by month, source, target and story."""
    month, source, target = table["month"], table["source_code"], table["target_code"]
    n = len(month)
    if n == 0:
        return {}
    change = np.ones(n, dtype=bool)
    change[1:] = (month[1:] != month[:-1]) | (source[1:] != source[:-1]) | (
        target[1:] != target[:-1])  # fmt: skip
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], n)
    values = np.column_stack([np.asarray(table[c], dtype=float) for c in _STORY_SUMS])
    totals = np.add.reduceat(values, starts, axis=0)
    months: dict[str, int] = {}
    groups = {}
    for i, (lo, hi) in enumerate(zip(starts, ends, strict=True)):
        name = str(month[lo])
        index = months.setdefault(name, _month_index(name, "month"))
        groups[(index, source[lo], target[lo])] = (totals[i], values[lo:hi, 7], values[lo:hi, 8])
    return groups


# -- requests ----------------------------------------------------------------------------------
def parse_dyad(dyad: str) -> tuple[str, str]:
    """``'JPN-CHN'`` -> ``('CHN', 'JPN')``: the two codes of the unordered dyad, sorted."""
    match = _DYAD.match(dyad.strip()) if isinstance(dyad, str) else None
    if not match:
        raise IndexRequestError(
            f"not a dyad: {dyad!r}", hint="give two three-letter codes, for example CHN-JPN"
        )
    a, b = sorted(code.upper() for code in match.groups())
    if a == b:
        raise IndexRequestError(f"a dyad needs two different countries, not {dyad!r}")
    return a, b


def _month_index(month: str | dt.date, what: str) -> int:
    """A month as a count of months since year 0 (``'2019-03'`` -> 2019 * 12 + 2)."""
    if isinstance(month, dt.date):
        return month.year * 12 + month.month - 1
    match = _MONTH.match(month.strip()) if isinstance(month, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise IndexRequestError(f"{what} is not a month: {month!r}", hint="write it as YYYY-MM")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _origin_slots(origins: Iterable[str] | str | None) -> list[str | None]:
    if origins is None:
        return [None] * 4
    names = origins.split(",") if isinstance(origins, str) else list(origins)
    wanted = sorted({o.strip().lower() for o in names if o.strip()})
    unknown = [o for o in wanted if o not in ORIGINS]
    if unknown or not wanted:
        raise IndexRequestError(
            f"unknown origin {', '.join(unknown) or '(none given)'}",
            hint=f"choose from {', '.join(ORIGINS)}",
        )
    return [*wanted, *[wanted[0]] * (4 - len(wanted))]


def _parameters(
    a: str,
    b: str,
    end: int | None,
    origins: Any,
    topic: str | None,
    settings: Settings,
    directed: bool = False,
) -> dict[str, Any]:
    window = int(settings.dedup_window_days)
    if window < 1:
        raise IndexRequestError(f"dedup_window_days must be at least 1, not {window}")
    end_before = _FAR_FUTURE if end is None else dt.date((end + 1) // 12, (end + 1) % 12 + 1, 1)
    slots = _origin_slots(origins)
    if topic is not None and not topic.strip():
        raise IndexRequestError("an empty topic name", hint="give a topic, or leave it out")
    return {
        "a": a, "b": b, "end_before": end_before, "window_days": window,
        "origin1": slots[0], "origin2": slots[1], "origin3": slots[2], "origin4": slots[3],
        "topic": topic.strip() if topic is not None else None, "directed": directed,
    }  # fmt: skip


def _open(store_or_path: Store | str | Path) -> tuple[Store, bool]:
    if isinstance(store_or_path, Store):
        return store_or_path, False
    if str(store_or_path) == ":memory:":
        return Store(":memory:"), True  # an empty store: rows only for an explicit range
    path = Path(store_or_path)
    if not path.exists():
        raise IndexRequestError(
            "no store here", path=str(path),
            hint="load events first (bilateral ingest ...) or give --db",
        )  # fmt: skip
    return Store(path, read_only=True), True


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else load_settings()


# -- numbers -----------------------------------------------------------------------------------
def local_level_state(
    goldstein: Sequence[float | None],
    stories: Sequence[float],
    *,
    half_life: float,
    noise_stories: float,
) -> list[float | None]:
    """The state of a relationship month by month: a causal local-level (Kalman) filter.

    ``goldstein[t]`` is month t's weighted mean Goldstein (None when the month has none) and
    ``stories[t]`` its effective number of independent stories. The level follows a random
    walk; a month measures it with variance ``1/noise_stories + 1/stories[t]`` (in units of
    the spread of Goldstein between stories): the month's own noise, which no volume removes,
    plus the sampling error of a mean over few stories. The walk's variance is set so that a
    month measured without sampling error moves the state as an exponentially weighted mean
    with ``half_life`` months would. A month without events carries the state on; the first
    month with events starts it. Month t uses months up to t only.
    """
    if not half_life > 0 or not noise_stories > 0:
        raise IndexRequestError("state_half_life and state_noise_stories must be positive")
    gain = 1.0 - 0.5 ** (1.0 / half_life)
    month_noise = 1.0 / noise_stories
    walk = month_noise * gain * gain / (1.0 - gain)
    level: float | None = None
    variance = 0.0
    out: list[float | None] = []
    for value, n in zip(goldstein, stories, strict=True):
        if level is not None:
            variance += walk
        if value is not None and n > 0:
            noise = month_noise + 1.0 / n
            if level is None:
                level, variance = float(value), noise
            else:
                k = variance / (variance + noise)
                level += k * (value - level)
                variance *= 1.0 - k
        out.append(level)
    return out


def causal_percentile(values: Sequence[float | None]) -> list[float | None]:
    """For each value, the percent of earlier non-null values below it (ties count half).

    None for a null value and for the first value (nothing earlier to compare with).
    """
    out: list[float | None] = []
    seen: list[float] = []
    for value in values:
        if value is None or not seen:
            out.append(None)
        else:
            earlier = np.asarray(seen)
            below = np.count_nonzero(earlier < value) + 0.5 * np.count_nonzero(earlier == value)
            out.append(float(100.0 * below / len(seen)))
        if value is not None:
            seen.append(value)
    return out


def bootstrap_band(
    weights: np.ndarray, sums: np.ndarray, *, resamples: int, rng: np.random.Generator
) -> tuple[float | None, float | None]:
    """The 90% band of a weighted mean ``sum(sums) / sum(weights)`` resampling its units
    (stories) with replacement; None when fewer than two units carry weight."""
    keep = weights > 0
    w, s = weights[keep], sums[keep]
    if len(w) < 2 or resamples < 1:
        return None, None
    units = len(w)
    means = np.empty(resamples)
    step = max(1, 2_000_000 // units)  # resamples per batch: bounded memory for big months
    for first in range(0, resamples, step):
        size = min(step, resamples - first)
        picks = rng.integers(0, units, size=(size, units), dtype=np.int32)
        means[first : first + size] = s[picks].sum(axis=1) / w[picks].sum(axis=1)
    low, high = np.percentile(means, BAND)
    return float(low), float(high)


def _series_stream(month: int, series: int) -> np.random.Generator:
    return np.random.default_rng([BOOTSTRAP_SEED, month, series])


# -- the index ---------------------------------------------------------------------------------
def monthly_index(
    store_or_path: Store | str | Path,
    dyad: str,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    *,
    directed: bool = False,
    topic: str | None = None,
    origins: Iterable[str] | str | None = None,
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """One row per month of a dyad's relations, ready for ``pandas.DataFrame(rows)``.

    ``dyad`` is two codes in any order (``'CHN-JPN'``); ``start`` and ``end`` are months
    (``'YYYY-MM'``, inclusive; default: the dyad's first and last month with events). Every
    month of the range is there: a month without events has zero counts, null means, and the
    state carried on. ``directed=True`` gives the two directed series, each month a row for
    source -> target and one for target -> source. ``topic`` keeps events whose topics
    include it (case-insensitive); ``origins`` keeps events of these origins
    (``gdelt1``, ``gdelt2``, ``icews``, ``coder``; a list or a comma-separated string).
    ``settings`` (default ``load_settings()``) gives the state's half-life, the bootstrap
    resamples and the deduplication window.

    Columns (``COLUMNS``; directed rows add ``source`` and ``target``):

    - ``events``: deduplicated events (reports of one event clustered), ``rows``: event rows
      as stored, ``reports``: the reports behind them (sum of ``weight``, GDELT's articles),
      ``stories``: distinct known stories, ``documents``: distinct source documents;
    - ``verbal_coop`` .. ``material_conflict``: deduplicated events by quad class;
    - ``goldstein``: report-weighted mean Goldstein, ``goldstein_low`` / ``_high``: its 90%
      bootstrap band resampling stories (seeded: the same data give the same band);
    - ``net_coop``: (cooperation - conflict) / all deduplicated events;
    - ``country_events``: deduplicated events of either country with anyone that month,
      ``volume_share``: ``events / country_events``;
    - ``state``: the level of the relationship (a causal local-level filter over monthly
      Goldstein, on the Goldstein scale), ``percentile``: the percent of the dyad's earlier
      months whose state was lower (ties count half).

    The state and percentile of a month use that month and earlier only, computed from the
    dyad's first event whatever ``start`` is, so a published month never changes.
    """
    a, b = parse_dyad(dyad)
    cfg = _settings(settings)
    first_wanted = _month_index(start, "start") if start is not None else None
    last_wanted = _month_index(end, "end") if end is not None else None
    if first_wanted is not None and last_wanted is not None and first_wanted > last_wanted:
        raise IndexRequestError(f"start {start} is after end {end}")
    params = _parameters(a, b, last_wanted, origins, topic, cfg, directed)
    store, opened = _open(store_or_path)
    try:
        groups = _story_groups(_run_columns(store, "stories", params))
        documents = _run(store, "documents", params)
        country = dict(_run(store, "country_events", params))
    finally:
        if opened:
            store.close()

    months_with_data = sorted({m for m, _, _ in groups})
    if not months_with_data and (first_wanted is None or last_wanted is None):
        return []
    first = first_wanted if first_wanted is not None else months_with_data[0]
    last = last_wanted if last_wanted is not None else months_with_data[-1]
    # the state runs from the dyad's first month with events, whatever the range asked
    history_start = min(months_with_data[0], first) if months_with_data else first
    axis = list(range(history_start, last + 1))

    series: list[tuple[str | None, str | None, int]] = (
        [(a, b, 1), (b, a, 2)] if directed else [(None, None, 0)]
    )
    doc_counts = {(m, s, t): (n_stories, n_docs) for m, s, t, n_stories, n_docs in documents}

    per_series: list[list[dict[str, Any]]] = []
    for source, target, stream in series:
        months: list[dict[str, Any]] = []
        for m in axis:
            months.append(_month_row(
                m, groups.get((m, source, target)), doc_counts, source, target,
                country.get(_month_name(m)), stream, cfg,
            ))  # fmt: skip
        state = local_level_state(
            [r["goldstein"] for r in months],
            [r.pop("_stories_eff") for r in months],
            half_life=float(cfg.state_half_life),
            noise_stories=float(cfg.state_noise_stories),
        )
        for row, level, pct in zip(months, state, causal_percentile(state), strict=True):
            row["state"], row["percentile"] = level, pct
        per_series.append([r for r in months if first <= _month_index(r["month"], "m") <= last])

    dyad_name = f"{a}-{b}"
    columns = DIRECTED_COLUMNS if directed else COLUMNS
    out: list[dict[str, Any]] = []
    for month_rows in zip(*per_series, strict=True):
        for row in month_rows:
            row["dyad"] = dyad_name
            out.append({c: row[c] for c in columns})
    return out


def _month_row(
    month: int,
    group: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    doc_counts: dict,
    source: str | None,
    target: str | None,
    country_events: int | None,
    stream: int,
    cfg: Settings,
) -> dict[str, Any]:
    name = _month_name(month)
    n_stories, n_docs = doc_counts.get((name, source, target), (0, 0))
    row: dict[str, Any] = {
        "month": name,
        "source": source,
        "target": target,
        "stories": int(n_stories),
        "documents": int(n_docs),
    }
    if group is not None:
        totals, weights, sums = group
        (events, raw_rows, reports, vc, mc, vk, mk) = totals[:7]
    else:
        events = raw_rows = reports = vc = mc = vk = mk = 0.0
        weights = sums = np.zeros(0)
    total_weight = float(weights.sum())
    goldstein = float(sums.sum() / total_weight) if total_weight > 0 else None
    low, high = bootstrap_band(
        weights, sums, resamples=int(cfg.bootstrap), rng=_series_stream(month, stream)
    )
    positive = weights[weights > 0]
    row.update({
        "events": int(events), "rows": int(raw_rows), "reports": float(reports),
        "verbal_coop": int(vc), "material_coop": int(mc),
        "verbal_conflict": int(vk), "material_conflict": int(mk),
        "goldstein": goldstein, "goldstein_low": low, "goldstein_high": high,
        "net_coop": float((vc + mc - vk - mk) / events) if events else None,
        "country_events": int(country_events or 0),
        "volume_share": float(events / country_events) if country_events else None,
        "_stories_eff": float(positive.sum() ** 2 / (positive**2).sum()) if len(positive) else 0.0,
    })  # fmt: skip
    return row


def topic_shares(
    store_or_path: Store | str | Path,
    dyad: str,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    *,
    origins: Iterable[str] | str | None = None,
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """Rows ``(month, topic, events, share)``: deduplicated events of the dyad per month that
    carry each topic (lower-cased), and their share of all the dyad's events that month. Only
    months and topics with events appear; an event may carry several topics or none."""
    a, b = parse_dyad(dyad)
    cfg = _settings(settings)
    first = _month_index(start, "start") if start is not None else None
    last = _month_index(end, "end") if end is not None else None
    params = _parameters(a, b, last, origins, None, cfg)
    store, opened = _open(store_or_path)
    try:
        rows = _run(store, "topics", params)
    finally:
        if opened:
            store.close()
    return [
        {"month": m, "topic": t, "events": int(n), "share": float(s)}
        for m, t, n, s in rows
        if first is None or _month_index(m, "month") >= first
    ]


# -- perspective -------------------------------------------------------------------------------
def perspective(
    rows: Sequence[dict[str, Any]],
    month: str,
    *,
    topics: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Where ``month`` stands in the dyad's history, from ``monthly_index`` rows of one series
    (undirected, or one direction) and, optionally, ``topic_shares`` rows.

    Only rows up to ``month`` are used. For a review of a month to be placed against all the
    dyad's history, pass rows from its first month (``monthly_index`` without ``start``).
    Keys:

    - ``month``, ``state``, ``goldstein``, ``events``: the month's values;
    - ``state_change``: state minus the previous month's state (None without one);
    - ``percentile``: the percent of earlier months whose state was lower (ties count half);
    - ``history_months``: how many earlier months have a state;
    - ``highest_since``: the last earlier month whose state was at least as high, or None
      when no earlier month was (the highest in all history, or no history);
      ``lowest_since``: the same for as low;
    - ``zscore``: the month's Goldstein against the mean and standard deviation of the
      trailing 24 months' Goldstein (months without events left out; None with fewer than
      6 such months or no spread); ``zscore_events``: the same for deduplicated events
      (every month counts, zero included);
    - ``turning_points``: months (``YYYY-MM``, up to ``month``) where a new regime of
      monthly Goldstein begins, by change-point detection (ruptures PELT, l2 cost, a BIC
      penalty from a robust noise estimate, regimes at least 3 months long);
    - ``topics``: for each topic of the month, ``{"topic", "events", "share",
      "previous_share", "change"}`` (change = share - previous month's share, which is 0
      when the topic was absent), largest share first; [] without ``topics`` rows.
    """
    target = _month_index(month, "month")
    if any(r.get("source") for r in rows):
        directions = {(r.get("source"), r.get("target")) for r in rows}
        if len(directions) > 1:
            raise IndexRequestError("perspective takes one series; filter directed rows first")
    history = sorted((r for r in rows if _month_index(r["month"], "month") <= target),
                     key=lambda r: r["month"])  # fmt: skip
    if not history or history[-1]["month"] != _month_name(target):
        raise IndexRequestError(f"no row for month {month} in the rows given")
    current, earlier = history[-1], history[:-1]
    state = current.get("state")
    earlier_states = [(r["month"], r["state"]) for r in earlier if r.get("state") is not None]
    result: dict[str, Any] = {
        "month": current["month"],
        "state": state,
        "goldstein": current.get("goldstein"),
        "events": current.get("events"),
        "state_change": None,
        "percentile": None,
        "history_months": len(earlier_states),
        "highest_since": None,
        "lowest_since": None,
        "zscore": None,
        "zscore_events": None,
        "turning_points": _turning_points(history),
        "topics": _topic_changes(topics or [], current["month"], target),
    }
    if state is not None and earlier_states:
        values = np.array([v for _, v in earlier_states])
        below = np.count_nonzero(values < state) + 0.5 * np.count_nonzero(values == state)
        result["percentile"] = float(100.0 * below / len(values))
        if earlier[-1].get("state") is not None:
            result["state_change"] = float(state - earlier[-1]["state"])
        result["highest_since"] = next((m for m, v in reversed(earlier_states) if v >= state), None)
        result["lowest_since"] = next((m for m, v in reversed(earlier_states) if v <= state), None)
    trailing = [r for r in earlier if _month_index(r["month"], "m") >= target - ZSCORE_MONTHS]
    result["zscore"] = _zscore(
        current.get("goldstein"),
        [r["goldstein"] for r in trailing if r.get("goldstein") is not None],
    )
    result["zscore_events"] = _zscore(
        current.get("events"), [r.get("events") or 0 for r in trailing]
    )
    return result


def _zscore(value: float | None, window: list[float]) -> float | None:
    if value is None or len(window) < ZSCORE_MIN_MONTHS:
        return None
    sd = float(np.std(window, ddof=1))
    return float((value - np.mean(window)) / sd) if sd > 0 else None


def _turning_points(history: Sequence[dict[str, Any]]) -> list[str]:
    import ruptures

    points = [(r["month"], float(r["goldstein"]))
              for r in history if r.get("goldstein") is not None]  # fmt: skip
    if len(points) < 2 * TURNING_MIN_MONTHS:
        return []
    signal = np.array([v for _, v in points])
    # noise from first differences, robust to the level shifts being looked for
    sigma = float(np.median(np.abs(np.diff(signal) - np.median(np.diff(signal))))) / (
        0.6745 * math.sqrt(2.0)
    )
    if sigma <= 0:
        sigma = float(np.std(signal)) or 1.0
    penalty = 2.0 * sigma * sigma * math.log(len(signal))
    algo = ruptures.Pelt(model="l2", min_size=TURNING_MIN_MONTHS, jump=1).fit(signal)
    breaks = algo.predict(pen=penalty)
    return [points[i][0] for i in breaks[:-1]]


def _topic_changes(topics: Sequence[dict[str, Any]], name: str, index: int) -> list[dict]:
    previous = _month_name(index - 1)
    now = {t["topic"]: t for t in topics if t["month"] == name}
    before = {t["topic"]: float(t["share"]) for t in topics if t["month"] == previous}
    out = [
        {
            "topic": topic,
            "events": int(t["events"]),
            "share": float(t["share"]),
            "previous_share": before.get(topic),
            "change": float(t["share"]) - before.get(topic, 0.0),
        }
        for topic, t in now.items()
    ]
    return sorted(out, key=lambda t: (-t["share"], t["topic"]))


# -- output ------------------------------------------------------------------------------------
def _cell(value: Any, digits: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
        return "0" if text in {"-0", ""} else text
    return str(value)


def format_rows(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    *,
    digits: int = 4,
    columns: Sequence[str] | None = None,
) -> str:
    """Rows as ``csv`` (header first; nulls empty) or ``json`` (a list of objects; nulls null),
    floats rounded to ``digits`` decimals. ``columns`` (default: the first row's keys, else
    ``COLUMNS``) sets the CSV header, which is written even when there are no rows."""
    if fmt == "json":
        clean = [{k: (round(v, digits) if isinstance(v, float) else v) for k, v in r.items()}
                 for r in rows]  # fmt: skip
        return json.dumps(clean, indent=1, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        header = list(columns or (rows[0] if rows else COLUMNS))
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        for r in rows:
            writer.writerow([_cell(r.get(c), digits) for c in header])
        return buffer.getvalue()
    raise IndexRequestError(f"unknown format {fmt!r}", hint="choose table, csv or json")


def cell_text(value: Any, digits: int = 2) -> str:
    """One value as the table format shows it."""
    return _cell(value, digits)

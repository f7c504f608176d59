"""Index invariants (hypothesis): the order rows are stored in does not change the index,
reinserting or reopening changes nothing, duplicate reports change the raw counts only, and
the two directed series add up to the pair."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral.config import Settings
from bilateral.index import monthly_index, perspective
from bilateral.ontology import lookup
from bilateral.store import Store

CODES = ["036", "040", "042", "057", "061", "112", "130", "173", "190"]
COLUMNS = (
    "event_id",
    "origin",
    "origin_id",
    "date",
    "source_code",
    "target_code",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "weight",
    "story",
    "topics",
)
CONFIG = Settings(bootstrap=50)  # fewer resamples keep each example fast; the same seed rules

event = st.fixed_dictionaries({
    "day": st.integers(0, 150),  # about five months from 2019-01-01
    "forward": st.booleans(),  # CHN -> JPN, else JPN -> CHN
    "cameo": st.sampled_from(CODES),
    "weight": st.integers(1, 4),
    "story": st.sampled_from(["s1", "s2", "s3", "s4", None]),
    "topics": st.sampled_from([None, ["trade"], ["Trade", "security"]]),
})  # fmt: skip


def to_rows(events: list[dict[str, Any]], prefix: str = "e") -> list[list[Any]]:
    rows = []
    for n, e in enumerate(events):
        code = lookup(e["cameo"])
        source, target = ("CHN", "JPN") if e["forward"] else ("JPN", "CHN")
        rows.append([f"icews:{prefix}{n}", "icews", f"{prefix}{n}",
                     dt.date(2019, 1, 1) + dt.timedelta(days=e["day"]), source, target,
                     code.code, code.root, code.quad_class, code.goldstein, float(e["weight"]),
                     e["story"], e["topics"]])  # fmt: skip
    return rows


def insert(store: Store, rows: list[list[Any]], *, ignore: bool = False) -> None:
    marks = ", ".join("?" for _ in COLUMNS)
    # ignore: skip events whose id is stored, as the loaders do (events.event_id is kept
    # unique by the loaders, not by a declared key)
    unless = " WHERE NOT EXISTS (SELECT 1 FROM events WHERE event_id = ?)" if ignore else ""
    with store.transaction() as con:
        con.executemany(
            f"INSERT INTO events ({', '.join(COLUMNS)}) SELECT {marks}{unless}",
            [[*row, row[0]] if ignore else row for row in rows],
        )


_STORES: list[Store] = []


def empty_stores(n: int) -> list[Store]:
    """n in-memory stores with no events, reused across examples (creating a store per
    example would spend most of the test's time applying the schema)."""
    while len(_STORES) < n:
        _STORES.append(Store(":memory:"))
    for store in _STORES[:n]:
        store.execute("DELETE FROM events")
    return _STORES[:n]


def index(store: Store, **kwargs: Any) -> list[dict]:
    return monthly_index(store, "CHN-JPN", "2018-12", "2019-06", settings=CONFIG, **kwargs)


@settings(max_examples=15, deadline=None)
@given(events=st.lists(event, min_size=1, max_size=25), data=st.data())
def test_row_order_does_not_change_the_index(events, data):
    rows = to_rows(events)
    shuffled = data.draw(st.permutations(rows))
    one, two = empty_stores(2)
    insert(one, rows)
    insert(two, shuffled)
    for kwargs in ({}, {"directed": True}, {"topic": "TRADE"}):
        assert index(one, **kwargs) == index(two, **kwargs)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=st.lists(event, min_size=1, max_size=25))
def test_reinserting_and_reopening_change_nothing(events, tmp_path: Path):
    rows = to_rows(events)
    path = tmp_path / f"store-{abs(hash(str(rows)))}.duckdb"
    with Store(path) as store:
        insert(store, rows)
        before = index(store)
        insert(store, rows, ignore=True)  # the same events again: same event ids
        assert index(store) == before
    with Store(path) as store:  # reopened from disk
        assert index(store) == before
    assert monthly_index(path, "CHN-JPN", "2018-12", "2019-06", settings=CONFIG) == before
    path.unlink()


@settings(max_examples=15, deadline=None)
@given(events=st.lists(event, min_size=1, max_size=20))
def test_duplicate_reports_change_only_the_raw_counts(events):
    told = [{**e, "story": e["story"] or "s0"} for e in events]  # a duplicate needs its story
    rows = to_rows(told)
    once, twice = empty_stores(2)
    insert(once, rows)
    insert(twice, rows + to_rows(told, prefix="copy"))  # every report stored twice
    for a, b in zip(index(once), index(twice), strict=True):
        assert b["rows"] == 2 * a["rows"] and b["reports"] == 2 * a["reports"]
        for column in (
            "events",
            "stories",
            "verbal_coop",
            "material_coop",
            "verbal_conflict",
            "material_conflict",
            "net_coop",
            "goldstein",
            "goldstein_low",
            "goldstein_high",
            "state",
            "percentile",
        ):
            assert b[column] == a[column], column


@settings(max_examples=15, deadline=None)
@given(events=st.lists(event, min_size=1, max_size=25))
def test_directed_series_add_up_to_the_pair(events):
    (store,) = empty_stores(1)
    insert(store, to_rows(events))
    pair = index(store)
    directed = index(store, directed=True)
    assert len(directed) == 2 * len(pair)
    for month_row, (ab, ba) in zip(
        pair, zip(directed[::2], directed[1::2], strict=True), strict=True
    ):
        assert ab["month"] == ba["month"] == month_row["month"]
        assert (ab["source"], ba["source"]) == ("CHN", "JPN")
        for column in (
            "events",
            "rows",
            "reports",
            "verbal_coop",
            "material_coop",
            "verbal_conflict",
            "material_conflict",
        ):
            assert ab[column] + ba[column] == month_row[column], column
        assert month_row["stories"] <= ab["stories"] + ba["stories"]
        if month_row["events"]:
            assert -10 <= month_row["goldstein"] <= 10
            assert -1 <= month_row["net_coop"] <= 1


values = st.lists(st.one_of(st.none(), st.floats(-10, 10).map(lambda v: round(v, 1))),
                  min_size=1, max_size=40)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(series=values, data=st.data())
def test_perspective_extremes_mean_what_they_say(series, data):
    rows = [{"month": f"{2000 + i // 12}-{i % 12 + 1:02d}", "goldstein": v, "state": v,
             "events": 0 if v is None else 5} for i, v in enumerate(series)]  # fmt: skip
    at = data.draw(st.integers(0, len(rows) - 1))
    p = perspective(rows, rows[at]["month"])
    state = rows[at]["state"]
    earlier = [r for r in rows[:at] if r["state"] is not None]
    if state is None or not earlier:
        assert p["percentile"] is None and p["highest_since"] is None
        return
    assert 0 <= p["percentile"] <= 100
    for key, as_extreme in (("highest_since", lambda v: v >= state),
                            ("lowest_since", lambda v: v <= state)):  # fmt: skip
        since = p[key]
        later = [r for r in earlier if since is None or r["month"] > since]
        assert not any(as_extreme(r["state"]) for r in later), key  # none in between
        if since is not None:
            assert as_extreme(next(r["state"] for r in earlier if r["month"] == since))
    assert all(tp <= rows[at]["month"] for tp in p["turning_points"])

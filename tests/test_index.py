"""The monthly index on small fixtures whose numbers are worked out by hand, the SQL snapshots,
the perspective, the CLI formats, and (when the ICEWS loader is there) the real ICEWS05-15 file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from typer.testing import CliRunner

import bilateral
from bilateral.cli import app
from bilateral.config import Settings
from bilateral.errors import IndexRequestError
from bilateral.index import (
    COLUMNS,
    DIRECTED_COLUMNS,
    QUERIES,
    causal_percentile,
    format_rows,
    index_sql,
    local_level_state,
    monthly_index,
    perspective,
    query_parameters,
    topic_shares,
)
from bilateral.store import Store

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("BILATERAL_UPDATE_SNAPSHOTS") == "1"

EVENT_COLUMNS = (
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
    "url",
    "doc_id",
    "topics",
)


def insert_events(store: Store, events: list[dict[str, Any]]) -> None:
    """Insert event rows straight into the store (defaults fill what a row leaves out)."""
    rows = []
    for e in events:
        row = {
            "origin": "icews",
            "weight": 1.0,
            "story": None,
            "url": None,
            "doc_id": None,
            "topics": None,
            **e,
        }
        row.setdefault("origin_id", row["event_id"].split(":", 1)[1])
        row.setdefault("root", row["cameo"][:2])
        rows.append([row[c] for c in EVENT_COLUMNS])
    placeholders = ", ".join("?" for _ in EVENT_COLUMNS)
    with store.transaction() as con:
        con.executemany(
            f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})", rows
        )


def ev(
    n: int,
    date: str,
    source: str,
    target: str,
    cameo: str,
    quad: int,
    goldstein: float,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "event_id": f"icews:{n}",
        "date": dt.date.fromisoformat(date),
        "source_code": source,
        "target_code": target,
        "cameo": cameo,
        "quad_class": quad,
        "goldstein": goldstein,
        **extra,
    }


# The fixture. January has five dyad rows; e1 and e2 are two reports of one event (same
# story, day, direction and code), e3 the same story and code a day later (another event
# with a one-day window). e6 (JPN-KOR) and e8 (CHN domestic) are events of either country
# but not of the dyad; e7 is neither. February is empty.
FIXTURE = [
    ev(1, "2019-01-10", "CHN", "JPN", "042", 1, 1.9, weight=3.0, story="s1", topics=["Trade"]),
    ev(2, "2019-01-10", "CHN", "JPN", "042", 1, 1.9, story="s1"),
    ev(3, "2019-01-11", "CHN", "JPN", "042", 1, 1.9, story="s1"),
    ev(
        4,
        "2019-01-12",
        "JPN",
        "CHN",
        "112",
        3,
        -2.0,
        weight=2.0,
        story="s2",
        topics=["trade", "Security"],
    ),
    ev(5, "2019-01-20", "JPN", "CHN", "190", 4, -10.0, origin="gdelt1"),
    ev(6, "2019-01-20", "JPN", "KOR", "040", 1, 1.0, story="s9"),
    ev(7, "2019-01-20", "USA", "USA", "040", 1, 1.0),
    ev(8, "2019-01-05", "CHN", "CHN", "040", 1, 1.0),
    ev(9, "2019-03-01", "CHN", "JPN", "057", 1, 8.0, story="s3", url="https://example.org/a"),
    ev(10, "2019-04-02", "CHN", "JPN", "036", 1, 4.0, story="s4"),
    ev(11, "2019-04-02", "JPN", "CHN", "036", 1, 4.0, story="s4"),
]

SETTINGS = Settings()  # defaults: half-life 3 months, 10 stories, one-day window


@pytest.fixture
def filled(store: Store) -> Store:
    insert_events(store, FIXTURE)
    return store


def by_month(rows: list[dict]) -> dict[str, dict]:
    return {r["month"]: r for r in rows}


# -- volume and flow -----------------------------------------------------------------------------
def test_january_by_hand(filled):
    rows = by_month(monthly_index(filled, "JPN-CHN", settings=SETTINGS))
    jan = rows["2019-01"]
    assert jan["dyad"] == "CHN-JPN"
    assert jan["events"] == 4  # {e1, e2}, e3, e4, e5
    assert jan["rows"] == 5
    assert jan["reports"] == 8.0  # 3 + 1 + 1 + 2 + 1
    assert jan["stories"] == 2  # s1, s2 (e5 has none)
    assert jan["documents"] == 2
    assert (jan["verbal_coop"], jan["material_coop"]) == (2, 0)
    assert (jan["verbal_conflict"], jan["material_conflict"]) == (1, 1)
    # report-weighted: (1.9 * 5 - 2.0 * 2 - 10.0 * 1) / 8
    assert jan["goldstein"] == pytest.approx(-0.5625)
    assert jan["net_coop"] == 0.0  # (2 - 2) / 4
    assert jan["country_events"] == 6  # the 4 dyad events, e6 and e8
    assert jan["volume_share"] == pytest.approx(4 / 6)
    # the band resamples the three stories: s1 (mean 1.9), s2 (-2.0), e5 alone (-10.0)
    assert -10.0 <= jan["goldstein_low"] < jan["goldstein"] < jan["goldstein_high"] <= 1.9


def test_every_month_in_range_with_empty_months(filled):
    rows = monthly_index(filled, "CHN-JPN", "2018-11", "2019-05", settings=SETTINGS)
    assert [r["month"] for r in rows] == [
        "2018-11",
        "2018-12",
        "2019-01",
        "2019-02",
        "2019-03",
        "2019-04",
        "2019-05",
    ]
    assert list(rows[0]) == list(COLUMNS)
    for month in ("2018-11", "2018-12", "2019-02", "2019-05"):
        r = by_month(rows)[month]
        assert r["events"] == r["rows"] == r["stories"] == 0
        assert r["goldstein"] is None and r["net_coop"] is None and r["goldstein_low"] is None
    assert rows[0]["state"] is None and rows[1]["state"] is None  # before the first event
    assert by_month(rows)["2019-02"]["state"] == by_month(rows)["2019-01"]["state"]  # carried on
    assert by_month(rows)["2019-05"]["state"] == by_month(rows)["2019-04"]["state"]


def test_default_range_is_first_to_last_month_with_events(filled):
    rows = monthly_index(filled, "CHN-JPN", settings=SETTINGS)
    assert [r["month"] for r in rows] == ["2019-01", "2019-02", "2019-03", "2019-04"]
    assert monthly_index(filled, "CHN-USA", settings=SETTINGS) == []


def test_directed_series_split_the_pair(filled):
    rows = monthly_index(filled, "CHN-JPN", directed=True, settings=SETTINGS)
    assert list(rows[0]) == list(DIRECTED_COLUMNS)
    jan = [r for r in rows if r["month"] == "2019-01"]
    assert [(r["source"], r["target"]) for r in jan] == [("CHN", "JPN"), ("JPN", "CHN")]
    chn_jpn, jpn_chn = jan
    assert chn_jpn["events"] == 2 and chn_jpn["reports"] == 5.0 and chn_jpn["goldstein"] == 1.9
    assert jpn_chn["events"] == 2 and jpn_chn["goldstein"] == pytest.approx(-14.0 / 3)
    undirected = by_month(monthly_index(filled, "CHN-JPN", settings=SETTINGS))
    for month in ("2019-01", "2019-02", "2019-03", "2019-04"):
        pair = [r for r in rows if r["month"] == month]
        for column in ("events", "rows", "reports", "verbal_coop", "material_conflict"):
            assert sum(r[column] for r in pair) == undirected[month][column]
    # April: one story with an event each way is one story in both directions
    apr = [r for r in rows if r["month"] == "2019-04"]
    assert [r["stories"] for r in apr] == [1, 1] and undirected["2019-04"]["stories"] == 1


def test_dedup_window(filled):
    wide = Settings(dedup_window_days=2)  # 2019-01-10 and -11 share a two-day window
    jan = by_month(monthly_index(filled, "CHN-JPN", settings=wide))["2019-01"]
    assert jan["events"] == 3 and jan["rows"] == 5 and jan["verbal_coop"] == 1


def test_topic_filter_and_shares(filled):
    rows = monthly_index(filled, "CHN-JPN", topic="TRADE", settings=SETTINGS)
    jan = by_month(rows)["2019-01"]
    assert jan["events"] == 2 and jan["rows"] == 2  # e1 and e4: e2 carries no topic
    assert jan["goldstein"] == pytest.approx((1.9 * 3 - 2.0 * 2) / 5)
    shares = topic_shares(filled, "CHN-JPN", settings=SETTINGS)
    assert shares == [
        {"month": "2019-01", "topic": "security", "events": 1, "share": 0.25},
        {"month": "2019-01", "topic": "trade", "events": 2, "share": 0.5},
    ]


def test_origin_filter(filled):
    jan = by_month(monthly_index(filled, "CHN-JPN", origins="icews", settings=SETTINGS))
    assert jan["2019-01"]["events"] == 3 and jan["2019-01"]["material_conflict"] == 0
    both = by_month(
        monthly_index(filled, "CHN-JPN", origins=["ICEWS", "gdelt1"], settings=SETTINGS)
    )
    assert both["2019-01"]["events"] == 4


def test_bootstrap_band_is_seeded_and_needs_two_stories(filled):
    one = monthly_index(filled, "CHN-JPN", settings=SETTINGS)
    two = monthly_index(filled, "CHN-JPN", settings=SETTINGS)
    assert one == two
    march = by_month(one)["2019-03"]  # a single story: no band
    assert march["goldstein"] == 8.0 and march["goldstein_low"] is None


# -- state and percentile ------------------------------------------------------------------------
def test_state_by_hand(filled):
    rows = by_month(monthly_index(filled, "CHN-JPN", settings=SETTINGS))
    gain = 1 - 0.5 ** (1 / 3)
    month_noise = 1 / 10
    walk = month_noise * gain**2 / (1 - gain)
    # January: three stories with weights 5, 2, 1: effective stories 8^2 / (25 + 4 + 1)
    level, var = -0.5625, month_noise + 30 / 64
    assert rows["2019-01"]["state"] == pytest.approx(level)
    var += walk  # February: no events, the state carries on, its uncertainty grows
    assert rows["2019-02"]["state"] == pytest.approx(level)
    var += walk  # March: one story at 8.0
    k = var / (var + month_noise + 1)
    level, var = level + k * (8.0 - level), var * (1 - k)
    assert rows["2019-03"]["state"] == pytest.approx(level)
    var += walk  # April: one story (s4, both directions) at 4.0
    k = var / (var + month_noise + 1)
    assert rows["2019-04"]["state"] == pytest.approx(level + k * (4.0 - level))
    assert [rows[m]["percentile"] for m in sorted(rows)] == [None, 50.0, 100.0, 100.0]


def test_state_is_causal_and_independent_of_the_range(filled):
    full = by_month(monthly_index(filled, "CHN-JPN", settings=SETTINGS))
    later = by_month(monthly_index(filled, "CHN-JPN", "2019-03", settings=SETTINGS))
    earlier = by_month(monthly_index(filled, "CHN-JPN", end="2019-03", settings=SETTINGS))
    assert later["2019-03"] == full["2019-03"] == earlier["2019-03"]
    assert list(later) == ["2019-03", "2019-04"] and list(earlier)[-1] == "2019-03"


def test_state_converges_at_the_half_life_and_discounts_thin_months():
    # a well-measured step from 0 to 1 closes half the gap after the half-life
    steps = [0.0] * 36 + [1.0] * 6  # three years at 0 settle the filter to its steady gain
    state = local_level_state(steps, [1e9] * 42, half_life=3, noise_stories=10)
    assert state[35] == 0.0
    assert state[38] == pytest.approx(0.5, abs=1e-3)  # three months after the step
    assert state[36] == pytest.approx(1 - 0.5 ** (1 / 3), abs=1e-3)
    thin = local_level_state([0.0, 0.0, 0.0, 10.0], [50, 50, 50, 1], half_life=3, noise_stories=10)
    thick = local_level_state(
        [0.0, 0.0, 0.0, 10.0], [50, 50, 50, 50], half_life=3, noise_stories=10
    )
    assert 0 < thin[3] < thick[3] / 3  # one story moves the state far less than fifty
    assert local_level_state([None, 2.0, None], [0, 5, 0], half_life=3, noise_stories=10) == [
        None,
        2.0,
        2.0,
    ]


def test_causal_percentile():
    assert causal_percentile([None, 1.0, 3.0, 2.0, 2.0, 0.5]) == [
        None,
        None,
        100.0,
        50.0,
        50.0,
        0.0,
    ]


# -- perspective ----------------------------------------------------------------------------------
def synthetic_rows(values: list[float | None]) -> list[dict]:
    rows = []
    for i, value in enumerate(values):
        month = f"{2010 + i // 12}-{i % 12 + 1:02d}"
        rows.append(
            {
                "month": month,
                "goldstein": value,
                "events": 0 if value is None else 10,
                "state": value,
            }
        )
    return rows


def test_perspective_keys_and_extremes():
    values = [1.0, 2.0, 0.5, 3.0, 1.5, 1.2, 2.5, 2.0]
    rows = synthetic_rows(values)
    p = perspective(rows, "2010-07")  # state 2.5: highest since 2010-04 (3.0)
    assert p["highest_since"] == "2010-04"
    assert p["lowest_since"] == "2010-06"  # 1.2, the month before
    assert p["percentile"] == pytest.approx(100 * 5 / 6)  # 5 of 6 earlier months lower
    assert p["state_change"] == pytest.approx(1.3)
    assert p["history_months"] == 6
    top = perspective(rows, "2010-04")
    assert top["highest_since"] is None and top["lowest_since"] == "2010-03"
    first = perspective(rows, "2010-01")
    assert first["percentile"] is None and first["highest_since"] is None
    assert set(p) == {
        "month",
        "state",
        "goldstein",
        "events",
        "state_change",
        "percentile",
        "history_months",
        "highest_since",
        "lowest_since",
        "zscore",
        "zscore_events",
        "turning_points",
        "topics",
    }
    with pytest.raises(IndexRequestError):
        perspective(rows, "2011-05")


def test_perspective_zscore_uses_trailing_24_months():
    values = [0.0, 1.0] * 20 + [5.0]  # 40 alternating months, then a jump
    p = perspective(synthetic_rows(values), synthetic_rows(values)[-1]["month"])
    trailing = values[-25:-1]
    mean = sum(trailing) / 24
    sd = math.sqrt(sum((v - mean) ** 2 for v in trailing) / 23)
    assert p["zscore"] == pytest.approx((5.0 - mean) / sd)
    assert perspective(synthetic_rows(values[:5]), "2010-05")["zscore"] is None  # too short


def test_perspective_turning_points():
    values = [1.0, 1.2, 0.9, 1.1, 1.0, 0.8, 1.1, 1.0, -3.0, -3.2, -2.9, -3.1, -3.0, -2.8, -3.1]
    rows = synthetic_rows(values)
    assert perspective(rows, rows[-1]["month"])["turning_points"] == ["2010-09"]
    flat = synthetic_rows([1.0, 1.1, 0.9, 1.0, 1.05, 0.95, 1.0, 1.1, 0.9])
    assert perspective(flat, flat[-1]["month"])["turning_points"] == []
    # causal: a month before the break does not see it
    assert perspective(rows, "2010-08")["turning_points"] == []


def test_perspective_topics(filled):
    topics = [
        {"month": "2019-01", "topic": "trade", "events": 2, "share": 0.5},
        {"month": "2019-02", "topic": "trade", "events": 1, "share": 0.2},
        {"month": "2019-02", "topic": "security", "events": 3, "share": 0.6},
    ]
    rows = monthly_index(filled, "CHN-JPN", settings=SETTINGS)
    p = perspective(rows, "2019-02", topics=topics)
    assert p["topics"] == [
        {"topic": "security", "events": 3, "share": 0.6, "previous_share": None, "change": 0.6},
        {
            "topic": "trade",
            "events": 1,
            "share": 0.2,
            "previous_share": 0.5,
            "change": pytest.approx(-0.3),
        },
    ]
    assert perspective(rows, "2019-02")["topics"] == []


# -- errors ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"dyad": "CHN"}, "not a dyad"),
    ({"dyad": "CHN-CHN"}, "two different countries"),
    ({"dyad": "CHN-JPN", "start": "2019-13"}, "not a month"),
    ({"dyad": "CHN-JPN", "start": "2019-05", "end": "2019-01"}, "after end"),
    ({"dyad": "CHN-JPN", "origins": "gdelt3"}, "unknown origin gdelt3"),
    ({"dyad": "CHN-JPN", "topic": " "}, "empty topic"),
])  # fmt: skip
def test_bad_requests(filled, kwargs, message):
    with pytest.raises(IndexRequestError, match=message) as info:
        monthly_index(filled, settings=SETTINGS, **kwargs)
    assert info.value.code == "E310"


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(IndexRequestError, match="no store here"):
        monthly_index(tmp_path / "nothing.duckdb", "CHN-JPN")
    assert not (tmp_path / "nothing.duckdb").exists()


# -- the definitions: one SQL source, two engines -----------------------------------------------
@pytest.mark.parametrize("dialect", ["duckdb", "spark"])
@pytest.mark.parametrize("name", QUERIES)
def test_sql_snapshots(name, dialect):
    sql = index_sql(name, dialect)
    path = SNAPSHOTS / f"index_{name}.{dialect}.sql"
    if UPDATE:
        path.write_text(sql + "\n", encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}; run with BILATERAL_UPDATE_SNAPSHOTS=1"
    assert path.read_text(encoding="utf-8") == sql + "\n", (
        f"{name} compiles differently for {dialect}; review the diff, then regenerate the "
        "snapshots with BILATERAL_UPDATE_SNAPSHOTS=1"
    )
    # the Spark text is valid Spark SQL to sqlglot and keeps every parameter a parameter
    sqlglot.parse_one(sql, read=dialect)
    marker = "$" if dialect == "duckdb" else ":"
    for param in query_parameters(name):
        assert f"{marker}{param}" in sql


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("name", [q for q in QUERIES if q != "dyad_events"])
def test_spark_text_means_what_the_duckdb_text_means(filled, name, directed):
    """The Spark rendering, read back as Spark SQL and run on DuckDB, gives the same rows:
    the translation keeps parameters, date formats, lambdas and unnesting intact."""
    params = {"a": "CHN", "b": "JPN", "end_before": dt.date(2019, 4, 1), "window_days": 1,
              "origin1": None, "origin2": None, "origin3": None, "origin4": None,
              "topic": None, "directed": directed}  # fmt: skip
    wanted = {k: params[k] for k in query_parameters(name)}
    spark = index_sql(name, "spark")
    back = sqlglot.transpile(spark, read="spark", write="duckdb")[0]
    native = filled.execute(index_sql(name, "duckdb"), wanted).fetchall()
    assert native, f"{name} returns rows on the fixture"
    assert filled.execute(back, wanted).fetchall() == native


def test_values_are_parameters_never_text(filled):
    for name in QUERIES:
        for dialect in ("duckdb", "spark"):
            assert "CHN" not in index_sql(name, dialect)
    assert query_parameters("country_events") == (
        "a",
        "b",
        "end_before",
        "origin1",
        "origin2",
        "origin3",
        "origin4",
        "window_days",
    )


# -- the CLI --------------------------------------------------------------------------------------
@pytest.fixture
def db(filled, tmp_path) -> Path:
    path = Path(filled.path)
    filled.close()
    return path


def test_cli_csv(db):
    result = CliRunner().invoke(
        app,
        [
            "index",
            "--dyad",
            "JPN-CHN",
            "--format",
            "csv",
            "--db",
            str(db),
            "--start",
            "2019-01",
            "--end",
            "2019-03",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(COLUMNS)
    assert [r["month"] for r in rows] == ["2019-01", "2019-02", "2019-03"]
    assert rows[0]["events"] == "4" and rows[0]["goldstein"] == "-0.5625"
    assert rows[1]["goldstein"] == "" and rows[1]["events"] == "0"


def test_cli_json_directed_topic_origin(db):
    result = CliRunner().invoke(
        app,
        [
            "index",
            "--dyad",
            "CHN-JPN",
            "--format",
            "json",
            "--directed",
            "--topic",
            "trade",
            "--origin",
            "icews",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["source"], r["target"], r["events"]) for r in rows] == [
        ("CHN", "JPN", 1),
        ("JPN", "CHN", 1),
    ]


def test_cli_table(db):
    result = CliRunner().invoke(app, ["index", "--dyad", "CHN-JPN", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "2019-04" in result.stdout and "goldstein" in result.stdout


def test_cli_error_has_code_and_no_traceback(db):
    done = subprocess.run(
        [sys.executable, "-m", "bilateral", "index", "--dyad", "CHN-JPN", "--start", "2019-1",
         "--db", str(db)], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "error[E310]" in done.stderr and "YYYY-MM" in done.stderr
    assert "Traceback" not in done.stderr
    bad = CliRunner().invoke(
        app, ["index", "--dyad", "CHN-JPN", "--format", "xml", "--db", str(db)]
    )
    assert isinstance(bad.exception, IndexRequestError)


def test_format_rows_round_and_blank():
    rows = [{"month": "2019-01", "goldstein": 1 / 3, "state": None, "events": 2}]
    assert format_rows(rows, "csv") == "month,goldstein,state,events\n2019-01,0.3333,,2\n"
    assert json.loads(format_rows(rows, "json")) == [
        {"month": "2019-01", "goldstein": 0.3333, "state": None, "events": 2}
    ]


def test_public_api(filled):
    assert "monthly_index" in bilateral.__all__
    rows = bilateral.monthly_index(filled, "CHN-JPN", settings=SETTINGS)
    import pandas

    frame = pandas.DataFrame(rows)
    assert list(frame.columns) == list(COLUMNS) and len(frame) == 4


# -- real data: ICEWS05-15 ------------------------------------------------------------------------
def test_icews_05_15_chn_jpn(shared_data, tmp_path):
    from bilateral.sources import icews

    path = shared_data / "icews-samples" / "icews05-15.tab"
    with Store(tmp_path / "icews.duckdb") as store:
        icews.ingest_icews([path], store=store)
        rows = monthly_index(store, "CHN-JPN", "2005-01", "2015-12", settings=SETTINGS)
        direct = {
            r["m"]: r["n"]
            for r in store.query(
                "SELECT strftime(date, '%Y-%m') AS m, count(*) AS n FROM events "
                "WHERE (source_code = 'CHN' AND target_code = 'JPN') "
                "OR (source_code = 'JPN' AND target_code = 'CHN') GROUP BY m"
            )
        }
        icews.ingest_icews([path], store=store)  # loading twice changes nothing
        again = monthly_index(store, "CHN-JPN", "2005-01", "2015-12", settings=SETTINGS)
    assert len(rows) == 132 and rows[0]["month"] == "2005-01" and rows[-1]["month"] == "2015-12"
    assert sum(direct.values()) > 1500
    for r in rows:
        assert r["rows"] == direct.get(r["month"], 0)
        assert r["events"] <= r["rows"]
        assert r["state"] is None or -10 <= r["state"] <= 10
    assert again == rows


def test_gdelt_samples_reports_beside_events(shared_data, tmp_path):
    from bilateral.sources import gdelt

    samples = shared_data / "gdelt-samples"
    files = [
        samples / "spark-gdelt.gdelt2-export.events.csv",
        samples / "spark-gdelt.gdelt2-translation-export.eventsT.csv",
        samples / "spark-gdelt.gdelt1-events.events1.csv",
        samples / "reed9999.gdelt1-daily-sample.events.tsv",
    ]
    with Store(tmp_path / "gdelt.duckdb") as store:
        gdelt.ingest_gdelt(files, store=store)
        rows = monthly_index(store, "CHN-USA", settings=SETTINGS)
        direct = {
            r["m"]: r
            for r in store.query(
                "SELECT strftime(date, '%Y-%m') AS m, count(*) AS n, sum(weight) AS w, "
                "count(DISTINCT story) AS s FROM events "
                "WHERE (source_code = 'CHN' AND target_code = 'USA') "
                "OR (source_code = 'USA' AND target_code = 'CHN') GROUP BY m"
            )
        }
    assert direct, "the GDELT samples hold CHN-USA events"
    assert {r["month"] for r in rows if r["rows"]} == set(direct)
    for r in rows:
        d = direct.get(r["month"])
        assert r["rows"] == (d["n"] if d else 0)
        assert r["reports"] == (d["w"] if d else 0)  # GDELT NumArticles summed
        assert r["stories"] == (d["s"] if d else 0)
        assert r["events"] <= r["rows"]
    # two reports of one act (same URL, day and code) are one event
    assert any(r["events"] < r["rows"] for r in rows)


def test_cli_csv_header_without_events(db):
    result = CliRunner().invoke(app, ["index", "--dyad", "CHN-USA", "--format", "csv",
                                      "--directed", "--db", str(db)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ",".join(DIRECTED_COLUMNS) + "\n"
    assert "no events for CHN-USA" in result.stderr

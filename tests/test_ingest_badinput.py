"""Bad input never crashes a load and is never silently dropped (issue 2, point 7).

Real fixture files with damaged rows in the middle: truncated rows, too many columns, bad
dates, unknown CAMEO codes, non-numeric Goldstein/Intensity, broken UTF-8. Default mode
loads the good rows and lists the bad ones (file, line, reason) in ``rejects`` and the
output; ``--strict`` fails the file at its first bad row and leaves the store unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import bilateral
from bilateral.cli import app
from bilateral.errors import BadRowError

FIXTURES = Path(__file__).parent / "fixtures"
GDELT1 = FIXTURES / "gdelt" / "gdelt1-events.tsv"
GDELT2 = FIXTURES / "gdelt" / "gdelt2-export.tsv"
ICEWS = FIXTURES / "icews" / "icews-events-2018.tab"


def damage(lines: list[bytes], index: int, column: int, value: bytes) -> None:
    fields = lines[index].split(b"\t")
    fields[column] = value
    lines[index] = b"\t".join(fields)


@pytest.fixture
def bad_gdelt(tmp_path) -> tuple[Path, dict[int, str]]:
    """The GDELT 1.0 fixture with one bad row of each kind; {line: expected reason start}."""
    lines = GDELT1.read_bytes().splitlines()
    lines[4] = b"\t".join(lines[4].split(b"\t")[:30])  # line 5: truncated
    damage(lines, 7, 1, b"20151341")  # line 8: no 41st
    damage(lines, 10, 26, b"999")  # line 11: no such code
    damage(lines, 13, 30, b"high")  # line 14: Goldstein
    damage(lines, 16, 6, b"KADAZ\xff\xfeAN")  # line 17: not UTF-8
    lines[19] = lines[19] + b"\textra\tcolumns"  # line 20: too many
    path = tmp_path / "damaged.export.CSV"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, {
        5: "wrong column count: 30 columns, expected 57 or 58",
        8: "bad date '20151341'",
        11: "unknown CAMEO event code '999'",
        14: "non-numeric GoldsteinScale 'high'",
        17: "invalid UTF-8",
        20: "wrong column count: ",
    }


@pytest.fixture
def bad_icews(tmp_path) -> tuple[Path, dict[int, str]]:
    lines = ICEWS.read_bytes().splitlines()
    damage(lines, 3, 1, b"2018-06-31")  # line 4
    damage(lines, 6, 6, b"0999")  # line 7
    damage(lines, 9, 7, b"strong")  # line 10
    lines[12] = b"\t".join(lines[12].split(b"\t")[:11])  # line 13
    damage(lines, 15, 2, b"Minist\xe8re")  # line 16: Latin-1
    path = tmp_path / "damaged.tab"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, {
        4: "bad date '2018-06-31'",
        7: "unknown CAMEO event code '0999'",
        10: "non-numeric Intensity 'strong'",
        13: "wrong column count: 11 columns, expected 20",
        16: "invalid UTF-8",
    }


def snapshot(store: bilateral.Store) -> dict[str, list[dict]]:
    return {
        t: store.query(f"SELECT * FROM {t} ORDER BY ALL") for t in ("events", "rejects", "ingests")
    }


def rows_in(path: Path) -> int:
    return len(path.read_bytes().splitlines())


# -- default mode -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["gdelt", "icews"])
def test_default_loads_good_rows_and_rejects_each_bad_one(store, kind, bad_gdelt, bad_icews):
    path, expected = bad_gdelt if kind == "gdelt" else bad_icews
    load = bilateral.ingest_gdelt if kind == "gdelt" else bilateral.ingest_icews
    [summary] = load([path], store=store)
    data_rows = rows_in(path) - (1 if kind == "icews" else 0)
    assert summary.status == "loaded"
    assert summary.rows_seen == data_rows
    assert summary.rows_rejected == len(expected)
    assert summary.rows_loaded == data_rows - len(expected)
    assert store.count("events") == summary.rows_loaded
    rejects = store.query("SELECT uri, line, reason, raw FROM rejects ORDER BY line")
    assert [r["line"] for r in rejects] == sorted(expected)
    for r in rejects:
        assert r["uri"] == str(path)
        assert r["reason"].startswith(expected[r["line"]]), r
        assert r["raw"]  # the raw line is kept for the analyst
    stored_lines = {r["src_line"] for r in store.query("SELECT src_line FROM events")}
    first = 2 if kind == "icews" else 1
    assert stored_lines == set(range(first, rows_in(path) + 1)) - set(expected)
    [ledger] = store.query("SELECT * FROM ingests")
    assert (ledger["rows_seen"], ledger["rows_loaded"], ledger["rows_rejected"]) == (
        summary.rows_seen,
        summary.rows_loaded,
        summary.rows_rejected,
    )


@pytest.mark.parametrize("kind", ["gdelt", "icews"])
def test_cli_default_names_the_bad_lines(tmp_path, kind, bad_gdelt, bad_icews):
    path, expected = bad_gdelt if kind == "gdelt" else bad_icews
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(app, ["ingest", kind, str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    for line, reason in expected.items():
        assert f"{path}:{line}: {reason}" in result.output
    assert f"{len(expected)} rejected" in result.output


def test_many_bad_rows_are_summarised(store, tmp_path):
    lines = GDELT2.read_bytes().splitlines()
    for i in range(len(lines)):
        damage(lines, i, 1, b"2015-02-18")  # every date in the wrong format
    path = tmp_path / "all-bad.CSV"
    path.write_bytes(b"\n".join(lines * 2))  # 40 rows, repeated event ids too
    [summary] = bilateral.ingest_gdelt(path, store=store)
    assert summary.rows_rejected == 40 and summary.rows_loaded == 0
    listed = summary.reject_lines()
    assert len(listed) == 21 and "and 20 more rejected rows" in listed[-1]
    assert store.count("rejects") == 40


def test_blank_lines_do_not_shift_line_numbers(store, tmp_path):
    lines = GDELT1.read_bytes().splitlines()
    damage(lines, 9, 26, b"999")
    path = tmp_path / "blank.tsv"
    path.write_bytes(b"\n".join([*lines[:3], b"", *lines[3:]]) + b"\n")  # blank line 4
    [summary] = bilateral.ingest_gdelt(path, store=store)
    assert summary.rejects == [(11, "unknown CAMEO event code '999'")]
    by_line = {
        r["src_line"]: r["origin_id"] for r in store.query("SELECT src_line, origin_id FROM events")
    }
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if raw and number != 11:
            assert by_line[number] == raw.split(b"\t")[0].decode()


def test_duplicate_event_ids_are_rejects_not_a_crash(store, tmp_path):
    bilateral.ingest_gdelt(GDELT2, store=store)
    lines = GDELT2.read_bytes().splitlines()
    copy = tmp_path / "overlap.CSV"
    copy.write_bytes(
        b"\n".join([lines[0], lines[0], b"\t".join([b"999999999", *lines[1].split(b"\t")[1:]])])
        + b"\n"
    )
    [summary] = bilateral.ingest_gdelt(copy, store=store)
    assert summary.rows_loaded == 1
    reasons = dict(summary.rejects)
    first_id = lines[0].split(b"\t")[0].decode()
    assert reasons == {
        1: f"duplicate event id {first_id}: already in the store",
        2: f"duplicate event id {first_id}: already in the store",
    }


def test_event_id_repeated_within_a_first_file_is_rejected(store, tmp_path):
    # events.event_id is not a declared key: the loader itself keeps it unique
    lines = GDELT2.read_bytes().splitlines()
    path = tmp_path / "repeats.CSV"
    path.write_bytes(b"\n".join([*lines, lines[3], lines[0]]) + b"\n")
    [summary] = bilateral.ingest_gdelt(path, store=store)
    n = len(lines)
    ids = [line.split(b"\t")[0].decode() for line in lines]
    assert (summary.rows_loaded, summary.rows_rejected) == (n, 2)
    assert dict(summary.rejects) == {
        n + 1: f"duplicate event id {ids[3]}: first on line 4",
        n + 2: f"duplicate event id {ids[0]}: first on line 1",
    }
    row = store.query("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM events")[0]
    assert row["n"] == row["d"] == n


def test_an_overlapping_file_never_counts_an_event_twice(store, tmp_path):
    # a 15-minute file and a later file repeating some of its GLOBALEVENTIDs (another
    # checksum, so the ledger does not skip it): the repeated events are rejects
    lines = GDELT2.read_bytes().splitlines()
    first, second = tmp_path / "a.export.CSV", tmp_path / "b.export.CSV"
    first.write_bytes(b"\n".join(lines[:12]) + b"\n")
    second.write_bytes(b"\n".join(lines[8:]) + b"\n")
    bilateral.ingest_gdelt(first, store=store)
    [summary] = bilateral.ingest_gdelt(second, store=store)
    assert (summary.rows_loaded, summary.rows_rejected) == (len(lines) - 12, 4)
    assert {line for line, _ in summary.rejects} == {1, 2, 3, 4}
    assert all(reason.endswith("already in the store") for _, reason in summary.rejects)
    row = store.query("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM events")[0]
    assert row["n"] == row["d"] == len(lines)


def test_icews_event_already_stored_is_rejected(store, tmp_path):
    lines = ICEWS.read_bytes().splitlines()
    first, second = tmp_path / "a.tab", tmp_path / "b.tab"
    first.write_bytes(b"\n".join(lines[:6]) + b"\n")
    second.write_bytes(b"\n".join([lines[0], *lines[4:]]) + b"\n")
    bilateral.ingest_icews(first, store=store)
    [summary] = bilateral.ingest_icews(second, store=store)
    assert summary.rows_rejected == 2 and {line for line, _ in summary.rejects} == {2, 3}
    row = store.query("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM events")[0]
    assert row["n"] == row["d"] == len(lines) - 1


# -- strict mode ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["gdelt", "icews"])
def test_strict_fails_at_the_first_bad_row_and_changes_nothing(store, kind, bad_gdelt, bad_icews):
    path, expected = bad_gdelt if kind == "gdelt" else bad_icews
    load = bilateral.ingest_gdelt if kind == "gdelt" else bilateral.ingest_icews
    bilateral.ingest_gdelt(GDELT2, store=store)  # something stored before
    before = snapshot(store)
    with pytest.raises(BadRowError) as err:
        load([path], store=store, strict=True)
    first = min(expected)
    assert err.value.code == "E101"
    assert (err.value.path, err.value.line) == (str(path), first)
    assert err.value.message.startswith(expected[first])
    assert snapshot(store) == before
    # the store is still usable: a good file loads strictly afterwards
    [ok] = load([GDELT1 if kind == "gdelt" else ICEWS], store=store, strict=True)
    assert ok.rows_rejected == 0 and store.count("events") == len(before["events"]) + ok.rows_loaded


@pytest.mark.parametrize("kind", ["gdelt", "icews"])
def test_cli_strict_prints_file_line_reason_and_exits_1(tmp_path, kind, bad_gdelt, bad_icews):
    path, expected = bad_gdelt if kind == "gdelt" else bad_icews
    db = tmp_path / "strict.duckdb"
    result = CliRunner().invoke(app, ["ingest", kind, str(path), "--strict", "--db", str(db)])
    assert result.exit_code == 1
    assert isinstance(result.exception, BadRowError)  # main() renders it: checked below
    rendered = result.exception.render()
    first = min(expected)
    assert rendered.startswith(f"error[E101]: {path}:{first}: {expected[first]}")
    with bilateral.Store(db) as store:
        assert store.count("events") == store.count("rejects") == store.count("ingests") == 0


def test_console_script_strict_output_has_no_traceback(tmp_path, bad_gdelt):
    import subprocess
    import sys

    path, expected = bad_gdelt
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bilateral",
            "ingest",
            "gdelt",
            str(path),
            "--strict",
            "--db",
            str(tmp_path / "s.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert f"error[E101]: {path}:5: {expected[5]}" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


# -- idempotency ------------------------------------------------------------------------------


def test_loading_the_same_file_twice_changes_nothing(store, tmp_path, bad_gdelt):
    path, _ = bad_gdelt
    bilateral.ingest_gdelt([path, GDELT2], store=store)
    before = snapshot(store)
    copy = tmp_path / "same-bytes-other-name.CSV"
    copy.write_bytes(path.read_bytes())
    again = bilateral.ingest_gdelt([path, GDELT2, copy], store=store)
    assert [s.status for s in again] == ["skipped", "skipped", "skipped"]
    assert snapshot(store) == before


def test_cli_second_load_says_skipped(tmp_path):
    db = tmp_path / "twice.duckdb"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "icews", str(ICEWS), "--db", str(db)])
    second = runner.invoke(app, ["ingest", "icews", str(ICEWS), "--db", str(db)])
    assert first.exit_code == second.exit_code == 0
    assert "skipped, already loaded" in second.output
    with bilateral.Store(db) as store:
        assert store.count("ingests") == 1

"""Store-level properties of ingestion (hypothesis): the order of rows in a file does not
change the stored events or rejects, and loading a file again changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bilateral

FIXTURES = Path(__file__).parent / "fixtures"
GDELT1_ROWS = (FIXTURES / "gdelt" / "gdelt1-events.tsv").read_bytes().splitlines()
ICEWS_LINES = (FIXTURES / "icews" / "icews-events-2018.tab").read_bytes().splitlines()

# damaged rows hypothesis may mix in: truncated, bad date, unknown code, broken UTF-8
BAD_GDELT = [
    b"\t".join(GDELT1_ROWS[0].split(b"\t")[:20]),
    GDELT1_ROWS[1].replace(b"\t19790101\t", b"\t19790132\t", 1),
    b"\t".join(
        [b"777", *GDELT1_ROWS[2].split(b"\t")[1:26], b"9999", *GDELT1_ROWS[2].split(b"\t")[27:]]
    ),
    GDELT1_ROWS[3].replace(b"\t", b"\t\xc3\x28", 1),
]

SETTINGS = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def load(kind: str, lines: list[bytes]) -> bilateral.Store:
    folder = tempfile.TemporaryDirectory(prefix="bilateral-prop-")  # removed with the store
    path = Path(folder.name) / ("rows.tab" if kind == "icews" else "rows.tsv")
    path.write_bytes(b"\n".join(lines) + b"\n")
    store = bilateral.Store(":memory:")
    loader = bilateral.ingest_icews if kind == "icews" else bilateral.ingest_gdelt
    loader(path, store=store)
    store.path_loaded = path  # type: ignore[attr-defined]
    store.folder = folder  # type: ignore[attr-defined]
    return store


def stored_events(store: bilateral.Store) -> list[dict]:
    return store.query("SELECT * EXCLUDE (src_line, ingest_id) FROM events ORDER BY event_id")


def stored_rejects(store: bilateral.Store) -> list[tuple[str, str]]:
    rows = store.query("SELECT reason, raw FROM rejects")
    return sorted((r["reason"], r["raw"]) for r in rows)


@SETTINGS
@given(order=st.permutations(range(len(GDELT1_ROWS) + len(BAD_GDELT))))
def test_gdelt_row_order_does_not_change_the_store(order):
    rows = GDELT1_ROWS + BAD_GDELT
    baseline = load("gdelt", rows)
    shuffled = load("gdelt", [rows[i] for i in order])
    assert stored_events(shuffled) == stored_events(baseline)
    assert stored_rejects(shuffled) == stored_rejects(baseline)
    assert len(stored_rejects(baseline)) == len(BAD_GDELT)
    # and each stored row still points at its own line
    for ev in shuffled.query("SELECT origin_id, src_line FROM events"):
        assert [rows[i] for i in order][ev["src_line"] - 1].split(b"\t")[0].decode() == ev[
            "origin_id"
        ]


@SETTINGS
@given(order=st.permutations(range(1, len(ICEWS_LINES))))
def test_icews_row_order_does_not_change_the_store(order):
    baseline = load("icews", ICEWS_LINES)
    shuffled = load("icews", [ICEWS_LINES[0], *(ICEWS_LINES[i] for i in order)])
    assert stored_events(shuffled) == stored_events(baseline)


@SETTINGS
@given(
    keep=st.lists(st.sampled_from(range(len(GDELT1_ROWS))), min_size=1, max_size=30),
    bad=st.lists(st.sampled_from(range(len(BAD_GDELT))), max_size=4),
)
def test_reloading_a_file_changes_nothing(keep, bad):
    lines = [GDELT1_ROWS[i] for i in keep] + [BAD_GDELT[i] for i in bad]
    store = load("gdelt", lines)
    tables = ("events", "rejects", "ingests")
    before = {t: store.query(f"SELECT * FROM {t} ORDER BY ALL") for t in tables}
    again = bilateral.ingest_gdelt(store.path_loaded, store=store)  # type: ignore[attr-defined]
    assert [s.status for s in again] == ["skipped"]
    assert {t: store.query(f"SELECT * FROM {t} ORDER BY ALL") for t in tables} == before
    # repeated rows in one file are rejects, not silent drops: every line is accounted for
    [ledger] = before["ingests"]
    assert ledger["rows_loaded"] + ledger["rows_rejected"] == len(lines)

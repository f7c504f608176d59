"""GDELT event files: the three layouts, zipped or not, every stored column checked against
the file's own fields (parsed here with a plain split, independently of the loader)."""

from __future__ import annotations

import gzip
import hashlib
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bilateral
from bilateral.cli import app
from bilateral.errors import LayoutError
from bilateral.ontology import cameo_table
from bilateral.sources.gdelt import (
    GDELT1_COLUMNS,
    GDELT2_COLUMNS,
    cameo_actor_codes,
    ingest_gdelt,
    raw_row,
)

FIXTURES = Path(__file__).parent / "fixtures" / "gdelt"
GDELT1 = FIXTURES / "gdelt1-events.tsv"
GDELT2 = FIXTURES / "gdelt2-export.tsv"


def rows_of(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text("utf-8").splitlines() if line]


def expected_code(country: str, group: str) -> str | None:
    places = {c: code for c, code, kind, _ in cameo_actor_codes() if kind != "igo"}
    igos = {c: code for c, code, kind, _ in cameo_actor_codes() if kind == "igo"}
    if country:
        return places.get(country, country)
    return igos.get(group)


def test_official_column_names():
    assert GDELT1_COLUMNS[0] == "GLOBALEVENTID" and GDELT1_COLUMNS[26] == "EventCode"
    assert GDELT1_COLUMNS[56:] == ("DATEADDED", "SOURCEURL")
    assert "Actor1Geo_ADM2Code" in GDELT2_COLUMNS and "Actor1Geo_ADM2Code" not in GDELT1_COLUMNS
    assert len(set(GDELT2_COLUMNS)) == 61


@pytest.mark.parametrize("path, origin", [(GDELT1, "gdelt1"), (GDELT2, "gdelt2")])
def test_every_row_stored_as_in_the_file(store, path, origin):
    [summary] = ingest_gdelt([path], store=store)
    rows = rows_of(path)
    assert summary.status == "loaded"
    counts = (summary.rows_seen, summary.rows_loaded, summary.rows_rejected)
    assert counts == (len(rows), len(rows), 0)
    stored = {r["src_line"]: r for r in store.query("SELECT * FROM events")}
    assert len(stored) == len(rows)
    names = GDELT1_COLUMNS if origin == "gdelt1" else GDELT2_COLUMNS
    for line, fields in enumerate(rows, start=1):
        f = dict(zip(names, fields, strict=False))
        ev = stored[line]
        assert ev["event_id"] == f"{origin}:{f['GLOBALEVENTID']}"
        assert ev["origin"] == origin and ev["origin_id"] == f["GLOBALEVENTID"]
        assert ev["date"].strftime("%Y%m%d") == f["SQLDATE"]
        assert ev["cameo"] == f["EventCode"]  # a string, leading zero kept
        assert ev["root"] == f["EventRootCode"] == cameo_table()[f["EventCode"]].root
        assert ev["quad_class"] == cameo_table()[f["EventCode"]].quad_class
        assert ev["goldstein"] == float(f["GoldsteinScale"])
        assert ev["num_articles"] == int(f["NumArticles"])
        assert ev["num_mentions"] == int(f["NumMentions"])
        assert ev["weight"] == max(int(f["NumArticles"]), 1)
        assert ev["source_code"] == expected_code(f["Actor1CountryCode"], f["Actor1KnownGroupCode"])
        assert ev["target_code"] == expected_code(f["Actor2CountryCode"], f["Actor2KnownGroupCode"])
        assert ev["source_agent"] == (f["Actor1Type1Code"] or None)
        assert ev["source_text"] == (f["Actor1Name"] or None)
        assert ev["target_text"] == (f["Actor2Name"] or None)
        pair = sorted([ev["source_code"] or "", ev["target_code"] or ""])
        key = f"{origin}:{f['SQLDATE']}:{pair[0]}-{pair[1]}:{ev['root']}"
        if len(fields) in (58, 61) and f["SOURCEURL"].startswith(("http://", "https://")):
            assert ev["url"] == ev["story"] == f["SOURCEURL"]
        elif len(fields) in (58, 61):  # a source name ("BBC Monitoring"), not a URL
            assert ev["url"] == f["SOURCEURL"]
            assert ev["story"] == f"{key}:{f['SOURCEURL']}"
        else:  # backfile: no URL, a stable key of day, unordered dyad and root
            assert ev["url"] is None
            assert ev["story"] == key


def test_a_source_name_is_not_one_story(store):
    ingest_gdelt(GDELT1, store=store)
    stories = store.query("SELECT story FROM events WHERE url = 'BBC Monitoring'")
    assert len(stories) == 2
    assert all(r["story"].endswith(":BBC Monitoring") for r in stories)


def test_leading_zeros_survive(store):
    ingest_gdelt(GDELT1, store=store)
    codes = {r["cameo"] for r in store.query("SELECT cameo FROM events")}
    assert {"012", "042", "040"} <= codes
    assert all(len(c) >= 2 and c[0] in "012" for c in codes)


def test_mixed_57_and_58_column_file_and_its_ledger_row(store):
    [summary] = ingest_gdelt(GDELT1, store=store)
    widths = [len(r) for r in rows_of(GDELT1)]
    assert {57, 58} == set(widths)
    assert summary.layout == "gdelt1-daily-58+57"
    [ledger] = store.query("SELECT * FROM ingests")
    assert ledger["status"] == "loaded" and ledger["kind"] == "gdelt1"
    assert ledger["rows_seen"] == ledger["rows_loaded"] == len(widths)
    assert ledger["rows_rejected"] == 0
    assert ledger["sha256"] == summary.sha256 == hashlib.sha256(GDELT1.read_bytes()).hexdigest()


def test_a_file_in_a_ledger_of_md5_only_is_still_skipped(store, tmp_path):
    # ledger rows written before the ledger kept SHA-256 have only the MD5
    ingest_gdelt(GDELT1, store=store)
    md5 = hashlib.md5(GDELT1.read_bytes()).hexdigest()
    store.execute("UPDATE ingests SET sha256 = NULL, md5 = ?", [md5])
    copy = tmp_path / "same-bytes.tsv"
    copy.write_bytes(GDELT1.read_bytes())
    [summary] = ingest_gdelt(copy, store=store)
    assert summary.status == "skipped"
    assert store.count("events") == len(rows_of(GDELT1))


@pytest.mark.parametrize("packer", ["zip", "gz"])
def test_zipped_files_load_the_same_events(tmp_path, packer):
    plain_store = bilateral.Store(tmp_path / "plain.duckdb")
    ingest_gdelt(GDELT2, store=plain_store)
    if packer == "zip":
        packed = tmp_path / "20150218230000.export.CSV.zip"
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(GDELT2, "20150218230000.export.CSV")
    else:
        packed = tmp_path / "export.CSV.gz"
        packed.write_bytes(gzip.compress(GDELT2.read_bytes()))
    packed_store = bilateral.Store(tmp_path / "packed.duckdb")
    [summary] = ingest_gdelt(packed, store=packed_store)
    assert summary.rows_loaded == len(rows_of(GDELT2))
    query = "SELECT * EXCLUDE (ingest_id) FROM events ORDER BY event_id"
    assert packed_store.query(query) == plain_store.query(query)


def test_raw_row_is_retrievable_from_the_file(store):
    ingest_gdelt(GDELT1, store=store)
    rows = rows_of(GDELT1)
    for ev in store.query("SELECT event_id, src_line FROM events"):
        assert raw_row(store, ev["event_id"]) == rows[ev["src_line"] - 1]


def test_unknown_layout_is_a_layout_error(store, tmp_path):
    mentions = tmp_path / "mentions.tsv"
    mentions.write_text("1\t2\t3\n", encoding="utf-8")
    with pytest.raises(LayoutError) as err:
        ingest_gdelt(mentions, store=store, strict=True)
    assert err.value.code == "E102" and err.value.line == 1
    [summary] = ingest_gdelt(mentions, store=store)  # default mode: reported, not raised
    assert summary.status == "failed" and "3 tab-separated columns" in summary.message
    assert "first rows" in summary.message
    assert store.count("events") == 0


def test_cli_ingest_gdelt_prints_a_summary(tmp_path):
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(app, ["ingest", "gdelt", str(GDELT1), str(GDELT2), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "gdelt1-daily-58+57: 24 loaded, 0 rejected" in result.output
    assert "gdelt2-export-61: 20 loaded, 0 rejected" in result.output
    with bilateral.Store(db) as store:
        assert store.count("events") == 44


def test_cameo_country_table_matches_the_lookup(shared_data):
    """Every CAMEO country code of the GDELT lookup is in the packaged table."""
    lookup = shared_data / "cameo-goldstein" / "CAMEO.country.txt"
    codes = {
        line.split("\t")[0] for line in lookup.read_text("latin-1").splitlines()[1:] if line.strip()
    } - {"0"}
    packaged = {c for c, _, kind, _ in cameo_actor_codes() if kind != "igo"}
    assert codes <= packaged
    by_code = {c: code for c, code, kind, _ in cameo_actor_codes() if kind != "igo"}
    assert by_code["ROM"] == "ROU" and by_code["TMP"] == "TLS" and by_code["CHN"] == "CHN"


def test_all_shared_gdelt_samples_load_without_rejects(shared_data, store):
    folder = shared_data / "gdelt-samples"
    paths = [
        folder / "spark-gdelt.gdelt1-events.events1.csv",
        folder / "spark-gdelt.gdelt2-export.events.csv",
        folder / "reed9999.gdelt1-daily-sample.events.tsv",
    ]
    summaries = ingest_gdelt(paths, store=store)
    assert [s.rows_loaded for s in summaries] == [100, 100, 710]
    assert all(s.rows_rejected == 0 for s in summaries)


@pytest.mark.parametrize("path", [GDELT1, GDELT2])
def test_one_pass_and_staged_loads_store_the_same_events(tmp_path, path):
    """A clean file loads in one pass; a blank line sends the same rows through the staged
    path (temporary table, line arithmetic). Both must store identical events."""
    fast = bilateral.Store(tmp_path / "fast.duckdb")
    ingest_gdelt(path, store=fast)
    lines = path.read_bytes().splitlines()
    blank = tmp_path / "blank-at-end.tsv"
    blank.write_bytes(b"\n".join([*lines, b"", b""]) + b"\n")
    staged = bilateral.Store(tmp_path / "staged.duckdb")
    [summary] = ingest_gdelt(blank, store=staged)
    assert summary.rows_loaded == len(lines) and summary.rows_rejected == 0
    query = "SELECT * EXCLUDE (ingest_id) FROM events ORDER BY event_id"
    assert staged.query(query) == fast.query(query)
    assert [r["layout"] for r in fast.query("SELECT layout FROM ingests")] == [summary.layout]


def test_a_damaged_zip_is_reported_and_the_other_files_load(tmp_path):
    broken = tmp_path / "20150218230000.export.CSV.zip"
    broken.write_bytes(b"PK\x03\x04 this is not a whole zip file")
    db = tmp_path / "z.duckdb"
    result = CliRunner().invoke(app, ["ingest", "gdelt", str(broken), str(GDELT2), "--db", str(db)])
    assert result.exit_code == 1
    assert f"{broken}: failed: " in result.output and "cannot unpack" in result.output
    assert "gdelt2-export-61: 20 loaded" in result.output
    strict = CliRunner().invoke(app, ["ingest", "gdelt", str(broken), "--strict", "--db", str(db)])
    assert strict.exit_code == 1 and strict.exception.code == "E100"


def test_clean_files_load_in_one_pass_in_any_id_order(store, tmp_path, monkeypatch):
    # the one-pass load numbers rows through their GLOBALEVENTID (joined to the line scan):
    # ids in no particular order, a clean file never takes the staged path, and each row
    # keeps its own line
    from bilateral.sources import _load

    staged: list[str] = []
    real = _load._store_rows
    monkeypatch.setattr(_load, "_store_rows", lambda *a, **k: staged.append(a[1]) or real(*a, **k))
    lines = GDELT2.read_bytes().splitlines()
    written = sorted(lines, key=zlib.crc32)  # a fixed order, not the order of the ids
    shuffled = tmp_path / "shuffled.export.CSV"
    shuffled.write_bytes(b"\n".join(written) + b"\n")
    [summary] = ingest_gdelt(shuffled, store=store)
    assert summary.rows_loaded == len(lines) and staged == []
    for ev in store.query("SELECT origin_id, src_line FROM events"):
        assert written[ev["src_line"] - 1].split(b"\t")[0].decode() == ev["origin_id"]
    bad = tmp_path / "bad.export.CSV"
    fields = lines[3].split(b"\t")
    fields[0] = b"12x"  # not a number: the staged path finds and names it
    bad.write_bytes(b"\n".join([*lines[:3], b"\t".join(fields)]) + b"\n")
    [summary] = ingest_gdelt(bad, store=tmp_path / "other.duckdb")
    assert staged == [str(bad)] and summary.rejects == [(4, "bad GLOBALEVENTID '12x'")]


def test_consecutive_ids_are_numbered_without_a_join(store, tmp_path, monkeypatch):
    # GDELT numbers an export's events consecutively in file order: rows go in numbered by
    # their id; a file that breaks the run once is renumbered, and both get their own lines
    from bilateral.sources import _load

    renumbered: list[int] = []
    real = _load._renumber
    monkeypatch.setattr(_load, "_renumber", lambda *a, **k: renumbered.append(1) or real(*a, **k))
    lines = GDELT2.read_bytes().splitlines()
    for name, ids in (
        ("run", range(900, 900 + len(lines))),
        ("broken", [5, 6, 4, *range(7, 4 + len(lines))]),
    ):
        rows = [
            b"\t".join([str(i).encode(), *line.split(b"\t")[1:]])
            for i, line in zip(ids, lines, strict=True)
        ]
        path = tmp_path / f"{name}.export.CSV"
        path.write_bytes(b"\n".join(rows) + b"\n")
        [summary] = ingest_gdelt(path, store=tmp_path / f"{name}.duckdb")
        assert summary.rows_loaded == len(lines)
        with bilateral.Store(tmp_path / f"{name}.duckdb") as own:
            for ev in own.query("SELECT origin_id, src_line FROM events"):
                assert rows[ev["src_line"] - 1].split(b"\t")[0].decode() == ev["origin_id"]
    assert renumbered == [1]  # only the broken run

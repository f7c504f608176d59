"""ICEWS Dataverse files: every stored column checked against the file's own fields."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bilateral
from bilateral.cli import app
from bilateral.errors import LayoutError
from bilateral.ontology import cameo_table
from bilateral.sources.icews import ICEWS_COLUMNS, agent_of, country_code, ingest_icews

ICEWS = Path(__file__).parent / "fixtures" / "icews" / "icews-events-2018.tab"


def records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize(
    "name, code",
    [
        ("Russian Federation", "RUS"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Taiwan", "TWN"),
        ("Iran", "IRN"),
        ("Occupied Palestinian Territory", "PSE"),
        ("Kosovo", "XKX"),
        ("China", "CHN"),
        ("Japan", "JPN"),
        ("United States", "USA"),
        ("Moldova, Republic of", "MDA"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("Holy See", "VAT"),
        ("Cote d'Ivoire", "CIV"),
        ("Germany", "DEU"),
    ],
)
def test_country_names_map_to_iso_alpha3(name, code):
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["NA", "", "Abu Sayyaf", "Atlantis"])
def test_non_countries_map_to_nothing(name):
    assert country_code(name) is None


def test_sectors_give_cameo_agents():
    assert agent_of("Military,Government") == "MIL"
    assert agent_of("Executive,Foreign Ministry,Government") == "GOV"
    assert agent_of("Police") == "COP"
    assert agent_of("Ideological") is None


def test_every_row_stored_as_in_the_file(store):
    [summary] = ingest_icews(ICEWS, store=store)
    recs = records(ICEWS)
    assert (summary.status, summary.layout) == ("loaded", "icews-20")
    assert summary.rows_loaded == summary.rows_seen == len(recs)
    stored = {r["origin_id"]: r for r in store.query("SELECT * FROM events")}
    for line, rec in enumerate(recs, start=2):
        ev = stored[rec["Event ID"]]
        assert ev["event_id"] == f"icews:{rec['Event ID']}" and ev["origin"] == "icews"
        assert ev["src_line"] == line
        assert ev["date"].isoformat() == rec["Event Date"]
        assert ev["cameo"] == rec["CAMEO Code"]
        assert ev["root"] == cameo_table()[rec["CAMEO Code"]].root == rec["CAMEO Code"][:2]
        assert ev["quad_class"] == cameo_table()[rec["CAMEO Code"]].quad_class
        assert ev["goldstein"] == float(rec["Intensity"])
        assert ev["story"] == rec["Story ID"]
        assert ev["weight"] == 1.0
        assert ev["source_text"] == rec["Source Name"]
        assert ev["target_text"] == rec["Target Name"]
        assert ev["source_code"] == country_code(rec["Source Country"])
        assert ev["target_code"] == country_code(rec["Target Country"])
        assert ev["source_agent"] == agent_of(rec["Source Sectors"])
    codes = {r["source_code"] for r in store.query("SELECT source_code FROM events")}
    assert {"RUS", "PSE", "TWN", "IRN", "PRK", "KOR"} <= codes


def test_zipped_icews_file(store, tmp_path):
    packed = tmp_path / "events.2018.zip"
    with zipfile.ZipFile(packed, "w") as zf:
        zf.write(ICEWS, "events.2018.tab")
    [summary] = ingest_icews(packed, store=store)
    assert summary.rows_loaded == len(records(ICEWS))


def test_wrong_header_is_a_layout_error(store, tmp_path):
    other = tmp_path / "kg.txt"
    other.write_text("China\tConsult\tJapan\t2005-01-01\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="not an ICEWS Dataverse event file"):
        ingest_icews(other, store=store, strict=True)
    assert ICEWS_COLUMNS[11] == "Story ID"


def test_cli_ingest_icews(tmp_path):
    db = tmp_path / "i.duckdb"
    result = CliRunner().invoke(app, ["ingest", "icews", str(ICEWS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"icews-20: {len(records(ICEWS))} loaded, 0 rejected" in result.output


def test_shared_icews_files(shared_data, store):
    folder = shared_data / "icews-samples"
    sample, kg = ingest_icews(
        [folder / "andybega-icews.events.2018.sample.tab", folder / "icews05-15.tab"], store=store
    )
    assert (sample.rows_seen, sample.rows_rejected) == (3705, 0)
    assert kg.rows_seen == 92367
    # the only rejects: a code that is not CAMEO 1.1b3, never dropped silently
    reasons = {r for _, r in kg.rejects}
    assert kg.rows_loaded + kg.rows_rejected == kg.rows_seen
    assert reasons <= {"unknown CAMEO event code '1213'"}
    chn_jpn = store.query(
        "SELECT count(*) AS n FROM events WHERE origin = 'icews' AND "
        "least(source_code, target_code) = 'CHN' AND greatest(source_code, target_code) = 'JPN'"
    )[0]["n"]
    assert chn_jpn > 500
    assert bilateral.Store is type(store)

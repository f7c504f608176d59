"""ICEWS coded event data in the Harvard Dataverse layout: tab-separated, 20 named columns,
one header row (``Event ID``, ``Event Date``, ``Source Name``, ...), plain, ``.zip`` or
``.gz``.

What is stored (``events``): ``icews:<Event ID>``; Event Date; Source/Target Country mapped
from a country name to ISO 3166-1 alpha-3 (pycountry by name, official or common name,
plus the packaged ``data/country_names.tsv`` for the names ICEWS uses that pycountry does not
know, such as "Russian Federation", "South Korea", "Occupied Palestinian Territory",
"Kosovo"); the first known sector of each actor as a CAMEO agent
(``data/icews_sectors.tsv``); Source/Target Name as text; the CAMEO Code (checked against the
ontology: an unknown code rejects the row) with the ontology's root and quad class;
Intensity as ``goldstein``; Story ID as ``story``; weight 1. The other columns (sentence
number, publisher, place) stay in the file, found through the ledger and ``src_line``.
A country name that cannot be mapped leaves the code empty and is listed in the summary's
message, never guessed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import pycountry

from ..errors import IngestError, LayoutError
from ..store import Store
from ._load import IngestSummary, TableLayout, first_line, insert_rows, load_table

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
# SQL names for the columns (the header's words, spaces as underscores)
_COLS = tuple(c.replace(" ", "_") for c in ICEWS_COLUMNS)

_STAGE = """
SELECT *,
    a1_code AS source_code, a2_code AS target_code,
    1.0::DOUBLE AS weight, NULL::INTEGER AS num_mentions, NULL::INTEGER AS num_sources,
    NULL::INTEGER AS num_articles, NULL::VARCHAR AS url
FROM (
SELECT
    r.src_line AS src_line,
    CASE WHEN r.Longitude IS NOT NULL THEN 20 END AS n_columns,
    'icews:' || r.Event_ID AS event_id,
    'icews' AS origin,
    r.Event_ID AS origin_id,
    CASE WHEN regexp_full_match(r.Event_Date, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
         THEN try_strptime(r.Event_Date, '%Y-%m-%d')::DATE END AS date,
    n1.code AS a1_code,
    s1.agent AS source_agent,
    nullif(r.Source_Name, '') AS source_text,
    n2.code AS a2_code,
    s2.agent AS target_agent,
    nullif(r.Target_Name, '') AS target_text,
    r.CAMEO_Code AS cameo,
    k.root AS root,
    k.quad_class AS quad_class,
    try_cast(r.Intensity AS DOUBLE) AS goldstein,
    nullif(r.Story_ID, '') AS story,
    CASE
      WHEN n_columns IS NULL THEN 'wrong column count'
      WHEN r.Event_ID = '' THEN 'empty Event ID'
      WHEN date IS NULL THEN 'bad date ''' || r.Event_Date || ''' (Event Date, expected YYYY-MM-DD)'
      WHEN k.code IS NULL THEN 'unknown CAMEO event code ''' || r.CAMEO_Code || ''''
      WHEN try_cast(r.Intensity AS DOUBLE) IS NULL
        THEN 'non-numeric Intensity ''' || r.Intensity || ''''
    END AS reason
FROM {raw} r
LEFT JOIN {cameo} k ON k.code = r.CAMEO_Code
LEFT JOIN bl_icews_country n1 ON n1.name = lower(r.Source_Country)
LEFT JOIN bl_icews_country n2 ON n2.name = lower(r.Target_Country)
LEFT JOIN bl_icews_agent s1 ON s1.sectors = r.Source_Sectors
LEFT JOIN bl_icews_agent s2 ON s2.sectors = r.Target_Sectors
)
"""

ICEWS = TableLayout(name="icews-20", kind="icews", columns=_COLS, stage_sql=_STAGE, header=True)


def detect_layout(text_path: Path, uri: str) -> TableLayout:
    """The Dataverse layout, recognised by its header row."""
    header = first_line(text_path).lstrip("\ufeff").split("\t")
    if [h.strip().strip('"') for h in header] != list(ICEWS_COLUMNS):
        raise LayoutError(
            f"not an ICEWS Dataverse event file: the header has {len(header)} columns "
            f"starting {header[:3]}; expected the 20 columns {', '.join(ICEWS_COLUMNS[:3])}, ...",
            path=uri,
            line=1,
            hint="ICEWS files from Dataverse start with the header row",
        )
    return ICEWS


@cache
def _extra_names() -> dict[str, str]:
    text = resources.files("bilateral").joinpath("data/country_names.tsv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    names: dict[str, str] = {}
    for number, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=2):
        code = row.get("code") or ""
        if len(code) != 3 or not code.isupper() or not row.get("name"):
            raise IngestError(
                "bad row in the packaged country name table",
                path="data/country_names.tsv",
                line=number,
            )
        names[row["name"].lower()] = code
    return names


@cache
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-3 code of a country name, or None (``NA`` and unknown names)."""
    key = name.strip()
    if not key or key.upper() == "NA":
        return None
    extra = _extra_names().get(key.lower())
    if extra:
        return extra
    try:
        return str(pycountry.countries.lookup(key).alpha_3)
    except LookupError:
        return None


@cache
def _sectors() -> tuple[tuple[str, str], ...]:
    text = resources.files("bilateral").joinpath("data/icews_sectors.tsv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    out = []
    for number, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=2):
        if not row.get("sector") or not row.get("agent") or len(row["agent"]) != 3:
            raise IngestError(
                "bad row in the packaged ICEWS sector table",
                path="data/icews_sectors.tsv",
                line=number,
            )
        out.append((row["sector"], row["agent"]))
    return tuple(out)


def _prepare(con: duckdb.DuckDBPyConnection, text_path: Path) -> list[str]:
    """Country-name and sector lookup tables for this file; returns unmapped names."""
    rows = con.execute(
        "SELECT DISTINCT kind, v FROM (SELECT unnest(['c', 'c', 's', 's']) AS kind, "
        "unnest([Source_Country, Target_Country, Source_Sectors, Target_Sectors]) AS v FROM "
        "read_csv(?, columns = ?, delim = '\t', quote = '', escape = '', header = true, "
        "auto_detect = false, null_padding = true, ignore_errors = true, "
        "compression = 'none')) WHERE v IS NOT NULL",
        [str(text_path), {c: "VARCHAR" for c in _COLS}],
    ).fetchall()
    names = [(v,) for kind, v in rows if kind == "c"]
    sectors = [v for kind, v in rows if kind == "s"]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE bl_icews_country (name VARCHAR PRIMARY KEY, code VARCHAR)"
    )
    mapped, unmapped = [], []
    for (name,) in names:
        code = country_code(name)
        if code:
            mapped.append((name.lower(), code))
        elif name.strip() and name.strip().upper() != "NA":
            unmapped.append(name)
    insert_rows(con, "bl_icews_country", mapped, or_ignore=True)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE bl_icews_agent (sectors VARCHAR PRIMARY KEY, agent VARCHAR)"
    )
    agents = [(v, a) for v in sectors if (a := agent_of(v))]
    insert_rows(con, "bl_icews_agent", agents)
    return sorted(unmapped)


def agent_of(sectors: str) -> str | None:
    """The CAMEO agent of an ICEWS sector list: the first sector of the packaged table
    (in the table's order) that the list names."""
    named = {s.strip() for s in sectors.split(",")}
    for sector, agent in _sectors():
        if sector in named:
            return agent
    return None


def ingest_icews_file(
    store: Store, path: str | Path, *, strict: bool = False, uri: str | None = None
) -> IngestSummary:
    """Load one ICEWS Dataverse file; see the module docstring."""
    unmapped: list[str] = []

    def layout_of(text_path: Path, where: str) -> TableLayout:
        layout = detect_layout(text_path, where)
        unmapped.extend(_prepare(store.con, text_path))
        return layout

    summary = load_table(store, Path(path), layout_of, strict=strict, uri=uri)
    if unmapped and summary.status == "loaded":
        summary.message = (
            "country names without an ISO code (left empty): "
            + ", ".join(unmapped[:10])
            + (" ..." if len(unmapped) > 10 else "")
        )
    return summary


def ingest_icews(
    paths: str | Path | Iterable[str | Path], *, store: Store | str | Path, strict: bool = False
) -> list[IngestSummary]:
    """Load ICEWS Dataverse files into the store, one transaction per file (the same rules as
    :func:`~bilateral.sources.gdelt.ingest_gdelt`)."""
    from .gdelt import _ingest_many

    return _ingest_many(paths, store, strict, ingest_icews_file)

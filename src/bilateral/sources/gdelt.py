"""GDELT event exports: 1.0 backfile (57 columns), 1.0 daily (58) and 2.0 export (61).

Files are tab-separated without a header, plain, ``.zip`` (as GDELT publishes them) or
``.gz``. The layout is detected per file from its first rows: 57 or 58 fields is GDELT 1.0
(the two may mix row by row: backfile rows simply lack SOURCEURL), 61 is GDELT 2.0. Every
column is read as a string, so codes keep their leading zeros (EventCode ``042``,
EventRootCode ``04``), and parsed and validated inside DuckDB (see ``_load``).

What is stored (``events``): GLOBALEVENTID, SQLDATE as ``date``, the two actors' countries
mapped from CAMEO country codes to ISO 3166-1 alpha-3 (``data/countries_cameo.tsv``; an
actor with no country but an IGO known-group code gets that code, e.g. ``UNO``, ``NAT``,
``EEC`` -> ``EUR``), Actor1/2Type1Code as agents, Actor1/2Name as text, EventCode with the
ontology's root and quad class, GoldsteinScale, NumMentions/NumSources/NumArticles (weight =
NumArticles, at least 1), SOURCEURL as ``url`` and ``story``, and the file line as
``src_line``. Backfile rows have no SOURCEURL; their story key is
``gdelt1:<SQLDATE>:<unordered dyad>:<root>`` (the day's reports of one kind of event between
the two sides). Some 1.0 daily rows name a source instead of a URL ("BBC Monitoring"): their
story is that key followed by ``:<source>``, so one wire service is not one story. The other
columns stay retrievable from the file through the ledger (``ingests.uri`` and ``sha256``) and
``src_line``: :func:`raw_row`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import BadRowError, IngestError, LayoutError
from ..ontology import cameo_table, quad_class_of_root
from ..store import Store, opened
from ._load import (
    IngestSummary,
    TableLayout,
    as_paths,
    head_lines,
    load_table,
)

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_HEAD = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{a}" for a in _ACTOR),
    *(f"Actor2{a}" for a in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)

#: GDELT 1.0 daily files (58 columns); backfile rows (57) stop before SOURCEURL.
GDELT1_COLUMNS: tuple[str, ...] = (
    *_HEAD,
    *(f"Actor1Geo_{g}" for g in _GEO),
    *(f"Actor2Geo_{g}" for g in _GEO),
    *(f"ActionGeo_{g}" for g in _GEO),
    "DATEADDED",
    "SOURCEURL",
)
#: GDELT 2.0 event exports (61 columns): ADM2Code in each geography, DATEADDED a timestamp.
GDELT2_COLUMNS: tuple[str, ...] = (
    *_HEAD,
    *(f"Actor1Geo_{g}" for g in _GEO2),
    *(f"Actor2Geo_{g}" for g in _GEO2),
    *(f"ActionGeo_{g}" for g in _GEO2),
    "DATEADDED",
    "SOURCEURL",
)
assert len(GDELT1_COLUMNS) == 58 and len(GDELT2_COLUMNS) == 61


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _actor_sql(n: int) -> str:
    """Actor n's code: its CAMEO country code mapped to ISO alpha-3 (identical for most), or
    with no country, its IGO known-group code. Row-by-row expressions (no join), so the
    statement keeps the file's order."""
    rows = cameo_actor_codes()
    renamed = " ".join(
        f"WHEN {_sql_text(c)} THEN {_sql_text(code)}"
        for c, code, kind, _ in rows
        if kind != "igo" and c != code
    )
    igo_same = "|".join(c for c, code, kind, _ in rows if kind == "igo" and c == code)
    igo_renamed = " ".join(
        f"WHEN r.Actor{n}KnownGroupCode = {_sql_text(c)} THEN {_sql_text(code)}"
        for c, code, kind, _ in rows
        if kind == "igo" and c != code
    )
    return f"""
    CASE r.Actor{n}CountryCode
      WHEN '' THEN CASE
        WHEN regexp_full_match(r.Actor{n}KnownGroupCode, '{igo_same}')
          THEN r.Actor{n}KnownGroupCode
        {igo_renamed} END
      {renamed}
      ELSE r.Actor{n}CountryCode END AS a{n}_code,
    nullif(r.Actor{n}Type1Code, '') AS a{n}_agent,
    nullif(r.Actor{n}Name, '') AS a{n}_text"""


def _cameo_pattern() -> str:
    """A regular expression matching exactly the ontology's CAMEO event codes (whose root
    is always the code's first two digits: checked here)."""
    table = cameo_table()
    for code, entry in table.items():
        if entry.root != code[:2] or entry.quad_class != quad_class_of_root(entry.root):
            raise IngestError(f"ontology entry {code} has root {entry.root}", path="data/cameo.tsv")
    return "|".join(sorted(table))


_Q = "''''"  # a single quote inside the SQL string literals below


def _stage_sql(origin: str, n_columns_sql: str) -> str:
    """Typed ``events`` columns and a ``reason`` (NULL when the row is good) per raw row,
    row by row (no joins)."""
    numeric = [
        f"WHEN r.{c} <> '' AND try_cast(r.{c} AS INTEGER) IS NULL "
        f"THEN 'non-numeric {c} ' || {_Q} || r.{c} || {_Q}"
        for c in ("NumMentions", "NumSources", "NumArticles")
    ]
    return f"""
SELECT
    r.src_line AS src_line,
    {n_columns_sql} AS n_columns,
    '{origin}:' || r.GLOBALEVENTID AS event_id,
    '{origin}' AS origin,
    r.GLOBALEVENTID AS origin_id,
    CASE WHEN regexp_full_match(r.SQLDATE, '[0-9]{{8}}')
         THEN try_strptime(r.SQLDATE, '%Y%m%d')::DATE END AS event_date,
    {_actor_sql(1)},
    {_actor_sql(2)},
    r.EventCode AS cameo,
    regexp_full_match(r.EventCode, '{_cameo_pattern()}') AS known_code,
    CASE WHEN known_code THEN left(r.EventCode, 2) END AS root,
    CASE WHEN NOT known_code THEN NULL
         WHEN left(r.EventCode, 2) <= '05' THEN 1
         WHEN left(r.EventCode, 2) <= '08' THEN 2
         WHEN left(r.EventCode, 2) <= '13' THEN 3
         ELSE 4 END::TINYINT AS quad_class,
    try_cast(r.GoldsteinScale AS DOUBLE) AS goldstein,
    try_cast(r.NumMentions AS INTEGER) AS num_mentions,
    try_cast(r.NumSources AS INTEGER) AS num_sources,
    try_cast(r.NumArticles AS INTEGER) AS num_articles,
    nullif(r.SOURCEURL, '') AS url,
    CASE
      WHEN n_columns IS NULL THEN 'wrong column count'
      WHEN NOT regexp_full_match(r.GLOBALEVENTID, '[0-9]+')
        THEN 'bad GLOBALEVENTID ' || {_Q} || r.GLOBALEVENTID || {_Q}
      WHEN event_date IS NULL
        THEN 'bad date ' || {_Q} || r.SQLDATE || {_Q} || ' (SQLDATE, expected YYYYMMDD)'
      WHEN NOT known_code
        THEN 'unknown CAMEO event code ' || {_Q} || r.EventCode || {_Q}
      WHEN try_cast(r.GoldsteinScale AS DOUBLE) IS NULL
        THEN 'non-numeric GoldsteinScale ' || {_Q} || r.GoldsteinScale || {_Q}
      {" ".join(numeric)}
    END AS reason
FROM {{raw}} r
"""


def _finish_sql(origin: str) -> str:
    # the columns load_table inserts, named as in events
    return f"""
SELECT *,
    event_date AS date,
    a1_code AS source_code, a1_agent AS source_agent, a1_text AS source_text,
    a2_code AS target_code, a2_agent AS target_agent, a2_text AS target_text,
    greatest(coalesce(num_articles, 1), 1)::DOUBLE AS weight,
    CASE WHEN starts_with(url, 'http://') OR starts_with(url, 'https://') THEN url
         ELSE '{origin}:' || strftime(event_date, '%Y%m%d') || ':'
              || least(coalesce(a1_code, ''), coalesce(a2_code, '')) || '-'
              || greatest(coalesce(a1_code, ''), coalesce(a2_code, '')) || ':'
              || coalesce(root, '') || coalesce(':' || url, '') END AS story
FROM ({{inner}})
"""


_USED = (
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1Type1Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2Type1Code",
    "EventCode",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "DATEADDED",
    "SOURCEURL",
)


def _layout(
    name: str, origin: str, columns: tuple[str, ...], n_sql: str, min_columns: int | None
) -> TableLayout:
    inner = _stage_sql(origin, n_sql)
    return TableLayout(
        name=name,
        kind=origin,
        columns=columns,
        stage_sql=_finish_sql(origin).replace("{inner}", inner),
        min_columns=min_columns,
        used_columns=_USED,
        row_by_row=True,
        short_rows_sql="SOURCEURL IS NULL AND DATEADDED IS NOT NULL" if min_columns else "",
        full_rows_sql="SOURCEURL IS NOT NULL",
    )


@cache
def gdelt1_layout() -> TableLayout:
    """GDELT 1.0: daily rows of 58 columns, backfile rows of 57 (they may mix)."""
    return _layout(
        "gdelt1-daily-58",
        "gdelt1",
        GDELT1_COLUMNS,
        "CASE WHEN r.SOURCEURL IS NOT NULL THEN 58 WHEN r.DATEADDED IS NOT NULL THEN 57 END",
        57,
    )


@cache
def gdelt2_layout() -> TableLayout:
    """GDELT 2.0 event exports: 61 columns."""
    return _layout(
        "gdelt2-export-61",
        "gdelt2",
        GDELT2_COLUMNS,
        "CASE WHEN r.SOURCEURL IS NOT NULL THEN 61 END",
        None,
    )


def detect_layout(text_path: Path, uri: str) -> TableLayout:
    """GDELT1 when most of the first rows have 57 or 58 fields, GDELT2 when they have 61
    (a damaged first row does not decide); else a LayoutError."""
    counts = Counter(line.count("\t") + 1 for line in head_lines(text_path)[:200])
    v1, v2 = counts[57] + counts[58], counts[61]
    if v1 and v1 >= v2:
        return gdelt1_layout()
    if v2:
        return gdelt2_layout()
    n = counts.most_common(1)[0][0] if counts else 0
    raise LayoutError(
        f"not a GDELT event file: the first rows have {n} tab-separated columns "
        "(GDELT 1.0 backfile has 57, 1.0 daily 58, 2.0 export 61)",
        path=uri,
        line=1,
        hint="GDELT 2.0 mentions and GKG files are not event files",
    )


@cache
def cameo_actor_codes() -> tuple[tuple[str, str, str, str], ...]:
    """(cameo, code, kind, name) rows of the packaged ``countries_cameo.tsv``, validated."""
    text = resources.files("bilateral").joinpath("data/countries_cameo.tsv").read_text("utf-8")
    rows: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#") or line.startswith("cameo\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[2] not in {"country", "former", "region", "igo"}:
            raise IngestError(
                "bad row in the packaged CAMEO country table",
                path="data/countries_cameo.tsv",
                line=number,
            )
        key = (parts[0], "igo" if parts[2] == "igo" else "place")
        if key in seen:
            raise IngestError(
                f"duplicate code {parts[0]}", path="data/countries_cameo.tsv", line=number
            )
        seen.add(key)
        rows.append((parts[0], parts[1], parts[2], parts[3]))
    return tuple(rows)


def ingest_gdelt_file(
    store: Store, path: str | Path, *, strict: bool = False, uri: str | None = None
) -> IngestSummary:
    """Load one GDELT event file (any of the three layouts); see the module docstring."""
    return load_table(store, Path(path), detect_layout, strict=strict, uri=uri)


def ingest_gdelt(
    paths: str | Path | Iterable[str | Path], *, store: Store | str | Path, strict: bool = False
) -> list[IngestSummary]:
    """Load GDELT event files into the store, one transaction per file.

    Default: good rows load, bad rows go to ``rejects`` (listed in each summary), a file of
    an unknown layout is reported as failed. ``strict``: the first bad row raises
    :class:`~bilateral.errors.BadRowError` and that file leaves the store unchanged.
    A file already loaded (same MD5) is skipped.
    """
    return _ingest_many(paths, store, strict, ingest_gdelt_file)


def _ingest_many(
    paths: str | Path | Iterable[str | Path],
    store: Store | str | Path,
    strict: bool,
    one: Callable[..., IngestSummary],
) -> list[IngestSummary]:
    with opened(store) as st:
        out = []
        for path in as_paths(paths):
            try:
                out.append(one(st, path, strict=strict))
            except (LayoutError, IngestError) as exc:
                # a file that cannot be read at all (unknown layout, damaged zip, missing):
                # reported, and the other files still load; strict mode stops here
                if strict or isinstance(exc, BadRowError):
                    raise
                out.append(
                    IngestSummary(path=str(path), kind="", status="failed", message=str(exc))
                )
        return out


def raw_row(store: Store, event_id: str) -> list[str]:
    """The full raw GDELT row of a stored event, re-read from its file (checked by its
    SHA-256, or MD5 for files loaded before the ledger kept SHA-256)."""
    from ._load import file_md5, file_sha256, raw_lines

    rows = store.query(
        "SELECT e.src_line, i.uri, i.md5, i.sha256 FROM events e JOIN ingests i "
        "USING (ingest_id) WHERE e.event_id = ?",
        [event_id],
    )
    if not rows:
        raise IngestError(f"no stored event {event_id!r}")
    line, uri, sha256 = rows[0]["src_line"], rows[0]["uri"], rows[0]["sha256"]
    path = Path(uri)
    same = path.is_file() and (
        file_sha256(path) == sha256 if sha256 else file_md5(path) == rows[0]["md5"]
    )
    if not same:
        raise IngestError(
            "the file this event came from is gone or changed",
            path=uri,
            hint="fetch or copy the original file back to this path",
        )
    from ._load import _plain_text

    with _plain_text(path) as (text_path, _scan, _thread):
        text = raw_lines(text_path, {int(line)}).get(int(line))
    if text is None:
        raise IngestError("line not found", path=uri, line=int(line))
    return text.split("\t")

"""The engine every tabular event source shares: one file, one transaction, parsed and
validated inside DuckDB.

A source module (``gdelt``, ``icews``) describes a file layout as a :class:`TableLayout`:
the declared columns (all VARCHAR), how to stage them (a SQL ``SELECT`` over the raw columns
that yields the typed ``events`` columns and a ``reason`` that is NULL for a good row), and the
origin and ledger kind. :func:`load_table` then

1. reads the file's line structure (NumPy: line ends, blank lines, each line's first field)
   and computes its MD5 (in a thread, while DuckDB reads); skips a file already loaded;
2. reads the file with DuckDB's CSV reader (explicit columns, no sniffing, rows DuckDB cannot
   read, e.g. too many columns or invalid UTF-8, go to a DuckDB rejects table with their line);
3. stages every row with its reason into a temporary table in one parallel pass;
4. in one transaction: the ledger row, the good rows into ``events``, the bad rows into
   ``rejects`` with file, line, reason and the raw line; or, in strict mode, nothing at all
   and a :class:`~bilateral.errors.BadRowError` naming the first bad line.

Line numbers: a clean file loads in one statement in any order, each row numbered through
its first field (see :func:`_fast_load`). The staged path relies on DuckDB keeping file order
when it creates a table from a scan (``preserve_insertion_order``), so the staged row number
plus the lines the reader skipped before it (rejected or blank lines) is the row's line.

``events.event_id`` is kept unique here, not by a declared key: :func:`duplicate_ids`.
"""

from __future__ import annotations

import bisect
import contextlib
import gzip
import hashlib
import shutil
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

from ..errors import BadRowError, IngestError
from ..ontology import cameo_table
from ..store import Store

#: How many bad lines a summary lists one by one (the rest are counted).
LISTED_REJECTS = 20
_CHUNK = 1 << 22


@dataclass
class IngestSummary:
    """What happened to one input file. ``status`` is loaded, skipped (same MD5 already
    loaded) or failed (in default mode, a file whose layout is not known)."""

    path: str
    kind: str
    status: str
    layout: str | None = None
    ingest_id: int | None = None
    md5: str | None = None  # set by fetch_gdelt: the MD5 GDELT's list gives for the file
    sha256: str | None = None  # the file's checksum in the ledger
    rows_seen: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    rejects: list[tuple[int, str]] = field(default_factory=list)
    message: str | None = None
    seconds: float = 0.0
    url: str | None = None  # set by fetch_gdelt: where the file came from

    def describe(self) -> str:
        """One line for the command's output."""
        if self.status == "skipped":
            return f"{self.path}: skipped, already loaded (ingest {self.message})"
        if self.status == "failed":
            return f"{self.path}: failed: {self.message}"
        text = (
            f"{self.path}: {self.layout}: {self.rows_loaded:,} loaded, "
            f"{self.rows_rejected:,} rejected of {self.rows_seen:,} rows "
            f"in {self.seconds:.2f} s"
        )
        return text

    def reject_lines(self) -> list[str]:
        """``file:line: reason`` for the listed rejects, then a count of the rest."""
        lines = [f"{self.path}:{line}: {reason}" for line, reason in self.rejects]
        rest = self.rows_rejected - len(self.rejects)
        if rest > 0:
            lines.append(
                f"{self.path}: ... and {rest:,} more rejected rows "
                f"(see the rejects table, ingest {self.ingest_id})"
            )
        return lines


@dataclass(frozen=True)
class TableLayout:
    """A delimited layout, declared for DuckDB's CSV reader."""

    name: str  # ledger layout, e.g. gdelt1-daily-58
    kind: str  # ledger kind and events.origin: gdelt1, gdelt2, icews
    columns: tuple[str, ...]  # official column names, in file order
    stage_sql: str  # SELECT ... FROM raw; see load_table
    header: bool = False
    min_columns: int | None = None  # rows may stop early (GDELT 1.0 backfile: 57 of 58)
    used_columns: tuple[str, ...] = ()  # the columns stage_sql reads (default: all)
    #: stage_sql is row by row (no joins), so it can run on the CSV scan itself and keep the
    #: file order: the one-pass load (see _fast_load)
    row_by_row: bool = False
    short_rows_sql: str = ""  # condition on the raw columns: a row of min_columns
    full_rows_sql: str = ""  # condition on the raw columns: a row of all columns

    def expected(self) -> str:
        n = len(self.columns)
        return f"{self.min_columns} or {n}" if self.min_columns else str(n)

    def explain(self, reason: str, raw: str | None) -> str:
        """Reasons about the column count get the count found on the raw line."""
        if reason.startswith("wrong column count") and raw is not None:
            found = raw.count("\t") + 1
            return f"wrong column count: {found} columns, expected {self.expected()}"
        return reason


# -- files ---------------------------------------------------------------------------------------


@dataclass
class _Scan:
    md5: str = ""
    sha256: str = ""
    size: int = 0
    blank_lines: list[int] = field(default_factory=list)
    lines: int = 0  # lines in the text, blank ones included
    error: BaseException | None = None
    #: the first field of every line as an integer, in file order (GDELT's GLOBALEVENTID):
    #: how the one-pass load numbers its rows (see _fast_load). None when a line's first
    #: field is not 1 to 18 digits, or there is a blank line.
    first_ids: npt.NDArray[np.int64] | None = None


#: The longest first field read as a number (int64 holds any 18 digits).
_ID_DIGITS = 18


def _scan_file(
    path: Path, scan: _Scan, *, digest: bool, lines: bool, algorithm: str = "sha256"
) -> None:
    """One pass over a file: its MD5 and size, and (``lines``) its line count, the numbers of
    its blank lines (DuckDB skips them; the line arithmetic needs them) and the first field
    of each line as a number. NumPy finds the newlines; hashlib releases the GIL, so this
    runs beside DuckDB in a thread."""
    h = hashlib.md5(usedforsecurity=False) if algorithm == "md5" else hashlib.sha256()
    buf = bytearray(_CHUNK)
    view = memoryview(buf)
    carry = 0  # bytes of an unfinished line kept at the start of buf
    lines_before = 0
    ids: list[npt.NDArray[np.int64]] | None = [] if lines else None
    with path.open("rb", buffering=0) as fh:
        while True:
            if len(buf) - carry < _CHUNK // 2:  # a very long line: grow the buffer
                view.release()
                buf.extend(bytes(len(buf)))
                view = memoryview(buf)
            got = fh.readinto(view[carry:])
            if not got:
                break
            if digest:
                h.update(view[carry : carry + got])
                scan.size += got
            if not lines:
                continue
            size = carry + got
            text = np.frombuffer(buf, np.uint8, size)
            ends = np.flatnonzero(text == 10)
            if len(ends):
                starts = np.empty(len(ends), np.int64)
                starts[0] = 0
                starts[1:] = ends[:-1] + 1
                blank = np.flatnonzero(starts == ends)
                if len(blank):
                    scan.blank_lines.extend((blank + lines_before + 1).tolist())
                    ids = None
                if ids is not None:
                    found = _first_numbers(text, starts, ends)
                    ids = None if found is None else [*ids, found]
                lines_before += len(ends)
                last = int(ends[-1]) + 1
            else:
                last = 0
            del text
            carry = size - last
            if last:
                buf[:carry] = buf[last:size]
    view.release()
    if lines:
        if carry:  # a last line without a newline
            lines_before += 1
            if ids is not None:
                buf[carry : carry + 1] = b"\n"
                text = np.frombuffer(buf, np.uint8, carry + 1)
                found = _first_numbers(text, np.zeros(1, np.int64), np.array([carry]))
                ids = None if found is None else [*ids, found]
                del text
        scan.lines = lines_before
        if ids is not None:
            scan.first_ids = np.concatenate(ids) if ids else np.zeros(0, np.int64)
    if digest:
        if algorithm == "md5":
            scan.md5 = h.hexdigest()
        else:
            scan.sha256 = h.hexdigest()


def _first_numbers(
    text: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64] | None:
    """The first tab-separated field of each line [start, end) as a number, or None when one
    of them is not 1 to 18 ASCII digits followed by a tab."""
    value = np.zeros(len(starts), np.int64)
    open_ = np.ones(len(starts), bool)  # still reading the line's digits
    last = len(text) - 1
    for k in range(_ID_DIGITS + 1):
        at = np.minimum(starts + k, ends)
        c = text[np.minimum(at, last)]
        tab = (c == 9) & (at < ends)
        digit = (c >= 48) & (c <= 57) & (at < ends)
        if k == 0:
            if not digit.all():
                return None
        elif (open_ & ~tab & ~digit).any():
            return None
        open_ &= ~tab
        if not open_.any():
            return value
        if k == _ID_DIGITS:
            return None
        value = np.where(open_, value * 10 + (c.astype(np.int64) - 48), value)
    return None


def file_md5(path: Path) -> str:
    scan = _Scan()
    _scan_file(path, scan, digest=True, lines=False, algorithm="md5")
    return scan.md5


def file_sha256(path: Path) -> str:
    scan = _Scan()
    _scan_file(path, scan, digest=True, lines=False)
    return scan.sha256


def _find_loaded(store: Store, kind: str, scan: _Scan, path: Path) -> dict | None:
    """The ledger row of a loaded file with this SHA-256; for ledger rows written before the
    ledger kept SHA-256 (MD5 only), the MD5 of this file is computed when one of them has
    its size."""
    rows = store.query(
        "SELECT * FROM ingests WHERE kind = ? AND sha256 = ? AND status = 'loaded' "
        "ORDER BY ingest_id LIMIT 1",
        [kind, scan.sha256],
    )
    if rows:
        return rows[0]
    old = store.con.execute(
        "SELECT count(*) FROM ingests WHERE kind = ? AND status = 'loaded' "
        "AND sha256 IS NULL AND md5 IS NOT NULL AND size = ?",
        [kind, scan.size],
    ).fetchall()[0]
    return store.find_loaded(kind, file_md5(path)) if old and old[0] else None


@contextlib.contextmanager
def _plain_text(path: Path) -> Iterator[tuple[Path, _Scan, threading.Thread | None]]:
    """The delimited text of ``path`` (a .zip member or .gz unpacked to a temporary file)
    and its scan (MD5 of the file as given, line structure of the text): running in a thread
    for a plain file, done before it is yielded for a packed one (thread None)."""
    scan = _Scan()
    suffix = path.suffix.lower()
    if suffix not in {".zip", ".gz"}:

        def work() -> None:
            try:
                _scan_file(path, scan, digest=True, lines=True)
            except BaseException as exc:  # surfaced by the caller
                scan.error = exc

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        try:
            yield path, scan, thread
        finally:
            thread.join()
        return
    with tempfile.TemporaryDirectory(prefix="bilateral-") as tmp:
        target = Path(tmp) / "rows.txt"
        try:
            if suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    members = [m for m in zf.infolist() if not m.is_dir()]
                    if len(members) != 1:
                        raise IngestError(
                            f"a zip of {len(members)} files; expected one delimited file",
                            path=str(path),
                        )
                    with zf.open(members[0]) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst, _CHUNK)
            else:
                with gzip.open(path, "rb") as gz, target.open("wb") as dst:
                    shutil.copyfileobj(gz, dst, _CHUNK)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise IngestError(
                f"cannot unpack: {exc}",
                path=str(path),
                hint="the file is damaged or not a zip/gzip file",
            ) from None
        _scan_file(path, scan, digest=True, lines=False)
        _scan_file(target, scan, digest=False, lines=True)
        yield target, scan, None


def first_line(path: Path, limit: int = 1 << 16) -> str:
    """The first non-blank line of a text file (bytes decoded leniently)."""
    lines = head_lines(path, limit)
    return lines[0] if lines else ""


def head_lines(path: Path, limit: int = 1 << 18) -> list[str]:
    """The complete non-blank lines in the first ``limit`` bytes (decoded leniently)."""
    with path.open("rb") as fh:
        head = fh.read(limit)
    raw = head.split(b"\n")
    if len(head) == limit and len(raw) > 1:
        raw = raw[:-1]  # the last one may be cut
    return [r.rstrip(b"\r").decode("utf-8", "replace") for r in raw if r.strip(b"\r")]


def raw_lines(path: Path, wanted: set[int]) -> dict[int, str]:
    """The text of the given 1-based lines of a file (invalid UTF-8 shown as U+FFFD)."""
    found: dict[int, str] = {}
    if not wanted:
        return found
    last = max(wanted)
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number in wanted:
                found[number] = raw.rstrip(b"\r\n").decode("utf-8", "replace")
            if number >= last:
                break
    return found


# -- the load ------------------------------------------------------------------------------------

EVENT_COLUMNS = (
    "event_id",
    "origin",
    "origin_id",
    "ingest_id",
    "date",
    "source_code",
    "source_agent",
    "source_text",
    "target_code",
    "target_agent",
    "target_text",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "num_mentions",
    "num_sources",
    "num_articles",
    "weight",
    "story",
    "url",
    "src_line",
)


def insert_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: list[tuple[Any, ...]],
    columns: str = "",
    *,
    or_ignore: bool = False,
) -> None:
    """Insert many rows in one statement: the columns handed to DuckDB as NumPy arrays (a
    scan; list parameters are converted value by value and cost seconds and hundreds of MB
    for 200,000 rejected rows; executemany is per row)."""
    if not rows:
        return
    width = len(rows[0])
    params = [[row[i] for row in rows] for i in range(width)]
    name = f"bl_rows_{uuid.uuid4().hex[:12]}"
    con.register(name, {f"c{i}": np.array(values, dtype=object) for i, values in enumerate(params)})
    try:
        cast = ", ".join(f"c{i}::{t}" for i, t in enumerate(_column_types(params)))
        verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
        con.execute(f"{verb} INTO {table} {columns} SELECT {cast} FROM {name}")
    finally:
        con.unregister(name)


def _column_types(params: list[list[Any]]) -> list[str]:
    types = []
    for values in params:
        sample = next((v for v in values if v is not None), "")
        types.append(
            "BIGINT"
            if isinstance(sample, int) and not isinstance(sample, bool)
            else "DOUBLE"
            if isinstance(sample, float)
            else "VARCHAR"
        )
    return types


def _ensure_lookup_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Temporary tables the staging SQL joins: the CAMEO ontology."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = 'bl_cameo'"
    ).fetchone()
    if exists and exists[0]:
        return
    con.execute(
        "CREATE TEMP TABLE bl_cameo (code VARCHAR PRIMARY KEY, root VARCHAR, "
        "quad_class TINYINT, goldstein DOUBLE)"
    )
    insert_rows(
        con,
        "bl_cameo",
        [(c.code, c.root, c.quad_class, float(c.goldstein)) for c in cameo_table().values()],
    )


def _reader_rejects(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[int, str, str]]:
    """(line, reason, raw) for rows DuckDB's reader could not read, one per line."""
    rows = con.execute(
        f"SELECT line, first(error_type ORDER BY column_idx), "
        f"first(error_message ORDER BY column_idx), first(csv_line) "
        f"FROM {table} GROUP BY line ORDER BY line"
    ).fetchall()
    out = []
    for line, etype, message, raw in rows:
        if etype == "INVALID ENCODING" or etype == "INVALID UNICODE":
            reason = "invalid UTF-8"
        elif etype == "TOO MANY COLUMNS":
            reason = f"wrong column count: {message.split('Found:')[-1].strip()}+ columns"
        elif etype == "MISSING COLUMNS":
            reason = f"wrong column count: {message}"
        else:
            reason = f"unreadable row: {message}"
        out.append((int(line), reason, raw))
    return out


def load_table(
    store: Store,
    path: Path,
    layout_of: Callable[[Path, str], TableLayout],
    *,
    strict: bool = False,
    uri: str | None = None,
) -> IngestSummary:
    """Load one delimited event file; see the module docstring."""
    t0 = time.perf_counter()
    path = Path(path)
    uri = uri or str(path)
    if not path.is_file():
        raise IngestError("no such file", path=uri, hint="check the path")
    con = store.con
    _ensure_lookup_tables(con)
    with _plain_text(path) as (text_path, scan, thread), _memory_cap(con):
        layout = layout_of(text_path, uri)
        tag = uuid.uuid4().hex[:12]
        names = _Names(tag)
        used = ", ".join(layout.used_columns or layout.columns)
        csv_params = [
            str(text_path),
            {name: "VARCHAR" for name in layout.columns},
            layout.header,
            layout.min_columns is not None,
            names.rejects,
            names.rejects_scan,
        ]
        try:
            if layout.row_by_row:
                fast = _fast_load(
                    store,
                    uri,
                    layout,
                    scan,
                    thread,
                    names,
                    csv_params,
                    text_path,
                    path,
                    strict=strict,
                )
                if fast is not None:
                    fast.seconds = time.perf_counter() - t0
                    return fast
                for table in names.all():
                    con.execute(f"DROP TABLE IF EXISTS {table}")
            if thread is not None:
                thread.join()
            if scan.error is not None:
                raise IngestError(f"cannot read the file: {scan.error}", path=uri)
            done = _find_loaded(store, layout.kind, scan, path)
            if done is not None:
                return IngestSummary(
                    path=uri,
                    kind=layout.kind,
                    status="skipped",
                    layout=done["layout"],
                    ingest_id=done["ingest_id"],
                    sha256=scan.sha256,
                    message=str(done["ingest_id"]),
                    seconds=time.perf_counter() - t0,
                )
            try:
                read = con.execute(
                    f"CREATE TEMP TABLE {names.raw} AS SELECT {used} FROM {_READ_CSV}", csv_params
                ).fetchone()
            except duckdb.Error as exc:
                raise IngestError(f"cannot read the file: {exc}", path=uri) from None
            n_raw = int(read[0]) if read else 0
            summary = _store_rows(store, uri, text_path, layout, scan, names, n_raw, strict=strict)
            summary.seconds = time.perf_counter() - t0
            return summary
        finally:
            for table in names.all():
                con.execute(f"DROP TABLE IF EXISTS {table}")


#: DuckDB's memory limit while a file loads (it spills to disk beyond); the default, 80% of
#: RAM, lets the CSV buffers and the key index of a 1M-row file grow to about 1 GB.
LOAD_MEMORY_LIMIT = "512MB"


@contextlib.contextmanager
def _memory_cap(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """While a file loads: DuckDB's memory limit capped, and its own progress bar off (it
    would write to the terminal under the command's rich progress bar)."""
    row = con.execute(
        "SELECT current_setting('memory_limit'), current_setting('enable_progress_bar')"
    ).fetchone()
    limit, bar = (str(row[0]), bool(row[1])) if row else (None, False)
    con.execute(f"SET memory_limit = '{LOAD_MEMORY_LIMIT}'")
    con.execute("SET enable_progress_bar = false")
    try:
        yield
    finally:
        if limit:
            con.execute(f"SET memory_limit = '{limit}'")
        else:
            con.execute("RESET memory_limit")
        con.execute(f"SET enable_progress_bar = {str(bar).lower()}")


#: DuckDB's CSV reader as every load calls it. ``buffer_size``: DuckDB's default is 16 times
#: ``max_line_size`` (160 MB here), which left two threads a few huge buffers to share and
#: cost 150 MB of memory; 32 MB buffers (the default for ordinary line sizes) still hold the
#: longest line allowed.
_READ_CSV = (
    "read_csv(?, columns = ?, delim = '\t', quote = '', escape = '', header = ?, "
    "auto_detect = false, null_padding = ?, nullstr = '\\N', store_rejects = true, "
    "rejects_table = ?, rejects_scan = ?, max_line_size = 10000000, "
    "buffer_size = 33554432, compression = 'none')"
)


def _skipped(uri: str, layout: TableLayout, scan: _Scan, done: dict) -> IngestSummary:
    return IngestSummary(
        path=uri,
        kind=layout.kind,
        status="skipped",
        layout=done["layout"],
        ingest_id=done["ingest_id"],
        sha256=scan.sha256,
        message=str(done["ingest_id"]),
    )


def _same_size_loaded(store: Store, kind: str, size: int) -> bool:
    row = store.con.execute(
        "SELECT count(*) FROM ingests WHERE kind = ? AND size = ? AND status = 'loaded'",
        [kind, size],
    ).fetchall()[0]
    return bool(row and row[0])


def _skip_if_loaded(
    store: Store,
    uri: str,
    layout: TableLayout,
    scan: _Scan,
    thread: threading.Thread | None,
    source: Path,
) -> IngestSummary | None:
    if thread is not None:
        thread.join()
    if scan.error is not None:
        raise IngestError(f"cannot read the file: {scan.error}", path=uri)
    done = _find_loaded(store, layout.kind, scan, source)
    return None if done is None else _skipped(uri, layout, scan, done)


def _first_number(text_path: Path) -> int | None:
    """The first field of the file's first line, when it is 1 to 18 digits."""
    lines = head_lines(text_path, 1 << 16)
    field = lines[0].split("\t", 1)[0] if lines else ""
    if 1 <= len(field) <= _ID_DIGITS and field.isascii() and field.isdigit():
        return int(field)
    return None


def _consecutive(ids: npt.NDArray[np.int64], first: int) -> bool:
    return len(ids) > 0 and int(ids[0]) == first and bool((np.diff(ids) == 1).all())


def _renumber(
    con: duckdb.DuckDBPyConnection,
    names: _Names,
    ids: npt.NDArray[np.int64],
    first: int,
    ingest_id: int,
) -> bool:
    """Rows inserted with ``id - first + 1`` get their real line: the line of their id."""
    con.register(names.lines, {"id": ids - (first - 1), "line": np.arange(1, len(ids) + 1)})
    try:
        numbered = con.execute(
            f"UPDATE events SET src_line = m.line FROM {names.lines} m "
            "WHERE events.ingest_id = ? AND events.src_line = m.id",
            [ingest_id],
        ).fetchall()[0]
    finally:
        con.unregister(names.lines)
    return bool(numbered and int(numbered[0]) == len(ids))


def _all_different(ids: npt.NDArray[np.int64]) -> bool:
    if len(ids) < 2 or bool((ids[1:] > ids[:-1]).all()):  # GDELT files are mostly sorted
        return True
    return len(np.unique(ids)) == len(ids)


def _fast_load(
    store: Store,
    uri: str,
    layout: TableLayout,
    scan: _Scan,
    thread: threading.Thread | None,
    names: _Names,
    csv_params: list[Any],
    text_path: Path,
    source: Path,
    *,
    strict: bool,
) -> IngestSummary | None:
    """The one-pass load of a clean file: CSV scan, checks and insert in one parallel
    statement, in any order (DuckDB's ``preserve_insertion_order`` off: an order-keeping
    insert runs on about one core).

    Line numbers: GDELT numbers the events of an export consecutively in file order, so a
    row goes in with ``src_line = GLOBALEVENTID - first + 1`` (``first``: the id on the first
    line). The scan thread reads every line's first field meanwhile (``scan.first_ids``):
    if they are indeed consecutive nothing more is done; if they are distinct numbers in
    another order, one UPDATE joins each row to its line (about 0.4 s more per million
    rows). Returns None (and leaves the store as it was) when the file has a row that is not
    clean, a blank line, a first field that is not a number or repeats, or an event id
    already stored: the caller then takes the staged path, which finds each bad row and its
    line."""
    con = store.con
    first = _first_number(text_path)
    if first is None or layout.header:
        return None
    if _same_size_loaded(store, layout.kind, source.stat().st_size):
        # the same checksum means the same size: only then wait for it before loading
        skipped = _skip_if_loaded(store, uri, layout, scan, thread, source)
        if skipped is not None:
            return skipped
    cols = ", ".join(EVENT_COLUMNS)
    select_cols = cols.replace("ingest_id", "?::BIGINT")
    key = layout.columns[0]
    lined = f"(SELECT try_cast({key} AS BIGINT) - {first - 1} AS src_line, * FROM {_READ_CSV})"
    stage = layout.stage_sql.replace("{raw}", lined).replace("{cameo}", "bl_cameo")
    con.execute("BEGIN TRANSACTION")
    try:
        ingest_id = store.begin_ingest(layout.kind, uri, layout=layout.name)
        con.execute("SET preserve_insertion_order = false")
        try:
            row = con.execute(
                f"INSERT INTO events ({cols}) SELECT {select_cols} FROM ({stage}) "
                "WHERE reason IS NULL",
                [ingest_id, *csv_params],
            ).fetchall()[0]
        except duckdb.ConstraintException:
            # a store made while events.event_id was a PRIMARY KEY: an event id already
            # stored, maybe by this very file; the caller checks the MD5
            con.execute("ROLLBACK")
            return None
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise IngestError(f"cannot read the file: {exc}", path=uri) from None
        finally:
            con.execute("RESET preserve_insertion_order")
        loaded = int(row[0]) if row else 0
        if thread is not None:
            thread.join()
        if scan.error is not None:
            raise IngestError(f"cannot read the file: {scan.error}", path=uri)
        unread = con.execute(f"SELECT count(*) FROM {names.rejects}").fetchall()[0]
        ids = scan.first_ids
        clean = (
            ids is not None
            and loaded == scan.lines == len(ids)
            and not scan.blank_lines
            and not (unread and unread[0])
            and _all_different(ids)
        )
        done = _find_loaded(store, layout.kind, scan, source)
        # distinct first fields: no event id repeats within the file; check the store
        if done is None and clean and duplicate_ids(con, layout.kind, ingest_id, within=False):
            clean = False  # the staged path finds and names them
        if done is not None or not clean:
            con.execute("ROLLBACK")
            if done is None:
                return None
            return _skipped(uri, layout, scan, done)
        assert ids is not None
        if not _consecutive(ids, first) and not _renumber(con, names, ids, first, ingest_id):
            con.execute("ROLLBACK")
            return None
        layout_name = layout.name
        if layout.min_columns is not None:
            short = con.execute(
                "SELECT count(*) FILTER (WHERE url IS NULL) FROM events WHERE ingest_id = ?",
                [ingest_id],
            ).fetchone()
            n_short = int(short[0]) if short else 0
            if n_short == loaded:
                layout_name = layout.name.replace(str(len(layout.columns)), str(layout.min_columns))
            elif n_short:
                layout_name = f"{layout.name}+{layout.min_columns}"
        con.execute(
            "UPDATE ingests SET size = ?, sha256 = ?, layout = ? WHERE ingest_id = ?",
            [scan.size, scan.sha256, layout_name, ingest_id],
        )
        store.finish_ingest(ingest_id, status="loaded", rows_seen=loaded, rows_loaded=loaded)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    return IngestSummary(
        path=uri,
        kind=layout.kind,
        status="loaded",
        layout=layout_name,
        ingest_id=ingest_id,
        sha256=scan.sha256,
        rows_seen=loaded,
        rows_loaded=loaded,
    )


@dataclass(frozen=True)
class _Names:
    tag: str

    @property
    def raw(self) -> str:
        return f"bl_raw_{self.tag}"

    @property
    def rejects(self) -> str:
        return f"bl_rej_{self.tag}"

    @property
    def rejects_scan(self) -> str:
        return f"bl_rs_{self.tag}"

    @property
    def lines(self) -> str:
        return f"bl_lines_{self.tag}"

    @property
    def gaps(self) -> str:
        return f"bl_gap_{self.tag}"

    @property
    def dups(self) -> str:
        return f"bl_dup_{self.tag}"

    def all(self) -> tuple[str, ...]:
        return (self.raw, self.rejects, self.rejects_scan, self.gaps, self.dups)


def _store_rows(
    store: Store,
    uri: str,
    text_path: Path,
    layout: TableLayout,
    scan: _Scan,
    names: _Names,
    n_raw: int,
    *,
    strict: bool,
) -> IngestSummary:
    con = store.con
    reader_bad: list[tuple[int, str, str | None]] = [
        (line, layout.explain(reason, raw), raw)
        for line, reason, raw in _reader_rejects(con, names.rejects)
    ]
    skipped = sorted({line for line, _, _ in reader_bad} | set(scan.blank_lines))
    if layout.header:
        skipped = [1, *[s for s in skipped if s != 1]]
    # staged row i (0-based) sits on line i + 1 + #{j : skipped[j] - (j + 1) <= i}
    gaps = [s - (j + 1) for j, s in enumerate(skipped)]
    if gaps:
        con.execute(f"CREATE TEMP TABLE {names.gaps} (g BIGINT, k BIGINT)")
        insert_rows(con, names.gaps, [(g, bisect.bisect_right(gaps, g)) for g in sorted(set(gaps))])
        lined = (
            f"(SELECT r.rowid + 1 + coalesce(gp.k, 0) AS src_line, r.* FROM {names.raw} r "
            f"ASOF LEFT JOIN {names.gaps} gp ON r.rowid >= gp.g)"
        )
    else:
        lined = f"(SELECT rowid + 1 AS src_line, * FROM {names.raw})"
    stage = layout.stage_sql.replace("{raw}", lined).replace("{cameo}", "bl_cameo")
    layout_name = layout.name
    if layout.short_rows_sql:
        row = con.execute(
            f"SELECT count(*) FILTER (WHERE {layout.short_rows_sql}), "
            f"count(*) FILTER (WHERE {layout.full_rows_sql}) FROM {names.raw}"
        ).fetchone()
        n_short, n_full = (int(row[0]), int(row[1])) if row else (0, 0)
        if n_short and not n_full:
            layout_name = layout.name.replace(str(len(layout.columns)), str(layout.min_columns))
        elif n_short:
            layout_name = f"{layout.name}+{layout.min_columns}"

    def first_bad(source: str) -> tuple[int, str] | None:
        found = (reader_bad[0][0], reader_bad[0][1]) if reader_bad else None
        row = con.execute(
            f"SELECT src_line, reason FROM {source} WHERE reason IS NOT NULL "
            "ORDER BY src_line LIMIT 1"
        ).fetchone()
        if row is not None and (found is None or row[0] < found[0]):
            line = int(row[0])
            found = (line, layout.explain(str(row[1]), raw_lines(text_path, {line}).get(line)))
        return found

    # the rows carry their line: the insert may run in any order
    con.execute("SET preserve_insertion_order = false")
    try:
        return _insert_rows(
            store,
            uri,
            text_path,
            layout,
            scan,
            names,
            n_raw,
            stage,
            layout_name,
            reader_bad,
            first_bad,
            strict=strict,
        )
    finally:
        con.execute("RESET preserve_insertion_order")


def _insert_rows(
    store: Store,
    uri: str,
    text_path: Path,
    layout: TableLayout,
    scan: _Scan,
    names: _Names,
    n_raw: int,
    stage: str,
    layout_name: str,
    reader_bad: list[tuple[int, str, str | None]],
    first_bad: Callable[[str], tuple[int, str] | None],
    *,
    strict: bool,
) -> IngestSummary:
    con = store.con
    cols = ", ".join(EVENT_COLUMNS)
    select_cols = cols.replace("ingest_id", "?::BIGINT")
    source = f"({stage})"
    dedupe = False
    while True:
        con.execute("BEGIN TRANSACTION")
        try:
            ingest_id = store.begin_ingest(
                layout.kind, uri, size=scan.size, sha256=scan.sha256, layout=layout_name
            )
            loaded_row = con.execute(
                f"INSERT INTO events ({cols}) SELECT {select_cols} FROM {source} "
                "WHERE reason IS NULL",
                [ingest_id],
            ).fetchone()
            rows_loaded = int(loaded_row[0]) if loaded_row else 0
            if not dedupe and duplicate_ids(con, layout.kind, ingest_id):
                raise _Duplicates
            if strict and (reader_bad or rows_loaded < n_raw):
                bad_one = first_bad(source)
                assert bad_one is not None
                raise BadRowError(
                    bad_one[1],
                    path=uri,
                    line=bad_one[0],
                    hint="fix or remove the row, or load without --strict to keep the good "
                    "rows and list the bad ones in rejects",
                )
            bad: list[tuple[int, str, str | None]] = list(reader_bad)
            if rows_loaded < n_raw:
                bad_rows = con.execute(
                    f"SELECT src_line, reason FROM {source} WHERE reason IS NOT NULL "
                    "ORDER BY src_line"
                ).fetchall()
                texts = raw_lines(text_path, {int(r[0]) for r in bad_rows})
                bad.extend(
                    (
                        int(line),
                        layout.explain(str(reason), texts.get(int(line))),
                        texts.get(int(line)),
                    )
                    for line, reason in bad_rows
                )
                bad.sort()
            if bad:
                insert_rows(
                    con,
                    "rejects",
                    [(ingest_id, uri, line, reason, raw) for line, reason, raw in bad],
                    "(ingest_id, uri, line, reason, raw)",
                )
            rows_seen = n_raw + len(reader_bad)
            store.finish_ingest(
                ingest_id,
                status="loaded",
                rows_seen=rows_seen,
                rows_loaded=rows_loaded,
                rows_rejected=len(bad),
                message=f"{len(bad)} rows rejected" if bad else None,
            )
            con.execute("COMMIT")
            break
        except (_Duplicates, duckdb.ConstraintException):
            # (ConstraintException: a store made while events.event_id was a PRIMARY KEY)
            con.execute("ROLLBACK")
            if dedupe:
                raise
            dedupe = True
            _mark_duplicates(con, stage, names)
            source = (
                f"(SELECT s.* REPLACE (coalesce(s.reason, d.reason) AS reason) "
                f"FROM ({stage}) s LEFT JOIN {names.dups} d USING (src_line))"
            )
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return IngestSummary(
        path=uri,
        kind=layout.kind,
        status="loaded",
        layout=layout_name,
        ingest_id=ingest_id,
        sha256=scan.sha256,
        rows_seen=rows_seen,
        rows_loaded=rows_loaded,
        rows_rejected=len(bad),
        rejects=[(line, reason) for line, reason, _ in bad[:LISTED_REJECTS]],
    )


class _Duplicates(Exception):
    """Rows just inserted repeat an event id (within the file or already stored)."""


def duplicate_ids(
    con: duckdb.DuckDBPyConnection, origin: str, ingest_id: int, *, within: bool = True
) -> bool:
    """Whether the events of this ingest repeat an event id, among themselves or with events
    of the same origin already stored (event ids start with their origin, so other origins
    cannot collide). Checked inside the load's transaction, after its insert: this is what
    keeps ``events.event_id`` unique (it is not declared a key, see docs/ingest.md).
    ``within=False``: the caller knows the ingest's ids are distinct."""
    if within:
        row = con.execute(
            "SELECT count(*) - count(DISTINCT event_id) FROM events WHERE ingest_id = ?",
            [ingest_id],
        ).fetchall()[0]
        if row and row[0]:
            return True
    row = con.execute(
        "SELECT EXISTS (SELECT 1 FROM events WHERE origin = $origin "
        "AND ingest_id IS DISTINCT FROM $id)",
        {"origin": origin, "id": ingest_id},
    ).fetchall()[0]
    if not row or not row[0]:
        return False  # nothing else of this origin stored (a first load)
    # An event id names one event row, so a repeat carries the same date: only stored events
    # within this ingest's dates can collide, and DuckDB's per-row-group min/max on `date`
    # skips the rest, so the check does not grow with the whole store.
    row = con.execute(
        "WITH new AS (SELECT event_id, date FROM events WHERE ingest_id = $id) "
        "SELECT EXISTS (SELECT 1 FROM events WHERE origin = $origin "
        "AND ingest_id IS DISTINCT FROM $id "
        "AND date BETWEEN (SELECT min(date) FROM new) AND (SELECT max(date) FROM new) "
        "AND event_id IN (SELECT event_id FROM new))",
        {"origin": origin, "id": ingest_id},
    ).fetchall()[0]
    return bool(row and row[0])


def _mark_duplicates(con: duckdb.DuckDBPyConnection, stage: str, names: _Names) -> None:
    """Good rows whose event id is already stored, or repeats an earlier line of the file."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {names.dups} AS
        WITH good AS (SELECT src_line, event_id, origin_id FROM ({stage}) WHERE reason IS NULL),
        ranked AS (SELECT *, min(src_line) OVER (PARTITION BY event_id) AS first_line
                   FROM good)
        SELECT src_line,
               CASE WHEN event_id IN (SELECT event_id FROM events)
                    THEN 'duplicate event id ' || origin_id || ': already in the store'
                    ELSE 'duplicate event id ' || origin_id || ': first on line '
                         || first_line END AS reason
        FROM ranked
        WHERE event_id IN (SELECT event_id FROM events) OR src_line > first_line"""
    )


def as_paths(paths: Any) -> list[Path]:
    """One path or many."""
    if isinstance(paths, str | Path):
        return [Path(paths)]
    return [Path(p) for p in paths]

"""The DuckDB store: one file holding the ledger, documents, events and rejects.

``Store`` opens (or creates) the file, applies the schema and forward migrations, and offers
the few primitives every loader needs: ledger rows, one transaction per file, and queries
that take parameters, never string-formatted values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from .errors import StoreError

SCHEMA_VERSION = 1

# Forward migrations: MIGRATIONS[n] takes a store at version n to n + 1.
MIGRATIONS: dict[int, Sequence[str]] = {}

DEFAULT_DB = "bilateral.duckdb"


def _schema_sql() -> str:
    return resources.files("bilateral").joinpath("sql/schema.sql").read_text("utf-8")


class Store:
    """An open bilateral store.

    >>> store = Store(":memory:")
    >>> store.count("events")
    0
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot open the store: {exc}",
                path=self.path,
                hint="check the path, or close the other program that holds the file",
            ) from None
        if not read_only:
            self._migrate()

    # -- schema -------------------------------------------------------------------------
    def _migrate(self) -> None:
        has_meta = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
        ).fetchone()
        if not has_meta or not has_meta[0]:
            with self.transaction():
                self.con.execute(_schema_sql())
                self.con.execute(
                    "INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
                )
            return
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema version {version}, newer than this bilateral "
                f"({SCHEMA_VERSION})",
                path=self.path,
                hint="upgrade bilateral",
            )
        while version < SCHEMA_VERSION:
            with self.transaction():
                for statement in MIGRATIONS[version]:
                    self.con.execute(statement)
                version += 1
                self.con.execute(
                    "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)]
                )

    def schema_version(self) -> int:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    # -- transactions and queries ---------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commit on success, roll back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> Any:
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict]:
        """Rows as dicts, ready for ``pandas.DataFrame(rows)``."""
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def count(self, table: str) -> int:
        if table not in {"events", "rejects", "ingests", "documents"}:
            raise StoreError(f"no table {table!r} in the store")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # -- the ledger -----------------------------------------------------------------------
    def find_loaded(self, kind: str, md5: str) -> dict | None:
        """The ledger row of a file with this checksum that loaded, if any."""
        rows = self.query(
            "SELECT * FROM ingests WHERE kind = ? AND md5 = ? AND status = 'loaded' "
            "ORDER BY ingest_id LIMIT 1",
            [kind, md5],
        )
        return rows[0] if rows else None

    def begin_ingest(
        self,
        kind: str,
        uri: str,
        *,
        size: int | None = None,
        md5: str | None = None,
        sha256: str | None = None,
        layout: str | None = None,
    ) -> int:
        """A ledger row with status 'running'; returns its ingest_id."""
        row = self.con.execute(
            "INSERT INTO ingests (kind, uri, size, md5, sha256, layout, status, started) "
            "VALUES (?, ?, ?, ?, ?, ?, 'running', ?) RETURNING ingest_id",
            [kind, uri, size, md5, sha256, layout, dt.datetime.now()],
        ).fetchone()
        assert row is not None
        return int(row[0])

    def finish_ingest(
        self,
        ingest_id: int,
        *,
        status: str,
        rows_seen: int = 0,
        rows_loaded: int = 0,
        rows_rejected: int = 0,
        message: str | None = None,
    ) -> None:
        self.con.execute(
            "UPDATE ingests SET status = ?, rows_seen = ?, rows_loaded = ?, rows_rejected = ?, "
            "message = ?, finished = ? WHERE ingest_id = ?",
            [status, rows_seen, rows_loaded, rows_rejected, message, dt.datetime.now(), ingest_id],
        )

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def opened(store: Store | str | Path) -> Iterator[Store]:
    """The given store as is, or a store opened on the given path and closed afterwards.

    For library functions that take ``store: Store | str | Path``."""
    if isinstance(store, Store):
        yield store
        return
    with Store(store) as own:
        yield own

"""The ``bilateral`` command line. Each command parses options and calls one library function.

Sections below belong to the stages (ingest, coder, index, news, review); keep each command
thin: options in, one call, output out. Errors are ``BilateralError``s, printed by ``main``
with their code and location, never as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from .errors import BilateralError

app = typer.Typer(
    name="bilateral",
    help="A running, measured commentary on the relationship between two countries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
ingest_app = typer.Typer(help="Load event data and news into the store.", no_args_is_help=True)
fetch_app = typer.Typer(help="Download event data, verified, then ingest it.",
                        no_args_is_help=True)
site_app = typer.Typer(help="Build or serve the review site.", no_args_is_help=True)
dictionaries_app = typer.Typer(help="Work with the coder's dictionaries.", no_args_is_help=True)
show_app = typer.Typer(help="Show stored records with their provenance.", no_args_is_help=True)
app.add_typer(ingest_app, name="ingest")
app.add_typer(fetch_app, name="fetch")
app.add_typer(site_app, name="site")
app.add_typer(dictionaries_app, name="dictionaries")
app.add_typer(show_app, name="show")

console = Console(stderr=True)
out = Console(soft_wrap=True)

DbOption = Annotated[
    Path,
    typer.Option("--db", help="The DuckDB store file.", envvar="BILATERAL_DB"),
]
DEFAULT_DB_PATH = Path("bilateral.duckdb")


@app.command("status")
def status_cli(db: DbOption = DEFAULT_DB_PATH) -> None:
    """Summarise the store: rows per table and the latest loads in the ledger."""
    from rich.table import Table

    from .store import Store

    with Store(db) as store:
        for table in ("events", "documents", "rejects", "ingests"):
            out.print(f"{table:10} {store.count(table):>12,}")
        rows = store.query(
            "SELECT ingest_id, kind, uri, status, rows_loaded, rows_rejected FROM ingests "
            "ORDER BY ingest_id DESC LIMIT 10"
        )
    if rows:
        grid = Table("id", "kind", "uri", "status", "loaded", "rejected", title="latest loads")
        for r in rows:
            grid.add_row(*(str(r[k]) for k in ("ingest_id", "kind", "uri", "status",
                                                "rows_loaded", "rows_rejected")))
        out.print(grid)


# == ingest: GDELT and ICEWS ==================================================================

# == index =====================================================================================

# == coder =====================================================================================

# == news ======================================================================================

# == review and site ===========================================================================


def main() -> None:
    """Entry point: run the app, turning bilateral errors into one clear message."""
    try:
        app()
    except BilateralError as exc:
        console.print(exc.render(), markup=False, highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)

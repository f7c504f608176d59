"""The ``bilateral`` command line. Each command parses options and calls one library function.

Sections below belong to the stages (ingest, coder, index, news, review); keep each command
thin: options in, one call, output out. Errors are ``BilateralError``s, printed by ``main``
with their code and location, never as a traceback.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
fetch_app = typer.Typer(help="Download event data, verified, then ingest it.", no_args_is_help=True)
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


class Conventions(StrEnum):
    """The coder's conventions where careful coders split (see docs/coder.md)."""

    guidelines = "guidelines"
    petrarch = "petrarch"


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
            grid.add_row(
                *(
                    str(r[k])
                    for k in ("ingest_id", "kind", "uri", "status", "rows_loaded", "rows_rejected")
                )
            )
        out.print(grid)


# == ingest: GDELT and ICEWS ==================================================================

PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Files to load: plain, .zip (as GDELT publishes them) or .gz.", show_default=False
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Fail a file at its first bad row (store unchanged) "
        "instead of loading the good rows and listing the bad ones.",
    ),
]


def _report_ingest(summaries: list) -> None:
    """One line per file, then its rejected lines (the first few and a count)."""
    failed = False
    for summary in summaries:
        out.print(summary.describe(), markup=False, highlight=False)
        for line in summary.reject_lines():
            out.print(f"  rejected {line}", markup=False, highlight=False)
        if summary.message and summary.status == "loaded":
            out.print(f"  note: {summary.message}", markup=False, highlight=False)
        failed = failed or summary.status == "failed"
    if failed:
        raise typer.Exit(1)


def _ingest_files(kind: str, paths: list[Path], db: Path, strict: bool) -> list:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from .sources import gdelt, icews
    from .sources._load import IngestSummary
    from .store import Store

    one = gdelt.ingest_gdelt_file if kind == "gdelt" else icews.ingest_icews_file
    summaries: list[IngestSummary] = []
    with (
        Store(db) as store,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task(f"ingest {kind}", total=len(paths))
        for path in paths:
            progress.update(task, description=f"ingest {kind} {path.name}")
            try:
                summaries.append(one(store, path, strict=strict))
            except BilateralError as exc:
                # a file that cannot be read at all is reported and the others still load
                if strict or not exc.code.startswith("E1") or exc.code == "E101":
                    raise
                summaries.append(
                    IngestSummary(path=str(path), kind=kind, status="failed", message=str(exc))
                )
            progress.advance(task)
    return summaries


@ingest_app.command("gdelt")
def ingest_gdelt_cli(
    paths: PathsArgument, strict: StrictOption = False, db: DbOption = DEFAULT_DB_PATH
) -> None:
    """Load GDELT event files (1.0 backfile 57 columns, 1.0 daily 58, 2.0 export 61)."""
    _report_ingest(_ingest_files("gdelt", paths, db, strict))


@ingest_app.command("icews")
def ingest_icews_cli(
    paths: PathsArgument, strict: StrictOption = False, db: DbOption = DEFAULT_DB_PATH
) -> None:
    """Load ICEWS event files in the Dataverse 20-column layout."""
    _report_ingest(_ingest_files("icews", paths, db, strict))


@fetch_app.command("gdelt")
def fetch_gdelt_cli(
    start: Annotated[str, typer.Option("--start", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Option("--end", help="Last day, YYYY-MM-DD (inclusive).")],
    version: Annotated[
        int, typer.Option("--version", help="GDELT version: 1 or 2.", min=1, max=2)
    ] = 2,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="Where the master list and files are (default: GDELT's server)."
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache", help="Folder for downloaded files (default ~/.cache/bilateral/gdelt)."
        ),
    ] = None,
    strict: StrictOption = False,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Download GDELT event files in a date range, verify size and MD5, and ingest them."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    from .sources.fetch import DEFAULT_CACHE, fetch_gdelt

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("fetch gdelt", total=None)
        done: dict[str, int] = {}

        def progress(what: str, name: str, n: int, total: int) -> None:
            if what == "listed":
                bar.update(task, total=total, description=f"fetch gdelt: {n} files")
            elif what in {"download", "cached"}:
                done[name] = n
                bar.update(task, completed=sum(done.values()))
            elif what == "retry":
                bar.console.print(f"retrying {name} ({n}/{total})", markup=False)

        summaries = fetch_gdelt(
            start,
            end,
            store=db,
            version=version,
            base_url=base_url,
            cache=cache or DEFAULT_CACHE,
            strict=strict,
            progress=progress,
        )
    if not summaries:
        out.print("no GDELT event files in that range")
    _report_ingest(summaries)


# == index =====================================================================================

INDEX_FORMATS = ("table", "csv", "json")


@app.command("index")
def index_cli(
    dyad: Annotated[
        str, typer.Option("--dyad", help="The country pair, e.g. CHN-JPN (any order).")
    ],
    start: Annotated[
        str | None,
        typer.Option(
            "--start", help="First month, YYYY-MM (default: the dyad's first month with events)."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--end", help="Last month, YYYY-MM (default: the dyad's last month with events)."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Output format: table, csv or json.")
    ] = "table",
    directed: Annotated[
        bool,
        typer.Option(
            "--directed", help="Two directed series (source -> target rows) instead of the pair."
        ),
    ] = False,
    topic: Annotated[
        str | None,
        typer.Option("--topic", help="Only events tagged with this topic (case-insensitive)."),
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(
            "--origin", help="Only these origins, comma-separated: gdelt1, gdelt2, icews, coder."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """The monthly relations index of a country pair: volume, Goldstein with its band, state."""
    from .config import load_settings
    from .errors import IndexRequestError
    from .index import COLUMNS, DIRECTED_COLUMNS, cell_text, format_rows, monthly_index

    fmt = fmt.lower()
    if fmt not in INDEX_FORMATS:
        raise IndexRequestError(f"unknown format {fmt!r}", hint="choose table, csv or json")
    rows = monthly_index(
        db,
        dyad,
        start,
        end,
        directed=directed,
        topic=topic,
        origins=origin,
        settings=load_settings(db=str(db)),
    )
    if not rows:
        console.print(f"no events for {dyad} in {db}", markup=False)
    if fmt != "table":
        sys.stdout.write(format_rows(rows, fmt, columns=DIRECTED_COLUMNS if directed else COLUMNS))
        return
    from rich.measure import Measurement
    from rich.table import Table

    columns = DIRECTED_COLUMNS if directed else COLUMNS
    shown = [c for c in columns if c not in {"dyad", "country_events"}]
    grid = Table(*shown, title=f"{rows[0]['dyad'] if rows else dyad} monthly index")
    for row in rows:
        grid.add_row(*(cell_text(row[c]) for c in shown))
    needed = Measurement.get(out, out.options.update(width=10_000), grid).maximum
    # never squeeze numbers into ellipses: a table wider than the terminal is printed whole
    Console(file=sys.stdout, width=max(out.width, needed)).print(grid)


# == coder =====================================================================================


@dictionaries_app.command("import-petrarch")
def dictionaries_import_petrarch_cli(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="PETRARCH/TABARI dictionary files "
            "(actors, agents; kind detected by name "
            "or content)."
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Write the JSON Lines user dictionary here.")
    ],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Read every file as this kind: actors, agents or verbs."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Stop at the first line that cannot be imported, writing nothing."
        ),
    ] = False,
) -> None:
    """Convert PETRARCH/TABARI actor and agent dictionaries into a bilateral dictionary."""
    from .coding.dictionaries import import_petrarch_dictionaries

    if kind is not None and kind not in ("actors", "agents", "verbs"):
        raise typer.BadParameter("--kind must be actors, agents or verbs")
    results = import_petrarch_dictionaries(
        paths,
        output,
        kind=kind,  # type: ignore[arg-type]
        strict=strict,
    )
    for r in results:
        out.print(
            f"{r.path}: {r.kind}, {len(r.entries):,} entries, {len(r.skipped):,} lines "
            f"skipped, {r.stems:,} stems imported as words",
            markup=False,
            highlight=False,
        )
        for line, reason in r.skipped[:5]:
            console.print(
                f"  skipped {r.path}:{line}: {reason}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    total = sum(len(r.entries) for r in results)
    out.print(f"wrote {total:,} entries to {output}", markup=False, highlight=False)


@dictionaries_app.command("check")
def dictionaries_check_cli(
    paths: Annotated[
        list[Path], typer.Argument(help="User dictionary files (JSONL or YAML) to validate.")
    ],
) -> None:
    """Validate user dictionary files; print what each holds or the first problem."""
    from .coding.dictionaries import check_dictionary

    for path in paths:
        report = check_dictionary(path)
        kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(report.actors.items())) or "none"
        out.print(
            f"{report.path}: ok: actor phrases: {kinds}; {report.persons:,} persons, "
            f"{report.agents:,} agent phrases, {report.discards:,} discards, "
            f"{report.verbs:,} verb patterns",
            markup=False,
            highlight=False,
        )


@dictionaries_app.command("lookup")
def dictionaries_lookup_cli(
    phrase: Annotated[
        str, typer.Argument(help="A phrase as it appears in a sentence, e.g. 'Prime Minister Abe'.")
    ],
    on: Annotated[
        str | None, typer.Option("--date", help="The sentence's date, YYYY-MM-DD (default: today).")
    ] = None,
    dictionary: Annotated[
        list[Path] | None,
        typer.Option(
            "--dictionary", help="A user dictionary layered over the packaged ones; repeatable."
        ),
    ] = None,
) -> None:
    """Show what a phrase names on a date: code, agent, kind, role, term, source file."""
    from datetime import date

    from .coding.dictionaries import load_dictionaries

    try:
        when = date.fromisoformat(on) if on else None
    except ValueError:
        raise typer.BadParameter(f"{on!r} is not a date (YYYY-MM-DD)") from None
    found = load_dictionaries(dictionary or []).resolve(phrase, when)
    if not found:
        out.print(f"{phrase!r}: no actor on {when or 'today'}", markup=False, highlight=False)
    for e in found:
        term = f"{e.start or '...'}..{e.end or ''}" if e.start or e.end else "always"
        out.print(
            f"{e.phrase!r}: {e.code} {e.agent or '-'} ({e.kind}"
            f"{', ' + e.role if e.role else ''}; {term}; {e.origin})",
            markup=False,
            highlight=False,
        )


@app.command("code")
def code_cli(
    input: Annotated[
        Path,
        typer.Argument(
            help="JSON Lines of {id, text, date} (other keys "
            "kept) or plain text, one sentence a line; - for "
            "stdin.",
            allow_dash=True,
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write JSON Lines here (default: stdout).")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy pipeline name (default: first installed English one)."),
    ] = None,
    dictionary: Annotated[
        list[Path] | None,
        typer.Option(
            "--dictionary",
            help="A user dictionary (JSONL or YAML) layered over the packaged ones; repeatable.",
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Also store the events in this DuckDB file (origin 'coder')."),
    ] = None,
    processes: Annotated[
        int,
        typer.Option(
            "--processes",
            min=0,
            help="Parse in this many processes; 0 (default) uses every core, up to 4, for "
            "inputs of over 2,000 lines and one process otherwise.",
        ),
    ] = 0,
    conventions: Annotated[
        Conventions,
        typer.Option(
            "--conventions",
            help="guidelines: code as shared/gold/GUIDELINES.md; petrarch: as PETRARCH-coded "
            "data (future and agreed acts as the act, a leading 'X said' as the statement, "
            "the meeting place as target), for series beside Phoenix or GDELT.",
        ),
    ] = Conventions.guidelines,
) -> None:
    """Code English news sentences into CAMEO events, one output line per input line."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .coding.coder import Coder
    from .config import load_settings
    from .errors import CodingError
    from .store import Store

    if str(input) != "-" and not input.is_file():
        raise CodingError(
            "no such input file",
            path=str(input),
            hint="give a JSON Lines or text file, or - for standard input",
        )
    settings = load_settings(model=model)
    total = None
    if str(input) != "-" and input.is_file() and input.stat().st_size > 200_000:
        with input.open("rb") as fh:
            total = sum(1 for _ in fh)
    if processes == 0:
        processes = min(os.cpu_count() or 1, 4) if total and total > 2000 else 1
    coder = Coder(
        settings.model,
        [*settings.dictionaries, *(dictionary or [])],
        n_process=processes,
        conventions=conventions.value,
    )
    store = Store(db) if db is not None else None
    sink = output.open("w", encoding="utf-8") if output is not None else sys.stdout
    source = sys.stdin if str(input) == "-" else input
    try:
        with Progress(
            TextColumn("coding"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            disable=total is None,
            transient=True,
        ) as bar:
            task = bar.add_task("coding", total=total)
            summary = coder.code_file(
                source, sink, store=store, progress=lambda n: bar.update(task, completed=n)
            )
    finally:
        if output is not None:
            sink.close()
        if store is not None:
            store.close()
    line = (
        f"{summary.lines:,} lines: {summary.coded:,} coded, {summary.events:,} events, "
        f"{summary.errors:,} not coded"
    )
    if summary.error_reasons:
        line += (
            " (" + ", ".join(f"{k}: {v}" for k, v in sorted(summary.error_reasons.items())) + ")"
        )
    if store is not None:
        line += f"; {summary.stored:,} events stored in {db}"
    console.print(line, markup=False, highlight=False)


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold JSON Lines ({id, date, text, events: [{source, target, roots}]})."
        ),
    ],
    petrarch_gsr: Annotated[
        Path | None,
        typer.Option(
            "--petrarch-gsr", help="Also score PETR2_GSR_validation.xml (read line by line)."
        ),
    ] = None,
    petrarch_unit: Annotated[
        Path | None,
        typer.Option(
            "--petrarch-unit",
            help="Also run PETRARCH unit-test records with their actor, agent "
            "and verb dictionaries imported (share passed).",
        ),
    ] = None,
    worst: Annotated[int, typer.Option("--worst", help="Show this many worst sentences.")] = 10,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline name.")] = None,
    dictionary: Annotated[
        list[Path] | None,
        typer.Option(
            "--dictionary", help="A user dictionary layered over the packaged ones; repeatable."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Score the coder on hand-coded sentences: precision, recall, F1, no-event FP rate."""
    import json

    from rich.table import Table

    from .coding.coder import Coder
    from .coding.evaluate import (
        confusion_rows,
        evaluate_gold,
        evaluate_petrarch,
        evaluate_petrarch_unit,
        unit_test_pass_rate,
    )
    from .config import load_settings

    settings = load_settings(model=model)
    coder = Coder(settings.model, [*settings.dictionaries, *(dictionary or [])])
    scores = [evaluate_gold(coder, gold)]
    if petrarch_gsr is not None:
        # the GSR gold is PETRARCH-coded: scored under the conventions it was coded with,
        # and under GUIDELINES.md's for comparison
        for conventions in ("petrarch", "guidelines"):
            scores.append(evaluate_petrarch(coder, petrarch_gsr, conventions=conventions))
    unit = None
    if petrarch_unit is not None:
        unit_score = evaluate_petrarch_unit(
            petrarch_unit,
            model=settings.model,
            dictionaries=[*settings.dictionaries, *(dictionary or [])],
            with_verbs=True,
        )
        unit = (
            *unit_test_pass_rate(unit_score),
            unit_test_pass_rate(unit_score, dyads_only=True)[0],
        )
    if as_json:
        payload: dict[str, object] = {"scores": [s.summary() for s in scores]}
        if unit is not None:
            payload["petrarch_unit_tests"] = {
                "passed": unit[0],
                "records": unit[1],
                "dyads_passed": unit[2],
            }
        out.print_json(json.dumps(payload))
        return
    grid = Table(
        "set",
        "coded under",
        "sentences",
        "precision",
        "recall",
        "F1",
        "no-event FP rate",
        title="coder accuracy (scored by the rules of GUIDELINES.md)",
    )
    for s in scores:
        grid.add_row(
            s.name,
            s.conventions,
            str(s.sentences),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            f"{s.fp_rate:.3f}",
        )
    out.print(grid)
    if unit is not None:
        out.print(
            f"PETRARCH unit-test records passed: {unit[0]} of {unit[1]} "
            f"({unit[0] / unit[1]:.0%}); with the right actors in the right roles, "
            f"codes aside: {unit[2]} ({unit[2] / unit[1]:.0%})"
        )
    main_score = scores[0]
    out.print(f"confusion by root ({main_score.name}): gold root -> predicted root: count")
    for gold_root, preds in confusion_rows(main_score):
        cells = "  ".join(
            f"{p}:{n}" for p, n in sorted(preds.items(), key=lambda kv: (kv[0] == "none", kv[0]))
        )
        out.print(f"  {gold_root:>4} -> {cells}", markup=False, highlight=False)
    for result in main_score.worst(worst):
        out.print(f"[bold]{result.sentence.id}[/] {result.sentence.text}", highlight=False)
        for p in result.false_positives:
            out.print(f"   false positive: {p}", markup=False, highlight=False)
        for g in result.missed:
            out.print(
                f"   missed: {g.source}->{g.target} {'/'.join(g.roots)}",
                markup=False,
                highlight=False,
            )
        if result.predicted:
            out.print(
                "   predicted: " + "; ".join(str(p) for p in result.predicted),
                markup=False,
                highlight=False,
            )


# == news ======================================================================================

if TYPE_CHECKING:
    from rich.progress import Progress

    from .news import NewsSummary

TopicsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--topics",
        help="A topic lexicon (TOML) layered over the packaged issues; "
        "repeatable (also: topics in the news table of "
        "bilateral.toml).",
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="spaCy pipeline name (default: first installed English one)."),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Code in this many processes (each loads the model, "
        "about 350 MB; default 1, or workers in the news "
        "table of bilateral.toml).",
    ),
]


def _news_progress() -> Progress:
    from rich.progress import Progress, SpinnerColumn, TextColumn

    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    )


def _print_news_summary(summary: NewsSummary) -> None:
    """One line per source (URLs are long: no table), then what went wrong."""
    for s in summary.sources:
        counts = (
            f"{s.documents_new} new, {s.documents_updated} updated, "
            f"{s.documents_unchanged} unchanged, {s.documents_failed} failed, "
            f"{s.events} events"
        )
        out.print(
            f"{s.status:8} {s.kind or '-':6} {s.source}  ({counts})", markup=False, highlight=False
        )
    for s in summary.sources:
        if s.message:
            console.print(f"{s.source}: {s.message}", markup=False, highlight=False)
    totals = (
        f"{len(summary.sources)} sources, {len(summary.failed)} failed; "
        f"{summary.total('documents_new')} new and {summary.total('documents_updated')} "
        f"updated articles, {summary.total('events')} events"
    )
    out.print(totals, markup=False, highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def _run_news(
    sources: list[str],
    db: Path,
    model: str | None,
    topics: list[Path] | None,
    config: Path | None,
    *,
    update: bool,
    workers: int | None = None,
) -> None:
    from .config import load_settings
    from .news import feeds_from_settings, ingest_news, news_settings, update_feeds
    from .sources.http import NewsClient

    settings = load_settings(config, model=model)
    options = news_settings(settings.raw, str(config or "bilateral.toml"))
    lexicons = [*options.topics, *(topics or [])]
    with (
        _news_progress() as bar,
        NewsClient(
            timeout=options.timeout, retries=options.retries, max_bytes=options.max_bytes
        ) as client,
    ):
        task = bar.add_task("reading sources", total=None)

        def progress(source: str, seen: int) -> None:
            bar.update(task, description=f"{seen:,} articles from {source}")

        common = dict(
            store=db,
            model=settings.model,
            dictionaries=settings.dictionaries,
            topics=lexicons,
            client=client,
            max_bytes=options.max_bytes,
            progress=progress,
            workers=workers or options.workers,
        )
        if update:
            feeds = feeds_from_settings(settings.raw, str(config or "bilateral.toml"))
            if not feeds:
                console.print("no [[feeds]] in the configuration; nothing to poll")
                return
            summary = update_feeds(feeds, **common)  # type: ignore[arg-type]
        else:
            summary = ingest_news(sources, fetch_pages=options.fetch_pages, **common)  # type: ignore[arg-type]
    _print_news_summary(summary)


@ingest_app.command("news")
def ingest_news_cli(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Feed or article URLs, feed files (.xml/.rss/.atom), saved pages (.html), texts "
            "(.txt/.md), folders of those, or JSON Lines of {url, title, published, text}."
        ),
    ],
    db: DbOption = DEFAULT_DB_PATH,
    model: ModelOption = None,
    topics: TopicsOption = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", help="bilateral.toml to read (default: ./bilateral.toml if present)."
        ),
    ] = None,
    workers: WorkersOption = None,
) -> None:
    """Ingest news: keep each article once, cluster republications into stories, code every
    sentence and tag topics. Exits 1 if any source failed (the others are still loaded)."""
    _run_news(sources, db, model, topics, config, update=False, workers=workers)


@app.command("update")
def update_cli(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="bilateral.toml with [[feeds]] url = ... entries (default: ./bilateral.toml).",
        ),
    ] = None,
    db: DbOption = DEFAULT_DB_PATH,
    model: ModelOption = None,
    topics: TopicsOption = None,
    workers: WorkersOption = None,
) -> None:
    """Poll the feeds of bilateral.toml (conditional GET) and ingest only new items."""
    _run_news([], db, model, topics, config, update=True, workers=workers)


@show_app.command("event")
def show_event_cli(
    event_id: Annotated[str, typer.Argument(help="The event id, e.g. coder:<doc_id>/3/0.")],
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """An event with its provenance: sentence, document title, outlet, date, URL, pattern."""
    from .news import event_provenance
    from .store import Store

    with Store(db, read_only=True) as store:
        row = event_provenance(store, event_id)
    source = " ".join(str(x) for x in (row["source_code"], row["source_agent"]) if x)
    target = " ".join(str(x) for x in (row["target_code"], row["target_agent"]) if x)
    lines = [
        ("event", row["event_id"]),
        ("date", str(row["date"])),
        ("who", f"{source or '?'} -> {target or '?'}"),
        (
            "cameo",
            f"{row['cameo']} (root {row['root']}, quad class {row['quad_class']}, "
            f"Goldstein {row['goldstein']})",
        ),
        ("sentence", row.get("sentence")),
        ("title", row.get("doc_title")),
        ("outlet", row.get("doc_outlet")),
        ("published", str(row["doc_published"]) if row.get("doc_published") else None),
        ("url", row.get("doc_url") or row.get("url")),
        ("pattern", row.get("pattern")),
        ("verb", row.get("verb")),
        ("confidence", row.get("confidence")),
        ("topics", ", ".join(row.get("topics") or []) or None),
        ("story", row.get("story")),
        ("reports", row.get("story_reports")),
        ("document", row.get("doc_id")),
        (
            "offsets",
            f"{row['char_start']}-{row['char_end']}" if row.get("char_start") is not None else None,
        ),
    ]
    for label, value in lines:
        if value is not None and value != "":
            out.print(f"{label:>10}  {value}", markup=False, highlight=False)


@show_app.command("document")
def show_document_cli(
    doc_id: Annotated[str, typer.Argument(help="The document id (documents.doc_id).")],
    db: DbOption = DEFAULT_DB_PATH,
    text: Annotated[bool, typer.Option("--text", help="Also print the full text.")] = False,
) -> None:
    """A stored news document: title, outlet, date, URL, story cluster, topics, events."""
    from .news import document_record
    from .store import Store

    with Store(db, read_only=True) as store:
        row = document_record(store, doc_id)
    for label in (
        "doc_id",
        "title",
        "outlet",
        "author",
        "published",
        "url",
        "cluster_id",
        "story_reports",
        "events",
        "topics",
        "content_hash",
    ):
        value = row.get(label)
        if isinstance(value, list):
            value = ", ".join(value)
        if value is not None and value != "":
            out.print(f"{label:>13}  {value}", markup=False, highlight=False)
    if text:
        out.print("")
        out.print(row["text"], markup=False, highlight=False)


# == review and site ===========================================================================

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="bilateral.toml to read (default: ./bilateral.toml if present)."),
]
SiteDbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="The DuckDB store file (default: db in bilateral.toml, else ./bilateral.duckdb).",
        envvar="BILATERAL_DB",
    ),
]
OutOption = Annotated[Path, typer.Option("--out", help="The folder to write the site into.")]


if TYPE_CHECKING:
    from .config import Settings
    from .review.siteconfig import SiteConfig


def _site_inputs(config: Path | None, db: Path | None) -> tuple[Settings, SiteConfig, Path]:
    """Settings, site configuration and store path for the site commands."""
    from .config import load_settings
    from .errors import SiteError
    from .review.siteconfig import site_config

    settings = load_settings(config)
    toml = (
        config
        if config is not None
        else (Path("bilateral.toml") if Path("bilateral.toml").exists() else None)
    )
    path = Path(db) if db is not None else Path(settings.db)
    if not path.exists():
        raise SiteError(
            "no store here",
            path=str(path),
            code="E405",
            hint="ingest data first, or point --db at your store",
        )
    return settings, site_config(settings, toml), path


@app.command("review")
def review_cli(
    dyad: Annotated[str, typer.Option("--dyad", help="The pair of countries, e.g. CHN-JPN.")],
    month: Annotated[str, typer.Option("--month", help="The month, YYYY-MM.")],
    out: OutOption = Path("site"),
    config: ConfigOption = None,
    db: SiteDbOption = None,
) -> None:
    """Build one installment (the review of one dyad and month) into a site folder."""
    from .review.site import build_review
    from .store import Store

    settings, site, path = _site_inputs(config, db)
    with Store(path, read_only=True) as store:
        page = build_review(store, dyad, month, out, site, settings=settings)
    typer.echo(f"wrote {page}")


@site_app.command("build")
def site_build_cli(
    out: OutOption = Path("site"),
    config: ConfigOption = None,
    db: SiteDbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", help="Processes that render charts (default: CPU count, at most 4)."
        ),
    ] = None,
) -> None:
    """Build every installment of the dyads in bilateral.toml and all index pages."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from .review.site import build_site
    from .store import Store

    settings, site, path = _site_inputs(config, db)
    with (
        Store(path, read_only=True) as store,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("reading", total=None)

        def progress(done: int, total: int, stage: str) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        report = build_site(store, out, site, settings=settings, progress=progress, workers=workers)
    typer.echo(
        f"built {report.installments} installments, {report.pages} pages and "
        f"{report.charts} charts in {report.seconds:.1f} s"
    )
    typer.echo(f"open {report.home}")


@site_app.command("serve")
def site_serve_cli(
    folder: Annotated[Path, typer.Option("--dir", help="The built site folder.")] = Path("site"),
    port: Annotated[int, typer.Option("--port", help="The port on 127.0.0.1.")] = 8000,
) -> None:
    """Serve a built site on http://127.0.0.1:PORT/ (local only) until interrupted."""
    from .review.site import make_server

    server = make_server(folder, port)
    typer.echo(f"serving {folder} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    finally:
        server.server_close()


@app.command("init")
def init_cli(
    path: Annotated[Path, typer.Argument(help="Where to write it.")] = Path("bilateral.toml"),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a commented bilateral.toml (site title, dyads, authors, options)."""
    from .review.siteconfig import write_init

    typer.echo(f"wrote {write_init(path, force=force)}")


@app.command("demo")
def demo_cli(
    out: OutOption = Path("site"),
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy pipeline name (default: first installed English one)."),
    ] = None,
) -> None:
    """Build the demo site from the bundled sample corpus, offline, and say where it is."""
    from .demo import build_demo

    report = build_demo(out, model=model, progress=lambda msg: console.print(msg))
    typer.echo(
        f"coded {report.events:,} events from {report.documents:,} articles; built "
        f"{report.site.installments} installments and {report.site.pages} pages in "
        f"{report.seconds:.1f} s"
    )
    typer.echo(f"open {report.home.as_uri()}")


def main() -> None:
    """Entry point: run the app, turning bilateral errors into one clear message."""
    try:
        app()
    except BilateralError as exc:
        console.print(exc.render(), markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        console.print("interrupted")
        sys.exit(130)

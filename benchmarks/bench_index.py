"""Benchmark: the monthly index of CHN-JPN, 2005-2015, on ICEWS05-15 (bar: under 5 s).

    python benchmarks/bench_index.py [--data ../shared/data/icews-samples/icews05-15.tab]

Loads the file into a fresh store in a temporary folder (timed, not part of the bar), then
times the index three ways: the first ``monthly_index`` call in this process (parsing and
compiling the SQL definitions included), the median of five further calls, and the whole
command ``bilateral index --dyad CHN-JPN --start 2005-01 --end 2015-12 --format csv`` in a
new process (Python start-up and imports included). Prints a Markdown section for
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "icews-samples" / "icews05-15.tab"
BAR_SECONDS = 5.0


def machine() -> str:
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpu if line.startswith("Model name")),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores (`nproc`), {model}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--synthetic",
        type=int,
        default=0,
        metavar="ROWS",
        help="also time the index on a generated GDELT-sized store of ROWS "
        "events (ten countries, 2005-2015, several rows per story)",
    )
    args = parser.parse_args()

    from bilateral import Store, monthly_index
    from bilateral.config import Settings
    from bilateral.sources.icews import ingest_icews

    settings = Settings()  # the defaults: 500 bootstrap resamples, half-life 3 months
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "icews.duckdb"
        with Store(db) as store:
            t0 = time.perf_counter()
            ingest_icews([args.data], store=store)
            load = time.perf_counter() - t0
            dyad_rows = store.query(
                "SELECT count(*) AS n FROM events WHERE (source_code = 'CHN' AND "
                "target_code = 'JPN') OR (source_code = 'JPN' AND target_code = 'CHN')"
            )[0]["n"]
            total = store.count("events")

            t0 = time.perf_counter()
            rows = monthly_index(store, "CHN-JPN", "2005-01", "2015-12", settings=settings)
            first = time.perf_counter() - t0
            warm = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                again = monthly_index(store, "CHN-JPN", "2005-01", "2015-12", settings=settings)
                warm.append(time.perf_counter() - t0)
                assert again == rows
        command = [
            sys.executable,
            "-m",
            "bilateral",
            "index",
            "--dyad",
            "CHN-JPN",
            "--start",
            "2005-01",
            "--end",
            "2015-12",
            "--format",
            "csv",
            "--db",
            str(db),
        ]
        t0 = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        cli = time.perf_counter() - t0
        assert len(done.stdout.splitlines()) == len(rows) + 1

    worst = max(first, cli)
    print(f"## Index: CHN-JPN 2005-2015 on ICEWS05-15 ({dt.date.today().isoformat()})\n")
    print("Command: `python benchmarks/bench_index.py`  ")
    print(f"Machine: {machine()}; shared machine.\n")
    print(
        f"- store: {total:,} events loaded in {load:.2f} s; {dyad_rows:,} CHN-JPN rows; "
        f"index rows: {len(rows)} months"
    )
    print(f"- `monthly_index`, first call in the process: {first:.3f} s")
    print(
        f"- `monthly_index`, median of {args.runs} further calls: {statistics.median(warm):.3f} s"
    )
    print(f"- `bilateral index ... --format csv`, new process, wall: {cli:.2f} s")
    print(
        f"- bar (< {BAR_SECONDS:.0f} s): {'met' if worst < BAR_SECONDS else 'NOT met'} "
        f"(slowest of the above: {worst:.2f} s)"
    )

    if args.synthetic:
        synthetic(args.synthetic)


SYNTHETIC_SQL = """
INSERT INTO events (event_id, origin, origin_id, date, source_code, target_code, cameo, root,
                    quad_class, goldstein, weight, story)
SELECT 'gdelt1:' || i, 'gdelt1', CAST(i AS VARCHAR),
    DATE '2005-01-01' + CAST(floor(random() * 4017) AS INTEGER),
    ['CHN', 'JPN', 'USA', 'KOR', 'RUS', 'FRA', 'DEU', 'GBR', 'IND', 'BRA'][1 + s],
    ['CHN', 'JPN', 'USA'][1 + t],
    ['042', '036', '112', '190', '061'][k], ['04', '03', '11', '19', '06'][k],
    [1, 1, 3, 4, 2][k], [1.9, 4.0, -2.0, -10.0, 6.4][k],
    1 + floor(random() * 5),
    'http://example.org/' || CAST(floor(random() * $stories) AS INTEGER)
FROM (
    SELECT i, CAST(floor(random() * 10) AS INTEGER) AS s,
        CAST(floor(random() * 3) AS INTEGER) AS t, 1 + CAST(floor(random() * 5) AS INTEGER) AS k
    FROM range($rows) AS r(i)
)
"""


def synthetic(rows: int) -> None:
    """The index of CHN-JPN on a generated store: engine and numpy time at GDELT scale."""
    from bilateral import Store, monthly_index
    from bilateral.config import Settings

    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.duckdb") as store:
        t0 = time.perf_counter()
        store.execute("SELECT setseed(0.5)")
        store.execute(SYNTHETIC_SQL, {"rows": rows, "stories": rows // 10})
        made = time.perf_counter() - t0
        t0 = time.perf_counter()
        out = monthly_index(store, "CHN-JPN", settings=Settings())
        took = time.perf_counter() - t0
    print(
        f"- synthetic store of {rows:,} events (made in {made:.1f} s), CHN-JPN "
        f"{sum(r['rows'] for r in out):,} rows in {sum(r['stories'] for r in out):,} stories "
        f"over {len(out)} months: `monthly_index` {took:.2f} s"
    )


if __name__ == "__main__":
    main()

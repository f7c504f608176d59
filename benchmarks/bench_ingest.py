"""Ingest speed bar: ``bilateral ingest gdelt`` against pandas and a bare DuckDB scan.

    python benchmarks/bench_ingest.py --rows 1000000 --out /tmp/bench-gdelt

Builds (once, deterministically) a GDELT 1.0 daily file of N rows by replicating and perturbing
the real 58-column rows in ``../shared/data/gdelt-samples/`` (new GLOBALEVENTIDs, dates spread
over ten years, article counts varied), then times in one run, each in a fresh subprocess:

1. pandas ``read_csv`` of all 58 columns as strings (what GDELT client libraries do);
2. a bare DuckDB scan of the same file (all columns as VARCHAR, every column read);
3. ``bilateral ingest gdelt FILE --db NEW.duckdb`` (parse, validate, store every row),
   through the installed console script.

Peak memory is the child's max RSS (``resource.getrusage(RUSAGE_CHILDREN)``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "gdelt-samples"
SAMPLES = [
    SHARED / "reed9999.gdelt1-daily-sample.events.tsv",
    SHARED / "spark-gdelt.gdelt1-events.events1.csv",
]


def sample_rows() -> list[list[str]]:
    rows = []
    for path in SAMPLES:
        for line in path.read_text("utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) == 58:
                rows.append(fields)
    return rows


def make_gdelt1_daily(path: Path, rows: int) -> Path:
    """Write ``rows`` GDELT 1.0 daily (58-column) rows to ``path``; same input, same bytes."""
    if path.exists() and path.stat().st_size > 0:
        return path
    base = sample_rows()
    start = dt.date(2006, 1, 1)
    tmp = path.with_suffix(".partial")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        for i in range(rows):
            f = list(base[i % len(base)])
            day = start + dt.timedelta(days=(i * 7919) % 3650)
            f[0] = str(500_000_000 + i)
            f[1] = day.strftime("%Y%m%d")
            f[2] = day.strftime("%Y%m")
            f[3] = str(day.year)
            f[4] = f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"
            f[33] = str(1 + (i * 13) % 10)  # NumArticles
            f[56] = day.strftime("%Y%m%d")  # DATEADDED
            fh.write("\t".join(f))
            fh.write("\n")
    tmp.rename(path)
    return path


PANDAS = """
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], sep="\\t", header=None, dtype=str, keep_default_na=False,
                 quoting=3, names=range(58))
print(len(df))
"""

DUCKDB_SCAN = """
import sys, duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
cols = {f"c{i}": "VARCHAR" for i in range(1, 59)}
n = con.execute(
    "SELECT count(*) FROM (SELECT * FROM read_csv(?, columns=?, delim='\\t', quote='', "
    "escape='', header=false, auto_detect=false)) WHERE " +
    " OR ".join(f"c{i} IS NOT NULL" for i in range(1, 59)),
    [sys.argv[1], cols]).fetchone()[0]
print(n)
"""


def child_peak(argv: list[str]) -> tuple[float, int, str, float]:
    """Run argv under a fresh Python that reports the child's wall time, peak RSS (MiB),
    output and CPU time (user + system: less sensitive than wall time to other load on a
    shared machine)."""
    wrapper = (
        "import resource, subprocess, sys, time, json;"
        "t=time.perf_counter();p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
        "s=time.perf_counter()-t;"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(json.dumps({'s':s,'rss':u.ru_maxrss,'cpu':u.ru_utime+u.ru_stime,"
        "'rc':p.returncode,'out':(p.stdout+p.stderr)[-600:]}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *argv], capture_output=True, text=True, check=True
    )
    data = json.loads(proc.stdout)
    if data["rc"] != 0:
        raise SystemExit(f"{argv} failed:\n{data['out']}")
    return data["s"], data["rss"] // 1024, data["out"].strip(), data["cpu"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-gdelt"))
    ap.add_argument("--repeat", type=int, default=1, help="runs of each contender (best kept)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = make_gdelt1_daily(args.out / f"gdelt1-daily-{args.rows}.tsv", args.rows)
    size_mb = data.stat().st_size / 2**20
    bilateral = str(Path(sys.executable).with_name("bilateral"))
    load_before = os.getloadavg()
    results: dict[str, tuple[float, int, str, float]] = {}
    for _ in range(args.repeat):
        db = args.out / "bench.duckdb"
        for suffix in ("", ".wal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        contenders = {
            "pandas read_csv (all str)": [sys.executable, "-c", PANDAS, str(data)],
            "duckdb bare scan": [sys.executable, "-c", DUCKDB_SCAN, str(data)],
            "bilateral ingest gdelt": [bilateral, "ingest", "gdelt", str(data), "--db", str(db)],
        }
        for name, argv in contenders.items():
            got = child_peak(argv)
            if name not in results or got[0] < results[name][0]:
                results[name] = got
    print(f"file: {data} ({args.rows:,} rows, {size_mb:.0f} MiB)")
    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, {platform.python_version()}")
    print(f"load average (1, 5, 15 min) before the runs: {load_before}, after: {os.getloadavg()}")
    print(f"store file: {(args.out / 'bench.duckdb').stat().st_size / 2**20:.0f} MiB")
    for name, (secs, rss, out, cpu) in results.items():
        print(
            f"{name:28} wall {secs:7.2f} s  cpu {cpu:7.2f} s  peak RSS {rss:6,} MiB  | "
            f"{out.splitlines()[-1][:70]}"
        )
    pandas, scan, ing = (
        results[k]
        for k in ("pandas read_csv (all str)", "duckdb bare scan", "bilateral ingest gdelt")
    )
    print(
        f"wall: pandas / bilateral = {pandas[0] / ing[0]:.2f}x (bar: >= 4); "
        f"bilateral / duckdb scan = {ing[0] / scan[0]:.2f}x (bar: <= 2.5)"
    )
    print(
        f"cpu:  pandas / bilateral = {pandas[3] / ing[3]:.2f}x; "
        f"bilateral / duckdb scan = {ing[3] / scan[3]:.2f}x"
    )


if __name__ == "__main__":
    main()

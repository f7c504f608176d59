"""Benchmark: build 10 years of monthly installments for one dyad (120 installments, each with
its charts) and, optionally, the bundled demo.

    python benchmarks/bench_site.py [--months 120] [--per-month 30] [--workers N] [--demo]

Bar: the 120-installment site builds in at most 60 s on the 2-core machine; ``bilateral
demo`` finishes in under 60 s. The store is filled directly (tests/reviewdata.py), so the
time is the review's: index, context, charts, pages, feeds.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import reviewdata as rd  # noqa: E402
from bilateral.review import build_site, site_config  # noqa: E402
from bilateral.store import Store  # noqa: E402


def bench_site(months: int, per_month: int, workers: int | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        toml = rd.write_project(folder)
        # one dyad: drop the second dyad of the fixture configuration
        text = toml.read_text("utf-8").replace(
            '[[site.dyads]]\ndyad = "CHN-USA"\nstart = "2019-01"\n', ""
        )
        toml.write_text(text, "utf-8")
        settings = rd.load_settings(toml)  # default bootstrap (500 resamples)
        with Store(folder / "bench.duckdb") as store:
            t0 = time.perf_counter()
            rd.fill_store(
                store, start="2009-04", count=months, per_month=per_month, dyads=("CHN-JPN",)
            )
            filled = time.perf_counter() - t0
            t0 = time.perf_counter()
            report = build_site(
                store,
                folder / "site",
                site_config(settings, toml),
                settings=settings,
                workers=workers,
            )
            seconds = time.perf_counter() - t0
        return {
            "fill": filled,
            "build": seconds,
            "installments": report.installments,
            "pages": report.pages,
            "charts": report.charts,
            "events": months * per_month,
        }


def bench_demo() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bilateral", "demo", "--out", f"{tmp}/site"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--per-month", type=int, default=30)
    ap.add_argument(
        "--workers", type=int, default=None, help="chart processes (default: CPU count, at most 4)"
    )
    ap.add_argument("--demo", action="store_true", help="also time `bilateral demo`")
    args = ap.parse_args()
    print(
        f"machine: {platform.machine()}, nproc {os.cpu_count()}, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}"
    )
    r = bench_site(args.months, args.per_month, args.workers)
    print(f"store: {r['events']:,} events over {args.months} months filled in {r['fill']:.1f} s")
    print(
        f"site: {r['installments']} installments, {r['pages']} pages, {r['charts']} charts "
        f"built in {r['build']:.1f} s (bar: <= 60 s: {'met' if r['build'] <= 60 else 'NOT met'})"
    )
    if args.demo:
        d = bench_demo()
        print(
            f"bilateral demo, new process, wall: {d:.1f} s "
            f"(bar: < 60 s: {'met' if d < 60 else 'NOT met'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

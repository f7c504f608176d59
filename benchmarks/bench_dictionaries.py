"""Benchmark: loading the packaged dictionaries, importing the Phoenix PETRARCH dictionaries,
and loading the imported file as a user dictionary.

    python benchmarks/bench_dictionaries.py

Needs ../shared/data/phoenix-dictionaries. Prints one line per measurement.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "data" / "phoenix-dictionaries"
FILES = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.agents.txt",
]


def main() -> int:
    if not PHOENIX.is_dir():
        print(f"reference data {PHOENIX} is absent", file=sys.stderr)
        return 1
    started = time.perf_counter()
    from bilateral.coding.dictionaries import import_petrarch_dictionaries, load_dictionaries

    packaged = load_dictionaries()
    print(
        f"packaged dictionaries, import + first load: {time.perf_counter() - started:.2f} s "
        f"({len(packaged.actors):,} actor phrases, {len(packaged.agents):,} agent phrases)"
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "phoenix.jsonl"
        started = time.perf_counter()
        results = import_petrarch_dictionaries([PHOENIX / f for f in FILES], out)
        entries = sum(len(r.entries) for r in results)
        skipped = sum(len(r.skipped) for r in results)
        print(
            f"import-petrarch of {len(FILES)} Phoenix files: "
            f"{time.perf_counter() - started:.2f} s ({entries:,} entries, {skipped} lines "
            f"skipped, {out.stat().st_size / 1e6:.1f} MB)"
        )
        started = time.perf_counter()
        layered = load_dictionaries([out])
        print(
            f"load packaged + imported file: {time.perf_counter() - started:.2f} s "
            f"({len(layered.actors):,} actor phrases, {len(layered.agents):,} agent phrases)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: the event coder end to end against bare spaCy parsing, on 6,000 news sentences.

    python benchmarks/bench_coder.py [--sentences 6000] [--model NAME] [--input FILE]

The sentences: every English news sentence in ../shared (the gold dev set, the PETRARCH GSR
and unit-test records, the ICEWS CAMEO code examples), cycled to ``--sentences``; or a plain
text / JSONL file given with ``--input``. Each measurement runs in a fresh Python process,
timed from before the model loads to the last output line, and reports its peak memory:

- ``spacy``: ``spacy.load(model)`` (the whole pipeline as installed) and ``nlp.pipe`` over the
  sentences: bare parsing, the baseline;
- ``spacy-no-ner``: the same with NER excluded, as the coder loads it;
- ``coder``: ``bilateral code`` as a library call: dictionaries, pipeline with the actor
  ruler and event matcher, JSONL in, JSONL out (``Coder.code_file``), one process;
- ``coder-2proc``: the same parsing in two processes (``bilateral code --processes 2``).

Bars (issue 3): coder >= 500 sentences/s, and >= 0.7x the throughput of ``spacy``.
Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

WORKER = r"""
import json, resource, sys, time
mode, model, path, out = sys.argv[1:5]
t0 = time.perf_counter()
if mode.startswith("spacy"):
    import spacy
    exclude = ["ner"] if mode == "spacy-no-ner" else []
    nlp = spacy.load(model, exclude=exclude)
    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
    n = sum(1 for _ in nlp.pipe(texts, batch_size=256))
    events = 0
else:
    from bilateral.coding.coder import Coder
    coder = Coder(model, n_process=2 if mode == "coder-2proc" else 1)
    with open(out, "w", encoding="utf-8") as sink:
        summary = coder.code_file(path, sink)
    n, events = summary.lines, summary.events
elapsed = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"mode": mode, "n": n, "seconds": elapsed,
                  "peak_mb": usage.ru_maxrss / 1024 + children.ru_maxrss / 1024,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "child_cpu": children.ru_utime + children.ru_stime, "events": events}))
"""


def gather_sentences() -> list[str]:
    """English news sentences from the shared reference data."""
    sys.path.insert(0, str(REPO / "src"))
    from bilateral.coding.evaluate import read_gold, read_petrarch_records

    texts: list[str] = []
    gold = SHARED / "gold" / "dev.jsonl"
    if gold.exists():
        texts += [s.text for s in read_gold(gold)]
    for path in (
        SHARED / "data" / "universalpetrarch-validation" / "PETR2_GSR_validation.xml",
        SHARED / "data" / "petrarch2-validation" / "PETR.UnitTest.records.xml",
    ):
        if path.exists():
            texts += [s.text for s in read_petrarch_records(path)]
    icews = SHARED / "data" / "cameo-goldstein" / "icews-cameo-codes.csv"
    if icews.exists():
        import csv

        with icews.open(encoding="utf-8", errors="replace") as fh:
            for row in csv.DictReader(fh):
                example = (row.get("example") or "").strip()
                if example and example != "NA":
                    texts.append(example)
    return [t for t in texts if t.strip()]


def run(mode: str, model: str, path: Path, out: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", WORKER, mode, model, str(path), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=6000)
    parser.add_argument("--model", default=None)
    parser.add_argument("--input", type=Path, default=None)
    args = parser.parse_args()

    sys.path.insert(0, str(REPO / "src"))
    from bilateral.coding.pipeline import find_model

    model = find_model(args.model)
    if args.input:
        lines = args.input.read_text("utf-8").splitlines()
        base = [
            json.loads(x)["text"] if x.lstrip().startswith("{") else x for x in lines if x.strip()
        ]
    else:
        base = gather_sentences()
    texts = [base[i % len(base)] for i in range(args.sentences)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sentences.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(texts):
                fh.write(json.dumps({"id": str(i), "text": text, "date": "2020-01-01"}) + "\n")
        out = Path(tmp) / "coded.jsonl"
        results = {
            m: run(m, model, path, out) for m in ("spacy", "spacy-no-ner", "coder", "coder-2proc")
        }
    for r in results.values():
        r["cpu"] += r.get("child_cpu", 0.0)
    rate = {m: r["n"] / r["seconds"] for m, r in results.items()}
    cpu_rate = {m: r["n"] / r["cpu"] for m, r in results.items()}
    ratio = rate["coder"] / rate["spacy"]
    cpu_ratio = cpu_rate["coder"] / cpu_rate["spacy"]
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in lscpu if ln.startswith("Model name")),
        platform.processor(),
    )
    print(f"## Event coder vs bare spaCy ({dt.date.today().isoformat()})\n")
    print(
        "Command: `python benchmarks/bench_coder.py"
        + (f" --sentences {args.sentences}" if args.sentences != 6000 else "")
        + "`\n"
    )
    print(
        f"Machine: {os.cpu_count()} cores (`nproc`), {cpu}, Python "
        f"{platform.python_version()}; model {model}; {len(texts):,} sentences "
        f"({len(set(texts)):,} distinct, cycled). Each row is a fresh process, model load "
        "included.\n"
    )
    print(
        "| run | wall s | sentences/s (wall) | CPU s | sentences per CPU-second | "
        "peak memory (MB) | events |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for m, r in results.items():
        print(
            f"| {m} | {r['seconds']:.2f} | {rate[m]:,.0f} | {r['cpu']:.2f} | "
            f"{cpu_rate[m]:,.0f} | {r['peak_mb']:.0f} | {r['events']:,} |"
        )
    print(
        f"\nTwo processes: {rate['coder-2proc']:,.0f} sentences/s wall, "
        f"{rate['coder-2proc'] / rate['spacy']:.2f}x bare spaCy (peak memory is the sum of "
        "the main process and the largest worker)."
    )
    print(
        f"\nCoder throughput: {rate['coder']:,.0f} sentences/s wall, "
        f"{cpu_rate['coder']:,.0f} per CPU-second (bar 500); {ratio:.2f}x bare spaCy by "
        f"wall time, {cpu_ratio:.2f}x by CPU time (bar 0.7x)."
    )


if __name__ == "__main__":
    main()

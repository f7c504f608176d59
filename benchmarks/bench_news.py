"""Benchmark news ingestion: throughput with the real coder, and clustering quality.

    python benchmarks/bench_news.py                 # 1,000 articles of ~20 sentences
    python benchmarks/bench_news.py --articles 200 --format html
    python benchmarks/bench_news.py --append        # also append the results to docs/benchmarks.md

Throughput: ``--articles`` generated articles (tests/fixtures/news/wire_corpus.py, our own
templates; every article a different story) are saved as files in a temporary folder
(``--format md``: Markdown with front matter; ``html``: pages for trafilatura; ``jsonl``: one
file) and ingested into a fresh DuckDB store with ``bilateral.ingest_news``: read, hash,
cluster, split, code with the spaCy pipeline (batched through ``Coder.code_texts``), tag,
store. The model is loaded before the clock starts and its load time reported apart. Peak
memory is the process's maximum resident set size.

Clustering: republications of 20 stories on one day and dyad (at least 200 articles, several
seeds), ingested without coding; pairwise precision and recall of documents.cluster_id
against the true stories.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "news"))

from wire_corpus import distinct_articles, pairwise_scores, wire_corpus  # noqa: E402

from bilateral.news import canonical_url, ingest_news  # noqa: E402
from bilateral.store import Store  # noqa: E402


def save(articles: list[dict], folder: Path, fmt: str) -> Path:
    if fmt == "jsonl":
        path = folder / "articles.jsonl"
        path.write_text("\n".join(json.dumps(a) for a in articles), "utf-8")
        return path
    for i, a in enumerate(articles):
        if fmt == "md":
            front = (
                f"---\ntitle: {json.dumps(a['title'])}\nurl: {a['url']}\n"
                f"published: {a['published']}\noutlet: {a['outlet']}\n---\n\n"
            )
            (folder / f"{i:05d}.md").write_text(front + a["text"], "utf-8")
        else:
            paragraphs = "\n".join(f"<p>{p}</p>" for p in a["text"].split("\n\n"))
            html = (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{a['title']}"
                f"</title><meta property='og:site_name' content='{a['outlet']}'>"
                f"<meta property='article:published_time' content='{a['published']}'>"
                f"<link rel='canonical' href='{a['url']}'></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/asia'>Asia</a></nav><article>"
                f"<h1>{a['title']}</h1>{paragraphs}</article><footer>(c) {a['outlet']}"
                f"</footer></body></html>"
            )
            (folder / f"{i:05d}.html").write_text(html, "utf-8")
    return folder


def throughput(count: int, fmt: str, workers: int = 1) -> dict:
    from bilateral.coding.coder import Coder

    articles = distinct_articles(count)
    with tempfile.TemporaryDirectory() as tmp:
        source = save(articles, Path(tmp), fmt)
        t0 = time.perf_counter()
        coder = Coder() if workers == 1 else None
        load = time.perf_counter() - t0
        t1, c1 = time.perf_counter(), time.process_time()
        summary = ingest_news(
            [source], store=Path(tmp) / "bench.duckdb", coder=coder, workers=workers
        )
        elapsed = time.perf_counter() - t1
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() - c1 + children.ru_utime + children.ru_stime
        with Store(Path(tmp) / "bench.duckdb") as store:
            sentences = store.execute("SELECT count(*) FROM sentences").fetchone()[0]
            docs = store.count("documents")
            events = store.count("events")
    (s,) = summary.sources
    assert s.status == "loaded", s.message
    main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = children.ru_maxrss / 1024
    return {
        "articles": docs,
        "sentences": sentences,
        "events": events,
        "format": fmt,
        "workers": workers,
        "model_load_s": round(load, 2) if workers == 1 else "in workers",
        "ingest_s": round(elapsed, 2),
        "articles_per_s": round(docs / elapsed, 1),
        "sentences_per_s": round(sentences / elapsed, 1),
        "cpu_s": round(cpu, 2),
        "articles_per_cpu_s": round(docs / cpu, 1),
        # main process plus each worker at its peak (an upper bound of the total)
        "peak_rss_mb": round(main_rss + (workers * child_rss if workers > 1 else 0)),
    }


def clustering(seeds: list[int]) -> list[dict]:
    results = []
    for seed in seeds:
        articles = wire_corpus(20, seed=seed)
        with tempfile.TemporaryDirectory() as tmp:
            path = save(articles, Path(tmp), "jsonl")
            t0 = time.perf_counter()
            ingest_news([path], store=Path(tmp) / "c.duckdb", code=False)
            elapsed = time.perf_counter() - t0
            with Store(Path(tmp) / "c.duckdb") as store:
                by_url = dict(store.execute("SELECT url, cluster_id FROM documents").fetchall())
        labels = [by_url[canonical_url(a["url"])] for a in articles]
        precision, recall = pairwise_scores([a["story"] for a in articles], labels)
        wire = {lab for a, lab in zip(articles, labels, strict=True) if a["story"] == "story-0"}
        results.append(
            {
                "seed": seed,
                "articles": len(articles),
                "stories": 20,
                "clusters": len(set(labels)),
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "story0_clusters": len(wire),
                "seconds": round(elapsed, 2),
            }
        )
    return results


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    model = next(
        (line.split(":", 1)[1].strip() for line in lscpu if line.startswith("Model name")),
        platform.processor(),
    )
    load = os.getloadavg()
    return (
        f"nproc {os.cpu_count()}, {model}, Python {platform.python_version()}, "
        f"load average {load[0]:.1f} at start (shared machine)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--format", choices=("md", "html", "jsonl"), default="md")
    parser.add_argument("--seeds", default="7,8,9,10,11")
    parser.add_argument("--workers", type=int, default=1, help="coding processes")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--skip-clustering", action="store_true")
    parser.add_argument("--append", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    info = machine()
    print(info)
    clusters = [] if args.skip_clustering else clustering([int(x) for x in args.seeds.split(",")])
    for row in clusters:
        print("clustering", row)
    speed = None if args.skip_throughput else throughput(args.articles, args.format, args.workers)
    if speed:
        print("throughput", speed)
    if args.append:
        command = "python benchmarks/bench_news.py " + " ".join(sys.argv[1:])
        lines = [
            f"\n## News ingestion ({when})\n",
            f"Command: `{command.strip()}`  ",
            f"Machine: {info}.\n",
        ]
        if speed:
            lines += [
                "| articles | sentences | events | format | workers | model load s | "
                "ingest s (wall) | articles/s (wall) | sentences/s (wall) | CPU s | "
                "articles per CPU s | peak RSS MB |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|",
                f"| {speed['articles']} | {speed['sentences']} | {speed['events']} | "
                f"{speed['format']} | {speed['workers']} | {speed['model_load_s']} | "
                f"{speed['ingest_s']} | "
                f"{speed['articles_per_s']} | {speed['sentences_per_s']} | {speed['cpu_s']} | "
                f"{speed['articles_per_cpu_s']} | {speed['peak_rss_mb']:.0f} |",
                "",
            ]
        if clusters:
            lines += [
                "Clustering (20 stories on one day and dyad, republished with other "
                "headlines and boilerplate; pairwise scores):\n",
                "| seed | articles | clusters | precision | recall | clusters of the "
                "20-copy story |",
                "|---|---|---|---|---|---|",
            ]
        lines += [
            f"| {r['seed']} | {r['articles']} | {r['clusters']} | {r['precision']} | "
            f"{r['recall']} | {r['story0_clusters']} |"
            for r in clusters
        ]
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

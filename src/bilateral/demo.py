"""``bilateral demo``: the bundled sample corpus, ingested and coded into a temporary store,
published as a review site. Offline: everything it reads is packaged in ``data/demo/``.

The sample (written for bilateral): ``corpus.jsonl`` (short dated news items on China,
Japan, the two Koreas and the United States, January 2018 to June 2019, outlet "bilateral
sample"), ``bilateral.toml`` (site title, dyads, two sample authors) and
``commentary/chn-jpn/2019-03.md``.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .config import load_settings
from .errors import SiteError
from .review.site import SiteReport, build_site
from .review.siteconfig import site_config
from .store import Store

DemoProgress = Callable[[str], None]


@dataclass
class DemoReport:
    """What the demo did: documents and events it stored, and the site it built."""

    documents: int
    events: int
    site: SiteReport
    seconds: float

    @property
    def home(self) -> Path:
        return self.site.home


def demo_files() -> Path:
    """The folder of the packaged demo (corpus, bilateral.toml, commentary)."""
    folder = resources.files("bilateral").joinpath("data/demo")
    path = Path(str(folder))
    for name in ("corpus.jsonl", "bilateral.toml"):
        if not (path / name).is_file():
            raise SiteError(
                f"the packaged demo has no {name}",
                path=str(path),
                code="E460",
                hint="reinstall bilateral",
            )
    return path


def build_demo(
    out: str | Path,
    *,
    model: str | None = None,
    progress: DemoProgress | None = None,
    workers: int | None = None,
) -> DemoReport:
    """Ingest and code the sample corpus into a temporary store and build the site in
    ``out``. The temporary store is removed afterwards."""
    from .news import ingest_news

    started = time.perf_counter()
    files = demo_files()
    toml = files / "bilateral.toml"
    settings = load_settings(toml, model=model, db=None)
    config = site_config(settings, toml)
    tmp = Path(tempfile.mkdtemp(prefix="bilateral-demo-"))
    try:
        with Store(tmp / "demo.duckdb") as store:
            if progress:
                progress("reading and coding the sample corpus")
            summary = ingest_news(
                [files / "corpus.jsonl"],
                store=store,
                model=settings.model,
                dictionaries=settings.dictionaries,
                fetch_pages=False,
            )
            if summary.failed:
                first = summary.failed[0]
                raise SiteError(
                    f"the sample corpus did not load: {first.message}",
                    path=str(files / "corpus.jsonl"),
                    code="E460",
                )
            documents = store.count("documents")
            events = store.count("events")
            if progress:
                progress(f"building the site from {events:,} events")
            report = build_site(store, out, config, settings=settings, workers=workers)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return DemoReport(
        documents=documents, events=events, site=report, seconds=time.perf_counter() - started
    )

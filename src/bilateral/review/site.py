"""Phase 2 of the review: render installments and every index page into a static site.

The tree (all links relative, with explicit ``index.html`` so the site works from
``file://`` and behind any web server)::

    index.html                    latest installments, the dyads
    feed.xml                      Atom feed of the whole site
    archive/index.html            every dyad and year
    <dyad>/index.html             the dyad's archive, by year
    <dyad>/<YYYY>/index.html      one year of a dyad
    <dyad>/<YYYY-MM>/index.html   an installment
    <dyad>/feed.xml               Atom feed of the dyad
    tags/index.html, tags/<slug>/index.html
    authors/index.html, authors/<id>/index.html
    static/style.css

File names come only from validated dyad codes, months, author ids and tag slugs (never from
titles). Templates autoescape; commentary HTML comes from markdown-it with raw HTML off.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup

from ..commentary import render_markdown
from ..config import Settings
from ..errors import SiteError
from ..store import Store
from . import charts as chartlib
from . import narrative
from .context import DyadHistory, dyad_history, installment_context
from .siteconfig import SiteConfig, check_dyad, check_month

MARKER = ".bilateral-site"
_SAFE_PATH = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")
_RAW_SHORTCODE = re.compile(r"\[\s*posts-by-tag|\[\s*[A-Za-z][\w-]*\s+[\w-]+\s*=\s*[\"“”„‟″'‘’‚‛′]")

Progress = Callable[[int, int, str], None]


@dataclass
class SiteReport:
    """What a build wrote."""

    out: Path
    installments: int = 0
    pages: int = 0
    charts: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)

    @property
    def home(self) -> Path:
        return self.out / "index.html"


def tag_slug(tag: str) -> str:
    """A safe folder name for a tag: ASCII letters, digits and dashes; a short hash when the
    tag has no such characters (e.g. only CJK or punctuation)."""
    chars = []
    for ch in unicodedata.normalize("NFKD", tag):
        if unicodedata.combining(ch):
            continue
        chars.append(ch.lower() if ch.isascii() and ch.isalnum() else "-")
    slug = re.sub(r"-+", "-", "".join(chars)).strip("-")[:48].strip("-")
    if not slug:
        digest = hashlib.sha1(tag.casefold().encode("utf-8")).hexdigest()[:10]
        return f"tag-{digest}"
    return slug


class TagIndex:
    """Tags by case-insensitive name, each with a unique slug (a hash suffix on collision)."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[str, Any]] = {}
        self.slugs: set[str] = set()

    def get(self, name: str) -> dict[str, Any]:
        key = " ".join(name.split()).casefold()
        tag = self.by_key.get(key)
        if tag is None:
            slug = tag_slug(name)
            if slug in self.slugs:
                slug = f"{slug[:40]}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
            self.slugs.add(slug)
            tag = {"name": " ".join(name.split()), "slug": slug, "key": key, "items": []}
            self.by_key[key] = tag
        return tag

    def find(self, name: str) -> dict[str, Any] | None:
        return self.by_key.get(" ".join(name.split()).casefold())


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bilateral.review", "templates"),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["month_name"] = narrative.month_name
    return env


def _relative(from_page: str, to_path: str) -> str:
    """Relative link from the page at ``from_page`` to ``to_path`` (both from the root)."""
    start = PurePosixPath(from_page).parent
    return os.path.relpath(to_path, start.as_posix() or ".").replace(os.sep, "/")


def _root(page: str) -> str:
    depth = page.count("/")
    return "../" * depth


class _Writer:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.files: list[str] = []

    def write(self, rel: str, text: str) -> None:
        if not _SAFE_PATH.match(rel) or ".." in rel.split("/"):
            raise SiteError(f"refusing to write an unsafe path {rel!r}", code="E440")
        if rel.endswith(".html"):
            self.check_page(rel, text)
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        self.files.append(rel)

    @staticmethod
    def check_page(rel: str, text: str) -> None:
        # Only the commentary can hold shortcodes, and it is checked where it is rendered;
        # this is the last guard that nothing unrendered reaches a page.
        # Event sentences and source titles are untrusted text that may hold anything;
        # they are escaped, not interpreted, so they are left out of this check.
        checked = re.sub(r'<section class="events".*?</section>', "", text, flags=re.S)
        m = _RAW_SHORTCODE.search(checked)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            raise SiteError(
                f"an unrendered shortcode would be published: {m.group(0)!r}",
                path=rel,
                line=line,
                code="E414",
            )


class SiteBuilder:
    """Builds installments and index pages from a store and a site configuration."""

    def __init__(
        self,
        store: Store,
        config: SiteConfig,
        settings: Settings | None = None,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.settings = settings
        self.progress = progress
        self.env = _environment()
        self.tags = TagIndex()
        self.installments: list[dict[str, Any]] = []
        self.histories: dict[str, DyadHistory] = {}
        self.charts = 0
        self.installments_last: dict[str, str] = {}
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self.renderer = chartlib.ChartRenderer(self.workers)

    # -- phase 1 ------------------------------------------------------------------------
    def collect(
        self, dyads: Iterable[str] | None = None, months: dict[str, list[str]] | None = None
    ) -> None:
        """Contexts for every installment of ``dyads`` (default: the configured ones)."""
        codes = list(
            dict.fromkeys(
                check_dyad(d)
                for d in (dyads if dyads is not None else [d.dyad for d in self.config.dyads])
            )
        )
        if not codes:
            raise SiteError(
                "no dyads to publish",
                path=self.config.source,
                code="E403",
                hint='list them in bilateral.toml: [[site.dyads]] dyad = "CHN-JPN"',
            )
        plan: list[tuple[str, str]] = []
        for code in codes:
            history = dyad_history(self.store, code, self.config, self.settings)
            self.histories[code] = history
            wanted = months.get(code) if months else None
            for m in wanted if wanted is not None else history.months:
                plan.append((code, m))
            if wanted is None:
                self._check_commentary(code, history.months)
        total = len(plan)
        for i, (code, m) in enumerate(plan):
            ctx = installment_context(
                self.store,
                code,
                m,
                self.config,
                history=self.histories[code],
                settings=self.settings,
            )
            self.installments.append(ctx)
            if self.progress:
                self.progress(i + 1, total, "reading")
        self.installments.sort(key=lambda c: (c["dyad"], c["month"]))
        for ctx in self.installments:
            self.installments_last[ctx["dyad"]] = ctx["month"]
        for ctx in self.installments:
            ctx["tag_refs"] = []
            for name in ctx["tags"]:
                tag = self.tags.get(name)
                tag["items"].append(ctx)
                ctx["tag_refs"].append(tag)
        by_dyad: dict[str, list[dict[str, Any]]] = {}
        for ctx in self.installments:
            by_dyad.setdefault(ctx["dyad"], []).append(ctx)
        for items in by_dyad.values():
            for i, ctx in enumerate(items):
                ctx["prev"] = items[i - 1] if i > 0 else None
                ctx["next"] = items[i + 1] if i + 1 < len(items) else None

    def _check_commentary(self, dyad: str, months: list[str]) -> None:
        """Commentary written for a month that will not be published is an error, not a
        silent omission."""
        site = self.config.dyad(dyad)
        folder = self.config.commentary / dyad.lower()
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.md")):
            month = path.stem
            if month in months:
                continue
            if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
                raise SiteError(
                    "a commentary file must be named YYYY-MM.md", path=str(path), code="E415"
                )
            outside = (site.start is not None and month < site.start) or (
                site.end is not None and month > site.end
            )
            raise SiteError(
                f"commentary for {month}, which has no installment "
                + (
                    "(outside start/end of the dyad in bilateral.toml)"
                    if outside
                    else "(no events that month)"
                ),
                path=str(path),
                code="E431",
                hint="move the file, or ingest data for that month",
            )

    # -- phase 2 ------------------------------------------------------------------------
    def _authors(self, ids: list[str]) -> list[Any]:
        return [self.config.authors[a] for a in ids if a in self.config.authors]

    def _listing(self, it: dict[str, Any]) -> dict[str, Any]:
        return {
            k: it[k]
            for k in ("path", "title", "dyad_name", "month_name", "summary", "month", "dyad")
        }

    def _posts_by_tag(
        self, it: dict[str, Any], tags: list[str], number: int, path: str, line: int
    ) -> str:
        items: list[dict[str, Any]] = []
        for name in tags:
            tag = self.tags.find(name)
            if tag is not None:
                items.extend(tag["items"])
        unique = {c["path"]: c for c in items if c["path"] != it["path"]}
        chosen = sorted(unique.values(), key=lambda c: (c["month"], c["dyad"]), reverse=True)[
            :number
        ]
        html = self.env.get_template("posts_by_tag.html").render(
            items=[self._listing(c) for c in chosen], root=_root(it["path"]), tags=tags
        )
        return html.strip()

    def _commentary_html(self, it: dict[str, Any]) -> Markup | None:
        c = it.get("commentary")
        if not c or not c["body"].strip():
            return None
        calls = c["shortcodes"]

        def replace(n: int) -> str:
            call = calls[n]
            tags = [t.strip() for t in call["attrs"]["tags"].split(",") if t.strip()]
            return self._posts_by_tag(
                it, tags, int(call["attrs"].get("number", "5")), call["path"], call["line"]
            )

        html = render_markdown(c["body"], replace)
        m = _RAW_SHORTCODE.search(html)
        if m:
            raise SiteError(
                f"an unrendered shortcode is left in the commentary: {m.group(0)!r}",
                path=c["path"],
                code="E414",
            )
        return Markup(html)

    def _charts(self, it: dict[str, Any]) -> list[chartlib.Chart]:
        rows = it["rows"]
        month = it["month"]
        out = [
            chartlib.state_and_flow(rows, month, it["dyad_name"]),
            self._history_chart(it["dyad"], it["dyad_name"]),
            chartlib.quad_classes(rows, month),
        ]
        previous = it["previous"]["month"] if it.get("previous") else None
        topics = chartlib.topic_shares(it["topics"], month, previous)
        if topics is not None:
            out.append(topics)
        ext = it.get("external")
        if ext is not None:
            out.append(
                chartlib.external_series(
                    rows, ext["series"], month, ext["label"], ext["correlation"], ext["overlap"]
                )
            )
        return out

    def _history_chart(self, dyad: str, name: str) -> chartlib.Chart:
        rows = [
            r
            for r in self.histories[dyad].rows
            if r["month"] <= self.installments_last.get(dyad, "9999-99")
        ]
        return chartlib.state_history(rows, name)

    def render_installment(self, it: dict[str, Any]) -> str:
        charts = []
        for chart in it.get("_charts") or self._charts(it):
            charts.append({**chart.to_dict(), "svg": Markup(self.renderer.inline(chart))})
            self.charts += 1
        explore = []
        for tag in it["tag_refs"]:
            others = [c for c in tag["items"] if c["path"] != it["path"]]
            if not others:
                continue
            others.sort(
                key=lambda c: (abs(_months_between(c["month"], it["month"])), c["month"]),
            )
            explore.append(
                {"tag": tag, "items": [self._listing(c) for c in others[: self.config.explore]]}
            )
        # the dyad tag goes last: topical and commentary tags say more
        explore.sort(key=lambda g: g["tag"]["name"] == it["dyad_name"])
        page = self.env.get_template("installment.html").render(
            site=self.config,
            root=_root(it["path"]),
            page_title=it["title"],
            description=it["summary"],
            it=it,
            charts=charts,
            authors=self._authors(it["authors"]),
            tags=it["tag_refs"],
            commentary_html=self._commentary_html(it),
            prev=it["prev"],
            next=it["next"],
            explore=explore[:3],
        )
        return page

    def _page(
        self,
        writer: _Writer,
        rel: str,
        title: str,
        groups: list[dict[str, Any]],
        intro: str | None = None,
        **extra: Any,
    ) -> None:
        defaults: dict[str, Any] = {
            "path": None,
            "note": None,
            "items": [],
            "links": [],
            "show_dyad": True,
            "show_summary": True,
        }
        groups = [{**defaults, **g} for g in groups]
        for g in groups:
            g["links"] = [{"note": None, **link} for link in g["links"]]
        html = self.env.get_template("listing.html").render(
            site=self.config,
            root=_root(rel),
            page_title=title,
            description=intro,
            intro=intro,
            groups=groups,
            author=extra.get("author"),
            count=extra.get("count", 0),
        )
        writer.write(rel, html)

    def _feed(self, writer: _Writer, rel: str, title: str, items: list[dict[str, Any]]) -> None:
        base = self.config.base_url
        entries = []
        for it in sorted(items, key=lambda c: (c["month"], c["dyad"]), reverse=True)[:50]:
            href = base + it["path"] if base else _relative(rel, it["path"])
            entries.append(
                {
                    "title": it["title"],
                    "id": _urn(self.config, it["path"]),
                    "updated": it["published"],
                    "href": href,
                    "authors": self._authors(it["authors"]),
                    "tags": it["tag_refs"],
                    "summary": it["summary"],
                    "content": " ".join(it["lede"]),
                }
            )
        updated = max((e["updated"] for e in entries), default="1970-01-01T00:00:00Z")
        xml = self.env.get_template("feed.xml").render(
            site=self.config,
            feed_title=title,
            feed_id=_urn(self.config, rel),
            updated=updated,
            entries=entries,
            self_href=base + rel if base else PurePosixPath(rel).name,
            home_href=base + "index.html" if base else _relative(rel, "index.html"),
        )
        writer.write(rel, xml)

    def write(self, writer: _Writer) -> None:
        total = len(self.installments)
        specs: list[dict[str, Any]] = []
        for it in self.installments:
            it["_charts"] = self._charts(it)
            specs.extend(c.spec for c in it["_charts"])
        if self.progress:
            self.progress(0, len(specs), "charts")
        self.renderer.render_many(specs)
        for i, it in enumerate(self.installments):
            writer.write(it["path"], self.render_installment(it))
            if self.progress:
                self.progress(i + 1, total, "writing")
        self.write_indexes(writer)

    def write_indexes(self, writer: _Writer) -> None:
        cfg = self.config
        items = self.installments
        latest = sorted(items, key=lambda c: (c["month"], c["dyad"]), reverse=True)[: cfg.latest]
        dyads = sorted({c["dyad"] for c in items})
        by_dyad = {d: [c for c in items if c["dyad"] == d] for d in dyads}
        home_groups: list[dict[str, Any]] = [
            {
                "name": "Latest installments",
                "items": [self._listing(c) for c in latest],
                "show_dyad": True,
                "show_summary": True,
            },
            {
                "name": "Relationships",
                "links": [
                    {
                        "path": f"{d.lower()}/index.html",
                        "name": narrative.dyad_name(d),
                        "note": f"{len(by_dyad[d])} installments, {by_dyad[d][0]['month_name']} to "
                        f"{by_dyad[d][-1]['month_name']}",
                    }
                    for d in dyads
                ],
            },
        ]
        self._page(writer, "index.html", cfg.title, home_groups, intro=cfg.description)

        archive_groups = []
        for d in dyads:
            years = sorted({c["year"] for c in by_dyad[d]}, reverse=True)
            archive_groups.append(
                {
                    "name": narrative.dyad_name(d),
                    "path": f"{d.lower()}/index.html",
                    "links": [
                        {
                            "path": f"{d.lower()}/{y}/index.html",
                            "name": y,
                            "note": f"{sum(1 for c in by_dyad[d] if c['year'] == y)} installments",
                        }
                        for y in years
                    ],
                }
            )
        self._page(writer, "archive/index.html", "Archive", archive_groups)

        for d in dyads:
            slug = d.lower()
            years = sorted({c["year"] for c in by_dyad[d]}, reverse=True)
            groups = []
            for y in years:
                in_year = [c for c in by_dyad[d] if c["year"] == y]
                groups.append(
                    {
                        "name": y,
                        "path": f"{slug}/{y}/index.html",
                        "items": [self._listing(c) for c in reversed(in_year)],
                        "show_dyad": False,
                        "show_summary": False,
                    }
                )
                self._page(
                    writer,
                    f"{slug}/{y}/index.html",
                    f"{narrative.dyad_name(d)}: {y}",
                    [
                        {
                            "name": f"Installments of {y}",
                            "items": [self._listing(c) for c in reversed(in_year)],
                            "show_dyad": False,
                            "show_summary": True,
                        },
                        {
                            "name": "Elsewhere",
                            "links": [
                                {
                                    "path": f"{slug}/index.html",
                                    "name": f"All {narrative.dyad_name(d)} installments",
                                },
                                {"path": f"{slug}/feed.xml", "name": "Atom feed"},
                            ],
                        },
                    ],
                )
            groups.append(
                {
                    "name": "Feed",
                    "links": [
                        {
                            "path": f"{slug}/feed.xml",
                            "name": f"Atom feed of {narrative.dyad_name(d)}",
                        }
                    ],
                }
            )
            self._page(
                writer,
                f"{slug}/index.html",
                f"{narrative.dyad_name(d)}: every installment",
                groups,
                intro=f"The monthly review of relations between "
                f"{narrative.dyad_between(d)}, by year.",
            )
            self._feed(
                writer, f"{slug}/feed.xml", f"{cfg.title}: {narrative.dyad_name(d)}", by_dyad[d]
            )
        self._feed(writer, "feed.xml", cfg.title, items)

        tags = sorted(self.tags.by_key.values(), key=lambda t: t["name"].casefold())
        self._page(
            writer,
            "tags/index.html",
            "Tags",
            [
                {
                    "name": "Every tag",
                    "links": [
                        {
                            "path": f"tags/{t['slug']}/index.html",
                            "name": t["name"],
                            "note": f"{len(t['items'])}",
                        }
                        for t in tags
                    ],
                }
            ]
            if tags
            else [],
        )
        for t in tags:
            chosen = sorted(t["items"], key=lambda c: (c["month"], c["dyad"]), reverse=True)
            self._page(
                writer,
                f"tags/{t['slug']}/index.html",
                f"Tagged “{t['name']}”",
                [
                    {
                        "name": f"{len(chosen)} installment{'s' if len(chosen) != 1 else ''}",
                        "items": [self._listing(c) for c in chosen],
                        "show_dyad": True,
                        "show_summary": False,
                    }
                ],
            )

        author_groups = []
        for a in sorted(cfg.authors.values(), key=lambda a: a.name.casefold()):
            theirs = sorted(
                (c for c in items if a.id in c["authors"]),
                key=lambda c: (c["month"], c["dyad"]),
                reverse=True,
            )
            author_groups.append(
                {
                    "name": a.name,
                    "path": f"authors/{a.id}/index.html",
                    "note": f"{len(theirs)} installment{'s' if len(theirs) != 1 else ''}.",
                }
            )
            self._page(
                writer,
                f"authors/{a.id}/index.html",
                a.name,
                [
                    {
                        "name": "Installments",
                        "items": [self._listing(c) for c in theirs],
                        "show_dyad": True,
                        "show_summary": False,
                    }
                ]
                if theirs
                else [],
                author=a,
                count=len(theirs),
            )
        self._page(writer, "authors/index.html", "Authors", author_groups)

        css = resources.files("bilateral.review").joinpath("static/style.css").read_text("utf-8")
        writer.write("static/style.css", css)
        (writer.out / MARKER).write_text("built by bilateral site build\n", "utf-8")


def _months_between(a: str, b: str) -> int:
    ya, ma = map(int, a.split("-"))
    yb, mb = map(int, b.split("-"))
    return (ya - yb) * 12 + ma - mb


def _urn(config: SiteConfig, rel: str) -> str:
    seed = (config.base_url or f"bilateral:{config.title}") + "/" + rel
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _prepare_out(out: Path) -> Path:
    """A fresh temporary folder beside ``out``; refuses to replace a folder that is not a
    bilateral site (so a typo cannot delete someone's files)."""
    out = out.resolve()
    if out.exists():
        if not out.is_dir():
            raise SiteError(
                "the output path exists and is not a folder", path=str(out), code="E441"
            )
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SiteError(
                "the output folder is not empty and was not built by bilateral",
                path=str(out),
                code="E441",
                hint="choose an empty or new folder with --out",
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))


def _swap(tmp: Path, out: Path) -> None:
    out = out.resolve()
    if out.exists():
        old = out.with_name(f".{out.name}-old-{os.getpid()}")
        out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out)
    out.chmod(0o755)


def build_site(
    store: Store,
    out: str | Path,
    config: SiteConfig,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    dyads: Iterable[str] | None = None,
    workers: int | None = None,
) -> SiteReport:
    """Build every installment of the configured dyads and all index pages into ``out``.
    The site is written to a temporary folder and moved into place only when complete.
    ``workers``: processes that render charts (default: the CPU count, at most 4)."""
    started = time.perf_counter()
    out = Path(out)
    builder = SiteBuilder(store, config, settings, progress, workers)
    builder.collect(dyads)
    tmp = _prepare_out(out)
    try:
        writer = _Writer(tmp)
        builder.write(writer)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap(tmp, out)
    return SiteReport(
        out=out.resolve(),
        installments=len(builder.installments),
        pages=sum(1 for f in writer.files if f.endswith(".html")),
        charts=builder.charts,
        seconds=time.perf_counter() - started,
        files=writer.files,
    )


def build_review(
    store: Store,
    dyad: str,
    month: str,
    out: str | Path,
    config: SiteConfig,
    *,
    settings: Settings | None = None,
) -> Path:
    """Build one installment into ``out/<dyad>/<YYYY-MM>/index.html`` (and the stylesheet),
    updating an existing site folder in place; returns the page's path."""
    dyad = check_dyad(dyad)
    month = check_month(month)
    builder = SiteBuilder(store, config, settings)
    history = dyad_history(store, dyad, config, settings)
    months = sorted(set(history.months) | {month})
    builder.collect([dyad], months={dyad: months})
    it = next(c for c in builder.installments if c["month"] == month)
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError(
            "the output folder is not empty and was not built by bilateral",
            path=str(out),
            code="E441",
            hint="choose an empty or new folder with --out",
        )
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("built by bilateral review\n", "utf-8")
    writer = _Writer(out)
    writer.write(it["path"], builder.render_installment(it))
    css = resources.files("bilateral.review").joinpath("static/style.css").read_text("utf-8")
    writer.write("static/style.css", css)
    return out / it["path"]


def make_server(folder: str | Path, port: int = 8000) -> Any:
    """An HTTP server for a built site on 127.0.0.1 only (call ``serve_forever``)."""
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = Path(folder)
    if not (root / "index.html").is_file():
        raise SiteError(
            "no built site here (no index.html)",
            path=str(root),
            code="E442",
            hint="run: bilateral site build --out " + str(root),
        )

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

    handler = functools.partial(QuietHandler, directory=str(root))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)

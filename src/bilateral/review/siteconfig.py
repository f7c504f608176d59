"""The ``[site]`` and ``[authors]`` sections of ``bilateral.toml``, validated into plain data.

Every path in the file is relative to the file's own folder. Unknown keys are ignored so
that other stages can add theirs; wrong types or bad values raise ``SiteError`` naming the
file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import SiteError

DYAD_RE = re.compile(r"^[A-Z]{3}-[A-Z]{3}$")
MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
AUTHOR_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True)
class Author:
    """A person who signs installments: ``id`` (the key in bilateral.toml, used in URLs),
    display name, bio and an optional http(s) home page."""

    id: str
    name: str
    bio: str = ""
    url: str | None = None


@dataclass(frozen=True)
class ExternalSeries:
    """An analyst's own monthly series for a dyad (CSV ``month,score``), drawn beside the
    state index with their correlation."""

    path: Path
    label: str


@dataclass(frozen=True)
class DyadSite:
    """One dyad published on the site."""

    dyad: str
    start: str | None = None
    end: str | None = None
    authors: tuple[str, ...] = ()
    external: ExternalSeries | None = None


@dataclass
class SiteConfig:
    """What the site builder needs from ``bilateral.toml``."""

    title: str = "bilateral: a monthly review"
    description: str = "A running, measured commentary on the relationship between two countries."
    base_url: str | None = None
    language: str = "en"
    commentary: Path = Path("commentary")
    latest: int = 12
    key_events: int = 8
    explore: int = 5
    dyads: list[DyadSite] = field(default_factory=list)
    authors: dict[str, Author] = field(default_factory=dict)
    source: str | None = None

    def dyad(self, code: str) -> DyadSite:
        for d in self.dyads:
            if d.dyad == code:
                return d
        return DyadSite(dyad=code)


def check_dyad(dyad: str) -> str:
    """The unordered dyad: two three-letter codes, upper-cased and sorted ('jpn-chn' ->
    'CHN-JPN'); SiteError if ``dyad`` is not two codes joined by '-'."""
    code = dyad.strip().upper() if isinstance(dyad, str) else ""
    if DYAD_RE.match(code):
        code = "-".join(sorted(code.split("-")))
    if not DYAD_RE.match(code) or code[:3] == code[4:]:
        raise SiteError(
            f"not a dyad: {dyad!r}", hint="write two three-letter codes, e.g. CHN-JPN", code="E401"
        )
    return code


def check_month(month: str) -> str:
    if not isinstance(month, str) or not MONTH_RE.match(month.strip()):
        raise SiteError(f"not a month: {month!r}", hint="write YYYY-MM, e.g. 2019-03", code="E402")
    return month.strip()


def _http_url(value: Any, where: str, source: str | None) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value):
        raise SiteError(f"{where} must be an http(s) URL, not {value!r}", path=source, code="E403")
    return value


def site_config(settings: Settings, config_path: str | Path | None = None) -> SiteConfig:
    """The site configuration from loaded settings. ``config_path`` is the bilateral.toml
    they came from: relative paths in it resolve against its folder (default: cwd)."""
    raw = settings.raw or {}
    source = str(config_path) if config_path is not None else None
    folder = Path(config_path).resolve().parent if config_path is not None else Path.cwd()
    site = raw.get("site", {})
    if not isinstance(site, dict):
        raise SiteError("[site] must be a table", path=source, code="E403")
    cfg = SiteConfig(source=source)

    def text(key: str, default: str) -> str:
        value = site.get(key, default)
        if not isinstance(value, str):
            raise SiteError(f"site.{key} must be a string", path=source, code="E403")
        return value

    def number(key: str, default: int) -> int:
        value = site.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 1000:
            raise SiteError(
                f"site.{key} must be a whole number from 1 to 1000", path=source, code="E403"
            )
        return value

    cfg.title = text("title", cfg.title)
    cfg.description = text("description", cfg.description)
    cfg.language = text("language", cfg.language)
    cfg.base_url = _http_url(site.get("url"), "site.url", source)
    if cfg.base_url and not cfg.base_url.endswith("/"):
        cfg.base_url += "/"
    cfg.commentary = folder / text("commentary", "commentary")
    cfg.latest = number("latest", cfg.latest)
    cfg.key_events = number("key_events", cfg.key_events)
    cfg.explore = number("explore", cfg.explore)

    authors_raw = raw.get("authors", site.get("authors", {}))
    items: list[tuple[str, Any]]
    if isinstance(authors_raw, dict):
        items = list(authors_raw.items())
    elif isinstance(authors_raw, list):
        items = [(a.get("id", "") if isinstance(a, dict) else "", a) for a in authors_raw]
    else:
        raise SiteError("[authors] must be a table of tables", path=source, code="E403")
    for key, entry in items:
        if not isinstance(key, str) or not AUTHOR_ID_RE.match(key):
            raise SiteError(
                f"author id {key!r} must be lower-case letters, digits, - or _",
                path=source,
                code="E403",
            )
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise SiteError(f"author {key!r} needs a name", path=source, code="E403")
        bio = entry.get("bio", "")
        if not isinstance(bio, str):
            raise SiteError(f"author {key!r}: bio must be text", path=source, code="E403")
        cfg.authors[key] = Author(
            id=key,
            name=entry["name"],
            bio=bio.strip(),
            url=_http_url(entry.get("url"), f"authors.{key}.url", source),
        )

    dyads_raw = site.get("dyads", raw.get("dyads", []))
    if not isinstance(dyads_raw, list):
        raise SiteError("site.dyads must be a list", path=source, code="E403")
    for entry in dyads_raw:
        if isinstance(entry, str):
            cfg.dyads.append(DyadSite(dyad=check_dyad(entry)))
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("dyad"), str):
            raise SiteError(
                'each site.dyads entry needs dyad = "AAA-BBB"', path=source, code="E403"
            )
        authors = tuple(entry.get("authors", ()))
        for a in authors:
            if a not in cfg.authors:
                raise SiteError(
                    f"dyad {entry['dyad']}: no author {a!r} in [authors]", path=source, code="E403"
                )
        external = None
        ext = entry.get("external")
        if ext is not None:
            if isinstance(ext, str):
                ext = {"path": ext}
            if not isinstance(ext, dict) or not isinstance(ext.get("path"), str):
                raise SiteError(
                    "external must be a path or {path=..., label=...}", path=source, code="E403"
                )
            external = ExternalSeries(
                path=folder / ext["path"], label=str(ext.get("label", "External index"))
            )
        start = entry.get("start")
        end = entry.get("end")
        cfg.dyads.append(
            DyadSite(
                dyad=check_dyad(entry["dyad"]),
                start=check_month(start) if start is not None else None,
                end=check_month(end) if end is not None else None,
                authors=authors,
                external=external,
            )
        )
    return cfg


INIT_TOML = """\
# bilateral.toml: settings for bilateral. Paths are relative to this file.

# The DuckDB store that ingest, code, index and site commands share.
db = "bilateral.duckdb"
# Half-life, in months, of the smoothed state of a relationship.
state_half_life = 3.0

[site]
# Shown in every page header and in the Atom feeds.
title = "A monthly review of China–Japan relations"
description = "A running, measured commentary on the relationship, written from the data."
# Optional absolute address of the published site; used only for the ids and links in
# the Atom feeds. The pages themselves link relatively and work from file:// too.
# url = "https://example.org/review/"
language = "en"
# Commentary files: <commentary>/<dyad>/<YYYY-MM>.md, e.g. commentary/chn-jpn/2019-03.md
commentary = "commentary"
# Installments listed on the home page; key events per installment; "explore more" items.
latest = 12
key_events = 8
explore = 5

# One table per dyad published. start/end (YYYY-MM) limit the months; authors sign the
# installments that have no commentary of their own; external is an analyst's own monthly
# series (CSV with a header month,score) drawn beside the state index.
[[site.dyads]]
dyad = "CHN-JPN"
# start = "2018-01"
# end = "2019-06"
authors = ["analyst"]
# external = { path = "series/chn-jpn.csv", label = "Expert-coded relations" }

# Authors: the key is the id used in commentary front matter and in the author page's URL.
[authors.analyst]
name = "An Analyst"
bio = "Writes the monthly commentary."
# url = "https://example.org/analyst"
"""


def write_init(path: str | Path, *, force: bool = False) -> Path:
    """Write a commented bilateral.toml; refuses to replace an existing file unless
    ``force``."""
    target = Path(path)
    if target.exists() and not force:
        raise SiteError(
            "the file exists; not replacing it",
            path=str(target),
            code="E404",
            hint="pass --force to replace it, or choose another path",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(INIT_TOML, "utf-8")
    return target

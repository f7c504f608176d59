"""Verified GDELT downloads: master file list, size and MD5 checks, retries, resume, cache.

Master lists supported (``--base-url`` replaces the host and folder; tests use a local server):

* GDELT 2.0 (``version=2``, default base ``http://data.gdeltproject.org/gdeltv2``):
  ``<base>/masterfilelist.txt``, one file a line, ``<size> <md5> <url>``. Only the event
  exports (``<YYYYMMDDHHMMSS>.export.CSV.zip``) are fetched; mentions and GKG lines are
  skipped. A URL that is a bare file name is taken relative to the base.
* GDELT 1.0 (``version=1``, default base ``http://data.gdeltproject.org/events``):
  ``<base>/md5sums`` (``<md5>  <file name>``, as ``md5sum`` writes it) and
  ``<base>/filesizes`` (``<size> <file name>``), joined by file name. Files are
  ``<YYYY>.zip`` (a year, to 2005), ``<YYYYMM>.zip`` (a month, 2006 to March 2013) and
  ``<YYYYMMDD>.export.CSV.zip`` (a day, from April 2013); a file is in range when the period
  it covers overlaps ``start..end``.

Each file is downloaded with httpx into the cache folder as ``<name>.part``, resumed with an
HTTP ``Range`` request when a partial file is there, checked against the listed size and
MD5, renamed into place, then ingested (the ledger skips a file loaded before). Failures
(connection errors, HTTP 429 and 5xx, size or MD5 mismatch) are retried with exponential
backoff; a file that still fails raises :class:`~bilateral.errors.FetchError` (E110). The
HTTP transport is injectable (``transport=``), so no test needs the internet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from ..errors import FetchError
from ..store import Store, opened
from ._load import IngestSummary

if TYPE_CHECKING:  # httpx is imported when a fetch runs, not with the package
    import httpx

DEFAULT_BASE = {1: "http://data.gdeltproject.org/events", 2: "http://data.gdeltproject.org/gdeltv2"}
DEFAULT_CACHE = Path.home() / ".cache" / "bilateral" / "gdelt"

_V2_EXPORT = re.compile(r"(\d{14})\.export\.CSV\.zip$", re.IGNORECASE)
_V1_DAY = re.compile(r"^(\d{8})\.export\.CSV\.zip$", re.IGNORECASE)
_V1_MONTH = re.compile(r"^(\d{6})\.zip$", re.IGNORECASE)
_V1_YEAR = re.compile(r"^(\d{4})\.zip$", re.IGNORECASE)

#: progress callback: (what, file name, bytes done, bytes total)
Progress = Callable[[str, str, int, int], None]


@dataclass(frozen=True)
class ListedFile:
    """One line of a master file list."""

    url: str
    name: str
    size: int
    md5: str
    first: dt.date
    last: dt.date


def _parse_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FetchError(f"not a date: {value!r}", hint="use YYYY-MM-DD") from None


def _period_v1(name: str) -> tuple[dt.date, dt.date] | None:
    if m := _V1_DAY.match(name):
        d = dt.datetime.strptime(m[1], "%Y%m%d").date()
        return d, d
    if m := _V1_MONTH.match(name):
        first = dt.datetime.strptime(m[1], "%Y%m").date()
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)
    if m := _V1_YEAR.match(name):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def parse_master_v2(text: str, base: str) -> list[ListedFile]:
    """Event exports listed in a GDELT 2.0 ``masterfilelist.txt``."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 3 or not parts[0].isdigit() or not re.fullmatch(r"[0-9a-f]{32}", parts[1]):
            raise FetchError(
                f"not a master file list line: {line[:120]!r}",
                path="masterfilelist.txt",
                line=number,
            )
        url = parts[2] if "://" in parts[2] else urljoin(base.rstrip("/") + "/", parts[2])
        name = url.rsplit("/", 1)[-1]
        m = _V2_EXPORT.search(name)
        if not m or ".translation." in name.lower():
            continue
        day = dt.datetime.strptime(m[1][:8], "%Y%m%d").date()
        out.append(ListedFile(url, name, int(parts[0]), parts[1], day, day))
    return out


def parse_master_v1(md5sums: str, filesizes: str, base: str) -> list[ListedFile]:
    """Event files listed in GDELT 1.0 ``md5sums`` and ``filesizes``, joined by name."""
    sizes: dict[str, int] = {}
    for number, line in enumerate(filesizes.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2 or not parts[0].isdigit():
            raise FetchError(f"not a filesizes line: {line[:120]!r}", path="filesizes", line=number)
        sizes[parts[1]] = int(parts[0])
    out = []
    for number, line in enumerate(md5sums.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{32}", parts[0]):
            raise FetchError(f"not an md5sums line: {line[:120]!r}", path="md5sums", line=number)
        name = parts[1].lstrip("*")
        period = _period_v1(name)
        if period is None:
            continue
        if name not in sizes:
            raise FetchError(f"{name} is in md5sums but not in filesizes", path="filesizes")
        out.append(
            ListedFile(urljoin(base.rstrip("/") + "/", name), name, sizes[name], parts[0], *period)
        )
    return out


class _Retry(Exception):
    """A failure worth another attempt."""


def _md5_of(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _download_once(
    client: httpx.Client, item: ListedFile, target: Path, progress: Progress | None
) -> None:
    import httpx

    part = target.with_name(target.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    if have > item.size:
        part.unlink()
        have = 0
    # identity encoding: the bytes on the wire are the file, so a cut body can resume
    headers = {"Accept-Encoding": "identity"}
    if 0 < have < item.size:
        headers["Range"] = f"bytes={have}-"
    if have < item.size:
        try:
            with client.stream("GET", item.url, headers=headers) as resp:
                if resp.status_code == 429 or resp.status_code >= 500:
                    raise _Retry(f"HTTP {resp.status_code}")
                if resp.status_code == 206 and "Range" in headers:
                    mode = "ab"
                elif resp.status_code == 200:
                    mode, have = "wb", 0  # the server sent the whole file
                else:
                    raise FetchError(
                        f"HTTP {resp.status_code} for {item.url}",
                        hint="check the master list and --base-url",
                    )
                with part.open(mode) as fh:
                    for chunk in resp.iter_raw():
                        fh.write(chunk)
                        have += len(chunk)
                        if progress:
                            progress("download", item.name, have, item.size)
        except httpx.TransportError as exc:
            raise _Retry(f"{type(exc).__name__}: {exc}") from None
    size = part.stat().st_size
    if size != item.size:
        if size > item.size:
            part.unlink()
        raise _Retry(f"size {size:,} bytes, the list says {item.size:,}")
    md5 = _md5_of(part)
    if md5 != item.md5:
        part.unlink()
        raise _Retry(f"MD5 {md5}, the list says {item.md5}")
    part.replace(target)


def download(
    client: httpx.Client,
    item: ListedFile,
    cache: Path,
    *,
    retries: int = 4,
    backoff: float = 0.5,
    progress: Progress | None = None,
) -> Path:
    """The verified file in the cache (downloaded, resumed or already there)."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / item.name
    if target.exists() and target.stat().st_size == item.size and _md5_of(target) == item.md5:
        if progress:
            progress("cached", item.name, item.size, item.size)
        return target
    target.unlink(missing_ok=True)
    problem = ""
    for attempt in range(retries + 1):
        try:
            _download_once(client, item, target, progress)
            return target
        except _Retry as exc:
            problem = str(exc)
            if progress:
                progress("retry", item.name, attempt + 1, retries)
            if attempt < retries:
                time.sleep(backoff * 2**attempt)
    raise FetchError(
        f"{item.url}: failed after {retries + 1} attempts: {problem}",
        hint="try again later; a partial file stays in the cache and resumes",
    )


def list_files(client: httpx.Client, version: int, base: str) -> list[ListedFile]:
    """The event files of a GDELT master list."""
    import httpx

    def get(url: str) -> str:
        try:
            resp = client.get(url)
        except httpx.TransportError as exc:
            raise FetchError(f"cannot read the master list {url}: {exc}") from None
        if resp.status_code != 200:
            raise FetchError(f"HTTP {resp.status_code} for the master list {url}")
        return resp.text

    if version == 2:
        return parse_master_v2(get(f"{base.rstrip('/')}/masterfilelist.txt"), base)
    if version == 1:
        return parse_master_v1(
            get(f"{base.rstrip('/')}/md5sums"), get(f"{base.rstrip('/')}/filesizes"), base
        )
    raise FetchError(f"no GDELT version {version}", hint="use 1 or 2")


def fetch_gdelt(
    start: str | dt.date,
    end: str | dt.date,
    *,
    store: Store | str | Path,
    version: int = 2,
    base_url: str | None = None,
    cache: str | Path = DEFAULT_CACHE,
    strict: bool = False,
    retries: int = 4,
    backoff: float = 0.5,
    transport: httpx.BaseTransport | None = None,
    progress: Progress | None = None,
) -> list[IngestSummary]:
    """Download the GDELT event files of ``start..end`` (dates, inclusive), verify, ingest.

    Returns one summary per file, in list order, with ``url`` set.
    """
    import httpx

    from .gdelt import ingest_gdelt_file

    first, last = _parse_date(start), _parse_date(end)
    if last < first:
        raise FetchError(f"the end {last} is before the start {first}")
    base = base_url or DEFAULT_BASE.get(version, "")
    with (
        opened(store) as st,
        httpx.Client(transport=transport, timeout=60.0, follow_redirects=True) as client,
    ):
        listed = [
            f for f in list_files(client, version, base) if f.last >= first and f.first <= last
        ]
        if progress:
            progress("listed", "", len(listed), sum(f.size for f in listed))
        out = []
        for item in listed:
            path = download(
                client, item, Path(cache), retries=retries, backoff=backoff, progress=progress
            )
            summary = ingest_gdelt_file(st, path, strict=strict)
            summary.url, summary.md5 = item.url, item.md5
            if summary.ingest_id is not None:  # the ledger keeps GDELT's MD5 too
                st.execute(
                    "UPDATE ingests SET md5 = ? WHERE ingest_id = ? AND md5 IS NULL",
                    [item.md5, summary.ingest_id],
                )
            out.append(summary)
            if progress:
                progress("ingested", item.name, item.size, item.size)
        return out

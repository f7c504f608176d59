"""The HTTP client for news: polite, bounded and conditional.

``NewsClient`` wraps an ``httpx.Client`` with what fetching other people's feeds and pages
needs: timeouts, a few retries with backoff on timeouts, connection errors, 429 and 5xx,
a User-Agent that names bilateral, robots.txt respected (``urllib.robotparser``), a size limit
checked while the body streams in, redirect loops stopped, and conditional GET (ETag,
Last-Modified) so that polling a feed that has not changed costs one 304.

Every failure is a ``FetchError`` (E110) naming the URL and what went wrong; nothing here
prints or retries forever. GDELT downloads have their own client in ``sources/fetch.py``.
"""

from __future__ import annotations

import importlib.metadata
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from ..errors import FetchError


def _version() -> str:
    try:
        return importlib.metadata.version("bilateral")
    except importlib.metadata.PackageNotFoundError:
        return "0"


USER_AGENT = f"bilateral/{_version()} (news ingestion; +https://pypi.org/project/bilateral/)"
#: the token robots.txt rules are matched against
ROBOTS_AGENT = "bilateral"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(slots=True)
class FetchResult:
    """One HTTP answer: the body (empty when ``not_modified``) and the validators to send next
    time."""

    url: str
    final_url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class NewsClient:
    """A polite HTTP client for feeds and article pages.

    ``transport`` may be any httpx transport (tests serve real sockets on 127.0.0.1 instead).
    Use as a context manager, or call ``close()``.
    """

    def __init__(
        self,
        *,
        timeout: float = 15.0,
        retries: int = 2,
        backoff: float = 0.5,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 10,
        user_agent: str = USER_AGENT,
        respect_robots: bool = True,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.retries = max(0, retries)
        self.backoff = max(0.0, backoff)
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self.respect_robots = respect_robots
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=max_redirects,
            headers={"User-Agent": user_agent},
            transport=transport,
        )

    # -- public ---------------------------------------------------------------------------
    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET ``url``; with ``etag``/``last_modified`` a conditional GET (304 => not_modified).

        Raises ``FetchError`` for robots.txt refusals, HTTP errors (after retries for 429/5xx),
        timeouts, redirect loops and bodies over ``max_bytes``.
        """
        _check_scheme(url)
        if self.respect_robots and not self.allowed(url):
            raise FetchError(
                "robots.txt of this site disallows bilateral from fetching this URL",
                path=url,
                hint="respect the site's wishes, or save the page yourself and ingest the file",
            )
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers)
            except _Retryable as exc:
                if attempt >= self.retries:
                    raise FetchError(
                        f"{exc.reason} (after {attempt + 1} attempt{'s' if attempt else ''})",
                        path=url,
                        hint="the server may be down or slow; try again later",
                    ) from None
                time.sleep(exc.wait if exc.wait is not None else self.backoff * (2**attempt))
                attempt += 1

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's site lets bilateral fetch it (cached per site).

        A missing robots.txt (4xx) allows everything; 401 or 403 disallows everything, as
        urllib.robotparser does; a robots.txt that cannot be fetched (timeout, 5xx) allows.
        """
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(site)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser(site + "/robots.txt")
            try:
                response = self._client.get(site + "/robots.txt")
            except httpx.HTTPError:
                parser.parse([])
            else:
                if response.status_code in (401, 403):
                    parser.parse(["User-agent: *", "Disallow: /"])
                elif response.status_code >= 400 or len(response.content) > self.max_bytes:
                    parser.parse([])
                else:
                    text = response.content.decode("utf-8", errors="replace")
                    parser.parse(text.splitlines())
            self._robots[site] = parser
        return parser.can_fetch(ROBOTS_AGENT, url)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> NewsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one attempt ----------------------------------------------------------------------
    def _get_once(self, url: str, headers: dict[str, str]) -> FetchResult:
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in RETRY_STATUSES:
                    raise _Retryable(
                        f"HTTP {status} {response.reason_phrase}", _retry_after(response)
                    )
                if status >= 400:
                    raise FetchError(
                        f"HTTP {status} {response.reason_phrase}",
                        path=url,
                        hint="check the URL" if status == 404 else None,
                    )
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise _too_big(url, self.max_bytes)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self.max_bytes:
                        raise _too_big(url, self.max_bytes)
                content_type = response.headers.get("Content-Type", "")
                return FetchResult(
                    url=url,
                    final_url=str(response.url),
                    status=status,
                    content=bytes(body),
                    content_type=content_type.split(";")[0].strip().lower(),
                    charset=_charset(content_type),
                    etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    headers=dict(response.headers),
                )
        except httpx.TooManyRedirects:
            raise FetchError(
                "too many redirects (a redirect loop?)",
                path=url,
                hint="open the URL in a browser to see where it leads",
            ) from None
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timed out ({type(exc).__name__})") from None
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retryable(f"connection failed: {exc}") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"not a valid URL: {exc}", path=url) from None


class _Retryable(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    if value.isdigit():
        return min(float(value), 30.0)
    return None


def _too_big(url: str, limit: int) -> FetchError:
    return FetchError(
        f"the response is larger than the size limit ({limit:,} bytes)",
        path=url,
        hint="raise [news] max_bytes in bilateral.toml if this source is trusted",
    )


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError("only http(s) URLs can be fetched", path=url)

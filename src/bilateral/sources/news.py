"""News readers: feeds, article pages, folders of texts and JSON Lines -> ``Article``.

Each reader turns one kind of input into plain ``Article`` records (text and metadata, no
identity yet; ``bilateral.news`` gives them doc ids, clusters, codes and stores them):

- ``parse_feed``: an RSS or Atom feed (feedparser); items carry full text or only a summary.
- ``extract_page``: an HTML page (trafilatura: main text, title, date, author, outlet).
- ``read_text_file``: a ``.txt`` or ``.md`` file (``.md`` may start with YAML front matter
  holding title, url, published, outlet, author).
- ``read_jsonl``: JSON Lines of ``{"url", "title", "published", "text"}`` (``outlet`` and
  ``author`` optional).

Bytes are decoded with ``decode``: a byte-order mark, then UTF-8 when the bytes are valid
UTF-8, then the declared charset (HTTP header or ``<meta>``), then charset-normalizer's guess.
Readers raise ``SourceError`` (E120) naming the file or URL (and the line for JSONL).
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..errors import SourceError

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
#: below this many characters an extracted page has no main text worth coding
MIN_TEXT_CHARS = 80
#: a feed item's summary (description) this long is taken as the article's full text
MIN_FULL_TEXT_CHARS = 600
#: a feed item's content (content:encoded, Atom content) shorter than this is a teaser
MIN_CONTENT_CHARS = 200


@dataclass(slots=True)
class Article:
    """One article as read: its text and what is known about it."""

    text: str
    url: str | None = None
    title: str | None = None
    published: dt.datetime | None = None
    outlet: str | None = None
    author: str | None = None
    #: where it was read from (file path, URL, ``file:line``), for messages
    origin: str = ""


@dataclass(slots=True)
class FeedItem:
    """One feed entry. ``text`` is None when the feed carries only a summary."""

    url: str | None
    title: str | None
    published: dt.datetime | None
    author: str | None
    text: str | None
    summary: str | None
    guid: str | None


@dataclass(slots=True)
class Feed:
    title: str | None
    url: str | None
    items: list[FeedItem] = field(default_factory=list)
    warning: str | None = None


# -- decoding ----------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(content: bytes, declared: str | None = None) -> str:
    """Text of ``content``, robust to wrong or missing charset declarations."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            return content.decode(enc, errors="replace")
    head = content[:4096]
    meta = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    candidates: list[str | None] = [
        "utf-8",
        _codec(declared),
        _codec(meta.group(1).decode("ascii", "ignore")) if meta else None,
    ]
    for name in candidates:
        if name is None:
            continue
        try:
            return content.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(content).best()
    if best is not None:
        return str(best)
    return content.decode("utf-8", errors="replace")


# -- dates -------------------------------------------------------------------------------------


def parse_date(value: Any) -> dt.datetime | None:
    """A naive UTC datetime from ISO 8601, RFC 2822, a date or a struct_time; None if absent.

    Raises ``ValueError`` for a value that is present but not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        try:
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                stamp = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError):
                raise ValueError(f"not a date: {value!r}") from None
    elif hasattr(value, "tm_year"):
        stamp = dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
    else:
        raise ValueError(f"not a date: {value!r}")
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


def outlet_of(url: str | None) -> str | None:
    """The host of a URL without ``www.``, as a fallback outlet name."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


# -- text cleanup --------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Unix newlines, no trailing spaces, paragraphs separated by one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    lines = ["\n".join(line.strip() for line in p.split("\n")) for p in paragraphs if p]
    return "\n\n".join(lines)


def html_to_text(html: str) -> str:
    """Paragraph text of an HTML fragment (a feed item's content)."""
    if "<" not in html:
        return normalise_text(html)
    import trafilatura

    extracted = trafilatura.extract(
        html, favor_recall=True, include_comments=False, include_tables=False
    )
    if extracted and len(extracted) >= MIN_TEXT_CHARS:
        return normalise_text(extracted)
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on broken markup
        return ""
    blocks = root.xpath("//p|//li|//h1|//h2|//h3|//blockquote")
    if blocks:
        return normalise_text("\n\n".join(b.text_content() for b in blocks))
    return normalise_text(root.text_content())


# -- pages -------------------------------------------------------------------------------------


def extract_page(
    content: bytes | str,
    *,
    url: str | None = None,
    charset: str | None = None,
    origin: str | None = None,
) -> Article:
    """Main text and metadata of an HTML page; ``SourceError`` if it has no main text."""
    where = origin or url or "<page>"
    import trafilatura

    html = decode(content, charset) if isinstance(content, bytes) else content
    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        raise SourceError(f"cannot parse the page: {exc}", path=where) from None
    text = normalise_text(getattr(found, "text", None) or "") if found is not None else ""
    # trafilatura gives one paragraph a line, and often the headline as the first one
    lines = [line for line in text.split("\n") if line.strip()]
    title = getattr(found, "title", None) if found is not None else None
    if lines and title and lines[0].strip().casefold() == title.strip().casefold():
        lines = lines[1:]
    text = "\n\n".join(lines)
    if len(text) < MIN_TEXT_CHARS:
        raise SourceError(
            "the page has no main text (nothing article-like to extract)",
            path=where,
            hint="is this an index page, a paywall or a page built by JavaScript?",
        )
    assert found is not None
    page_url = getattr(found, "url", None) or url
    published = None
    date_value = getattr(found, "date", None)
    if date_value:
        try:
            published = parse_date(date_value)
        except ValueError:
            published = None
    return Article(
        text=text,
        url=page_url if page_url and page_url.startswith(("http://", "https://")) else url,
        title=getattr(found, "title", None),
        published=published,
        outlet=getattr(found, "sitename", None) or outlet_of(page_url or url),
        author=getattr(found, "author", None),
        origin=where,
    )


# -- feeds -------------------------------------------------------------------------------------


def looks_like_feed(content: bytes, content_type: str = "") -> bool:
    """Whether fetched bytes are an RSS/Atom feed rather than an HTML page."""
    if any(t in content_type for t in ("rss", "atom", "/xml", "+xml")):
        return True
    head = content[:1024].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(b"<?xml"):
        return b"<html" not in head
    return head.startswith((b"<rss", b"<feed", b"<rdf"))


def parse_feed(
    content: bytes, *, url: str | None = None, charset: str | None = None, origin: str | None = None
) -> Feed:
    """Items of an RSS or Atom feed. ``SourceError`` when nothing feed-like can be read."""
    where = origin or url or "<feed>"
    headers = {"content-type": f"application/xml; charset={charset}"} if charset else None
    import feedparser

    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=True)
    warning = None
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        message = f"{type(problem).__name__}: {problem}" if problem else "malformed feed"
        line = getattr(problem, "getLineNumber", lambda: None)()
        if not parsed.entries or not parsed.get("version"):
            raise SourceError(f"not a readable RSS or Atom feed ({message})", path=where, line=line)
        warning = f"feed is not well-formed; read {len(parsed.entries)} items anyway ({message})"
    feed_meta = parsed.get("feed", {})
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link") or None
        full = None
        contents = entry.get("content") or []
        if contents:
            html = max((c.get("value", "") for c in contents), key=len)
            full = html_to_text(html) or None
        summary_html = entry.get("summary") or entry.get("description") or ""
        summary = html_to_text(summary_html) if summary_html else None
        if full is None and summary and len(summary) >= MIN_FULL_TEXT_CHARS:
            full = summary
        if full is not None and len(full) < MIN_CONTENT_CHARS and link:
            full = None  # a teaser in content:encoded; the page has the article
        published = None
        for key in ("published_parsed", "updated_parsed", "created_parsed"):
            if entry.get(key):
                published = parse_date(entry[key])
                break
        items.append(
            FeedItem(
                url=link,
                title=entry.get("title"),
                published=published,
                author=entry.get("author"),
                text=full,
                summary=summary,
                guid=entry.get("id") or link,
            )
        )
    return Feed(
        title=feed_meta.get("title"), url=feed_meta.get("link"), items=items, warning=warning
    )


# -- files -------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", path=str(path)) from None


def read_text_file(path: Path, *, max_bytes: int | None = None) -> Article:
    """A ``.txt`` or ``.md`` article. Title: front matter, else the first line when it is short
    and has no final full stop, else the file name. Date: front matter, else None."""
    content = read_bytes(path)
    if max_bytes is not None and len(content) > max_bytes:
        raise SourceError(
            f"the file is larger than the size limit ({max_bytes:,} bytes)", path=str(path)
        )
    text = decode(content)
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise SourceError(
                f"front matter is not valid YAML: {exc}", path=str(path), line=1
            ) from None
        if isinstance(loaded, dict):
            meta = loaded
            text = text[match.end() :]
    body = normalise_text(text)
    title = meta.get("title")
    if title is None:
        first, _, rest = body.partition("\n")
        candidate = first.lstrip("# ").strip()
        if 0 < len(candidate) <= 150 and not candidate.endswith((".", "?", "!")) and rest:
            title, body = candidate, rest.strip()
        else:
            title = path.stem.replace("_", " ").replace("-", " ")
    if len(body) < 1 or not body.strip():
        raise SourceError("the file has no text", path=str(path))
    try:
        published = parse_date(meta.get("published", meta.get("date")))
    except ValueError as exc:
        raise SourceError(f"front matter: {exc}", path=str(path), line=1) from None
    url = meta.get("url")
    return Article(
        text=body,
        url=str(url) if url else None,
        title=str(title),
        published=published,
        outlet=str(meta["outlet"]) if meta.get("outlet") else outlet_of(url),
        author=str(meta["author"]) if meta.get("author") else None,
        origin=str(path),
    )


def read_html_file(path: Path, *, max_bytes: int | None = None) -> Article:
    content = read_bytes(path)
    if max_bytes is not None and len(content) > max_bytes:
        raise SourceError(
            f"the file is larger than the size limit ({max_bytes:,} bytes)", path=str(path)
        )
    return extract_page(content, origin=str(path))


def read_jsonl(path: Path) -> Iterator[Article | SourceError]:
    """Articles of a JSON Lines file, or a ``SourceError`` for each bad line (with its line
    number), so that one bad line does not stop the others."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", path=str(path)) from None
    with handle:
        yield from _jsonl_records(handle, path)


def _jsonl_records(handle: Any, path: Path) -> Iterator[Article | SourceError]:
    for n, raw in enumerate(handle, start=1):
        line = decode(raw[3:] if n == 1 and raw.startswith(codecs.BOM_UTF8) else raw)
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceError(
                f"not valid JSON: {exc.msg} (column {exc.colno})", path=str(path), line=n
            )
            continue
        if not isinstance(record, dict):
            yield SourceError("a line must be a JSON object", path=str(path), line=n)
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield SourceError('missing or empty "text"', path=str(path), line=n)
            continue
        try:
            published = parse_date(record.get("published"))
        except ValueError as exc:
            yield SourceError(f'"published": {exc}', path=str(path), line=n)
            continue
        url = record.get("url")
        if url is not None and not isinstance(url, str):
            yield SourceError('"url" must be a string', path=str(path), line=n)
            continue
        outlet = record.get("outlet")
        yield Article(
            text=normalise_text(body),
            url=url or None,
            title=str(record["title"]) if record.get("title") else None,
            published=published,
            outlet=str(outlet) if outlet else outlet_of(url),
            author=str(record["author"]) if record.get("author") else None,
            origin=f"{path}:{n}",
        )


def folder_files(path: Path) -> list[Path]:
    """The article files of a folder (recursively), sorted: .txt, .md, .html."""
    wanted = TEXT_SUFFIXES | HTML_SUFFIXES
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file()
        and p.suffix.lower() in wanted
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def read_file(path: Path, *, max_bytes: int | None = None) -> Article:
    """One saved article: ``.txt``/``.md`` or ``.html``."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text_file(path, max_bytes=max_bytes)
    if suffix in HTML_SUFFIXES:
        return read_html_file(path, max_bytes=max_bytes)
    raise SourceError(
        f"not an article file ({suffix or 'no suffix'})",
        path=str(path),
        hint="use .txt, .md, .html, a feed (.xml/.rss/.atom) or .jsonl",
    )

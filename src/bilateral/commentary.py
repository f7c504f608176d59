"""The analyst's commentary: ``commentary/<dyad>/<YYYY-MM>.md`` with YAML front matter
(title, authors, tags, summary) and a Markdown body merged into the installment.

Markdown is rendered by markdown-it-py with raw HTML off, images off and links allowed only
with http(s) schemes or as in-page anchors. Shortcodes such as
``[posts-by-tag tags="north korea" number="5"]`` are recognised with straight or
typographic quotes and spaces around ``=``; an unknown or malformed one is a ``SiteError``
naming the file and line, so it can never reach a page as raw text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from .errors import SiteError

#: Quotes accepted around shortcode values: straight, typographic, primes.
DOUBLE_QUOTES = '"“”„‟″〃'
SINGLE_QUOTES = "'‘’‚‛′"

#: Shortcodes that exist, with the attributes each accepts and which are required.
SHORTCODES: dict[str, dict[str, bool]] = {
    "posts-by-tag": {"tags": True, "number": False},
}

_NAME = r"[A-Za-z][\w]*(?:-[\w]+)*"
# "[" + name, then either an attribute "key =" or, for a hyphenated name, the closing "]"
# not followed by "(" "[" or ":" (which would make it Markdown link text).
_CANDIDATE = re.compile(
    rf"\[\s*(?:{_NAME}(?=\s+[\w-]+\s*=)|[A-Za-z]\w*(?:-\w+)+(?=\s*\](?!\s*[(\[:])))"
)
_PLACEHOLDER = "BILATERALSHORTCODE{}END"
_PLACEHOLDER_RE = re.compile(r"BILATERALSHORTCODE(\d+)END")


@dataclass(frozen=True)
class Shortcode:
    """One shortcode call found in a commentary file."""

    name: str
    attrs: dict[str, str]
    path: str
    line: int

    @property
    def tags(self) -> list[str]:
        return [t.strip() for t in self.attrs.get("tags", "").split(",") if t.strip()]

    @property
    def number(self) -> int:
        return int(self.attrs.get("number", "5"))


@dataclass
class Commentary:
    """A parsed commentary file. ``body`` is Markdown with shortcodes replaced by
    placeholders; ``shortcodes`` holds them in order."""

    path: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    body: str = ""
    shortcodes: list[Shortcode] = field(default_factory=list)
    author_line: int | None = None


def _error(
    message: str, path: str, line: int | None, hint: str | None = None, code: str = "E410"
) -> SiteError:
    return SiteError(message, path=path, line=line, hint=hint, code=code)


def _parse_value(text: str, pos: int, path: str, line: int) -> tuple[str, int]:
    """A quoted or bare attribute value starting at ``pos``; returns (value, end)."""
    if pos >= len(text):
        raise _error("shortcode attribute has no value", path, line, code="E411")
    ch = text[pos]
    if ch in DOUBLE_QUOTES or ch in SINGLE_QUOTES:
        closers = DOUBLE_QUOTES if ch in DOUBLE_QUOTES else SINGLE_QUOTES
        end = pos + 1
        while end < len(text) and text[end] not in closers:
            end += 1
        if end >= len(text):
            raise _error("shortcode value has no closing quote", path, line, code="E411")
        return text[pos + 1 : end], end + 1
    m = re.compile(r"[^\s\]\[=]+").match(text, pos)
    if not m:
        raise _error("shortcode attribute has no value", path, line, code="E411")
    return m.group(0), m.end()


def parse_shortcode(text: str, start: int, path: str, line: int) -> tuple[Shortcode, int]:
    """Parse the shortcode whose "[" is at ``start``; returns it and the index after "]"."""
    m = re.compile(rf"\[\s*({_NAME})").match(text, start)
    if not m:
        raise _error("malformed shortcode", path, line, code="E411")
    name = m.group(1)
    pos = m.end()
    attrs: dict[str, str] = {}
    attr_re = re.compile(r"\s+([\w-]+)\s*=\s*")
    while True:
        close = re.compile(r"\s*\]").match(text, pos)
        if close:
            pos = close.end()
            break
        am = attr_re.match(text, pos)
        if not am:
            raise _error(
                f"malformed shortcode [{name} ...]: expected key=\"value\" or ']'",
                path,
                line,
                hint='write e.g. [posts-by-tag tags="north korea" number="5"]',
                code="E411",
            )
        key = am.group(1).lower()
        value, pos = _parse_value(text, am.end(), path, line)
        if key in attrs:
            raise _error(f"shortcode [{name}] repeats {key}", path, line, code="E411")
        attrs[key] = value.strip()
    if name not in SHORTCODES:
        raise _error(
            f"unknown shortcode [{name}]",
            path,
            line,
            hint="known shortcodes: " + ", ".join(sorted(SHORTCODES)),
            code="E412",
        )
    spec = SHORTCODES[name]
    for key in attrs:
        if key not in spec:
            raise _error(
                f"shortcode [{name}] has no attribute {key!r}",
                path,
                line,
                hint="it takes: " + ", ".join(spec),
                code="E411",
            )
    for key, required in spec.items():
        if required and not attrs.get(key):
            raise _error(f'shortcode [{name}] needs {key}="..."', path, line, code="E411")
    if name == "posts-by-tag":
        number = attrs.get("number", "5")
        if not number.isdigit() or not 1 <= int(number) <= 100:
            raise _error(
                f"shortcode [{name}]: number must be a whole number from 1 to 100, not {number!r}",
                path,
                line,
                code="E411",
            )
        if not [t for t in attrs["tags"].split(",") if t.strip()]:
            raise _error(f"shortcode [{name}] needs at least one tag", path, line, code="E411")
    return Shortcode(name=name, attrs=attrs, path=path, line=line), pos


def extract_shortcodes(body: str, path: str, first_line: int = 1) -> tuple[str, list[Shortcode]]:
    """Replace every shortcode in ``body`` by a placeholder. ``first_line`` is the file line
    of the body's first line, so errors name the line in the file."""
    found: list[Shortcode] = []
    out_lines = []
    for i, text in enumerate(body.split("\n")):
        line = first_line + i
        pieces = []
        pos = 0
        while True:
            m = _CANDIDATE.search(text, pos)
            known = re.compile(r"\[\s*(" + "|".join(map(re.escape, SHORTCODES)) + r")\b")
            k = known.search(text, pos)
            if k and (not m or k.start() < m.start()):
                start = k.start()
            elif m:
                start = m.start()
            else:
                break
            call, end = parse_shortcode(text, start, path, line)
            pieces.append(text[pos:start])
            pieces.append(_PLACEHOLDER.format(len(found)))
            found.append(call)
            pos = end
        pieces.append(text[pos:])
        out_lines.append("".join(pieces))
    return "\n".join(out_lines), found


def read_commentary(path: str | Path) -> Commentary:
    """Parse a commentary file: front matter between ``---`` lines, then Markdown."""
    p = Path(path)
    where = str(p)
    try:
        raw = p.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise _error(f"not UTF-8 text: {exc}", where, None) from None
    raw = raw.replace("\r\n", "\n").lstrip("\ufeff")
    meta: dict[str, Any] = {}
    body = raw
    body_line = 1
    lines = raw.split("\n")
    author_line = None
    if lines and lines[0].strip() == "---":
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
        except StopIteration:
            raise _error("front matter has no closing '---'", where, 1) from None
        try:
            loaded = yaml.safe_load("\n".join(lines[1:end])) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            raise _error(
                f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}", where, line
            ) from None
        if not isinstance(loaded, dict):
            raise _error("front matter must be key: value lines", where, 2)
        meta = loaded
        for i in range(1, end):
            if lines[i].lstrip().startswith("authors"):
                author_line = i + 1
        body = "\n".join(lines[end + 1 :])
        body_line = end + 2

    def text_field(key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)):
            raise _error(f"front matter {key} must be text", where, None)
        return str(value).strip() or None

    def list_field(key: str) -> list[str]:
        value = meta.get(key, [])
        if isinstance(value, str):
            value = [v for v in value.split(",")]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            raise _error(f"front matter {key} must be a list of names", where, None)
        return [str(v).strip() for v in value if str(v).strip()]

    stripped, calls = extract_shortcodes(body, where, body_line)
    return Commentary(
        path=where,
        title=text_field("title"),
        authors=list_field("authors") or list_field("author"),
        tags=list_field("tags"),
        summary=text_field("summary"),
        body=stripped,
        shortcodes=calls,
        author_line=author_line,
    )


def safe_link(url: str) -> bool:
    """Links in commentary: http(s) or an in-page anchor; nothing else."""
    u = url.strip().lower()
    return u.startswith(("http://", "https://", "#")) and not any(c in u for c in "\n\r\t")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


def render_markdown(body: str, replace: Callable[[int], str] | None = None) -> str:
    """HTML for a Markdown body. Headings are renumbered to start at h3 and not skip
    levels (they sit under the installment's h2 "Commentary"). ``replace(n)`` gives the HTML
    of placeholder ``n`` (a rendered shortcode)."""
    md = _markdown()
    tokens = md.parse(body)
    levels = sorted({int(t.tag[1]) for t in tokens if t.type == "heading_open"})
    rank = {lvl: min(6, 3 + i) for i, lvl in enumerate(levels)}
    for t in tokens:
        if t.type in ("heading_open", "heading_close"):
            t.tag = f"h{rank[int(t.tag[1])]}"
        if t.type == "link_open":
            t.attrSet("rel", "nofollow noopener")
    html = md.renderer.render(tokens, md.options, {})
    if replace is None:
        return html
    render = replace

    def whole_paragraph(m: re.Match[str]) -> str:
        return render(int(m.group(1)))

    html = re.sub(r"<p>\s*BILATERALSHORTCODE(\d+)END\s*</p>", whole_paragraph, html)

    def inline(m: re.Match[str]) -> str:
        return "</p>" + render(int(m.group(1))) + "<p>"

    # A shortcode inside running text closes the paragraph around its list.
    parts = re.split(r"(<p>.*?</p>)", html, flags=re.S)
    for i, part in enumerate(parts):
        if part.startswith("<p>"):
            parts[i] = _PLACEHOLDER_RE.sub(inline, part).replace("<p></p>", "")
        else:
            parts[i] = _PLACEHOLDER_RE.sub(whole_paragraph, part)
    return "".join(parts)

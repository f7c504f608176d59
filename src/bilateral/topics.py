"""Issue tagging: which of the relationship's issues a sentence or an article is about.

The packaged lexicons live in ``data/issues.toml`` (format described at its top). Users add
topics or terms with their own TOML files, layered over the packaged ones in order::

    >>> topics = load_topics()
    >>> topics.tag("Chinese coast guard ships entered waters near the Senkaku Islands.")
    ['East China Sea']

``tag(text)`` uses the packaged lexicons only; build a ``Topics`` with ``load_topics(paths)``
for user lexicons. Files are validated on load; a bad one raises ``TopicError`` (E130) with
the file and, where TOML reports it, the line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import TopicError

PACKAGED = "data/issues.toml"


@dataclass(frozen=True, slots=True)
class Topic:
    """One issue and the terms that signal it."""

    name: str
    terms: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()


class Topics:
    """A set of topic lexicons compiled for matching. Immutable once built."""

    def __init__(self, topics: Iterable[Topic]) -> None:
        self.topics: tuple[Topic, ...] = tuple(topics)
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        for topic in self.topics:
            alternatives = [_term_regex(t) for t in topic.terms]
            exact = [_term_regex(t) for t in topic.exact]
            parts = []
            if alternatives:
                parts.append("(?i:" + "|".join(alternatives) + ")")
            if exact:
                parts.append("|".join(exact))
            if parts:
                self._patterns.append((topic.name, re.compile("|".join(parts))))

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.topics]

    def tag(self, text: str) -> list[str]:
        """Names of the topics whose terms occur in ``text``, in lexicon order."""
        if not text:
            return []
        return [name for name, pattern in self._patterns if pattern.search(text)]

    def __len__(self) -> int:
        return len(self.topics)


def _term_regex(term: str) -> str:
    stem = term.rstrip("*")
    body = r"\s+".join(re.escape(word) for word in stem.split())
    tail = r"\w*" if term.endswith("*") else ""
    return rf"(?<!\w){body}{tail}(?!\w)"


def _parse(text: str, path: str) -> tuple[list[Topic], list[bool]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        raise TopicError(f"not valid TOML: {exc}", path=path, line=line) from None
    entries = data.get("topic", [])
    if not isinstance(entries, list):
        raise TopicError("`topic` must be an array of tables ([[topic]])", path=path)
    topics: list[Topic] = []
    replace: list[bool] = []
    for n, entry in enumerate(entries, start=1):
        where = f"[[topic]] number {n}"
        if not isinstance(entry, dict):
            raise TopicError(f"{where} is not a table", path=path)
        unknown = set(entry) - {"name", "terms", "exact", "replace"}
        if unknown:
            raise TopicError(
                f"{where} has unknown keys: {', '.join(sorted(unknown))}",
                path=path,
                hint="allowed: name, terms, exact, replace",
            )
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise TopicError(f"{where} needs a non-empty string `name`", path=path)
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("terms", "exact"):
            value: Any = entry.get(key, [])
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.strip().rstrip("*").strip() for v in value
            ):
                raise TopicError(
                    f"{where} ({name!r}): `{key}` must be a list of non-empty strings", path=path
                )
            lists[key] = tuple(v.strip() for v in value)
        if not lists["terms"] and not lists["exact"]:
            raise TopicError(f"{where} ({name!r}) has no terms", path=path)
        flag = entry.get("replace", False)
        if not isinstance(flag, bool):
            raise TopicError(f"{where} ({name!r}): `replace` must be true or false", path=path)
        topics.append(Topic(name.strip(), lists["terms"], lists["exact"]))
        replace.append(flag)
    return topics, replace


def _merge(base: list[Topic], extra: Sequence[Topic], replace: Sequence[bool]) -> list[Topic]:
    by_name = {t.name.casefold(): i for i, t in enumerate(base)}
    merged = list(base)
    for topic, flag in zip(extra, replace, strict=True):
        i = by_name.get(topic.name.casefold())
        if i is None:
            by_name[topic.name.casefold()] = len(merged)
            merged.append(topic)
        elif flag:
            merged[i] = Topic(merged[i].name, topic.terms, topic.exact)
        else:
            old = merged[i]
            merged[i] = Topic(old.name, old.terms + topic.terms, old.exact + topic.exact)
    return merged


@lru_cache(maxsize=1)
def _packaged() -> tuple[Topic, ...]:
    text = resources.files("bilateral").joinpath(PACKAGED).read_text("utf-8")
    topics, _ = _parse(text, f"bilateral/{PACKAGED}")
    return tuple(topics)


def load_topics(paths: Iterable[str | Path] = (), *, packaged: bool = True) -> Topics:
    """The packaged lexicons (unless ``packaged=False``) with each user file layered on top."""
    topics = list(_packaged()) if packaged else []
    for path in paths:
        p = Path(path)
        try:
            text = p.read_text("utf-8")
        except OSError as exc:
            raise TopicError(
                f"cannot read the topic lexicon: {exc.strerror}", path=str(p)
            ) from None
        except UnicodeDecodeError:
            raise TopicError("the topic lexicon is not UTF-8 text", path=str(p)) from None
        extra, replace = _parse(text, str(p))
        topics = _merge(topics, extra, replace)
    return Topics(topics)


@lru_cache(maxsize=1)
def _default() -> Topics:
    return load_topics()


def tag(text: str) -> list[str]:
    """Topics of ``text`` by the packaged lexicons."""
    return _default().tag(text)

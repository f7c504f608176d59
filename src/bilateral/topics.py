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


_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Term:
    words: tuple[str, ...]
    prefix: bool  # the last word matches any word it begins
    topic: int


class _Index:
    """Terms by their first word (or by the stem, for one-word prefix terms)."""

    def __init__(self) -> None:
        self.first: dict[str, list[_Term]] = {}
        self.stems: dict[str, list[_Term]] = {}
        self.stem_lengths: list[int] = []

    def add(self, term: str, topic: int, *, fold: bool) -> None:
        words = tuple(_TOKEN.findall(term.lower() if fold else term))
        if not words:
            return
        entry = _Term(words, term.endswith("*"), topic)
        if entry.prefix and len(words) == 1:
            self.stems.setdefault(words[0], []).append(entry)
            self.stem_lengths = sorted({len(w) for w in self.stems})
        else:
            self.first.setdefault(words[0], []).append(entry)

    def scan(self, tokens: list[str], found: set[int]) -> None:
        first, stems, lengths = self.first, self.stems, self.stem_lengths
        n = len(tokens)
        for i, token in enumerate(tokens):
            for term in first.get(token, ()):
                if term.topic in found:
                    continue
                k = len(term.words)
                if i + k > n:
                    continue
                if term.prefix:
                    ok = tokens[i + 1 : i + k - 1] == list(term.words[1:-1]) and tokens[
                        i + k - 1
                    ].startswith(term.words[-1])
                else:
                    ok = k == 1 or tokens[i + 1 : i + k] == list(term.words[1:])
                if ok:
                    found.add(term.topic)
            for length in lengths:
                if length > len(token):
                    break
                for term in stems.get(token[:length], ()):
                    found.add(term.topic)


class Topics:
    """A set of topic lexicons compiled for matching. Immutable once built.

    Terms match whole words (``\\w+`` tokens, so "free-trade" also matches "free trade");
    ``terms`` ignore case, ``exact`` terms keep it; a trailing ``*`` on the last word matches
    any word it begins.
    """

    def __init__(self, topics: Iterable[Topic]) -> None:
        self.topics: tuple[Topic, ...] = tuple(topics)
        self._folded = _Index()
        self._exact = _Index()
        for i, topic in enumerate(self.topics):
            for term in topic.terms:
                self._folded.add(term, i, fold=True)
            for term in topic.exact:
                self._exact.add(term, i, fold=False)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.topics]

    def tag(self, text: str) -> list[str]:
        """Names of the topics whose terms occur in ``text``, in lexicon order."""
        if not text:
            return []
        tokens = _TOKEN.findall(text)
        found: set[int] = set()
        self._exact.scan(tokens, found)
        self._folded.scan([t.lower() for t in tokens], found)
        return [self.topics[i].name for i in sorted(found)]

    def __len__(self) -> int:
        return len(self.topics)


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

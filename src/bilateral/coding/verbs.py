"""Verb patterns: which verb (with which object, particle and argument slots) is which CAMEO
event, and how a verb governs the clauses under it. Data, validated on load.

The packaged patterns live in ``data/verbs.jsonl``, one JSON object a line (``//`` starts a
comment line). Two kinds of object:

``pattern`` (the default ``kind``)::

    {"id": "04.meet", "lemmas": ["meet"], "code": "040", "target": ["dobj", "prep:with"],
     "joint": true}

- ``id``: unique, stable; it is written into every event the pattern produces.
- ``lemmas``: verb lemmas (lower case) that trigger the pattern.
- ``code``: the CAMEO event code (checked against the ontology).
- ``target``: where the target is, tried in order (default ``["dobj", "dative"]``):
  ``dobj`` (direct object, or the passive subject), ``dative`` ("sent Trump a letter"),
  ``prep:WORD`` (the object of that preposition, on the verb or on its object: "met with",
  "sanctions on"), ``ccomp_subj`` ("demanded that Seoul stop"), ``ccomp_any`` (any actor
  of the complement clause), ``comp`` (the target of the complement: "threatened to
  obliterate Turkey's economy"), ``purpose`` (the target of a purpose clause: "marched to
  protest against China"), ``cause_subj`` (the actor whose act prompted this one).
- ``objects``: the pattern fires only when the verb's object (or passive subject, or the
  object of a preposition on the verb) has one of these lemmas ("hold talks", "lodge a
  protest"); such patterns win over plain ones.
- ``particle``: the verb needs one of these particles ("pull back", "shoot down").
- ``actor_object``: the object itself must name an actor ("welcomed Xi", not "welcomed the
  plan").
- ``joint``: with two or more sources and no target, the act is between the sources
  ("China and Russia held talks").
- ``reverse``: the actor in the target slot is the source ("drew protests from Beijing").
- ``civilian``: the code to use when the source is civilians or protesters (street protest
  14 instead of a diplomatic protest 11).
- ``military``: the code to use when the target is a military actor (sinking a warship is
  fighting, 19; sinking a fishing boat is damaging property, 17).

``governor`` (``"kind": "governor"``): verbs whose complement clause holds an event, and how
to read it: ``report`` ("said X did"), ``plan`` ("agreed to", "ready to": coded as 03),
``aspect`` ("began to"), ``cause`` ("prompting Y to"), and ``analysis``: subject nouns
whose reports are analysis, not events ("analysts say"). A complement under any other verb
is not coded.

User dictionaries add patterns with ``"kind": "verb"`` objects of the pattern form; a user
pattern with the id of a packaged one replaces it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ..errors import DictionaryError
from ..ontology import is_valid_code

SLOT_RE = re.compile(r"^(dobj|dative|ccomp_subj|ccomp_any|comp|purpose|cause_subj|prep:[a-z]+)$")
GOVERNOR_ROLES = frozenset({"report", "plan", "aspect", "cause", "analysis"})
PATTERN_KEYS = frozenset(
    {
        "id",
        "kind",
        "lemmas",
        "code",
        "target",
        "objects",
        "particle",
        "actor_object",
        "joint",
        "reverse",
        "civilian",
        "military",
        "note",
    }
)
GOVERNOR_KEYS = frozenset({"id", "kind", "role", "lemmas", "note"})
DEFAULT_TARGET = ("dobj", "dative")


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One validated verb pattern (see the module docstring for the fields)."""

    id: str
    lemmas: tuple[str, ...]
    code: str
    target: tuple[str, ...] = DEFAULT_TARGET
    objects: frozenset[str] = frozenset()
    particle: frozenset[str] = frozenset()
    actor_object: bool | None = None
    joint: bool = False
    reverse: bool = False
    civilian: str | None = None
    military: str | None = None
    origin: str = "packaged"

    @property
    def specificity(self) -> int:
        """Patterns with an object or particle condition are tried first."""
        return (
            (2 if self.objects else 0)
            + (1 if self.particle else 0)
            + (1 if self.actor_object else 0)
        )


@dataclass
class VerbLexicon:
    """Patterns by lemma (most specific first) and governor roles by lemma."""

    patterns: list[VerbPattern] = field(default_factory=list)
    governors: dict[str, str] = field(default_factory=dict)
    analysis_nouns: frozenset[str] = frozenset()
    by_lemma: dict[str, list[VerbPattern]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        self.by_lemma = {}
        for pattern in self.patterns:
            for lemma in pattern.lemmas:
                self.by_lemma.setdefault(lemma, []).append(pattern)
        for found in self.by_lemma.values():
            found.sort(key=lambda p: -p.specificity)  # stable: file order within a level

    def __len__(self) -> int:
        return len(self.patterns)


def _fail(message: str, where: str, line: int | None) -> DictionaryError:
    return DictionaryError(
        message, path=where, line=line, hint="see docs/coder.md for the verb pattern format"
    )


def _words(value: Any, name: str, where: str, line: int | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split()
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(w, str) and w.strip() for w in value)
    ):
        raise _fail(f"{name!r} must be a non-empty list of words", where, line)
    return tuple(w.strip().lower() for w in value)


def parse_pattern(obj: Mapping[str, Any], where: str, line: int | None) -> VerbPattern:
    """Validate one pattern object; raises DictionaryError (E210) naming file and line."""
    unknown = set(obj) - PATTERN_KEYS - {"_origin", "_line"}
    if unknown:
        raise _fail(f"unknown field(s) {', '.join(sorted(unknown))}", where, line)
    pid = obj.get("id")
    if not isinstance(pid, str) or not pid.strip():
        raise _fail("a verb pattern needs an 'id' (a non-empty string)", where, line)
    code = obj.get("code")
    if not isinstance(code, str) or not is_valid_code(code):
        raise _fail(f"pattern {pid}: {code!r} is not a CAMEO event code", where, line)
    alternates = {}
    for name in ("civilian", "military"):
        value = obj.get(name)
        if value is not None and (not isinstance(value, str) or not is_valid_code(value)):
            raise _fail(f"pattern {pid}: {name} {value!r} is not a CAMEO event code", where, line)
        alternates[name] = value
    target = _words(obj.get("target", list(DEFAULT_TARGET)), "target", where, line)
    for slot in target:
        if not SLOT_RE.match(slot):
            raise _fail(f"pattern {pid}: unknown target slot {slot!r}", where, line)
    flags = {}
    for name in ("actor_object", "joint", "reverse"):
        value = obj.get(name)
        if value is not None and not isinstance(value, bool):
            raise _fail(f"pattern {pid}: {name!r} must be true or false", where, line)
        flags[name] = value
    objects = obj.get("objects")
    particle = obj.get("particle")
    return VerbPattern(
        id=pid.strip(),
        lemmas=_words(obj.get("lemmas"), "lemmas", where, line),
        code=code,
        target=target,
        objects=frozenset(_words(objects, "objects", where, line)) if objects else frozenset(),
        particle=frozenset(_words(particle, "particle", where, line)) if particle else frozenset(),
        actor_object=flags["actor_object"],
        joint=bool(flags["joint"]),
        reverse=bool(flags["reverse"]),
        civilian=alternates["civilian"],
        military=alternates["military"],
        origin=where,
    )


def _objects(text: str, where: str) -> Iterable[tuple[int, dict[str, Any]]]:
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(f"not valid JSON: {exc.msg} (column {exc.colno})", where, number) from None
        if not isinstance(obj, dict):
            raise _fail("each line must be a JSON object", where, number)
        yield number, obj


def build_lexicon(objects: Iterable[tuple[str, int | None, Mapping[str, Any]]]) -> VerbLexicon:
    """A lexicon from (file, line, object) triples, later ids replacing earlier ones."""
    patterns: dict[str, VerbPattern] = {}
    governors: dict[str, str] = {}
    analysis: set[str] = set()
    for where, line, obj in objects:
        kind = obj.get("kind", "pattern")
        if kind == "governor":
            unknown = set(obj) - GOVERNOR_KEYS - {"_origin", "_line"}
            if unknown:
                raise _fail(f"unknown field(s) {', '.join(sorted(unknown))}", where, line)
            role = obj.get("role")
            if role not in GOVERNOR_ROLES:
                raise _fail(
                    f"governor role {role!r} is not one of {', '.join(sorted(GOVERNOR_ROLES))}",
                    where,
                    line,
                )
            lemmas = _words(obj.get("lemmas"), "lemmas", where, line)
            if role == "analysis":
                analysis.update(lemmas)
            else:
                governors.update(dict.fromkeys(lemmas, role))
        elif kind in {"pattern", "verb"}:
            pattern = parse_pattern(obj, where, line)
            patterns.pop(pattern.id, None)
            patterns[pattern.id] = pattern
        else:
            raise _fail(f"unknown kind {kind!r} (pattern, verb or governor)", where, line)
    return VerbLexicon(
        patterns=list(patterns.values()), governors=governors, analysis_nouns=frozenset(analysis)
    )


def packaged_verb_objects() -> list[tuple[str, int | None, dict[str, Any]]]:
    where = "data/verbs.jsonl"
    text = resources.files("bilateral").joinpath("data", "verbs.jsonl").read_text("utf-8")
    return [(where, n, o) for n, o in _objects(text, where)]


def load_verbs(user_verbs: Iterable[Mapping[str, Any]] = ()) -> VerbLexicon:
    """The packaged verb lexicon with user ``kind: verb`` objects (from
    :func:`~bilateral.coding.dictionaries.load_dictionaries`) layered on top."""
    objects: list[tuple[str, int | None, Mapping[str, Any]]] = list(packaged_verb_objects())
    for obj in user_verbs:
        objects.append((str(obj.get("_origin", "<user>")), obj.get("_line"), obj))
    return build_lexicon(objects)

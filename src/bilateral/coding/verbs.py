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
  protest against China"), ``cause_subj`` (the actor whose act prompted this one),
  ``after_subj`` (the actor of a temporal clause: "protested after Japanese ministers
  visited the shrine"), ``landing`` (where the object came down: "fired a missile that
  landed in Japan's zone"),
  ``relations`` (the other side of "relations with Y" as a "that" clause's subject),
  ``should`` / ``must`` (the subject of a "that" clause with should or must: "said Y
  should stop", "said Y must return the helicopter").
- ``objects``: the pattern fires only when the verb's object (or passive subject, or the
  object of a preposition on the verb) has one of these lemmas ("hold talks", "lodge a
  protest"); such patterns win over plain ones.
- ``particle``: the verb needs one of these particles ("pull back", "shoot down").
- ``subjects``: the pattern fires only when the subject's head has one of these lemmas
  ("a missile landed in Japan's zone" is force, not a visit); when such a pattern applies,
  the verb's patterns without a subject condition are set aside.
- ``predicative``: true: the verb needs an object complement ("called Putin a war
  criminal"); false: it must have none ("called Putin", a phone call).
- ``transitive``: the verb needs a direct object (or a passive subject): "returned the
  prisoners to Ukraine" is a concession, "tourists returned to Thailand" is not.
- ``civilian_only``: the pattern fires only for civilian sources (protesters gathering
  outside an embassy).
- ``actor_object``: the object itself must name an actor ("welcomed Xi", not "welcomed the
  plan").
- ``joint``: with two or more sources and no target, the act is between the sources
  ("China and Russia held talks").
- ``reverse``: the actor in the target slot is the source ("drew protests from Beijing").
- ``civilian``: the code to use when the source is civilians or protesters (street protest
  14 instead of a diplomatic protest 11).
- ``military``: the code to use when the target is a military actor (sinking a warship is
  fighting, 19; sinking a fishing boat is damaging property, 17).
- ``person``: the code to use when the source is a named person, a leader rather than a
  state or its forces ("Trump attacked China" is criticism, 11; "Moon crossed into North
  Korea" a visit, 04).

``governor`` (``"kind": "governor"``): verbs whose complement clause holds an event, and how
to read it: ``report`` ("said X did"), ``plan`` ("plans to", "ready to": coded as 03),
``decision`` ("agreed to", "decided to": as plan, but a hostile act keeps its code),
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

SLOT_RE = re.compile(
    r"^(dobj|dative|ccomp_subj|ccomp_any|comp|purpose|cause_subj|after_subj|landing|relations"
    r"|should|must"
    r"|prep:[a-z]+)$"
)
GOVERNOR_ROLES = frozenset({"report", "plan", "decision", "aspect", "cause", "analysis"})
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
        "person",
        "subjects",
        "predicative",
        "transitive",
        "civilian_only",
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
    person: str | None = None
    subjects: frozenset[str] = frozenset()
    predicative: bool | None = None
    transitive: bool = False
    civilian_only: bool = False
    origin: str = "packaged"

    @property
    def specificity(self) -> int:
        """Patterns with a subject, object or particle condition are tried first."""
        return (
            (2 if self.subjects else 0)
            + (2 if self.objects else 0)
            + (1 if self.particle else 0)
            + (1 if self.actor_object else 0)
            + (1 if self.predicative else 0)
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
    for name in ("civilian", "military", "person"):
        value = obj.get(name)
        if value is not None and (not isinstance(value, str) or not is_valid_code(value)):
            raise _fail(f"pattern {pid}: {name} {value!r} is not a CAMEO event code", where, line)
        alternates[name] = value
    target = _words(obj.get("target", list(DEFAULT_TARGET)), "target", where, line)
    for slot in target:
        if not SLOT_RE.match(slot):
            raise _fail(f"pattern {pid}: unknown target slot {slot!r}", where, line)
    flags = {}
    for name in ("actor_object", "joint", "reverse", "predicative", "transitive", "civilian_only"):
        value = obj.get(name)
        if value is not None and not isinstance(value, bool):
            raise _fail(f"pattern {pid}: {name!r} must be true or false", where, line)
        flags[name] = value
    objects = obj.get("objects")
    particle = obj.get("particle")
    subjects = obj.get("subjects")
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
        person=alternates["person"],
        subjects=frozenset(_words(subjects, "subjects", where, line)) if subjects else frozenset(),
        predicative=flags["predicative"],
        transitive=bool(flags["transitive"]),
        civilian_only=bool(flags["civilian_only"]),
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


# -- PETRARCH / TABARI verb dictionaries -------------------------------------------------------
_PETRARCH_BLOCK = re.compile(r"^-{3}\s*([A-Z][A-Z_'-]*)\s*\[([^\]]*)\]\s*-{3}")
_PETRARCH_CODE = re.compile(r"\[([^\]]*)\]")
_PETRARCH_PREPS = frozenset(
    {
        "with",
        "to",
        "against",
        "on",
        "from",
        "for",
        "into",
        "at",
        "over",
        "in",
        "upon",
        "toward",
        "towards",
        "about",
        "between",
    }
)


def petrarch_verb_entries(
    text: str, where: str
) -> tuple[list[dict[str, Any]], list[tuple[int, str]]]:
    """Verb patterns (``kind: verb`` objects) from a PETRARCH/TABARI verb dictionary.

    What converts: each ``--- VERB [code] ---`` block gives a pattern for the verb with the
    block's code; each ``- * WORDS [code]`` line gives a pattern whose ``objects`` are the
    words after the verb (synonym sets ``&SET`` expanded), and ``- * PREP + [code]`` a
    pattern whose target is that preposition's object. What cannot be expressed in our
    dependency patterns (words before the verb, codes outside CAMEO such as WEIS numbers,
    ``[---]``) is returned in the second list as (line, reason)."""
    entries: list[dict[str, Any]] = []
    skipped: list[tuple[int, str]] = []
    synsets: dict[str, list[str]] = {}
    current_set: str | None = None
    verb: str | None = None
    lines: list[tuple[int, str]] = []
    in_comment = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        if in_comment:
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_comment = False
        while "<!--" in line:
            head, _, tail = line.partition("<!--")
            if "-->" in tail:
                line = head + tail.split("-->", 1)[1]
            else:
                line, in_comment = head, True
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append((number, line))
    for _number, line in lines:  # synonym sets first: blocks may use later sets
        if line.startswith("&"):
            current_set = line.split()[0][1:].rstrip("_").upper()
            synsets.setdefault(current_set, [])
        elif line.startswith("+") and current_set is not None:
            synsets[current_set].append(line[1:].strip())
        elif line.startswith(("---", "-")):
            current_set = None

    def words_of(token: str) -> list[str]:
        token = token.strip("_")
        if token.startswith("&"):
            out: list[str] = []
            for member in synsets.get(token[1:].rstrip("_").upper(), []):
                out += words_of(member)
            return out
        return [w.lower() for w in token.split("_") if w and w.isalpha()]

    count = 0
    for number, line in lines:
        block = _PETRARCH_BLOCK.match(line)
        if block:
            verb = block.group(1).rstrip("_").replace("_", " ").lower()
            code = block.group(2).strip()
            if " " in verb:
                skipped.append((number, f"multi-word verb {verb!r}"))
                verb = None
            elif is_valid_code(code):
                count += 1
                entries.append(
                    {
                        "kind": "verb",
                        "id": f"petrarch.{verb}.{count}",
                        "lemmas": [verb],
                        "code": code,
                    }
                )
            else:
                skipped.append((number, f"block code {code!r} is not a CAMEO event code"))
            continue
        if not line.startswith("-") or verb is None:
            continue
        found = _PETRARCH_CODE.search(line)
        code = found.group(1).strip() if found else ""
        if not is_valid_code(code):
            skipped.append((number, f"code {code!r} is not a CAMEO event code"))
            continue
        body = _PETRARCH_CODE.sub("", line[1:]).split()
        if "*" not in body or body.index("*") != 0:
            skipped.append((number, "words before the verb"))
            continue
        after = body[1:]
        entry: dict[str, Any] = {"kind": "verb", "lemmas": [verb], "code": code}
        if len(after) >= 2 and after[-1] in {"+", "$"} and after[-2].lower() in _PETRARCH_PREPS:
            entry["target"] = [f"prep:{after[-2].lower()}"]
            after = after[:-2]
        objects = [
            w
            for token in after
            if token not in {"+", "$", "%", "^"}
            for w in words_of(token)
            if w not in _PETRARCH_PREPS
        ]
        if objects:
            entry["objects"] = sorted(set(objects))
        if "objects" not in entry and "target" not in entry:
            skipped.append((number, "nothing our patterns can match on"))
            continue
        count += 1
        entry["id"] = f"petrarch.{verb}.{count}"
        entries.append(entry)
    return entries, skipped

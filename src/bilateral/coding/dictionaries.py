"""The coder's dictionaries: actors, persons with their terms, agents, IGOs, discards, verbs.

The packaged tables in ``bilateral/data`` are written by the project from public facts:

- ``countries.tsv``: one row per state (UN members plus TWN, XKX, PSE, VAT): names, short
  forms, adjectives, demonyms, capitals used as metonyms and seats of government.
- ``leaders.tsv``: one row per person and office term (heads of state and government,
  foreign and defence ministers), resolved by the sentence's date.
- ``agents.jsonl``: nouns that name a sector of a state ("coast guard" -> COP).
- ``igos.jsonl``: international organisations with their codes ("UN" -> UNO).
- ``media.jsonl``: news outlets, each the country of its owner plus MED ("Xinhua" -> CHN MED).
- ``discards.jsonl``: phrases that contain an actor's name but are no actor
  ("South China Sea", "Korean Peninsula").
- ``places.tsv``: regions and cities with their state ("Crimea" UKR, "Shanghai" CHN), which
  the engine reads only as targets; disputed features ("Senkaku Islands") name no state.
- ``companies.jsonl``: major firms, each its home state plus BUS ("Huawei" -> CHN BUS).

User files (JSON Lines or YAML, format in ``docs/dictionaries.md``, schema in
``data/dictionary.schema.json``) are layered on top in order: an entry whose key (its phrase,
casefolded) appears in a later file replaces every entry with that key
from earlier files. Everything is validated on load; a bad file raises
:class:`~bilateral.errors.DictionaryError` (E210) naming the file, the line and the problem.

The engine matches ``ActorEntry.phrase`` as a token sequence: case-insensitively (spaCy
``LOWER``) unless ``case_sensitive`` is true, in which case the exact spelling (``ORTH``) is
required ("US" but not "us", "Turkey" but not "turkey").
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast, get_args

from ..errors import DictionaryError

__all__ = [
    "ActorEntry",
    "ActorKind",
    "AgentEntry",
    "Dictionaries",
    "DictionaryReport",
    "PetrarchImport",
    "check_dictionary",
    "dictionary_schema",
    "entries_on",
    "import_petrarch",
    "import_petrarch_actors",
    "import_petrarch_agents",
    "import_petrarch_dictionaries",
    "import_petrarch_verbs",
    "load_dictionaries",
    "normalize_phrase",
    "petrarch_file_kind",
    "read_user_file",
    "shared_surnames",
    "split_cameo_actor",
    "surname_holders",
    "write_dictionary",
]

ActorKind = Literal[
    "country",  # the state's name or short form ("Japan", "U.S.", "DPRK")
    "adjective",  # adjective or demonym ("Japanese", "Americans")
    "capital",  # capital used as a metonym for the government ("Tokyo")
    "seat",  # seat of government ("the Kremlin", "Zhongnanhai")
    "person",  # a leader or minister during a term
    "igo",  # an international organisation ("UN", "ASEAN")
    "media",  # a news outlet ("Xinhua", "KCNA")
    "place",  # a region or city of a state ("Crimea", "Shanghai"): only ever a target
    "company",  # a firm of a state, agent BUS ("Huawei", "Gazprom")
    "actor",  # any other actor from a user file
]

ACTOR_KINDS: frozenset[str] = frozenset(get_args(ActorKind))

#: Agent codes the packaged data uses, with their meaning (CAMEO sector codes).
AGENT_CODES: dict[str, str] = {
    "GOV": "government, executive, diplomats",
    "MIL": "armed forces and defence ministry",
    "COP": "police and coast guard (law enforcement)",
    "JUD": "courts, judges, prosecutors",
    "LEG": "legislature and its members",
    "MED": "news media",
    "BUS": "business",
    "CVL": "civilians, citizens, residents",
    "OPP": "political opposition, activists, protesters",
    "REB": "rebels and insurgents",
    "EDU": "education, students' institutions",
    "HLH": "health",
    "REF": "refugees and displaced people",
    "SPY": "intelligence services",
    "LAB": "labour unions, workers",
    "REL": "religious bodies",
    "CRM": "criminals",
    "ELI": "elites",
    "AGR": "agriculture, farmers",
    "ENV": "environmental groups",
    "HRI": "human-rights groups",
    "IGO": "international organisation staff",
    "NGO": "non-governmental organisation",
}

_CODE_RE = re.compile(r"^[A-Z]{3}$")
_SPACE_RE = re.compile(r"\s+")


def normalize_phrase(phrase: str, case_sensitive: bool = False) -> str:
    """A phrase with whitespace collapsed, casefolded unless ``case_sensitive``. Override keys
    are always casefolded (``normalize_phrase(phrase)``)."""
    text = _SPACE_RE.sub(" ", phrase.strip())
    return text if case_sensitive else text.casefold()


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One surface form that names an actor.

    ``code`` is an ISO 3166-1 alpha-3 code for states (plus XKX Kosovo) or a three-letter IGO
    or group code; ``agent`` a CAMEO sector code or None (the state or organisation as such);
    ``start``/``end`` bound the term (inclusive) for persons and are None when the entry holds
    at every date; ``role`` names the office ("head_of_government", "foreign_minister", ...);
    ``key`` is the override key (``normalize_phrase(phrase)``, casefolded); ``origin`` the
    file the entry came from; ``name`` the canonical name of the actor (the person's full name,
    the country's name).
    """

    phrase: str
    code: str
    agent: str | None
    kind: ActorKind
    start: date | None = None
    end: date | None = None
    role: str | None = None
    key: str = ""
    case_sensitive: bool = False
    name: str | None = None
    origin: str = "packaged"

    def holds_on(self, when: date) -> bool:
        """True when the entry's term covers ``when`` (undated entries always hold)."""
        if self.start is not None and when < self.start:
            return False
        return not (self.end is not None and when > self.end)


def entries_on(entries: Iterable[ActorEntry], when: date) -> list[ActorEntry]:
    """The entries (of one phrase) that hold on ``when``; dated entries that hold hide the
    undated ones (PETRARCH's default code applies only outside the dated codes)."""
    found = [e for e in entries if e.holds_on(when)]
    dated = [e for e in found if e.start is not None or e.end is not None]
    return dated or found


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """A noun phrase naming a sector ("coast guard" -> COP); it needs a country (from an
    adjective, a possessive or a compound) to become an actor: a bare agent is no actor."""

    phrase: str
    agent: str
    key: str = ""
    case_sensitive: bool = False
    origin: str = "packaged"


@dataclass
class Dictionaries:
    """Everything the coder matches: built by :func:`load_dictionaries`, never a module global.

    ``discards`` are phrases that are no actor even though they contain one ("South China
    Sea"): the engine should match them too and let the longer span win, then drop it.
    ``verbs`` are raw ``kind: verb`` objects from user files, unvalidated here (the verb
    matcher owns their schema); each carries ``_origin`` (file) and ``_line``.
    """

    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    discards: list[str] = field(default_factory=list)
    verbs: list[dict[str, Any]] = field(default_factory=list)
    surnames: list[ActorEntry] = field(default_factory=list)
    _index: dict[str, list[ActorEntry]] = field(default_factory=dict, init=False, repr=False)
    _exact: dict[str, list[ActorEntry]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the lookup tables after ``actors`` was changed in place."""
        self._index = {}
        self._exact = {}
        for entry in self.actors:
            if entry.case_sensitive:
                self._exact.setdefault(normalize_phrase(entry.phrase, True), []).append(entry)
            else:
                self._index.setdefault(normalize_phrase(entry.phrase), []).append(entry)

    def lookup(self, phrase: str) -> list[ActorEntry]:
        """Every entry for ``phrase`` regardless of date (case-sensitive entries need the exact
        spelling)."""
        found = list(self._exact.get(normalize_phrase(phrase, True), ()))
        found += self._index.get(normalize_phrase(phrase), ())
        return found

    def resolve(self, phrase: str, when: date | None = None) -> list[ActorEntry]:
        """The actors ``phrase`` names on date ``when``.

        Persons resolve only within their terms: "Abe" on 2015-05-01 is JPN (GOV), on
        2008-05-01 nothing. ``when=None`` means today. A bare title ("the prime minister") is
        no actor entry at all (it is an agent noun, which needs a country). When entries with
        a term hold, undated entries of the same phrase are left out (as in PETRARCH, where an
        undated code is the default outside the dated ones). Several entries with different
        codes mean the phrase is ambiguous ("Congo"): the engine codes no actor.
        """
        return entries_on(self.lookup(phrase), when or date.today())

    def agent_of(self, phrase: str) -> str | None:
        """The agent code of an agent noun phrase ("coast guard" -> "COP"), or None."""
        exact = normalize_phrase(phrase, True)
        folded = normalize_phrase(phrase)
        for entry in self.agents:
            if entry.key == folded and (not entry.case_sensitive or entry.phrase == exact):
                return entry.agent
        return None

    def codes(self) -> set[str]:
        """Every actor code the dictionaries can produce."""
        return {e.code for e in self.actors}


# ---------------------------------------------------------------------------------------------
# packaged data


def _data_text(name: str) -> str:
    return resources.files("bilateral").joinpath("data", name).read_text(encoding="utf-8")


@cache
def dictionary_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one user dictionary entry."""
    return cast(dict[str, Any], json.loads(_data_text("dictionary.schema.json")))


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def _phrase_flag(raw: str) -> tuple[str, bool]:
    """A leading ``=`` in the packaged TSVs marks a case-sensitive phrase ("=US")."""
    return (raw[1:], True) if raw.startswith("=") else (raw, False)


def _parse_date(value: str, where: str, line: int | None) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DictionaryError(
            f"{value!r} is not a date (YYYY-MM-DD)", path=where, line=line
        ) from None


def _tsv_rows(name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a packaged TSV whose header must be exactly ``columns``."""
    text = _data_text(name)
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln and not ln.startswith("#")]
    if not lines or tuple(lines[0][1].split("\t")) != columns:
        raise DictionaryError(
            f"the header must be {' '.join(columns)}",
            path=f"data/{name}",
            line=lines[0][0] if lines else None,
        )
    reader = csv.DictReader(
        io.StringIO("\n".join(ln for _, ln in lines)), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    for (number, _), row in zip(lines[1:], reader, strict=True):
        if None in row or any(v is None for v in row.values()):
            raise DictionaryError("wrong number of columns", path=f"data/{name}", line=number)
        yield number, row


COUNTRY_COLUMNS = ("code", "name", "forms", "adjectives", "demonyms", "capitals", "seats")


def _country_entries() -> Iterator[ActorEntry]:
    kinds: tuple[tuple[str, ActorKind, str | None], ...] = (
        ("name", "country", None),
        ("forms", "country", None),
        ("adjectives", "adjective", None),
        ("demonyms", "adjective", None),
        ("capitals", "capital", "GOV"),
        ("seats", "seat", "GOV"),
    )
    for number, row in _tsv_rows("countries.tsv", COUNTRY_COLUMNS):
        code = row["code"]
        if not _CODE_RE.match(code):
            raise DictionaryError(
                f"bad country code {code!r}", path="data/countries.tsv", line=number
            )
        seen: set[str] = set()
        for column, kind, agent in kinds:
            for raw in _split(row[column]):
                phrase, exact = _phrase_flag(raw)
                phrase, _, own_agent = phrase.partition("@")
                if phrase in seen:  # "Japanese" is adjective and demonym: one entry
                    continue
                seen.add(phrase)
                if own_agent and not _CODE_RE.match(own_agent):
                    raise DictionaryError(
                        f"bad agent {own_agent!r} in {raw!r}",
                        path="data/countries.tsv",
                        line=number,
                    )
                yield ActorEntry(
                    phrase=phrase,
                    code=code,
                    agent=own_agent or agent,
                    kind=kind,
                    case_sensitive=exact,
                    name=row["name"].lstrip("="),
                    origin="data/countries.tsv",
                )


#: Titles used with a name when a user's person term gives none, by role.
DEFAULT_TITLES: dict[str, tuple[str, ...]] = {
    "head_of_state": ("President",),
    "head_of_government": ("Prime Minister", "Premier", "PM"),
    "foreign_minister": ("Foreign Minister", "Foreign Affairs Minister"),
    "defence_minister": ("Defence Minister", "Defense Minister"),
    "party_leader": ("General Secretary",),
    "vice_president": ("Vice President",),
}

PLACE_COLUMNS = ("code", "kind", "names", "note")


def _place_rows() -> Iterator[tuple[str, list[str]]]:
    """(code, names) per row of ``places.tsv``; code "-" marks a disputed feature."""
    where = "data/places.tsv"
    for number, row in _tsv_rows("places.tsv", PLACE_COLUMNS):
        code = row["code"]
        if code != "-" and not _CODE_RE.match(code):
            raise DictionaryError(f"bad place code {code!r}", path=where, line=number)
        if row["kind"] not in ("region", "city", "disputed") or (code == "-") != (
            row["kind"] == "disputed"
        ):
            raise DictionaryError(f"bad place kind {row['kind']!r}", path=where, line=number)
        names = _split(row["names"])
        if not names:
            raise DictionaryError("a place row needs names", path=where, line=number)
        yield code, names


def _place_entries() -> Iterator[ActorEntry]:
    for code, names in _place_rows():
        if code == "-":
            continue
        for name in names:
            yield ActorEntry(
                phrase=name,
                code=code,
                agent=None,
                kind="place",
                key=normalize_phrase(name),
                case_sensitive=True,
                name=name,
                origin="data/places.tsv",
            )


def disputed_places() -> list[str]:
    """Names of disputed features that stand for no state ("Senkaku Islands", "Kashmir")."""
    return [name for code, names in _place_rows() if code == "-" for name in names]


LEADER_COLUMNS = ("code", "role", "name", "aliases", "titles", "agent", "start", "end")


def person_entries(
    *,
    name: str,
    code: str,
    role: str,
    agent: str | None,
    start: date | None,
    end: date | None,
    aliases: Iterable[str] = (),
    titles: Iterable[str] = (),
    origin: str,
) -> Iterator[ActorEntry]:
    """The surface forms of one person in one term: full name, aliases (a surname only when
    listed), and each title before the full name and before each alias ("Prime Minister Abe").

    An alias of one word ("Abe", "Moon", "Trump") is case-sensitive, so "moon" and "trump" stay
    words; full names and titled forms match in any case.
    """
    bases = [name, *aliases]
    phrases: list[tuple[str, bool]] = [(name, False)]
    phrases += [(alias, " " not in alias.strip()) for alias in aliases]
    for title in titles:
        phrases += [
            (f"{title} {base}", False)
            for base in bases
            if not base.casefold().startswith(title.casefold() + " ")  # "Emperor Akihito"
        ]
    seen: set[str] = set()
    for phrase, exact in phrases:
        key = normalize_phrase(phrase)
        if key in seen:
            continue
        seen.add(key)
        yield ActorEntry(
            phrase=phrase,
            code=code,
            agent=agent,
            kind="person",
            start=start,
            end=end,
            role=role,
            key=key,
            case_sensitive=exact,
            name=name,
            origin=origin,
        )


def _leader_entries() -> Iterator[ActorEntry]:
    where = "data/leaders.tsv"
    for number, row in _tsv_rows("leaders.tsv", LEADER_COLUMNS):
        start = _parse_date(row["start"], where, number) if row["start"] else None
        end = _parse_date(row["end"], where, number) if row["end"] else None
        if start and end and end < start:
            raise DictionaryError(
                f"term ends {end} before it starts {start}", path=where, line=number
            )
        if not _CODE_RE.match(row["code"]) or not (
            row["agent"] == "" or _CODE_RE.match(row["agent"])
        ):
            raise DictionaryError("bad code or agent", path=where, line=number)
        if not row["name"] or not row["role"]:
            raise DictionaryError("a leader needs a name and a role", path=where, line=number)
        yield from person_entries(
            name=row["name"],
            code=row["code"],
            role=row["role"],
            agent=row["agent"] or None,
            start=start,
            end=end,
            aliases=_split(row["aliases"]),
            titles=_split(row["titles"]),
            origin=where,
        )


@dataclass
class _Layer:
    """The entries one source (the packaged data, or one user file) contributes."""

    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    discards: list[str] = field(default_factory=list)
    verbs: list[dict[str, Any]] = field(default_factory=list)

    def keys(self) -> set[str]:
        return (
            {e.key for e in self.actors}
            | {e.key for e in self.agents}
            | {normalize_phrase(d) for d in self.discards}
        )


def _keyed(entry: ActorEntry) -> ActorEntry:
    return entry if entry.key else replace(entry, key=normalize_phrase(entry.phrase))


@cache
def _packaged_layer() -> _Layer:
    layer = _Layer()
    layer.actors += (_keyed(e) for e in _country_entries())
    layer.actors += _leader_entries()
    layer.actors += _place_entries()
    layer.discards += disputed_places()
    for name in ("igos.jsonl", "agents.jsonl", "media.jsonl", "companies.jsonl", "discards.jsonl"):
        _add_objects(layer, _jsonl_objects(_data_text(name), f"data/{name}"), f"data/{name}")
    return layer


# ---------------------------------------------------------------------------------------------
# user files


def _jsonl_objects(text: str, where: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        try:
            yield number, json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise DictionaryError(
                f"not valid JSON: {exc.msg} (column {exc.colno})",
                path=where,
                line=number,
                hint="each line must be one JSON object, see docs/dictionaries.md",
            ) from None


def _yaml_objects(text: str, where: str) -> Iterator[tuple[int | None, Any]]:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DictionaryError(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
            path=where,
            line=mark.line + 1 if mark is not None else None,
        ) from None
    if data is None:
        return
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        assert isinstance(node, yaml.MappingNode)
        node = next(v for k, v in node.value if k.value == "entries")
        data = data["entries"]
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise DictionaryError(
            "a YAML dictionary is a list of entries (or a mapping with an 'entries' list)",
            path=where,
            line=1,
        )
    for item_node, item in zip(node.value, data, strict=True):
        yield item_node.start_mark.line + 1, item


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(dictionary_schema())


@cache
def _fast_check() -> Any:
    import fastjsonschema

    return fastjsonschema.compile(dictionary_schema())


def _schema_problem(obj: Any) -> str | None:
    """None when ``obj`` is a valid entry, else what is wrong (fastjsonschema says whether,
    jsonschema says what: its best-match message names the field)."""
    import fastjsonschema
    import jsonschema

    try:
        _fast_check()(obj)
        return None
    except fastjsonschema.JsonSchemaException:
        pass
    error = jsonschema.exceptions.best_match(_validator().iter_errors(obj))
    if error is None:
        return None
    message = error.message
    if error.validator in ("anyOf", "oneOf") and error.context:
        message = " or ".join(sorted({e.message for e in error.context}))
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{where}: {message}" if where else message


def _check_date(value: str | None, where: str, line: int | None) -> date | None:
    return None if value is None else _parse_date(value, where, line)


def _add_objects(layer: _Layer, objects: Iterable[tuple[int | None, Any]], where: str) -> None:
    """Validate each object and add its entries to the layer."""
    for number, obj in objects:
        problem = _schema_problem(obj)
        if problem is not None:
            raise DictionaryError(
                problem,
                path=where,
                line=number,
                hint="see docs/dictionaries.md for the entry format",
            )
        kind = obj["kind"]
        if kind == "verb":
            layer.verbs.append({**obj, "_origin": where, "_line": number})
        elif kind == "discard":
            layer.discards += (
                [obj["phrase"], *obj.get("phrases", ())]
                if "phrase" in obj
                else list(obj["phrases"])
            )
        elif kind == "agent":
            exact = bool(obj.get("case_sensitive", False))
            for phrase in [obj["phrase"], *obj.get("forms", ())]:
                layer.agents.append(
                    AgentEntry(phrase, obj["agent"], normalize_phrase(phrase), exact, where)
                )
        elif kind == "person":
            _add_person(layer, obj, where, number)
        else:  # actor, igo
            start = _check_date(obj.get("start"), where, number)
            end = _check_date(obj.get("end"), where, number)
            if start and end and end < start:
                raise DictionaryError(f"end {end} is before start {start}", path=where, line=number)
            exact = bool(obj.get("case_sensitive", False))
            actor_kind = cast(ActorKind, "igo" if kind == "igo" else obj.get("type", "actor"))
            phrases = [obj["phrase"]] if "phrase" in obj else []
            phrases += obj.get("aliases", [])
            if kind == "igo" and "name" in obj:
                phrases.insert(0, obj["name"])
            exact_forms = set(obj.get("case_sensitive_aliases", ()))
            for phrase in phrases:
                sensitive = exact or phrase in exact_forms
                layer.actors.append(
                    ActorEntry(
                        phrase=phrase,
                        code=obj["code"],
                        agent=obj.get("agent"),
                        kind=actor_kind,
                        start=start,
                        end=end,
                        role=obj.get("role"),
                        key=normalize_phrase(phrase),
                        case_sensitive=sensitive,
                        name=obj.get("name", phrases[0]),
                        origin=where,
                    )
                )


def _add_person(layer: _Layer, obj: dict[str, Any], where: str, number: int | None) -> None:
    for term in obj["terms"]:
        start = _check_date(term.get("start"), where, number)
        end = _check_date(term.get("end"), where, number)
        if start and end and end < start:
            raise DictionaryError(
                f"term of {obj['name']} ends {end} before it starts {start}",
                path=where,
                line=number,
            )
        layer.actors += person_entries(
            name=obj["name"],
            code=term.get("code", obj.get("code")),
            role=term["role"],
            agent=term.get("agent", obj.get("agent", "GOV")),
            start=start,
            end=end,
            aliases=obj.get("aliases", ()),
            titles=term.get("titles", DEFAULT_TITLES.get(term["role"], ())),
            origin=where,
        )


def read_user_file(
    path: str | Path,
) -> tuple[list[ActorEntry], list[AgentEntry], list[str], list[dict[str, Any]]]:
    """Read and validate one user dictionary file (``.jsonl``, ``.json``, ``.yaml``, ``.yml``).

    Returns its actors, agents, discards and raw verb objects. Raises
    :class:`~bilateral.errors.DictionaryError` (E210) with the file, the line and what is wrong.
    """
    layer = _read_layer(Path(path))
    return layer.actors, layer.agents, layer.discards, layer.verbs


def _read_layer(path: Path) -> _Layer:
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DictionaryError("no such dictionary file", path=where) from None
    except UnicodeDecodeError as exc:
        raise DictionaryError(f"not UTF-8 text ({exc.reason})", path=where) from None
    except OSError as exc:
        raise DictionaryError(f"cannot read: {exc.strerror}", path=where) from None
    layer = _Layer()
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        objects: Iterable[tuple[int | None, Any]] = _yaml_objects(text, where)
    elif suffix in {".jsonl", ".json", ".ndjson"}:
        objects = _jsonl_objects(text, where)
    else:
        raise DictionaryError(
            f"unknown dictionary format {suffix or '(no suffix)'!r}",
            path=where,
            hint="use .jsonl or .yaml",
        )
    _add_objects(layer, objects, where)
    return layer


def load_dictionaries(extra: Sequence[str | Path] = ()) -> Dictionaries:
    """The packaged dictionaries with the user files in ``extra`` layered on top, in order.

    An entry in a later file replaces every earlier entry (packaged or from an earlier file)
    with the same key (the phrase, casefolded); ``kind: discard`` in a
    user file removes a phrase as an actor. Verb entries are collected unvalidated.
    """
    layers = [_packaged_layer(), *(_read_layer(Path(p)) for p in extra)]
    actors: list[ActorEntry] = []
    agents: list[AgentEntry] = []
    discards: list[str] = []
    verbs: list[dict[str, Any]] = []
    for layer in layers:
        keys = layer.keys()
        actors = [e for e in actors if e.key not in keys]
        agents = [e for e in agents if e.key not in keys]
        discards = [d for d in discards if normalize_phrase(d) not in keys]
        actors += layer.actors
        agents += layer.agents
        discards += layer.discards
        verbs += layer.verbs
    return Dictionaries(
        actors=actors,
        agents=agents,
        discards=discards,
        verbs=verbs,
        surnames=shared_surnames(actors, agents, discards),
    )


#: states whose leaders' names are written family name first ("Kim Jong Un", "Xi Jinping");
#: Singapore's three-part names too ("Lee Hsien Loong", not "Lawrence Wong")
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "KHM"})
#: family names that are also English words or name other things ("Han Chinese", "Tang
#: dynasty", "Mao" for Mao Zedong, "Yen")
SURNAME_STOPWORDS = frozenset({"No", "Song", "Han", "Tea", "Mao", "Tang", "Yen", "Ban", "Hong"})
#: the offices a bare surname in the news points to first
TOP_ROLES = frozenset({"head_of_state", "head_of_government", "party_leader"})


def _family_name(entry: ActorEntry) -> str | None:
    words = entry.name.split() if entry.name else []
    if len(words) < 2:
        return None
    if entry.code in FAMILY_NAME_FIRST or (entry.code == "SGP" and len(words) == 3):
        family = words[0]
        if family.isalpha() and family[:1].isupper() and family not in SURNAME_STOPWORDS:
            return family
    return None


def shared_surnames(
    actors: Iterable[ActorEntry], agents: Iterable[AgentEntry], discards: Iterable[str]
) -> list[ActorEntry]:
    """Bare family names shared by several leaders ("Kim", "Lee", "Li", "Wang"), which are no
    alias of anyone: one entry per person and term, for the engine to resolve by date.

    The rule (``surname_holders``): on the sentence's date, among the terms of that family
    name in force, those in a top office (head of state or government, party leader) if any,
    else all of them, must belong to one state; otherwise the name is no actor. Only names
    written family name first (Chinese, Korean, Cambodian; Singapore's three-part names) are
    derived, and never a name that is already a phrase of its own or a common word."""
    actors = list(actors)
    taken = {e.key for e in actors} | {a.key for a in agents}
    taken |= {normalize_phrase(d) for d in discards}
    out = []
    for entry in actors:
        if entry.kind != "person" or entry.phrase != entry.name:
            continue
        family = _family_name(entry)
        if family is None or normalize_phrase(family) in taken:
            continue
        out.append(replace(entry, phrase=family, key=normalize_phrase(family), case_sensitive=True))
    return out


def surname_holders(entries: Iterable[ActorEntry], when: date) -> list[ActorEntry]:
    """The terms a bare shared surname names on ``when`` (see :func:`shared_surnames`), or []
    when it is ambiguous: "Kim" in 2019 is Kim Jong Un (PRK), in 2021 also South Korea's prime
    minister Kim Boo-kyum, so no one."""
    held = [e for e in entries if e.holds_on(when)]
    pool = [e for e in held if e.role in TOP_ROLES] or held
    return pool if len({e.code for e in pool}) == 1 else []


# ---------------------------------------------------------------------------------------------
# PETRARCH / TABARI dictionaries

PetrarchKind = Literal["actors", "agents", "verbs"]

#: CAMEO codes that open a transnational actor code ("IGOUNOIAE" is the IAEA).
_TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"})
#: CAMEO actor-type codes beyond ours that PETRARCH dictionaries use as agents.
_CAMEO_AGENTS = frozenset(AGENT_CODES) | frozenset(
    {"INS", "SEP", "UAF", "DEV", "MOD", "RAD", "PKO", "PTY", "MNC", "NGM", "IMG"}
)
_BRACKET_RE = re.compile(r"\[([^\]]*)\]")
_MACRO_RE = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$")
_PETRARCH_CODE_RE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")


@dataclass
class PetrarchImport:
    """What one PETRARCH/TABARI dictionary file turned into.

    ``entries`` are objects of our user-dictionary format (``kind`` actor or agent), ready to
    be written as JSON Lines; ``skipped`` lists ``(line, reason)`` for what could not be
    imported; ``stems`` counts phrases that PETRARCH matched as word prefixes (no trailing
    ``_``), which we import as whole words.
    """

    path: str
    kind: PetrarchKind
    entries: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    stems: int = 0


def _strip_petrarch_comments(text: str) -> list[tuple[int, str]]:
    """Lines with ``<!-- -->`` blocks and ``#`` comments removed, numbered from 1."""
    out: list[tuple[int, str]] = []
    in_block = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw
        kept = ""
        while line:
            if in_block:
                end = line.find("-->")
                if end < 0:
                    line = ""
                else:
                    line, in_block = line[end + 3 :], False
            else:
                start = line.find("<!--")
                if start < 0:
                    kept, line = kept + line, ""
                else:
                    kept, line, in_block = kept + line[:start], line[start + 4 :], True
        kept = kept.split("#", 1)[0].rstrip()
        if kept.strip():
            out.append((number, kept))
    return out


def _petrarch_date(value: str, where: str, line: int) -> date:
    """YYMMDD (00-30 are 20YY, as in KEDS, TABARI and PETRARCH) or YYYYMMDD."""
    digits = value.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise DictionaryError(f"bad PETRARCH date {value!r}", path=where, line=line)
    if len(digits) == 6:
        year = int(digits[:2])
        digits = f"{2000 + year if year <= 30 else 1900 + year}{digits[2:]}"
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise DictionaryError(
            f"impossible PETRARCH date {value!r}", path=where, line=line
        ) from None


def _petrarch_span(span: str, where: str, line: int) -> dict[str, str]:
    """``>YYMMDD`` (from), ``<YYMMDD`` (until) or ``YYMMDD-YYMMDD`` as start/end fields."""
    if span.startswith(">"):
        return {"start": _petrarch_date(span[1:], where, line).isoformat()}
    if span.startswith("<"):
        return {"end": _petrarch_date(span[1:], where, line).isoformat()}
    if "-" in span:
        first, last = span.split("-", 1)
        start = _petrarch_date(first, where, line)
        end = _petrarch_date(last, where, line)
        if end < start:
            raise DictionaryError(f"term ends before it starts: {span}", path=where, line=line)
        return {"start": start.isoformat(), "end": end.isoformat()}
    raise DictionaryError(f"unreadable date {span!r}", path=where, line=line)


def _cameo_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """CAMEO country -> ISO, CAMEO IGO -> our IGO code, CAMEO region -> code."""
    import pycountry

    from ..sources.gdelt import cameo_actor_codes

    countries: dict[str, str] = {c.alpha_3: c.alpha_3 for c in pycountry.countries}
    countries["XKX"] = "XKX"
    igos: dict[str, str] = {e.code: e.code for e in _packaged_layer().actors if e.kind == "igo"}
    regions: dict[str, str] = {}
    for cameo, code, kind, _name in cameo_actor_codes():
        if kind in ("country", "former"):
            countries[cameo] = code
        elif kind == "igo":
            igos.setdefault(cameo, code)
        else:
            regions[cameo] = code
    return countries, igos, regions


def split_cameo_actor(
    raw: str, tables: tuple[dict[str, str], dict[str, str], dict[str, str]] | None = None
) -> tuple[str, str | None]:
    """A CAMEO actor code as (actor code, agent): "JPNGOV" -> ("JPN", "GOV"),
    "ROMMIL" -> ("ROU", "MIL"), "IGOUNOIAE" -> ("IAE", None), "PSEREBHMS" -> ("PSE", "REB").

    Country codes are mapped to ISO 3166-1 alpha-3; a transnational code keeps its most
    specific IGO or group part; unknown (fictional) codes are kept as they are. Raises
    ValueError for a code that is not made of three-letter parts.
    """
    code = raw.strip().upper()
    if not _PETRARCH_CODE_RE.match(code):
        raise ValueError(f"not a CAMEO actor code: {raw!r}")
    countries, igos, regions = tables or _cameo_tables()
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    head, rest = parts[0], parts[1:]
    agent = next((p for p in rest if p in _CAMEO_AGENTS), None)
    if head in countries:
        return countries[head], agent
    if head in _TRANSNATIONAL:
        known = [p for p in rest if p in igos]
        if known:
            return igos[known[-1]], agent
        groups = [p for p in rest if p not in _CAMEO_AGENTS]
        return (groups[-1] if groups else head), agent
    if head in regions:
        return regions[head], agent
    if head in _CAMEO_AGENTS and not rest:
        return head, None
    return head, agent


def _petrarch_phrase(raw: str) -> tuple[str, bool]:
    """PETRARCH noun phrase -> (our phrase, was a stem). "UNITED_STATES_" -> "united states"."""
    text = raw.strip()
    stem = not text.endswith("_")
    phrase = _SPACE_RE.sub(" ", text.replace("_", " ")).strip()
    return phrase, stem


def _our_case(phrase: str) -> tuple[str, bool]:
    """One short all-letter word ("US", "UN") stays upper case and case-sensitive; everything
    else is written in lower case and matched in any case."""
    letters = phrase.replace(".", "")
    if " " not in phrase and letters.isalpha() and len(letters) <= 3:
        return phrase.upper(), True
    return phrase.lower(), False


def import_petrarch_actors(text: str, where: str) -> PetrarchImport:
    """Read a PETRARCH/TABARI actor dictionary (``PHRASE [CODE]``, ``+SYNONYM`` lines, dated
    codes ``[CODE 020101-071231]``, ``[CODE >070101]``, ``[CODE <070101]``, ``#`` and
    ``<!-- -->`` comments) into our ``kind: actor`` entries, one per code bracket."""
    result = PetrarchImport(path=where, kind="actors")
    tables = _cameo_tables()
    current: dict[str, Any] | None = None

    def finish() -> None:
        if current is None:
            return
        if not current["brackets"]:
            result.skipped.append((current["line"], f"no code for {current['phrases'][0]!r}"))
            return
        phrases: list[str] = []
        exact: list[str] = []
        for raw in current["phrases"]:
            phrase, stem = _petrarch_phrase(raw)
            if not phrase:
                continue
            result.stems += stem
            phrase, sensitive = _our_case(phrase)
            if phrase not in phrases:
                phrases.append(phrase)
            if sensitive:
                exact.append(phrase)
        if not phrases:
            result.skipped.append((current["line"], "empty phrase"))
            return
        for number, bracket in current["brackets"]:
            fields = bracket.split()
            if not fields or fields[0] == "---":
                result.skipped.append((number, f"null code for {phrases[0]!r}"))
                continue
            try:
                code, agent = split_cameo_actor(fields[0], tables)
            except ValueError as exc:
                result.skipped.append((number, str(exc)))
                continue
            entry: dict[str, Any] = {"kind": "actor", "phrase": phrases[0], "code": code}
            if len(phrases) > 1:
                entry["aliases"] = phrases[1:]
            if agent:
                entry["agent"] = agent
            if exact:
                entry["case_sensitive_aliases"] = exact
            if len(fields) > 1:
                try:
                    entry.update(_petrarch_span("".join(fields[1:]), where, number))
                except DictionaryError as exc:
                    result.skipped.append((number, exc.message))
                    continue
            entry["cameo"] = fields[0].upper()
            result.entries.append(entry)

    for number, line in _strip_petrarch_comments(text):
        stripped = line.strip()
        if stripped.startswith("+"):
            if current is None:
                result.skipped.append((number, "synonym before any entry"))
                continue
            head = stripped[1:].split("[", 1)[0]
            current["phrases"].append(head)
            current["brackets"] += [(number, b) for b in _BRACKET_RE.findall(stripped)]
        elif stripped.startswith("["):
            if current is None:
                result.skipped.append((number, "code before any entry"))
                continue
            current["brackets"] += [(number, b) for b in _BRACKET_RE.findall(stripped)]
        elif stripped.startswith("<"):
            result.skipped.append((number, "not a dictionary line"))
        elif current is not None and not current["brackets"] and "[" not in stripped:
            # PHRASE lines with no code share the code that follows them:
            # IVO_JOSIPOVIC_ / PRESIDENT_JOSIPOVIC_ / JOSIPOVIC_ / <tab>[HRVGOV >120219]
            current["phrases"].append(stripped)
        else:
            finish()
            head = stripped.split("[", 1)[0]
            current = {
                "line": number,
                "phrases": [head],
                "brackets": [(number, b) for b in _BRACKET_RE.findall(stripped)],
            }
    finish()
    return result


def _regular_plural(phrase: str) -> str:
    words = phrase.split(" ")
    last = words[-1]
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def _expand_macros(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    found = re.search(r"![A-Z0-9_]+!", phrase)
    if not found:
        return [phrase]
    options = macros.get(found.group(0))
    if options is None:
        return []
    out: list[str] = []
    for option in options:
        out += _expand_macros(phrase[: found.start()] + option + phrase[found.end() :], macros)
    return out


def import_petrarch_agents(text: str, where: str) -> PetrarchImport:
    """Read a PETRARCH agent dictionary (``NOUN [~AGT]``, ``NOUN {PLURALS} [~AGT]``, ``{}`` for
    no plural, substitution sets ``!PERSON! = MAN, MEN``) into ``kind: agent`` entries.
    Without braces the regular plural is added, as PETRARCH does."""
    result = PetrarchImport(path=where, kind="agents")
    macros: dict[str, list[str]] = {}
    for number, line in _strip_petrarch_comments(text):
        stripped = line.strip()
        macro = _MACRO_RE.match(stripped)
        if macro:
            macros[macro.group(1)] = [o.strip() for o in macro.group(2).split(",") if o.strip()]
            continue
        brackets = _BRACKET_RE.findall(stripped)
        if not brackets:
            result.skipped.append((number, "no agent code"))
            continue
        code = brackets[0].strip().replace("~", "").upper()
        agent = code[:3]
        if not _CODE_RE.match(agent):
            result.skipped.append((number, f"bad agent code {brackets[0]!r}"))
            continue
        head = stripped.split("[", 1)[0]
        plural_text: str | None = None
        if "{" in head:
            head, _, rest = head.partition("{")
            plural_text = rest.split("}", 1)[0]
        nouns = _expand_macros(head.strip(), macros)
        if not nouns:
            result.skipped.append((number, "unknown substitution set"))
            continue
        for noun in nouns:
            phrase, stem = _petrarch_phrase(noun)
            if not phrase:
                continue
            result.stems += stem
            phrase = phrase.lower()
            if plural_text is None:
                forms = [_regular_plural(phrase)]
            else:
                forms = [
                    _petrarch_phrase(p)[0].lower()
                    for p in plural_text.replace(",", " ").split()
                    if _petrarch_phrase(p)[0]
                ]
            entry: dict[str, Any] = {"kind": "agent", "phrase": phrase, "agent": agent}
            forms = [f for f in dict.fromkeys(forms) if f != phrase]
            if forms:
                entry["forms"] = forms
            result.entries.append(entry)
    return result


def import_petrarch_verbs(text: str, where: str) -> PetrarchImport:
    """PETRARCH verb dictionaries (``--- VERB [code] ---`` blocks with ``-`` patterns and
    ``&`` synonym sets) as ``kind: verb`` patterns; the conversion belongs to the verb matcher
    (:func:`bilateral.coding.verbs.petrarch_verb_entries`)."""
    from .verbs import petrarch_verb_entries

    entries, skipped = petrarch_verb_entries(text, where)
    return PetrarchImport(path=where, kind="verbs", entries=entries, skipped=skipped)


def petrarch_file_kind(text: str, path: str = "") -> PetrarchKind:
    """Which kind of PETRARCH dictionary a file is: by its name (``*.actors.txt``,
    ``*.agents.txt``, ``*.verbs.txt``, ``CAMEO.*.txt``), else by its content (verb blocks
    ``--- X ---`` and ``&`` sets; agent codes ``[~AGT]``; else actors)."""
    name = Path(path).name.lower()
    for kind in ("actors", "agents", "verbs"):
        if f".{kind}." in name or name.endswith(f".{kind}"):
            return cast(PetrarchKind, kind)
    lines = [line.strip() for _, line in _strip_petrarch_comments(text)]
    if any(re.match(r"^-{3}\s*\S.*-{3}$", line) or line.startswith("&") for line in lines):
        return "verbs"
    codes = [b for line in lines for b in _BRACKET_RE.findall(line)]
    if codes and sum("~" in c for c in codes) * 2 > len(codes):
        return "agents"
    return "actors"


def import_petrarch(
    paths: Sequence[str | Path], kind: PetrarchKind | None = None
) -> list[PetrarchImport]:
    """Import PETRARCH/TABARI dictionary files (kind detected per file unless given)."""
    results: list[PetrarchImport] = []
    for path in paths:
        where = str(path)
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise DictionaryError("no such dictionary file", path=where) from None
        except OSError as exc:
            raise DictionaryError(f"cannot read: {exc.strerror}", path=where) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")  # older TABARI files
        which = kind or petrarch_file_kind(text, where)
        reader = {
            "actors": import_petrarch_actors,
            "agents": import_petrarch_agents,
            "verbs": import_petrarch_verbs,
        }[which]
        results.append(reader(text, where))
    return results


def write_dictionary(entries: Iterable[dict[str, Any]], out: str | Path) -> int:
    """Write entries as a JSON Lines user dictionary (atomically: a temporary file renamed
    into place) after validating each; returns the number written."""
    target = Path(out)
    lines: list[str] = []
    for number, entry in enumerate(entries, 1):
        problem = _schema_problem(entry)
        if problem is not None:
            raise DictionaryError(f"entry {number} does not validate: {problem}", path=str(out))
        lines.append(json.dumps(entry, ensure_ascii=False))
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    temporary.replace(target)
    return len(lines)


def import_petrarch_dictionaries(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    kind: PetrarchKind | None = None,
    strict: bool = False,
) -> list[PetrarchImport]:
    """Import PETRARCH/TABARI dictionaries and write them as one JSON Lines user dictionary.

    Lines that cannot be imported (a null code ``[---]``, a malformed code or date) are
    reported in each result's ``skipped``; with ``strict`` the first of them raises
    :class:`~bilateral.errors.DictionaryError` and nothing is written.
    """
    results = import_petrarch(paths, kind)
    if strict:
        for result in results:
            if result.skipped:
                line, reason = result.skipped[0]
                raise DictionaryError(
                    reason,
                    path=result.path,
                    line=line,
                    hint="drop --strict to skip such lines and import the rest",
                )
    write_dictionary((e for r in results for e in r.entries), out)
    return results


@dataclass
class DictionaryReport:
    """What a valid user dictionary file holds: actor entries by kind, person names, agents,
    discards and verb patterns (validated by the verb matcher's rules)."""

    path: str
    actors: dict[str, int]
    persons: int
    agents: int
    discards: int
    verbs: int


def check_dictionary(path: str | Path) -> DictionaryReport:
    """Validate one user dictionary file, verb entries included; raises
    :class:`~bilateral.errors.DictionaryError` (E210) with the file and line of the first
    problem."""
    from .verbs import parse_pattern

    actors, agents, discards, verbs = read_user_file(path)
    for verb in verbs:
        fields = {k: v for k, v in verb.items() if k not in ("_origin", "_line")}
        parse_pattern(fields, str(path), verb.get("_line"))
    kinds: dict[str, int] = {}
    for entry in actors:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    return DictionaryReport(
        path=str(path),
        actors=kinds,
        persons=len({e.name for e in actors if e.kind == "person"}),
        agents=len(agents),
        discards=len(discards),
        verbs=len(verbs),
    )

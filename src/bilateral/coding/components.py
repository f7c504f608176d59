"""The coder's spaCy components: the actor ruler and the event matcher.

``bilateral_actors`` (:class:`ActorRuler`) finds the dictionaries' phrases (countries,
adjectives, capitals, leaders in office on the sentence's date, IGOs, media, agent nouns) with
spaCy ``PhraseMatcher``s and writes the mentions to ``doc._.bilateral_actors``.

``bilateral_events`` (:class:`EventMatcher`) reads the dependency parse: for each verb with a
pattern in the verb lexicon it finds the source and target by the clause logic in
:mod:`bilateral.coding.clauses` and writes :class:`~bilateral.types.Event` objects to
``doc._.bilateral_events``. On a pipeline without a parser (``spacy.blank("en")``) it writes
an empty list.

The sentence's date goes in ``doc._.bilateral_date`` before the pipeline runs (the coder does
this); leaders resolve on that date, or today when it is None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.util import filter_spans

from .dictionaries import surname_holders
from .verbs import VerbLexicon, load_verbs

if TYPE_CHECKING:
    from .dictionaries import ActorEntry, Dictionaries

for _name in ("bilateral_date", "bilateral_actors", "bilateral_events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


#: "London-based", "Russian-born": where someone is or was born, not whose they are
PLACE_SUFFIXES = frozenset({"based", "born", "headquartered"})
#: honorifics that may stand before a bare surname ("Mr Kim")
HONORIFICS = frozenset({"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr."})


@dataclass(slots=True)
class Mention:
    """One actor phrase found in a doc: token span, country/IGO code (None for a bare agent
    noun), agent, kind (country, adjective, capital, person, igo, media, agent) and text."""

    start: int
    end: int
    code: str | None
    agent: str | None
    kind: str
    text: str
    start_char: int
    end_char: int


class ActorRuler:
    """Finds actor and agent phrases from the dictionaries (longest match wins; discards
    such as "South China Sea" win over the actor inside them and are dropped)."""

    def __init__(self, nlp: Language, name: str = "bilateral_actors") -> None:
        self.nlp = nlp
        self.name = name
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: dict[int, tuple[str, Any]] = {}
        self.lookup: Any = lambda phrase: []
        self.titles: set[str] = set()
        self.configured = False

    def configure(self, dictionaries: Dictionaries) -> None:
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.entries = {}
        actors: dict[tuple[str, bool], list[ActorEntry]] = {}
        spelling: dict[tuple[str, bool], str] = {}
        for entry in dictionaries.actors:
            phrase = entry.phrase if entry.case_sensitive else entry.phrase.lower()
            actors.setdefault((phrase, entry.case_sensitive), []).append(entry)
            spelling.setdefault((phrase, entry.case_sensitive), entry.phrase)
        agents = {}
        for a in dictionaries.agents:
            akey = (a.phrase if a.case_sensitive else a.phrase.lower(), a.case_sensitive)
            agents[akey] = a.agent
            spelling.setdefault(akey, a.phrase)
        discards = set()
        for d in dictionaries.discards:
            discards.add((d.lower(), False))
            spelling.setdefault((d.lower(), False), d)
        tokenizer = self.nlp.tokenizer
        self.lookup = dictionaries.lookup

        def add(kind: str, phrase: str, exact: bool, payload: Any) -> None:
            key = f"{kind}:{int(exact)}:{phrase}"
            key_id = self.nlp.vocab.strings.add(key)
            self.entries[key_id] = (kind, payload)
            matcher = self.orth if exact else self.lower
            matcher.add(key, [tokenizer(spelling[(phrase, exact)])])
            if exact and phrase.isupper() and len(phrase) > 1:
                return
            if exact:  # headline capitalisation of a case-sensitive phrase
                titled = " ".join(w[:1].upper() + w[1:] for w in phrase.split())
                if titled != phrase:
                    self.orth.add(key, [tokenizer(titled)])

        for (phrase, exact), found in actors.items():
            add("actor", phrase, exact, tuple(found))
        for (phrase, exact), agent in agents.items():
            if (phrase, exact) not in actors:
                add("agent", phrase, exact, agent)
        surnames: dict[tuple[str, bool], list[ActorEntry]] = {}
        for entry in dictionaries.surnames:
            skey = (entry.phrase, True)
            if skey not in actors and (entry.phrase.lower(), False) not in actors:
                surnames.setdefault(skey, []).append(entry)
                spelling.setdefault(skey, entry.phrase)
        for (phrase, exact), found in surnames.items():
            add("surname", phrase, exact, tuple(found))
        self.titles = {p for (p, _e) in agents if " " not in p} | HONORIFICS
        for phrase, exact in discards:
            add("discard", phrase, exact, None)
        self.configured = True

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = []
        if self.configured and len(doc):
            matches = list(self.lower(doc)) + list(self.orth(doc))
            when = doc._.bilateral_date or dt.date.today()
            spans = []
            for key_id, start, end in matches:
                kind, payload = self.entries[key_id]
                if kind == "actor" and len({e.code for e in payload if e.holds_on(when)}) != 1:
                    # out of office on this date, or ambiguous: the words inside may still
                    # name an actor ("Iraqi President Saddam Hussein" in 2005 is Iraqi)
                    continue
                if kind == "surname" and not self._bare_surname(doc, start, payload, when):
                    continue
                span = doc[start:end]
                span.label = key_id
                spans.append(span)
            for span in sorted(filter_spans(spans), key=lambda s: s.start):
                kind, payload = self.entries[span.label]
                if kind == "discard":
                    continue
                if kind == "agent":
                    mentions.append(
                        Mention(
                            span.start,
                            span.end,
                            None,
                            payload,
                            "agent",
                            span.text,
                            span.start_char,
                            span.end_char,
                        )
                    )
                    continue
                if kind == "surname":
                    held = surname_holders(payload, when)
                else:
                    held = [e for e in payload if e.holds_on(when)]
                codes = {e.code for e in held}
                if len(codes) != 1:
                    continue  # out of office on this date, or ambiguous
                entry = held[0]
                end = span.end
                # "Saudi-led", "Japanese-owned": the hyphenated modifier carries the actor
                if (
                    end + 1 < len(doc)
                    and doc[end].text == "-"
                    and not any(s.start <= end + 1 < s.end for s in spans)
                ):
                    if doc[end + 1].lower_ in PLACE_SUFFIXES:
                        continue  # "a Damascus-based Palestinian group" is not Syrian
                    end += 2
                mentions.append(
                    Mention(
                        span.start,
                        end,
                        entry.code,
                        entry.agent,
                        entry.kind,
                        doc[span.start : end].text,
                        span.start_char,
                        doc[end - 1].idx + len(doc[end - 1]),
                    )
                )
            taken = {i for m in mentions for i in range(m.start, m.end)}
            for token in doc:  # "U.S.-drafted": one token with an actor before the hyphen
                if token.i in taken or "-" not in token.text[1:]:
                    continue
                head, tail = token.text.split("-", 1)
                if tail.lower() in PLACE_SUFFIXES:
                    continue
                held = [e for e in self.lookup(head) if e.holds_on(when)]
                if held and len({e.code for e in held}) == 1 and head[:1].isupper():
                    mentions.append(
                        Mention(
                            token.i,
                            token.i + 1,
                            held[0].code,
                            held[0].agent,
                            held[0].kind,
                            token.text,
                            token.idx,
                            token.idx + len(token),
                        )
                    )
            mentions.sort(key=lambda m: m.start)
        doc._.bilateral_actors = mentions
        return doc

    def _bare_surname(self, doc: Doc, i: int, payload: Any, when: dt.date) -> bool:
        """A shared family name standing alone ("Trump and Kim met") that names one leader's
        state on this date; not part of another name ("Kim Kardashian", "Jennifer Lee")."""
        if not surname_holders(payload, when):
            return False
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.is_alpha and nxt.text[:1].isupper():
            return False
        prev = doc[i - 1] if i > 0 else None
        return (
            prev is None
            or prev.is_sent_start
            or not (prev.is_alpha and prev.text[:1].isupper())
            or prev.lower_ in self.titles
        )


class EventMatcher:
    """Verb patterns plus clause logic: writes ``doc._.bilateral_events``."""

    def __init__(self, nlp: Language, name: str = "bilateral_events") -> None:
        self.nlp = nlp
        self.name = name
        self.lexicon: VerbLexicon = load_verbs()
        self.conventions = "guidelines"  # or "petrarch": see clauses.extract_events

    def configure(self, dictionaries: Dictionaries) -> None:
        self.lexicon = load_verbs(dictionaries.verbs)

    def __call__(self, doc: Doc) -> Doc:
        from .clauses import extract_events

        if doc._.bilateral_actors is None or not doc.has_annotation("DEP"):
            doc._.bilateral_events = []
            return doc
        doc._.bilateral_events = extract_events(
            doc, doc._.bilateral_actors, self.lexicon, self.conventions
        )
        return doc


class FastAttributeRuler:
    """The pipeline's ``attribute_ruler`` (tag map, exceptions), applied through a cache.

    spaCy's AttributeRuler runs a token ``Matcher`` over every doc; for single-token
    patterns the result depends only on the token's tag, lower-case form, dependency and
    whether it is a space, so it is computed once per such key and replayed with the
    ruler's own ``set_token_attrs``. A doc with a token that could start one of the few
    multi-token patterns ("gon na", "there is") goes through the real ruler. Same result
    (tests/test_coder_model.py checks it), about a quarter less parsing time."""

    KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.single: list[tuple[int, dict[str, Any]]] = []
        self.starts: list[dict[str, Any]] = []
        self.cache: dict[tuple[str, str, str, bool], tuple[tuple[int, ...], bool]] = {}
        self.by_tag: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.usable = True
        for i, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if any(set(t) - set(self.KEYS) for t in pattern):
                    self.usable = False
                if len(pattern) == 1 and entry["index"] in (0, -1):
                    self.single.append((i, pattern[0]))
                else:
                    self.starts.append(pattern[0])

    @staticmethod
    def _holds(cond: Any, value: Any) -> bool:
        if isinstance(cond, dict):
            for op, arg in cond.items():
                if op == "IN" and value not in arg:
                    return False
                if op == "NOT_IN" and value in arg:
                    return False
                if op == "REGEX" and not re.search(arg, str(value)):
                    return False
                if op not in ("IN", "NOT_IN", "REGEX"):
                    raise ValueError(op)
            return True
        return bool(cond == value)

    def _matches(self, token_cond: dict[str, Any], values: dict[str, Any]) -> bool:
        return all(self._holds(c, values[k]) for k, c in token_cond.items())

    def _candidates(self, tag: str) -> list[tuple[int, dict[str, Any]]]:
        """The single-token patterns whose TAG condition a token with ``tag`` can meet."""
        found = self.by_tag.get(tag)
        if found is None:
            found = self.by_tag[tag] = [
                (i, cond)
                for i, cond in self.single
                if "TAG" not in cond or self._holds(cond["TAG"], tag)
            ]
        return found

    def _lookup(self, key: tuple[str, str, str, bool]) -> tuple[tuple[int, ...], bool]:
        found = self.cache.get(key)
        if found is None:
            values = dict(zip(self.KEYS, key, strict=True))
            ids = tuple(i for i, cond in self._candidates(key[0]) if self._matches(cond, values))
            starts = any(self._matches(cond, values) for cond in self.starts)
            found = self.cache[key] = (ids, starts)
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not self.usable:
            return self.ruler(doc)
        plan = []
        for token in doc:
            ids, starts = self._lookup((token.tag_, token.lower_, token.dep_, token.is_space))
            if starts:
                return self.ruler(doc)
            plan.append(ids)
        attrs = self.ruler.attrs
        for token, ids in zip(doc, plan, strict=True):
            for i in ids:
                set_token_attrs(token, attrs[i])
        return doc


@Language.factory("bilateral_fast_attributes")
def make_fast_attributes(nlp: Language, name: str) -> Any:
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.component("bilateral_drop_tensor")
def drop_tensor(doc: Doc) -> Doc:
    """Free the token vectors once the parser is done: nothing downstream reads them, and
    parallel parsing then ships far fewer bytes between processes."""
    doc.tensor = _EMPTY
    return doc


_EMPTY = numpy.zeros((0,), dtype="float32")


@Language.factory("bilateral_actors")
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp, name)


@Language.factory("bilateral_events")
def make_event_matcher(nlp: Language, name: str) -> EventMatcher:
    return EventMatcher(nlp, name)


def configure(nlp: Language, dictionaries: Dictionaries) -> None:
    """Give the pipeline's components their dictionaries (actors, agents, user verbs)."""
    ruler = nlp.get_pipe("bilateral_actors")
    assert isinstance(ruler, ActorRuler)
    ruler.configure(dictionaries)
    matcher = nlp.get_pipe("bilateral_events")
    assert isinstance(matcher, EventMatcher)
    matcher.configure(dictionaries)

"""Clause logic: who did what to whom, read from a dependency parse.

For each verb with a pattern in the lexicon:

1. *Mood.* The verb and the chain of clauses above it decide whether the sentence reports the
   act as having happened: negation, hedging modals (might, could, may), conditionals (if),
   forecasts (likely, expected to), analysis ("experts doubt", "analysts say") and nouns or
   background clauses (relative clauses, "accused Y of E", "denied that E") give no event;
   "said that E" reports E; "plans to / agreed to / offered to / will" make a cooperative act
   a stated intent (CAMEO 03) and a hostile one a threat (13).
2. *Source.* The subject, undoing the passive ("was criticised by X"), inherited through
   coordination, control ("agreed to meet") and participles; a pronoun takes the actor of the
   clause above ("Kishida said he ...").
3. *Target.* The pattern's slots in order: the object, a dative, a preposition's object
   ("talks with", "sanctions on"), the subject of a "that" clause ("demanded that Seoul"), ...
   An actor is found in a noun phrase by its head or its modifiers ("Chinese warships",
   "Japan's coast guard", "towns inside Armenia", "the ambassador to Seoul").
4. *Expansion.* Coordinated actors give one event per pair ("condemned by the United States,
   Japan and South Korea"); a joint act of several sources with no target is between them
   ("China and Russia held talks"). Same-country events are domestic and dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..ontology import lookup
from ..types import Actor, Event
from .verbs import VerbLexicon, VerbPattern

# -- vocabulary of the clause logic (grammar words, not event wording) -------------------------
HEDGE_MODALS = frozenset(
    {"might", "may", "could", "can", "should", "must", "ought", "cannot", "would've", "might've"}
)
FUTURE_MODALS = frozenset({"will", "would", "shall", "'ll", "wo", "'d"})
HEDGE_ADVERBS = frozenset(
    {"likely", "probably", "possibly", "perhaps", "maybe", "unlikely", "potentially", "soon"}
)
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
NP_DEPS = ("poss", "compound", "amod", "nmod", "appos", "npadvmod", "nummod", "det")
NP_PREPS = frozenset(
    {
        "of",
        "in",
        "inside",
        "from",
        "to",
        "within",
        "for",
        "aboard",
        "at",
        "with",
        "including",
        "between",
        "into",
        "by",
        "on",
        "against",
    }
)
#: documents whose author or place of issue is their source ("a report released in Kigali")
DOCUMENT_NOUNS = frozenset(
    {
        "report",
        "statement",
        "study",
        "communique",
        "document",
        "declaration",
        "resolution",
        "paper",
        "letter",
        "memo",
        "editorial",
        "commentary",
    }
)
#: attacks that carry their attacker ("killed in a Russian missile strike")
ATTACK_NOUNS = frozenset(
    {
        "attack",
        "strike",
        "airstrike",
        "shelling",
        "bombing",
        "bombardment",
        "raid",
        "assault",
        "offensive",
        "barrage",
        "ambush",
        "incursion",
        "fire",
        "gunfire",
    }
)
#: weapons that make a killing an act of war (19) rather than an assault (18)
WEAPON_NOUNS = ATTACK_NOUNS | frozenset(
    {
        "missile",
        "rocket",
        "drone",
        "shell",
        "artillery",
        "bomb",
        "mortar",
        "airstrike",
        "warplane",
        "jet",
        "tank",
        "gunboat",
        "torpedo",
    }
)
#: fights whose "with" phrase names the other side ("killed in a clash with Chinese troops")
CLASH_NOUNS = frozenset(
    {"clash", "fighting", "battle", "skirmish", "firefight", "confrontation", "gunfight", "brawl"}
)
#: nouns for a person that stand for the state that sends them ("his French counterpart")
COUNTERPART_NOUNS = frozenset({"counterpart", "counterparts", "guest", "guests", "peer", "peers"})
#: heads of noun phrases naming a person, whom "it" and "its" do not stand for
PERSON_NOUNS = frozenset(
    {
        "minister",
        "president",
        "premier",
        "chancellor",
        "leader",
        "official",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "envoy",
        "diplomat",
        "king",
        "queen",
        "secretary",
        "general",
        "commander",
    }
)
#: nouns for a polity that stand for the actor named with them ("a Palestinian state")
POLITY_NOUNS = frozenset(
    {"state", "government", "country", "nation", "republic", "independence", "sovereignty"}
)
#: clauses whose actor provoked the act above ("protested after Japan's minister visited")
TEMPORAL_MARKS = frozenset({"after", "when", "because", "as", "since"})
#: "X said Y should do Z" is an appeal to Y; "X said Y must do Z" a demand
APPEAL_MODALS = frozenset({"should", "ought"})
DEMAND_MODALS = frozenset({"must"})
#: nouns for a relationship: a statement about "relations with Y" is a statement about Y
RELATION_NOUNS = frozenset(
    {"relation", "relations", "tie", "ties", "relationship", "friendship", "partnership"}
)
#: what a missile does that makes the state where it comes down its target
LANDING_VERBS = frozenset({"land", "fall", "splash", "crash", "fly", "pass", "overfly", "hit"})
PRONOUNS = frozenset(
    {"he", "she", "it", "they", "we", "i", "him", "her", "them", "us", "its", "their", "his"}
)
#: pronouns that, as objects, never stand for their own clause's subject
OBJECT_PRONOUNS = frozenset({"it", "them", "him", "her"})
SUBJECT_DEPS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
JOINT_ROOTS = frozenset({"03", "04", "05", "06"})
#: acts of force whose origin ("fired from Gaza") names who did them when no agent does
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
#: the intent (03) code for a cooperative act, the threat (13) code for a hostile one
INTENT_CODE = {
    "03": None,
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "13": None,
    "14": "133",
    "15": "138",
    "16": "131",
    "17": "130",
    "18": "138",
    "19": "138",
    "20": "138",
}
MAX_NP_DEPTH = 3
#: sides in sport: their countries' names do not make their games international relations
SPORT_NOUNS = frozenset(
    {
        "team",
        "squad",
        "side",
        "player",
        "athlete",
        "club",
        "fan",
        "eleven",
        "footballer",
        "cricketer",
    }
)
#: governors whose complement is a stated intent: "plan" (wanted, offered, prepared) and
#: "decision" (agreed, decided: a hostile act agreed on keeps its own code)
PLAN_ROLES = frozenset({"plan", "decision"})
#: plan governors that fix an act in time rather than wish for it ("is scheduled to attend")
SCHEDULE_GOVERNORS = frozenset({"schedule", "prepare", "prepared", "set", "poised"})
#: coding conventions: ``guidelines`` (the default: shared/gold/GUIDELINES.md) or ``petrarch``
#: (as PETRARCH-coded gold codes: see :func:`extract_events`)
CONVENTIONS = ("guidelines", "petrarch")


def check_conventions(value: str) -> str:
    """``value`` if it names conventions the coder knows; ValueError otherwise."""
    if value not in CONVENTIONS:
        raise ValueError(f"conventions must be one of {', '.join(CONVENTIONS)}, not {value!r}")
    return value


#: a stated act of the speaker's own in PETRARCH conventions: a statement (010); another
#: state's violent act the speaker reports: an accusation (112)
STATEMENT_CODE = "010"
ACCUSATION_CODE = "112"
#: agents that make an actor civilian (street protest rather than a diplomatic protest)
CIVILIAN_AGENTS = frozenset({"CVL", "OPP", "LAB", "EDU", "REL", "HRI", "NGO", "AGR", "ENV", "REF"})


@dataclass(slots=True)
class ActorRef:
    """An actor found in the parse, with where it came from."""

    code: str
    agent: str | None
    text: str
    start_char: int
    end_char: int
    civilian: bool
    depth: int  # 0: the phrase's head names it; more: found through modifiers
    head_start: int = -1  # characters of the noun phrase's head word
    head_end: int = -1
    person: bool = False  # a named person (a leader), not a state, force or agency


@dataclass(slots=True)
class Mood:
    ok: bool
    intent: bool = False
    reported: bool = False
    refusal: bool = False  # "said it would not accept": a rejection (12)
    decided: bool = False  # under a plan verb ("agreed to expel"), not only a future tense
    wished: bool = False  # the intent is a wish, plan or offer ("wants to", "offered to"),
    # not a future tense, a schedule or a decision ("will", "is scheduled to", "agreed to")


class ClauseReader:
    """Reads one parsed doc with its actor mentions."""

    def __init__(
        self,
        doc: Doc,
        mentions: Sequence,
        lexicon: VerbLexicon,
        conventions: str = "guidelines",
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.petrarch = conventions == "petrarch"
        self.mention_at: list = [None] * len(doc)
        # places ("Kharkiv", "Shanghai") stand for their state only as targets: kept apart
        # so that no source, subject test or complement scan ever sees them
        self.place_at: list = [None] * len(doc)
        for m in mentions:
            table = self.place_at if m.kind == "place" else self.mention_at
            for i in range(m.start, m.end):
                table[i] = m

    # -- actors in noun phrases ----------------------------------------------------------------
    def _ref(self, m, depth: int, head: Token) -> ActorRef:
        agent = m.agent or self._agent_of(head)
        last = self.doc[m.end - 1]  # "Armenians", "Vietnamese" used as nouns: civilians
        civilian = (agent in CIVILIAN_AGENTS) or (
            m.kind == "adjective" and last.tag_ in {"NNS", "NNPS"} and last.dep_ != "amod"
        )
        return ActorRef(
            m.code,
            agent,
            m.text,
            m.start_char,
            m.end_char,
            civilian,
            depth,
            head.left_edge.idx,
            head.idx + len(head),
            m.kind == "person" and depth == 0,
        )

    def _agent_of(self, token: Token) -> str | None:
        m = self.mention_at[token.i]
        if m is not None and m.code is None:
            return m.agent
        for child in token.children:
            if child.dep_ == "compound":
                cm = self.mention_at[child.i]
                if cm is not None and cm.code is None:
                    return cm.agent
        return None

    def np_actors(
        self,
        token: Token,
        *,
        resolve_pronouns: bool = True,
        exclude: frozenset[str] = frozenset(),
        through_clauses: bool = False,
        places: bool = False,
    ) -> list[ActorRef]:
        """Actors named by the noun phrase headed by ``token`` and its conjuncts; actors with
        a code in ``exclude`` (the source, when looking for a target) are passed over;
        ``through_clauses`` also looks into participle clauses ("a group backed by X"), as
        targets may, sources not ("doses donated by Tokyo landed" is no visit by Tokyo);
        ``places`` lets a region or city stand for its state ("shelled a hospital in
        Mariupol"), as the target of an act may, a source never ("in Shanghai" is where)."""
        if places:  # a place only when the phrase names no actor ("Russia's annexation of
            # Crimea" is Russia's)
            return self.np_actors(
                token,
                resolve_pronouns=resolve_pronouns,
                exclude=exclude,
                through_clauses=through_clauses,
            ) or self._np_actors(token, resolve_pronouns, exclude, through_clauses, True)
        return self._np_actors(token, resolve_pronouns, exclude, through_clauses, False)

    def _np_actors(
        self,
        token: Token,
        resolve_pronouns: bool,
        exclude: frozenset[str],
        through_clauses: bool,
        places: bool,
    ) -> list[ActorRef]:
        found: list[ActorRef] = []
        heads = [token, *token.conjuncts]
        m = self.mention_at[token.i]
        if m is not None:  # "The US, Russia, and Switzerland met"
            for child in token.children:
                if child.dep_ == "appos" and self.mention_at[child.i] is not None:
                    heads += [child, *child.conjuncts]
            # a name the parser split ("Barack" over "Obama", with "and Putin" under "Obama")
            for i in range(m.start, m.end):
                if i != token.i:
                    heads += [c for c in self.doc[i].conjuncts if c not in heads]
        for head in heads:
            found += self._np_actor(head, resolve_pronouns, exclude, through_clauses, places)
        seen: set[str] = set()
        unique = []
        for ref in found:
            if ref.code not in seen:
                seen.add(ref.code)
                unique.append(ref)
        return unique

    def _np_actor(
        self,
        head: Token,
        resolve_pronouns: bool,
        exclude: frozenset[str] = frozenset(),
        through_clauses: bool = False,
        places: bool = False,
    ) -> list[ActorRef]:
        if resolve_pronouns and _is_pronoun(head):
            return self._resolve_pronoun(head, exclude)
        agent = self._agent_of(head)
        queue: list[tuple[Token, int, float]] = [(head, 0, 0.0)]
        seen = {head.i}
        igo: list[ActorRef] = []  # an organisation, kept while a state may be one step on
        while queue:
            # nearest first; "from" phrases count one step further ("attacks on Israeli
            # troops from Jordan" are on Israel)
            nearest = min(range(len(queue)), key=lambda k: queue[k][2])
            node, depth, rank = queue.pop(nearest)
            if depth > 0 and node.tag_ == "PRP$" and resolve_pronouns:
                refs = self._resolve_pronoun(node, exclude)  # "entered its air zone"
                if refs:
                    return refs
                continue
            m = self.mention_at[node.i]
            if m is None and places:
                m = self.place_at[node.i]
            if igo and depth > igo[0].depth + 1:
                break
            if m is not None and m.code is not None and m.code not in exclude:
                if m.kind == "igo" and not igo:  # "Sweden's NATO bid": Sweden, not NATO
                    igo = [self._ref(m, depth, head)]
                    queue.extend(
                        (c, depth + 1, rank + 1)
                        for c in node.children
                        if c.dep_ in ("poss", "compound", "amod") and c.i not in seen
                    )
                    continue
                refs = [self._ref(m, depth, head)]
                extra = [*node.children] if depth > 0 else []
                if depth > 0:
                    extra += node.conjuncts
                for other in extra:  # "Chinese and Russian", "U.S.-South Korean"
                    if other in node.conjuncts or other.dep_ in ("amod", "compound", "npadvmod"):
                        cm = self.mention_at[other.i]
                        if (
                            cm is not None
                            and cm.code is not None
                            and cm is not m
                            and cm.code not in exclude
                        ):
                            refs.append(self._ref(cm, depth, head))
                if agent and depth > 0:
                    for ref in refs:
                        ref.agent = ref.agent or agent
                        ref.civilian = ref.civilian or agent in CIVILIAN_AGENTS
                return refs
            if depth >= MAX_NP_DEPTH:
                continue
            mods: list[Token] = []
            preps: list[Token] = []
            origins: list[Token] = []
            for child in node.children:
                if child.i in seen:
                    continue
                if child.dep_ in NP_DEPS or (child.dep_ == "conj" and depth > 0):
                    mods.append(child)
                elif child.dep_ == "prep" and child.lower_ in NP_PREPS:
                    found = [p for p in child.children if p.dep_ == "pobj"]
                    (origins if child.lower_ == "from" else preps).extend(found)
                elif child.dep_ == "acl" and child.tag_ in ("VBN", "VBG") and through_clauses:
                    # "a group backed by the Chinese military", "a report released in Kigali",
                    # "an attack targeting a mall in Kenya's capital"
                    for grand in child.children:
                        if grand.dep_ == "agent" or (
                            grand.dep_ == "prep" and grand.lower_ in NP_PREPS
                        ):
                            preps.extend(p for p in grand.children if p.dep_ == "pobj")
                        elif grand.dep_ == "dobj" and child.tag_ == "VBG":
                            preps.append(grand)
            for child in (*mods, *preps):
                seen.add(child.i)
                queue.append((child, depth + 1, rank + 1))
            for child in origins:
                seen.add(child.i)
                queue.append((child, depth + 1, rank + 2.5))
        return igo

    def _resolve_pronoun(
        self, pronoun: Token, exclude: frozenset[str] = frozenset()
    ) -> list[ActorRef]:
        """A pronoun takes the actor subject of a clause above it ("Kishida said he was
        ready"; "Taiwan said Chinese aircraft entered its zone"), passing over subjects
        whose actors are excluded. An object pronoun never stands for its own clause's
        subject ("severed ties with Qatar, accusing it of": Qatar, not the accusers): it
        takes the nearest actor named before it that is not that subject."""
        if pronoun.lower_ in OBJECT_PRONOUNS and pronoun.dep_ in ("dobj", "pobj", "dative"):
            verb = pronoun.head if pronoun.dep_ != "pobj" else pronoun.head.head
            subjects = {
                r.code
                for t in self.subject_tokens(verb)[0]
                if not _is_pronoun(t)
                for r in self.np_actors(t, resolve_pronouns=False)
            }
            skip = exclude | subjects
            for i in range(pronoun.i - 1, pronoun.sent.start - 1, -1):
                m = self.mention_at[i]
                if m is None or not m.code or m.code in skip:
                    continue
                refs = [
                    r
                    for r in self.np_actors(self.doc[i], resolve_pronouns=False)
                    if r.code not in skip
                ]
                for ref in refs:
                    ref.depth += 1
                return refs
            return []
        node = pronoun.head
        for _ in range(4):
            if node.head.i == node.i:
                break
            node = node.head
            for child in node.children:
                if child.dep_ in SUBJECT_DEPS and not _is_pronoun(child):
                    if pronoun.lower_ in ("its", "it") and (_plural(child) or self._person(child)):
                        continue  # "its" is not "20 Chinese aircraft" nor "the minister"
                    found = self.np_actors(child, resolve_pronouns=False)
                    refs = [r for r in found if r.code not in exclude]
                    if found and not refs and pronoun.lower_ in ("its", "it"):
                        return []  # "India recalled its envoy": its own, a domestic matter
                    if not refs:
                        continue
                    for ref in refs:
                        ref.depth += 1
                    return refs
        return []

    def _person(self, token: Token) -> bool:
        """A noun phrase naming a person ("the Swedish foreign minister", "Kishida")."""
        m = self.mention_at[token.i]
        return (m is not None and m.kind == "person") or token.lemma_.lower() in PERSON_NOUNS

    # -- verbs and their arguments -----------------------------------------------------------
    @staticmethod
    def is_passive(verb: Token) -> bool:
        return any(c.dep_ in (*PASSIVE_SUBJECT_DEPS, "auxpass") for c in verb.children)

    def _headline_subject(self, verb: Token) -> Token | None:
        """ "Macron hosted Zelenskiy for talks", parsed as a noun phrase "Zelenskiy" with
        "hosted" as its modifier and "Macron" hung on that: the actor before the verb. Also
        "South Korean activists protested outside the embassy." parsed as a noun phrase with
        "protested" as a participle: in a sentence with no finite verb the participle right
        after the head noun is the verb, and the noun its subject."""
        if self._clipped_subject(verb) is not None:
            return verb.head
        if verb.dep_ != "amod" or verb.tag_ not in ("VBD", "VBN") or verb.head.dep_ != "ROOT":
            return None
        if self.mention_at[verb.head.i] is None and verb.tag_ != "VBD":
            return None  # "Trump doubled tariffs": a past-tense verb is no modifier
        for child in verb.children:
            if (
                child.dep_ in ("npadvmod", "nsubj", "compound")
                and child.i < verb.i
                and self.mention_at[child.i] is not None
            ):
                return child
        return None

    def _clipped_subject(self, verb: Token) -> Token | None:
        head = verb.head
        if (
            verb.dep_ != "acl"
            or verb.tag_ not in ("VBD", "VBN")
            or head.dep_ != "ROOT"
            or head.pos_ not in ("NOUN", "PROPN")
            or verb.i != head.i + 1
        ):
            return None
        sentence = verb.sent
        if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.i != verb.i for t in sentence):
            return None
        if not any(self.mention_at[t.i] is not None for t in head.subtree if t.i <= head.i):
            return None
        return head

    def _headline_actor(self, verb: Token) -> bool:
        """ "Modi to visit Washington": a headline whose subject the parser took for the
        main verb, with the infinitive under it."""
        head = verb.head
        return (
            verb.dep_ == "advcl"
            and head.dep_ == "ROOT"
            and head.i < verb.i
            and self.mention_at[head.i] is not None
            and any(c.tag_ == "TO" and c.dep_ == "aux" for c in verb.children)
            and not any(c.dep_ in (*SUBJECT_DEPS, *PASSIVE_SUBJECT_DEPS) for c in head.children)
        )

    def _to_plan(self, verb: Token) -> bool:
        """An infinitive under a plan verb ("offered on Saturday to supply")."""
        return (
            any(c.tag_ == "TO" for c in verb.children)
            and self.lexicon.governors.get(verb.head.lemma_.lower()) in PLAN_ROLES
        )

    def complements(self, verb: Token) -> list[Token]:
        return [
            c
            for c in verb.children
            if c.dep_ == "xcomp" or (c.dep_ == "advcl" and self._to_plan(c))
        ]

    def subject_tokens(self, verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
        """The tokens naming who acts, and whether the subject is inherited."""
        headline = self._headline_subject(verb)
        if headline is not None:
            return [headline], False
        passive = self.is_passive(verb)
        if not passive:
            subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
            if not subjects:  # "Russian shelling hit Kherson", with "shelling" an auxiliary
                subjects = [
                    c
                    for c in verb.children
                    if c.dep_ == "aux" and c.i < verb.i and c.lower_ in ATTACK_NOUNS
                ]
            if subjects:  # headlines: "Japan, South Korea agree", "India, China hold talks"
                first = subjects[0]
                for c in verb.children:
                    if (
                        c.i < first.i
                        and c.dep_ in ("npadvmod", "dep")
                        and c.nbor(1).text == ","
                        and self.mention_at[c.i] is not None
                        and c not in subjects
                    ):
                        subjects.insert(0, c)
                return subjects, False
        for child in verb.children:
            if passive and child.dep_ == "agent":
                return [p for p in child.children if p.dep_ == "pobj"], False
        if passive:
            found = self._deep_agent(verb)  # "blasted with water cannon by Chinese ships"
            if found:
                return found, False
            for sibling in verb.conjuncts:  # "was rammed and sunk by a Chinese vessel"
                for child in sibling.children:
                    if child.dep_ == "agent":
                        return [p for p in child.children if p.dep_ == "pobj"], True
            if verb.dep_ == "conj" and depth < 3:  # "was rammed and sunk by X"
                for child in verb.head.children:
                    if child.dep_ == "agent":
                        return [p for p in child.children if p.dep_ == "pobj"], True
            # "were killed in Israeli tank shelling": whoever carried out the attack, named
            # before the attack noun or in its "by" phrase (not where it happened)
            for c in verb.children:
                if c.dep_ != "prep" or c.lower_ not in ("in", "during"):
                    continue
                for attack in c.children:
                    if attack.dep_ == "pobj" and attack.lemma_.lower() in CLASH_NOUNS:
                        # "were killed in a clash with Chinese troops": the other side
                        foes = [
                            p
                            for w in attack.children
                            if w.dep_ == "prep" and w.lower_ == "with"
                            for p in w.children
                            if p.dep_ == "pobj"
                        ]
                        if foes:
                            return foes, False
                    if attack.dep_ != "pobj" or attack.lemma_.lower() not in ATTACK_NOUNS:
                        continue
                    found = [
                        t
                        for t in self.doc[attack.left_edge.i : attack.i]
                        if (m := self.mention_at[t.i]) is not None and m.code and m.start == t.i
                    ]
                    found += [
                        p
                        for b in attack.children
                        if b.dep_ == "prep" and b.lower_ == "by"
                        for p in b.children
                        if p.dep_ == "pobj"
                    ]
                    if found:
                        return found, False
            return [], False
        if depth >= 4 or verb.head.i == verb.i:
            return [], False
        head = verb.head
        if self._headline_actor(verb):  # "Modi to visit Washington", parsed as a verb "Modi"
            return [head], False
        if verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and self._to_plan(verb)):
            if self.lexicon.governors.get(head.lemma_.lower()) == "cause":
                objs = [c for c in head.children if c.dep_ == "dobj"]
                if objs:
                    return objs, True
            if head.pos_ == "ADJ" and head.dep_ == "acomp":
                head = head.head
            if self.is_passive(head) and not any(c.dep_ == "agent" for c in head.children):
                # "officials are scheduled to meet": the passive subject does the meeting
                subjects = [c for c in head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
                if subjects:
                    return subjects, True
            found, _ = self.subject_tokens(head, depth + 1)
            return found, True
        if verb.dep_ in ("conj", "acomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
            found, _ = self.subject_tokens(head, depth + 1)
            return found, True
        if _by_means(verb):  # "Beijing retaliated by sanctioning ...": the same actor
            found, _ = self.subject_tokens(head.head, depth + 1)
            return found, True
        return [], False

    @staticmethod
    def _deep_agent(verb: Token) -> list[Token]:
        """A passive's "by" phrase the parser hung under an object or a preposition."""
        queue = [(c, 1) for c in verb.children if c.dep_ in ("prep", "oprd", "dobj", "attr")]
        while queue:
            node, depth = queue.pop(0)
            if node.lower_ == "by" and node.dep_ in ("prep", "agent"):
                return [p for p in node.children if p.dep_ == "pobj"]
            if depth < 3:
                queue.extend(
                    (c, depth + 1)
                    for c in node.children
                    if c.dep_ in ("prep", "pobj", "dobj", "oprd", "agent")
                )
        return []

    def object_tokens(self, verb: Token) -> list[Token]:
        """The verb's object(s): direct object, or the passive subject; through a measure
        ("thousands of investigations", "two hours of talks") to the noun measured."""
        deps = PASSIVE_SUBJECT_DEPS if self.is_passive(verb) else ("dobj",)
        found = [c for c in verb.children if c.dep_ in deps]
        if not found and verb.dep_ == "amod" and self._headline_subject(verb) is not None:
            found = [verb.head]  # "Macron hosted Zelenskiy": the misparsed object
        if not found and self.is_passive(verb) and verb.dep_ == "conj":
            found = [c for c in verb.head.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
        if not found:  # "shot down the balloon" parsed with the object under the particle
            found = [
                p for c in verb.children if c.dep_ == "prt" for p in c.children if p.dep_ == "pobj"
            ]
        measured: list[Token] = []
        for token in found:
            if self.mention_at[token.i] is not None:
                continue
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    measured.extend(p for p in prep.children if p.dep_ == "pobj")
        return found + measured

    def object_lemmas(self, verb: Token) -> set[str]:
        words: set[str] = set()
        heads = self.object_tokens(verb)
        for child in [*verb.children, *(g for p in self._particle_words(verb) for g in p.children)]:
            if child.dep_ in ("oprd", "attr", "dobj", "nsubjpass", "ccomp", "xcomp"):
                heads.append(child)
            elif child.dep_ == "prep":
                heads.extend(p for p in child.children if p.dep_ == "pobj")
        for token in heads:
            words.add(token.lemma_.lower())
            words.add(token.lower_)
            for c in token.children:
                if c.dep_ in ("compound", "amod", "dobj", "oprd"):
                    words.add(c.lemma_.lower())
                elif c.dep_ == "prep" and c.lower_ in ("of", "in"):  # "500m euros in aid"
                    words.update(p.lemma_.lower() for p in c.children if p.dep_ == "pobj")
        return words

    def subject_lemmas(self, verb: Token) -> set[str]:
        """Lemmas of the subject's head words, through a measure ("a barrage of rockets")."""
        words: set[str] = set()
        for token in self.subject_tokens(verb)[0]:
            for head in (token, *token.conjuncts):
                words.add(head.lemma_.lower())
                for child in head.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        words.update(p.lemma_.lower() for p in child.children if p.dep_ == "pobj")
                    elif child.dep_ == "acl":  # "a plane carrying relief supplies"
                        words.update(o.lemma_.lower() for o in child.children if o.dep_ == "dobj")
        return words

    @staticmethod
    def predicative(verb: Token) -> bool:
        """The verb has an object complement ("called Putin a war criminal", "branded the
        move illegal")."""
        return any(
            c.dep_ in ("oprd", "acomp", "attr")
            or (c.dep_ in ("xcomp", "ccomp") and c.pos_ not in ("VERB", "AUX"))
            for c in verb.children
        )

    def particles(self, verb: Token) -> set[str]:
        return {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep")}

    @staticmethod
    def _particle_words(verb: Token) -> list[Token]:
        """Adverbial particles whose prepositions belong to the verb ("walked away from")."""
        return [
            c
            for c in verb.children
            if c.dep_ in ("prt", "advmod") and c.pos_ in ("ADV", "ADP", "PART")
        ]

    def prep_objects(
        self, verb: Token, word: str, nouns: frozenset[str] = frozenset()
    ) -> list[Token]:
        """Objects of the preposition ``word`` on the verb, its particles or its objects;
        also on a preposition's object that is one of ``nouns``, the pattern's object words
        ("walked away from talks with Kim")."""
        found: list[Token] = []
        objects = self.object_tokens(verb)
        holders = [verb, *objects, *self._particle_words(verb)]
        for obj in objects:  # "signed accords normalising relations with Israel"
            for part in obj.children:
                if part.dep_ == "acl" and part.tag_ == "VBG":
                    holders.append(part)
                    holders.extend(c for c in part.children if c.dep_ == "dobj")
        if nouns:
            for holder in list(holders):
                for prep in holder.children:
                    if prep.dep_ == "prep":
                        holders.extend(
                            p
                            for p in prep.children
                            if p.dep_ == "pobj" and (p.lemma_.lower() in nouns or p.lower_ in nouns)
                        )
        for holder in holders:
            for child in holder.children:
                if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word:
                    found.extend(p for p in child.children if p.dep_ in ("pobj", "pcomp"))
        return found

    def _target_actors(self, tokens: list[Token], exclude: frozenset[str]) -> list[ActorRef]:
        """The actors of a target slot's noun phrases; a place ("a hospital in Mariupol")
        only when none of them names an actor ("Russia's annexation of Crimea" is Russia's)."""
        refs = [r for t in tokens for r in self.np_actors(t, exclude=exclude, through_clauses=True)]
        if refs:
            return refs
        return [
            r
            for t in tokens
            for r in self.np_actors(t, exclude=exclude, through_clauses=True, places=True)
        ]

    def slot_actors(
        self,
        verb: Token,
        slot: str,
        sources: list[ActorRef],
        nouns: frozenset[str] = frozenset(),
    ) -> list[ActorRef]:
        ex = (
            frozenset(s.code for s in sources)
            if len({s.code for s in sources}) == 1
            else frozenset()
        )
        if slot == "dobj":
            objects = self.object_tokens(verb)
            refs = self._target_actors(objects, ex)
            if not refs and objects and not self.is_passive(verb):
                # "slammed the drills by South Korea": the parser hung the object's "by"
                # phrase on the verb
                refs = [
                    r
                    for c in verb.children
                    if c.dep_ == "prep" and c.lower_ == "by"
                    for t in c.children
                    if t.dep_ == "pobj"
                    for r in self.np_actors(t, exclude=ex)
                ]
            return refs
        if slot == "dative":
            return [
                r
                for c in verb.children
                if c.dep_ == "dative"
                for t in ([c] if c.pos_ != "ADP" else [p for p in c.children if p.dep_ == "pobj"])
                for r in self.np_actors(t)
            ]
        if slot.startswith("prep:"):
            return self._target_actors(self.prep_objects(verb, slot[5:], nouns), ex)
        if slot == "ccomp_subj":
            return [
                r
                for c in verb.children
                if c.dep_ == "ccomp"
                for s in c.children
                if s.dep_ in (*SUBJECT_DEPS, *PASSIVE_SUBJECT_DEPS)
                for r in self.np_actors(s)
            ]
        if slot == "ccomp_any":
            codes = {s.code for s in sources}
            refs = []
            for c in verb.children:
                if c.dep_ in ("ccomp", "xcomp", "pcomp"):  # "denied carrying out the strike"
                    for t in c.subtree:
                        m = self.mention_at[t.i]
                        if m is not None and m.code and m.code not in codes:
                            refs.append(self._ref(m, 2, t))
                            codes.add(m.code)
            return refs
        if slot in ("comp", "purpose"):
            deps = ("xcomp", "ccomp") if slot == "comp" else ("advcl", "xcomp")
            codes = {s.code for s in sources}
            for c in verb.children:
                if c.dep_ not in deps:
                    continue
                if slot == "purpose" and not any(a.tag_ == "TO" for a in c.children):
                    continue
                refs = [r for t in self.object_tokens(c) for r in self.np_actors(t)]
                for word in ("against", "on", "at", "to", "with", "toward", "towards"):
                    refs += [r for t in self.prep_objects(c, word) for r in self.np_actors(t)]
                if slot == "comp":
                    refs += [
                        r for s in c.children if s.dep_ in SUBJECT_DEPS for r in self.np_actors(s)
                    ]
                refs = [r for r in refs if r.code not in codes]
                if not refs:  # "threatened to fire missiles at Guam": the act's place
                    aimed = [t for w in ("against", "on", "at") for t in self.prep_objects(c, w)]
                    refs = [
                        r
                        for t in (*self.object_tokens(c), *aimed)
                        for r in self.np_actors(t, places=True)
                        if r.code not in codes
                    ]
                if refs:
                    return refs
            return []
        if slot in ("should", "must"):  # "said the United States should stop ..."
            # the actor must be the subject or its modifier ("Russian aggression should
            # stop"), not a place in it ("the war in Ukraine must end" asks no one)
            modals = APPEAL_MODALS if slot == "should" else DEMAND_MODALS
            return [
                r
                for c in verb.children
                if c.dep_ == "ccomp"
                and any(a.dep_ == "aux" and a.lower_ in modals for a in c.children)
                for subj in c.children
                if subj.dep_ in SUBJECT_DEPS
                for t in (subj, *subj.conjuncts)
                for m in [t, *(x for x in t.children if x.dep_ in ("amod", "poss", "compound"))]
                if self.mention_at[m.i] is not None
                for r in self.np_actors(m, exclude=ex)
            ]
        if slot == "relations":  # "said relations with Beijing had stabilised"
            return [
                r
                for c in verb.children
                if c.dep_ == "ccomp"
                for subj in c.children
                if subj.dep_ in SUBJECT_DEPS and subj.lemma_.lower() in RELATION_NOUNS
                for r in self.np_actors(subj, exclude=ex)
            ]
        if slot == "landing":  # "fired a missile that landed in Japan's zone"
            found = []
            for obj in self.object_tokens(verb):
                for clause in obj.children:
                    if clause.dep_ in ("relcl", "acl") and clause.lemma_.lower() in LANDING_VERBS:
                        for prep in clause.children:
                            if prep.dep_ == "prep" and prep.lower_ in (
                                "in",
                                "into",
                                "over",
                                "near",
                                "inside",
                                "within",
                                "on",
                            ):
                                found += [
                                    r
                                    for p in prep.children
                                    if p.dep_ == "pobj"
                                    for r in self.np_actors(p, exclude=ex, places=True)
                                ]
            return found
        if slot == "after_subj":  # "protested after Japanese ministers visited the shrine"
            for clause in verb.children:
                if clause.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in TEMPORAL_MARKS for m in clause.children
                ):
                    toks, _ = self.subject_tokens(clause)
                    refs = [r for t in toks for r in self.np_actors(t, exclude=ex)]
                    if refs:
                        return refs
            return []
        if slot == "cause_subj":
            node = verb
            for _ in range(3):
                if (
                    node.dep_ == "xcomp"
                    and self.lexicon.governors.get(node.head.lemma_.lower()) == "cause"
                ):
                    toks, _ = self.subject_tokens(node.head)
                    return [r for t in toks for r in self.np_actors(t)]
                if node.head.i == node.i:
                    break
                node = node.head
            return []
        return []

    # -- mood --------------------------------------------------------------------------------
    def report_verb(self, verb: Token) -> Token | None:
        """The report verb whose complement holds ``verb`` ("told the assembly that the
        United States would destroy", "said it would continue to attack"), if any."""
        node = verb
        while node.dep_ in ("conj", "xcomp") and node.head.i != node.i:
            node = node.head
        head = node.head
        if node.dep_ == "ccomp" and self.lexicon.governors.get(head.lemma_.lower()) == "report":
            return head
        return None

    def speakers(self, verb: Token) -> list[ActorRef]:
        """The actors who state the clause under ``verb`` when a report verb leads it ("The
        US claimed that they had attacked Iraq"); none for a trailing attribution ("...,
        officials said"), which only sources the news."""
        head = self.report_verb(verb)
        if head is None or head.i > verb.i or self._negated(head) or self._hedged(head):
            return []
        subjects, _ = self.subject_tokens(head)
        if not subjects or any(t.i > head.i for t in subjects):
            return []
        return [r for t in subjects for r in self.np_actors(t)]

    def origin_actors(self, verb: Token) -> list[ActorRef]:
        """A passive act's origin when no one is named as its agent: "a mortar bomb was
        fired at it from the Gaza Strip" came from there. States only, never places."""
        if not self.is_passive(verb):
            return []
        return [r for t in self.prep_objects(verb, "from") for r in self.np_actors(t)]

    def _negated(self, token: Token) -> bool:
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ == "never"):
                return True
        return False

    def _modals(self, token: Token) -> set[str]:
        return {c.lower_ for c in token.children if c.dep_ == "aux"}

    def _hedged(self, token: Token) -> bool:
        if self._modals(token) & HEDGE_MODALS:
            return True
        return any(c.dep_ == "advmod" and c.lower_ in HEDGE_ADVERBS for c in token.children)

    def _conditional(self, token: Token) -> bool:
        return any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in token.children)

    def _has_if_clause(self, token: Token) -> bool:
        return any(c.dep_ == "advcl" and self._conditional(c) for c in token.children)

    def mood(self, verb: Token, pattern_root: str, *, own_negation: bool = True) -> Mood:
        """Whether the act under ``verb`` is reported as done, intended, refused, or not at
        all. ``own_negation=False`` sets the verb's own negation aside."""
        if self._hedged(verb) or self._conditional(verb) or _in_question(verb):
            return Mood(False)
        if own_negation and self._negated(verb):
            # "X said it would not / will never accept Y": a stated refusal; other negations
            # report that nothing happened
            if self._modals(verb) & FUTURE_MODALS and int(pattern_root) <= 8:
                mood = self.mood(verb, pattern_root, own_negation=False)
                if mood.ok and mood.reported:
                    mood.refusal = True
                    mood.intent = False
                    return mood
            return Mood(False)  # a bare "Canada will not send troops" reports no act
        for obj in self.object_tokens(verb):
            if any(c.dep_ == "det" and c.lower_ == "no" for c in obj.children):
                return Mood(False)
        modals = self._modals(verb)
        if verb.dep_ == "conj":
            head_modals = self._modals(verb.head)
            if head_modals & HEDGE_MODALS or self._negated(verb.head):
                return Mood(False)
            modals |= head_modals
        future = bool(modals & FUTURE_MODALS)
        if verb.dep_ == "ROOT" and any(c.tag_ == "TO" and c.dep_ == "aux" for c in verb.children):
            future = True  # headline infinitive: "Modi to visit Washington"
        would = bool(modals & {"would", "'d"})
        mood = Mood(True)
        # "Japan would agree if ...": hypothetical; but a hostile act a speaker says would
        # follow a condition is a threat ("would totally destroy North Korea if")
        threat = pattern_root == "13" or (
            pattern_root >= "14" and self.report_verb(verb) is not None
        )
        if future and self._has_if_clause(verb) and would and not threat:
            return Mood(False)
        node = verb
        while node.head.i != node.i:
            dep, head = node.dep_, node.head
            if self._headline_subject(node) is not None:
                break  # the sentence's own verb, misparsed as a modifier
            if dep == "conj":
                node = head
                continue
            if dep in ("ccomp", "xcomp", "parataxis"):
                role = self.lexicon.governors.get(head.lemma_.lower())
                if head.pos_ == "ADJ" and role not in PLAN_ROLES:
                    return Mood(False)
                if self._negated(head) or self._hedged(head) or self._conditional(head):
                    return Mood(False)
                if role == "report" or dep == "parataxis":
                    if self._analysis_subject(head):
                        return Mood(False)
                    mood.reported = True
                elif role in PLAN_ROLES:
                    if any(c.dep_ == "dobj" for c in head.children) or (
                        dep == "ccomp" and any(s.dep_ in SUBJECT_DEPS for s in node.children)
                    ):
                        return Mood(False)  # "wants Putin to attack": only wished for
                    mood.intent = True
                    mood.decided = role == "decision"
                    mood.wished |= self._wishes(head)
                elif role == "aspect":
                    if head.lemma_.lower() == "go" and head.tag_ == "VBG":
                        mood.intent = True  # "is going to"
                elif role == "cause":
                    pass
                else:
                    return Mood(False)
                if self._modals(head) & FUTURE_MODALS and role != "report":
                    mood.intent = True
                node = head
                continue
            if dep == "advcl":
                if self._conditional(node):
                    return Mood(False)
                if self._headline_actor(node):
                    mood.intent = True  # a headline infinitive: "Modi to visit Washington"
                    break
                if any(c.tag_ == "TO" for c in node.children):
                    if self.lexicon.governors.get(head.lemma_.lower()) not in PLAN_ROLES:
                        return Mood(False)  # purpose: "to help Italy fight"
                    mood.intent = True  # "offered on Saturday to supply"
                    mood.wished |= self._wishes(head)
                    if self._negated(head) or self._hedged(head):
                        return Mood(False)
                node = head
                continue
            if _by_means(node):  # "retaliated by sanctioning": how the act above was done
                node = head.head
                continue
            if dep == "acomp":  # "was ready to meet": the copula carries the clause
                if self._negated(head) or self._hedged(head):
                    return Mood(False)
                node = head
                continue
            if dep == "ROOT":
                break
            return Mood(False)  # relative clauses, nouns, "accused Y of E", ...
        if future:
            if would and not mood.reported:
                return Mood(False)  # "Japan would agree": hypothetical
            mood.intent = True
        return mood

    def _wishes(self, governor: Token) -> bool:
        """A plan verb that wishes, plans or offers ("wants to", "offered to"), not one that
        fixes the act in time ("is scheduled to")."""
        lemma = governor.lemma_.lower()
        return self.lexicon.governors.get(lemma) == "plan" and lemma not in SCHEDULE_GOVERNORS

    def _analysis_subject(self, verb: Token) -> bool:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                words = {t.lemma_.lower() for t in child.subtree}
                if words & self.lexicon.analysis_nouns:
                    return True
        return False

    # -- matching ------------------------------------------------------------------------------
    def verb_lemma(self, verb: Token) -> str:
        """The verb's lemma, or a form of it the lexicon knows when the lemmatizer slipped
        ("staged" -> "stag")."""
        lemma = verb.lemma_.lower()
        if lemma in self.lexicon.by_lemma or lemma in self.lexicon.governors:
            return lemma
        word = verb.lower_
        for suffix, repl in (
            ("ed", "e"),
            ("ed", ""),
            ("ing", "e"),
            ("ing", ""),
            ("es", "e"),
            ("s", ""),
        ):
            if word.endswith(suffix):
                guess = word[: -len(suffix)] + repl
                if guess in self.lexicon.by_lemma:
                    return guess
        return lemma

    def object_controlled(self, verb: Token) -> bool:
        """ "wants Putin to attack": the complement's actor is the governor's object, or the
        complement has a subject of its own."""
        if any(c.dep_ == "dobj" for c in verb.children):
            return True
        return any(
            c.dep_ == "ccomp" and any(s.dep_ in SUBJECT_DEPS for s in c.children)
            for c in verb.children
        )

    def candidate_patterns(self, verb: Token) -> Iterable[VerbPattern]:
        lemma = self.verb_lemma(verb)
        found = self.lexicon.by_lemma.get(lemma)
        if not found:
            return ()
        if (
            self.lexicon.governors.get(lemma) in PLAN_ROLES
            and self.complements(verb)
            and not self.object_controlled(verb)
        ):
            return ()  # "agreed to X": the act is X (or a plan, see _plan_fallback)
        objects: set[str] | None = None
        particles: set[str] | None = None
        subjects: set[str] | None = None
        out = []
        for pattern in found:
            if pattern.subjects:
                if subjects is None:
                    subjects = self.subject_lemmas(verb)
                if not pattern.subjects & subjects:
                    continue
            if pattern.transitive and not self.object_tokens(verb):
                continue
            if pattern.predicative is not None and pattern.predicative != self.predicative(verb):
                continue
            if pattern.particle:
                if particles is None:
                    particles = self.particles(verb)
                if not pattern.particle & particles:
                    continue
            if pattern.objects:
                if objects is None:
                    objects = self.object_lemmas(verb)
                if not pattern.objects & objects:
                    continue
            if pattern.actor_object:
                objs = self.object_tokens(verb)
                if not any(
                    self.mention_at[t.i] is not None
                    or t.lemma_.lower() in COUNTERPART_NOUNS
                    or (t.lemma_.lower() in POLITY_NOUNS and self.np_actors(t))
                    for t in objs
                ):
                    continue  # an actor or a person ("the Chinese president"), not a thing
            out.append(pattern)
        if any(p.subjects for p in out):  # the subject chose the verb's sense ("a missile
            out = [p for p in out if p.subjects]  # landed in Japan's zone" is no visit)
        return out


def _by_weapon(verb: Token, subjects: Sequence[Token]) -> bool:
    """The act was done by a weapon or an attack: its subject ("a missile strike killed")
    or, in the passive, the phrase it happened in ("were killed in Israeli tank shelling")."""
    if any(t.lemma_.lower() in WEAPON_NOUNS or t.lower_ in WEAPON_NOUNS for t in subjects):
        return True
    return any(
        p.lemma_.lower() in WEAPON_NOUNS or p.lemma_.lower() in CLASH_NOUNS
        for c in verb.children
        if c.dep_ in ("prep", "agent") and c.lower_ in ("in", "during", "by", "with")
        for p in c.children
        if p.dep_ == "pobj"
    )


def _answers(verb: Token) -> bool:
    """ "fired back", "hit back", "returned fire": an answer to an earlier attack."""
    if any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in verb.children):
        return True
    return verb.lemma_.lower() == "return" and any(
        c.dep_ == "dobj" and c.lower_ == "fire" for c in verb.children
    )


def _reciprocal(verb: Token) -> bool:
    """The act's object or prepositional phrase says "each other" or "one another"."""
    for token in verb.subtree:
        if token.lower_ in ("other", "other's", "another") and token.i > verb.i:
            before = verb.doc[token.i - 1] if token.i else None
            if before is not None and before.lower_ in ("each", "one"):
                return True
    return False


def _in_question(token: Token) -> bool:
    """The token's sentence asks rather than reports ("Did China send weapons?")."""
    sent = token.sent
    last = sent[-1] if sent[-1].text not in {'"', "'", "”", "’"} or len(sent) < 2 else sent[-2]
    return last.text == "?"


#: prepositions whose gerund tells an act of the clause's own subject: how ("responded by
#: expelling") or when ("after meeting Xi, Putin said")
GERUND_PREPS = frozenset({"by", "after", "before", "while", "upon", "on", "since"})


def _by_means(verb: Token) -> bool:
    """A gerund saying how or when the verb above acted: "responded by expelling two
    diplomats", "after meeting Xi, Putin said"."""
    return (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and verb.head.lower_ in GERUND_PREPS
        and verb.head.head.i != verb.head.i
        and _is_verb(verb.head.head)
    )


def _plural(token: Token) -> bool:
    """A plural noun phrase: a plural noun, or a count above one ("20 aircraft")."""
    if token.tag_ in ("NNS", "NNPS"):
        return True
    return any(c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in token.children)


def _is_pronoun(token: Token) -> bool:
    return token.lower_ in PRONOUNS and token.tag_ in ("PRP", "PRP$")


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def extract_events(
    doc: Doc, mentions: Sequence, lexicon: VerbLexicon, conventions: str = "guidelines"
) -> list[Event]:
    """Every event the doc reports between two different actors.

    ``conventions="petrarch"`` codes as PETRARCH-coded gold (the PETR2 GSR set) does where
    shared/gold/GUIDELINES.md decides otherwise: a scheduled, future or agreed act is coded
    as the act, not as an intent (03); a report verb that leads its clause makes the news
    a statement ("the US claimed it had attacked Iraq": 010 to Iraq) or, for another
    state's violent act, an accusation ("Israel said a mortar was fired at it from Gaza":
    112 to Palestine); and an act with no target targets the state where it takes place
    ("will meet in Zurich": Switzerland)."""
    check_conventions(conventions)
    if not any(m.code for m in mentions):
        return []
    reader = ClauseReader(doc, mentions, lexicon, conventions)
    events: list[Event] = []
    by_verb: dict[int, list[Event]] = {}
    seen: set[tuple[str | None, str | None, str]] = set()

    def keep(verb: Token, coded: list[Event]) -> None:
        """Record a verb's events, each (source, target, root) once per sentence."""
        fresh = [e for e in coded if (e.source.code, e.target.code, e.root) not in seen]
        seen.update((e.source.code, e.target.code, e.root) for e in fresh)
        by_verb.setdefault(verb.i, []).extend(fresh)
        events.extend(fresh)

    for verb in doc:
        if not _is_verb(verb):
            continue
        patterns = list(reader.candidate_patterns(verb))
        if not patterns:
            continue
        # GUIDELINES: each pattern's slots, else a joint act among its sources. PETRARCH:
        # every pattern's slots, then the place the act is in, then a joint act
        tries = [(p, False, True) for p in patterns]
        if reader.petrarch:
            tries = [(p, False, False) for p in patterns] + [(p, True, False) for p in patterns]
            tries += [(p, False, True) for p in patterns]
        for pattern, at_place, pair_sources in tries:
            coded = _code_verb(reader, verb, pattern, at_place, events, pair_sources)
            if coded is None:
                continue
            if verb.dep_ == "advcl" and verb.tag_ == "VBG":
                # "boarded the boats, seizing rifles" and "shelled towns, killing soldiers":
                # one material act told twice; "condemned the image, demanding an apology"
                # is two
                done = {
                    (e.source.code, e.target.code, e.root >= "14" or e.root)
                    for e in by_verb.get(verb.head.i, ())
                }
                coded = [
                    e
                    for e in coded
                    if (e.source.code, e.target.code, e.root >= "14" or e.root) not in done
                ]
            keep(verb, coded)
            break
    # an answer told before the attack it answers ("returned fire after Pakistani soldiers
    # shelled"): tried again once every other event is known
    for verb in doc:
        if by_verb.get(verb.i) or not _is_verb(verb) or not _answers(verb):
            continue
        for pattern in reader.candidate_patterns(verb):
            coded = _code_verb(reader, verb, pattern, False, events)
            if coded:
                keep(verb, coded)
                break
    events.extend(_plan_fallback(reader, by_verb, seen))
    return events


def _plan_fallback(reader: ClauseReader, by_verb: dict[int, list[Event]], seen: set) -> list[Event]:
    """ "X and Y agreed to jointly develop a jet": a plan whose complement is no coded act is a
    general intent to cooperate (030) with the complement's actors or between the sources."""
    out: list[Event] = []
    for verb in reader.doc:
        if reader.lexicon.governors.get(verb.lemma_.lower()) not in PLAN_ROLES or not _is_verb(
            verb
        ):
            continue
        comps = reader.complements(verb)
        if not comps or by_verb.get(verb.i) or reader.object_controlled(verb):
            continue
        if any(by_verb.get(t.i) for c in comps for t in c.subtree):
            continue
        if any(t.dep_ == "prep" and t.lower_ == "against" for c in comps for t in c.children):
            continue  # "vowed to retaliate against Beijing" is no cooperation
        pattern = VerbPattern(
            id="03.plan",
            lemmas=(verb.lemma_.lower(),),
            code="030",
            target=("comp", "prep:with", "prep:to"),
            joint=True,
        )
        coded = _code_verb(reader, verb, pattern)
        for event in coded or ():
            key = (event.source.code, event.target.code, event.root)
            if key not in seen:
                seen.add(key)
                out.append(event)
    return out


def _code_verb(
    reader: ClauseReader,
    verb: Token,
    pattern: VerbPattern,
    at_place: bool = False,
    earlier: Sequence[Event] = (),
    pair_sources: bool = True,
) -> list[Event] | None:
    """Events for one verb under one pattern; None when the pattern finds no target.
    ``at_place``: with no target in the pattern's slots, the state where the act takes place
    ("in Zurich") is the target (PETRARCH conventions, tried after every pattern failed).
    ``earlier``: the sentence's events so far, for an answer to one ("fired back").
    ``pair_sources``: with no target, a joint act of several sources pairs them."""
    root = pattern.code[:2]
    subj_tokens, inherited = reader.subject_tokens(verb)
    if any(
        t.lemma_.lower() in SPORT_NOUNS and not any(c.lower_ == "of" for c in t.children)
        for t in subj_tokens
    ):
        return None  # "the Indian team arrived in Australia": sport ("a team of experts" is not)
    sources = [
        r
        for t in subj_tokens
        for r in reader.np_actors(
            t,
            # a thing's actor may be named in a participle: "a report released in Kigali",
            # "doses donated by Tokyo landed in Taipei"
            through_clauses=bool(pattern.subjects) or t.lemma_.lower() in DOCUMENT_NOUNS,
        )
    ]
    if not sources and root in VIOLENT_ROOTS:
        sources = reader.origin_actors(verb)
    if not sources:
        return None
    if pattern.civilian_only and not all(s.civilian for s in sources):
        return None
    if root == "04" and all(s.civilian for s in sources):
        return None  # tourists, students or refugees arriving are no diplomatic visit
    targets: list[ActorRef] = []
    source_codes = {s.code for s in sources}
    slot = ""
    for slot in pattern.target:
        targets = [
            t
            for t in reader.slot_actors(verb, slot, sources, pattern.objects)
            if t.code not in source_codes or len(source_codes) > 1
        ]
        if targets:
            break
    if pattern.joint and len(source_codes) > 1 and {t.code for t in targets} <= source_codes:
        targets = []  # "Russia and Ukraine carried out a prisoner exchange with ... Ukrainian"
    reciprocal = not targets and len(source_codes) > 1 and _reciprocal(verb)
    if not targets and root in VIOLENT_ROOTS:
        # "a Russian missile strike on the railway station in Kramatorsk killed civilians":
        # the attack's own target, a place allowed
        aimed = [
            p
            for t in subj_tokens
            if t.lower_ in ATTACK_NOUNS or t.lemma_.lower() in ATTACK_NOUNS
            for w in t.children
            if w.dep_ == "prep" and w.lower_ in ("on", "against")
            for p in w.children
            if p.dep_ == "pobj"
        ]
        targets = [
            t for t in reader._target_actors(aimed, frozenset()) if t.code not in source_codes
        ]
    if not targets and root in VIOLENT_ROOTS and earlier and _answers(verb):
        # "North Korea fired shells at the island, and South Korean forces fired back": at
        # whoever struck them earlier in the sentence
        targets = [
            ActorRef(
                e.source.code,
                e.source.agent,
                e.source.text,
                e.source.start or 0,
                e.source.end or 0,
                False,
                1,
            )
            for e in earlier
            if e.source.code and e.target.code in source_codes and e.root >= "14"
        ]
    if not targets and at_place:  # PETRARCH: "Obama and Putin will meet in Zurich"
        targets = [
            t
            for t in reader._target_actors(reader.prep_objects(verb, "in"), frozenset())
            if t.code not in source_codes
        ]
    pairs: list[tuple[ActorRef, ActorRef]] = []
    if pattern.reverse:
        pairs = [(t, s) for t in targets for s in sources]
    elif targets:
        pairs = [(s, t) for s in sources for t in targets]
    elif (pattern.joint or reciprocal) and len(sources) > 1 and pair_sources:
        # "imposed tariffs on each other's goods": both ways, as a hostile joint act
        for i, a in enumerate(sources):
            for b in sources[i + 1 :]:
                pairs.append((a, b))
                if root not in JOINT_ROOTS:
                    pairs.append((b, a))
    pairs = [(s, t) for s, t in pairs if s.code != t.code]
    meeting: list[tuple[ActorRef, ActorRef]] = []
    if root == "04" and slot == "prep:between" and pattern.objects and len(targets) > 1:
        # "hosted a summit between the United States and North Korea": they met each other
        # (once it took place: "offered to host talks between" is no meeting of theirs)
        meeting = [(a, b) for i, a in enumerate(targets) for b in targets[i + 1 :]]
        meeting = [(a, b) for a, b in meeting if a.code != b.code]
    mood = None
    override = None
    speakers = reader.speakers(verb) if reader.petrarch else []
    if speakers:  # PETRARCH: the statement is the news
        mood = reader.mood(verb, root)
        if not mood.ok:
            return []
        if {s.code for s in speakers} & source_codes:
            # a cooperative plan stays an intent, a refusal ("would not provide") a refusal
            if not (mood.intent and root <= "08") and not mood.refusal:
                override = STATEMENT_CODE
        elif root >= "14" and not mood.intent:
            override = ACCUSATION_CODE
            pairs = [(sp, s) for sp in speakers for s in sources if sp.code != s.code]
    if not pairs:
        return None
    if mood is None:
        mood = reader.mood(verb, root)
    if not mood.ok:
        return []
    if mood.intent:
        meeting = []
    events = []
    for n, (source, target) in enumerate([*pairs, *meeting]):
        code = pattern.code
        if n >= len(pairs):
            code = "040"
        elif override:
            code = override
        elif mood.refusal:
            code = "120"
        elif pattern.civilian and source.civilian:
            code = pattern.civilian
        elif source.civilian and root in {"17", "18", "19", "20"}:
            code = "145"  # violence by protesters or civilians: a violent protest
        elif root == "18" and _by_weapon(verb, subj_tokens):
            code = "190"  # "a missile strike killed 50 civilians": war, not an assault
        elif pattern.military and target.agent == "MIL":
            code = pattern.military
        elif pattern.person and source.person and not mood.intent:
            # "Trump attacked China": words; "Moon crossed into North Korea": a visit (an
            # attack a leader plans or wants is still an attack)
            code = pattern.person
        # a cooperative act intended is 03; a hostile one announced for the future is a
        # threat (13); a hostile one decided or agreed on ("agreed to expel") is the act.
        # PETRARCH codes a scheduled, future or agreed act as the act unless it is reported.
        as_act = reader.petrarch and not mood.reported and not mood.wished
        hostile_decided = mood.decided and int(code[:2]) >= 14
        if mood.intent and not override and not as_act and not hostile_decided:
            code = INTENT_CODE.get(code[:2]) or code
        entry = lookup(code)
        confidence = 0.95
        confidence -= 0.1 if inherited else 0.0
        confidence -= 0.05 * min(source.depth, 2) + 0.05 * min(target.depth, 2)
        confidence -= 0.05 if mood.reported else 0.0
        confidence -= 0.1 if mood.intent else 0.0
        confidence -= 0.05 if pattern.joint and not targets else 0.0
        start = min(
            source.start_char,
            target.start_char,
            verb.idx,
            *(x for x in (source.head_start, target.head_start) if x >= 0),
        )
        end = max(
            source.end_char,
            target.end_char,
            verb.idx + len(verb.text),
            source.head_end,
            target.head_end,
        )
        particle = [c.text for c in verb.children if c.dep_ == "prt"]
        events.append(
            Event(
                source=Actor(
                    source.code, source.agent, source.text, source.start_char, source.end_char
                ),
                target=Actor(
                    target.code, target.agent, target.text, target.start_char, target.end_char
                ),
                code=entry.code,
                root=entry.root,
                quad=entry.quad_class,
                goldstein=entry.goldstein,
                verb=" ".join([verb.text, *particle]),
                pattern=pattern.id,
                confidence=round(max(confidence, 0.3), 2),
                start=start,
                end=end,
            )
        )
    return events

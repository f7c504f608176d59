"""Scoring the coder against hand-coded sentences, by the rules of the gold guidelines.

Rules (``shared/gold/GUIDELINES.md``):

- only predicted events whose source and target are both states (ISO 3166-1 alpha-3, plus
  XKX) and differ are scored; events with IGOs or unknown actors are neither credited nor
  penalised;
- a prediction matches a gold event when source and target are equal and its root is one of
  the gold event's accepted roots; for joint acts (roots 03-06) the reversed direction also
  matches;
- each gold event matches at most one prediction, and a duplicate prediction of the same
  (source, target, root) in one sentence counts once;
- precision, recall and F1 over all sentences, and the false-positive rate on sentences with
  no gold events (the share of them with at least one scored prediction).

Also reads the PETRARCH validation files: ``PETR2_GSR_validation.xml`` (78 real sentences,
not well-formed XML, so read line by line; gold actors such as ``USAGOV`` are cut to their
state code, and gold events that are not between two different states are left out of the
score, as are predictions that match them) and ``PETR.UnitTest.records.xml``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CodingError
from ..types import Event

if TYPE_CHECKING:
    from .coder import Coder

JOINT_ROOTS = frozenset({"03", "04", "05", "06"})


@cache
def is_state(code: str | None) -> bool:
    """True for an ISO 3166-1 alpha-3 country code (or XKX Kosovo)."""
    if not code or len(code) != 3 or not code.isalpha() or not code.isupper():
        return False
    if code == "XKX":
        return True
    import pycountry

    return pycountry.countries.get(alpha_3=code) is not None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str
    target: str
    roots: tuple[str, ...]
    scored: bool = True  # False: not between two different states (ignored)


@dataclass(slots=True)
class GoldSentence:
    id: str
    text: str
    date: str | None
    events: list[GoldEvent]


@dataclass(slots=True)
class Prediction:
    source: str
    target: str
    root: str
    code: str
    pattern: str
    verb: str

    def __str__(self) -> str:
        return f"{self.source}->{self.target} {self.code} ({self.pattern}: {self.verb})"


@dataclass(slots=True)
class SentenceResult:
    sentence: GoldSentence
    predicted: list[Prediction]
    matched: int = 0
    false_positives: list[Prediction] = field(default_factory=list)
    missed: list[GoldEvent] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return len(self.false_positives) + len(self.missed)


@dataclass
class Score:
    """Precision, recall, F1, the no-event false-positive rate and a confusion table."""

    name: str
    conventions: str = "guidelines"  # the coder's conventions in this run
    tp: int = 0
    fp: int = 0
    fn: int = 0
    sentences: int = 0
    no_event_sentences: int = 0
    no_event_with_prediction: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    results: list[SentenceResult] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def fp_rate(self) -> float:
        """Share of no-event sentences with at least one scored prediction."""
        if not self.no_event_sentences:
            return 0.0
        return self.no_event_with_prediction / self.no_event_sentences

    def worst(self, n: int = 10) -> list[SentenceResult]:
        ranked = [r for r in self.results if r.errors]
        ranked.sort(key=lambda r: -r.errors)
        return ranked[:n]

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "conventions": self.conventions,
            "sentences": self.sentences,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "no_event_sentences": self.no_event_sentences,
            "no_event_fp_rate": round(self.fp_rate, 4),
        }


def _matches(pred: Prediction, gold: GoldEvent) -> bool:
    if pred.root not in gold.roots:
        return False
    if (pred.source, pred.target) == (gold.source, gold.target):
        return True
    return pred.root in JOINT_ROOTS and (pred.target, pred.source) == (gold.source, gold.target)


def is_actor_code(code: str | None) -> bool:
    """Any three-letter actor code (the PETRARCH unit tests use invented states)."""
    return bool(code) and len(code or "") == 3 and (code or "").isalpha()


def predictions_of(
    events: Iterable[Event], scored: Callable[[str | None], bool] = is_state
) -> list[Prediction]:
    """The scored predictions among coded events: state to a different state, duplicates of
    (source, target, root) removed."""
    out: list[Prediction] = []
    seen: set[tuple[str, str, str]] = set()
    for e in events:
        s, t = e.source.code, e.target.code
        if not (scored(s) and scored(t)) or s == t:
            continue
        assert s is not None and t is not None
        key = (s, t, e.root)
        if key in seen:
            continue
        seen.add(key)
        out.append(Prediction(s, t, e.root, e.code, e.pattern, e.verb))
    return out


def score_sentence(sentence: GoldSentence, predicted: list[Prediction], score: Score) -> None:
    """Match one sentence's predictions against its gold events and add to ``score``."""
    result = SentenceResult(sentence, predicted)
    scored = [g for g in sentence.events if g.scored]
    ignored = [g for g in sentence.events if not g.scored]
    used: set[int] = set()
    for pred in predicted:
        hit = next((i for i, g in enumerate(scored) if i not in used and _matches(pred, g)), None)
        if hit is not None:
            used.add(hit)
            result.matched += 1
            score.confusion[(pred.root, pred.root)] += 1
            continue
        if any({pred.source, pred.target} == {g.source, g.target} for g in ignored):
            continue  # an event the gold has with agents or groups we do not score
        result.false_positives.append(pred)
    result.missed = [g for i, g in enumerate(scored) if i not in used]
    # confusion: pair a wrong root with a missed gold event of the same dyad
    missed_left = list(result.missed)
    for pred in result.false_positives:
        partner = next(
            (g for g in missed_left if {g.source, g.target} == {pred.source, pred.target}), None
        )
        if partner is not None:
            missed_left.remove(partner)
            score.confusion[(partner.roots[0], pred.root)] += 1
        else:
            score.confusion[("none", pred.root)] += 1
    for g in missed_left:
        score.confusion[(g.roots[0], "none")] += 1
    score.tp += result.matched
    score.fp += len(result.false_positives)
    score.fn += len(result.missed)
    score.sentences += 1
    if not scored:
        score.no_event_sentences += 1
        if result.false_positives:
            score.no_event_with_prediction += 1
    score.results.append(result)


def score_events(
    name: str,
    sentences: Sequence[GoldSentence],
    coded: Iterable[Iterable[Event]],
    scored: Callable[[str | None], bool] = is_state,
) -> Score:
    """Score coded events (one iterable per sentence, in order) against gold sentences.
    ``scored`` says which actor codes count (states, by the guidelines)."""
    score = Score(name)
    for sentence, events in zip(sentences, coded, strict=True):
        score_sentence(sentence, predictions_of(events, scored), score)
    return score


# -- reading gold files ----------------------------------------------------------------------
def _gold_event(obj: Any, where: str, line: int) -> GoldEvent:
    try:
        source, target = obj["source"], obj["target"]
        roots = tuple(str(r).zfill(2) for r in obj["roots"])
    except (KeyError, TypeError):
        raise CodingError(
            "a gold event needs source, target and roots", path=where, line=line
        ) from None
    scored = is_state(source) and is_state(target) and source != target
    return GoldEvent(source, target, roots, scored)


def read_gold(path: str | Path) -> list[GoldSentence]:
    """Gold sentences from a JSON Lines file in the format of ``shared/gold``."""
    where = str(path)
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise CodingError(f"cannot read the gold file: {exc.strerror}", path=where) from None
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CodingError(f"not JSON: {exc.msg}", path=where, line=number) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise CodingError("a gold line needs a text", path=where, line=number)
        events = [_gold_event(e, where, number) for e in obj.get("events", [])]
        out.append(GoldSentence(str(obj.get("id", number)), obj["text"], obj.get("date"), events))
    return out


_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')


def _petrarch_date(value: str | None) -> str | None:
    """PETRARCH's YYYYMMDD, or TABARI's older YYMMDD (years 50-99 are 19xx), as ISO."""
    if value and re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    if value and re.fullmatch(r"\d{6}", value):
        century = "19" if value[:2] >= "50" else "20"
        return f"{century}{value[:2]}-{value[2:4]}-{value[4:]}"
    return value


def read_petrarch_records(
    path: str | Path, scored: Callable[[str | None], bool] = is_state
) -> list[GoldSentence]:
    """Sentences with expected codings from a PETRARCH validation file, read line by line
    (``<Sentence ...>``, ``<EventCoding ...>``, ``<Text> ... </Text>``): works on the GSR
    file, which is not well-formed XML, and on the unit-test records. Gold actor codes are
    cut to their first three letters (``USAGOV`` -> ``USA``); a joint act (roots 03-06)
    listed in both directions is one gold event, as in GUIDELINES.md."""
    where = str(path)
    try:
        lines = Path(path).read_text("utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise CodingError(f"cannot read: {exc.strerror}", path=where) from None
    out: list[GoldSentence] = []
    current: dict[str, Any] | None = None
    in_text = False
    in_comment = False
    for line in lines:
        stripped = line.strip()
        if in_comment:
            in_comment = "-->" not in stripped
            continue
        if stripped.startswith("<!--") and "-->" not in stripped:
            in_comment = True
            continue
        if stripped.startswith("<Sentence "):
            attrs = dict(_ATTR_RE.findall(stripped))
            current = {
                "id": attrs.get("id", str(len(out) + 1)),
                "date": _petrarch_date(attrs.get("date")),
                "events": [],
                "text": [],
            }
            continue
        if current is None:
            continue
        if stripped.startswith("<EventCoding"):
            attrs = dict(_ATTR_RE.findall(stripped))
            if "eventcode" in attrs:
                src = attrs.get("sourcecode", "")[:3]
                tgt = attrs.get("targetcode", "")[:3]
                counts = scored(src) and scored(tgt) and src != tgt
                root = attrs["eventcode"][:2]
                if root in JOINT_ROOTS and any(
                    (g.source, g.target, g.roots) == (tgt, src, (root,)) for g in current["events"]
                ):
                    continue  # a joint act listed both ways is one event (GUIDELINES.md)
                current["events"].append(GoldEvent(src, tgt, (root,), counts))
            continue
        if stripped.startswith("<Text>"):
            in_text = True
            stripped = stripped[len("<Text>") :]
        if in_text:
            if "</Text>" in stripped:
                current["text"].append(stripped.split("</Text>")[0])
                in_text = False
                text = " ".join(t for t in current["text"] if t).strip()
                if text:
                    out.append(
                        GoldSentence(current["id"], text, current["date"], current["events"])
                    )
                    current = None
                else:  # an empty <Text>: the words are in the CoNLL-U parse that follows
                    current["words"] = []
            elif stripped:
                current["text"].append(stripped)
            continue
        if "words" in current:
            if stripped.startswith("</Parse>"):
                text = _detokenize(current["words"])
                out.append(GoldSentence(current["id"], text, current["date"], current["events"]))
                current = None
            elif re.match(r"^\d+\t", line):
                current["words"].append(line.split("\t")[1])
    return out


def _detokenize(words: list[str]) -> str:
    text = " ".join(words)
    return re.sub(r" ([.,;:!?%)'])|([($]) ", lambda m: m.group(1) or m.group(2), text)


# -- running ---------------------------------------------------------------------------------
def evaluate(
    coder: Coder,
    sentences: Sequence[GoldSentence],
    name: str,
    scored: Callable[[str | None], bool] = is_state,
) -> Score:
    """Code the gold sentences with ``coder`` and score them."""
    dates: list[str | dt.date | None] = []
    for s in sentences:
        try:
            from .coder import parse_date

            dates.append(parse_date(s.date))
        except ValueError:
            dates.append(None)
    coded = coder.code_texts([s.text for s in sentences], dates)
    score = score_events(name, sentences, coded, scored)
    score.conventions = coder.conventions
    return score


def evaluate_gold(coder: Coder, path: str | Path) -> Score:
    return evaluate(coder, read_gold(path), Path(path).name)


def evaluate_petrarch(coder: Coder, path: str | Path, *, conventions: str | None = None) -> Score:
    """Score PETRARCH-coded gold (PETR2_GSR_validation.xml). ``conventions`` codes it, for
    this run only, under ``"petrarch"`` or ``"guidelines"`` conventions (default: the
    coder's own); the score's name says which."""
    sentences = read_petrarch_records(path)
    saved = coder.conventions
    coder.conventions = conventions or saved
    try:
        return evaluate(coder, sentences, Path(path).name)
    finally:
        coder.conventions = saved


def evaluate_petrarch_unit(
    path: str | Path,
    *,
    model: str | None = None,
    dictionaries: Sequence[str | Path] = (),
    with_verbs: bool = False,
    conventions: str = "guidelines",
) -> Score:
    """Run PETRARCH's unit-test records: their actor and agent dictionaries (named in the
    file's ``<Environment>``, next to it) go through the PETRARCH importer into a temporary
    user dictionary over ours; verbs are our own unless ``with_verbs``, which imports the
    named verb file too (its CAMEO-coded patterns). Any three-letter actor code is scored
    (the records use invented states such as ``ARN`` Arnor); roots are compared."""
    import tempfile

    from .coder import Coder
    from .dictionaries import import_petrarch, write_dictionary

    folder = Path(path).parent
    text = Path(path).read_text("utf-8", errors="replace")
    kinds = "Actorfile|Agentfile|Verbfile" if with_verbs else "Actorfile|Agentfile"
    named = re.findall(rf"<({kinds})>([^<]+)</", text)
    files = [folder / name.strip() for _, value in named for name in value.split(",")]
    files = [f for f in files if f.exists()]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "petrarch.jsonl"
        results = import_petrarch(files)
        write_dictionary((e for r in results for e in r.entries), out)
        coder = Coder(model, [*dictionaries, out], conventions=conventions)
        sentences = read_petrarch_records(path, is_actor_code)
        return evaluate(coder, sentences, Path(path).name, is_actor_code)


def unit_test_pass_rate(score: Score, *, dyads_only: bool = False) -> tuple[int, int]:
    """(records passed, records) for the PETRARCH unit tests: a record passes when every
    scored gold event is found and nothing else is predicted. ``dyads_only`` compares only
    who acts on whom (the records' event codes come from PETRARCH's own test verb
    dictionary, partly in WEIS numbering, so roots test the dictionary more than the
    clause logic)."""
    if not dyads_only:
        passed = sum(1 for r in score.results if not r.errors)
        return passed, len(score.results)
    passed = 0
    for r in score.results:
        gold = {frozenset((g.source, g.target)) for g in r.sentence.events if g.scored}
        ignored = {frozenset((g.source, g.target)) for g in r.sentence.events if not g.scored}
        predicted = {frozenset((p.source, p.target)) for p in r.predicted} - ignored
        passed += predicted == gold
    return passed, len(score.results)


def confusion_rows(score: Score) -> list[tuple[str, dict[str, int]]]:
    """The confusion table by root: gold root (or ``none``) -> predicted root -> count."""
    rows: dict[str, dict[str, int]] = {}
    for (gold, pred), n in score.confusion.items():
        rows.setdefault(gold, {})[pred] = rows.get(gold, {}).get(pred, 0) + n
    return sorted(rows.items(), key=lambda kv: (kv[0] == "none", kv[0]))

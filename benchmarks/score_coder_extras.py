"""Accuracy figures for docs/coder.md that `bilateral evaluate` does not print.

    python benchmarks/score_coder_extras.py probes [ROUND ...] [--cases FILE]
    python benchmarks/score_coder_extras.py cameo-examples
    python benchmarks/score_coder_extras.py petrarch-unit --conventions petrarch

``probes``: precision, recall and F1 of each held-out probe round of
``tests/test_coder_probe.py`` (a round is the id's letters: ``h``, ``j``, ``k``, ``l``, ``m``,
``n``; ``p`` is the gap-finding set), scored by the rules of shared/gold/GUIDELINES.md as the
test scores them. ``--cases`` reads the cases from another copy of that file, so a round's
first score can be reproduced on the code as it was before the round led to changes:

    git worktree add /tmp/before <commit before the round's fixes>
    git show <commit that added the round>:tests/test_coder_probe.py > /tmp/cases.py
    PYTHONPATH=/tmp/before/src \
        python benchmarks/score_coder_extras.py probes l --cases /tmp/cases.py

``cameo-examples``: the ICEWS CAMEO table's example sentences
(``../shared/data/cameo-goldstein/icews-cameo-codes.csv``) coded with a 2005 date: how many
give an event between two different states, and how many of those have the example's root;
then the same counting international organisations too.

``petrarch-unit``: the PETRARCH unit-test records as `bilateral evaluate --petrarch-unit`
runs them, under the conventions given (`evaluate` uses the default, ``guidelines``).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _load_cases(path: Path):
    import sys

    sys.path.insert(0, str(REPO / "tests"))  # the probe file imports conftest
    spec = importlib.util.spec_from_file_location("probe_cases", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES, module._expected


def probes(rounds: list[str], cases_file: Path) -> None:
    from bilateral.coding.coder import Coder
    from bilateral.coding.evaluate import GoldSentence, Score, predictions_of, score_sentence

    cases, expected = _load_cases(cases_file)
    coder = Coder()
    rounds = rounds or sorted({re.match(r"[a-z]+", c[0]).group() for c in cases})
    print("| round | sentences | right | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in rounds:
        score = Score(name)
        chosen = [c for c in cases if re.match(r"[a-z]+", c[0]).group() == name]
        for sid, date, text, spec in chosen:
            sentence = GoldSentence(sid, text, date, expected(spec))
            score_sentence(sentence, predictions_of(coder.code(text, date)), score)
        right = sum(1 for r in score.results if not r.errors)
        print(
            f"| {name} | {len(chosen)} | {right} | {score.precision:.3f} | "
            f"{score.recall:.3f} | {score.f1:.3f} |"
        )


def cameo_examples() -> None:
    from bilateral.coding.coder import Coder
    from bilateral.coding.evaluate import is_actor_code, is_state

    path = SHARED / "data" / "cameo-goldstein" / "icews-cameo-codes.csv"
    rows = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            example = (row.get("example") or "").strip()
            if example and example != "NA":
                rows.append((example, row["root_code"]))
    coded = list(Coder().code_texts([r[0] for r in rows], ["2005-06-01"] * len(rows)))
    for label, scored in (("states", is_state), ("states and IGOs", is_actor_code)):
        with_event = with_root = 0
        for (_, root), events in zip(rows, coded, strict=True):
            events = [
                e
                for e in events
                if scored(e.source.code)
                and scored(e.target.code)
                and e.source.code != e.target.code
            ]
            if events:
                with_event += 1
                with_root += any(e.root == root for e in events)
        print(f"{label}: {len(rows)} examples, {with_event} with an event, {with_root} its root")


def petrarch_unit(conventions: str) -> None:
    from bilateral.coding.evaluate import evaluate_petrarch_unit, unit_test_pass_rate

    path = SHARED / "data" / "petrarch2-validation" / "PETR.UnitTest.records.xml"
    score = evaluate_petrarch_unit(path, with_verbs=True, conventions=conventions)
    passed, records = unit_test_pass_rate(score)
    actors, _ = unit_test_pass_rate(score, dyads_only=True)
    print(f"{conventions}: {passed} of {records} records pass, {actors} with the right actors")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("probes")
    p.add_argument("rounds", nargs="*")
    p.add_argument("--cases", type=Path, default=REPO / "tests" / "test_coder_probe.py")
    sub.add_parser("cameo-examples")
    u = sub.add_parser("petrarch-unit")
    u.add_argument("--conventions", default="guidelines", choices=("guidelines", "petrarch"))
    args = parser.parse_args()
    if args.what == "probes":
        probes(args.rounds, args.cases)
    elif args.what == "petrarch-unit":
        petrarch_unit(args.conventions)
    else:
        cameo_examples()


if __name__ == "__main__":
    main()

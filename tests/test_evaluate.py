"""Scoring rules of GUIDELINES.md on hand-made events (no model), and the readers of the
gold JSONL and the PETRARCH validation files."""

from __future__ import annotations

import json

import pytest

from bilateral.coding.evaluate import (
    GoldEvent,
    GoldSentence,
    confusion_rows,
    is_state,
    read_gold,
    read_petrarch_records,
    score_events,
    unit_test_pass_rate,
)
from bilateral.errors import CodingError
from bilateral.ontology import lookup
from bilateral.types import Actor, Event
from conftest import SHARED


def ev(source, target, code):
    entry = lookup(code)
    return Event(
        Actor(source), Actor(target), entry.code, entry.root, entry.quad_class, entry.goldstein
    )


def sentence(events, sid="s"):
    return GoldSentence(
        sid,
        "text",
        "2020-01-01",
        [GoldEvent(s, t, tuple(r), is_state(s) and is_state(t) and s != t) for s, t, r in events],
    )


def test_match_needs_dyad_and_an_accepted_root():
    gold = [sentence([("CHN", "JPN", ["11", "12"])])]
    assert score_events("x", gold, [[ev("CHN", "JPN", "120")]]).tp == 1
    wrong_root = score_events("x", gold, [[ev("CHN", "JPN", "130")]])
    assert (wrong_root.tp, wrong_root.fp, wrong_root.fn) == (0, 1, 1)
    reversed_conflict = score_events("x", gold, [[ev("JPN", "CHN", "111")]])
    assert (reversed_conflict.tp, reversed_conflict.fp) == (0, 1)


@pytest.mark.parametrize("code", ["036", "040", "057", "062"])
def test_joint_roots_match_in_either_direction(code):
    gold = [sentence([("CHN", "JPN", [code[:2]])])]
    score = score_events("x", gold, [[ev("JPN", "CHN", code)]])
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


def test_each_gold_event_matches_once_and_duplicates_count_once():
    gold = [sentence([("USA", "PRK", ["11"])])]
    dup = score_events("x", gold, [[ev("USA", "PRK", "111"), ev("USA", "PRK", "112")]])
    assert (dup.tp, dup.fp) == (1, 0)
    joint = [sentence([("CHN", "RUS", ["04"])])]
    both = score_events("x", joint, [[ev("CHN", "RUS", "040"), ev("RUS", "CHN", "040")]])
    assert (both.tp, both.fp) == (1, 1)


def test_igos_unknown_and_domestic_predictions_are_not_scored():
    gold = [sentence([])]
    score = score_events(
        "x", gold, [[ev("UNO", "PRK", "111"), ev(None, "PRK", "111"), ev("JPN", "JPN", "173")]]
    )
    assert (score.tp, score.fp, score.fn) == (0, 0, 0)
    assert score.no_event_sentences == 1 and score.fp_rate == 0.0


def test_precision_recall_f1_and_fp_rate():
    gold = [
        sentence([("CHN", "JPN", ["04"])], "a"),
        sentence([("KOR", "PRK", ["19"])], "b"),
        sentence([], "c"),
        sentence([], "d"),
    ]
    coded = [[ev("CHN", "JPN", "042")], [], [ev("USA", "IRN", "190")], []]
    score = score_events("x", gold, coded)
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
    assert score.precision == 0.5 and score.recall == 0.5 and score.f1 == 0.5
    assert score.fp_rate == 0.5
    assert [r.sentence.id for r in score.worst(5)] == ["b", "c"]
    rows = dict(confusion_rows(score))
    assert rows["04"] == {"04": 1} and rows["19"] == {"none": 1} and rows["none"] == {"19": 1}


def test_wrong_root_on_the_right_dyad_is_a_confusion():
    gold = [sentence([("RUS", "UKR", ["19"])])]
    score = score_events("x", gold, [[ev("RUS", "UKR", "111")]])
    assert dict(confusion_rows(score)) == {"19": {"11": 1}}


def test_read_gold_names_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    good = {
        "id": "g1",
        "date": "2020-01-01",
        "text": "x",
        "events": [{"source": "CHN", "target": "UNO", "roots": ["04"]}],
    }
    path.write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(CodingError) as info:
        read_gold(path)
    assert f"{path}:2" in str(info.value)
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    [only] = read_gold(path)
    assert only.events[0].scored is False  # an IGO target is not scored


def test_petrarch_records_are_read_line_by_line(tmp_path):
    path = tmp_path / "records.xml"
    path.write_text(
        '<Sentences>\n<!-- a comment\n<Sentence id="fake" date="20010101">\n-->\n'
        '<Sentence category="T" date="20080804" id="A1" evaluate="true"/>\n'
        '<EventCoding eventcode="042" sourcecode="USAGOV" targetcode="CHN" />\n'
        '<EventCoding eventcode="190" sourcecode="---REB" targetcode="SYR" />\n'
        "<Text>\nThe US leader went to\nBeijing.\n</Text>\n<Parse>junk & < ></Parse>\n"
        '<Sentence date="080805" id="A2">\n<EventCoding noevents="True" />\n'
        "<Text>Nothing happened.</Text>\n",
        encoding="utf-8",
    )
    first, second = read_petrarch_records(path)
    assert first.id == "A1" and first.date == "2008-08-04"
    assert first.text == "The US leader went to Beijing."
    assert first.events[0] == GoldEvent("USA", "CHN", ("04",), True)
    assert first.events[1].scored is False
    assert second.events == [] and second.text == "Nothing happened."
    assert second.date == "2008-08-05"  # TABARI's YYMMDD
    score = score_events(
        "u", [first, second], [[ev("USA", "CHN", "042"), ev("SYR", "SYR", "190")], []]
    )
    assert unit_test_pass_rate(score) == (2, 2)


def test_the_shared_petrarch_files_parse(shared_data):
    gsr = read_petrarch_records(
        shared_data / "universalpetrarch-validation" / "PETR2_GSR_validation.xml"
    )
    assert len(gsr) == 78 and all(s.text for s in gsr)
    unit = read_petrarch_records(shared_data / "petrarch2-validation" / "PETR.UnitTest.records.xml")
    assert len(unit) >= 250 and all(s.text for s in unit)


def test_is_state():
    assert is_state("JPN") and is_state("TWN") and is_state("XKX")
    assert not is_state("UNO") and not is_state("EUR") and not is_state(None)
    assert not is_state("jpn") and not is_state("JPNGOV")


def test_shared_constant_points_at_the_shared_folder():
    assert SHARED.name == "shared"

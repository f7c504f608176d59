"""Gold-driven tests with the real English pipeline: every dev sentence is coded without a
false positive (each scored prediction matches a gold event), and the dev set's F1 and
no-event false-positive rate stay above the bars; the PETRARCH GSR set is scored too.

Parametrized from ``../shared/gold/dev.jsonl``; skipped only when that folder is absent."""

from __future__ import annotations

import pytest

from bilateral.coding.evaluate import (
    GoldSentence,
    Score,
    evaluate,
    predictions_of,
    read_gold,
    read_petrarch_records,
    score_sentence,
)
from conftest import SHARED, need_system

pytestmark = pytest.mark.model

DEV = SHARED / "gold" / "dev.jsonl"
GSR = SHARED / "data" / "universalpetrarch-validation" / "PETR2_GSR_validation.xml"
DEV_SENTENCES = read_gold(DEV) if DEV.exists() else []

# Sentences where the coder's reading differs from the gold coder's on purpose or by a known
# limit; each must keep failing (xfail is strict), so a fix shows up here.
KNOWN_FALSE_POSITIVES = {
    "d176": "'told reporters of Putin' is read as a statement to Russia (01), gold 11",
}

F1_BAR = 0.85
FP_RATE_BAR = 0.10


@pytest.fixture(scope="module")
def coder():
    from bilateral.coding.pipeline import installed_models

    if not installed_models():
        need_system("an English spaCy pipeline", "pip install 'bilateral[model]'")
    from bilateral.coding.coder import Coder

    return Coder()


@pytest.fixture(scope="module")
def dev_score(coder) -> Score:
    if not DEV_SENTENCES:
        pytest.skip(f"gold file {DEV} is absent")
    return evaluate(coder, DEV_SENTENCES, "dev")


def _cases():
    for s in DEV_SENTENCES:
        marks = []
        if s.id in KNOWN_FALSE_POSITIVES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FALSE_POSITIVES[s.id], strict=True))
        yield pytest.param(s, id=s.id, marks=marks)


@pytest.mark.parametrize("sentence", list(_cases()))
def test_dev_sentence_has_no_false_positive(coder, sentence: GoldSentence):
    score = Score("one")
    date = sentence.date
    events = coder.code(sentence.text, date)
    score_sentence(sentence, predictions_of(events), score)
    result = score.results[0]
    assert result.false_positives == [], (
        f"{sentence.text}\n  predicted {[str(p) for p in result.predicted]}\n"
        f"  gold {sentence.events}"
    )


def test_dev_f1_and_false_positive_rate_meet_the_bars(dev_score):
    assert dev_score.f1 >= F1_BAR, dev_score.summary()
    assert dev_score.fp_rate <= FP_RATE_BAR, dev_score.summary()
    assert dev_score.sentences == len(DEV_SENTENCES)


def test_petrarch_gsr_set_is_read_and_scored(coder):
    if not GSR.exists():
        pytest.skip(f"{GSR} is absent")
    sentences = read_petrarch_records(GSR)
    assert len(sentences) == 78
    score = evaluate(coder, sentences, "gsr")
    # Coded under GUIDELINES.md, whose conventions the PETRARCH-coded gold does not follow
    # (future acts coded as done, locations as targets): a guard against regressions only.
    assert score.conventions == "guidelines"
    assert score.precision >= 0.66, score.summary()
    assert score.f1 >= 0.62, score.summary()


GSR_F1_BAR = 0.80


def test_petrarch_gsr_meets_the_bar_under_the_conventions_it_was_coded_with(coder):
    if not GSR.exists():
        pytest.skip(f"{GSR} is absent")
    from bilateral.coding.evaluate import evaluate_petrarch

    score = evaluate_petrarch(coder, GSR, conventions="petrarch")
    assert score.conventions == "petrarch"
    assert score.f1 >= GSR_F1_BAR, score.summary()
    # the coder itself is left as it was
    assert coder.conventions == "guidelines"

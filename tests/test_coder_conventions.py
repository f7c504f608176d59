"""The coder's two conventions on the cases careful coders split on: ``guidelines`` (the
default, shared/gold/GUIDELINES.md) and ``petrarch`` (as PETRARCH-coded gold codes them).
The sentences are written for this test, with the real English pipeline."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bilateral.cli import app
from bilateral.coding.coder import Coder
from conftest import need_system

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def coder():
    from bilateral.coding.pipeline import installed_models

    if not installed_models():
        need_system("an English spaCy pipeline", "pip install 'bilateral[model]'")
    return Coder()


def coded(coder, text, conventions, date="2019-05-01"):
    coder.conventions = conventions
    try:
        return {(e.source.code, e.target.code, e.code) for e in coder.code(text, date)}
    finally:
        coder.conventions = "guidelines"


@pytest.mark.parametrize(
    ("text", "guidelines", "petrarch"),
    [
        # a future, scheduled or agreed act: an intent (03) against the act itself
        (
            "Germany will deliver tanks to Poland next month.",
            {("DEU", "POL", "033")},
            {("DEU", "POL", "072")},
        ),
        (
            "Kenya's president is scheduled to visit Ethiopia on Friday.",
            {("KEN", "ETH", "036")},
            {("KEN", "ETH", "042")},
        ),
        (
            "Argentina has agreed to ease its import curbs on Brazil.",
            {("ARG", "BRA", "035")},
            {("ARG", "BRA", "085")},
        ),
        # a wish stays an intent, or a threat, in both
        ("India wants to help Nepal rebuild.", {("IND", "NPL", "033")}, {("IND", "NPL", "033")}),
        ("Pakistan wants to attack India.", {("PAK", "IND", "138")}, {("PAK", "IND", "138")}),
        # a leading report verb: the reported act, against the statement or the accusation
        (
            "Egypt said it had bombed targets in Libya.",
            {("EGY", "LBY", "195")},
            {("EGY", "LBY", "010")},
        ),
        (
            "Kenya said shells were fired at it from Somalia.",
            {("SOM", "KEN", "190")},
            {("KEN", "SOM", "112")},
        ),
        # a speaker's own plan and refusal read the same in both
        (
            "Seoul said it would send food aid to Pyongyang.",
            {("KOR", "PRK", "033")},
            {("KOR", "PRK", "033")},
        ),
        (
            "Japan said it would not accept China's demands.",
            {("JPN", "CHN", "120")},
            {("JPN", "CHN", "120")},
        ),
        # a trailing attribution only sources the news: the act in both
        (
            "Iran launched drones at Israel, the Israeli army said.",
            {("IRN", "ISR", "190")},
            {("IRN", "ISR", "190")},
        ),
        # a meeting's place: no target in GUIDELINES, the host state in PETRARCH's, where
        # it also comes before pairing the sources of a joint act
        (
            "Brazil and Chile will meet in Geneva.",
            {("BRA", "CHL", "036")},
            {("BRA", "CHE", "040"), ("CHL", "CHE", "040")},
        ),
        ("The Chilean foreign minister will meet in Geneva.", set(), {("CHL", "CHE", "040")}),
        # named places never replace a named counterpart
        ("Abe met Xi in Beijing.", {("JPN", "CHN", "040")}, {("JPN", "CHN", "040")}),
    ],
)
def test_conventions_differ_only_where_they_should(coder, text, guidelines, petrarch):
    assert coded(coder, text, "guidelines") == guidelines
    assert coded(coder, text, "petrarch") == petrarch


def test_unknown_conventions_are_refused(coder):
    with pytest.raises(ValueError, match="guidelines, petrarch"):
        coder.conventions = "tabari"
    assert coder.conventions == "guidelines"


def test_the_cli_offers_exactly_the_coders_conventions():
    from bilateral.cli import Conventions
    from bilateral.coding.clauses import CONVENTIONS

    assert tuple(c.value for c in Conventions) == CONVENTIONS


def test_cli_code_takes_conventions(coder, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Germany will deliver tanks to Poland next month.\n", "utf-8")
    runner = CliRunner()
    codes = {}
    for conventions in ("guidelines", "petrarch"):
        out = tmp_path / f"{conventions}.jsonl"
        result = runner.invoke(
            app, ["code", str(source), "-o", str(out), "--conventions", conventions]
        )
        assert result.exit_code == 0, result.output
        codes[conventions] = out.read_text("utf-8")
    assert '"code": "033"' in codes["guidelines"]
    assert '"code": "072"' in codes["petrarch"]
    bad = runner.invoke(app, ["code", str(source), "--conventions", "tabari"])
    assert bad.exit_code == 2
    assert "tabari" in bad.output

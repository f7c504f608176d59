"""The PETRARCH/TABARI dictionary importer, on PETRARCH's own files and on small made-up ones."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilateral.cli import app
from bilateral.coding.dictionaries import (
    PetrarchImport,
    import_petrarch,
    import_petrarch_dictionaries,
    load_dictionaries,
    petrarch_file_kind,
    read_user_file,
    split_cameo_actor,
)
from bilateral.errors import DictionaryError


def _by_phrase(result: PetrarchImport, phrase: str) -> list[dict]:
    return [e for e in result.entries if e["phrase"] == phrase]


@pytest.fixture(scope="module")
def validate_actors(shared_data: Path) -> PetrarchImport:
    (result,) = import_petrarch([shared_data / "petrarch2-validation/PETR.Validate.actors.txt"])
    return result


@pytest.fixture(scope="module")
def validate_agents(shared_data: Path) -> PetrarchImport:
    (result,) = import_petrarch([shared_data / "petrarch2-validation/PETR.Validate.agents.txt"])
    return result


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("JPNGOV", ("JPN", "GOV")),
        ("USAMIL", ("USA", "MIL")),
        ("usa", ("USA", None)),
        ("ROMMIL", ("ROU", "MIL")),  # CAMEO's Romania is ROM
        ("KSVGOV", ("XKX", "GOV")),
        ("PSEREBHMS", ("PSE", "REB")),
        ("IGOUNO", ("UNO", None)),
        ("IGOUNOIAE", ("IAE", None)),
        ("IGOSEAASN", ("ASN", None)),
        ("IGOWSTNAT", ("NAT", None)),
        ("IGOEUREEC", ("EUR", None)),
        ("IGOUNOHLHWHO", ("WHO", "HLH")),
        ("HOB", ("HOB", None)),  # a fictional code stays as it is
    ],
)
def test_cameo_codes_split_into_country_and_agent(raw: str, expected: tuple) -> None:
    assert split_cameo_actor(raw) == expected


@pytest.mark.parametrize("raw", ["---", "G77", "ITHTV", ""])
def test_codes_that_are_not_cameo_are_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        split_cameo_actor(raw)


def test_validation_actor_file(validate_actors: PetrarchImport) -> None:
    result = validate_actors
    assert result.kind == "actors"
    assert len(result.entries) == 129
    assert len(result.skipped) == 10
    reasons = dict(result.skipped)
    assert "null code for 'boromir'" in reasons[50]
    assert "G77" in reasons[101]
    (hamas,) = _by_phrase(result, "hamas")
    assert (hamas["code"], hamas["agent"], hamas["cameo"]) == ("PSE", "REB", "PSEREBHMS")
    (troops,) = _by_phrase(result, "israeli troops")
    assert (troops["code"], troops["agent"]) == ("ISR", "MIL")
    (australia,) = _by_phrase(result, "australia")
    assert australia["code"] == "AUS"
    assert australia["aliases"] == ["australian"]
    (palestinian,) = _by_phrase(result, "palestinian")
    assert palestinian["code"] == "PSE"  # "[pse]" in lower case


def test_term_brackets(validate_actors: PetrarchImport) -> None:
    sam = {
        (e["code"], e.get("agent"), e.get("start"), e.get("end"))
        for e in _by_phrase(validate_actors, "sam gamgee")
    }
    assert sam == {
        ("HOB", None, None, None),
        ("HOB", None, None, "2008-01-20"),
        ("ORC", None, "2010-01-09", "2010-01-12"),
        ("HOB", "MIL", "2008-01-20", "2012-11-09"),
        ("HOB", "GOV", "2012-11-09", "2013-01-19"),
        ("HOB", "ELI", "2013-01-19", None),
    }
    zimbabwe = {(e["code"], e.get("end")) for e in _by_phrase(validate_actors, "zimbabwe")}
    assert zimbabwe == {("RHO", "1979-06-06"), ("ZBW", None)}


def test_imported_terms_resolve_by_date(validate_actors: PetrarchImport, tmp_path: Path) -> None:
    out = tmp_path / "validate.jsonl"
    import_petrarch_dictionaries([validate_actors.path], out)
    d = load_dictionaries([out])
    assert [(e.code, e.agent) for e in d.resolve("Sam Gamgee", date(2009, 5, 1))] == [
        ("HOB", "MIL")
    ]
    # dated codes hide the undated default while they hold
    assert [(e.code, e.agent) for e in d.resolve("Sam Gamgee", date(2014, 1, 1))] == [
        ("HOB", "ELI")
    ]
    assert [e.code for e in d.resolve("Hamas")] == ["PSE"]
    # a user file overrides the packaged entry with the same phrase
    assert [e.code for e in d.resolve("Australia")] == ["AUS"]
    assert {e.origin for e in d.resolve("Australia")} == {str(out)}


def test_validation_agent_file(validate_agents: PetrarchImport) -> None:
    result = validate_agents
    assert result.kind == "agents"
    assert len(result.entries) == 95
    assert result.skipped == []
    agents = {e["phrase"]: e for e in result.entries}
    assert agents["foreign minister"]["agent"] == "GOV"
    assert agents["ambassador"]["forms"] == ["ambassadors"]  # regular plural added
    assert "forms" not in agents["official media"]  # {} = no plural
    assert agents["attorney general"]["forms"] == ["attorneys general"]
    assert agents["human rights body"]["agent"] == "NGO"  # [NGO~]
    # substitution sets expand
    assert agents["congressman"]["agent"] == "LEG"
    assert "congresswomen" in agents
    assert "ministries of silly walks" in agents


def test_phoenix_files(shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "phoenix-dictionaries"
    countries, agents = import_petrarch(
        [folder / "Phoenix.Countries.actors.txt", folder / "Phoenix.agents.txt"]
    )
    assert countries.kind == "actors" and agents.kind == "agents"
    assert len(countries.entries) > 25_000
    assert len(countries.skipped) < 20  # a few malformed dates and null codes, each reported
    assert len(agents.entries) > 3_000
    abe = {
        (e["code"], e.get("agent"), e.get("start"), e.get("end"))
        for e in _by_phrase(countries, "shinzo abe")
    }
    assert ("JPN", "GOV", "2006-09-26", "2007-09-26") in abe
    # phrase lines without a code share the code that follows them
    (josipovic, *_) = _by_phrase(countries, "ivo josipovic")
    assert josipovic["code"] == "HRV"
    assert "josipovic" in josipovic["aliases"]
    police = next(e for e in agents.entries if e["phrase"] == "police")
    assert police["agent"] == "COP"


def test_import_then_read_back_validates(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "petr.jsonl"
    results = import_petrarch_dictionaries(
        [
            shared_data / "petrarch2-validation/PETR.Validate.actors.txt",
            shared_data / "petrarch2-validation/PETR.Validate.agents.txt",
        ],
        out,
    )
    written = out.read_text(encoding="utf-8").splitlines()
    assert len(written) == sum(len(r.entries) for r in results) == 224
    actors, agents, discards, verbs = read_user_file(out)
    assert len(actors) > 129 and len(agents) > 95 and not discards and not verbs
    assert all(json.loads(line)["kind"] in {"actor", "agent"} for line in written)


SMALL = """\
<!-- a comment
   over two lines [XXX] -->
# another comment
FOOLAND_  [FOO]   # trailing comment
+FOOLANDER
+FL
BAR_REPUBLIC
+BARISH
\t[BAR <991231]
\t[BARGOV >000101]
QUUX_ARMY [FOOMIL 300101-310101]
BAD_DATE [FOO >991332]
ODD_DATE [FOO 991231]
"""


def test_small_actor_file(tmp_path: Path) -> None:
    path = tmp_path / "small.actors.txt"
    path.write_text(SMALL, encoding="utf-8")
    (result,) = import_petrarch([path])
    entries = {(e["phrase"], e.get("start"), e.get("end")): e for e in result.entries}
    foo = entries[("fooland", None, None)]
    assert foo["aliases"] == ["foolander", "FL"]
    assert foo["case_sensitive_aliases"] == ["FL"]
    assert entries[("bar republic", None, "1999-12-31")]["code"] == "BAR"
    assert entries[("bar republic", "2000-01-01", None)]["agent"] == "GOV"
    # YY 00-30 are 20YY, as in KEDS/TABARI/PETRARCH; 31-99 are 19YY
    assert ("quux army", "2030-01-01", "1931-01-01") not in entries
    assert result.skipped[0][0] == 11  # the army's term ends before it starts
    assert result.skipped[1] == (12, "impossible PETRARCH date '991332'")
    assert result.skipped[2] == (13, "unreadable date '991231'")
    # every phrase but FOOLAND_ lacks the trailing _ that makes PETRARCH match whole words
    assert result.stems == 7


def test_kind_is_detected_from_content(tmp_path: Path) -> None:
    agents = "!P! = MAN, MEN\nSALES!P! [~BUS]\n"
    verbs = "--- MEET  [040] ---\nMEET\n- * WITH [043]\n"
    assert petrarch_file_kind(agents, "plain.txt") == "agents"
    assert petrarch_file_kind(verbs, "plain.txt") == "verbs"
    assert petrarch_file_kind(SMALL, "plain.txt") == "actors"
    assert petrarch_file_kind("", "x.verbs.txt") == "verbs"


def test_verb_dictionaries_import_as_verb_patterns(shared_data: Path) -> None:
    (result,) = import_petrarch([shared_data / "petrarch2-validation/PETR.Validate.verbs.txt"])
    assert result.kind == "verbs"
    assert len(result.entries) > 100
    assert all(entry["kind"] == "verb" for entry in result.entries)
    codes = {entry["code"] for entry in result.entries}
    assert all(len(code) >= 2 and code.isdigit() for code in codes)
    lemmas = {lemma for entry in result.entries for lemma in entry.get("lemmas", [])}
    assert "acknowledge" in lemmas


def test_strict_import_stops_at_the_first_bad_line_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "small.actors.txt"
    path.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with pytest.raises(DictionaryError) as caught:
        import_petrarch_dictionaries([path], out, strict=True)
    assert (caught.value.path, caught.value.line) == (str(path), 11)
    assert not out.exists()


def test_cli_import_and_check(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "petr.jsonl"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "dictionaries",
            "import-petrarch",
            str(shared_data / "petrarch2-validation/PETR.Validate.actors.txt"),
            str(shared_data / "petrarch2-validation/PETR.Validate.agents.txt"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wrote 224 entries" in result.output
    checked = runner.invoke(app, ["dictionaries", "check", str(out)])
    assert checked.exit_code == 0, checked.output
    assert "ok" in checked.output
    entries = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    phrases = sum(1 + len(e.get("aliases", [])) for e in entries if e["kind"] == "actor")
    forms = sum(1 + len(e.get("forms", [])) for e in entries if e["kind"] == "agent")
    assert f"actor phrases: {phrases} actor;" in checked.output
    assert f"{forms} agent phrases" in checked.output


def test_cli_check_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"kind": "agent", "phrase": "frogmen", "agent": "MIL"}\n'
        '{"kind": "verb", "id": "x.1", "lemmas": ["rebuke"], "code": "999"}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["dictionaries", "check", str(bad)])
    assert result.exit_code != 0
    error = result.exception
    assert isinstance(error, DictionaryError)
    assert (error.path, error.line) == (str(bad), 2)
    assert "999" in error.message

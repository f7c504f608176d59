"""The coder without the statistical model: pipeline lookup, actor ruler, verb lexicon
validation, JSONL I/O and bad input. Runs on ``spacy.blank("en")`` plus our dictionaries."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from bilateral.coding.coder import MAX_TEXT_CHARS, Coder, check_text, parse_date
from bilateral.coding.dictionaries import load_dictionaries
from bilateral.coding.pipeline import build_pipeline, find_model
from bilateral.coding.verbs import build_lexicon, load_verbs
from bilateral.errors import DictionaryError, ModelNotFound
from bilateral.ontology import ROOT_NAMES


@pytest.fixture(scope="module")
def dictionaries():
    return load_dictionaries()


@pytest.fixture(scope="module")
def blank_nlp(dictionaries):
    return build_pipeline(dictionaries=dictionaries, blank=True)


@pytest.fixture(scope="module")
def blank_coder(blank_nlp):
    return Coder(nlp=blank_nlp)


def mentions(nlp, text, date=None):
    doc = nlp.make_doc(text)
    doc._.bilateral_date = date
    doc = nlp(doc)
    return [(m.text, m.code, m.agent) for m in doc._.bilateral_actors]


# -- pipeline ----------------------------------------------------------------------------------
def test_unknown_model_is_a_clear_e201():
    with pytest.raises(ModelNotFound) as info:
        find_model("en_core_web_nonexistent_xx")
    assert info.value.code == "E201"
    assert "pip install 'bilateral[model]'" in info.value.render()


def test_blank_pipeline_has_our_components_and_codes_nothing(blank_nlp):
    assert blank_nlp.pipe_names == ["bilateral_actors", "bilateral_events"]
    doc = blank_nlp("China and Japan held talks in Beijing.")
    assert doc._.bilateral_events == []  # no parser, no events
    assert [m.code for m in doc._.bilateral_actors] == ["CHN", "JPN", "CHN"]


# -- actor ruler -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. troops left.", [("U.S.", "USA", None), ("troops", None, "MIL")]),
        ("the US said", [("US", "USA", None)]),
        ("let us go", []),  # "us" is no actor: "US" is case-sensitive
        ("Tokyo protested", [("Tokyo", "JPN", "GOV")]),
        (
            "Japanese coast guard ships",
            [("Japanese", "JPN", None), ("coast guard ships", None, "COP")],
        ),
        ("Saudi-led coalition", [("Saudi-led", "SAU", None)]),
        ("a U.S.-drafted resolution", [("U.S.-drafted", "USA", None)]),
        ("the South China Sea", []),  # a discard, not China
    ],
)
def test_actor_ruler_finds_dictionary_phrases(blank_nlp, text, expected):
    found = mentions(blank_nlp, text)
    for item in expected:
        assert item in found, (item, found)
    if not expected:
        assert [m for m in found if m[1]] == []


def test_leaders_resolve_by_the_sentence_date(blank_nlp):
    in_office = mentions(blank_nlp, "Shinzo Abe spoke.", dt.date(2015, 5, 1))
    assert ("Shinzo Abe", "JPN", "GOV") in in_office
    out_of_office = mentions(blank_nlp, "Shinzo Abe spoke.", dt.date(2009, 5, 1))
    assert [m for m in out_of_office if m[1]] == []


# -- verb lexicon ------------------------------------------------------------------------------
def test_packaged_verbs_cover_every_cameo_root_with_unique_ids():
    lexicon = load_verbs()
    roots = {p.code[:2] for p in lexicon.patterns}
    assert roots == set(ROOT_NAMES)
    ids = [p.id for p in lexicon.patterns]
    assert len(ids) == len(set(ids))
    assert lexicon.governors["say"] == "report"
    assert lexicon.governors["agree"] == "decision"
    assert lexicon.governors["offer"] == "plan"
    assert "analyst" in lexicon.analysis_nouns


def test_subject_conditions_make_a_pattern_more_specific():
    plain = {"id": "a", "lemmas": ["land"], "code": "042"}
    weapon = {"id": "b", "lemmas": ["land"], "code": "150", "subjects": ["missile"]}
    lexicon = build_lexicon([("mine.jsonl", 1, plain), ("mine.jsonl", 2, weapon)])
    assert [p.id for p in lexicon.by_lemma["land"]] == ["b", "a"]
    assert lexicon.by_lemma["land"][0].subjects == frozenset({"missile"})


@pytest.mark.parametrize(
    ("obj", "problem"),
    [
        ({"id": "x", "lemmas": ["meet"], "code": "999"}, "not a CAMEO event code"),
        ({"id": "x", "lemmas": [], "code": "040"}, "lemmas"),
        ({"lemmas": ["meet"], "code": "040"}, "needs an 'id'"),
        (
            {"id": "x", "lemmas": ["meet"], "code": "040", "target": ["nowhere"]},
            "unknown target slot",
        ),
        ({"id": "x", "lemmas": ["meet"], "code": "040", "colour": "red"}, "unknown field"),
        ({"id": "x", "lemmas": ["meet"], "code": "040", "joint": "yes"}, "true or false"),
        ({"id": "x", "lemmas": ["call"], "code": "041", "predicative": 0}, "true or false"),
        ({"id": "x", "lemmas": ["land"], "code": "150", "subjects": 5}, "subjects"),
        ({"id": "g", "kind": "governor", "role": "guess", "lemmas": ["say"]}, "role"),
    ],
)
def test_bad_verb_patterns_fail_with_file_and_line(obj, problem):
    with pytest.raises(DictionaryError) as info:
        build_lexicon([("mine.jsonl", 7, obj)])
    assert problem in str(info.value)
    assert "mine.jsonl:7" in str(info.value)
    assert info.value.code == "E210"


def test_user_verbs_layer_over_packaged_ones(tmp_path):
    path = tmp_path / "verbs.jsonl"
    path.write_text(
        json.dumps({"kind": "verb", "id": "04.meet", "lemmas": ["meet"], "code": "043"})
        + "\n"
        + json.dumps({"kind": "verb", "id": "my.snub", "lemmas": ["snub"], "code": "125"})
        + "\n",
        encoding="utf-8",
    )
    lexicon = load_verbs(load_dictionaries([path]).verbs)
    assert [p.code for p in lexicon.by_lemma["meet"] if p.id == "04.meet"] == ["043"]
    assert lexicon.by_lemma["snub"][0].code == "125"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n"
        + json.dumps({"kind": "verb", "id": "b", "lemmas": ["x"], "code": "04"}).replace(
            '"04"', '"4"'
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DictionaryError) as info:
        load_verbs(load_dictionaries([bad]).verbs)
    assert f"{bad}:2" in str(info.value)


# -- input checks ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "missing"),
        ("Russia condemned\x07 Ukraine.", "control characters"),
        ("Россия осудила Украину за нападение.", "not English"),
        ("x" * (MAX_TEXT_CHARS + 1), "too long"),
        (
            "Le ministre japonais des Affaires étrangères a rencontré mardi son homologue "
            "chinois à Pékin pour discuter de la sécurité régionale.",
            "not English",
        ),
        (
            "El presidente de México visitó La Habana el martes para reunirse con su "
            "homólogo cubano y firmar varios acuerdos.",
            "not English",
        ),
    ],
)
def test_check_text_names_what_is_wrong(text, reason):
    assert reason in check_text(text)


def test_check_text_accepts_english_with_accents_and_headlines():
    assert check_text("Macron met Zelenskiy at the Élysée Palace.") is None
    assert check_text("Japan thrash South Korea 3-0 in Yokohama friendly") is None


@pytest.mark.parametrize("bad", ["2019-13-01", "2019-02-30", "yesterday", "20191340"])
def test_impossible_dates_are_refused(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


def test_dates_in_several_spellings():
    assert parse_date("20181026") == dt.date(2018, 10, 26)
    assert parse_date("2018-10-26T08:00:00Z") == dt.date(2018, 10, 26)
    assert parse_date(None) is None


# -- JSONL in, JSONL out -----------------------------------------------------------------------
BAD_LINES = [
    json.dumps(
        {
            "id": "a",
            "text": "China and Japan held talks.",
            "date": "2019-01-01",
            "url": "https://example.org/a",
        }
    ),
    "",
    "{not json",
    json.dumps({"id": "c", "date": "2019-01-01"}),
    json.dumps({"id": "d", "text": "Japan met China.", "date": "2019-02-30"}),
    json.dumps({"id": "e", "text": "Japan \x00 met China."}),
    json.dumps({"id": "f", "text": "日本と中国が会談した。"}),
    json.dumps({"id": "g", "text": "x" * 1_000_000}),
    json.dumps(["a", "list"]),
    json.dumps({"id": "h", "text": "Seoul protested to Tokyo."}),
]


def test_every_input_line_gets_one_output_line_in_order(blank_coder):
    out = io.StringIO()
    summary = blank_coder.code_file(io.StringIO("\n".join(BAD_LINES) + "\n"), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == len(BAD_LINES) == summary.lines
    assert all(row["events"] == [] for row in rows)  # blank pipeline: no parse
    assert rows[0]["id"] == "a" and rows[0]["url"] == "https://example.org/a"
    assert "error" not in rows[0] and "error" not in rows[-1]
    errors = [row.get("error", "") for row in rows]
    assert "empty line" in errors[1]
    assert "not JSON" in errors[2]
    assert "missing text" in errors[3]
    assert "impossible date" in errors[4]
    assert "control characters" in errors[5]
    assert "not English" in errors[6]
    assert "too long" in errors[7]
    assert "not a JSON object" in errors[8]
    assert rows[7]["text"] is None  # the 1 MB line is not echoed back
    assert summary.errors == 8 and summary.coded == 2


def test_plain_text_input_numbers_lines(blank_coder):
    out = io.StringIO()
    blank_coder.code_file(io.StringIO("China met Japan.\n\nJapan met China.\n"), out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("id") for r in rows] == ["1", None, "3"]
    assert rows[1]["error"] == "empty line"


def test_huge_line_is_read_in_bounded_chunks(blank_coder, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Japan met China.\n")
        fh.write("word " * 2_000_000 + "\n")  # 10 MB, one line
        fh.write("China met Japan.\n")
    out = io.StringIO()
    summary = blank_coder.code_file(path, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert summary.lines == 3
    assert "too long" in rows[1]["error"]
    assert len(out.getvalue()) < 10_000


PETRARCH_VERBS = """<!-- a test verb dictionary -->
&TALKSYN
+TALKS
+NEGOTIATIONS

--- MEET  [040] ---
MEET  # comment
- * WITH + [041]
- * &TALKSYN [046]
- SAID * TO [040]
- * RELATIONS [903]

--- ACCORD  [---] ---
ACCORD
"""


def test_petrarch_verbs_import_as_patterns():
    from bilateral.coding.dictionaries import import_petrarch_verbs

    result = import_petrarch_verbs(PETRARCH_VERBS, "verbs.txt")
    by_code = {e["code"]: e for e in result.entries}
    assert by_code["040"]["lemmas"] == ["meet"]
    assert by_code["041"]["target"] == ["prep:with"]
    assert by_code["046"]["objects"] == ["negotiations", "talks"]
    reasons = dict(result.skipped)
    assert "words before the verb" in reasons[10]
    assert "not a CAMEO event code" in reasons[11]
    assert "not a CAMEO event code" in reasons[13]
    lexicon = load_verbs([{**e, "_origin": "verbs.jsonl", "_line": 1} for e in result.entries])
    assert {p.code for p in lexicon.by_lemma["meet"] if p.id.startswith("petrarch.")} == {
        "040",
        "041",
        "046",
    }

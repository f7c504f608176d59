"""The clause logic with the real English pipeline: voice, coordination, reported speech,
accusations and denials, negation and modality, plans, prepositional targets, domestic acts,
provenance; ``bilateral code`` end to end, with ``--db``. Sentences written for these tests
(the gold sets are scored in test_coder_gold.py)."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from bilateral import code
from bilateral.cli import app
from bilateral.coding.coder import Coder
from bilateral.store import Store
from conftest import need_system

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def coder():
    from bilateral.coding.pipeline import installed_models

    if not installed_models():
        need_system("an English spaCy pipeline", "pip install 'bilateral[model]'")
    return Coder()


def triples(coder, text, date="2019-05-01"):
    return {(e.source.code, e.target.code, e.root) for e in coder.code(text, date)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # voice
        ("France criticised Germany on Monday.", {("FRA", "DEU", "11")}),
        ("Germany was criticised by France on Monday.", {("FRA", "DEU", "11")}),
        # coordination
        ("Brazil and Argentina condemned Chile.", {("BRA", "CHL", "11"), ("ARG", "CHL", "11")}),
        ("Peru condemned Bolivia and Ecuador.", {("PER", "BOL", "11"), ("PER", "ECU", "11")}),
        ("Egypt and Jordan held talks in Cairo.", {("EGY", "JOR", "04")}),
        # reported speech codes the reported act, not the statement
        ("Reuters said Indian and Japanese warships held joint exercises.", {("IND", "JPN", "06")}),
        ("Germany said it would send tanks to Ukraine.", {("DEU", "UKR", "03")}),
        # accusations and denials code only the accusation or the denial
        ("Turkey accused Greece of violating its airspace.", {("TUR", "GRC", "11")}),
        ("Poland denied that its troops had entered Belarus.", {("POL", "BLR", "01")}),
        # prepositional targets
        ("Sweden protested to Russia over the airspace violation.", {("SWE", "RUS", "11")}),
        ("Ghana imposed sanctions against Togo.", {("GHA", "TGO", "16")}),
        (
            "The Chinese foreign minister held talks with his Indian counterpart.",
            {("CHN", "IND", "04")},
        ),
        # a place as target: the capital stands for the state
        ("The Mexican president visited Havana.", {("MEX", "CUB", "04")}),
        # a region or city stands for its state as a target, after any actor in the phrase
        ("Russian forces shelled a hospital in Kharkiv.", {("RUS", "UKR", "19")}),
        ("The Brazilian president visited Shanghai.", {("BRA", "CHN", "04")}),
        ("Peru condemned Russia's annexation of Crimea.", {("PER", "RUS", "11")}),
        # plans and offers are 03
        ("Norway plans to send aid to Yemen.", {("NOR", "YEM", "03")}),
        ("Vietnam pledged to buy more American aircraft.", {("VNM", "USA", "03")}),
        # street protests are 14, summoning an envoy 11
        ("Thousands of Armenians protested outside the Turkish embassy.", {("ARM", "TUR", "14")}),
        ("Iran summoned the British ambassador.", {("IRN", "GBR", "11")}),
        # a refusal stated for the future is a rejection
        ("Israel said it would not accept the Egyptian proposal.", {("ISR", "EGY", "12")}),
        # two events in one sentence
        (
            "Pakistan expelled an Indian diplomat and India recalled its envoy from Islamabad.",
            {("PAK", "IND", "16"), ("IND", "PAK", "16")},
        ),
        # a missile over another state's territory targets it
        ("North Korea fired a ballistic missile over Japan on Tuesday.", {("PRK", "JPN", "15")}),
        # threats are coded even when their content is conditional
        ("Australia warned China that it would respond to any aggression.", {("AUS", "CHN", "13")}),
        # a missile coming down in another state's zone targets it
        (
            "North Korea test-fired a missile that landed in Japan's exclusive economic zone.",
            {("PRK", "JPN", "15")},
        ),
        # headlines: subjects joined by a comma, present tense
        ("India, China hold fresh round of border talks", {("IND", "CHN", "04")}),
        # the state behind an organisation's business is the target
        ("Turkey threatens to block Sweden's NATO bid", {("TUR", "SWE", "13")}),
        # the actor of a possessive pronoun comes from the clause above
        (
            "Taiwan's defence ministry said 20 Chinese aircraft entered its air defence zone.",
            {("CHN", "TWN", "15")},
        ),
        # a wish for another's act is an appeal to that actor
        ("Germany wants France to boycott Russia.", {("DEU", "FRA", "02")}),
        # mutual accusations go both ways
        (
            "India and Pakistan traded accusations over the attack.",
            {("IND", "PAK", "11"), ("PAK", "IND", "11")},
        ),
        # a statement about relations with another state is a statement to it
        ("Canada's prime minister said relations with India had worsened.", {("CAN", "IND", "01")}),
        # "X said Y should" is an appeal to Y ("must": a demand)
        ("Japan said Russia should withdraw its troops from Ukraine.", {("JPN", "RUS", "02")}),
        ("Russia said Sudan must return the captured helicopter.", {("RUS", "SDN", "10")}),
        # an attack or a weapon as the subject; killing by weapons is war (19), not assault
        ("A Ukrainian drone attack damaged an oil refinery in Russia.", {("UKR", "RUS", "19")}),
        ("Russian forces destroyed a bridge in Kherson.", {("RUS", "UKR", "19")}),
        ("Five Palestinians were killed in an Israeli air strike.", {("ISR", "PSE", "19")}),
        ("Israeli troops killed two Palestinians in Jenin.", {("ISR", "PSE", "18")}),
        # an answer to an earlier attack in the sentence, before or after it
        (
            "Pakistani soldiers shelled Indian border posts, and Indian troops returned fire.",
            {("PAK", "IND", "19"), ("IND", "PAK", "19")},
        ),
        (
            "Indian troops returned fire after Pakistani soldiers shelled Indian border posts.",
            {("PAK", "IND", "19"), ("IND", "PAK", "19")},
        ),
        # no prisoners, no prisoner exchange: an agreement
        ("Japan and China agreed to a currency swap.", {("JPN", "CHN", "05")}),
        # "each other": both ways
        (
            "Greece and Turkey accused each other of violating airspace.",
            {("GRC", "TUR", "11"), ("TUR", "GRC", "11")},
        ),
        # a conditional threat is a threat (GUIDELINES); a conditional offer is nothing
        ("China said it would attack Taiwan if it declared independence.", {("CHN", "TWN", "13")}),
        # an object pronoun never stands for its own clause's subject
        (
            "Bahrain and Egypt severed ties with Qatar, accusing it of supporting terrorism.",
            {
                ("BHR", "QAT", "16"),
                ("EGY", "QAT", "16"),
                ("BHR", "QAT", "11"),
                ("EGY", "QAT", "11"),
            },
        ),
        ("Ukraine filed a case against Russia at the World Court.", {("UKR", "RUS", "11")}),
        # the other side of a clash in which soldiers were killed
        (
            "Armenia said four of its soldiers were killed in clashes with Azerbaijani troops.",
            {("AZE", "ARM", "19")},
        ),
    ],
)
def test_clause_logic_codes(coder, text, expected):
    assert triples(coder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Spain did not recognise Kosovo.",  # negation
        "Spain might recognise Kosovo.",  # modality
        "If talks fail, Serbia could cut ties with Kosovo.",  # conditional
        "Analysts expect Kenya to sign a trade deal with Ethiopia.",  # forecast
        "Experts doubt that Iran will meet Saudi Arabia.",  # analysis
        "Israel will likely strike Iran, analysts said.",  # hedged forecast
        "Russia is expected to deploy troops to Belarus.",
        "French police arrested three French citizens in Paris.",  # domestic
        "North Korea test-fired a ballistic missile on Tuesday.",  # no target state
        "Chile's invasion of Peru was condemned.",  # a noun, and no one condemning
        "Japan beat Germany 2-1 in their World Cup opener.",  # sport
        "The Indian team arrived in Australia for a five-match series.",  # sport
        "A Russian oligarch bought a mansion in London.",  # private business
        "Did China send weapons to Russia?",  # a question
        # a place is never a source: "in Shanghai" says where, not who
        "Officials in Shanghai criticised Japan.",
        "Protesters in Kharkiv denounced Russia.",
        "Japan said it would resume talks with China if Beijing released the crew.",
        "The dispute damaged ties between Japan and South Korea.",
        "Chinese officials stayed in Tokyo for three days.",  # only ships or troops loiter
    ],
)
def test_no_event(coder, text):
    assert triples(coder, text) == set()


def test_a_bare_shared_surname_resolves_only_when_one_state_leads_with_it(coder):
    assert triples(coder, "Kim visited Beijing.", "2018-05-30") == {("PRK", "CHN", "04")}
    assert triples(coder, "Mr Kim met Putin in Vladivostok.", "2019-04-25") == {
        ("PRK", "RUS", "04")
    }
    # South Korea's prime minister Kim Boo-kyum was in office too: ambiguous
    assert triples(coder, "Kim visited Beijing.", "2021-08-01") == set()
    # part of another person's name
    assert triples(coder, "Kim Kardashian visited the White House.", "2018-05-30") == set()


def test_leaders_resolve_by_date(coder):
    assert triples(coder, "Abe visited Beijing.", "2018-10-26") == {("JPN", "CHN", "04")}
    assert triples(coder, "Abe visited Beijing.", "2010-10-26") == set()  # out of office
    # beyond the required states: Lebanon's and Iraq's leaders, two terms of one name
    text = "Prime Minister Saad Hariri met President Rouhani in Tehran."
    assert triples(coder, text, "2017-10-01") == {("LBN", "IRN", "04")}
    assert triples(coder, text, "2012-10-01") == set()  # neither in office
    text = "Iraqi leader Nouri al-Maliki visited Beirut."
    assert triples(coder, "Maliki visited Beirut.", "2010-01-10") == {("IRQ", "LBN", "04")}
    assert triples(coder, text, "2016-01-10") == {("IRQ", "LBN", "04")}  # "Iraqi" still names Iraq


def test_event_provenance(coder):
    text = "Japanese Prime Minister Shinzo Abe visited Beijing on Friday."
    [event] = coder.code(text, "2018-10-26")
    assert event.source.code == "JPN" and event.target.code == "CHN"
    assert event.code == "042" and event.root == "04" and event.quad == 1
    assert event.goldstein == 1.9
    assert event.verb == "visited" and event.pattern == "04.visit"
    assert 0 < event.confidence <= 1
    assert text[event.start : event.end].startswith("Japanese Prime Minister Shinzo Abe")
    assert text[event.start : event.end].endswith("Beijing")
    assert event.source.text in text and event.target.text == "Beijing"


def test_confidence_is_lower_for_indirect_paths(coder):
    [direct] = coder.code("France criticised Germany.", "2019-01-01")
    [reported] = coder.code("A French official said Paris had criticised Germany.", "2019-01-01")
    assert reported.confidence < direct.confidence


def test_code_function_and_coder_agree(coder):
    texts = ["France criticised Germany.", "", "Egypt and Jordan held talks."]
    via_function = code(texts, dates="2019-01-01")
    via_coder = list(coder.code_texts(texts, ["2019-01-01"] * 3))
    assert [[e.to_dict() for e in x] for x in via_function] == [
        [e.to_dict() for e in x] for x in via_coder
    ]
    assert via_function[1] == []


def test_parallel_parsing_gives_the_same_events(coder):
    texts = ["France criticised Germany.", "Egypt and Jordan held talks."] * 40
    parallel = Coder(n_process=2)
    one = [[e.to_dict() for e in x] for x in coder.code_texts(texts)]
    two = [[e.to_dict() for e in x] for x in parallel.code_texts(texts)]
    assert one == two and sum(map(len, one)) == 80


def test_cli_code_writes_one_line_per_input_and_stores_events(tmp_path):
    src = tmp_path / "in.jsonl"
    lines = [
        {
            "id": "s1",
            "text": "France criticised Germany on Monday.",
            "date": "2019-05-06",
            "outlet": "x",
        },
        {"id": "s2", "text": "Egypt and Jordan held talks in Cairo.", "date": "2019-13-40"},
        {"id": "s3", "text": "Peru condemned Bolivia and Ecuador.", "date": "2019-05-06"},
    ]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(app, ["code", str(src), "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert len(rows) == 4
    assert rows[0]["outlet"] == "x" and rows[0]["events"][0]["code"] == "111"
    assert set(rows[0]["events"][0]) == {
        "source",
        "target",
        "code",
        "root",
        "quad",
        "goldstein",
        "verb",
        "pattern",
        "confidence",
        "start",
        "end",
    }
    assert "impossible date" in rows[1]["error"] and rows[1]["events"] == []
    assert rows[3]["error"] == "empty line"
    assert "4 lines" in result.output and "3 events" in result.output
    with Store(db) as store:
        stored = store.query(
            "SELECT event_id, story, src_line, origin, cameo, source_code, "
            "target_code, date FROM events ORDER BY event_id"
        )
        ledger = store.query("SELECT kind, status, rows_loaded FROM ingests")
    assert [r["event_id"] for r in stored] == ["coder:s1:0", "coder:s3:0", "coder:s3:1"]
    assert stored[0]["story"] == "s1" and stored[0]["src_line"] == 1
    assert stored[2]["src_line"] == 3 and {r["origin"] for r in stored} == {"coder"}
    assert ledger == [{"kind": "coder", "status": "loaded", "rows_loaded": 3}]
    # coding the same file again replaces, never duplicates
    again = CliRunner().invoke(app, ["code", str(src), "-o", str(out), "--db", str(db)])
    assert again.exit_code == 0
    with Store(db) as store:
        assert store.count("events") == 3


def test_fast_attribute_ruler_gives_the_models_own_annotations():
    from bilateral.coding.pipeline import build_pipeline, installed_models

    if not installed_models():
        need_system("an English spaCy pipeline", "pip install 'bilateral[model]'")
    texts = [
        "There were 10 Russian soldiers killed in Ukraine today.",
        "I ain't gonna go, y'all, let's wait.",
        "The U.S. Navy's ships didn't sail; Japan's coast guard did.",
        "Kishida said on Saturday he was ready to meet Kim Jong Un without preconditions.",
    ]
    plain = build_pipeline(fast_attributes=False)
    fast = build_pipeline()
    assert "bilateral_fast_attributes" in fast.pipe_names
    for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
        assert [(t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in a] == [
            (t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in b
        ]


class _DiskFull(io.StringIO):
    """An output that fails on its third line, as a full disk would."""

    def write(self, text: str) -> int:
        if self.getvalue().count("\n") >= 2:
            raise OSError(28, "No space left on device")
        return super().write(text)


def test_a_failed_run_leaves_the_store_unchanged(coder, tmp_path):
    lines = (
        "\n".join(
            [
                "France criticised Germany.",
                "Peru condemned Bolivia.",
                "Egypt and Jordan held talks.",
            ]
        )
        + "\n"
    )
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(OSError):
            coder.code_file(io.StringIO(lines), _DiskFull(), store=store)
        assert store.count("events") == 0
        [ledger] = store.query("SELECT status, message FROM ingests")
        assert ledger["status"] == "failed" and "No space" in ledger["message"]
        summary = coder.code_file(io.StringIO(lines), io.StringIO(), store=store)
        assert summary.stored == store.count("events") == 3


def test_a_paragraph_codes_each_sentence_with_offsets_in_the_paragraph(coder):
    text = (
        "France criticised Germany on Monday. The weather was fine. "
        "Peru condemned Bolivia on Tuesday."
    )
    events = coder.code(text, "2019-05-01")
    assert {(e.source.code, e.target.code) for e in events} == {("FRA", "DEU"), ("PER", "BOL")}
    for event in events:
        span = text[event.start : event.end]
        assert event.source.text in span and event.target.text in span and event.verb in span

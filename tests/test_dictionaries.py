"""The packaged dictionaries and the user-file loader (bilateral.coding.dictionaries)."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from datetime import date
from importlib import resources
from pathlib import Path

import jsonschema
import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilateral.coding.dictionaries import (
    AGENT_CODES,
    ActorEntry,
    Dictionaries,
    dictionary_schema,
    load_dictionaries,
    normalize_phrase,
    read_user_file,
    write_dictionary,
)
from bilateral.errors import DictionaryError

# The 193 member states of the United Nations (ISO 3166-1 alpha-3), a fact table kept here so
# the test does not trust the data it checks.
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN
BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK DJI DMA
DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND
HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC
NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA KNA LCA VCT WSM SMR STP
SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK TZA THA TLS TGO TON
TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()  # noqa: SIM905
OTHER_STATES = ["TWN", "XKX", "PSE", "VAT"]


@pytest.fixture(scope="module")
def packaged() -> Dictionaries:
    return load_dictionaries()


def _by_code(d: Dictionaries) -> dict[str, dict[str, list[ActorEntry]]]:
    table: dict[str, dict[str, list[ActorEntry]]] = defaultdict(lambda: defaultdict(list))
    for entry in d.actors:
        table[entry.code][entry.kind].append(entry)
    return table


def test_un_list_is_193_iso_codes() -> None:
    assert len(set(UN_MEMBERS)) == 193
    assert all(pycountry.countries.get(alpha_3=c) for c in UN_MEMBERS)


@pytest.mark.parametrize("code", UN_MEMBERS + OTHER_STATES)
def test_every_state_has_a_name_and_an_adjective(packaged: Dictionaries, code: str) -> None:
    kinds = _by_code(packaged)[code]
    assert kinds["country"], f"{code} has no name"
    assert kinds["adjective"], f"{code} has no adjective"
    name = kinds["country"][0].name
    assert name and any(e.phrase == name for e in kinds["country"])


def test_country_codes_are_iso_or_kosovo(packaged: Dictionaries) -> None:
    igo = {e.code for e in packaged.actors if e.kind == "igo"}
    state_kinds = {"country", "adjective", "capital", "seat", "person", "media"}
    codes = {e.code for e in packaged.actors if e.kind in state_kinds} - igo
    bad = {c for c in codes if c != "XKX" and pycountry.countries.get(alpha_3=c) is None}
    assert not bad


def test_igo_codes_are_not_country_codes(packaged: Dictionaries) -> None:
    igo = {e.code for e in packaged.actors if e.kind == "igo"}
    assert {"UNO", "EUR", "ASN", "NAT", "IAE", "WTO", "GOS", "GTW", "IMF", "WBK"} <= igo
    assert not [c for c in igo if pycountry.countries.get(alpha_3=c) or c == "XKX"]


def test_packaged_jsonl_entries_validate_against_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(dictionary_schema())
    data = resources.files("bilateral").joinpath("data")
    seen = 0
    for name in ("agents.jsonl", "igos.jsonl", "media.jsonl", "companies.jsonl", "discards.jsonl"):
        for number, line in enumerate(data.joinpath(name).read_text("utf-8").splitlines(), 1):
            errors = list(validator.iter_errors(json.loads(line)))
            assert not errors, f"{name}:{number}: {errors[0].message}"
            seen += 1
    assert seen > 300


def test_packaged_agents_use_known_codes(packaged: Dictionaries) -> None:
    assert {a.agent for a in packaged.agents} <= set(AGENT_CODES)
    assert {e.agent for e in packaged.actors if e.agent} <= set(AGENT_CODES)


@pytest.mark.parametrize(
    ("phrase", "code", "agent"),
    [
        ("U.S.", "USA", None),
        ("United States", "USA", None),
        ("America", "USA", None),
        ("Americans", "USA", None),
        ("DPRK", "PRK", None),
        ("North Korea", "PRK", None),
        ("North Korean", "PRK", None),
        ("ROK", "KOR", None),
        ("South Korean", "KOR", None),
        ("Korea", "KOR", None),
        ("UK", "GBR", None),
        ("Britain", "GBR", None),
        ("Japanese", "JPN", None),
        ("Chinese", "CHN", None),
        ("Tokyo", "JPN", "GOV"),
        ("Beijing", "CHN", "GOV"),
        ("Pyongyang", "PRK", "GOV"),
        ("Seoul", "KOR", "GOV"),
        ("Washington", "USA", "GOV"),
        ("Moscow", "RUS", "GOV"),
        ("Taipei", "TWN", "GOV"),
        ("the Kremlin", "RUS", "GOV"),
        ("Kremlin", "RUS", "GOV"),
        ("White House", "USA", "GOV"),
        ("Zhongnanhai", "CHN", "GOV"),
        ("Blue House", "KOR", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("Elysee", "FRA", "GOV"),
        ("Pentagon", "USA", "MIL"),
        ("Taiwan", "TWN", None),
        ("Kosovo", "XKX", None),
        ("Palestinian", "PSE", None),
        ("Holy See", "VAT", None),
        ("Xinhua", "CHN", "MED"),
        ("KCNA", "PRK", "MED"),
        ("Yonhap", "KOR", "MED"),
        ("NHK", "JPN", "MED"),
        ("Kyodo", "JPN", "MED"),
        ("UN", "UNO", None),
        ("UN Security Council", "UNO", None),
        ("European Union", "EUR", None),
        ("ASEAN", "ASN", None),
        ("NATO", "NAT", None),
        ("IAEA", "IAE", None),
        ("World Trade Organization", "WTO", None),
    ],
)
def test_known_phrases_resolve(
    packaged: Dictionaries, phrase: str, code: str, agent: str | None
) -> None:
    found = packaged.resolve(phrase, date(2019, 6, 1))
    assert [(e.code, e.agent) for e in found] == [(code, agent)]


@pytest.mark.parametrize("phrase", ["us", "turkey", "chad", "Us", "china"])
def test_case_sensitive_forms_need_their_case(packaged: Dictionaries, phrase: str) -> None:
    assert packaged.resolve(phrase, date(2019, 6, 1)) == []


def test_case_sensitive_forms_match_with_their_case(packaged: Dictionaries) -> None:
    assert [e.code for e in packaged.resolve("Turkey")] == ["TUR"]
    assert [e.code for e in packaged.resolve("Chad")] == ["TCD"]
    # case-insensitive forms match in any case
    assert [e.code for e in packaged.resolve("JAPANESE")] == ["JPN"]


def test_ambiguous_phrases_give_every_reading(packaged: Dictionaries) -> None:
    assert {e.code for e in packaged.resolve("Congo")} == {"COD", "COG"}


def test_places_and_companies_resolve_to_their_state(packaged: Dictionaries) -> None:
    assert [(e.code, e.kind) for e in packaged.resolve("Crimea")] == [("UKR", "place")]
    assert [(e.code, e.kind) for e in packaged.resolve("Shanghai")] == [("CHN", "place")]
    assert [(e.code, e.agent) for e in packaged.resolve("Huawei")] == [("CHN", "BUS")]
    assert packaged.resolve("Kharkiv") and packaged.resolve("kharkiv") == []  # case-sensitive


def test_places_and_companies_name_one_state_and_shadow_nothing(packaged: Dictionaries) -> None:
    kinds: dict[str, set[tuple[str, str]]] = {}
    for e in packaged.actors:
        kinds.setdefault(e.key, set()).add((e.kind, e.code))
    for key, found in kinds.items():
        if {"place", "company"} & {k for k, _ in found}:
            assert len(found) == 1, f"{key!r} is both a place or company and {found}"


def test_a_bare_shared_surname_names_the_state_of_its_top_office_holder(
    packaged: Dictionaries,
) -> None:
    from bilateral.coding.dictionaries import surname_holders

    kims = [e for e in packaged.surnames if e.phrase == "Kim"]
    assert kims and all(e.case_sensitive for e in kims)
    # 2019: Kim Jong Un heads North Korea; a South Korean minister Kim is no top office
    assert {e.code for e in surname_holders(kims, date(2019, 4, 25))} == {"PRK"}
    # 2021: South Korea's prime minister is also a Kim: ambiguous, no actor
    assert surname_holders(kims, date(2021, 8, 1)) == []
    lees = [e for e in packaged.surnames if e.phrase == "Lee"]
    assert surname_holders(lees, date(2018, 5, 1)) == []  # Lee Nak-yon and Lee Hsien Loong
    assert "Han" not in {e.phrase for e in packaged.surnames}  # "Han Chinese"
    assert packaged.resolve("Kim") == []  # never an alias of its own


def test_disputed_features_stand_for_the_state_that_administers_them(
    packaged: Dictionaries,
) -> None:
    administered = {
        "Senkaku Islands": "JPN",
        "Diaoyu": "JPN",
        "Dokdo": "KOR",
        "Takeshima": "KOR",
        "Northern Territories": "RUS",
        "Paracel Islands": "CHN",
        "Falklands": "GBR",
        "Golan Heights": "ISR",
    }
    for phrase, code in administered.items():
        entries = packaged.resolve(phrase)
        assert [(e.code, e.kind) for e in entries] == [(code, "place")], phrase
        assert phrase not in packaged.discards


def test_features_no_one_state_administers_name_no_state(packaged: Dictionaries) -> None:
    for phrase in ("Kashmir", "Spratly Islands", "Scarborough Shoal", "Western Sahara"):
        assert phrase in packaged.discards
        assert packaged.resolve(phrase) == []


def test_sea_names_are_discards_not_actors(packaged: Dictionaries) -> None:
    for phrase in ("South China Sea", "East China Sea", "Korean Peninsula"):
        assert phrase in packaged.discards
        assert packaged.resolve(phrase) == []


def test_bare_titles_are_no_actor(packaged: Dictionaries) -> None:
    for title in (
        "the prime minister",
        "prime minister",
        "the president",
        "President",
        "foreign minister",
        "Defense Minister",
    ):
        assert packaged.resolve(title, date(2019, 6, 1)) == []
    # they are agent nouns, which need a country to become an actor
    assert packaged.agent_of("prime minister") == "GOV"


@pytest.mark.parametrize(
    ("phrase", "agent"),
    [
        ("coast guard", "COP"),
        ("Coast Guard", "COP"),
        ("lawmakers", "LEG"),
        ("protesters", "OPP"),
        ("state media", "MED"),
        ("foreign ministry", "GOV"),
        ("troops", "MIL"),
        ("warships", "MIL"),
        ("police", "COP"),
        ("court", "JUD"),
        ("companies", "BUS"),
        ("civilians", "CVL"),
        ("rebels", "REB"),
        ("refugees", "REF"),
        ("intelligence agency", "SPY"),
        ("ambassador", "GOV"),
    ],
)
def test_agent_nouns(packaged: Dictionaries, phrase: str, agent: str) -> None:
    assert packaged.agent_of(phrase) == agent


# --- user files ----------------------------------------------------------------------------


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_user_entry_overrides_packaged(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "mine.jsonl",
        [{"kind": "actor", "phrase": "Georgia", "code": "USA", "case_sensitive": True}],
    )
    d = load_dictionaries([user])
    assert [e.code for e in d.resolve("Georgia")] == ["USA"]
    assert [e.code for e in load_dictionaries().resolve("Georgia")] == ["GEO"]
    # the other forms of the packaged country are untouched
    assert [e.code for e in d.resolve("Tbilisi")] == ["GEO"]


def test_later_user_file_overrides_earlier(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.jsonl", [{"kind": "actor", "phrase": "Foo", "code": "AAA"}])
    second = _write(tmp_path / "b.jsonl", [{"kind": "actor", "phrase": "foo", "code": "BBB"}])
    assert [e.code for e in load_dictionaries([first, second]).resolve("FOO")] == ["BBB"]
    assert [e.code for e in load_dictionaries([second, first]).resolve("FOO")] == ["AAA"]


def test_user_person_with_terms(tmp_path: Path) -> None:
    user = tmp_path / "people.yaml"
    user.write_text(
        "- kind: person\n"
        "  name: Jane Roe\n"
        "  aliases: [Roe]\n"
        "  code: NZL\n"
        "  terms:\n"
        "    - {role: foreign_minister, start: '2030-01-01', end: '2031-12-31'}\n"
        "    - {role: head_of_government, start: '2032-01-01'}\n",
        encoding="utf-8",
    )
    d = load_dictionaries([user])
    assert d.resolve("Roe", date(2029, 1, 1)) == []
    assert [e.role for e in d.resolve("Foreign Minister Roe", date(2030, 5, 1))] == [
        "foreign_minister"
    ]
    assert [(e.code, e.role) for e in d.resolve("Prime Minister Jane Roe", date(2040, 1, 1))] == [
        ("NZL", "head_of_government")
    ]


def test_user_discard_removes_a_phrase(tmp_path: Path) -> None:
    user = _write(tmp_path / "d.jsonl", [{"kind": "discard", "phrase": "Jordan"}])
    d = load_dictionaries([user])
    assert d.resolve("Jordan") == []
    assert "Jordan" in d.discards


def test_user_agents_and_verbs(tmp_path: Path) -> None:
    verb = {"kind": "verb", "lemma": "rebuke", "code": "111", "anything": [1, 2]}
    user = _write(
        tmp_path / "v.jsonl",
        [{"kind": "agent", "phrase": "frogmen", "agent": "MIL"}, verb],
    )
    d = load_dictionaries([user])
    assert d.agent_of("Frogmen") == "MIL"
    assert len(d.verbs) == 1
    assert d.verbs[0]["lemma"] == "rebuke"
    assert d.verbs[0]["_origin"] == str(user)
    assert d.verbs[0]["_line"] == 2


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (
            '{"kind": "actor", "phrase": "X", "code": "JPN"}\n{"kind": "actor", "phrase": "Y"\n',
            2,
            "not valid JSON",
        ),
        ('{"kind": "actor", "phrase": "X", "code": "japan"}\n', 1, "code"),
        ('\n\n{"kind": "actor", "code": "JPN"}\n', 3, "phrase"),
        ('{"kind": "leader", "phrase": "X"}\n', 1, "kind"),
        ('{"kind": "agent", "phrase": "frogmen"}\n', 1, "agent"),
        ('{"kind": "person", "name": "A B", "code": "JPN", "terms": []}\n', 1, "terms"),
        (
            '{"kind": "person", "name": "A B", "code": "JPN", '
            '"terms": [{"role": "x", "start": "2020-13-01"}]}\n',
            1,
            "2020-13-01",
        ),
        (
            '{"kind": "person", "name": "A B", "code": "JPN", '
            '"terms": [{"role": "x", "start": "2020-01-01", "end": "2019-01-01"}]}\n',
            1,
            "before",
        ),
        ('{"kind": "actor", "phrase": "X", "code": "JPN", "colour": "red"}\n', 1, "colour"),
        ("[1, 2]\n", 1, "object"),
    ],
)
def test_malformed_jsonl_names_file_and_line(
    tmp_path: Path, content: str, line: int, words: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError) as caught:
        load_dictionaries([path])
    error = caught.value
    assert error.code == "E210"
    assert error.path == str(path)
    assert error.line == line
    assert words in error.message
    assert error.render().startswith(f"error[E210]: {path}:{line}: ")


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "- kind: actor\n  phrase: Foo\n  code: AAA\n- kind: actor\n  phrase: Bar\n  code: 12\n",
        encoding="utf-8",
    )
    with pytest.raises(DictionaryError) as caught:
        read_user_file(path)
    assert caught.value.line == 4
    assert "code" in caught.value.message


def test_missing_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="no such dictionary file"):
        load_dictionaries([tmp_path / "nope.jsonl"])
    other = tmp_path / "dict.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(DictionaryError, match="unknown dictionary format"):
        load_dictionaries([other])


# --- leaders and their terms ---------------------------------------------------------------


def _resolved(d: Dictionaries, phrase: str, when: str) -> list[tuple[str, str | None, str | None]]:
    return sorted((e.code, e.agent, e.role) for e in d.resolve(phrase, date.fromisoformat(when)))


@pytest.mark.parametrize(
    ("phrase", "when", "expected"),
    [
        ("Abe", "2008-05-01", []),
        ("Abe", "2015-05-01", [("JPN", "GOV", "head_of_government")]),
        ("Abe", "2006-10-01", [("JPN", "GOV", "head_of_government")]),
        ("Shinzo Abe", "2021-06-01", []),
        ("Prime Minister Abe", "2019-01-01", [("JPN", "GOV", "head_of_government")]),
        ("Prime Minister Shinzo Abe", "2013-01-01", [("JPN", "GOV", "head_of_government")]),
        ("Kishida", "2015-01-01", [("JPN", "GOV", "foreign_minister")]),
        ("Kishida", "2019-01-01", []),
        ("Kishida", "2022-06-01", [("JPN", "GOV", "head_of_government")]),
        ("Foreign Minister Kishida", "2022-06-01", []),
        ("Ishiba", "2025-01-01", [("JPN", "GOV", "head_of_government")]),
        ("Takaichi", "2025-01-01", []),
        ("Takaichi", "2026-03-01", [("JPN", "GOV", "head_of_government")]),
        ("Wang Yi", "2015-01-01", [("CHN", "GOV", "foreign_minister")]),
        ("Wang Yi", "2023-03-01", [("CHN", "GOV", "foreign_affairs_chief")]),
        ("Wang Yi", "2012-01-01", []),
        ("Xi Jinping", "2012-12-01", [("CHN", "GOV", "party_leader")]),
        ("President Xi", "2019-01-01", [("CHN", "GOV", "head_of_state")]),
        ("Xi", "2010-01-01", []),
        ("Moon Jae-in", "2018-04-27", [("KOR", "GOV", "head_of_state")]),
        ("Yoon Suk Yeol", "2023-01-01", [("KOR", "GOV", "head_of_state")]),
        ("Lee Jae-myung", "2025-08-01", [("KOR", "GOV", "head_of_state")]),
        ("Lee Jae-myung", "2024-08-01", []),
        ("Kim Jong Un", "2018-06-12", [("PRK", "GOV", "head_of_state")]),
        ("Trump", "2019-01-01", [("USA", "GOV", "head_of_state")]),
        ("Trump", "2022-01-01", []),
        ("President Donald Trump", "2025-03-01", [("USA", "GOV", "head_of_state")]),
        ("Biden", "2012-01-01", [("USA", "GOV", "vice_president")]),
        ("Biden", "2022-01-01", [("USA", "GOV", "head_of_state")]),
        ("Biden", "2026-01-01", []),
        ("Putin", "2010-01-01", [("RUS", "GOV", "head_of_government")]),
        ("Lavrov", "2024-01-01", [("RUS", "GOV", "foreign_minister")]),
        ("Shoigu", "2020-01-01", [("RUS", "MIL", "defence_minister")]),
        ("Defense Secretary Hegseth", "2025-06-01", [("USA", "MIL", "defence_minister")]),
        ("Tsai Ing-wen", "2020-01-01", [("TWN", "GOV", "head_of_state")]),
        ("Prabowo", "2025-01-01", [("IDN", "GOV", "head_of_state")]),
        ("Prabowo", "2020-01-01", [("IDN", "MIL", "defence_minister")]),
        ("Modi", "2016-01-01", [("IND", "GOV", "head_of_government")]),
        ("Guterres", "2020-01-01", [("UNO", None, "secretary_general")]),
        ("Suga", "2015-01-01", [("JPN", "GOV", "chief_cabinet_secretary")]),
        ("Hua Chunying", "2019-05-01", [("CHN", "GOV", "spokesperson")]),
        ("Speaker Pelosi", "2020-01-01", [("USA", "LEG", "speaker")]),
    ],
)
def test_leaders_resolve_by_date(
    packaged: Dictionaries, phrase: str, when: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _resolved(packaged, phrase, when) == expected


def test_one_word_aliases_are_case_sensitive(packaged: Dictionaries) -> None:
    assert _resolved(packaged, "Moon", "2018-01-01") == [("KOR", "GOV", "head_of_state")]
    assert packaged.resolve("moon", date(2018, 1, 1)) == []
    assert packaged.resolve("trump", date(2019, 1, 1)) == []
    # titled and full forms match in any case
    assert _resolved(packaged, "prime minister abe", "2019-01-01") == [
        ("JPN", "GOV", "head_of_government")
    ]


def test_a_term_includes_its_first_and_last_day(packaged: Dictionaries) -> None:
    assert packaged.resolve("Takaichi", date(2025, 10, 20)) == []
    assert packaged.resolve("Takaichi", date(2025, 10, 21))
    assert packaged.resolve("Suga", date(2021, 10, 4))
    assert packaged.resolve("Suga", date(2021, 10, 5)) == []


# the G20 states, both Koreas, Taiwan and the ASEAN states
REQUIRED = [
    *[
        "ARG",
        "AUS",
        "BRA",
        "CAN",
        "CHN",
        "FRA",
        "DEU",
        "IND",
        "IDN",
        "ITA",
        "JPN",
        "MEX",
        "RUS",
        "SAU",
        "ZAF",
        "KOR",
        "TUR",
        "GBR",
        "USA",
    ],
    *["PRK", "TWN", "BRN", "KHM", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"],
]


@pytest.mark.parametrize("code", REQUIRED)
def test_every_required_state_has_a_leader_on_every_day(packaged: Dictionaries, code: str) -> None:
    heads = [
        e
        for e in packaged.actors
        if e.kind == "person"
        and e.code == code
        and e.phrase == e.name
        and e.role in {"head_of_state", "head_of_government", "acting_head_of_state"}
    ]
    day = date(2000, 1, 1)
    missing = []
    while day <= date(2026, 11, 1):
        if not any(e.holds_on(day) for e in heads):
            missing.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    assert not missing, f"{code}: no head of state or government on {missing[:3]}"


@pytest.mark.parametrize("code", REQUIRED)
def test_every_required_state_has_foreign_and_defence_ministers(
    packaged: Dictionaries, code: str
) -> None:
    roles = {e.role for e in packaged.actors if e.kind == "person" and e.code == code}
    assert {"foreign_minister", "defence_minister"} <= roles


def test_terms_of_one_office_do_not_overlap(packaged: Dictionaries) -> None:
    offices: dict[tuple[str, str | None], list[ActorEntry]] = defaultdict(list)
    for e in packaged.actors:
        if (
            e.kind == "person"
            and e.phrase == e.name
            and e.role
            in {"head_of_state", "head_of_government", "foreign_minister", "defence_minister"}
        ):
            offices[(e.code, e.role)].append(e)
    overlaps = []
    for office, terms in offices.items():
        terms.sort(key=lambda e: e.start or date.min)
        for a, b in itertools.pairwise(terms):
            assert a.start is not None and b.start is not None
            if a.end is None or (b.start - a.end).days < 0:
                overlaps.append((office, a.name, b.name))
    assert not overlaps


def test_no_phrase_names_two_states_on_one_day(packaged: Dictionaries) -> None:
    people: dict[str, list[ActorEntry]] = defaultdict(list)
    for e in packaged.actors:
        if e.kind == "person":
            people[e.key].append(e)
    clashes = []
    for key, entries in people.items():
        for i, a in enumerate(entries):
            for b in entries[i + 1 :]:
                if (
                    a.code != b.code
                    and (a.start or date.min) <= (b.end or date.max)
                    and (b.start or date.min) <= (a.end or date.max)
                ):
                    clashes.append((key, a.code, b.code))
    assert not clashes


def test_yaml_mapping_with_entries_and_syntax_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.yml"
    good.write_text(
        "entries:\n  - kind: igo\n    code: QUA\n    name: Quad\n"
        "  - kind: discard\n    phrases: [Jordan River]\n",
        encoding="utf-8",
    )
    d = load_dictionaries([good])
    assert [e.code for e in d.resolve("quad")] == ["QUA"]
    assert "Jordan River" in d.discards
    broken = tmp_path / "broken.yaml"
    broken.write_text("- kind: actor\n  phrase: [unclosed\n  code: AAA\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as caught:
        load_dictionaries([broken])
    assert caught.value.path == str(broken)
    assert caught.value.line is not None and caught.value.line >= 2
    assert "YAML" in caught.value.message


def test_dated_entries_hide_undated_ones_of_the_same_phrase(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "p.jsonl",
        [
            {"kind": "actor", "phrase": "Zed", "code": "AAA", "agent": "ELI"},
            {
                "kind": "actor",
                "phrase": "Zed",
                "code": "AAA",
                "agent": "GOV",
                "start": "2010-01-01",
                "end": "2012-12-31",
            },
        ],
    )
    d = load_dictionaries([user])
    assert [e.agent for e in d.resolve("Zed", date(2011, 1, 1))] == ["GOV"]
    assert [e.agent for e in d.resolve("Zed", date(2015, 1, 1))] == ["ELI"]


_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_phrases = st.lists(_words, min_size=1, max_size=3).map(" ".join)
_codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)


@settings(max_examples=20, deadline=None)
@given(
    entries=st.lists(
        st.fixed_dictionaries(
            {"kind": st.just("actor"), "phrase": _phrases, "code": _codes},
            optional={"agent": st.sampled_from(sorted(AGENT_CODES))},
        ),
        min_size=1,
        max_size=8,
    )
)
def test_written_dictionaries_read_back_the_same(entries: list[dict]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "round.jsonl"
        write_dictionary(entries, path)
        actors, _agents, _discards, _verbs = read_user_file(path)
        assert [(e.phrase, e.code, e.agent) for e in actors] == [
            (x["phrase"], x["code"], x.get("agent")) for x in entries
        ]
        # layering a file twice is the same as once: the second copy replaces the first
        once = [e for e in load_dictionaries([path]).actors if e.origin == str(path)]
        twice = [e for e in load_dictionaries([path, path]).actors if e.origin == str(path)]
        assert once == twice == actors
        # and the user's phrases replace packaged entries with the same key
        keys = {normalize_phrase(x["phrase"]) for x in entries}
        merged = load_dictionaries([path])
        assert all(
            e.origin == str(path) for k in keys for e in merged.lookup(k) if not e.case_sensitive
        )


def test_cli_lookup(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from bilateral.cli import app

    runner = CliRunner()
    found = runner.invoke(app, ["dictionaries", "lookup", "Abe", "--date", "2015-05-01"])
    assert found.exit_code == 0, found.output
    assert "JPN GOV (person, head_of_government; 2012-12-26..2020-09-16" in found.output
    none = runner.invoke(app, ["dictionaries", "lookup", "Abe", "--date", "2008-05-01"])
    assert "no actor on 2008-05-01" in none.output
    user = _write(tmp_path / "u.jsonl", [{"kind": "actor", "phrase": "Abe", "code": "AAA"}])
    mine = runner.invoke(app, ["dictionaries", "lookup", "Abe", "--dictionary", str(user)])
    assert f"AAA - (actor; always; {user})" in mine.output


def test_a_packaged_table_with_a_wrong_header_fails_naming_the_file_and_line(monkeypatch) -> None:
    from bilateral.coding import dictionaries as dictionaries_module

    table = "# comment\ncode\tname\tnote\nJPN\tJapan\t\n"
    monkeypatch.setattr(dictionaries_module, "_data_text", lambda name: table)
    with pytest.raises(DictionaryError) as caught:
        list(dictionaries_module._tsv_rows("places.tsv", dictionaries_module.PLACE_COLUMNS))
    assert (caught.value.path, caught.value.line) == ("data/places.tsv", 2)
    assert "code kind names note" in caught.value.message


def test_packaged_tables_have_the_headers_their_readers_expect() -> None:
    from bilateral.coding import dictionaries as dictionaries_module

    for name, columns in (
        ("countries.tsv", dictionaries_module.COUNTRY_COLUMNS),
        ("places.tsv", dictionaries_module.PLACE_COLUMNS),
        ("leaders.tsv", dictionaries_module.LEADER_COLUMNS),
    ):
        assert sum(1 for _ in dictionaries_module._tsv_rows(name, columns)) > 10, name

"""Topic lexicons: the packaged issues, user files layered on top, validation on load."""

from __future__ import annotations

import pytest

from bilateral.errors import TopicError
from bilateral.topics import load_topics, tag

REQUIRED = [
    "North Korea",
    "East China Sea",
    "History",
    "Trade and investment",
    "Taiwan",
    "South China Sea",
    "Alliances and military posture",
    "People and culture",
    "Environment and health",
]


def test_packaged_lexicons_cover_the_required_issues():
    assert load_topics().names == REQUIRED


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("North Korea fired two ballistic missiles into the sea.", "North Korea"),
        ("Tokyo raised the abduction of its citizens by Pyongyang.", "North Korea"),
        ("The UN tightened sanctions after a nuclear test.", "North Korea"),
        ("Chinese ships sailed near the Senkaku Islands.", "East China Sea"),
        ("Beijing calls the islands the Diaoyu.", "East China Sea"),
        ("China declared an air defense identification zone in 2013.", "East China Sea"),
        ("Japan complained about the new ADIZ.", "East China Sea"),
        ("The prime minister sent an offering to Yasukuni.", "History"),
        ("Seoul raised the issue of comfort women.", "History"),
        ("Beijing criticised new history textbooks.", "History"),
        ("Japan apologised for its wartime aggression.", "History"),
        ("Washington raised tariffs on steel.", "Trade and investment"),
        ("Tokyo tightened export controls on chip equipment.", "Trade and investment"),
        ("Firms are moving supply chains out of China.", "Trade and investment"),
        ("Warships sailed through the Taiwan Strait.", "Taiwan"),
        ("Taiwanese officials condemned the drills.", "Taiwan"),
        ("Manila protested at Second Thomas Shoal in the South China Sea.", "South China Sea"),
        ("The two allies held joint exercises near Okinawa.", "Alliances and military posture"),
        ("Japan raised its defence budget again.", "Alliances and military posture"),
        ("The Quad leaders met in Tokyo.", "Alliances and military posture"),
        ("Chinese tourists returned to Kyoto.", "People and culture"),
        ("More students from Japan are studying in Shanghai.", "People and culture"),
        ("Japan began releasing treated water from Fukushima.", "Environment and health"),
        ("The pandemic closed borders for two years.", "Environment and health"),
    ],
)
def test_tag_finds_the_issue(sentence, topic):
    assert topic in tag(sentence)


def test_words_match_on_boundaries_and_case_where_it_matters():
    assert tag("The quad bike race was held in Alps villages.") == []
    assert tag("Pollution of rivers worried residents.") == ["Environment and health"]
    assert tag("He spoke about polls and pollsters.") == []
    assert tag("") == []
    assert tag("Japan and China held talks.") == []


def test_tags_come_in_lexicon_order():
    text = "Tourists avoided Taiwan after North Korea fired missiles."
    assert tag(text) == ["North Korea", "Taiwan", "People and culture"]


def test_user_lexicon_adds_extends_and_replaces(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text(
        '[[topic]]\nname = "Fisheries"\nterms = ["fishing ban*", "fisheries"]\n\n'
        '[[topic]]\nname = "taiwan"\nterms = ["Kinmen"]\n\n'
        '[[topic]]\nname = "History"\nreplace = true\nterms = ["Meiji*"]\n',
        "utf-8",
    )
    topics = load_topics([user])
    assert topics.names == [*REQUIRED, "Fisheries"]
    assert topics.tag("China lifted its fishing bans.") == ["Fisheries"]
    assert topics.tag("Shelling hit Kinmen.") == ["Taiwan"]  # extended, name kept
    assert topics.tag("Taipei protested.") == ["Taiwan"]  # old terms still there
    assert topics.tag("Abe visited Yasukuni.") == []  # History replaced
    assert topics.tag("The Meiji era began in 1868.") == ["History"]
    assert load_topics([user], packaged=False).names == ["Fisheries", "taiwan", "History"]


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ('[[topic]]\nname = X\nterms = ["a"]\n', "not valid TOML", 2),
        ('[[topic]]\nterms = ["a"]\n', "non-empty string `name`", None),
        ('[[topic]]\nname = "X"\nterms = "a"\n', "`terms` must be a list", None),
        ('[[topic]]\nname = "X"\nterms = ["*"]\n', "`terms` must be a list", None),
        ('[[topic]]\nname = "X"\n', "has no terms", None),
        ('[[topic]]\nname = "X"\nterms = ["a"]\ncolour = 1\n', "unknown keys: colour", None),
        ('[[topic]]\nname = "X"\nterms = ["a"]\nreplace = "yes"\n', "`replace`", None),
        ("topic = 3\n", "array of tables", None),
    ],
)
def test_a_bad_lexicon_is_a_clear_error(tmp_path, content, message, line):
    path = tmp_path / "bad.toml"
    path.write_text(content, "utf-8")
    with pytest.raises(TopicError, match=message) as info:
        load_topics([path])
    assert info.value.code == "E130"
    assert info.value.path == str(path)
    if line is not None:
        assert info.value.line == line


def test_a_missing_lexicon_names_the_file(tmp_path):
    with pytest.raises(TopicError, match="cannot read") as info:
        load_topics([tmp_path / "nope.toml"])
    assert info.value.path.endswith("nope.toml")

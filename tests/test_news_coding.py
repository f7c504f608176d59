"""News ingestion with the real coder (spaCy model): events stored with provenance, story ids
from clusters, replacement of a changed article's events, and ``bilateral show event``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures" / "news"
sys.path.insert(0, str(FIXTURES))

from newsserver import NewsServer  # noqa: E402

from bilateral import ingest_news  # noqa: E402
from bilateral.cli import app  # noqa: E402
from bilateral.sources.http import NewsClient  # noqa: E402
from bilateral.store import Store  # noqa: E402
from conftest import need_system  # noqa: E402

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def coder():
    from bilateral.coding.pipeline import installed_models

    if not installed_models():
        need_system("an English spaCy pipeline", "pip install 'bilateral[model]'")
    from bilateral.coding.coder import Coder

    return Coder()


@pytest.fixture
def server():
    s = NewsServer().start()
    yield s
    s.stop()


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    return path


def test_feed_events_carry_their_provenance(server, coder, store):
    with NewsClient(timeout=2, retries=0) as client:
        summary = ingest_news(
            [server.url("/feed_full.xml")], store=store, coder=coder, client=client
        )
    (s,) = summary.sources
    assert s.status == "loaded"
    assert s.events > 0
    assert s.events == store.count("events")
    events = store.query(
        "SELECT e.*, d.text, d.cluster_id, d.published, s.char_start AS s_start, "
        "s.char_end AS s_end FROM events e JOIN documents d USING (doc_id) "
        "JOIN sentences s ON s.doc_id = e.doc_id AND s.sentence_idx = e.sentence_idx"
    )
    assert len(events) == s.events  # every event has its document and sentence
    for e in events:
        assert e["origin"] == "coder"
        assert e["event_id"] == f"coder:{e['origin_id']}"
        assert e["origin_id"].startswith(e["doc_id"] + "/")
        assert e["story"] == e["cluster_id"]
        assert e["weight"] == 1.0
        assert e["date"] == e["published"].date()
        assert e["pattern"]
        assert 0 < e["confidence"] <= 1
        assert e["s_start"] <= e["char_start"] < e["char_end"] <= e["s_end"]
        assert e["url"].startswith(server.base)
    protest = [
        e
        for e in events
        if (e["source_code"], e["cameo"], e["target_code"]) == ("JPN", "114", "CHN")
    ]
    assert protest, [(e["source_code"], e["cameo"], e["target_code"]) for e in events]
    span = protest[0]["text"][protest[0]["char_start"] : protest[0]["char_end"]]
    assert span == "Japan lodged a protest with China"
    assert "East China Sea" in protest[0]["topics"]


def test_reingest_adds_no_events_and_a_change_replaces_them(coder, tmp_path):
    db = tmp_path / "n.duckdb"
    record = {
        "url": "https://example.org/talks",
        "title": "Talks",
        "published": "2026-03-02",
        "text": "Japan protested to China over the ships.\n\nJapan praised China for "
        "its help after the earthquake.",
    }
    path = write_jsonl(tmp_path / "a.jsonl", [record])
    first = ingest_news([path], store=db, coder=coder).sources[0]
    assert first.events >= 1
    with Store(db) as store:
        before = store.query("SELECT event_id, cameo FROM events ORDER BY event_id")
    again = ingest_news([path], store=db, coder=coder).sources[0]
    assert (again.events, again.documents_unchanged) == (0, 1)
    record["text"] = "China threatened Japan with sanctions over the visit."
    write_jsonl(path, [record])
    changed = ingest_news([path], store=db, coder=coder).sources[0]
    assert changed.documents_updated == 1
    with Store(db) as store:
        after = store.query("SELECT event_id, cameo, source_code, sentence_idx FROM events")
        docs = store.count("documents")
    assert docs == 1
    assert after != before
    assert all(e["sentence_idx"] == 0 for e in after)  # the old second sentence is gone
    assert {e["source_code"] for e in after} <= {"CHN"}


def test_republications_share_one_story_and_count_as_reports(coder, tmp_path):
    body = (
        "Japan lodged a protest with China on Tuesday over coast guard ships near the "
        "Senkaku Islands. The Japanese foreign ministry said a senior official had called "
        "the Chinese embassy in Tokyo to demand that the vessels leave the area. China says "
        "the islands are its territory and a spokesperson in Beijing said the patrols were "
        "lawful. The ships stayed in the waters for about three hours before sailing away."
    )
    records = [
        {
            "url": f"https://outlet{i}.example/news/{i}",
            "title": title,
            "outlet": f"Outlet {i}",
            "published": "2026-03-10T08:00:00Z",
            "text": f"{prefix}\n\n{body}\n\n{suffix}",
        }
        for i, (title, prefix, suffix) in enumerate(
            [
                ("Japan protests to China", "TOKYO (Eastwire) -", "Reporting by Kenji Sato."),
                ("Senkaku row flares", "By a staff writer", "Copyright 2026 Outlet 1."),
                ("Tokyo lodges protest with Beijing", "Updated 09:10 GMT", "Sign up for news."),
            ]
        )
    ]
    path = write_jsonl(tmp_path / "wire.jsonl", records)
    db = tmp_path / "w.duckdb"
    summary = ingest_news([path], store=db, coder=coder)
    assert summary.sources[0].documents_new == 3
    with Store(db) as store:
        docs = store.query("SELECT DISTINCT cluster_id FROM documents")
        rows = store.query(
            "SELECT count(DISTINCT story) AS stories, count(DISTINCT doc_id) AS reports, "
            "sum(weight) AS weight FROM events WHERE cameo = ?",
            [store.query("SELECT cameo FROM events LIMIT 1")[0]["cameo"]],
        )
    assert len(docs) == 1
    assert rows[0]["stories"] == 1
    assert rows[0]["reports"] == 3
    assert rows[0]["weight"] >= 3


def test_show_event_prints_the_provenance(server, coder, tmp_path):
    db = tmp_path / "show.duckdb"
    with NewsClient(timeout=2, retries=0) as client:
        ingest_news([server.url("/feed_summary.atom")], store=db, coder=coder, client=client)
    with Store(db) as store:
        event = store.query("SELECT * FROM events ORDER BY event_id LIMIT 1")[0]
        doc = store.query("SELECT * FROM documents WHERE doc_id = ?", [event["doc_id"]])[0]
    result = CliRunner().invoke(app, ["show", "event", event["event_id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert doc["title"] in text
    assert "Eastern Herald" in text
    assert str(doc["published"]) in text
    assert doc["url"] in text
    assert event["pattern"] in text
    sentence = doc["text"][event["char_start"] : event["char_end"]]
    assert sentence in text.replace("\n", " ") or sentence[:30] in text
    missing = CliRunner().invoke(app, ["show", "event", "coder:nope", "--db", str(db)])
    assert missing.exit_code != 0
    shown = CliRunner().invoke(app, ["show", "document", doc["doc_id"], "--db", str(db)])
    assert shown.exit_code == 0
    assert doc["title"] in shown.output


def test_cli_ingest_news_and_update(server, coder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "cli.duckdb"
    config = tmp_path / "bilateral.toml"
    config.write_text(
        f'[[feeds]]\nurl = "{server.url("/feed_full.xml")}"\n\n[news]\ntimeout = 2\nretries = 0\n',
        "utf-8",
    )
    result = CliRunner().invoke(app, ["update", "--config", str(config), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "loaded" in result.output
    with Store(db) as store:
        assert store.count("documents") == 3
        events = store.count("events")
    assert events > 0
    bad = CliRunner().invoke(
        app,
        [
            "ingest",
            "news",
            server.url("/error"),
            str(FIXTURES / "articles.jsonl"),
            "--db",
            str(db),
            "--config",
            str(config),
        ],
    )
    assert bad.exit_code == 1  # one source failed; the other loaded
    with Store(db) as store:
        statuses = [
            r["status"] for r in store.query("SELECT status FROM ingests ORDER BY ingest_id")
        ]
        assert store.count("documents") == 6
    assert statuses == ["loaded", "failed", "loaded"]


def test_worker_processes_give_the_same_store(coder, tmp_path):
    from wire_corpus import distinct_articles

    articles = distinct_articles(150, seed=5, sentences=5)  # three chunks of 64
    # the same article again while its chunk may still be in flight: stored once
    articles.insert(70, articles[0])
    articles.insert(140, articles[100])
    articles.append(articles[1])
    path = write_jsonl(tmp_path / "many.jsonl", articles)
    one = ingest_news([path], store=tmp_path / "one.duckdb", coder=coder).sources[0]
    two = ingest_news([path], store=tmp_path / "two.duckdb", workers=2).sources[0]
    assert (one.documents_new, one.documents_unchanged) == (150, 3)
    assert (two.documents_new, two.documents_unchanged, two.events) == (150, 3, one.events)
    query = (
        "SELECT event_id, cameo, source_code, target_code, story, char_start, topics "
        "FROM events ORDER BY event_id"
    )
    with Store(tmp_path / "one.duckdb") as a, Store(tmp_path / "two.duckdb") as b:
        assert a.query(query) == b.query(query)
        assert a.count("events") > 0

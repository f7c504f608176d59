"""News ingestion end to end (without the coder; tests/test_news_coding.py adds it): feeds,
pages, folders and JSON Lines from a real local HTTP server and real files into a real
DuckDB store; idempotence, replacement of changed articles, bad input per source."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "news"
sys.path.insert(0, str(FIXTURES))

from newsserver import NewsServer  # noqa: E402

from bilateral.news import (  # noqa: E402
    canonical_url,
    content_hash,
    document_id,
    feeds_from_settings,
    ingest_news,
    update_feeds,
)
from bilateral.sources.http import NewsClient  # noqa: E402


@pytest.fixture
def server():
    s = NewsServer().start()
    yield s
    s.stop()


@pytest.fixture
def client():
    with NewsClient(timeout=0.5, retries=1, backoff=0.0, max_bytes=1_000_000) as c:
        yield c


def ingest(sources, store, client=None, **kw):
    return ingest_news(sources, store=store, client=client, code=False, **kw)


# -- identity ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.com/a?utm_source=x&utm_medium=y", "https://example.com/a"),
        ("https://example.com/a?id=2&fbclid=z&gclid=q#comments", "https://example.com/a?id=2"),
        ("http://example.com:80/a?b=2&a=1", "http://example.com/a?a=1&b=2"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a?mc_cid=1&MC_EID=2&ref_src=tw", "https://example.com/a"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_document_id_from_canonical_url_else_text():
    a = document_id("https://example.com/a?utm_source=rss#top", "one text")
    b = document_id("https://EXAMPLE.com/a", "another text")
    assert a == b
    assert document_id(None, "Japan  protested.\n") == document_id(None, "Japan protested.")
    assert document_id(None, "Japan protested.") != document_id(None, "China protested.")
    assert content_hash("a  b\n\nc") == content_hash("a b c")


# -- feeds and pages ---------------------------------------------------------------------------


def test_feed_with_full_text(server, client, store):
    summary = ingest([server.url("/feed_full.xml")], store, client)
    (s,) = summary.sources
    assert (s.status, s.kind, s.documents_new, s.documents_failed) == ("loaded", "feed", 3, 0)
    docs = store.query("SELECT * FROM documents ORDER BY published")
    assert [d["outlet"] for d in docs] == ["Harbour Times Asia"] * 3
    assert docs[0]["url"] == server.url("/news/senkaku-protest")  # utm_* removed
    assert docs[2]["url"] == server.url("/news/seoul-security-talks")  # fragment removed
    assert str(docs[0]["published"]) == "2026-03-10 08:30:00"
    assert "East China Sea" in docs[0]["topics"]
    assert "Environment and health" in docs[1]["topics"]
    assert "North Korea" in docs[2]["topics"]
    assert docs[0]["text"].startswith("Japan lodged a protest with China on Tuesday")
    # sentences are stored as spans of the text
    spans = store.query(
        "SELECT char_start, char_end FROM sentences WHERE doc_id = ? ORDER BY sentence_idx",
        [docs[0]["doc_id"]],
    )
    assert len(spans) == 5
    first = docs[0]["text"][spans[0]["char_start"] : spans[0]["char_end"]]
    assert first.endswith("in the East China Sea.")
    ledger = store.query("SELECT * FROM ingests")
    assert [(r["kind"], r["status"], r["rows_loaded"]) for r in ledger] == [("news", "loaded", 3)]
    # the feed items carry full text: no page was fetched
    assert server.hits("/news/senkaku-protest") == 0


def test_reingesting_adds_nothing(server, client, store):
    ingest([server.url("/feed_full.xml")], store, client)
    before = [store.count(t) for t in ("documents", "events")]
    sentences = store.execute("SELECT count(*) FROM sentences").fetchone()[0]
    again = ingest([server.url("/feed_full.xml")], store, client)
    (s,) = again.sources
    assert (s.documents_seen, s.documents_unchanged, s.documents_new) == (3, 3, 0)
    assert [store.count(t) for t in ("documents", "events")] == before
    assert store.execute("SELECT count(*) FROM sentences").fetchone()[0] == sentences


def test_summary_feed_fetches_article_pages(server, client, store):
    summary = ingest([server.url("/feed_summary.atom")], store, client)
    (s,) = summary.sources
    assert (s.status, s.documents_new) == ("loaded", 2), s.errors
    docs = {d["title"]: d for d in store.query("SELECT * FROM documents")}
    export = docs["Tokyo and Beijing spar over new export controls on chip equipment"]
    assert export["outlet"] == "Eastern Herald"
    assert "supply chains" in export["text"]
    assert "Subscribe today" not in export["text"]  # boilerplate left out
    assert export["text"].startswith("China criticised Japan on Thursday")  # headline left out
    assert export["text"].count("\n\n") >= 4  # one paragraph per <p>
    assert "All rights reserved" not in export["text"]
    assert "Trade and investment" in export["topics"]
    # the page is windows-1252 although its HTTP header says utf-8
    students = docs["Chinese students return to Japanese universities in record numbers"]
    assert "Japan\u2019s education ministry" in students["text"]
    assert "Ren\u00e9e Tang" in students["text"]
    assert "People and culture" in students["topics"]
    assert server.hits("/articles/export-controls.html") == 1


def test_article_url_and_saved_page(server, client, store, tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes((FIXTURES / "folder" / "clipping.html").read_bytes())
    summary = ingest([server.url("/redirect"), str(page)], store, client)
    assert [s.status for s in summary.sources] == ["loaded", "loaded"]
    assert [s.kind for s in summary.sources] == ["page", "file"]
    rows = store.query("SELECT title, outlet, published FROM documents ORDER BY title")
    assert rows[0]["title"] == "Japan and South Korea resume shuttle diplomacy"
    assert rows[0]["outlet"] == "Coastal Record"
    assert str(rows[0]["published"]).startswith("2026-02-20")


def test_bad_sources_fail_one_by_one_and_the_others_continue(server, client, store, tmp_path):
    missing = tmp_path / "nowhere.xml"
    sources = [
        server.url("/malformed.xml"),
        server.url("/no-such-feed.xml"),
        server.url("/error"),
        server.url("/loop/a"),
        server.url("/slow"),
        server.url("/huge.html"),
        server.url("/articles/index-page.html"),
        str(missing),
        server.url("/feed_full.xml"),
    ]
    summary = ingest(sources, store, client)
    statuses = [s.status for s in summary.sources]
    assert statuses == ["failed"] * 8 + ["loaded"]
    messages = [s.message or "" for s in summary.sources]
    assert "feed" in messages[0]
    assert "HTTP 404" in messages[1]
    assert "HTTP 500" in messages[2]
    assert "redirect" in messages[3]
    assert "timed out" in messages[4]
    assert "size limit" in messages[5]
    assert "no main text" in messages[6]
    assert "no such file" in messages[7]
    ledger = store.query("SELECT uri, status, message FROM ingests ORDER BY ingest_id")
    assert [r["status"] for r in ledger] == statuses
    assert all(r["message"] for r in ledger[:8])
    assert all(m.startswith("error[E1") for m in messages[:8])
    assert store.count("documents") == 3  # only the good feed's articles


def test_a_failing_item_page_is_rejected_and_the_feed_goes_on(server, client, store):
    server.route("/articles/students.html", "gone", status=404)
    summary = ingest([server.url("/feed_summary.atom")], store, client)
    (s,) = summary.sources
    assert (s.status, s.documents_new, s.documents_failed) == ("loaded", 1, 1)
    assert "HTTP 404" in (s.message or "")
    rejects = store.query("SELECT uri, reason FROM rejects")
    assert rejects == [
        {"uri": server.url("/articles/students.html"), "reason": "[E110] HTTP 404 Not Found"}
    ]
    ledger = store.query("SELECT status, rows_loaded, rows_rejected FROM ingests")
    assert ledger == [{"status": "loaded", "rows_loaded": 1, "rows_rejected": 1}]


def test_a_document_that_fails_to_store_is_not_half_stored(tmp_path, store):
    lines = [
        {
            "url": f"https://example.org/{i}",
            "title": f"t{i}",
            "published": "2026-03-01",
            "text": f"Japan and China held talks number {i}.\n\nThey agreed to meet again.",
        }
        for i in range(3)
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), "utf-8")
    # an orphan sentence row makes storing article 1 violate the sentences primary key
    store.execute(
        "CREATE TABLE IF NOT EXISTS sentences (doc_id VARCHAR NOT NULL, sentence_idx "
        "INTEGER NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, "
        "PRIMARY KEY (doc_id, sentence_idx))"
    )
    victim = document_id("https://example.org/1", "")
    store.execute("INSERT INTO sentences VALUES (?, 0, 0, 1)", [victim])
    summary = ingest([path], store)
    (s,) = summary.sources
    assert s.status == "failed"
    assert store.count("documents") == 0  # the chunk's transaction rolled back
    assert store.execute("SELECT count(*) FROM document_signatures").fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM sentences").fetchone()[0] == 1
    # once the obstacle is gone the same source loads completely
    store.execute("DELETE FROM sentences")
    (s,) = ingest([path], store).sources
    assert (s.status, s.documents_new) == ("loaded", 3)


# -- files -------------------------------------------------------------------------------------


def test_folder_of_texts_markdown_and_html(store, tmp_path):
    folder = tmp_path / "clips"
    shutil.copytree(FIXTURES / "folder", folder)
    (s,) = ingest([folder], store).sources
    assert (s.kind, s.status, s.documents_new, s.documents_failed) == ("folder", "loaded", 3, 1)
    rejects = store.query("SELECT uri, reason FROM rejects")
    assert rejects[0]["uri"].endswith("empty.txt")
    assert "no text" in rejects[0]["reason"]
    docs = {d["title"]: d for d in store.query("SELECT * FROM documents")}
    briefing = docs["Briefing notes on the East China Sea"]
    assert briefing["url"] == "https://ministry.example/briefings/ecs-2026-03"
    assert briefing["outlet"] == "Ministry of Foreign Affairs (fixture)"
    assert str(briefing["published"]) == "2026-03-09 00:00:00"
    assert briefing["text"].startswith("# Briefing notes") or briefing["text"].startswith(
        "Chinese coast guard"
    )
    statement = docs["Foreign ministry statement on the visit of the Chinese foreign minister"]
    assert statement["text"].startswith("Japan and China held a strategic dialogue")
    assert "Taiwan" in statement["topics"]


def test_jsonl_with_outlet_and_bad_lines(store):
    (s,) = ingest([FIXTURES / "articles.jsonl"], store).sources
    assert (s.kind, s.status, s.documents_new, s.documents_failed) == ("jsonl", "loaded", 3, 3)
    rejects = store.query("SELECT line, reason FROM rejects ORDER BY line")
    assert [r["line"] for r in rejects] == [4, 5, 6]
    assert "not a date" in rejects[0]["reason"]
    assert "not valid JSON" in rejects[1]["reason"]
    assert "text" in rejects[2]["reason"]
    docs = {d["title"]: d for d in store.query("SELECT * FROM documents")}
    yasukuni = docs["China protests Japanese lawmakers' Yasukuni visit"]
    assert yasukuni["outlet"] == "Capital Post"
    assert yasukuni["url"] == "https://www.capitalpost.example/asia/2026/03/05/yasukuni"
    assert "History" in yasukuni["topics"]
    assert docs["Chinese tourists return to Japan"]["outlet"] == "valleywire.example"
    no_url = docs["A note without a URL"]
    assert no_url["url"] is None
    assert no_url["doc_id"] == document_id(None, no_url["text"])


def test_changed_article_replaces_the_old_version(store, tmp_path):
    path = tmp_path / "a.jsonl"
    record = {
        "url": "https://example.org/story",
        "title": "v1",
        "published": "2026-03-01",
        "text": "Japan and China held talks in Beijing.\n\nThey agreed to meet again.",
    }
    path.write_text(json.dumps(record), "utf-8")
    ingest([path], store)
    record.update(title="v2", text="Japan and China held talks in Tokyo.\n\nNo date was set.")
    path.write_text(json.dumps(record), "utf-8")
    (s,) = ingest([path], store).sources
    assert (s.documents_updated, s.documents_new) == (1, 0)
    rows = store.query("SELECT title, text FROM documents")
    assert rows == [{"title": "v2", "text": record["text"]}]
    assert store.execute("SELECT count(*) FROM sentences").fetchone()[0] == 2


def test_topics_from_a_user_lexicon(store, tmp_path):
    lexicon = tmp_path / "mine.toml"
    lexicon.write_text('[[topic]]\nname = "Fisheries"\nterms = ["fisheries", "fishing"]\n')
    ingest([FIXTURES / "articles.jsonl"], store, topics=[lexicon])
    rows = store.query("SELECT topics FROM documents WHERE title = 'A note without a URL'")
    assert rows[0]["topics"] == ["Fisheries"]


# -- update ------------------------------------------------------------------------------------


def test_update_polls_with_conditional_get_and_fetches_only_new_items(server, client, store):
    atom = server.routes["/feed_summary.atom"]
    atom.headers.update({"ETag": '"feed-v1"'})
    feeds = feeds_from_settings(
        {"feeds": [{"url": server.url("/feed_summary.atom"), "outlet": "EH"}]}
    )
    first = update_feeds(feeds, store=store, client=client, code=False)
    assert first.sources[0].documents_new == 2
    assert {d["outlet"] for d in store.query("SELECT outlet FROM documents")} == {"EH"}
    # not modified: one 304, no page fetched
    pages_before = server.hits("/articles/export-controls.html")
    second = update_feeds(feeds, store=store, client=client, code=False)
    assert second.sources[0].status == "skipped"
    assert "304" in (second.sources[0].message or "")
    assert server.hits("/articles/export-controls.html") == pages_before
    # a new item appears: only its page is fetched
    new_entry = (
        "<entry><title>Japan and China open a maritime hotline</title>"
        f'<link href="{server.base}/articles/hotline.html"/><id>urn:x:eh-3</id>'
        "<updated>2026-03-13T09:00:00Z</updated><summary>A hotline.</summary></entry></feed>"
    )
    atom.body = atom.body.replace(b"</feed>", new_entry.encode())
    atom.headers["ETag"] = '"feed-v2"'
    hotline = (FIXTURES / "site" / "articles" / "export-controls.html").read_text("utf-8")
    hotline = hotline.replace("export controls on chip equipment", "maritime hotline")
    server.route(
        "/articles/hotline.html",
        hotline.replace("{base}", server.base),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    third = update_feeds(feeds, store=store, client=client, code=False)
    assert (third.sources[0].status, third.sources[0].documents_new) == ("loaded", 1)
    assert server.hits("/articles/export-controls.html") == pages_before
    assert server.hits("/articles/hotline.html") == 1
    assert store.count("documents") == 3
    sent = [h for _, p, h in server.requests if p == "/feed_summary.atom"]
    assert sent[1].get("If-None-Match") == '"feed-v1"'


# -- encodings and feeds that are almost right ---------------------------------------------------


def test_decode_prefers_valid_utf8_then_declared_then_a_guess():
    from bilateral.sources.news import decode

    text = "Japan\u2019s minister met Ren\u00e9e Tang in K\u014dbe."
    assert decode(text.encode("utf-8"), "iso-8859-1") == text  # wrong declaration
    assert decode(text.encode("utf-8-sig")) == text
    cp1252 = "\u201cTalks\u201d resumed, said Ren\u00e9e.".encode("cp1252")
    assert decode(cp1252, "windows-1252") == "\u201cTalks\u201d resumed, said Ren\u00e9e."
    meta = b'<meta charset="windows-1252"><p>' + cp1252 + b"</p>"
    assert "\u201cTalks\u201d" in decode(meta)
    assert "Ren\u00e9e" in decode(meta, "utf-8")  # a header that lies


def test_a_latin1_text_file_without_declaration(store, tmp_path):
    folder = tmp_path / "clips"
    folder.mkdir()
    body = (
        "Visite du ministre\n\nLe ministre japonais a rencontr\u00e9 son homologue chinois \u00e0 "
        "P\u00e9kin pour des entretiens sur la s\u00e9curit\u00e9 maritime et les \u00e9changes "
        "d'\u00e9tudiants entre les deux pays."
    )
    (folder / "note.txt").write_bytes(body.encode("latin-1"))
    (s,) = ingest([folder], store).sources
    assert s.documents_new == 1
    (doc,) = store.query("SELECT title, text FROM documents")
    assert doc["title"] == "Visite du ministre"
    assert "rencontr\u00e9 son homologue" in doc["text"]


def test_a_feed_with_a_bad_entity_is_read_with_a_warning(server, client, store):
    feed = (FIXTURES / "site" / "feed_full.xml").read_text("utf-8").replace("{base}", server.base)
    broken = feed.replace("Harbour Times Asia", "Harbour Times &nbsp; Asia")
    server.route("/almost.xml", broken, headers={"Content-Type": "application/rss+xml"})
    (s,) = ingest([server.url("/almost.xml")], store, client).sources
    assert (s.status, s.documents_new) == ("loaded", 3)
    assert "not well-formed" in (s.message or "")
    (row,) = store.query("SELECT status, message FROM ingests")
    assert row["status"] == "loaded"
    assert "not well-formed" in row["message"]


def test_a_saved_page_over_the_size_limit(store, tmp_path):
    page = tmp_path / "big.html"
    page.write_text("<html><body><p>" + "word " * 5000 + "</p></body></html>", "utf-8")
    (s,) = ingest([page], store, max_bytes=10_000).sources
    assert s.status == "failed"
    assert "size limit" in (s.message or "")
    assert store.count("documents") == 0


def test_a_failed_item_is_retried_by_the_next_update(server, client, store):
    server.routes["/feed_summary.atom"].headers["ETag"] = '"feed-v1"'
    students = server.routes["/articles/students.html"]
    server.route("/articles/students.html", "down for maintenance", status=404)
    feeds = [server.url("/feed_summary.atom")]
    (first,) = update_feeds(feeds, store=store, client=client, code=False).sources
    assert (first.documents_new, first.documents_failed) == (1, 1)
    server.routes["/articles/students.html"] = students  # the page is back
    (second,) = update_feeds(feeds, store=store, client=client, code=False).sources
    # the feed was not answered with 304, because its validators were not kept
    assert (second.status, second.documents_new, second.documents_failed) == ("loaded", 1, 0)
    assert store.count("documents") == 2
    (third,) = update_feeds(feeds, store=store, client=client, code=False).sources
    assert third.status == "skipped"


def test_canonical_url_is_idempotent_and_ignores_tracking():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8)

    @settings(max_examples=200, deadline=None)
    @given(
        host=words,
        path=st.lists(words, max_size=4),
        params=st.dictionaries(words, words, max_size=4),
        tracking=st.dictionaries(
            st.sampled_from(["utm_source", "utm_medium", "fbclid", "gclid", "mc_eid"]),
            words,
            max_size=3,
        ),
        fragment=st.one_of(st.none(), words),
    )
    def check(host, path, params, tracking, fragment):
        from urllib.parse import urlencode

        base = f"https://{host}.example/" + "/".join(path)
        clean = base + ("?" + urlencode(params) if params else "")
        messy = (
            base + "?" + urlencode({**tracking, **params}) + (f"#{fragment}" if fragment else "")
        )
        once = canonical_url(clean)
        assert canonical_url(once) == once
        assert canonical_url(messy) == once
        assert document_id(messy, "x") == document_id(clean, "y")

    check()


def test_sentences_keep_abbreviations_quotes_and_paragraphs():
    from bilateral.news import SentenceSplitter

    text = (
        'Mr. Abe met U.S. officials on Jan. 5 in Washington. They discussed missiles. "We '
        'agreed," he said.\n\nA second paragraph without a full stop'
    )
    (spans,) = SentenceSplitter().split([text])
    assert [text[a:b] for a, b in spans] == [
        "Mr. Abe met U.S. officials on Jan. 5 in Washington.",
        "They discussed missiles.",
        '"We agreed," he said.',
        "A second paragraph without a full stop",
    ]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_missing_model_fails_the_source_and_stores_nothing(store, workers):
    summary = ingest_news(
        [FIXTURES / "articles.jsonl"], store=store, model="en_core_web_nope", workers=workers
    )
    (s,) = summary.sources
    assert s.status == "failed"
    assert (s.message or "").startswith("error[E201]")
    assert store.count("documents") == 0
    assert store.count("events") == 0


def test_a_store_made_before_the_news_tables_gets_them(store):
    for table in ("sentences", "document_signatures", "fetch_validators"):
        store.execute(f"DROP TABLE {table}")
    (s,) = ingest([FIXTURES / "articles.jsonl"], store).sources
    assert (s.status, s.documents_new) == ("loaded", 3)
    assert store.execute("SELECT count(*) FROM sentences").fetchone()[0] > 0

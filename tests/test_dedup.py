"""Near-duplicate clustering: republications of one wire story form one cluster, different
stories on the same day and dyad stay apart; precision and recall on 200+ generated articles,
through the clusterer and through ingestion into a real store."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "news"))

from wire_corpus import pairwise_scores, wire_corpus

from bilateral.news import StoryClusters, ingest_news, minhash, shingles
from bilateral.store import Store


def cluster(articles):
    clusters = StoryClusters()
    labels = []
    for i, article in enumerate(articles):
        signature, size = minhash(article["text"])
        labels.append(clusters.assign(f"doc{i}", signature, size))
    return labels


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_precision_and_recall_on_200_articles(seed):
    articles = wire_corpus(20, seed=seed)
    assert len(articles) >= 200
    assert len({a["story"] for a in articles}) == 20
    labels = cluster(articles)
    precision, recall = pairwise_scores([a["story"] for a in articles], labels)
    print(
        f"seed {seed}: {len(articles)} articles, {len(set(labels))} clusters, "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert precision >= 0.99
    assert recall >= 0.97


def test_twenty_republications_are_one_cluster():
    articles = wire_corpus(20, seed=7)
    labels = cluster(articles)
    wire = [label for a, label in zip(articles, labels, strict=True) if a["story"] == "story-0"]
    assert len(wire) == 20
    titles = {a["title"] for a in articles if a["story"] == "story-0"}
    assert len(titles) > 10  # headlines really differ
    assert len(set(wire)) == 1


def test_twenty_different_stories_same_day_and_dyad_are_twenty_clusters():
    articles = wire_corpus(20, seed=21, copies=[1] * 20)
    assert {a["published"][:10] for a in articles} == {"2026-03-10"}
    labels = cluster(articles)
    assert len(set(labels)) == 20


def test_scores_detect_a_bad_clustering():
    truth = ["a", "a", "b", "b"]
    assert pairwise_scores(truth, ["x", "x", "y", "y"]) == (1.0, 1.0)
    assert pairwise_scores(truth, ["x", "x", "x", "x"]) == (pytest.approx(1 / 3), 1.0)
    assert pairwise_scores(truth, ["w", "x", "y", "z"]) == (1.0, 0.0)


def test_shingles_ignore_case_and_punctuation():
    assert shingles("Japan, China; and KOREA met today.") == shingles(
        "japan china and korea met today"
    )
    assert len(shingles("one two")) == 1
    assert shingles("") == set()


def test_ingested_clusters_become_stories_and_survive_a_new_run(tmp_path):
    articles = wire_corpus(20, seed=9)
    first, later = articles[:150], articles[150:]
    path = tmp_path / "first.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in first), "utf-8")
    db = tmp_path / "news.duckdb"
    (s,) = ingest_news([path], store=db, code=False).sources
    assert s.documents_new == 150
    # a second run, in a new process state, sees the stored signatures
    path2 = tmp_path / "later.jsonl"
    path2.write_text("\n".join(json.dumps(a) for a in later), "utf-8")
    (s2,) = ingest_news([path2], store=db, code=False).sources
    assert s2.documents_new == len(later)
    with Store(db) as store:
        rows = store.query("SELECT url, cluster_id FROM documents")
    from bilateral.news import canonical_url

    by_url = {r["url"]: r["cluster_id"] for r in rows}
    labels = [by_url[canonical_url(a["url"])] for a in articles]
    precision, recall = pairwise_scores([a["story"] for a in articles], labels)
    assert precision >= 0.99
    assert recall >= 0.97
    sizes = Counter(labels)
    assert len(sizes) <= 21


def test_the_same_text_a_year_later_is_a_new_story(tmp_path):
    import datetime as dt

    text = wire_corpus(1, seed=3, copies=[1])[0]["text"]
    clusters = StoryClusters()
    signature, size = minhash(text)
    first = clusters.assign("a", signature, size, dt.date(2025, 8, 15))
    assert clusters.assign("b", signature, size, dt.date(2025, 8, 17)) == first
    assert clusters.assign("c", signature, size, dt.date(2026, 8, 15)) == "c"
    assert clusters.assign("d", signature, size) in {first, "c"}  # no date: any match
    # and through the store, across runs
    lines = [
        {"url": "https://example.org/2025", "published": "2025-08-15", "text": text},
        {"url": "https://example.org/2026", "published": "2026-08-15", "text": text},
    ]
    db = tmp_path / "y.duckdb"
    for i, line in enumerate(lines):
        path = tmp_path / f"{i}.jsonl"
        path.write_text(json.dumps(line), "utf-8")
        ingest_news([path], store=db, code=False)
    with Store(db) as store:
        assert store.execute("SELECT count(DISTINCT cluster_id) FROM documents").fetchone()[0] == 2

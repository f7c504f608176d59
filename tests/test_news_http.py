"""The news HTTP client against a real server on 127.0.0.1: redirects, loops, status codes,
timeouts, size limits, robots.txt, retries and conditional GET."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "news"))

from newsserver import NewsServer

from bilateral.errors import FetchError
from bilateral.sources.http import USER_AGENT, NewsClient


@pytest.fixture
def server():
    s = NewsServer().start()
    yield s
    s.stop()


@pytest.fixture
def client():
    with NewsClient(timeout=0.5, retries=1, backoff=0.0, max_bytes=1_000_000) as c:
        yield c


def test_get_sends_a_user_agent_naming_bilateral(server, client):
    result = client.get(server.url("/feed_full.xml"))
    assert result.status == 200
    assert b"<rss" in result.content
    assert result.content_type == "application/rss+xml"
    agents = {h.get("User-Agent") for _, path, h in server.requests if path == "/feed_full.xml"}
    assert agents == {USER_AGENT}
    assert USER_AGENT.startswith("bilateral/")


def test_redirects_are_followed_and_the_final_url_kept(server, client):
    result = client.get(server.url("/redirect"))
    assert result.status == 200
    assert result.final_url == server.url("/articles/export-controls.html")


def test_a_redirect_loop_is_an_error_not_a_hang(server, client):
    with pytest.raises(FetchError, match="redirect") as info:
        client.get(server.url("/loop/a"))
    assert info.value.code == "E110"
    assert info.value.path == server.url("/loop/a")


def test_404_fails_at_once(server, client):
    with pytest.raises(FetchError, match="HTTP 404"):
        client.get(server.url("/no/such/page"))
    assert server.hits("/no/such/page") == 1


def test_500_is_retried_then_fails(server, client):
    with pytest.raises(FetchError, match=r"HTTP 500.*2 attempts"):
        client.get(server.url("/error"))
    assert server.hits("/error") == 2


def test_a_passing_500_is_retried_into_success(server, client):
    server.route("/flaky", "<rss version='2.0'><channel></channel></rss>", fail_first=1)
    result = client.get(server.url("/flaky"))
    assert result.status == 200
    assert server.hits("/flaky") == 2


def test_a_slow_server_times_out(server, client):
    with pytest.raises(FetchError, match="timed out"):
        client.get(server.url("/slow"))


def test_a_body_over_the_size_limit_is_refused(server, client):
    with pytest.raises(FetchError, match="size limit"):
        client.get(server.url("/huge.html"))


def test_robots_txt_is_respected_and_read_once(server, client):
    with pytest.raises(FetchError, match=r"robots\.txt"):
        client.get(server.url("/private/secret.html"))
    assert server.hits("/private/secret.html") == 0
    client.get(server.url("/feed_full.xml"))
    assert server.hits("/robots.txt") == 1


def test_a_robots_txt_that_disallows_everything(server):
    server.route("/robots.txt", "User-agent: bilateral\nDisallow: /\n")
    with NewsClient(timeout=0.5, retries=0) as client, pytest.raises(FetchError):
        client.get(server.url("/feed_full.xml"))
    with NewsClient(timeout=0.5, retries=0, respect_robots=False) as client:
        assert client.get(server.url("/feed_full.xml")).status == 200


def test_conditional_get_with_etag_and_last_modified(server, client):
    server.route(
        "/cond.xml",
        "<rss version='2.0'><channel></channel></rss>",
        headers={"ETag": '"v1"', "Last-Modified": "Tue, 10 Mar 2026 08:00:00 GMT"},
    )
    first = client.get(server.url("/cond.xml"))
    assert first.status == 200
    assert first.etag == '"v1"'
    again = client.get(server.url("/cond.xml"), etag=first.etag)
    assert again.not_modified
    assert again.content == b""
    by_date = client.get(server.url("/cond.xml"), last_modified=first.last_modified)
    assert by_date.not_modified
    sent = [h for _, p, h in server.requests if p == "/cond.xml"]
    assert sent[1].get("If-None-Match") == '"v1"'
    assert sent[2].get("If-Modified-Since") == "Tue, 10 Mar 2026 08:00:00 GMT"


def test_only_http_urls(client):
    with pytest.raises(FetchError, match="http"):
        client.get("ftp://127.0.0.1/file")

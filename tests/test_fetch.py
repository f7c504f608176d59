"""``fetch gdelt`` against a real HTTP server on 127.0.0.1 serving real zipped GDELT rows and
master lists written for them (tests/fixtures/gdelt/server). No test touches the internet.

The server answers Range requests with 206, and can misbehave per file: fail with 500 the
first N times, cut the connection halfway through the body (the client resumes with Range),
or serve bytes that do not match the master list (MD5 mismatch).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bilateral
from bilateral.cli import app
from bilateral.errors import FetchError
from bilateral.sources.fetch import parse_master_v1, parse_master_v2

SERVED = Path(__file__).parent / "fixtures" / "gdelt" / "server"


@dataclass
class GdeltServer:
    base: str = ""
    fail_first: dict[str, int] = field(default_factory=dict)
    cut_first: dict[str, int] = field(default_factory=dict)
    corrupt: set[str] = field(default_factory=set)
    requests: list[tuple[str, str | None]] = field(default_factory=list)

    def body(self, path: str) -> bytes | None:
        local = SERVED / path.lstrip("/")
        if not local.is_file():
            return None
        data = local.read_bytes()
        if local.name == "masterfilelist.txt":
            data = data.replace(b"{base}", f"{self.base}/v2".encode())
        if path in self.corrupt:
            data = data[:-10] + b"X" * 10
        return data


@pytest.fixture
def server() -> Iterator[GdeltServer]:
    state = GdeltServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            rng = self.headers.get("Range")
            state.requests.append((self.path, rng))
            if state.fail_first.get(self.path, 0) > 0:
                state.fail_first[self.path] -= 1
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = state.body(self.path)
            if data is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            start = 0
            if rng and rng.startswith("bytes="):
                start = int(rng[len("bytes=") :].split("-")[0])
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            part = data[start:]
            self.send_header("Content-Length", str(len(part)))
            self.end_headers()
            if state.cut_first.get(self.path, 0) > 0:
                state.cut_first[self.path] -= 1
                self.wfile.write(part[: len(part) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self.wfile.write(part)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def fetch(server: GdeltServer, tmp_path: Path, start: str, end: str, version: int = 2, **kw):
    return bilateral.fetch_gdelt(
        start,
        end,
        store=tmp_path / "f.duckdb",
        version=version,
        base_url=f"{server.base}/v{version}",
        cache=tmp_path / "cache",
        backoff=0.01,
        **kw,
    )


def export_gets(server: GdeltServer) -> list[tuple[str, str | None]]:
    return [r for r in server.requests if r[0].endswith(".zip")]


def test_master_list_parsers():
    v2 = parse_master_v2(
        "150383 297a16b493de7cf6ca809a7cc31d0b93 http://x/gdeltv2/20150218230000.export.CSV.zip\n"
        "318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://x/gdeltv2/20150218230000.mentions.CSV.zip\n",
        "http://x/gdeltv2",
    )
    assert [(f.name, f.size, f.first.isoformat()) for f in v2] == [
        ("20150218230000.export.CSV.zip", 150383, "2015-02-18")
    ]
    v1 = parse_master_v1(
        "5c96583fcb684b8dba15e625ffed093b  201302.zip\n", "560 201302.zip\n", "http://x/events"
    )
    assert (v1[0].url, v1[0].first.isoformat(), v1[0].last.isoformat()) == (
        "http://x/events/201302.zip",
        "2013-02-01",
        "2013-02-28",
    )
    with pytest.raises(FetchError) as err:
        parse_master_v2("not a list line\n", "http://x")
    assert err.value.line == 1


def test_fetch_v2_downloads_the_range_verifies_and_ingests(server, tmp_path):
    summaries = fetch(server, tmp_path, "2015-02-19", "2015-02-20")
    assert [Path(s.url).name for s in summaries] == [
        "20150219000000.export.CSV.zip",
        "20150220000000.export.CSV.zip",
    ]
    assert [s.rows_loaded for s in summaries] == [7, 6]
    assert all(s.status == "loaded" and s.kind == "gdelt2" for s in summaries)
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [
        "20150219000000.export.CSV.zip",
        "20150220000000.export.CSV.zip",
    ]
    assert not any("mentions" in path for path, _ in server.requests)
    with bilateral.Store(tmp_path / "f.duckdb") as store:
        assert store.count("events") == 13
        assert {r["md5"] for r in store.query("SELECT md5 FROM ingests")} == {
            s.md5 for s in summaries
        }


def test_second_fetch_uses_the_cache_and_changes_nothing(server, tmp_path):
    fetch(server, tmp_path, "2015-02-18", "2015-02-20")
    downloads = len(export_gets(server))
    again = fetch(server, tmp_path, "2015-02-18", "2015-02-20")
    assert len(export_gets(server)) == downloads == 3
    assert [s.status for s in again] == ["skipped"] * 3


def test_failures_are_retried_with_backoff(server, tmp_path):
    name = "/v2/20150218230000.export.CSV.zip"
    server.fail_first[name] = 2
    [summary] = fetch(server, tmp_path, "2015-02-18", "2015-02-18")
    assert summary.rows_loaded == 7
    assert [p for p, _ in server.requests].count(name) == 3


def test_a_cut_download_resumes_with_range(server, tmp_path):
    name = "/v2/20150219000000.export.CSV.zip"
    server.cut_first[name] = 1
    [summary] = fetch(server, tmp_path, "2015-02-19", "2015-02-19")
    assert summary.status == "loaded" and summary.rows_loaded == 7
    gets = [rng for path, rng in server.requests if path == name]
    size = (SERVED / "v2" / "20150219000000.export.CSV.zip").stat().st_size
    assert gets == [None, f"bytes={size // 2}-"]


def test_md5_mismatch_fails_after_retries_and_loads_nothing(server, tmp_path):
    name = "/v2/20150220000000.export.CSV.zip"
    server.corrupt.add(name)
    with pytest.raises(FetchError, match="MD5") as err:
        fetch(server, tmp_path, "2015-02-20", "2015-02-20", retries=2)
    assert err.value.code == "E110"
    assert [p for p, _ in server.requests].count(name) == 3
    assert not (tmp_path / "cache" / "20150220000000.export.CSV.zip").exists()
    with bilateral.Store(tmp_path / "f.duckdb") as store:
        assert store.count("events") == 0


def test_fetch_v1_md5sums_and_filesizes(server, tmp_path):
    summaries = fetch(server, tmp_path, "2005-06-01", "2016-07-28", version=1)
    assert [Path(s.url).name for s in summaries] == [
        "2005.zip",
        "201301.zip",
        "20160728.export.CSV.zip",
    ]
    assert [s.layout for s in summaries] == [
        "gdelt1-daily-57",
        "gdelt1-daily-57",
        "gdelt1-daily-58",
    ]
    assert [s.rows_loaded for s in summaries] == [6, 6, 12]
    only_2013 = fetch(server, tmp_path, "2013-01-15", "2013-01-15", version=1)
    assert [Path(s.url).name for s in only_2013] == ["201301.zip"]


def test_cli_fetch_gdelt(server, tmp_path):
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(
        app,
        [
            "fetch",
            "gdelt",
            "--start",
            "2015-02-18",
            "--end",
            "2015-02-18",
            "--base-url",
            f"{server.base}/v2",
            "--cache",
            str(tmp_path / "c"),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "gdelt2-export-61: 7 loaded, 0 rejected" in result.output

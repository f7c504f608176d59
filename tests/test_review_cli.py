"""The review's commands: init, review, site build, site serve, demo; errors print a code,
file and line, never a traceback."""

from __future__ import annotations

import re
import threading
import tomllib
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

import reviewdata as rd
from bilateral.cli import app, main
from bilateral.review.site import make_server
from bilateral.store import Store
from conftest import need_system

runner = CliRunner()


def test_init_writes_a_commented_config_that_loads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "bilateral.toml").read_text("utf-8")
    assert text.count("\n#") > 10
    raw = tomllib.loads(text)
    assert raw["site"]["dyads"][0]["dyad"] == "CHN-JPN"
    assert "analyst" in raw["authors"]
    again = runner.invoke(app, ["init"])
    assert again.exit_code != 0  # never replaces an existing file without --force
    assert runner.invoke(app, ["init", "--force"]).exit_code == 0


@pytest.fixture
def project(tmp_path, monkeypatch):
    toml = rd.write_project(tmp_path)
    with Store(tmp_path / "p.duckdb") as store:
        rd.fill_store(store, start="2018-09", count=8)
    monkeypatch.chdir(tmp_path)
    return tmp_path, toml


def test_site_build_and_review_commands(project):
    folder, toml = project
    result = runner.invoke(
        app,
        [
            "site",
            "build",
            "--out",
            "out",
            "--config",
            str(toml),
            "--db",
            "p.duckdb",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "built 12 installments" in result.output  # 8 months of CHN-JPN, 4 of CHN-USA
    assert (folder / "out/index.html").is_file()
    assert (folder / "out/chn-jpn/2019-03/index.html").is_file()
    result = runner.invoke(
        app,
        [
            "review",
            "--dyad",
            "chn-jpn",
            "--month",
            "2019-01",
            "--out",
            "one",
            "--config",
            str(toml),
            "--db",
            "p.duckdb",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (folder / "one/chn-jpn/2019-01/index.html").is_file()


def test_command_errors_print_code_and_location(project, capsys, monkeypatch):
    folder, toml = project
    bad = rd.COMMENTARY.replace(
        "[posts-by-tag tags=”sino-japanese review” number = “5”]",
        "[posts-by-tag tags=”sino-japanese review” number = “5”",
    )
    (folder / "commentary/chn-jpn/2019-03.md").write_text(bad, "utf-8")
    monkeypatch.setattr(
        "sys.argv",
        ["bilateral", "site", "build", "--out", "out", "--config", str(toml), "--db", "p.duckdb"],
    )
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "error[E411]:" in err and "2019-03.md:19:" in err
    assert "Traceback" not in err
    monkeypatch.setattr(
        "sys.argv",
        [
            "bilateral",
            "review",
            "--dyad",
            "CHINA",
            "--month",
            "2019-03",
            "--config",
            str(toml),
            "--db",
            "p.duckdb",
        ],
    )
    with pytest.raises(SystemExit):
        main()
    assert "error[E401]" in capsys.readouterr().err


def test_site_serve_on_localhost_only(review_site):
    server = make_server(review_site.out, 0)
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        home = httpx.get(f"http://127.0.0.1:{port}/index.html", timeout=10)
        assert home.status_code == 200 and "<h1>" in home.text
        page = httpx.get(f"http://127.0.0.1:{port}/chn-jpn/2019-03/index.html", timeout=10)
        assert page.status_code == 200 and "Key events" in page.text
        css = httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=10)
        assert css.status_code == 200
    finally:
        server.shutdown()
        server.server_close()


def test_serve_refuses_a_folder_without_a_site(tmp_path):
    from bilateral.errors import SiteError

    with pytest.raises(SiteError) as err:
        make_server(tmp_path, 0)
    assert err.value.code == "E442"


@pytest.mark.model
def test_demo_command(tmp_path):
    from bilateral.coding.pipeline import installed_models

    if not installed_models():
        need_system("an English spaCy pipeline", "pip install 'bilateral[model]'")
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert f"open {(tmp_path / 'demo/index.html').resolve().as_uri()}" in result.output
    site = tmp_path / "demo"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 60
    assert (site / "chn-jpn/2019-03/index.html").is_file()
    march = (site / "chn-jpn/2019-03/index.html").read_text("utf-8")
    assert "Hanoi" in march and 'class="posts-by-tag"' in march
    for path in pages:
        text = path.read_text("utf-8")
        assert "[posts-by-tag" not in text, path
        for href in re.findall(r'href="([^"#]+)', text):
            if href.startswith(("http://", "https://")):
                continue
            assert (path.parent / href).resolve().is_file(), (path, href)
    for path in (Path(site) / "authors").rglob("index.html"):
        assert "installment" in path.read_text("utf-8")

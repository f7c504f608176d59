"""Shared fixtures. Data from ../shared skips with a reason only when that folder is absent;
system components (spaCy model, Chromium) fail under CI=true and skip elsewhere with the
command that installs them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bilateral.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need_system(what: str, install: str) -> None:
    """Fail under CI, skip elsewhere, naming the install command."""
    message = f"{what} is not installed; install it with: {install}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared folder {SHARED} is absent")
    return SHARED


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()


@pytest.fixture(scope="session")
def review_site(tmp_path_factory):
    """The review fixture project built once per session (tests/reviewdata.py): returns the
    SiteReport; the site is in ``report.out``, the project (store, toml) in its parent."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from reviewdata import build_fixture_site

    return build_fixture_site(tmp_path_factory.mktemp("review"))

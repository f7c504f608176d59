from __future__ import annotations

import pytest

import bilateral


def test_all_is_sorted_and_complete():
    assert list(bilateral.__all__) == sorted(bilateral.__all__)
    for name in bilateral.__all__:
        assert hasattr(bilateral, name), name


def test_store_schema_is_versioned(tmp_path):
    path = tmp_path / "s.duckdb"
    with bilateral.Store(path) as store:
        assert store.schema_version() >= 1
        assert store.count("events") == 0
    with bilateral.Store(path) as store:  # reopening migrates nothing and loses nothing
        assert store.schema_version() >= 1


def test_opened_closes_only_the_store_it_opened(tmp_path):
    from bilateral.store import opened

    path = tmp_path / "s.duckdb"
    with bilateral.Store(path) as given:
        with opened(given) as same:
            assert same is given
        assert given.count("events") == 0  # still open after the block
    with opened(path) as own:
        assert own.count("events") == 0
    with pytest.raises(Exception, match="closed"):
        own.count("events")

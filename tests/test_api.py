from __future__ import annotations

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

from __future__ import annotations

import pytest

from bilateral.ontology import cameo_table, lookup, quad_class_of_root


def _read_pairs(path):
    lines = path.read_text("utf-8", errors="replace").splitlines()[1:]
    return dict(line.split("\t", 1) for line in lines if line.strip())


def test_every_code_and_goldstein_matches_gdelt(shared_data):
    folder = shared_data / "cameo-goldstein"
    gold = _read_pairs(folder / "CAMEO.goldsteinscale.txt")
    names = _read_pairs(folder / "CAMEO.eventcodes.txt")
    table = cameo_table()
    assert set(table) == set(gold) == set(names)
    for code, value in gold.items():
        entry = table[code]
        assert entry.goldstein == pytest.approx(float(value)), code
        assert entry.root == code[:2]
        assert entry.quad_class == quad_class_of_root(code[:2])
        if code != "044":  # mis-encoded in the 2013 GDELT copy
            assert entry.name == names[code].strip(), code


def test_codes_keep_leading_zeros_and_quads():
    table = cameo_table()
    assert len(table) == 311
    assert lookup("042").quad_class == 1
    assert lookup("0874").root == "08"
    assert lookup("190").quad_class == 4
    assert lookup("1056").goldstein == -5.0
    with pytest.raises(KeyError, match="999"):
        lookup("999")


@pytest.mark.parametrize(
    ("root", "quad"),
    [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3), ("14", 4), ("20", 4)],
)
def test_quad_boundaries(root, quad):
    assert quad_class_of_root(root) == quad


def test_plover_crosswalk_covers_every_code():
    for entry in cameo_table().values():
        assert entry.plover is None or entry.plover.isupper()
    assert lookup("190").plover == "ASSAULT"

"""Golden output of one installment (CHN-JPN, March 2019, from the fixture project).

Regenerate with ``python tests/regen_golden.py`` and review the diff.
"""

from __future__ import annotations

import difflib

import reviewdata as rd


def test_installment_matches_golden(review_site):
    produced = rd.golden_outputs(review_site.out.parent)
    assert sorted(produced) == sorted(p.name for p in rd.GOLDEN.iterdir())
    for name, text in produced.items():
        expected = (rd.GOLDEN / name).read_text("utf-8")
        if text != expected:
            diff = "\n".join(
                difflib.unified_diff(
                    expected.splitlines(),
                    text.splitlines(),
                    "golden/" + name,
                    "built",
                    n=2,
                    lineterm="",
                )
            )
            raise AssertionError(
                f"{name} differs from the golden file (regenerate with "
                f"`python tests/regen_golden.py` if the change is intended):\n{diff[:6000]}"
            )

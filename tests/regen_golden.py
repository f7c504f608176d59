"""Regenerate the golden files of the review: ``python tests/regen_golden.py``.

Builds the fixture project (tests/reviewdata.py) in a temporary folder and writes
tests/golden/chn-jpn-2019-03.html and .context.json. Review the diff before committing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import reviewdata as rd


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        rd.build_fixture_site(Path(tmp))
        rd.GOLDEN.mkdir(exist_ok=True)
        for name, text in rd.golden_outputs(Path(tmp)).items():
            (rd.GOLDEN / name).write_text(text, "utf-8")
            print(f"wrote {rd.GOLDEN / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

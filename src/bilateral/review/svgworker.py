"""Chart rendering worker: ``python svgworker.py IN OUT`` reads Vega-Lite
specs (JSON Lines) from IN and writes their SVGs (JSON Lines of strings) to OUT, in order.

``charts.render_many`` runs several of these at once: vl-convert renders one chart at a time
per process, so processes are how a build uses more than one core.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    import vl_convert as vlc

    source, target = argv
    with open(source, encoding="utf-8") as fin, open(target, "w", encoding="utf-8") as fout:
        for line in fin:
            fout.write(json.dumps(vlc.vegalite_to_svg(json.loads(line))) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

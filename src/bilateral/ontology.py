"""The CAMEO 1.1b3 event ontology: codes, names, roots, quad classes and Goldstein values.

The table is packaged as ``data/cameo.tsv`` (written from the public CAMEO and GDELT lookup
facts) and loaded once with :mod:`importlib.resources`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

QUAD_NAMES = {
    1: "verbal_coop",
    2: "material_coop",
    3: "verbal_conflict",
    4: "material_conflict",
}

ROOT_NAMES = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit force posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}

# CAMEO root -> PLOVER event type (an approximate, root-level crosswalk; CAMEO 01 "make
# public statement" has no PLOVER event type). Sub-codes that PLOVER places elsewhere:
PLOVER_BY_ROOT = {
    "01": None,
    "02": "REQUEST",
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "08": "CONCEDE",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}
PLOVER_BY_CODE = {
    "087": "RETREAT",
    "0871": "RETREAT",
    "0872": "RETREAT",
    "0873": "RETREAT",
    "0874": "RETREAT",
    "057": "AGREE",
    "081": "RETREAT",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    quad_class: int
    goldstein: float
    name: str

    @property
    def plover(self) -> str | None:
        return PLOVER_BY_CODE.get(self.code, PLOVER_BY_ROOT[self.root])


def quad_class_of_root(root: str) -> int:
    """1 verbal cooperation (01-05), 2 material cooperation (06-08),
    3 verbal conflict (09-13), 4 material conflict (14-20)."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


@cache
def cameo_table() -> dict[str, CameoCode]:
    """Every CAMEO event code, keyed by its code string (leading zeros kept)."""
    text = resources.files("bilateral").joinpath("data/cameo.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table: dict[str, CameoCode] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[row["code"]] = CameoCode(
            code=row["code"],
            root=row["root"],
            quad_class=int(row["quad_class"]),
            goldstein=float(row["goldstein"]),
            name=row["name"],
        )
    return table


def lookup(code: str) -> CameoCode:
    """The entry for a CAMEO code; raises KeyError naming the code when unknown."""
    try:
        return cameo_table()[code]
    except KeyError:
        raise KeyError(f"unknown CAMEO event code {code!r}") from None


def is_valid_code(code: str) -> bool:
    return code in cameo_table()


def goldstein(code: str) -> float:
    return lookup(code).goldstein

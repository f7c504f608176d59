"""Deterministic sentences from the facts of an installment.

Pure functions: the same facts always give the same words. No templates of opinion; every
clause states a number from the context ("Relations cooled in March 2019: the state index
fell from +0.80 to +0.35, the lowest since August 2018.").
"""

from __future__ import annotations

from typing import Any

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

#: Names for IGO codes and for countries whose ISO name reads badly in prose.
_NAMES = {
    "RUS": "Russia",
    "USA": "the United States",
    "GBR": "the United Kingdom",
    "PRK": "North Korea",
    "KOR": "South Korea",
    "TWN": "Taiwan",
    "IRN": "Iran",
    "SYR": "Syria",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "MDA": "Moldova",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "PHL": "the Philippines",
    "NLD": "the Netherlands",
    "ARE": "the United Arab Emirates",
    "UNO": "the United Nations",
    "EUR": "the European Union",
    "ASN": "ASEAN",
    "NAT": "NATO",
    "IAE": "the IAEA",
    "WTO": "the WTO",
    "AFR": "the African Union",
    "IMF": "the IMF",
    "WBK": "the World Bank",
    "APC": "APEC",
}

#: Change in the state index below which relations "held steady".
STEADY = 0.05


def month_name(month: str) -> str:
    """'2019-03' -> 'March 2019'."""
    year, mm = month.split("-")
    return f"{MONTHS[int(mm) - 1]} {year}"


def short_month(month: str) -> str:
    """'2019-03' -> 'Mar 2019'."""
    year, mm = month.split("-")
    return f"{MONTHS[int(mm) - 1][:3]} {year}"


def country_name(code: str | None, *, article: bool = True) -> str:
    """A readable name for an ISO alpha-3 or IGO code (``article`` keeps "the")."""
    if not code:
        return "an unidentified actor"
    name = _NAMES.get(code)
    if name is None:
        import pycountry

        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            name = code
        else:
            name = getattr(country, "common_name", None) or country.name.split(",")[0]
    if not article and name.startswith("the "):
        name = name[4:]
    return name


def dyad_name(dyad: str) -> str:
    """'CHN-JPN' -> 'China–Japan' (en dash, no articles)."""
    a, b = dyad.split("-")
    return f"{country_name(a, article=False)}–{country_name(b, article=False)}"


def dyad_between(dyad: str) -> str:
    """'CHN-JPN' -> 'China and Japan'."""
    a, b = dyad.split("-")
    return f"{country_name(a)} and {country_name(b)}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def direction(change: float | None) -> str:
    """'warmed', 'cooled' or 'held steady' for a change in the state index."""
    if change is None or abs(change) < STEADY:
        return "held steady"
    return "warmed" if change > 0 else "cooled"


def _since_clause(p: dict[str, Any]) -> str | None:
    """'the highest since August 2018', 'the lowest on record', or None."""
    for side in ("lowest", "highest"):
        if p.get(f"{side}_on_record"):
            return f"the {side} on record"
    if p.get("since_side") and p.get("since"):
        return f"the {p['since_side']} since {month_name(p['since'])}"
    return None


def lede(facts: dict[str, Any]) -> list[str]:
    """The opening sentences of an installment, from its facts:

    ``month``, ``dyad``, ``current`` (index row), ``previous`` (index row or None),
    ``perspective`` (see ``context.perspective_facts``), ``topics`` (list of topic,
    share, previous) and ``key_events`` (count of events shown).
    """
    month = facts["month"]
    when = month_name(month)
    between = dyad_between(facts["dyad"])
    now = facts["current"]
    before = facts.get("previous")
    p = facts.get("perspective") or {}
    sentences: list[str] = []

    events = int(now.get("events") or 0)
    if events == 0:
        return [f"No events between {between} were recorded in {when}."]

    state, prev_state = now.get("state"), (before or {}).get("state")
    change = state - prev_state if state is not None and prev_state is not None else None
    verb = direction(change)
    since = _since_clause(p)
    if change is None:
        first = f"Relations between {between} in {when} stood at {state:+.2f} on the state index"
        sentences.append(first + (f", {since}." if since else "."))
    else:
        moved = "rose" if change > 0 else "fell"
        detail = (
            f"the state index {moved} from {prev_state:+.2f} to {state:+.2f}"
            if verb != "held steady"
            else f"the state index stayed at {state:+.2f}"
        )
        sentences.append(
            f"Relations between {between} {verb} in {when}: {detail}"
            + (f", {since}." if since else ".")
        )

    coop = int(now.get("verbal_coop") or 0) + int(now.get("material_coop") or 0)
    conflict = int(now.get("verbal_conflict") or 0) + int(now.get("material_conflict") or 0)
    share = 100.0 * coop / events if events else 0.0
    flow = now.get("goldstein")
    flow_text = f", with a mean Goldstein score of {flow:+.2f}" if flow is not None else ""
    if events == 1:
        kind = "cooperative" if coop else "conflictual" if conflict else "neither"
        flow_text = f" (Goldstein score {flow:+.2f})" if flow is not None else ""
        sentences.append(f"The one recorded event was {kind}{flow_text}.")
    else:
        sentences.append(
            f"Of {events} recorded events, {coop} {'was' if coop == 1 else 'were'} cooperative "
            f"and {conflict} conflictual ({share:.0f}% cooperation){flow_text}."
        )

    pct = p.get("percentile")
    z = p.get("zscore")
    if pct is not None:
        sentences.append(
            f"The state of relations ranks in the "
            f"{ordinal(min(99, max(1, round(pct))))} percentile of the "
            f"{p.get('history_months') or 'earlier'} months before it."
        )
    if z is not None and abs(z) >= 1.0:
        side = "above" if z > 0 else "below"
        sentences.append(
            f"The month's flow of events lies {abs(z):.1f} standard deviations "
            f"{side} its average of the previous two years."
        )

    turning = p.get("recent_turning_point")
    if turning:
        sentences.append(f"A turning point in the series was detected in {month_name(turning)}.")

    topics = [t for t in facts.get("topics") or [] if (t.get("share") or 0) > 0]
    if topics:
        top = max(topics, key=lambda t: (t["share"], t["topic"]))
        prev_share = top.get("previous")
        trend = ""
        if prev_share is not None:
            delta = 100 * (top["share"] - prev_share)
            trend = (
                f", {'up' if delta > 0 else 'down'} from {100 * prev_share:.0f}%"
                if abs(delta) >= 1
                else ", unchanged from the month before"
            )
        sentences.append(
            f"The topic with the largest share of events was “{top['topic']}” "
            f"({100 * top['share']:.0f}%{trend})."
        )
    return sentences


def headline(facts: dict[str, Any]) -> str:
    """A title for an installment without commentary: 'China–Japan, March 2019: relations
    cooled'."""
    now = facts["current"]
    before = facts.get("previous") or {}
    state, prev_state = now.get("state"), before.get("state")
    change = state - prev_state if state is not None and prev_state is not None else None
    verb = direction(change) if int(now.get("events") or 0) else "a quiet month"
    words = f"relations {verb}" if verb != "a quiet month" else verb
    return f"{dyad_name(facts['dyad'])}, {month_name(facts['month'])}: {words}"

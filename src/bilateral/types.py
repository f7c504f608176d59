"""Plain data passed between the stages: documents, actors, events, monthly scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Actor:
    """Who acts or is acted upon: a country (ISO 3166-1 alpha-3) or an IGO code, an agent
    (GOV, MIL, ...) and the words that named it."""

    code: str | None
    agent: str | None = None
    text: str = ""
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "agent": self.agent, "text": self.text}


@dataclass(slots=True)
class Event:
    """One coded event with its provenance. ``code`` is the CAMEO event code (a string)."""

    source: Actor
    target: Actor
    code: str
    root: str
    quad: int
    goldstein: float
    verb: str = ""
    pattern: str = ""
    confidence: float = 1.0
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.to_dict(),
            "target": self.target.to_dict(),
            "code": self.code,
            "root": self.root,
            "quad": self.quad,
            "goldstein": self.goldstein,
            "verb": self.verb,
            "pattern": self.pattern,
            "confidence": self.confidence,
            "start": self.start,
            "end": self.end,
        }


@dataclass(slots=True)
class Document:
    """A news article or text, before or after it is stored."""

    doc_id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: dt.datetime | None = None
    outlet: str | None = None
    author: str | None = None
    topics: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class MonthlyScore:
    """One month of one dyad (see index.py for the definitions)."""

    dyad: str
    month: str
    events: int
    values: dict[str, Any] = field(default_factory=dict)

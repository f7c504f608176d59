"""Plain data passed between the stages: actors and coded events.

An article as read is :class:`bilateral.sources.news.Article`; index rows are plain dicts
(see :func:`bilateral.monthly_index`)."""

from __future__ import annotations

from dataclasses import dataclass
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

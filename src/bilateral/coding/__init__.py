"""The event coder: dictionaries (actors, agents, IGOs), spaCy components and evaluation."""

from __future__ import annotations

from .dictionaries import (
    ActorEntry,
    AgentEntry,
    Dictionaries,
    import_petrarch,
    import_petrarch_dictionaries,
    load_dictionaries,
)

__all__ = [
    "ActorEntry",
    "AgentEntry",
    "Dictionaries",
    "import_petrarch",
    "import_petrarch_dictionaries",
    "load_dictionaries",
]

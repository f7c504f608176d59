"""Event data sources: GDELT and ICEWS files (``gdelt``, ``icews``), verified downloads
(``fetch``). Each loader returns one :class:`IngestSummary` per file."""

from __future__ import annotations

from ._load import IngestSummary
from .fetch import fetch_gdelt
from .gdelt import ingest_gdelt
from .icews import ingest_icews

__all__ = ["IngestSummary", "fetch_gdelt", "ingest_gdelt", "ingest_icews"]

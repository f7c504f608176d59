"""bilateral: a running, measured commentary on the relationship between two countries."""

from __future__ import annotations

from .coding.coder import Coder, code
from .coding.dictionaries import Dictionaries, load_dictionaries
from .errors import BilateralError
from .index import monthly_index
from .news import ingest_news, update_feeds
from .ontology import cameo_table
from .review import build_review, build_site
from .sources import IngestSummary, fetch_gdelt, ingest_gdelt, ingest_icews
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "BilateralError",
    "Coder",
    "Dictionaries",
    "IngestSummary",
    "Store",
    "__version__",
    "build_review",
    "build_site",
    "cameo_table",
    "code",
    "fetch_gdelt",
    "ingest_gdelt",
    "ingest_icews",
    "ingest_news",
    "load_dictionaries",
    "monthly_index",
    "update_feeds",
]

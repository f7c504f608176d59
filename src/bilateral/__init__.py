"""bilateral: a running, measured commentary on the relationship between two countries."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name lives. Imported on first use (PEP 562), so a command or a script
#: pays only for the stages it uses: ``bilateral ingest gdelt`` does not load the coder,
#: the news pipeline or the review site.
_LAZY = {
    "BilateralError": ".errors",
    "Coder": ".coding.coder",
    "Dictionaries": ".coding.dictionaries",
    "IngestSummary": ".sources",
    "Store": ".store",
    "build_review": ".review",
    "build_site": ".review",
    "cameo_table": ".ontology",
    "code": ".coding.coder",
    "fetch_gdelt": ".sources",
    "ingest_gdelt": ".sources",
    "ingest_icews": ".sources",
    "ingest_news": ".news",
    "load_dictionaries": ".coding.dictionaries",
    "monthly_index": ".index",
    "update_feeds": ".news",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bilateral' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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

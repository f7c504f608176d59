"""Errors raised by bilateral, each with a stable code that scripts and CI can grep.

The tree::

    BilateralError                 base of everything bilateral raises on purpose
    ├── IngestError      E1xx      reading GDELT, ICEWS or news input
    │   ├── BadRowError  E101      one malformed input row (file, line, reason)
    │   ├── LayoutError  E102      a file whose column layout is not a known one
    │   ├── FetchError   E110      a download failed (HTTP status, size or MD5 mismatch)
    │   ├── SourceError  E120      a news source could not be read (feed, page, folder)
    │   └── TopicError   E130      a topic lexicon that does not validate (file, line)
    ├── CodingError      E2xx      the event coder
    │   ├── ModelNotFound  E201    no English spaCy pipeline installed
    │   └── DictionaryError E210   a dictionary file that does not validate (file, line)
    ├── StoreError       E3xx      the DuckDB store (schema, migrations, queries)
    │   └── IndexRequestError E310 a bad index request (dyad, month, origin, topic)
    └── SiteError        E4xx      the review and the site (templates, shortcodes)
                         E401/E402 a dyad or month that is not one; E403 bad [site] or
                         [authors] settings; E404 init would replace a file; E405 no store;
                         E410 a commentary file (front matter); E411 a malformed and E412 an
                         unknown shortcode (file, line); E413 an author not in [authors];
                         E414 an unrendered shortcode caught before publishing; E415 a
                         commentary file not named YYYY-MM.md; E420 an external series CSV
                         (file, line); E430 no events that month; E431 commentary for a
                         month without an installment;
                         E440 unsafe output path; E441 output folder not a bilateral site;
                         E442 nothing to serve; E450 a chart worker failed; E460 the demo

A command-line error prints ``error[E101]: <file>:<line>: <what is wrong>`` and a hint,
never a traceback.
"""

from __future__ import annotations


class BilateralError(Exception):
    """Base class. ``code`` is stable; ``path`` and ``line`` locate the problem when known."""

    code = "E000"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint
        if code is not None:
            self.code = code

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "

    def __str__(self) -> str:
        return f"{self.location()}{self.message}"

    def render(self) -> str:
        """The one-line form the CLI prints, plus the hint on a second line."""
        text = f"error[{self.code}]: {self}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class IngestError(BilateralError):
    code = "E100"


class BadRowError(IngestError):
    code = "E101"


class LayoutError(IngestError):
    code = "E102"


class FetchError(IngestError):
    code = "E110"


class SourceError(IngestError):
    code = "E120"


class TopicError(IngestError):
    code = "E130"


class CodingError(BilateralError):
    code = "E200"


class ModelNotFound(CodingError):
    code = "E201"


class DictionaryError(CodingError):
    code = "E210"


class StoreError(BilateralError):
    code = "E300"


class IndexRequestError(StoreError):
    code = "E310"


class SiteError(BilateralError):
    code = "E400"

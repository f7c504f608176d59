"""The event coder: English sentences in, CAMEO events with their provenance out.

From Python::

    >>> from bilateral import code
    >>> code(["Japanese Prime Minister Shinzo Abe visited Beijing."], dates=["2018-10-26"])
    [[Event(source=Actor(code='JPN', ...), target=Actor(code='CHN', ...), code='042', ...)]]

``Coder`` loads the spaCy pipeline once and codes any number of texts in batches
(``nlp.pipe``); ``code_file`` streams a JSON Lines or plain-text file to JSON Lines, one output
line per input line, never stopping on a bad line (it gets ``events: []`` and ``error``).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar, cast

from ..errors import CodingError
from ..types import Event

if TYPE_CHECKING:
    from spacy.language import Language

    from ..store import Store
    from .components import EventMatcher

#: texts longer than this (characters) are refused with an error, keeping memory bounded
MAX_TEXT_CHARS = 20_000
BATCH_SIZE = 256
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DateLike = str | dt.date | dt.datetime | None
P = TypeVar("P")


def parse_date(value: DateLike) -> dt.date | None:
    """A sentence date from ISO text (``2018-10-26``, ``20181026``, a timestamp) or a date.
    Raises ValueError for an impossible date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"date must be text (YYYY-MM-DD), not {type(value).__name__}")
    text = value.strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"impossible date {value!r} (expected YYYY-MM-DD)") from None


#: function words of English and of the languages most often mistaken for it in news feeds;
#: a text is refused as not English when the foreign ones clearly outnumber the English ones
ENGLISH_MARKERS = frozenset(
    {
        "the",
        "of",
        "and",
        "to",
        "for",
        "with",
        "at",
        "said",
        "was",
        "were",
        "is",
        "by",
        "has",
        "have",
        "had",
        "that",
        "from",
        "will",
        "are",
        "its",
        "their",
        "this",
        "in",
        "which",
        "would",
        "been",
        "after",
        "his",
        "her",
        "he",
        "she",
        "they",
        "it",
        "on",
        "an",
        "who",
        "but",
        "or",
        "not",
        "a",
    }
)
FOREIGN_MARKERS = frozenset(
    {
        "le",
        "la",
        "les",
        "des",
        "du",
        "une",
        "et",
        "est",
        "dans",
        "pour",
        "avec",
        "sur",
        "qui",
        "que",
        "au",
        "aux",
        "el",
        "los",
        "las",
        "del",
        "por",
        "con",
        "una",
        "y",
        "es",
        "para",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "mit",
        "für",
        "von",
        "den",
        "dem",
        "nicht",
        "auf",
        "sich",
        "ein",
        "eine",
        "os",
        "do",
        "dos",
        "em",
        "com",
        "não",
        "um",
        "uma",
        "il",
        "della",
        "di",
        "che",
        "per",
        "gli",
        "nel",
        "het",
        "een",
        "van",
        "op",
        "voor",
        "zijn",
    }
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def check_text(text: Any) -> str | None:
    """Why ``text`` cannot be coded, or None when it can."""
    if not isinstance(text, str):
        return "text is missing or not a string"
    if not text.strip():
        return "empty text"
    if len(text) > MAX_TEXT_CHARS:
        return f"text too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})"
    if _CONTROL_RE.search(text):
        return "text contains control characters"
    if not text.isascii():
        letters = [c for c in text if c.isalpha()]
        if letters:
            latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
            if latin / len(letters) < 0.6:
                return "text is not English (mostly non-Latin script)"
    words = _WORD_RE.findall(text.lower())
    if len(words) >= 6:
        english = sum(1 for w in words if w in ENGLISH_MARKERS)
        foreign = sum(1 for w in words if w in FOREIGN_MARKERS)
        if foreign >= 3 and foreign > 2 * english:
            return "text is not English (foreign function words)"
    return None


@dataclass
class CodeSummary:
    """What a file run did."""

    lines: int = 0
    coded: int = 0
    events: int = 0
    errors: int = 0
    error_reasons: dict[str, int] = field(default_factory=dict)
    stored: int = 0


class Coder:
    """A reusable coder: the spaCy pipeline loaded once with the dictionaries.

    ``model``: a spaCy pipeline name (default: the first installed English pipeline).
    ``dictionaries``: user dictionary files layered over the packaged ones.
    ``nlp``: an already-built pipeline (from :func:`build_pipeline`), mainly for tests.
    ``n_process``: code in this many processes (forked workers sharing the loaded pipeline;
    only events travel back). Worth it for thousands of texts; the events are the same.
    ``conventions``: ``"guidelines"`` (default, shared/gold/GUIDELINES.md) or ``"petrarch"``,
    which codes as PETRARCH-coded data does where the two differ (future and agreed acts
    as the act, a leading "X said" as the statement, the meeting place as the target), for
    series meant to sit beside Phoenix or GDELT; see docs/coder.md.
    """

    def __init__(
        self,
        model: str | None = None,
        dictionaries: Sequence[str | Path] = (),
        *,
        nlp: Language | None = None,
        batch_size: int = BATCH_SIZE,
        n_process: int = 1,
        conventions: str = "guidelines",
    ) -> None:
        from .dictionaries import load_dictionaries
        from .pipeline import build_pipeline

        self.dictionaries = load_dictionaries(list(dictionaries))
        if nlp is None:
            nlp = build_pipeline(model, self.dictionaries)
        else:
            from .components import configure

            configure(nlp, self.dictionaries)
        self.nlp = nlp
        self.conventions = conventions
        self.batch_size = batch_size
        self.n_process = max(1, n_process)

    @property
    def conventions(self) -> str:
        """``"guidelines"`` or ``"petrarch"``: how the event matcher reads the cases careful
        coders split on; settable between runs."""
        return self._matcher().conventions

    @conventions.setter
    def conventions(self, value: str) -> None:
        from .clauses import check_conventions

        self._matcher().conventions = check_conventions(value)

    def _matcher(self) -> EventMatcher:
        return cast("EventMatcher", self.nlp.get_pipe("bilateral_events"))

    @property
    def model_name(self) -> str:
        return f"{self.nlp.meta.get('name', 'blank')}-{self.nlp.meta.get('version', '')}"

    def code_texts(
        self, texts: Iterable[str], dates: Iterable[DateLike] | None = None
    ) -> Iterator[list[Event]]:
        """One list of events per text, in order. Event ``start``/``end`` are character
        offsets in that text. A date that cannot be read raises ValueError; a text that
        cannot be coded (see :func:`check_text`) gives an empty list."""
        date_iter = iter(dates) if dates is not None else None

        def items() -> Iterator[tuple[str, dt.date | None, None]]:
            for text in texts:
                when = parse_date(next(date_iter, None)) if date_iter is not None else None
                yield (text if check_text(text) is None else ""), when, None

        for events, _ in self._pipe(items()):
            yield events

    def _pipe(
        self, items: Iterable[tuple[str, dt.date | None, P]]
    ) -> Iterator[tuple[list[Event], P]]:
        """Code texts in order. Each item is (text, date, payload); the payload comes back
        with the events. With ``n_process`` > 1 (and ``fork`` available) batches are coded
        in worker processes that share this loaded pipeline, and only events travel back.
        Memory stays bounded: a few batches are in flight at a time."""
        if self.n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            yield from self._pipe_parallel(items)
            return
        pending: deque[tuple[dt.date | None, P]] = deque()

        def docs() -> Iterator[Any]:
            for text, when, payload in items:
                pending.append((when, payload))
                doc = self.nlp.make_doc(text)
                doc._.bilateral_date = when
                yield doc

        for doc in self.nlp.pipe(docs(), batch_size=self.batch_size):
            _, payload = pending.popleft()
            yield list(doc._.bilateral_events or ()), payload

    def _pipe_parallel(
        self, items: Iterable[tuple[str, dt.date | None, P]]
    ) -> Iterator[tuple[list[Event], P]]:
        global _WORKER_CODER
        _WORKER_CODER = self
        context = multiprocessing.get_context("fork")
        window = 2 * self.n_process
        with context.Pool(self.n_process) as pool:
            in_flight: deque[tuple[Any, list[P]]] = deque()
            batch: list[tuple[str, dt.date | None]] = []
            payloads: list[P] = []
            for text, when, payload in items:
                batch.append((text, when))
                payloads.append(payload)
                if len(batch) >= self.batch_size:
                    in_flight.append((pool.apply_async(_code_batch, (batch,)), payloads))
                    batch, payloads = [], []
                    while len(in_flight) >= window:
                        result, done = in_flight.popleft()
                        yield from zip(result.get(), done, strict=True)
            if batch:
                in_flight.append((pool.apply_async(_code_batch, (batch,)), payloads))
            while in_flight:
                result, done = in_flight.popleft()
                yield from zip(result.get(), done, strict=True)

    def code(self, text: str, date: DateLike = None) -> list[Event]:
        """The events of one text."""
        return next(self.code_texts([text], [date]))

    # -- files -------------------------------------------------------------------------------
    def code_records(
        self, records: Iterable[dict[str, Any]]
    ) -> Iterator[tuple[dict[str, Any], list[Event]]]:
        """Code parsed input records in order. A record with an ``error`` key passes through
        with no events; otherwise its ``text`` and ``date`` are checked and coded."""

        def gen() -> Iterator[tuple[dict[str, Any], str, dt.date | None]]:
            for record in records:
                when = None
                if "error" not in record:
                    problem = check_text(record.get("text"))
                    if problem is None:
                        try:
                            when = parse_date(record.get("date"))
                        except ValueError as exc:
                            problem = str(exc)
                    if problem is not None:
                        record["error"] = problem
                if "error" in record:
                    yield record, "", None
                else:
                    yield record, record["text"], when

        for events, record in self._pipe((text, when, record) for record, text, when in gen()):
            yield record, ([] if "error" in record else events)

    def code_file(
        self,
        source: str | Path | IO[str],
        out: IO[str],
        *,
        store: Store | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> CodeSummary:
        """Stream ``source`` (JSON Lines of {id, text, date, ...} or plain text, one sentence
        or paragraph a line) to ``out`` as JSON Lines, one line per input line, in order.
        ``store``: also write the events to the store (origin ``coder``). ``progress`` is
        called with the number of input lines done so far."""
        summary = CodeSummary()
        uri = str(source) if not hasattr(source, "read") else getattr(source, "name", "<stdin>")
        handle: IO[str]
        if hasattr(source, "read"):
            handle = source  # type: ignore[assignment]
            close = False
        else:
            try:
                handle = open(source, encoding="utf-8", errors="replace", newline="")  # noqa: SIM115
            except OSError as exc:
                raise CodingError(f"cannot read the input: {exc.strerror}", path=uri) from None
            close = True
        writer = _StoreWriter(store, uri) if store is not None else None
        try:
            for record, events in self.code_records(read_records(handle)):
                line = record.pop("_line")
                summary.lines += 1
                out_record = dict(record)
                out_record["events"] = [e.to_dict() for e in events]
                if "error" in record:
                    summary.errors += 1
                    reason = re.split(r"[:('\"]", str(record["error"]))[0].strip()
                    summary.error_reasons[reason] = summary.error_reasons.get(reason, 0) + 1
                else:
                    summary.coded += 1
                    summary.events += len(events)
                    if writer is not None:
                        writer.add(record, line, events)
                out.write(json.dumps(out_record, ensure_ascii=False) + "\n")
                if progress is not None:
                    progress(summary.lines)
        except BaseException as exc:
            if writer is not None:
                writer.abort(summary, exc)
            raise
        finally:
            if close:
                handle.close()
        if writer is not None:
            summary.stored = writer.finish(summary)
        return summary


def read_records(handle: IO[str]) -> Iterator[dict[str, Any]]:
    """Input records with their line number (``_line``). The format (JSON Lines or plain
    text) is decided by the first non-empty line. A bad line becomes a record with
    ``error``; a line longer than the limit is never held whole in memory twice."""
    mode: str | None = None
    for number, raw in enumerate(_bounded_lines(handle), 1):
        line, truncated = raw
        text = line.rstrip("\r\n")
        if mode is None and text.strip():
            mode = "jsonl" if text.lstrip().startswith("{") else "text"
        if truncated:
            yield {
                "_line": number,
                "text": None,
                "error": f"line too long (over {MAX_TEXT_CHARS:,} characters)",
            }
            continue
        if not text.strip():
            yield {"_line": number, "error": "empty line"}
            continue
        if mode == "text":
            yield {"_line": number, "id": str(number), "text": text.strip()}
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield {"_line": number, "error": f"not JSON: {exc.msg} (column {exc.colno})"}
            continue
        if not isinstance(obj, dict):
            yield {"_line": number, "error": "not a JSON object"}
            continue
        obj.pop("events", None)
        obj.pop("error", None)
        record = {"_line": number, **obj}
        record.setdefault("id", str(number))
        if "text" not in obj:
            record["error"] = "missing text"
        yield record


def _bounded_lines(
    handle: IO[str], limit: int = MAX_TEXT_CHARS + 4096
) -> Iterator[tuple[str, bool]]:
    """Lines of ``handle``; a line longer than ``limit`` is skipped in chunks and reported
    as truncated, so a 1 MB "sentence" never sits in memory more than a chunk at a time."""
    while True:
        line = handle.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith("\n"):
            while True:
                rest = handle.readline(limit)
                if not rest or rest.endswith("\n"):
                    break
            yield "", True
            continue
        yield line, False


class _StoreWriter:
    """Writes coded events to the store as they come, in batches, inside one transaction
    with a ledger row (kind ``coder``): memory stays bounded, and a failed run leaves the
    store as it was. Coding an id again replaces that id's earlier events."""

    BATCH = 5_000
    INSERT = (
        "INSERT INTO events (event_id, origin, origin_id, date, source_code, source_agent, "
        "source_text, target_code, target_agent, target_text, cameo, root, quad_class, "
        "goldstein, weight, story, url, char_start, char_end, verb, pattern, confidence, "
        "src_line, ingest_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)"
    )

    def __init__(self, store: Store, uri: str) -> None:
        self.store = store
        self.ingest_id = store.begin_ingest("coder", uri)
        self.rows: list[list[Any]] = []
        self.stories: list[str] = []
        self.stored = 0
        store.execute("BEGIN TRANSACTION")

    def add(self, record: dict[str, Any], line: int, events: list[Event]) -> None:
        story = str(record.get("id", line))
        when = parse_date(record.get("date")) or dt.date.today()
        self.stories.append(story)
        for n, event in enumerate(events):
            self.rows.append(
                [
                    f"coder:{story}:{n}",
                    "coder",
                    f"{story}:{n}",
                    when,
                    event.source.code,
                    event.source.agent,
                    event.source.text,
                    event.target.code,
                    event.target.agent,
                    event.target.text,
                    event.code,
                    event.root,
                    event.quad,
                    event.goldstein,
                    1.0,
                    story,
                    record.get("url"),
                    event.start,
                    event.end,
                    event.verb,
                    event.pattern,
                    event.confidence,
                    line,
                    self.ingest_id,
                ]
            )
        if len(self.rows) >= self.BATCH or len(self.stories) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self.stories:
            self.store.execute(
                "DELETE FROM events WHERE origin = 'coder' AND story IN (SELECT unnest(?))",
                [self.stories],
            )
        if self.rows:
            self.store.con.executemany(self.INSERT, self.rows)
        self.stored += len(self.rows)
        self.rows, self.stories = [], []

    def finish(self, summary: CodeSummary) -> int:
        try:
            self.flush()
            self.store.execute("COMMIT")
        except Exception as exc:
            self.abort(summary, exc)
            raise
        self.store.finish_ingest(
            self.ingest_id,
            status="loaded",
            rows_seen=summary.lines,
            rows_loaded=self.stored,
            rows_rejected=summary.errors,
        )
        return self.stored

    def abort(self, summary: CodeSummary, exc: BaseException) -> None:
        self.store.execute("ROLLBACK")
        self.store.finish_ingest(
            self.ingest_id,
            status="failed",
            rows_seen=summary.lines,
            message=str(exc) or type(exc).__name__,
        )


#: the coder a forked worker process uses (set in the parent just before the fork)
_WORKER_CODER: Coder | None = None


def _code_batch(batch: list[tuple[str, dt.date | None]]) -> list[list[Event]]:
    """Worker side of :meth:`Coder._pipe_parallel`."""
    coder = _WORKER_CODER
    assert coder is not None
    saved, coder.n_process = coder.n_process, 1
    try:
        return [events for events, _ in coder._pipe((t, d, None) for t, d in batch)]
    finally:
        coder.n_process = saved


_DEFAULT: dict[tuple[str | None, tuple[str, ...]], Coder] = {}


def code(
    texts: str | Iterable[str],
    dates: Iterable[DateLike] | DateLike = None,
    *,
    model: str | None = None,
    dictionaries: Sequence[str | Path] = (),
) -> list[list[Event]]:
    """Code texts; returns one list of :class:`~bilateral.types.Event` per text, in order.
    ``dates``: one date per text (ISO text or ``datetime.date``), or one date for all."""
    if isinstance(texts, str):
        texts = [texts]
    texts = list(texts)
    if dates is None or isinstance(dates, (str, dt.date)):
        date_list: list[DateLike] = [dates] * len(texts)
    else:
        date_list = list(dates)
        if len(date_list) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(date_list)} dates")
    key = (model, tuple(str(p) for p in dictionaries))
    coder = _DEFAULT.get(key)
    if coder is None:
        coder = _DEFAULT[key] = Coder(model, dictionaries)
    return list(coder.code_texts(texts, date_list))

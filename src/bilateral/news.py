"""News ingestion: sources -> documents -> story clusters -> coded, tagged events in the store.

``ingest_news(sources, store=...)`` reads each source (an RSS/Atom feed by URL or file, an
article URL or saved HTML file, a folder of ``.txt``/``.md``/``.html`` files, or a JSON Lines
file of ``{"url", "title", "published", "text"[, "outlet"]}``) and for every article:

1. gives it an identity: ``doc_id`` = hash of the canonical URL (tracking parameters and the
   fragment removed), else of the text; and a ``content_hash`` of the normalised text. An
   article already stored with the same content hash is skipped (idempotent); one whose text
   changed has its old sentences and events replaced in the same transaction;
2. clusters it with its near-duplicates (MinHash over word shingles, datasketch LSH): a wire
   story republished with other headlines and boilerplate joins the story's cluster. The
   cluster id (the doc id of the story's first article) is ``documents.cluster_id`` and
   ``events.story``; each article's events have ``weight`` 1, so the index can count distinct
   stories and keep the count of reports beside them;
3. splits its text into sentences (spaCy sentencizer), codes them with the coder in batches
   (the article's date resolves who "the prime minister" is), and tags documents and events
   with topics (``bilateral.topics``);
4. stores documents, sentence spans and events (origin ``coder``) chunk by chunk, each chunk
   in one transaction, so nothing of a failed article is half-stored.

Every source gets a ledger row (``ingests``, kind ``news``) with status ``loaded``, ``skipped``
(a feed not modified since the last poll) or ``failed`` and a message; an article that fails
inside a feed or folder goes to ``rejects`` and the other articles continue. The summary
(``NewsSummary``) says the same per source.

``update_feeds`` polls the feeds of ``bilateral.toml`` (``[[feeds]] url = ...``) with
conditional GET and fetches only items not already stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import duckdb
import numpy as np

from .errors import BilateralError, ModelNotFound, SourceError, StoreError
from .sources import news as readers
from .sources.http import DEFAULT_MAX_BYTES, NewsClient
from .store import Store, opened
from .topics import Topics, load_topics
from .types import Event

if TYPE_CHECKING:
    from datasketch import LeanMinHash

KIND = "news"
ORIGIN = "coder"
#: articles coded and stored per transaction
CHUNK = 64

# -- identity ----------------------------------------------------------------------------------

_TRACKING_EXACT = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "cmpid",
        "ncid",
        "ocid",
        "sr_share",
        "rss",
        "ref_src",
        "s_kwcid",
        "spm",
        "__twitter_impression",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "ga_")


def canonical_url(url: str) -> str:
    """The URL that identifies an article: scheme and host lower-cased, default port, fragment
    and tracking parameters (utm_*, fbclid, gclid, ...) removed, other parameters sorted.

    >>> canonical_url("HTTPS://Example.com:443/a/b?utm_source=x&id=2&fbclid=y#top")
    'https://example.com/a/b?id=2'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host
    if parts.username or parts.password:
        netloc = f"{parts.username or ''}{':' + parts.password if parts.password else ''}@{host}"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc += f":{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _TRACKING_EXACT and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    query.sort()
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(text: str) -> str:
    """Hash of the text with whitespace normalised (a re-wrapped article is unchanged)."""
    return _digest(" ".join(text.split()))


def document_id(url: str | None, text: str) -> str:
    """``doc_id``: 20 hex digits of the hash of the canonical URL, else of the text."""
    if url:
        return _digest("url:" + canonical_url(url))[:20]
    return _digest("text:" + " ".join(text.split()))[:20]


# -- near-duplicates ---------------------------------------------------------------------------

SHINGLE_WORDS = 5
NUM_PERM = 128
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Distinct word ``size``-grams of the lower-cased text (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash(text: str) -> tuple[LeanMinHash, int]:
    """The MinHash signature of a text's shingles and the number of shingles."""
    from datasketch import LeanMinHash, MinHash

    grams = shingles(text)
    m = MinHash(num_perm=NUM_PERM)
    m.update_batch(grams)
    return LeanMinHash(m), len(grams)


class StoryClusters:
    """Near-duplicate clusters of documents (MinHash LSH).

    A document joins the cluster of its most similar stored document when their estimated
    Jaccard similarity is at least ``jaccard``, or when the shorter one is at least
    ``containment`` contained in the longer (a republication cut short); otherwise it founds
    a new cluster named by its own doc id. Clusters never merge afterwards, so cluster ids
    are stable. Two documents whose publication dates are both known and more than
    ``window_days`` apart are never one story (a statement repeated every year on an
    anniversary is a new story each year).
    """

    def __init__(
        self,
        *,
        jaccard: float = 0.4,
        containment: float = 0.6,
        candidates: float = 0.25,
        window_days: int | None = 7,
    ) -> None:
        from datasketch import MinHashLSH

        self.jaccard = jaccard
        self.containment = containment
        self.window = dt.timedelta(days=window_days) if window_days is not None else None
        self._lsh = MinHashLSH(threshold=candidates, num_perm=NUM_PERM)
        self._members: dict[str, tuple[LeanMinHash, int, str, dt.date | None]] = {}

    def __len__(self) -> int:
        return len(self._members)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._members

    def add(
        self,
        doc_id: str,
        signature: LeanMinHash,
        size: int,
        cluster_id: str,
        date: dt.date | None = None,
    ) -> None:
        if doc_id in self._members:
            self.remove(doc_id)
        self._lsh.insert(doc_id, signature)
        self._members[doc_id] = (signature, size, cluster_id, date)

    def remove(self, doc_id: str) -> None:
        if doc_id in self._members:
            self._lsh.remove(doc_id)
            del self._members[doc_id]

    def match(self, signature: LeanMinHash, size: int, date: dt.date | None = None) -> str | None:
        """The cluster a document with this signature belongs to, or None (a new story)."""
        best: tuple[float, str] | None = None
        for other in self._lsh.query(signature):
            other_sig, other_size, cluster_id, other_date = self._members[other]
            if (
                self.window is not None
                and date is not None
                and other_date is not None
                and abs(date - other_date) > self.window
            ):
                continue
            j = signature.jaccard(other_sig)
            shared = j * (size + other_size) / (1.0 + j)
            smaller = max(1, min(size, other_size))
            contained = shared / smaller if smaller >= 20 else 0.0
            if j >= self.jaccard or contained >= self.containment:
                score = max(j, contained)
                if best is None or score > best[0]:
                    best = (score, cluster_id)
        return best[1] if best else None

    def assign(
        self, doc_id: str, signature: LeanMinHash, size: int, date: dt.date | None = None
    ) -> str:
        """Add the document and return its cluster id."""
        self.remove(doc_id)
        cluster_id = self.match(signature, size, date) or doc_id
        self.add(doc_id, signature, size, cluster_id, date)
        return cluster_id

    @classmethod
    def from_store(cls, store: Store, **options: Any) -> StoryClusters:
        """Clusters of every document stored with a signature."""
        from datasketch import LeanMinHash

        clusters = cls(**options)
        rows = store.execute(
            "SELECT s.doc_id, s.shingles, s.signature, d.cluster_id, CAST(d.published AS DATE) "
            "FROM document_signatures s JOIN documents d USING (doc_id)"
        ).fetchall()
        for doc_id, size, blob, cluster_id, published in rows:
            values = np.frombuffer(blob, dtype="<u8")
            if len(values) != NUM_PERM:
                continue
            sig = LeanMinHash(seed=1, hashvalues=values, scheme="affine32")
            clusters.add(doc_id, sig, int(size), cluster_id or doc_id, published)
        return clusters


def _signature_blob(signature: LeanMinHash) -> bytes:
    return np.asarray(signature.hashvalues, dtype="<u8").tobytes()


# -- sentences ---------------------------------------------------------------------------------


_OPENING = "\"\u201c\u2018'"


class SentenceSplitter:
    """Sentence spans of texts: paragraphs (blank lines or line breaks), then spaCy's rule-based
    sentencizer on a blank English pipeline (fast: no parser needed before coding)."""

    def __init__(self) -> None:
        import spacy

        self._nlp = spacy.blank("en")
        self._nlp.add_pipe("sentencizer")

    def split(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """For each text, the (start, end) character spans of its sentences, in order."""
        paragraphs: list[tuple[int, int, str]] = []
        for i, text in enumerate(texts):
            for m in re.finditer(r"[^\n]+", text):
                if m.group().strip():
                    paragraphs.append((i, m.start(), m.group()))
        spans: list[list[tuple[int, int]]] = [[] for _ in texts]
        docs = self._nlp.pipe((p[2] for p in paragraphs), batch_size=256)
        for (i, offset, _), doc in zip(paragraphs, docs, strict=True):
            text = texts[i]
            pending: int | None = None  # an opening quote left at the end of the last sentence
            for sent in doc.sents:
                start = offset + sent.start_char
                end = offset + sent.end_char
                if pending is not None:
                    start, pending = pending, None
                stripped = text[start:end].rstrip()
                if len(stripped) >= 2 and stripped[-1] in _OPENING and stripped[-2].isspace():
                    pending = start + len(stripped) - 1
                    end = start + len(stripped[:-1].rstrip())
                if text[start:end].strip():
                    spans[i].append((start, end))
        return spans


# -- the summary -------------------------------------------------------------------------------


@dataclass
class SourceSummary:
    """What happened to one source."""

    source: str
    kind: str = ""
    status: str = "running"
    ingest_id: int | None = None
    documents_seen: int = 0
    documents_new: int = 0
    documents_updated: int = 0
    documents_unchanged: int = 0
    documents_failed: int = 0
    events: int = 0
    message: str | None = None
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class NewsSummary:
    """Per-source results of ``ingest_news``/``update_feeds``."""

    sources: list[SourceSummary] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceSummary]:
        return [s for s in self.sources if s.status == "failed"]

    def total(self, name: str) -> int:
        return sum(int(getattr(s, name)) for s in self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {"sources": [s.to_dict() for s in self.sources]}


# -- the pipeline ------------------------------------------------------------------------------


class EventCoder(Protocol):
    """What ingestion needs of the coder (``bilateral.coding.coder.Coder``)."""

    def code_texts(self, texts: Sequence[str], dates: Sequence[Any]) -> Iterator[list[Event]]: ...


@dataclass
class _Prepared:
    article: readers.Article
    doc_id: str
    url: str | None
    content_hash: str
    replaces: bool
    date: dt.date
    spans: list[tuple[int, int]] = field(default_factory=list)
    events: list[tuple[int, Event]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sentence_topics: list[list[str]] = field(default_factory=list)
    signature: LeanMinHash | None = None
    shingle_count: int = 0
    cluster_id: str = ""


@dataclass
class _Pending:
    """A batch annotated and (with worker processes) being coded, not yet stored."""

    batch: list[_Prepared]
    keys: list[tuple[str, dt.date]]
    future: Future | None = None


# Worker processes (``workers > 1``) each hold one coder, made once by the pool's initializer;
# this process-local slot is never used in the main process.
_WORKER: dict[str, Any] = {}


def _start_worker(model: str | None, dictionaries: tuple[str, ...]) -> None:
    from .coding.coder import Coder

    _WORKER["coder"] = Coder(model=model, dictionaries=dictionaries)


def _code_in_worker(texts: list[str], dates: list[dt.date]) -> list[list[Event]]:
    return [list(events) for events in _WORKER["coder"].code_texts(texts, dates)]


ProgressCallback = Callable[[str, int], None]

NEWS_TABLES = ("sentences", "document_signatures", "fetch_validators")


def _ensure_news_tables(store: Store) -> None:
    """Create the news tables of schema.sql in a store made before they were added (their
    CREATE TABLE IF NOT EXISTS statements only; the rest of the schema is the store's)."""
    schema = resources.files("bilateral").joinpath("sql/schema.sql").read_text("utf-8")
    body = "\n".join(line.split("--")[0] for line in schema.splitlines())
    for statement in body.split(";"):
        words = statement.split()
        create = words[:5] == ["CREATE", "TABLE", "IF", "NOT", "EXISTS"]
        if create and len(words) > 5 and words[5] in NEWS_TABLES:
            store.execute(statement)


class NewsIngester:
    """One ingestion run over a store: holds the HTTP client, the clusters, the splitter and
    (lazily) the coder, so that many sources share them. ``ingest_news`` is the usual entry."""

    def __init__(
        self,
        store: Store,
        *,
        coder: EventCoder | None = None,
        model: str | None = None,
        dictionaries: Sequence[str | Path] = (),
        topics: Topics | None = None,
        client: NewsClient | None = None,
        code: bool = True,
        fetch_pages: bool = True,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: ProgressCallback | None = None,
        workers: int = 1,
    ) -> None:
        self.store = store
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None
        self._coder = coder
        self.model = model
        self.dictionaries = tuple(dictionaries)
        self.topics = topics if topics is not None else load_topics()
        self._client = client
        self._own_client = client is None
        self.code = code
        self.fetch_pages = fetch_pages
        self.max_bytes = max_bytes
        self.progress = progress
        self._splitter: SentenceSplitter | None = None
        self._sentence_cache: dict[tuple[str, dt.date], list[Event]] = {}
        self._pending_pages: list[tuple[str, str | None, str | None]] = []
        self._pending_feed: tuple[str, str | None, str | None] | None = None
        _ensure_news_tables(store)
        self.clusters = StoryClusters.from_store(store)
        self._stored: dict[str, str] = dict(
            store.execute("SELECT doc_id, content_hash FROM documents").fetchall()
        )

    # -- resources ------------------------------------------------------------------------
    @property
    def client(self) -> NewsClient:
        if self._client is None:
            self._client = NewsClient(max_bytes=self.max_bytes)
        return self._client

    @property
    def coder(self) -> EventCoder:
        if self._coder is None:
            from .coding.coder import Coder

            self._coder = Coder(model=self.model, dictionaries=self.dictionaries)
        return self._coder

    @property
    def splitter(self) -> SentenceSplitter:
        if self._splitter is None:
            self._splitter = SentenceSplitter()
        return self._splitter

    def close(self) -> None:
        if self._own_client and self._client is not None:
            self._client.close()
            self._client = None
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    # -- sources --------------------------------------------------------------------------
    def ingest(
        self, source: str | Path, *, only_new: bool = False, outlet: str | None = None
    ) -> SourceSummary:
        """Ingest one source; never raises for bad input (the summary says what failed)."""
        uri = str(source)
        summary = SourceSummary(source=uri)
        summary.ingest_id = self.store.begin_ingest(KIND, uri)
        self._pending_pages = []
        self._pending_feed = None
        try:
            articles = self._read_source(uri, summary, only_new=only_new, outlet=outlet)
            self._process(articles, summary)
        except BilateralError as exc:
            summary.status = "failed"
            summary.message = exc.render()
            summary.errors.append(str(exc))
        except Exception as exc:  # a bug or an unforeseen library error: the others go on
            summary.status = "failed"
            summary.message = f"unexpected {type(exc).__name__}: {exc}"
            summary.errors.append(summary.message)
        else:
            if summary.status == "running":
                summary.status = "loaded"
            if summary.documents_failed and not summary.message:
                summary.message = (
                    f"{summary.documents_failed} of {summary.documents_seen} "
                    f"articles failed: " + "; ".join(summary.errors[:5])
                )
            # validators are kept only for what was stored: a page whose article failed is
            # fetched in full next time, and a feed with a failed item is not answered by 304
            for page in self._pending_pages:
                self._save_validators(*page)
            if self._pending_feed is not None and not summary.documents_failed:
                self._save_validators(*self._pending_feed)
        self._finish(summary)
        return summary

    def _finish(self, summary: SourceSummary) -> None:
        assert summary.ingest_id is not None
        self.store.finish_ingest(
            summary.ingest_id,
            status=summary.status,
            rows_seen=summary.documents_seen,
            rows_loaded=summary.documents_new + summary.documents_updated,
            rows_rejected=summary.documents_failed,
            message=summary.message,
        )

    def _reject(self, summary: SourceSummary, error: BilateralError, *, seen: bool = True) -> None:
        if seen:
            summary.documents_seen += 1
        summary.documents_failed += 1
        summary.errors.append(str(error))
        self.store.execute(
            "INSERT INTO rejects (ingest_id, uri, line, reason) VALUES (?, ?, ?, ?)",
            [
                summary.ingest_id,
                error.path or summary.source,
                error.line,
                f"[{error.code}] {error.message}",
            ],
        )

    def _read_source(
        self, uri: str, summary: SourceSummary, *, only_new: bool, outlet: str | None
    ) -> Iterator[readers.Article | BilateralError]:
        if uri.startswith(("http://", "https://")):
            return self._read_url(uri, summary, only_new=only_new, outlet=outlet)
        path = Path(uri)
        if path.is_dir():
            summary.kind = "folder"
            return self._read_folder(path)
        if not path.exists():
            raise SourceError(
                "no such file or folder",
                path=uri,
                hint="give a feed or article URL, a file or a folder",
            )
        suffix = path.suffix.lower()
        if suffix in readers.JSONL_SUFFIXES:
            summary.kind = "jsonl"
            return iter(readers.read_jsonl(path))
        content = readers.read_bytes(path)
        if len(content) > self.max_bytes:
            raise SourceError(
                f"the file is larger than the size limit ({self.max_bytes:,} bytes)", path=uri
            )
        if suffix in readers.FEED_SUFFIXES or (
            suffix not in readers.TEXT_SUFFIXES and readers.looks_like_feed(content)
        ):
            summary.kind = "feed"
            feed = readers.parse_feed(content, origin=uri)
            return self._feed_articles(feed, uri, summary, only_new=only_new, outlet=outlet)
        summary.kind = "file"
        return iter([readers.read_file(path, max_bytes=self.max_bytes)])

    def _read_folder(self, path: Path) -> Iterator[readers.Article | BilateralError]:
        for file in readers.folder_files(path):
            try:
                yield readers.read_file(file, max_bytes=self.max_bytes)
            except BilateralError as exc:
                yield exc

    def _read_url(
        self, url: str, summary: SourceSummary, *, only_new: bool, outlet: str | None
    ) -> Iterator[readers.Article | BilateralError]:
        validators = self._validators(url) if only_new else (None, None)
        result = self.client.get(url, etag=validators[0], last_modified=validators[1])
        if result.not_modified:
            summary.kind = "feed"
            summary.status = "skipped"
            summary.message = "not modified since the last poll (HTTP 304)"
            return iter(())
        if readers.looks_like_feed(result.content, result.content_type):
            summary.kind = "feed"
            feed = readers.parse_feed(
                result.content, url=result.final_url, charset=result.charset, origin=url
            )
            self._pending_feed = (url, result.etag, result.last_modified)
            return self._feed_articles(feed, url, summary, only_new=only_new, outlet=outlet)
        summary.kind = "page"
        article = readers.extract_page(
            result.content, url=result.final_url, charset=result.charset, origin=url
        )
        if outlet:
            article.outlet = outlet
        self._pending_pages.append((url, result.etag, result.last_modified))
        return iter([article])

    def _validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.store.execute(
            "SELECT etag, last_modified FROM fetch_validators WHERE url = ?", [url]
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def _save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.store.execute(
            "INSERT OR REPLACE INTO fetch_validators VALUES (?, ?, ?, ?)",
            [url, etag, last_modified, dt.datetime.now()],
        )

    def _feed_articles(
        self,
        feed: readers.Feed,
        uri: str,
        summary: SourceSummary,
        *,
        only_new: bool,
        outlet: str | None,
    ) -> Iterator[readers.Article | BilateralError]:
        if feed.warning:
            summary.message = feed.warning
        feed_outlet = outlet or feed.title or readers.outlet_of(feed.url or uri)
        for item in feed.items:
            if only_new:
                key = document_id(item.url, item.text or item.summary or item.title or "")
                if key in self._stored:
                    continue
            text = item.text
            page: readers.Article | None = None
            if text is None:
                if item.url and self.fetch_pages:
                    try:
                        page = self._fetch_page(item.url)
                    except BilateralError as exc:
                        yield exc
                        continue
                    if page is None:  # not modified since the last fetch
                        summary.documents_seen += 1
                        summary.documents_unchanged += 1
                        continue
                    text = page.text
                elif item.summary:
                    text = item.summary
                else:
                    yield SourceError(
                        "feed item has no text and no link",
                        path=uri,
                        hint=f"item {item.title or item.guid!r}",
                    )
                    continue
            yield readers.Article(
                text=text,
                url=item.url or (page.url if page else None),
                title=item.title or (page.title if page else None),
                published=item.published or (page.published if page else None),
                outlet=feed_outlet or (page.outlet if page else None),
                author=item.author or (page.author if page else None),
                origin=item.url or uri,
            )

    def _fetch_page(self, url: str) -> readers.Article | None:
        doc_id = document_id(url, "")
        etag, last_modified = self._validators(url) if doc_id in self._stored else (None, None)
        result = self.client.get(url, etag=etag, last_modified=last_modified)
        if result.not_modified:
            return None
        article = readers.extract_page(
            result.content, url=result.final_url, charset=result.charset, origin=url
        )
        self._pending_pages.append((url, result.etag, result.last_modified))
        return article

    # -- articles -------------------------------------------------------------------------
    def _process(
        self, articles: Iterable[readers.Article | BilateralError], summary: SourceSummary
    ) -> None:
        batch: list[_Prepared] = []
        inflight: deque[_Pending] = deque()
        busy: set[str] = set()  # doc ids of batches not stored yet

        def drain() -> None:
            while inflight:
                done = inflight.popleft()
                busy.difference_update(p.doc_id for p in done.batch)
                self._complete(done, summary)

        def send(ready: list[_Prepared]) -> None:
            inflight.append(self._submit(ready))
            while len(inflight) > self.workers - 1:
                done = inflight.popleft()
                busy.difference_update(p.doc_id for p in done.batch)
                self._complete(done, summary)

        try:
            for item in articles:
                if isinstance(item, BilateralError):
                    self._reject(summary, item)
                    continue
                summary.documents_seen += 1
                if document_id(item.url, item.text) in busy:
                    # the same article twice: store the first before judging the second
                    if batch:
                        send(batch)
                        batch = []
                    drain()
                prepared = self._prepare(item)
                if prepared is None:
                    summary.documents_unchanged += 1
                    continue
                batch.append(prepared)
                busy.add(prepared.doc_id)
                if len(batch) >= CHUNK:
                    send(batch)
                    batch = []
            if batch:
                send(batch)
            drain()
        finally:
            for pending in inflight:  # a failure: batches not yet stored are abandoned
                if pending.future is not None:
                    pending.future.cancel()

    def _prepare(self, article: readers.Article) -> _Prepared | None:
        doc_id = document_id(article.url, article.text)
        digest = content_hash(article.text)
        stored = self._stored.get(doc_id)
        if stored == digest:
            return None
        published = article.published
        date = published.date() if published else dt.date.today()
        return _Prepared(
            article=article,
            doc_id=doc_id,
            url=canonical_url(article.url) if article.url else None,
            content_hash=digest,
            replaces=stored is not None,
            date=date,
        )

    def _annotate(self, batch: list[_Prepared]) -> None:
        """Sentences, topics and signatures of a batch (no coding, no store writes)."""
        spans = self.splitter.split([p.article.text for p in batch])
        for p, s in zip(batch, spans, strict=True):
            p.spans = s
            p.sentence_topics = [self.topics.tag(p.article.text[a:b]) for a, b in s]
            found = set(self.topics.tag(p.article.title or ""))
            found.update(t for topics in p.sentence_topics for t in topics)
            p.topics = [name for name in self.topics.names if name in found]
            p.signature, p.shingle_count = minhash(p.article.text)

    def _uncoded(self, batch: list[_Prepared]) -> list[tuple[str, dt.date]]:
        """The (sentence, date) pairs of a batch not in the sentence cache, each once."""
        if not self.code:
            return []
        todo: dict[tuple[str, dt.date], None] = {}
        for p in batch:
            for a, b in p.spans:
                key = (p.article.text[a:b], p.date)
                if key not in self._sentence_cache:
                    todo[key] = None
        return list(todo)

    def _submit(self, batch: list[_Prepared]) -> _Pending:
        """Annotate a batch and, with worker processes, start coding it."""
        self._annotate(batch)
        keys = self._uncoded(batch)
        future = None
        if keys and self.workers > 1:
            future = self._worker_pool().submit(
                _code_in_worker, [k[0] for k in keys], [k[1] for k in keys]
            )
        return _Pending(batch, keys, future)

    def _code(self, keys: list[tuple[str, dt.date]], future: Future | None = None) -> None:
        if not keys:
            return
        if future is None and self.workers > 1:
            future = self._worker_pool().submit(
                _code_in_worker, [k[0] for k in keys], [k[1] for k in keys]
            )
        if future is not None:
            coded: Iterable[list[Event]] = future.result()
        else:
            coded = self.coder.code_texts([k[0] for k in keys], [k[1] for k in keys])
        for key, events in zip(keys, coded, strict=True):
            self._sentence_cache[key] = list(events)

    def _worker_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            from .coding.pipeline import find_model

            find_model(self.model)  # a missing model is a clear E201 here, not a broken pool
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.model, tuple(str(d) for d in self.dictionaries)),
            )
        return self._pool

    def _complete(self, pending: _Pending, summary: SourceSummary) -> None:
        """Finish coding a batch, cluster it and store it in one transaction."""
        batch = pending.batch
        try:
            self._code(pending.keys, pending.future)
        except ModelNotFound:
            raise
        except BilateralError:
            good = []
            for p in batch:  # find the articles that fail; the others go on
                try:
                    self._code(self._uncoded([p]))
                except BilateralError as exc:
                    exc.path = exc.path or p.article.origin
                    self._reject(summary, exc, seen=False)
                else:
                    good.append(p)
            batch = good
        for p in batch:
            p.events = []
            for idx, (a, b) in enumerate(p.spans):
                for event in self._sentence_cache.get((p.article.text[a:b], p.date), []):
                    p.events.append((idx, event))
        if len(self._sentence_cache) > 50_000:
            self._sentence_cache.clear()
        # clusters: assigned in order so later articles of the batch see earlier ones
        previous: list[tuple[_Prepared, tuple[LeanMinHash, int, str, dt.date | None] | None]] = []
        for p in batch:
            assert p.signature is not None
            previous.append((p, self.clusters._members.get(p.doc_id)))
            published = p.article.published.date() if p.article.published else None
            p.cluster_id = self.clusters.assign(p.doc_id, p.signature, p.shingle_count, published)
        try:
            with self.store.transaction() as con:
                self._write(con, batch, summary.ingest_id)
        except Exception as exc:
            for p, old in reversed(previous):
                self.clusters.remove(p.doc_id)
                if old is not None:
                    self.clusters.add(p.doc_id, *old)
            if isinstance(exc, duckdb.Error):
                raise StoreError(
                    f"cannot store {len(batch)} articles (none of them was stored): {exc}",
                    path=summary.source,
                ) from None
            raise
        for p in batch:
            self._stored[p.doc_id] = p.content_hash
            if p.replaces:
                summary.documents_updated += 1
            else:
                summary.documents_new += 1
            summary.events += len(p.events)
        if self.progress is not None:
            self.progress(summary.source, summary.documents_seen)

    def _write(self, con: Any, batch: list[_Prepared], ingest_id: int | None) -> None:
        ids = [p.doc_id for p in batch if p.replaces]
        if ids:
            for table in ("events", "sentences", "document_signatures", "documents"):
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [ids])
        now = dt.datetime.now()
        _insert(
            con,
            "documents",
            {
                "doc_id": [p.doc_id for p in batch],
                "url": [p.url for p in batch],
                "title": [p.article.title for p in batch],
                "published": [p.article.published for p in batch],
                "outlet": [p.article.outlet for p in batch],
                "author": [p.article.author for p in batch],
                "text": [p.article.text for p in batch],
                "content_hash": [p.content_hash for p in batch],
                "cluster_id": [p.cluster_id for p in batch],
                "topics": [p.topics for p in batch],
                "ingest_id": [ingest_id for _ in batch],
                "fetched": [now for _ in batch],
            },
        )
        _insert(
            con,
            "document_signatures",
            {
                "doc_id": [p.doc_id for p in batch],
                "shingles": [p.shingle_count for p in batch],
                "signature": [_signature_blob(p.signature) for p in batch if p.signature],
            },
        )
        sentences: dict[str, list[Any]] = {
            k: [] for k in ("doc_id", "sentence_idx", "char_start", "char_end")
        }
        for p in batch:
            for idx, (a, b) in enumerate(p.spans):
                sentences["doc_id"].append(p.doc_id)
                sentences["sentence_idx"].append(idx)
                sentences["char_start"].append(a)
                sentences["char_end"].append(b)
        _insert(con, "sentences", sentences)
        _insert(con, "events", self._event_columns(batch, ingest_id))

    def _event_columns(self, batch: list[_Prepared], ingest_id: int | None) -> dict[str, list]:
        names = (
            "event_id",
            "origin",
            "origin_id",
            "ingest_id",
            "date",
            "source_code",
            "source_agent",
            "source_text",
            "target_code",
            "target_agent",
            "target_text",
            "cameo",
            "root",
            "quad_class",
            "goldstein",
            "weight",
            "story",
            "url",
            "doc_id",
            "sentence_idx",
            "char_start",
            "char_end",
            "verb",
            "pattern",
            "confidence",
            "topics",
        )
        cols: dict[str, list[Any]] = {n: [] for n in names}
        for p in batch:
            counters: dict[int, int] = {}
            for idx, event in p.events:
                n = counters.get(idx, 0)
                counters[idx] = n + 1
                start = p.spans[idx][0]
                origin_id = f"{p.doc_id}/{idx}/{n}"
                row = {
                    "event_id": f"{ORIGIN}:{origin_id}",
                    "origin": ORIGIN,
                    "origin_id": origin_id,
                    "ingest_id": ingest_id,
                    "date": p.date,
                    "source_code": event.source.code,
                    "source_agent": event.source.agent,
                    "source_text": event.source.text,
                    "target_code": event.target.code,
                    "target_agent": event.target.agent,
                    "target_text": event.target.text,
                    "cameo": event.code,
                    "root": event.root,
                    "quad_class": event.quad,
                    "goldstein": event.goldstein,
                    "weight": 1.0,
                    "story": p.cluster_id,
                    "url": p.url,
                    "doc_id": p.doc_id,
                    "sentence_idx": idx,
                    "char_start": start + event.start,
                    "char_end": start + event.end,
                    "verb": event.verb,
                    "pattern": event.pattern,
                    "confidence": event.confidence,
                    "topics": p.sentence_topics[idx] or p.topics,
                }
                for k in names:
                    cols[k].append(row[k])
        return cols


def _insert(con: Any, table: str, columns: dict[str, list[Any]]) -> None:
    """Insert column lists in one statement (unnest of list parameters: fast and typed by the
    table)."""
    names = list(columns)
    if not columns[names[0]]:
        return
    selects = ", ".join(f"unnest(?) AS {n}" for n in names)
    con.execute(
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {selects}",
        [columns[n] for n in names],
    )


# -- public functions --------------------------------------------------------------------------


def ingest_news(
    sources: Iterable[str | Path],
    *,
    store: Store | str | Path,
    model: str | None = None,
    dictionaries: Sequence[str | Path] = (),
    topics: Topics | Sequence[str | Path] | None = None,
    coder: EventCoder | None = None,
    client: NewsClient | None = None,
    code: bool = True,
    fetch_pages: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    outlet: str | None = None,
    progress: ProgressCallback | None = None,
    workers: int = 1,
) -> NewsSummary:
    """Ingest news sources into the store; one ``SourceSummary`` per source, in order.

    ``sources``: feed or article URLs, feed files (.xml/.rss/.atom), saved pages (.html),
    texts (.txt/.md), folders of those, or JSON Lines files. ``topics``: a ``Topics`` or paths
    of user lexicons layered over the packaged ones. ``coder``: an object with ``code_texts``
    (default: ``bilateral.coding.coder.Coder(model, dictionaries)``, loaded on first use);
    ``code=False`` stores documents, clusters and topics without events. ``outlet`` overrides
    the outlet of every article. ``workers`` > 1 codes in that many worker processes (each
    loads its own ``Coder(model, dictionaries)``, about 350 MB; ``coder`` is then not used),
    while this process reads, clusters and stores; results are the same as with one. A source
    that fails is reported in its summary and the ledger; the others continue.
    """
    lexicons = topics if isinstance(topics, Topics) else load_topics(topics or ())
    with opened(store) as db:
        ingester = NewsIngester(
            db,
            coder=coder,
            model=model,
            dictionaries=dictionaries,
            topics=lexicons,
            client=client,
            code=code,
            fetch_pages=fetch_pages,
            max_bytes=max_bytes,
            progress=progress,
            workers=workers,
        )
        summary = NewsSummary()
        try:
            for source in sources:
                summary.sources.append(ingester.ingest(source, outlet=outlet))
        finally:
            ingester.close()
        return summary


@dataclass(frozen=True)
class NewsSettings:
    """The ``[news]`` table of bilateral.toml."""

    #: user topic lexicons (paths relative to bilateral.toml), layered over the packaged ones
    topics: tuple[str, ...] = ()
    #: seconds before an HTTP request times out
    timeout: float = 15.0
    #: retries after a timeout, connection error, 429 or 5xx
    retries: int = 2
    #: largest feed, page or file accepted, in bytes
    max_bytes: int = DEFAULT_MAX_BYTES
    #: fetch an item's article page when a feed carries only a summary
    fetch_pages: bool = True
    #: processes that code sentences (each loads the spaCy model)
    workers: int = 1


def news_settings(raw: dict[str, Any], path: str = "bilateral.toml") -> NewsSettings:
    """``[news]`` of a parsed bilateral.toml, validated (``SourceError`` naming the key)."""
    table = raw.get("news", {})
    if not isinstance(table, dict):
        raise SourceError("`news` must be a table ([news])", path=path)
    unknown = set(table) - {"topics", "timeout", "retries", "max_bytes", "fetch_pages", "workers"}
    if unknown:
        raise SourceError(
            f"[news] has unknown keys: {', '.join(sorted(unknown))}",
            path=path,
            hint="allowed: topics, timeout, retries, max_bytes, fetch_pages, workers",
        )
    defaults = NewsSettings()
    topics = table.get("topics", [])
    if isinstance(topics, str):
        topics = [topics]
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise SourceError("[news] topics must be a list of file paths", path=path)
    base = Path(path).parent
    checks: list[tuple[str, type | tuple[type, ...]]] = [
        ("timeout", (int, float)),
        ("retries", int),
        ("max_bytes", int),
        ("fetch_pages", bool),
        ("workers", int),
    ]
    for key, kind in checks:
        if key in table and (
            not isinstance(table[key], kind) or (kind is int and isinstance(table[key], bool))
        ):
            raise SourceError(f"[news] {key} has the wrong type ({table[key]!r})", path=path)
    return NewsSettings(
        topics=tuple(str(base / t) for t in topics),
        timeout=float(table.get("timeout", defaults.timeout)),
        retries=int(table.get("retries", defaults.retries)),
        max_bytes=int(table.get("max_bytes", defaults.max_bytes)),
        fetch_pages=bool(table.get("fetch_pages", defaults.fetch_pages)),
        workers=max(1, int(table.get("workers", defaults.workers))),
    )


@dataclass(frozen=True)
class FeedConfig:
    """One ``[[feeds]]`` entry of bilateral.toml."""

    url: str
    outlet: str | None = None


def feeds_from_settings(raw: dict[str, Any], path: str = "bilateral.toml") -> list[FeedConfig]:
    """The ``[[feeds]]`` of a parsed bilateral.toml, validated."""
    entries = raw.get("feeds", [])
    if not isinstance(entries, list):
        raise SourceError("`feeds` must be an array of tables ([[feeds]])", path=path)
    feeds = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise SourceError(f"[[feeds]] number {n} needs a string `url`", path=path)
        outlet = entry.get("outlet")
        if outlet is not None and not isinstance(outlet, str):
            raise SourceError(f"[[feeds]] number {n}: `outlet` must be a string", path=path)
        feeds.append(FeedConfig(entry["url"], outlet))
    return feeds


def update_feeds(
    feeds: Iterable[FeedConfig | str],
    *,
    store: Store | str | Path,
    model: str | None = None,
    dictionaries: Sequence[str | Path] = (),
    topics: Topics | Sequence[str | Path] | None = None,
    coder: EventCoder | None = None,
    client: NewsClient | None = None,
    code: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback | None = None,
    workers: int = 1,
) -> NewsSummary:
    """Poll feeds with conditional GET and ingest only items not already stored (fetching an
    item's page when the feed carries only a summary)."""
    lexicons = topics if isinstance(topics, Topics) else load_topics(topics or ())
    with opened(store) as db:
        ingester = NewsIngester(
            db,
            coder=coder,
            model=model,
            dictionaries=dictionaries,
            topics=lexicons,
            client=client,
            code=code,
            max_bytes=max_bytes,
            progress=progress,
            workers=workers,
        )
        summary = NewsSummary()
        try:
            for feed in feeds:
                config = feed if isinstance(feed, FeedConfig) else FeedConfig(feed)
                summary.sources.append(
                    ingester.ingest(config.url, only_new=True, outlet=config.outlet)
                )
        finally:
            ingester.close()
        return summary


# -- provenance --------------------------------------------------------------------------------


def event_provenance(store: Store, event_id: str) -> dict[str, Any]:
    """An event with where it came from: its sentence, and the document's title, outlet, date
    and URL (for news events); ``StoreError`` if there is no such event."""
    rows = store.query(
        "SELECT e.*, d.title AS doc_title, d.outlet AS doc_outlet, d.published AS doc_published, "
        "d.url AS doc_url, d.cluster_id AS doc_cluster, "
        "CASE WHEN s.doc_id IS NULL THEN NULL "
        "     ELSE substring(d.text, s.char_start + 1, s.char_end - s.char_start) END "
        "     AS sentence "
        "FROM events e LEFT JOIN documents d ON d.doc_id = e.doc_id "
        "LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.sentence_idx = e.sentence_idx "
        "WHERE e.event_id = ?",
        [event_id],
    )
    if not rows:
        raise StoreError(
            f"no event {event_id!r} in the store",
            path=store.path,
            hint="list events with: bilateral status, or query the events table",
        )
    row = rows[0]
    if row.get("doc_cluster"):
        counts = store.execute(
            "SELECT count(*) FROM documents WHERE cluster_id = ?", [row["doc_cluster"]]
        ).fetchone()
        row["story_reports"] = int(counts[0]) if counts else 0
    return row


def document_record(store: Store, doc_id: str) -> dict[str, Any]:
    """A stored document with its cluster size and event count; ``StoreError`` if absent."""
    rows = store.query(
        "SELECT d.*, (SELECT count(*) FROM documents o WHERE o.cluster_id = d.cluster_id) "
        "AS story_reports, (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events "
        "FROM documents d WHERE d.doc_id = ?",
        [doc_id],
    )
    if not rows:
        raise StoreError(f"no document {doc_id!r} in the store", path=store.path)
    return rows[0]

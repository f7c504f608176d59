-- bilateral store, schema version 1. Applied by store.Store on a new file; later versions
-- add numbered migrations in store.MIGRATIONS.

CREATE SEQUENCE IF NOT EXISTS ingest_seq START 1;

-- The ledger: one row per input file or URL. Same checksum loaded => skipped.
CREATE TABLE IF NOT EXISTS ingests (
    ingest_id     BIGINT PRIMARY KEY DEFAULT nextval('ingest_seq'),
    kind          VARCHAR NOT NULL,      -- gdelt1, gdelt2, icews, news, coder
    uri           VARCHAR NOT NULL,      -- path or URL as given
    size          BIGINT,
    md5           VARCHAR,
    sha256        VARCHAR,
    layout        VARCHAR,               -- e.g. gdelt1-daily-58, gdelt2-export-61, icews-20
    rows_seen     BIGINT DEFAULT 0,
    rows_loaded   BIGINT DEFAULT 0,
    rows_rejected BIGINT DEFAULT 0,
    status        VARCHAR NOT NULL,      -- running, loaded, failed, skipped
    message       VARCHAR,
    started       TIMESTAMP NOT NULL,
    finished      TIMESTAMP
);

CREATE TABLE IF NOT EXISTS documents (
    doc_id      VARCHAR PRIMARY KEY,     -- hash of canonical URL, else of text
    url         VARCHAR,                 -- canonical URL
    title       VARCHAR,
    published   TIMESTAMP,
    outlet      VARCHAR,
    author      VARCHAR,
    text        VARCHAR,
    content_hash VARCHAR,
    cluster_id  VARCHAR,                 -- near-duplicate cluster (story)
    topics      VARCHAR[],
    ingest_id   BIGINT,
    fetched     TIMESTAMP
);

CREATE TABLE IF NOT EXISTS events (
    -- unique, but not declared a key: the index of millions of ids doubled the file and
    -- slowed every load; the loaders check it (docs/ingest.md, 'Nothing counted twice')
    event_id      VARCHAR NOT NULL,      -- '<origin>:<origin_id>'
    origin        VARCHAR NOT NULL,      -- gdelt1, gdelt2, icews, coder
    origin_id     VARCHAR NOT NULL,      -- GLOBALEVENTID, ICEWS Event ID, doc_id/sentence/n
    ingest_id     BIGINT,
    date          DATE NOT NULL,
    source_code   VARCHAR,               -- ISO 3166-1 alpha-3 or IGO code
    source_agent  VARCHAR,               -- GOV, MIL, ...
    source_text   VARCHAR,
    target_code   VARCHAR,
    target_agent  VARCHAR,
    target_text   VARCHAR,
    cameo         VARCHAR NOT NULL,      -- event code as a string, leading zeros kept
    root          VARCHAR NOT NULL,      -- two digits
    quad_class    TINYINT NOT NULL,      -- 1..4
    goldstein     DOUBLE,
    num_mentions  INTEGER,
    num_sources   INTEGER,
    num_articles  INTEGER,
    weight        DOUBLE DEFAULT 1.0,    -- reports behind the event (articles), >= 1
    story         VARCHAR,               -- story / source document key for dedup and bootstrap
    url           VARCHAR,
    doc_id        VARCHAR,
    sentence_idx  INTEGER,
    char_start    INTEGER,
    char_end      INTEGER,
    verb          VARCHAR,
    pattern       VARCHAR,
    confidence    DOUBLE,
    topics        VARCHAR[],
    src_line      BIGINT                 -- line in the ingested file (raw row retrievable)
);

CREATE TABLE IF NOT EXISTS rejects (
    ingest_id  BIGINT,
    uri        VARCHAR NOT NULL,
    line       BIGINT,
    reason     VARCHAR NOT NULL,
    raw        VARCHAR
);

CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- News (bilateral.news): sentence spans of stored documents, so an event's sentence can be
-- shown (char offsets into documents.text); MinHash signatures for near-duplicate clustering;
-- HTTP validators (ETag, Last-Modified) for conditional GET of feeds and pages.
CREATE TABLE IF NOT EXISTS sentences (
    doc_id        VARCHAR NOT NULL,
    sentence_idx  INTEGER NOT NULL,
    char_start    INTEGER NOT NULL,
    char_end      INTEGER NOT NULL,
    PRIMARY KEY (doc_id, sentence_idx)
);

CREATE TABLE IF NOT EXISTS document_signatures (
    doc_id     VARCHAR PRIMARY KEY,
    shingles   INTEGER NOT NULL,         -- distinct word shingles in the text
    signature  BLOB NOT NULL             -- MinHash hash values (uint64, little-endian)
);

CREATE TABLE IF NOT EXISTS fetch_validators (
    url            VARCHAR PRIMARY KEY,  -- feed or page URL as requested
    etag           VARCHAR,
    last_modified  VARCHAR,
    checked        TIMESTAMP
);

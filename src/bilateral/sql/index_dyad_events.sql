-- bilateral index: the events of one dyad, both directions, as the other index queries read
-- them (they refer to this query by the name dyad_events).
--
-- Written once in DuckDB's dialect; bilateral.index renders it for DuckDB and, through
-- sqlglot, for Spark. Values come in as named parameters, never formatted into the text:
--   $a, $b          the two country codes of the unordered dyad (a < b)
--   $end_before     DATE: first day after the last month wanted (history starts at the
--                   dyad's first event, so the state of a month never depends on the range)
--   $window_days    INTEGER >= 1: the day window of deduplication
--   $origin1..4     origins to keep (gdelt1, gdelt2, icews, coder); $origin1 NULL = all
--   $topic          keep events whose topics contain this name (case-insensitive); NULL = all
--
-- A row's story is events.story, or its own event_id when the story is unknown, so that an
-- event without a story is a story of its own (never merged with another, and resampled on
-- its own by the bootstrap). Weights and Goldstein values become exact decimals so that sums
-- do not depend on the order rows are read in.
SELECT
    strftime(e.date, '%Y-%m') AS month,
    e.event_id,
    e.source_code,
    e.target_code,
    e.cameo,
    e.quad_class,
    CAST(e.goldstein AS DECIMAL(18, 4)) AS goldstein,
    CAST(coalesce(e.weight, 1.0) AS DECIMAL(18, 4)) AS weight,
    nullif(e.story, '') AS story,
    coalesce(nullif(e.story, ''), e.event_id) AS story_key,
    coalesce(nullif(e.doc_id, ''), nullif(e.url, ''), nullif(e.story, '')) AS document_key,
    CAST(floor(date_diff('day', DATE '1970-01-01', e.date) / $window_days) AS BIGINT)
        AS day_window,
    e.topics
FROM events AS e
WHERE
    (
        (e.source_code = $a AND e.target_code = $b)
        OR (e.source_code = $b AND e.target_code = $a)
    )
    AND e.date < $end_before
    AND (
        CAST($origin1 AS VARCHAR) IS NULL
        OR e.origin IN ($origin1, $origin2, $origin3, $origin4)
    )
    AND (
        CAST($topic AS VARCHAR) IS NULL
        OR list_contains(list_transform(e.topics, lambda t: lower(t)), lower($topic))
    )

WITH dyad_events AS (
  SELECT
    STRFTIME(e.date, '%Y-%m') AS month,
    e.event_id,
    e.source_code,
    e.target_code,
    e.cameo,
    e.quad_class,
    CAST(e.goldstein AS DECIMAL(18, 4)) AS goldstein,
    CAST(COALESCE(e.weight, 1.0) AS DECIMAL(18, 4)) AS weight,
    NULLIF(e.story, '') AS story,
    COALESCE(NULLIF(e.story, ''), e.event_id) AS story_key,
    COALESCE(NULLIF(e.doc_id, ''), NULLIF(e.url, ''), NULLIF(e.story, '')) AS document_key,
    CAST(FLOOR(DATE_DIFF('DAY', CAST('1970-01-01' AS DATE), e.date) / $window_days) AS BIGINT) AS day_window,
    e.topics
  FROM events AS e
  WHERE
    (
      (
        e.source_code = $a AND e.target_code = $b
      )
      OR (
        e.source_code = $b AND e.target_code = $a
      )
    )
    AND e.date < $end_before
    AND (
      CAST($origin1 AS TEXT) IS NULL
      OR e.origin IN ($origin1, $origin2, $origin3, $origin4)
    )
    AND (
      CAST($topic AS TEXT) IS NULL
      OR ARRAY_CONTAINS(LIST_TRANSFORM(e.topics, LAMBDA t : LOWER(t)), LOWER($topic))
    )
), series AS (
  SELECT
    month,
    CASE WHEN CAST($directed AS BOOLEAN) THEN source_code END AS series_source,
    CASE WHEN CAST($directed AS BOOLEAN) THEN target_code END AS series_target,
    story,
    document_key
  FROM dyad_events
)
SELECT
  month,
  series_source AS source_code,
  series_target AS target_code,
  COUNT(DISTINCT story) AS stories,
  COUNT(DISTINCT document_key) AS documents
FROM series
GROUP BY
  month,
  series_source,
  series_target
ORDER BY
  month,
  series_source,
  series_target

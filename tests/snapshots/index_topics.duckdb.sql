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
), all_clusters AS (
  SELECT
    month
  FROM dyad_events
  GROUP BY
    month,
    source_code,
    target_code,
    cameo,
    day_window,
    story_key
), month_events AS (
  SELECT
    month,
    COUNT(*) AS all_events
  FROM all_clusters
  GROUP BY
    month
), tagged AS (
  SELECT
    d.month,
    d.source_code,
    d.target_code,
    d.cameo,
    d.day_window,
    d.story_key,
    LOWER(t.topic) AS topic
  FROM dyad_events AS d
  CROSS JOIN UNNEST(d.topics) AS t(topic)
), topic_clusters AS (
  SELECT
    month,
    topic
  FROM tagged
  WHERE
    NOT topic IS NULL AND topic <> ''
  GROUP BY
    month,
    topic,
    source_code,
    target_code,
    cameo,
    day_window,
    story_key
), topic_events AS (
  SELECT
    month,
    topic,
    COUNT(*) AS events
  FROM topic_clusters
  GROUP BY
    month,
    topic
)
SELECT
  t.month,
  t.topic,
  t.events,
  CAST(t.events AS DOUBLE) / m.all_events AS share
FROM topic_events AS t
JOIN month_events AS m
  ON m.month = t.month
ORDER BY
  t.month,
  t.topic

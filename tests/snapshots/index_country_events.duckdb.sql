WITH country_rows AS (
  SELECT
    STRFTIME(e.date, '%Y-%m') AS month,
    e.source_code,
    e.target_code,
    e.cameo,
    COALESCE(NULLIF(e.story, ''), e.event_id) AS story_key,
    CAST(FLOOR(DATE_DIFF('DAY', CAST('1970-01-01' AS DATE), e.date) / $window_days) AS BIGINT) AS day_window
  FROM events AS e
  WHERE
    (
      e.source_code IN ($a, $b) OR e.target_code IN ($a, $b)
    )
    AND e.date < $end_before
    AND (
      CAST($origin1 AS TEXT) IS NULL
      OR e.origin IN ($origin1, $origin2, $origin3, $origin4)
    )
), clusters AS (
  SELECT
    month
  FROM country_rows
  GROUP BY
    month,
    source_code,
    target_code,
    cameo,
    day_window,
    story_key
)
SELECT
  month,
  COUNT(*) AS country_events
FROM clusters
GROUP BY
  month
ORDER BY
  month

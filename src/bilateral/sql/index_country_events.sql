-- bilateral index: deduplicated events in which either country of the dyad is source or
-- target (any partner, domestic events included), per month: the denominator of
-- volume_share. Deduplicated as in index_stories.sql. Parameters as in
-- index_dyad_events.sql, except $topic (the share is of all the countries' events).
WITH country_rows AS (
    SELECT
        strftime(e.date, '%Y-%m') AS month,
        e.source_code,
        e.target_code,
        e.cameo,
        coalesce(nullif(e.story, ''), e.event_id) AS story_key,
        CAST(floor(date_diff('day', DATE '1970-01-01', e.date) / $window_days) AS BIGINT)
            AS day_window
    FROM events AS e
    WHERE
        (e.source_code IN ($a, $b) OR e.target_code IN ($a, $b))
        AND e.date < $end_before
        AND (
            CAST($origin1 AS VARCHAR) IS NULL
            OR e.origin IN ($origin1, $origin2, $origin3, $origin4)
        )
),
clusters AS (
    SELECT month
    FROM country_rows
    GROUP BY month, source_code, target_code, cameo, day_window, story_key
)
SELECT month, count(*) AS country_events
FROM clusters
GROUP BY month
ORDER BY month

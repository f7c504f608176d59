-- bilateral index: deduplicated events of a dyad per month and topic, and their share of all
-- the dyad's deduplicated events that month (topics lower-cased; an event carries every
-- topic any of its reports carries, so shares of a month need not add up to 1). Reads
-- dyad_events (index_dyad_events.sql).
WITH all_clusters AS (
    SELECT month
    FROM dyad_events
    GROUP BY month, source_code, target_code, cameo, day_window, story_key
),
month_events AS (
    SELECT month, count(*) AS all_events
    FROM all_clusters
    GROUP BY month
),
tagged AS (
    SELECT
        d.month,
        d.source_code,
        d.target_code,
        d.cameo,
        d.day_window,
        d.story_key,
        lower(t.topic) AS topic
    FROM dyad_events AS d
    CROSS JOIN UNNEST(d.topics) AS t(topic)
),
topic_clusters AS (
    SELECT month, topic
    FROM tagged
    WHERE topic IS NOT NULL AND topic <> ''
    GROUP BY month, topic, source_code, target_code, cameo, day_window, story_key
),
topic_events AS (
    SELECT month, topic, count(*) AS events
    FROM topic_clusters
    GROUP BY month, topic
)
SELECT
    t.month,
    t.topic,
    t.events,
    CAST(t.events AS DOUBLE) / m.all_events AS share
FROM topic_events AS t
JOIN month_events AS m ON m.month = t.month
ORDER BY t.month, t.topic

-- bilateral index: distinct stories and source documents of a dyad per month, for the whole
-- dyad ($directed false: source_code and target_code are NULL) or for each direction
-- ($directed true). Reads dyad_events (index_dyad_events.sql). A document is the event's
-- doc_id, else its URL, else its story (an ICEWS story is one news story); stories count
-- only known stories.
WITH series AS (
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
    count(DISTINCT story) AS stories,
    count(DISTINCT document_key) AS documents
FROM series
GROUP BY month, series_source, series_target
ORDER BY month, series_source, series_target

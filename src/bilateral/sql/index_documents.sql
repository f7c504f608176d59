-- bilateral index: distinct stories and source documents of a dyad per month, for the whole
-- dyad (directed = 0) and for each direction (directed = 1). Reads dyad_events
-- (index_dyad_events.sql). A document is the event's doc_id, else its URL, else its story
-- (an ICEWS story is one news story); stories count only known stories.
SELECT
    month,
    GROUPING(source_code) = 0 AS directed,
    source_code,
    target_code,
    count(DISTINCT story) AS stories,
    count(DISTINCT document_key) AS documents
FROM dyad_events
GROUP BY GROUPING SETS ((month), (month, source_code, target_code))
ORDER BY month, directed, source_code, target_code

-- bilateral index: deduplicated events of a dyad, summed per month and story, for the whole
-- dyad (directed = 0) and for each direction (directed = 1). Reads dyad_events
-- (index_dyad_events.sql). The bootstrap band and the state are computed from this small
-- table in numpy.
--
-- Deduplication (DESIGN section 6): reports of one event are the rows that share the month,
-- the directed dyad, the CAMEO code, the day window and the story; they make one event.
-- goldstein_weight and goldstein_sum give the report-weighted mean Goldstein of the story:
-- every report counts once, whichever event it was clustered into.
WITH clusters AS (
    SELECT
        month,
        source_code,
        target_code,
        story_key,
        min(quad_class) AS quad_class,
        count(*) AS raw_rows,
        sum(weight) AS reports,
        sum(CASE WHEN goldstein IS NULL THEN 0 ELSE weight END) AS goldstein_weight,
        sum(CASE WHEN goldstein IS NULL THEN 0 ELSE weight * goldstein END) AS goldstein_sum
    FROM dyad_events
    GROUP BY month, source_code, target_code, cameo, day_window, story_key
)
SELECT
    month,
    GROUPING(source_code) = 0 AS directed,
    source_code,
    target_code,
    story_key,
    count(*) AS events,
    sum(raw_rows) AS raw_rows,
    CAST(sum(reports) AS DOUBLE) AS reports,
    sum(CASE WHEN quad_class = 1 THEN 1 ELSE 0 END) AS verbal_coop,
    sum(CASE WHEN quad_class = 2 THEN 1 ELSE 0 END) AS material_coop,
    sum(CASE WHEN quad_class = 3 THEN 1 ELSE 0 END) AS verbal_conflict,
    sum(CASE WHEN quad_class = 4 THEN 1 ELSE 0 END) AS material_conflict,
    CAST(sum(goldstein_weight) AS DOUBLE) AS goldstein_weight,
    CAST(sum(goldstein_sum) AS DOUBLE) AS goldstein_sum
FROM clusters
GROUP BY GROUPING SETS ((month, story_key), (month, source_code, target_code, story_key))
ORDER BY month, directed, source_code, target_code, story_key

-- bilateral index: deduplicated events of a dyad, summed per month and story, for the whole
-- dyad ($directed false: source_code and target_code are NULL) or for each direction
-- ($directed true). Reads dyad_events (index_dyad_events.sql). The bootstrap band and the
-- state are computed from this small table in numpy; its order (by story) fixes the order
-- the bootstrap draws stories in.
--
-- Deduplication (DESIGN section 6): reports of one event are the rows that share the month,
-- the directed dyad, the CAMEO code, the day window and the story; they make one event.
-- goldstein_weight and goldstein_sum give the report-weighted mean Goldstein of the story:
-- every report counts once, whichever event it was clustered into.
WITH clusters AS (
    SELECT
        month,
        CASE WHEN CAST($directed AS BOOLEAN) THEN source_code END AS series_source,
        CASE WHEN CAST($directed AS BOOLEAN) THEN target_code END AS series_target,
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
    series_source AS source_code,
    series_target AS target_code,
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
GROUP BY month, series_source, series_target, story_key
ORDER BY month, series_source, series_target, story_key

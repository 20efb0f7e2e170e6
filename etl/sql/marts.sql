-- Marts: tables computed once at build time from the public views, so the dashboard, the flags
-- and the report read answers instead of working them out per request. Run after views.sql.
--
-- indicator_comparison: one row per indicator, year and area (LAs, regions, England) with the
-- previous year, direction of travel, rank, quartile band, statistical-neighbour summary, and
-- the region's and England's values. Polarity is decided here and nowhere else.

CREATE OR REPLACE TABLE indicator_comparison AS
WITH
ind AS (
    SELECT indicator_id, polarity, decimals, coalesce(no_quartile, false) AS no_quartile FROM indicators
),
v AS (
    SELECT v.indicator_id, v.time_period, v.area_code, v.value, v.suppression,
           a.geographic_level, a.region_code,
           -- the LAs ranked in a year: those with a value that existed then (current, or a
           -- predecessor up to its last reporting year)
           (a.geographic_level = 'Local authority' AND v.value IS NOT NULL
            AND (a.is_current OR v.time_period <= a.last_year)) AS ranked
    FROM indicator_values v JOIN areas a USING (area_code)
),
prev AS (
    SELECT *,
           CASE WHEN lag(time_period) OVER w = time_period - 1 THEN lag(value) OVER w END AS previous_value
    FROM v
    WINDOW w AS (PARTITION BY indicator_id, area_code ORDER BY time_period)
),
-- LAIT's quartile cut-offs: R's default quantile (type 7, linear interpolation: DuckDB's
-- quantile_cont) over every ranked LA with a value
cuts AS (
    SELECT indicator_id, time_period,
           quantile_cont(value, 0.25) AS q1, quantile_cont(value, 0.5) AS q2, quantile_cont(value, 0.75) AS q3
    FROM v WHERE ranked GROUP BY ALL
),
sn AS (
    SELECT s.area_code, n.indicator_id, n.time_period,
           avg(n.value) AS sn_mean, median(n.value) AS sn_median, count(n.value) AS sn_count,
           stddev_samp(n.value) AS sn_sd
    FROM statistical_neighbours s JOIN v n ON n.area_code = s.neighbour_code
    GROUP BY ALL
),
geo AS (
    SELECT indicator_id, time_period, area_code, value FROM v WHERE geographic_level <> 'Local authority'
),
england AS (
    SELECT indicator_id, time_period, value FROM v WHERE geographic_level = 'National'
),
joined AS (
    SELECT p.indicator_id, p.time_period, p.area_code, p.value, p.suppression, p.previous_value,
           p.value - p.previous_value AS change, p.ranked,
           i.polarity, i.decimals, i.no_quartile,
           c.q1, c.q2, c.q3,
           sn.sn_mean, sn.sn_median, sn.sn_count, sn.sn_sd,
           r.value AS region_value, e.value AS england_value,
           -- the sign that makes "better" positive: the one place polarity becomes arithmetic
           CASE i.polarity WHEN 'higher' THEN 1 WHEN 'lower' THEN -1 END AS better
    FROM prev p
    JOIN ind i USING (indicator_id)
    LEFT JOIN cuts c ON c.indicator_id = p.indicator_id AND c.time_period = p.time_period AND p.ranked
    LEFT JOIN sn ON sn.area_code = p.area_code AND sn.indicator_id = p.indicator_id AND sn.time_period = p.time_period
              AND p.geographic_level = 'Local authority'
    LEFT JOIN geo r ON r.area_code = p.region_code AND r.indicator_id = p.indicator_id AND r.time_period = p.time_period
    LEFT JOIN england e ON e.indicator_id = p.indicator_id AND e.time_period = p.time_period
)
SELECT indicator_id, time_period, area_code, value, suppression, previous_value, change,
       CASE
           WHEN change IS NULL THEN NULL
           WHEN round(change, decimals) = 0 THEN 'no change'
           WHEN better IS NULL THEN CASE WHEN change > 0 THEN 'up' ELSE 'down' END
           WHEN change * better > 0 THEN 'improving'
           ELSE 'declining'
       END AS direction,
       CASE WHEN ranked THEN (CASE WHEN better = 1
                                  THEN rank() OVER (PARTITION BY indicator_id, time_period, ranked ORDER BY value DESC)
                                  ELSE rank() OVER (PARTITION BY indicator_id, time_period, ranked ORDER BY value ASC) END)::INTEGER
       END AS rank,
       CASE WHEN ranked THEN (count(*) OVER (PARTITION BY indicator_id, time_period, ranked))::INTEGER END AS ranked_of,
       CASE
           WHEN NOT ranked OR no_quartile OR q1 IS NULL THEN NULL
           ELSE CASE WHEN better IS NULL
               THEN CASE WHEN value <= q1 THEN 'Q1 (lowest)' WHEN value <= q2 THEN 'Q2' WHEN value <= q3 THEN 'Q3' ELSE 'Q4 (highest)' END
               ELSE ['D', 'C', 'B', 'A'][CASE WHEN value <= q1 THEN 1 WHEN value <= q2 THEN 2 WHEN value <= q3 THEN 3 ELSE 4 END
                                         * better + CASE WHEN better = 1 THEN 0 ELSE 5 END]
           END
       END AS band,
       CASE WHEN NOT no_quartile THEN q1 END AS band_q1,
       CASE WHEN NOT no_quartile THEN q2 END AS band_q2,
       CASE WHEN NOT no_quartile THEN q3 END AS band_q3,
       sn_mean, sn_median, sn_count, sn_sd,
       -- neighbour standard deviations by which the value is worse than the SN mean (positive
       -- is worse; null for neutral indicators or fewer than two neighbours with a value)
       CASE WHEN sn_sd > 0 THEN (sn_mean - value) * better / sn_sd END AS sn_gap_sd,
       region_value, england_value
FROM joined
ORDER BY indicator_id, time_period, area_code;

-- Column comments for indicator_comparison (to move into etl/sql/comments.sql, in its own block,
-- once that file exists).
COMMENT ON TABLE indicator_comparison IS 'One row per indicator, year and area (LAs, regions, England): value, previous year, direction of travel, rank, quartile band, statistical-neighbour summary, region and England; computed at build';
COMMENT ON COLUMN indicator_comparison.indicator_id IS 'the indicator (indicators.indicator_id)';
COMMENT ON COLUMN indicator_comparison.time_period IS 'year in which the reporting year ends, as in indicator_values';
COMMENT ON COLUMN indicator_comparison.area_code IS 'ONS code of the LA, region or England (areas.area_code)';
COMMENT ON COLUMN indicator_comparison.value IS 'the published or computed figure; null when suppressed or unavailable';
COMMENT ON COLUMN indicator_comparison.suppression IS 'the published symbol when value is null';
COMMENT ON COLUMN indicator_comparison.previous_value IS 'the value for the year before (time_period - 1); null if there is none';
COMMENT ON COLUMN indicator_comparison.change IS 'value - previous_value';
COMMENT ON COLUMN indicator_comparison.direction IS 'improving or declining following polarity (higher or lower is better); up or down for neutral indicators; no change when the change rounds to 0 at the indicator''s decimals; null without both years';
COMMENT ON COLUMN indicator_comparison.rank IS 'position among the LAs with a value that year, 1 best (1 lowest for neutral indicators); ties share the best rank; null for regions, England and LAs without a value';
COMMENT ON COLUMN indicator_comparison.ranked_of IS 'how many LAs were ranked that year';
COMMENT ON COLUMN indicator_comparison.band IS 'quartile band as LAIT computes it: A best to D worst by polarity; for neutral indicators Q1 (lowest) to Q4 (highest); null where no_quartile, for regions and England, and without a value';
COMMENT ON COLUMN indicator_comparison.band_q1 IS 'first quartile of the ranked LAs'' values (R quantile type 7); a value at or below it is in the lowest quarter';
COMMENT ON COLUMN indicator_comparison.band_q2 IS 'median of the ranked LAs'' values (R quantile type 7); upper bound of the second quarter, inclusive';
COMMENT ON COLUMN indicator_comparison.band_q3 IS 'third quartile of the ranked LAs'' values (R quantile type 7); upper bound of the third quarter, inclusive';
COMMENT ON COLUMN indicator_comparison.sn_mean IS 'mean of the statistical neighbours'' values that year (neighbours with a value only); LAs only';
COMMENT ON COLUMN indicator_comparison.sn_median IS 'median of the statistical neighbours'' values that year';
COMMENT ON COLUMN indicator_comparison.sn_count IS 'number of statistical neighbours with a value that year';
COMMENT ON COLUMN indicator_comparison.sn_sd IS 'sample standard deviation of the statistical neighbours'' values that year';
COMMENT ON COLUMN indicator_comparison.sn_gap_sd IS 'how many neighbour standard deviations the value is worse than sn_mean (positive is worse, following polarity); null for neutral indicators';
COMMENT ON COLUMN indicator_comparison.region_value IS 'the value of the region the area is reported in (areas.region_code) that year';
COMMENT ON COLUMN indicator_comparison.england_value IS 'England''s value that year';

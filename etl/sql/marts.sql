-- Marts: tables computed once at build time from the public views, so the dashboard, the flags
-- and the report read answers instead of working them out per request. Run after views.sql.
--
-- indicator_comparison: one row per indicator, year and area (LAs, regions, England) with the
-- previous year, direction of travel, rank, quartile band, statistical-neighbour summary, and
-- the region's and England's values. Polarity is decided here and nowhere else: `better` is +1
-- when higher is better, -1 when lower is better, null for neutral indicators.
--
-- Set-based throughout: one window pass per partitioning (area series; indicator and year; region)
-- and one grouped join for the neighbours, so it grows with the rows, not with rows x areas.
-- DuckDB's partial aggregate pushdown would pre-aggregate every value before the neighbour join
-- and then combine median states (several times slower here), so it is off for this statement.
SET disabled_optimizers = 'partial_aggregate_pushdown';

-- The rules, once, as macros kept in the file: the mart uses them, and so does a query that
-- places a figure not in the warehouse (the local page's in-year figures) against the published ones.
-- better_of: +1 when higher is better, -1 when lower is better, null for neutral indicators.
CREATE OR REPLACE MACRO better_of(polarity) AS CASE polarity WHEN 'higher' THEN 1 WHEN 'lower' THEN -1 END;
-- direction_of: improving or declining by polarity, up or down for neutral indicators, no change
-- when the change rounds to 0 at the indicator's decimals
CREATE OR REPLACE MACRO direction_of(change, better, decimals) AS CASE
    WHEN change IS NULL THEN NULL
    WHEN round(change, decimals) = 0 THEN 'no change'
    WHEN better IS NULL THEN CASE WHEN change > 0 THEN 'up' ELSE 'down' END
    WHEN change * better > 0 THEN 'improving'
    ELSE 'declining'
END;
-- band_of: LAIT's quartile band from the cut-offs q (a list of 3): inclusive upper bounds (at or
-- below q[1] is the lowest quarter...), A best to D worst by polarity; neutral indicators get
-- Q1 (lowest) to Q4 (highest)
CREATE OR REPLACE MACRO band_of(value, q, better) AS CASE WHEN q IS NOT NULL AND value IS NOT NULL THEN
    CASE WHEN better IS NULL
        THEN ['Q1 (lowest)', 'Q2', 'Q3', 'Q4 (highest)'][CASE WHEN value <= q[1] THEN 1 WHEN value <= q[2] THEN 2 WHEN value <= q[3] THEN 3 ELSE 4 END]
        ELSE ['D', 'C', 'B', 'A'][CASE WHEN better = 1
            THEN (CASE WHEN value <= q[1] THEN 1 WHEN value <= q[2] THEN 2 WHEN value <= q[3] THEN 3 ELSE 4 END)
            ELSE 5 - (CASE WHEN value <= q[1] THEN 1 WHEN value <= q[2] THEN 2 WHEN value <= q[3] THEN 3 ELSE 4 END) END]
    END
END;
-- sn_gap_of: neighbour standard deviations by which value is worse than the SN mean (positive is
-- worse; null for neutral indicators or fewer than two neighbours with a value)
CREATE OR REPLACE MACRO sn_gap_of(value, sn_mean, sn_sd, better) AS CASE WHEN sn_sd > 0 THEN (sn_mean - value) * better / sn_sd END;

CREATE OR REPLACE TABLE indicator_comparison AS
WITH
v AS (
    -- each value with what the rules need; `ranked`: an LA with a value that existed that year
    -- (current, or a predecessor up to its last reporting year)
    SELECT v.indicator_id, v.time_period, v.area_code, v.value, v.suppression,
           a.geographic_level, a.region_code, i.decimals, coalesce(i.no_quartile, false) AS no_quartile,
           better_of(i.polarity) AS better,
           (a.geographic_level = 'Local authority' AND v.value IS NOT NULL
            AND (a.is_current OR v.time_period <= a.last_year)) AS ranked
    FROM indicator_values v JOIN areas a USING (area_code) JOIN indicators i USING (indicator_id)
),
sn AS (
    SELECT s.area_code, n.indicator_id, n.time_period,
           avg(n.value) AS sn_mean, median(n.value) AS sn_median, count(*) AS sn_count, stddev_samp(n.value) AS sn_sd
    FROM statistical_neighbours s JOIN v n ON n.area_code = s.neighbour_code
    WHERE n.geographic_level = 'Local authority' AND n.value IS NOT NULL
    GROUP BY ALL
),
w AS (
    SELECT *,
           CASE WHEN lag(time_period) OVER byarea = time_period - 1 THEN lag(value) OVER byarea END AS previous_value,
           -- ranks: 1 best (1 lowest for neutral indicators); ranked rows sort first, ties share a rank
           CASE WHEN ranked THEN rank() OVER (PARTITION BY indicator_id, time_period ORDER BY ranked DESC, value * coalesce(-better, 1)) END AS rank,
           CASE WHEN ranked THEN count(*) FILTER (WHERE ranked) OVER byyear END AS ranked_of,
           -- LAIT's quartile cut-offs: R's default quantile (type 7, linear interpolation, which is
           -- DuckDB's quantile_cont) over every ranked LA with a value
           CASE WHEN ranked AND NOT no_quartile THEN quantile_cont(value, [0.25, 0.5, 0.75]) FILTER (WHERE ranked) OVER byyear END AS q,
           max(value) FILTER (WHERE geographic_level = 'National') OVER byyear AS england_value,
           max(value) FILTER (WHERE geographic_level = 'Regional') OVER (PARTITION BY indicator_id, time_period,
               CASE WHEN geographic_level = 'Regional' THEN area_code ELSE region_code END) AS region_value
    FROM v
    WINDOW byarea AS (PARTITION BY indicator_id, area_code ORDER BY time_period),
           byyear AS (PARTITION BY indicator_id, time_period)
),
joined AS (
    SELECT w.*, w.value - w.previous_value AS change, sn.sn_mean, sn.sn_median, sn.sn_count, sn.sn_sd
    FROM w LEFT JOIN sn ON sn.area_code = w.area_code AND sn.indicator_id = w.indicator_id AND sn.time_period = w.time_period
)
SELECT indicator_id, time_period, area_code, value, suppression, previous_value, change,
       direction_of(change, better, decimals) AS direction,
       rank::INTEGER AS rank, ranked_of::INTEGER AS ranked_of,
       band_of(value, q, better) AS band,
       q[1] AS band_q1, q[2] AS band_q2, q[3] AS band_q3,
       sn_mean, sn_median, sn_count::INTEGER AS sn_count, sn_sd,
       sn_gap_of(value, sn_mean, sn_sd, better) AS sn_gap_sd,
       region_value, england_value
FROM joined;
RESET disabled_optimizers;

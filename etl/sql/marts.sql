-- Marts: figures computed once at build time from the public views, so the dashboard, the flags
-- and the report read answers instead of working them out per request. Run after views.sql.
--
-- indicator_comparison: one row per indicator, year and area (LAs, regions, England) with the
-- previous year, direction of travel, rank, quartile band, statistical-neighbour summary, and
-- the region's and England's values. Polarity is decided here and nowhere else: `better` is +1
-- when higher is better, -1 when lower is better, null for neutral indicators.
--
-- statistical_neighbours: each LA's neighbours from the newest model that lists it, chosen once
-- (warehouse.neighbours_in_use) and read by the mart below and by every page that names neighbours.
--
-- Two tables hold what the build computes, each fact once: warehouse.comparison_areas one row per
-- indicator, year and area (previous year, rank, neighbours, region) and, from it,
-- warehouse.comparison_years one row per indicator and year (how many LAs are ranked, the quartile
-- cut-offs, England's value). The public view indicator_comparison joins them and applies the rules below (direction,
-- band, distance from the neighbours), which are a few comparisons per row read: storing them, and
-- the per-year figures on every row, would write the 640,000 rows twice over for nothing.
--
-- Set-based throughout, so it grows with the rows, not with rows x areas: the values are read once
-- (numbered by indicator and year, `k`, and by area, `area_no`), each region's figure is one grouped
-- pass joined back, the per-year figures one grouped pass over the stored rows, the previous year is a join on k - 1, ranks are
-- one window over the ranked LAs, and the neighbours are one grouped join (5 million neighbour
-- rows, most of the time).

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
-- below q[1] is the lowest quarter...), named A best to D worst by polarity (the lowest quarter is
-- D when higher is better, A when lower is); neutral indicators get Q1 (lowest) to Q4 (highest).
-- The quarter is worked out once: every query on the view binds this macro, so its size is paid
-- on each one.
CREATE OR REPLACE MACRO band_of(value, q, better) AS CASE WHEN q[1] IS NOT NULL AND value IS NOT NULL THEN
    (CASE better WHEN 1 THEN ['D', 'C', 'B', 'A'] WHEN -1 THEN ['A', 'B', 'C', 'D'] ELSE ['Q1 (lowest)', 'Q2', 'Q3', 'Q4 (highest)'] END)
    [CASE WHEN value <= q[1] THEN 1 WHEN value <= q[2] THEN 2 WHEN value <= q[3] THEN 3 ELSE 4 END]
END;
-- sn_gap_of: neighbour standard deviations by which value is worse than the SN mean (positive is
-- worse; null for neutral indicators or fewer than two neighbours with a value)
CREATE OR REPLACE MACRO sn_gap_of(value, sn_mean, sn_sd, better) AS CASE WHEN sn_sd > 0 THEN (sn_mean - value) * better / sn_sd END;

-- each LA's neighbours from the newest model that lists it: a former authority, which DfE's 2025 model
-- leaves out, from LAIT's (Bournemouth's ten, where it had "no statistical neighbours"). Chosen once, here:
-- as a view, the choice (a window over every model's rows, and each model's release from the load log)
-- was made again by every query that read an authority's neighbours, about 3 ms each
CREATE OR REPLACE TABLE warehouse.neighbours_in_use AS
SELECT m.area_code, m.neighbour_code, m.neighbour_rank, m.closeness, m.model
FROM statistical_neighbour_models m JOIN warehouse.statistical_neighbours s USING (area_code, neighbour_code, source_file)
QUALIFY s.model_rank = min(s.model_rank) OVER (PARTITION BY m.area_code)
ORDER BY m.area_code, m.neighbour_rank;

CREATE OR REPLACE VIEW statistical_neighbours AS
SELECT area_code, neighbour_code, neighbour_rank, closeness, model FROM warehouse.neighbours_in_use;

CREATE OR REPLACE TABLE warehouse.comparison_areas AS
WITH
area_nos AS (SELECT *, row_number() OVER (ORDER BY area_code)::SMALLINT AS area_no FROM areas),
v AS MATERIALIZED (
    -- each value with what the rules need, read once; `ranked`: an LA with a value that existed
    -- that year (current, or a predecessor up to its last reporting year). `k` numbers the
    -- indicator and year, `area_no` the area: small integer keys for the joins below.
    SELECT v.indicator_id, v.time_period, v.area_code, v.value, v.suppression, v.shared_with,
           a.geographic_level, a.region_code, a.area_no, i.better,
           round(v.value, i.decimals) * coalesce(-i.better, 1) AS rank_key,  -- the figure as shown, best lowest (0.1 s less than in the window)
           i.ind_no * 10000 + v.time_period AS k,
           -- a figure that looks back (re-referrals within 12 months) in the years whose look back reaches before its
           -- authority was formed: referrals to Cumbria before 1 April 2023 are not in Westmorland and Furness's records,
           -- and its first year's 7.4% had ranked 1 of 149, band A (16.5% the year after)
           CASE WHEN v.time_period >= f.first_year AND v.time_period < f.first_year + ceil(i.looks_back_months / 12) THEN f.formed END AS looks_back_only_to,
           (a.geographic_level = 'Local authority' AND v.value IS NOT NULL AND looks_back_only_to IS NULL
            AND existed_in(a.is_current, a.last_year, v.time_period)) AS ranked
    FROM indicator_values v
    JOIN area_nos a USING (area_code)
    JOIN (SELECT indicator_id, better_of(polarity) AS better, decimals, looks_back_months, row_number() OVER (ORDER BY indicator_id)::INTEGER AS ind_no
          FROM indicators) i USING (indicator_id)
    LEFT JOIN formed_authorities f USING (area_code)  -- an LA formed by a boundary change: the day it began, its first year
),
by_region AS (
    SELECT k, area_code AS region_code, max(value) AS region_value
    FROM v WHERE geographic_level = 'Regional' GROUP BY ALL
),
ranks AS (
    -- 1 best (1 lowest for neutral indicators) among the ranked LAs; ties share a rank, at the figure as shown
    -- (the value to the indicator's decimals), as LAIT ranks the figures it publishes: York's and Haringey's
    -- child protection plans, both 36.3 per 10,000 in 2025, had ranked 60 and 61 on the unrounded rates
    SELECT k, area_no, rank() OVER (PARTITION BY k ORDER BY rank_key) AS rank
    FROM v WHERE ranked
),
neighbours AS (
    SELECT a.area_no, a.area_code, n.area_no AS neighbour_no
    FROM statistical_neighbours s
    JOIN area_nos a ON a.area_code = s.area_code
    JOIN area_nos n ON n.area_code = s.neighbour_code
),
sn_values AS (
    -- each LA's statistical neighbours with a value, per indicator and year: their mean, count and
    -- standard deviation, and their lowest values in order, as many as a median can need (half the
    -- largest neighbour group, plus one); cheaper than a median's state of every value
    SELECT s.area_no, n.k,
           avg(n.value) AS sn_mean, count(*) AS sn_count, stddev_samp(n.value) AS sn_sd,
           min(n.value, (SELECT max(size) // 2 + 1 FROM (SELECT count(*) AS size FROM neighbours GROUP BY area_no))) AS lowest
    FROM neighbours s JOIN v n ON n.area_no = s.neighbour_no
    WHERE n.geographic_level = 'Local authority' AND n.value IS NOT NULL AND n.looks_back_only_to IS NULL
      -- a figure published for two authorities together is not the other's neighbour figure: it is its own
      AND NOT coalesce(contains(n.shared_with, s.area_code), false)
    GROUP BY ALL
),
sn AS (
    -- the median: the middle value of an odd count, the mean of the middle two of an even one
    SELECT area_no, k, sn_mean, (lowest[(sn_count + 1) // 2] + lowest[sn_count // 2 + 1]) / 2 AS sn_median, sn_count, sn_sd
    FROM sn_values
),
joined AS (
    SELECT v.*, p.value AS previous_value, p.suppression AS previous_suppression, p.looks_back_only_to AS previous_looks_back_only_to,
           r.rank, g.region_value,
           sn.sn_mean, sn.sn_median, sn.sn_count, sn.sn_sd
    FROM v
    -- the previous year's value of the same area
    LEFT JOIN v p ON p.k = v.k - 1 AND p.area_no = v.area_no
    LEFT JOIN by_region g ON g.k = v.k AND g.region_code = CASE WHEN v.geographic_level = 'Regional' THEN v.area_code ELSE v.region_code END
    LEFT JOIN ranks r ON r.k = v.k AND r.area_no = v.area_no
    LEFT JOIN sn ON sn.k = v.k AND sn.area_no = v.area_no
)
SELECT indicator_id, time_period, area_code, value, suppression, shared_with, previous_value, previous_suppression,
       rank::INTEGER AS rank, sn_mean, sn_median, sn_count::INTEGER AS sn_count, sn_sd, region_value, looks_back_only_to,
       previous_looks_back_only_to
FROM joined;

-- per indicator and year: how many LAs are ranked (those with a rank), LAIT's quartile cut-offs
-- (R's default quantile, type 7, linear interpolation: DuckDB's quantile_cont) over their values,
-- England's value, and what the rules need of the indicator (better_of its polarity, its decimals,
-- no_quartile)
CREATE OR REPLACE TABLE warehouse.comparison_years AS
SELECT y.*, better_of(i.polarity) AS better, i.decimals, coalesce(i.no_quartile, false) AS no_quartile
FROM (
    SELECT c.indicator_id, c.time_period, count(c.rank) AS ranked_of,
           quantile_cont(c.value, [0.25, 0.5, 0.75]) FILTER (WHERE c.rank IS NOT NULL) AS q,
           max(c.value) FILTER (WHERE a.geographic_level = 'National') AS england_value
    FROM warehouse.comparison_areas c JOIN areas a USING (area_code)
    GROUP BY ALL
) y
JOIN indicators i USING (indicator_id);

-- the public mart: each row with its year's figures and the rules applied; ranked_of and the
-- cut-offs belong to ranked LAs only (those with a rank), and no_quartile indicators have no band
CREATE OR REPLACE VIEW indicator_comparison AS
WITH c AS (
    SELECT a.*, a.value - a.previous_value AS change, y.better, y.decimals,
           CASE WHEN a.rank IS NOT NULL THEN y.ranked_of END AS ranked_of,
           CASE WHEN a.rank IS NOT NULL AND NOT y.no_quartile THEN y.q END AS q, y.england_value
    FROM warehouse.comparison_areas a
    LEFT JOIN warehouse.comparison_years y USING (indicator_id, time_period)
)
SELECT indicator_id, time_period, area_code, value, suppression, shared_with, previous_value, previous_suppression, change,
       direction_of(change, better, decimals) AS direction,
       rank, ranked_of::INTEGER AS ranked_of,
       band_of(value, q, better) AS band,
       q[1] AS band_q1, q[2] AS band_q2, q[3] AS band_q3,
       sn_mean, sn_median, sn_count, sn_sd,
       CASE WHEN looks_back_only_to IS NULL THEN sn_gap_of(value, sn_mean, sn_sd, better) END AS sn_gap_sd,
       region_value, england_value, looks_back_only_to, previous_looks_back_only_to
FROM c;

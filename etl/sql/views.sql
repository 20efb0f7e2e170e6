-- Public views: the stable contract that the dashboard and analysts rely on.
-- Base tables live in schema `warehouse`; only these views are documented and supported.
-- Their comments (every view and every column) are in comments.sql, run after the views and marts.

CREATE OR REPLACE VIEW areas AS
SELECT area_code, old_la_code, area_name, geographic_level, region_code, region_name,
       is_current, successor_codes, last_year
FROM warehouse.areas;

CREATE OR REPLACE VIEW indicators AS
SELECT indicator_id, name, topic, unit, polarity, decimals, source, definition, headline, sort_order,
       outcome, lait_measure, year_type, no_quartile, methodology, last_update, next_update, update_note, source_url
FROM warehouse.indicators;

CREATE OR REPLACE VIEW indicator_values AS
SELECT indicator_id, time_period, area_code, value, numerator, denominator, suppression, source_file,
       period_label, revision, period_years
FROM warehouse.indicator_values
UNION ALL
-- LAIT measures that no catalogue indicator carries: the chosen revision of each year and area
SELECT m.indicator_id, p.time_period, v.area_code, v.value, NULL::DOUBLE, NULL::DOUBLE, v.suppression, p.source_file,
       p.years, p.revision, p.period_years
FROM warehouse.lait_values v
JOIN warehouse.lait_measures m USING (measure_no)
JOIN warehouse.lait_periods p USING (period_no)
WHERE v.chosen AND m.indicator_id IS NOT NULL;

CREATE OR REPLACE VIEW ofsted_judgements AS
SELECT area_code, inspection_date, publication_date, inspection_type, judgement, grade, grade_label, source_file
FROM warehouse.ofsted_judgements;

CREATE OR REPLACE VIEW statistical_neighbours AS
SELECT area_code, neighbour_code, neighbour_rank, closeness, model
FROM warehouse.statistical_neighbours
WHERE model_rank = (SELECT min(model_rank) FROM warehouse.statistical_neighbours);

CREATE OR REPLACE VIEW statistical_neighbour_models AS
SELECT area_code, neighbour_code, neighbour_rank, closeness, model, source_file
FROM warehouse.statistical_neighbours;

CREATE OR REPLACE VIEW load_log AS
SELECT build_id, path, sha256, publication, title, release, rows, seconds, status, message, built_at
FROM warehouse.load_log;

CREATE OR REPLACE VIEW reconciliation AS
SELECT indicator_id, time_period, area_code, value, other_source, other_value, difference, tolerance, within_tolerance
FROM warehouse.reconciliation;

CREATE OR REPLACE VIEW population AS
SELECT time_period AS mid_year, area_code, population_estimate, source_file
FROM warehouse.population;

CREATE OR REPLACE VIEW assessment_factors AS
SELECT time_period, area_code, factor, value, suppression, source_file
FROM warehouse.assessment_factors;

CREATE OR REPLACE VIEW lait_values AS
SELECT m.measure, m.indicator_id, p.years, p.time_period, p.period_years, p.revision, v.area_code, v.value, v.suppression, v.chosen, p.source_file
FROM warehouse.lait_values v
JOIN warehouse.lait_measures m USING (measure_no)
JOIN warehouse.lait_periods p USING (period_no);

-- The National Framework's outcomes and enablers, then the other areas, in display order
CREATE OR REPLACE VIEW outcomes AS
SELECT outcome, kind, description, sort_order FROM warehouse.outcomes;

CREATE OR REPLACE VIEW build_info AS
SELECT build_id, built_at, sources, files_loaded, value_rows, warnings, version
FROM warehouse.build_info;

CREATE OR REPLACE VIEW build_warnings AS
SELECT path, message FROM warehouse.build_warnings;

CREATE OR REPLACE VIEW latest_values AS
SELECT v.*
FROM indicator_values v
JOIN (SELECT indicator_id, max(time_period) AS time_period FROM indicator_values GROUP BY 1) l USING (indicator_id, time_period);

-- Releases: figures an older release of a publication gives differently for the same year.
CREATE OR REPLACE VIEW revisions AS
SELECT indicator_id, time_period, area_code, old_value, new_value, old_release, new_release
FROM warehouse.revisions;


-- Public views: the stable contract that the dashboard and analysts rely on.
-- Base tables live in schema `warehouse`; only these views are documented and supported.

CREATE OR REPLACE VIEW areas AS
SELECT area_code, old_la_code, area_name, geographic_level, region_code, region_name,
       is_current, successor_codes, last_year
FROM warehouse.areas;
COMMENT ON VIEW areas IS 'England, its regions and every local authority (current ones and merged or split predecessors), keyed by ONS code';
COMMENT ON COLUMN areas.area_code IS 'ONS 9-character code (the current code where ONS has recoded an area)';
COMMENT ON COLUMN areas.old_la_code IS 'DfE 3-digit LA number; null for England and regions';
COMMENT ON COLUMN areas.geographic_level IS 'National, Regional or Local authority';
COMMENT ON COLUMN areas.region_code IS 'for an LA, the region DfE reports it in (Inner and Outer London for London boroughs); for Inner and Outer London, London';
COMMENT ON COLUMN areas.is_current IS 'false for an authority that was merged or split (it appears in older years only)';
COMMENT ON COLUMN areas.successor_codes IS 'for a predecessor, the ONS codes of the authorities that replaced it, separated by ;';
COMMENT ON COLUMN areas.last_year IS 'for a predecessor, the last reporting year it appears in';

CREATE OR REPLACE VIEW indicators AS
SELECT indicator_id, name, topic, unit, polarity, decimals, source, definition, headline, sort_order
FROM warehouse.indicators;
COMMENT ON VIEW indicators IS 'The indicator catalogue (etl/catalogue.toml)';
COMMENT ON COLUMN indicators.polarity IS 'higher or lower is better, or neutral where neither is';
COMMENT ON COLUMN indicators.decimals IS 'decimal places to show';
COMMENT ON COLUMN indicators.headline IS 'true for the headline indicators shown on tiles, profiles and the report';

CREATE OR REPLACE VIEW indicator_values AS
SELECT indicator_id, time_period, area_code, value, numerator, denominator, suppression, source_file
FROM warehouse.indicator_values;
COMMENT ON VIEW indicator_values IS 'One row per indicator, reporting year and area';
COMMENT ON COLUMN indicator_values.time_period IS 'year in which the reporting year ends: 2025 is the year to 31 March 2025 (workforce: at 30 September)';
COMMENT ON COLUMN indicator_values.value IS 'null when the published figure is suppressed or unavailable';
COMMENT ON COLUMN indicator_values.numerator IS 'the count behind a rate or percentage, where published';
COMMENT ON COLUMN indicator_values.denominator IS 'the base of a rate or percentage (children aged 0 to 17 for rates per 10,000)';
COMMENT ON COLUMN indicator_values.suppression IS 'the published symbol when value is null: c confidential, x not available, z not applicable, u low reliability, low rounds to zero, k, -, . or :';
COMMENT ON COLUMN indicator_values.source_file IS 'the file (or files, joined by +) the row came from';

CREATE OR REPLACE VIEW ofsted_judgements AS
SELECT area_code, inspection_date, publication_date, inspection_type, judgement, grade, grade_label, source_file
FROM warehouse.ofsted_judgements;
COMMENT ON VIEW ofsted_judgements IS 'Every ILACS standard and short inspection since 2018, one row per judgement';
COMMENT ON COLUMN ofsted_judgements.judgement IS 'overall_effectiveness, impact_of_leaders, help_and_protection, children_in_care or care_leavers';
COMMENT ON COLUMN ofsted_judgements.grade IS '1 Outstanding, 2 Good, 3 Requires improvement to be good, 4 Inadequate';

CREATE OR REPLACE VIEW statistical_neighbours AS
SELECT area_code, neighbour_code, neighbour_rank, closeness, model
FROM warehouse.statistical_neighbours
WHERE model_rank = (SELECT min(model_rank) FROM warehouse.statistical_neighbours);
COMMENT ON VIEW statistical_neighbours IS 'Each LA''s 10 statistical neighbours from the newest model loaded';
COMMENT ON COLUMN statistical_neighbours.neighbour_rank IS '1 is the closest neighbour';
COMMENT ON COLUMN statistical_neighbours.closeness IS 'Very close, Close, Somewhat close or Not close';

CREATE OR REPLACE VIEW statistical_neighbour_models AS
SELECT area_code, neighbour_code, neighbour_rank, closeness, model, source_file
FROM warehouse.statistical_neighbours;
COMMENT ON VIEW statistical_neighbour_models IS 'Every statistical neighbour model loaded, including older groupings that list predecessor LAs';

CREATE OR REPLACE VIEW load_log AS
SELECT build_id, path, sha256, publication, title, release, rows, seconds, status, message, built_at
FROM warehouse.load_log;
COMMENT ON VIEW load_log IS 'One row per file per build: what each file was recognised as, its rows and checksum';
COMMENT ON COLUMN load_log.release IS 'the years the file covers, e.g. 2013-2025 (null for files without years)';
COMMENT ON COLUMN load_log.status IS 'loaded; superseded (a newer release of the same publication covers all its years); or skipped (message says why)';

CREATE OR REPLACE VIEW reconciliation AS
SELECT indicator_id, time_period, area_code, value, other_source, other_value, difference, tolerance, within_tolerance
FROM warehouse.reconciliation;
COMMENT ON VIEW reconciliation IS 'Figures carried by two publications, compared; within_tolerance is false for a disagreement beyond rounding';

CREATE OR REPLACE VIEW population AS
SELECT time_period AS mid_year, area_code, population_estimate, source_file
FROM warehouse.population;
COMMENT ON VIEW population IS 'ONS mid-year estimates of children aged 0 to 17; rates for reporting year Y use mid_year Y-1';

CREATE OR REPLACE VIEW assessment_factors AS
SELECT time_period, area_code, factor, value, suppression, source_file
FROM warehouse.assessment_factors;
COMMENT ON VIEW assessment_factors IS 'Factors identified at the end of assessment (children in need table C3), long format';

CREATE OR REPLACE VIEW lait_values AS
SELECT measure, years, time_period, area_code, value, suppression
FROM warehouse.lait_values;
COMMENT ON VIEW lait_values IS 'Annual LAIT figures (latest revision per year) for the measures the catalogue uses as a source or for reconciliation';

CREATE OR REPLACE VIEW build_info AS
SELECT build_id, built_at, sources, files_loaded, value_rows, warnings, version
FROM warehouse.build_info;
COMMENT ON VIEW build_info IS 'One row describing the build that wrote this database';

CREATE OR REPLACE VIEW build_warnings AS
SELECT path, message FROM warehouse.build_warnings;
COMMENT ON VIEW build_warnings IS 'Warnings raised while loading the sources';

CREATE OR REPLACE VIEW latest_values AS
SELECT v.*
FROM indicator_values v
JOIN (SELECT indicator_id, max(time_period) AS time_period FROM indicator_values GROUP BY 1) l USING (indicator_id, time_period);
COMMENT ON VIEW latest_values IS 'indicator_values for the latest year of each indicator';

-- Releases: figures an older release of a publication gives differently for the same year.
CREATE OR REPLACE VIEW revisions AS
SELECT indicator_id, time_period, area_code, old_value, new_value, old_release, new_release
FROM warehouse.revisions;
COMMENT ON VIEW revisions IS 'Figures that differ between two releases of a publication for the same year; the newest release is the one published in indicator_values';
COMMENT ON COLUMN revisions.old_value IS 'the figure as the older release gives it (computed the same way as indicator_values)';
COMMENT ON COLUMN revisions.new_value IS 'the figure in indicator_values, from the newest release';
COMMENT ON COLUMN revisions.old_release IS 'the file name of the older release';
COMMENT ON COLUMN revisions.new_release IS 'the file name of the release that replaced it for that year';


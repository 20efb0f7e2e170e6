-- Public views: the stable contract that the dashboard and analysts rely on.
-- Base tables live in schema `warehouse`; only these views are documented and supported.
-- Their comments (every view and every column) are in comments.sql, run after the views and marts.

-- area_label: an area's name as every page and pack says it, a former authority with its last year,
-- "Dorset (until 2019)", so the county Dorset was and the Dorset formed from part of it in 2019 are
-- never one name. Worked out here and nowhere else.
CREATE OR REPLACE VIEW areas AS
SELECT area_code, old_la_code, area_name,
       CASE WHEN is_current THEN area_name ELSE concat(area_name, ' (until ', last_year, ')') END AS area_label,
       geographic_level, region_code, region_name,
       is_current, successor_codes, last_year, earlier_codes
FROM warehouse.areas;

CREATE OR REPLACE VIEW indicators AS
SELECT indicator_id, name, topic, unit, polarity, decimals, source, definition, headline, sort_order,
       outcome, lait_measure, year_type, no_quartile, methodology, last_update, next_update, update_note, source_url, published_unit,
       looks_back_months
FROM warehouse.indicators;

CREATE OR REPLACE VIEW indicator_values AS
SELECT indicator_id, time_period, area_code, value, numerator, denominator, suppression, source_file,
       period_label, revision, period_years, shared_with
FROM warehouse.indicator_values
UNION ALL
-- LAIT measures that no catalogue indicator carries: the chosen revision of each year and area
SELECT m.indicator_id, p.time_period, v.area_code, v.value, NULL::DOUBLE, NULL::DOUBLE, v.suppression, p.source_file,
       p.years, p.revision, p.period_years, NULL::VARCHAR
FROM warehouse.lait_values v
JOIN warehouse.lait_measures m USING (measure_no)
JOIN warehouse.lait_periods p USING (period_no)
WHERE v.chosen AND m.indicator_id IS NOT NULL;

CREATE OR REPLACE VIEW ofsted_judgements AS
SELECT area_code, inspection_date, publication_date, inspection_type, judgement, grade, grade_label, source_file,
       framework, official, scale_note, status_note
FROM warehouse.ofsted_judgements;

-- file_name: the last part of a path, the file's name without the folders of the machine that built
CREATE OR REPLACE MACRO file_name(path) AS regexp_extract(path, '[^/\\]+$');

-- a model named with its release as the manifest of the shipped files gives it ("DfE statistical neighbours,
-- 2025 model"), or else with the file it was read from: the file's name alone had read as the model's
CREATE OR REPLACE VIEW statistical_neighbour_models AS
SELECT s.area_code, s.neighbour_code, s.neighbour_rank, s.closeness,
       s.model || coalesce(', ' || r.published_release, ' (' || s.source_file || ')') AS model, s.source_file
FROM warehouse.statistical_neighbours s
LEFT JOIN (SELECT file_name(path) AS file, max(published_release) AS published_release FROM warehouse.load_log GROUP BY 1) r
       ON r.file = s.source_file;

-- statistical_neighbours (each LA's neighbours from the newest model that lists it) is written by marts.sql

-- citation: the file's release as a pack cites it, "DfE: Children in need, table C1: referrals and re-referrals,
-- reporting year 2025" (the publisher left out where the title begins with it); null without a manifest's entry
CREATE OR REPLACE VIEW load_log AS
SELECT build_id, path, file_name(path) AS file, sha256, publication, title, release, rows, seconds, status, message, built_at,
       publisher, published_release, source_url,
       CASE WHEN starts_with(title, publisher) THEN '' ELSE publisher || ': ' END || title || ', ' || published_release AS citation
FROM warehouse.load_log;

CREATE OR REPLACE VIEW reconciliation AS
SELECT indicator_id, time_period, area_code, value, other_source, other_value, difference, tolerance, within_tolerance
FROM warehouse.reconciliation
UNION ALL
SELECT 'ofsted_overall_effectiveness', year(coalesce(inspection_date, publication_date))::INTEGER, area_code,
       official_grade::DOUBLE, 'ofsted_overview', overview_grade::DOUBLE,
       (overview_grade - official_grade)::DOUBLE, 0.0, status = 'agree'
FROM warehouse.ofsted_reconciliation
WHERE status <> 'only in overview';

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
SELECT build_id, built_at, sources, files_loaded, value_rows, warnings, version, losses
FROM warehouse.build_info;

CREATE OR REPLACE VIEW build_warnings AS
SELECT path, file_name(path) AS file, message FROM warehouse.build_warnings;

CREATE OR REPLACE VIEW latest_values AS
SELECT v.*
FROM indicator_values v
JOIN (SELECT indicator_id, max(time_period) AS time_period FROM indicator_values GROUP BY 1) l USING (indicator_id, time_period);

-- Figures published for a former authority after its last year as one, beside each authority that
-- replaced it: LAIT gives Cafcass's care applications for Northamptonshire as a whole and "-" for
-- North and West Northamptonshire, whose figure it therefore is not missing, but shared.
CREATE OR REPLACE VIEW figures_for_former_areas AS
WITH former AS (
    SELECT unnest(string_split(successor_codes, ';')) AS area_code, area_code AS former_code, area_name AS former_name,
           area_label AS former_label, last_year
    FROM areas WHERE successor_codes IS NOT NULL
)
SELECT f.area_code, v.indicator_id, v.time_period, f.former_code, f.former_name, f.former_label, v.value
FROM former f JOIN indicator_values v ON v.area_code = f.former_code AND v.time_period > f.last_year AND v.value IS NOT NULL;

-- Each authority a boundary change formed: the day it began (1 April after its predecessors' last
-- reporting year) and its first year to 31 March. Read by the mart (a first year that looks back) and
-- by the pages (a pack asked for before it began, a map's shape that did not exist yet).
CREATE OR REPLACE VIEW formed_authorities AS
SELECT a.area_code, make_date(max(p.last_year), 4, 1) AS formed, max(p.last_year) + 1 AS first_year
FROM areas p JOIN areas a ON list_contains(string_split(p.successor_codes, ';'), a.area_code)
GROUP BY 1;

-- An authority's figure published instead for the one former authority it replaced, per indicator and
-- year: where several former authorities have a figure (Bournemouth, Dorset and Poole for
-- Bournemouth, Christchurch and Poole), none of them is its figure.
CREATE OR REPLACE MACRO former_figure_of(code) AS TABLE
SELECT indicator_id, time_period, min(former_label) AS former_label, min(value) AS value
FROM figures_for_former_areas WHERE area_code = code GROUP BY 1, 2 HAVING count(*) = 1;

-- Releases: figures an older release of a publication gives differently for the same year.
CREATE OR REPLACE VIEW revisions AS
SELECT indicator_id, time_period, area_code, old_value, new_value, old_release, new_release
FROM warehouse.revisions;


-- Ofsted: one inspection history from 2009 (issue 12) ----------------------------------------

CREATE OR REPLACE VIEW ofsted_inspections AS
SELECT area_code, framework, inspection_type, inspection_date, publication_date, overall_grade, grade_label,
       scale_note, visit_theme, source_file, official, status_note
FROM warehouse.ofsted_inspections;

-- Ofsted's own tables of each authority's judgement at 31 March, which its statistics for that date
-- count (the 2023 and 2025 releases': which inspections they take has changed by release)
CREATE OR REPLACE VIEW ofsted_counted_at_31_march AS
SELECT as_at, area_code, inspection_date, overall_grade, grade_label, source_file FROM warehouse.ofsted_counted_at_31_march;

CREATE OR REPLACE VIEW ofsted_grade_scales AS
SELECT framework, scale_note, grade_3_words FROM warehouse.ofsted_grade_scales;

-- in_own_words: a judgement as its framework worded it. Ofsted's data restate grade 3 of the
-- frameworks that graded "adequate" (SLAC, CPI, CPRI, TLAC: before November 2013) as "requires
-- improvement to be good", a judgement that did not exist then; this gives grade_3_words instead.
CREATE OR REPLACE MACRO in_own_words(fw, g, label) AS
    coalesce(CASE WHEN g = 3 THEN (SELECT s.grade_3_words FROM ofsted_grade_scales s WHERE s.framework = fw) END, label);

CREATE OR REPLACE VIEW ofsted_reconciliation AS
SELECT area_code, inspection_date, publication_date, overview_grade, overview_grade_label, official_inspection_date,
       official_publication_date, official_grade, official_grade_label, official_source, overview_source, status
FROM warehouse.ofsted_reconciliation;

-- Whether an area existed in a reporting year: current, or a predecessor up to its last reporting
-- year. LAIT gives a few figures for former authorities after it (Cafcass's for Dorset's and
-- Northamptonshire's county councils in 2025): they are kept, but not ranked or counted among that
-- year's authorities.
CREATE OR REPLACE MACRO existed_in(is_current, last_year, year) AS is_current OR year <= last_year;

-- The local authorities as they stood on date d: an authority is listed while it existed (current, or
-- up to 31 March of its last reporting year), and one formed by a boundary change only once every
-- predecessor has gone.
CREATE OR REPLACE MACRO local_authorities_on(d) AS TABLE
SELECT a.* FROM areas a
WHERE a.geographic_level = 'Local authority' AND (a.is_current OR d::DATE <= make_date(a.last_year, 3, 31))
  AND NOT EXISTS (SELECT 1 FROM areas p WHERE list_contains(string_split(p.successor_codes, ';'), a.area_code)
                                          AND d::DATE <= make_date(p.last_year, 3, 31));

-- Each LA's latest overall judgement in force on date d, across frameworks (LSCB reviews and ungraded
-- visits excluded; an authority is listed only while it existed), and the grade of the judgement
-- before it (its grade, wording and date). Official records win a tie. With inspected := true,
-- Ofsted's own convention for its statistics "as at" a date: the latest inspection carried out by d,
-- whenever its report was published (a framework without inspection dates counts its publication).
CREATE OR REPLACE MACRO ofsted_as_at(d, inspected := false) AS TABLE
WITH dated AS (
    -- the date a judgement counts from: its publication, or with `inspected` its inspection
    SELECT i.*, CASE WHEN inspected THEN coalesce(i.inspection_date, i.publication_date) ELSE i.publication_date END AS counted_from,
           -- with `inspected`, as Ofsted's statistics count them: where Ofsted's own table of the judgements at
           -- that date is loaded, no inspection after the one it gives the authority (its 2023 table left out
           -- the inspections of 13 March 2023, published in May, that its 2025 table's rule would count)
           (k.inspection_date IS NULL OR i.inspection_date IS NULL OR i.inspection_date <= k.inspection_date) AS in_table
    FROM ofsted_inspections i
    LEFT JOIN ofsted_counted_at_31_march k ON inspected AND k.as_at = d::DATE AND k.area_code = i.area_code
    WHERE i.overall_grade IS NOT NULL AND i.framework <> 'LSCB review'
),
graded AS (
    SELECT *, row_number() OVER (PARTITION BY area_code ORDER BY counted_from DESC, official DESC,
                                 inspection_date DESC NULLS LAST, publication_date DESC) AS n
    FROM dated WHERE counted_from <= d::DATE AND in_table
),
-- the latest inspection carried out by then that Ofsted's table leaves out (published after it was
-- compiled): said beside the judgement counted, and the one a flag for time since inspection ages from
left_out AS (
    SELECT area_code, arg_max({'inspection_date': inspection_date, 'publication_date': publication_date, 'grade_label': grade_label}, inspection_date) AS o
    FROM dated WHERE counted_from <= d::DATE AND NOT in_table GROUP BY area_code
),
-- the latest inspection counted by then with no overall grade in the source (not a visit): Brent's and Somerset's
-- ILACS short inspections of 27 April 2026, whose grades the overview does not give. Said where it follows the
-- judgement counted, which it may since have replaced
ungraded AS (
    SELECT area_code, max(coalesce(inspection_date, publication_date)) AS on_date
    FROM ofsted_inspections
    WHERE overall_grade IS NULL AND NOT ends_with(framework, 'visit') AND framework <> 'LSCB review'
      AND CASE WHEN inspected THEN coalesce(inspection_date, publication_date) ELSE publication_date END <= d::DATE
    GROUP BY area_code
)
SELECT g.area_code, a.area_name, a.region_code, a.region_name, g.framework, g.inspection_type, g.inspection_date,
       g.publication_date, g.overall_grade, g.grade_label, g.scale_note, g.official, g.status_note, g.source_file,
       p.overall_grade AS previous_grade, p.grade_label AS previous_grade_label, p.inspection_date AS previous_inspection_date,
       p.publication_date AS previous_publication_date,
       o.o.inspection_date AS later_inspection_date, o.o.publication_date AS later_publication_date, o.o.grade_label AS later_grade_label,
       CASE WHEN u.on_date > coalesce(g.inspection_date, g.publication_date) THEN u.on_date END AS ungraded_since
FROM graded g JOIN local_authorities_on(d) a USING (area_code)
LEFT JOIN graded p ON p.area_code = g.area_code AND p.n = 2
LEFT JOIN left_out o ON o.area_code = g.area_code
LEFT JOIN ungraded u ON u.area_code = g.area_code
WHERE g.n = 1;

-- The local database's views: indicators from the authority's own returns, for each return's
-- collection year (1 April to 31 March). Tables live in schema `returns`; the views are the
-- interface. Definitions: etl/returns/catalogue.toml (same ids as etl/catalogue.toml where the
-- meaning is the same).

CREATE OR REPLACE VIEW returns.years AS
SELECT return_id, kind, source_file, area_code, time_period,
       make_date(time_period - 1, 4, 1) AS y0, make_date(time_period, 3, 31) AS y1
FROM returns.return_log;

-- working days after `a` up to and including `b` (weekends and English bank holidays excluded)
CREATE OR REPLACE MACRO returns.working_days(a, b) AS
    (SELECT max(n) FROM returns.calendar WHERE day <= b) - (SELECT max(n) FROM returns.calendar WHERE day <= a);

CREATE OR REPLACE VIEW returns.cin_figures AS
WITH y AS (SELECT * FROM returns.years WHERE kind = 'cin'),
ref AS (SELECT r.*, y.y0, y.y1 FROM returns.cin_referrals r JOIN y USING (return_id)),
ref_year AS (
    SELECT a.return_id, a.ref_id,
           EXISTS (SELECT 1 FROM returns.cin_referrals b
                   WHERE b.return_id = a.return_id AND b.child = a.child AND b.ref_id <> a.ref_id
                     AND b.referral_date < a.referral_date AND b.referral_date >= a.referral_date - INTERVAL 12 MONTH) AS rereferral
    FROM ref a WHERE a.referral_date BETWEEN a.y0 AND a.y1
),
asm AS (SELECT a.*, y.y0, y.y1, returns.working_days(a.start_date, a.authorised_date) AS wd
        FROM returns.cin_assessments a JOIN y USING (return_id)
        WHERE a.authorised_date BETWEEN y.y0 AND y.y1),
s47 AS (SELECT s.*, y.y0, y.y1 FROM returns.cin_s47 s JOIN y USING (return_id)),
icpc AS (SELECT s.*, returns.working_days(s.start_date, s.icpc_date) AS wd FROM s47 s WHERE s.icpc_date BETWEEN s.y0 AND s.y1),
cpp AS (SELECT p.*, y.y0, y.y1 FROM returns.cin_plans p JOIN y USING (return_id)),
cpp_started AS (
    SELECT c.return_id,
           coalesce(c.previous_plans, 0) > 0
           OR EXISTS (SELECT 1 FROM returns.cin_plans e WHERE e.return_id = c.return_id AND e.child = c.child AND e.start_date < c.start_date) AS subsequent
    FROM cpp c WHERE c.start_date BETWEEN c.y0 AND c.y1
)
SELECT y.return_id, f.* FROM y, LATERAL (
    SELECT 'referrals_count' AS indicator_id, (SELECT count(*) FROM ref_year r WHERE r.return_id = y.return_id)::DOUBLE AS numerator, NULL::DOUBLE AS denominator
    UNION ALL SELECT 'rereferrals_pct', (SELECT count(*) FILTER (WHERE rereferral) FROM ref_year r WHERE r.return_id = y.return_id),
                     (SELECT count(*) FROM ref_year r WHERE r.return_id = y.return_id)
    UNION ALL SELECT 'assessments_45_days_pct', (SELECT count(*) FILTER (WHERE wd <= 45) FROM asm a WHERE a.return_id = y.return_id),
                     (SELECT count(*) FROM asm a WHERE a.return_id = y.return_id)
    UNION ALL SELECT 's47_count', (SELECT count(*) FROM s47 s WHERE s.return_id = y.return_id AND s.start_date BETWEEN s.y0 AND s.y1), NULL
    UNION ALL SELECT 'icpc_15_days_pct', (SELECT count(*) FILTER (WHERE wd <= 15) FROM icpc i WHERE i.return_id = y.return_id),
                     (SELECT count(*) FROM icpc i WHERE i.return_id = y.return_id)
    UNION ALL SELECT 'cin_count', (SELECT count(DISTINCT child) FROM ref r WHERE r.return_id = y.return_id AND NOT r.nfa
                     AND r.referral_date <= r.y1 AND (r.closure_date IS NULL OR r.closure_date > r.y1)), NULL
    UNION ALL SELECT 'cpp_count', (SELECT count(DISTINCT child) FROM cpp c WHERE c.return_id = y.return_id
                     AND c.start_date <= c.y1 AND (c.end_date IS NULL OR c.end_date > c.y1)), NULL
    UNION ALL SELECT 'cpp_subsequent_pct', (SELECT count(*) FILTER (WHERE subsequent) FROM cpp_started c WHERE c.return_id = y.return_id),
                     (SELECT count(*) FROM cpp_started c WHERE c.return_id = y.return_id)
    UNION ALL SELECT 'cpp_2_years_pct', (SELECT count(*) FROM cpp c WHERE c.return_id = y.return_id AND c.end_date BETWEEN c.y0 AND c.y1
                     AND c.end_date >= c.start_date + INTERVAL 2 YEAR),
                     (SELECT count(*) FROM cpp c WHERE c.return_id = y.return_id AND c.end_date BETWEEN c.y0 AND c.y1)
) f;

CREATE OR REPLACE VIEW returns.cla_figures AS
WITH y AS (SELECT * FROM returns.years WHERE kind = 'ssda903'),
ep AS (SELECT e.*, y.y0, y.y1 FROM returns.cla_episodes e JOIN y USING (return_id) WHERE e.ls NOT IN ('V3', 'V4')),
at_end AS (SELECT DISTINCT return_id, child FROM ep WHERE decom <= y1 AND (dec IS NULL OR dec > y1)),
during AS (SELECT DISTINCT return_id, child FROM ep WHERE decom <= y1 AND (dec IS NULL OR dec >= y0)),
placements AS (
    SELECT return_id, child,
           count(*) FILTER (WHERE decom BETWEEN y0 AND y1 AND rne IN ('S', 'P', 'T'))
           + max(CASE WHEN decom < y0 AND (dec IS NULL OR dec >= y0) THEN 1 ELSE 0 END) AS n
    FROM ep GROUP BY return_id, child
),
miss AS (SELECT m.*, y.y0, y.y1 FROM returns.cla_missing m JOIN y USING (return_id) WHERE m.missing = 'M' AND m.start_date BETWEEN y.y0 AND y.y1),
oc3 AS (SELECT * FROM returns.cla_care_leavers)
SELECT y.return_id, f.* FROM y, LATERAL (
    SELECT 'cla_count' AS indicator_id, (SELECT count(*) FROM at_end a WHERE a.return_id = y.return_id)::DOUBLE AS numerator, NULL::DOUBLE AS denominator
    UNION ALL SELECT 'cla_started_count', (SELECT count(DISTINCT child) FROM ep e WHERE e.return_id = y.return_id AND e.rne = 'S' AND e.decom BETWEEN e.y0 AND e.y1), NULL
    UNION ALL SELECT 'cla_ceased_count', (SELECT count(DISTINCT child) FROM ep e WHERE e.return_id = y.return_id AND e.dec BETWEEN e.y0 AND e.y1 AND e.rec <> 'X1'), NULL
    UNION ALL SELECT 'cla_3_placements_pct', (SELECT count(*) FROM at_end a JOIN placements p USING (return_id, child) WHERE a.return_id = y.return_id AND p.n >= 3),
                     (SELECT count(*) FROM at_end a WHERE a.return_id = y.return_id)
    UNION ALL SELECT 'cla_missing_pct', (SELECT count(DISTINCT m.child) FROM miss m JOIN during d USING (return_id, child) WHERE m.return_id = y.return_id),
                     (SELECT count(*) FROM during d WHERE d.return_id = y.return_id)
    UNION ALL SELECT 'cla_missing_episodes_count', (SELECT count(*) FROM miss m WHERE m.return_id = y.return_id), NULL
    UNION ALL SELECT 'care_leavers_eet_pct', (SELECT count(*) FROM oc3 o WHERE o.return_id = y.return_id AND o.activ IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5')),
                     (SELECT count(*) FROM oc3 o WHERE o.return_id = y.return_id)
    UNION ALL SELECT 'care_leavers_suitable_accom_pct', (SELECT count(*) FROM oc3 o WHERE o.return_id = y.return_id AND o.accom LIKE '_1'),
                     (SELECT count(*) FROM oc3 o WHERE o.return_id = y.return_id)
) f;

-- every figure before suppression: for the authority's own analysts, never for the pages
CREATE OR REPLACE VIEW returns.figures AS
WITH base AS (SELECT * FROM returns.cin_figures UNION ALL SELECT * FROM returns.cla_figures),
rates AS (
    SELECT b.return_id, i.indicator_id, b.numerator, p.population_estimate AS denominator
    FROM returns.indicators i
    JOIN base b ON b.indicator_id = i.rate_of
    JOIN returns.years y ON y.return_id = b.return_id
    LEFT JOIN returns.population p ON p.area_code = y.area_code AND p.mid_year = y.time_period - 1
)
SELECT y.return_id, y.source_file, y.area_code, y.time_period, i.indicator_id, i.unit, i.decimals, f.numerator, f.denominator,
       CASE WHEN i.unit = 'count' THEN f.numerator
            WHEN i.unit = '%' THEN 100.0 * f.numerator / nullif(f.denominator, 0)
            ELSE 10000.0 * f.numerator / nullif(f.denominator, 0) END AS value
FROM (SELECT * FROM base UNION ALL SELECT * FROM rates) f
JOIN returns.years y USING (return_id)
JOIN returns.indicators i USING (indicator_id);

CREATE OR REPLACE VIEW local_indicator_values AS
SELECT indicator_id, time_period, area_code,
       CASE WHEN numerator BETWEEN 1 AND 4 OR value IS NULL THEN NULL ELSE value END AS value,
       CASE WHEN numerator BETWEEN 1 AND 4 THEN NULL ELSE numerator END AS numerator,
       denominator,
       CASE WHEN numerator BETWEEN 1 AND 4 THEN 'c' WHEN value IS NULL THEN 'x' END AS suppression,
       source_file,
       -- a return covers one collection year, labelled as DfE labels it; it is no publisher's revision
       (time_period - 1)::VARCHAR || '-' || right(time_period::VARCHAR, 2) AS period_label, NULL::VARCHAR AS revision, 1::TINYINT AS period_years,
       NULL::VARCHAR AS shared_with
FROM returns.figures;
COMMENT ON VIEW local_indicator_values IS 'The authority''s own figures for each return''s collection year, with the columns of indicator_values (period_label the collection year, 2023-24; revision null; period_years 1); counts of 1 to 4 and figures built on them are suppressed (c), as DfE does';

CREATE OR REPLACE VIEW local_indicators AS
SELECT indicator_id, name, unit, polarity, decimals, definition, return_kind, rate_of, published, sort_order FROM returns.indicators;
COMMENT ON VIEW local_indicators IS 'The local indicators'' definitions (etl/returns/catalogue.toml); published is true when the id is also in the published catalogue';

CREATE OR REPLACE VIEW local_returns AS
SELECT return_id, kind, source_file, sha256, area_code, la_number, time_period, spec_year, loaded_at FROM returns.return_log;
COMMENT ON VIEW local_returns IS 'The returns loaded: file, authority, collection year, specification year used';

CREATE OR REPLACE VIEW local_monthly AS
WITH events AS (
    SELECT y.return_id, 'referrals' AS measure, r.referral_date AS day FROM returns.cin_referrals r JOIN returns.years y USING (return_id) WHERE r.referral_date BETWEEN y.y0 AND y.y1
    UNION ALL SELECT y.return_id, 'section 47 enquiries', s.start_date FROM returns.cin_s47 s JOIN returns.years y USING (return_id) WHERE s.start_date BETWEEN y.y0 AND y.y1
    UNION ALL SELECT y.return_id, 'child protection plans started', p.start_date FROM returns.cin_plans p JOIN returns.years y USING (return_id) WHERE p.start_date BETWEEN y.y0 AND y.y1
    UNION ALL SELECT y.return_id, 'child protection plans ended', p.end_date FROM returns.cin_plans p JOIN returns.years y USING (return_id) WHERE p.end_date BETWEEN y.y0 AND y.y1
    UNION ALL SELECT y.return_id, 'started to be looked after', e.decom FROM returns.cla_episodes e JOIN returns.years y USING (return_id) WHERE e.rne = 'S' AND e.ls NOT IN ('V3', 'V4') AND e.decom BETWEEN y.y0 AND y.y1
),
months AS (
    SELECT y.return_id, m.measure, unnest(generate_series(y.y0, y.y1, INTERVAL 1 MONTH))::DATE AS month
    FROM returns.years y JOIN (SELECT DISTINCT return_id, measure FROM events) m USING (return_id)
),
counted AS (
    SELECT m.return_id, m.measure, m.month, count(e.day) AS n
    FROM months m LEFT JOIN events e ON e.return_id = m.return_id AND e.measure = m.measure AND date_trunc('month', e.day) = m.month
    GROUP BY ALL
)
SELECT y.time_period, y.area_code, c.measure, c.month,
       CASE WHEN c.n BETWEEN 1 AND 4 THEN NULL ELSE c.n END AS count,
       CASE WHEN c.n BETWEEN 1 AND 4 THEN 'c' END AS suppression, y.source_file
FROM counted c JOIN returns.years y USING (return_id);
COMMENT ON VIEW local_monthly IS 'Events in each month of the collection year (referrals, section 47 enquiries, plans started and ended, children starting to be looked after); counts of 1 to 4 suppressed (c)';

-- checked before the file is swapped in: every child id stored is a salted hash
CREATE OR REPLACE VIEW returns.unhashed_children AS
SELECT child FROM (
    SELECT child FROM returns.cin_referrals UNION ALL SELECT child FROM returns.cin_assessments
    UNION ALL SELECT child FROM returns.cin_s47 UNION ALL SELECT child FROM returns.cin_plans
    UNION ALL SELECT child FROM returns.cla_episodes UNION ALL SELECT child FROM returns.cla_missing
    UNION ALL SELECT child FROM returns.cla_care_leavers
) WHERE NOT regexp_full_match(child, '[0-9a-f]{20}');

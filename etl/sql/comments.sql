-- Comments on every public view and every column, run after views.sql and the marts.
-- A new public column gets its comment here, in its own block (tests/test_docs.py checks that none is missing).

-- areas
COMMENT ON VIEW areas IS 'England, its regions and every local authority (current ones and merged or split predecessors), keyed by ONS code';
COMMENT ON COLUMN areas.area_code IS 'ONS 9-character code (the current code where ONS has recoded an area)';
COMMENT ON COLUMN areas.old_la_code IS 'DfE 3-digit LA number; null for England and regions';
COMMENT ON COLUMN areas.geographic_level IS 'National, Regional or Local authority';
COMMENT ON COLUMN areas.region_code IS 'for an LA, the region DfE reports it in (Inner and Outer London for London boroughs); for Inner and Outer London, London';
COMMENT ON COLUMN areas.is_current IS 'false for an authority that was merged or split (it appears in older years only)';
COMMENT ON COLUMN areas.successor_codes IS 'for a predecessor, the ONS codes of the authorities that replaced it, separated by ;';
COMMENT ON COLUMN areas.last_year IS 'for a predecessor, the last reporting year it appears in';
COMMENT ON COLUMN areas.earlier_codes IS 'ONS codes the same area had before ONS recoded it (E08000019 for Sheffield until 2025), separated by ;';
COMMENT ON COLUMN areas.area_name IS 'the area''s name as DfE publishes it';
COMMENT ON COLUMN areas.area_label IS 'its name as pages and packs say it: a former authority''s with its last year (Dorset (until 2019)), every other area''s as area_name';
COMMENT ON COLUMN areas.region_name IS 'name of region_code';

-- indicators
COMMENT ON VIEW indicators IS 'The indicator catalogue (etl/catalogue.toml)';
COMMENT ON COLUMN indicators.polarity IS 'higher or lower is better, or neutral where neither is';
COMMENT ON COLUMN indicators.decimals IS 'decimal places to show';
COMMENT ON COLUMN indicators.headline IS 'true for the headline indicators shown on tiles, profiles and the report';
COMMENT ON COLUMN indicators.indicator_id IS 'the indicator''s id in etl/catalogue.toml, used in URLs and in indicator_values';
COMMENT ON COLUMN indicators.name IS 'the indicator''s name as pages show it';
COMMENT ON COLUMN indicators.topic IS 'the topic the indicator belongs to';
COMMENT ON COLUMN indicators.unit IS 'what the value counts: count, %, per 10,000 children, cases per FTE';
COMMENT ON COLUMN indicators.source IS 'the publications (and tables) the values come from';
COMMENT ON COLUMN indicators.definition IS 'what the indicator measures, in a sentence';
COMMENT ON COLUMN indicators.sort_order IS 'the order of the catalogue, for pages and the report';

-- indicator_values
COMMENT ON VIEW indicator_values IS 'One row per indicator, reporting year and area';
COMMENT ON COLUMN indicator_values.time_period IS 'year in which the reporting year ends: 2025 is the year to 31 March 2025 (workforce: at 30 September)';
COMMENT ON COLUMN indicator_values.value IS 'null when the published figure is suppressed or unavailable';
COMMENT ON COLUMN indicator_values.numerator IS 'the count behind a rate or percentage, where published';
COMMENT ON COLUMN indicator_values.denominator IS 'the base of a rate or percentage (children aged 0 to 17 for rates per 10,000)';
COMMENT ON COLUMN indicator_values.suppression IS 'the published symbol when value is null: c confidential, x not available, z not applicable, u low reliability, low rounds to zero, k, -, . or :';
COMMENT ON COLUMN indicator_values.source_file IS 'the file (or files, joined by +) the row came from';
COMMENT ON COLUMN indicator_values.indicator_id IS 'the indicator (indicators.indicator_id)';
COMMENT ON COLUMN indicator_values.area_code IS 'the area (areas.area_code)';

-- figures_for_former_areas
COMMENT ON VIEW formed_authorities IS 'each authority a boundary change formed: the day it began and its first year to 31 March (BCP 1 April 2019, first year 2020; Cumberland 1 April 2023, 2024)';
COMMENT ON COLUMN formed_authorities.area_code IS 'ONS code of the authority formed (areas.area_code)';
COMMENT ON COLUMN formed_authorities.formed IS 'the day it began: 1 April after the last reporting year of the authorities it replaced';
COMMENT ON COLUMN formed_authorities.first_year IS 'its first reporting year to 31 March (time_period), the year after its predecessors'' last';
COMMENT ON VIEW figures_for_former_areas IS 'figures published for a former authority after its last year as one, beside each authority that replaced it (Cafcass: Northamptonshire as a whole, where North and West Northamptonshire have -)';
COMMENT ON COLUMN figures_for_former_areas.area_code IS 'an authority that replaced the former one (areas.area_code)';
COMMENT ON COLUMN figures_for_former_areas.indicator_id IS 'the indicator (indicators.indicator_id)';
COMMENT ON COLUMN figures_for_former_areas.time_period IS 'a year after the former authority''s last (areas.last_year)';
COMMENT ON COLUMN figures_for_former_areas.former_code IS 'the former authority the figure was published for';
COMMENT ON COLUMN figures_for_former_areas.former_name IS 'its name';
COMMENT ON COLUMN figures_for_former_areas.former_label IS 'its name with its last year, as pages say it (areas.area_label: Dorset (until 2019))';
COMMENT ON COLUMN figures_for_former_areas.value IS 'the figure, for the former authority''s whole area';

-- latest_values
COMMENT ON VIEW latest_values IS 'indicator_values for the latest year of each indicator';
COMMENT ON COLUMN latest_values.indicator_id IS 'the indicator (indicators.indicator_id)';
COMMENT ON COLUMN latest_values.time_period IS 'the latest year holding the indicator: the year in which the reporting year ends';
COMMENT ON COLUMN latest_values.area_code IS 'the area (areas.area_code)';
COMMENT ON COLUMN latest_values.value IS 'null when the published figure is suppressed or unavailable';
COMMENT ON COLUMN latest_values.numerator IS 'the count behind a rate or percentage, where published';
COMMENT ON COLUMN latest_values.denominator IS 'the base of a rate or percentage (children aged 0 to 17 for rates per 10,000)';
COMMENT ON COLUMN latest_values.suppression IS 'the published symbol when value is null';
COMMENT ON COLUMN latest_values.source_file IS 'the file (or files, joined by +) the row came from';

-- ofsted_judgements
COMMENT ON VIEW ofsted_judgements IS 'Every graded Ofsted judgement of an LA since 2009 (SLAC, CPI, CPRI, TLAC, SIF, SIF re-inspection, LSCB review, ILACS), one row per judgement; third-party rows only where no official file holds the inspection';
COMMENT ON COLUMN ofsted_judgements.judgement IS 'overall_effectiveness (for SLAC: of safeguarding services; for LSCB review: of the board), impact_of_leaders, help_and_protection, children_in_care, care_leavers, looked_after_children, children_looked_after, adoption or leadership';
COMMENT ON COLUMN ofsted_judgements.grade IS '1 to 4 on one scale: 1 Outstanding, 2 Good, 3 Requires improvement to be good (Adequate before November 2013), 4 Inadequate; read with framework and scale_note';
COMMENT ON COLUMN ofsted_judgements.area_code IS 'the inspected LA (areas.area_code)';
COMMENT ON COLUMN ofsted_judgements.inspection_date IS 'the date the inspection started (or the date Ofsted gives for it); null where the source gives only the publication date (every inspection before ILACS)';
COMMENT ON COLUMN ofsted_judgements.publication_date IS 'the date Ofsted published the report';
COMMENT ON COLUMN ofsted_judgements.inspection_type IS 'the inspection as the source names it (ILACS Standard Inspection, SLAC inspection, Single inspection framework, ...)';
COMMENT ON COLUMN ofsted_judgements.grade_label IS 'the grade in Ofsted''s words (Outstanding, Good, Requires improvement to be good, Inadequate); Ofsted restates SLAC, CPI and TLAC adequate as Requires improvement to be good';
COMMENT ON COLUMN ofsted_judgements.source_file IS 'the file the judgement came from';
-- ofsted_judgements: columns added with the inspection history since 2009
COMMENT ON COLUMN ofsted_judgements.framework IS 'SLAC, CPI, CPRI, TLAC, SIF, SIF re-inspection, LSCB review, ILACS standard or ILACS short';
COMMENT ON COLUMN ofsted_judgements.official IS 'true for Ofsted official statistics; false for the third-party overview scraped from Ofsted reports';
COMMENT ON COLUMN ofsted_judgements.scale_note IS 'what the grade means under this framework (etl/reference/ofsted_grades.csv)';
COMMENT ON COLUMN ofsted_judgements.status_note IS 'for a row that is not official: published by Ofsted, not yet in the official statistics, and the source';

-- statistical_neighbours
COMMENT ON VIEW statistical_neighbours IS 'Each LA''s 10 statistical neighbours from the newest model loaded that lists it (a former authority from LAIT''s)';
COMMENT ON COLUMN statistical_neighbours.neighbour_rank IS '1 is the closest neighbour';
COMMENT ON COLUMN statistical_neighbours.closeness IS 'Extremely close, Very close, Close, Somewhat close or Not close: the model''s band';
COMMENT ON COLUMN statistical_neighbours.area_code IS 'the LA (areas.area_code)';
COMMENT ON COLUMN statistical_neighbours.neighbour_code IS 'one of its statistical neighbours (areas.area_code)';
COMMENT ON COLUMN statistical_neighbours.model IS 'the statistical neighbour model the row comes from, with its release as the manifest gives it (DfE statistical neighbours, 2025 model), or else its file';

-- statistical_neighbour_models
COMMENT ON VIEW statistical_neighbour_models IS 'Every statistical neighbour model loaded, including older groupings that list predecessor LAs';
COMMENT ON COLUMN statistical_neighbour_models.area_code IS 'the LA (areas.area_code)';
COMMENT ON COLUMN statistical_neighbour_models.neighbour_code IS 'one of its statistical neighbours (areas.area_code)';
COMMENT ON COLUMN statistical_neighbour_models.neighbour_rank IS '1 is the closest neighbour';
COMMENT ON COLUMN statistical_neighbour_models.closeness IS 'the model''s closeness band (Extremely close to Not close), where it gives one';
COMMENT ON COLUMN statistical_neighbour_models.model IS 'the statistical neighbour model the row comes from, with its release as the manifest gives it, or else its file';
COMMENT ON COLUMN statistical_neighbour_models.source_file IS 'the file the model was read from';

-- load_log
COMMENT ON VIEW load_log IS 'One row per file per build: what each file was recognised as, its rows and checksum';
COMMENT ON COLUMN load_log.build_id IS 'the build that read the file (build_info.build_id)';
COMMENT ON COLUMN load_log.path IS 'absolute path of the file';
COMMENT ON COLUMN load_log.file IS 'the file''s name, without its folders';
COMMENT ON COLUMN load_log.sha256 IS 'SHA-256 of the file''s bytes';
COMMENT ON COLUMN load_log.publication IS 'the contract the file was recognised as; null when skipped';
COMMENT ON COLUMN load_log.title IS 'the contract''s title';
COMMENT ON COLUMN load_log.rows IS 'rows the file gave once read and typed, one per area, period and measure: not its line count (a wide neighbour file gives ten per authority; a figure published for two authorities together, one for each)';
COMMENT ON COLUMN load_log.seconds IS 'time taken to recognise and read the file';
COMMENT ON COLUMN load_log.status IS 'loaded; superseded (a newer release of the same publication covers all its years); or skipped (message says why)';
COMMENT ON COLUMN load_log.release IS 'the years the file covers, e.g. 2013-2025 (null for files without years)';
COMMENT ON COLUMN load_log.message IS 'why a file was skipped';
COMMENT ON COLUMN load_log.built_at IS 'when the build ran (UTC)';
COMMENT ON COLUMN load_log.publisher IS 'who published the file, from the manifest of the folder it was read from (null for a file no manifest lists)';
COMMENT ON COLUMN load_log.published_release IS 'the release as its publisher names it, e.g. reporting year 2025 (from the manifest)';
COMMENT ON COLUMN load_log.source_url IS 'the page the file was published on (from the manifest)';
COMMENT ON COLUMN load_log.citation IS 'the release as a pack cites it: publisher, title and published_release (DfE: Children in need, table C1: referrals and re-referrals, reporting year 2025); null for a file no manifest lists';

-- reconciliation
COMMENT ON VIEW reconciliation IS 'Figures carried by two publications, compared; within_tolerance is false for a disagreement beyond rounding';
COMMENT ON COLUMN reconciliation.indicator_id IS 'the indicator compared (indicators.indicator_id)';
COMMENT ON COLUMN reconciliation.time_period IS 'the year in which the reporting year ends';
COMMENT ON COLUMN reconciliation.area_code IS 'the area (areas.area_code)';
COMMENT ON COLUMN reconciliation.value IS 'our value (indicator_values.value)';
COMMENT ON COLUMN reconciliation.other_source IS 'the other publication carrying the figure (for example a LAIT measure)';
COMMENT ON COLUMN reconciliation.other_value IS 'the other publication''s figure';
COMMENT ON COLUMN reconciliation.difference IS 'absolute difference after rounding ours to the published decimal places';
COMMENT ON COLUMN reconciliation.tolerance IS 'the largest difference accepted as rounding';
COMMENT ON COLUMN reconciliation.within_tolerance IS 'false for a disagreement beyond rounding';

-- population
COMMENT ON VIEW population IS 'ONS mid-year estimates of children aged 0 to 17; rates for reporting year Y use mid_year Y-1. Where ONS gives none (x: Bournemouth, Poole and Dorset county, mid-2012 to mid-2018), the base implied by DfE''s own published counts and rates, as source_file says';
COMMENT ON COLUMN population.mid_year IS 'the year of the mid-year (30 June) estimate';
COMMENT ON COLUMN population.area_code IS 'the area (areas.area_code)';
COMMENT ON COLUMN population.population_estimate IS 'children aged 0 to 17';
COMMENT ON COLUMN population.source_file IS 'the file the estimate came from, or for a base implied by DfE''s counts and rates, population_bases.csv (implied by ...)';

-- assessment_factors
COMMENT ON VIEW assessment_factors IS 'Factors identified at the end of assessment (children in need table C3), long format';
COMMENT ON COLUMN assessment_factors.time_period IS 'the year in which the reporting year ends';
COMMENT ON COLUMN assessment_factors.area_code IS 'the area (areas.area_code)';
COMMENT ON COLUMN assessment_factors.factor IS 'the factor identified at the end of assessment (a column of table C3)';
COMMENT ON COLUMN assessment_factors.value IS 'episodes with the factor; null when suppressed';
COMMENT ON COLUMN assessment_factors.suppression IS 'the published symbol when value is null';
COMMENT ON COLUMN assessment_factors.source_file IS 'the file the row came from';

-- lait_values
COMMENT ON VIEW lait_values IS 'Annual LAIT figures (latest revision per year) for the measures the catalogue uses as a source or for reconciliation';
COMMENT ON COLUMN lait_values.measure IS 'the LAIT measure code (Short Desc)';
COMMENT ON COLUMN lait_values.years IS 'LAIT''s year text (for example 2025, 2025 (Rev), 2024-25)';
COMMENT ON COLUMN lait_values.time_period IS 'the year in which the reporting year ends, read from years';
COMMENT ON COLUMN lait_values.area_code IS 'the area (areas.area_code)';
COMMENT ON COLUMN lait_values.value IS 'the figure; null when suppressed';
COMMENT ON COLUMN lait_values.suppression IS 'the published symbol when value is null';

-- build_info
COMMENT ON VIEW build_info IS 'One row describing the build that wrote this database';
COMMENT ON COLUMN build_info.build_id IS 'identifies the build';
COMMENT ON COLUMN build_info.built_at IS 'when the build ran (UTC)';
COMMENT ON COLUMN build_info.sources IS 'the source folders read, separated by ;';
COMMENT ON COLUMN build_info.files_loaded IS 'files recognised and loaded';
COMMENT ON COLUMN build_info.value_rows IS 'rows in indicator_values';
COMMENT ON COLUMN build_info.warnings IS 'warnings raised (see build_warnings)';
COMMENT ON COLUMN build_info.version IS 'version of the warehouse layout (etl/checks.py LAYOUT_VERSION); the dashboard reads only its own';

-- build_warnings
COMMENT ON VIEW build_warnings IS 'Warnings raised while loading the sources';
COMMENT ON COLUMN build_warnings.path IS 'the file (or catalogue) the warning is about';
COMMENT ON COLUMN build_warnings.file IS 'the file''s name without its folders (or the step that warned)';
COMMENT ON COLUMN build_warnings.message IS 'the warning';

-- revisions (releases)
COMMENT ON VIEW revisions IS 'Figures that differ between two releases of a publication for the same year; the newest release is the one published in indicator_values';
COMMENT ON COLUMN revisions.indicator_id IS 'the indicator (indicators.indicator_id)';
COMMENT ON COLUMN revisions.time_period IS 'the year in which the reporting year ends';
COMMENT ON COLUMN revisions.area_code IS 'the area (areas.area_code)';
COMMENT ON COLUMN revisions.old_value IS 'the figure as the older release gives it (computed the same way as indicator_values)';
COMMENT ON COLUMN revisions.new_value IS 'the figure in indicator_values, from the newest release';
COMMENT ON COLUMN revisions.old_release IS 'the file name of the older release';
COMMENT ON COLUMN revisions.new_release IS 'the file name of the release that replaced it for that year';

-- every LAIT measure (issue 11): indicators' metadata, periods, lait_values, outcomes
COMMENT ON VIEW indicators IS 'The indicator catalogue (etl/catalogue.toml) and every LAIT measure it does not carry (lait_ ids)';
COMMENT ON COLUMN indicators.outcome IS 'the National Framework outcome or enabler the indicator answers for (Family help, Family network, Child protection, Stable homes, Care leavers, Leadership and spending, Workforce), or outside children''s social care Education, Health, Youth justice or Context (rules in etl/reference/outcomes.toml)';
COMMENT ON COLUMN indicators.lait_measure IS 'the LAIT measure (Short Desc) the values come from, for all or some years; null for indicators computed from other publications';
COMMENT ON COLUMN indicators.year_type IS 'what period a year covers or is taken at, in LAIT''s words: Financial Year (the year to 31 March), Annual (at 31 March), Annual (end of Sept) (at 30 September), Academic Year, Calendar Year or Annual - January, or the catalogue''s Year to 30 September (a flow over the workforce''s year: turnover); the catalogue''s own where it gives one, else LAIT''s; null where neither describes the indicator';
COMMENT ON COLUMN indicators.no_quartile IS 'true where LAIT shows no quartile band for the measure (its No_Quartile flag); such indicators get no band';
COMMENT ON COLUMN indicators.methodology IS 'how the figure is calculated: the catalogue''s own where it gives one (where LAIT''s note describes another figure), else LAIT''s data dictionary note; null where LAIT gives "-"';
COMMENT ON COLUMN indicators.last_update IS 'when LAIT last updated the measure (from its data dictionary)';
COMMENT ON COLUMN indicators.next_update IS 'when LAIT expects to update the measure next; null when it gives no date (see update_note)';
COMMENT ON COLUMN indicators.published_unit IS 'the unit LAIT''s data dictionary gives, where the figures are in another (etl/reference/lait_unit_corrections.csv; the definition says why); null otherwise';
COMMENT ON COLUMN indicators.update_note IS 'LAIT''s words where it gives no update date: Discontinued, TBC, New data, No longer published at Local Authority level';
COMMENT ON COLUMN indicators.looks_back_months IS 'how far back a figure looks for an earlier event of the same child, in months (re-referrals within 12 months: 12); null for the others. A new authority''s figures whose look back reaches before it was formed are not compared (indicator_comparison.looks_back_only_to)';
COMMENT ON COLUMN indicators.source_url IS 'the page the figures are published on';
COMMENT ON COLUMN indicator_values.period_label IS 'the period as published: 2025, 2025 (Rev), 2024-25 (OT), 2024/25, 2014-16 (a three-year span) ...; the reporting year for figures from other publications';
COMMENT ON COLUMN indicator_values.revision IS 'provisional, revised, final or outturn, from the marker in the published period label; null when the label has none';
COMMENT ON COLUMN indicator_values.shared_with IS 'the other authorities (area codes, ; between) a figure published for several together also covers: the workforce release gives Kingston upon Thames and Richmond upon Thames one row, and North and West Northamptonshire one; each counts it, as LAIT does, but it is not in its partner''s statistical-neighbour summary; null for every other figure';
COMMENT ON COLUMN indicator_values.period_years IS 'years the figure covers: 1, or 3 for a three-year average or pooled rate (2014-16, 2013/14-15/16)';
COMMENT ON COLUMN latest_values.period_label IS 'the period as published (see indicator_values.period_label)';
COMMENT ON COLUMN latest_values.revision IS 'provisional, revised, final or outturn where the period label says so';
COMMENT ON COLUMN latest_values.period_years IS 'years the figure covers: 1, or 3 for a three-year figure';
COMMENT ON COLUMN latest_values.shared_with IS 'the other authorities a figure published for several together also covers (see indicator_values.shared_with)';
COMMENT ON VIEW lait_values IS 'Every row of the LAIT dataset, every revision, at the published precision; chosen marks the one kept for each measure, period end and area';
COMMENT ON COLUMN lait_values.indicator_id IS 'the indicator carrying the measure in indicator_values; null when a catalogue indicator carries it';
COMMENT ON COLUMN lait_values.years IS 'the period as published (LAIT Years)';
COMMENT ON COLUMN lait_values.time_period IS 'the year in which the (last) period ends';
COMMENT ON COLUMN lait_values.period_years IS 'years the figure covers: 1, or 3 for a three-year figure';
COMMENT ON COLUMN lait_values.revision IS 'provisional, revised, final or outturn, from the marker in years; null when there is none';
COMMENT ON COLUMN lait_values.chosen IS 'true for the figure kept for its measure, period end and area: final, then revised or outturn, then unmarked, then provisional';
COMMENT ON COLUMN lait_values.source_file IS 'the LAIT file the row came from';
COMMENT ON VIEW outcomes IS 'The outcomes and enablers of the Children''s Social Care National Framework, then the other areas, in display order (etl/reference/outcomes.toml)';
COMMENT ON COLUMN outcomes.outcome IS 'the name indicators.outcome uses';
COMMENT ON COLUMN outcomes.kind IS 'outcome or enabler of the National Framework, or area outside children''s social care';
COMMENT ON COLUMN outcomes.description IS 'what the outcome covers, for headings';
COMMENT ON COLUMN outcomes.sort_order IS 'display order';

-- Ofsted: one inspection history from 2009 (ofsted_inspections, ofsted_counted_at_31_march, ofsted_grade_scales, ofsted_reconciliation)
COMMENT ON VIEW ofsted_inspections IS 'Every Ofsted inspection and visit of an LA since 2009, one row each, official files first; third-party rows only for inspections no official file holds yet';
COMMENT ON COLUMN ofsted_inspections.area_code IS 'the inspected LA (areas.area_code)';
COMMENT ON COLUMN ofsted_inspections.framework IS 'SLAC, CPI, CPRI, TLAC, SIF, SIF re-inspection, LSCB review, ILACS standard, ILACS short, focused visit or monitoring visit';
COMMENT ON COLUMN ofsted_inspections.inspection_type IS 'the inspection as the source names it (SLAC re-inspections are framework SLAC; ILACS (type not given) where the overview does not say)';
COMMENT ON COLUMN ofsted_inspections.inspection_date IS 'start of the inspection; null where the source gives only the publication date (every inspection before ILACS)';
COMMENT ON COLUMN ofsted_inspections.publication_date IS 'date the report was published: the judgement is in force from this date';
COMMENT ON COLUMN ofsted_inspections.overall_grade IS '1 Outstanding, 2 Good, 3 Requires improvement to be good (Adequate before November 2013), 4 Inadequate; null for visits, which are not graded';
COMMENT ON COLUMN ofsted_inspections.grade_label IS 'the overall grade in the words of the source file (Ofsted restates SLAC, CPI and TLAC adequate as Requires improvement to be good)';
COMMENT ON COLUMN ofsted_inspections.scale_note IS 'what the grade means under this framework (the reference file etl/reference/ofsted_grades.csv)';
COMMENT ON COLUMN ofsted_inspections.visit_theme IS 'for focused and monitoring visits, the theme Ofsted gives';
COMMENT ON COLUMN ofsted_inspections.source_file IS 'the file the inspection came from';
COMMENT ON COLUMN ofsted_inspections.official IS 'true for Ofsted official statistics; false for the third-party overview scraped from Ofsted reports';
COMMENT ON COLUMN ofsted_inspections.status_note IS 'for a row that is not official: published by Ofsted, not yet in the official statistics, and the source';
COMMENT ON VIEW ofsted_counted_at_31_march IS 'Ofsted''s own table of each LA''s overall judgement in force at 31 March, as its statistics for that date count it (the tables of the releases loaded: 2023 and 2025)';
COMMENT ON COLUMN ofsted_counted_at_31_march.as_at IS 'the 31 March the table is for';
COMMENT ON COLUMN ofsted_counted_at_31_march.area_code IS 'the LA (areas.area_code)';
COMMENT ON COLUMN ofsted_counted_at_31_march.inspection_date IS 'start of the inspection whose judgement Ofsted counts';
COMMENT ON COLUMN ofsted_counted_at_31_march.overall_grade IS '1 Outstanding, 2 Good, 3 Requires improvement to be good, 4 Inadequate';
COMMENT ON COLUMN ofsted_counted_at_31_march.grade_label IS 'the judgement in Ofsted''s words';
COMMENT ON COLUMN ofsted_counted_at_31_march.source_file IS 'the workbook the table came from';
COMMENT ON VIEW ofsted_grade_scales IS 'What grades 1 to 4 mean under each Ofsted framework';
COMMENT ON COLUMN ofsted_grade_scales.framework IS 'the Ofsted framework (as in ofsted_inspections.framework)';
COMMENT ON COLUMN ofsted_grade_scales.scale_note IS 'what grades 1 to 4 mean under it, and how its wording differs from the others';
COMMENT ON COLUMN ofsted_grade_scales.grade_3_words IS 'grade 3 in the framework''s own words where Ofsted''s data restate it (adequate, before November 2013), else null; the macro in_own_words(framework, grade, grade_label) applies it';
COMMENT ON VIEW ofsted_reconciliation IS 'Each inspection in the third-party ILACS overview against the official record: agree, differ or only in overview';
COMMENT ON COLUMN ofsted_reconciliation.area_code IS 'the inspected LA (areas.area_code)';
COMMENT ON COLUMN ofsted_reconciliation.inspection_date IS 'inspection start date in the overview';
COMMENT ON COLUMN ofsted_reconciliation.publication_date IS 'publication date in the overview';
COMMENT ON COLUMN ofsted_reconciliation.overview_grade IS 'overall grade in the overview, 1 to 4';
COMMENT ON COLUMN ofsted_reconciliation.overview_grade_label IS 'the overview grade in Ofsted''s words';
COMMENT ON COLUMN ofsted_reconciliation.official_inspection_date IS 'inspection date of the matching official inspection (within 14 days)';
COMMENT ON COLUMN ofsted_reconciliation.official_publication_date IS 'publication date of the matching official inspection';
COMMENT ON COLUMN ofsted_reconciliation.official_grade IS 'overall grade in the official file, 1 to 4';
COMMENT ON COLUMN ofsted_reconciliation.official_grade_label IS 'the official grade in Ofsted''s words';
COMMENT ON COLUMN ofsted_reconciliation.official_source IS 'the official file';
COMMENT ON COLUMN ofsted_reconciliation.overview_source IS 'the overview file';
COMMENT ON COLUMN ofsted_reconciliation.status IS 'agree, differ (the official grade stands) or only in overview (published by Ofsted, not yet in the official statistics)';

-- indicator_comparison (the mart of etl/sql/marts.sql: a view on the two tables the build computes)
COMMENT ON VIEW indicator_comparison IS 'One row per indicator, year and area (LAs, regions, England): value, previous year, direction of travel, rank, quartile band, statistical-neighbour summary, region and England; computed at build';
COMMENT ON COLUMN indicator_comparison.shared_with IS 'as in indicator_values: the other authorities a figure published for several together also covers; their copies are not in this row''s neighbour figures';
COMMENT ON COLUMN indicator_comparison.indicator_id IS 'the indicator (indicators.indicator_id)';
COMMENT ON COLUMN indicator_comparison.time_period IS 'year in which the reporting year ends, as in indicator_values';
COMMENT ON COLUMN indicator_comparison.area_code IS 'ONS code of the LA, region or England (areas.area_code)';
COMMENT ON COLUMN indicator_comparison.value IS 'the published or computed figure; null when suppressed or unavailable';
COMMENT ON COLUMN indicator_comparison.suppression IS 'the published symbol when value is null';
COMMENT ON COLUMN indicator_comparison.previous_value IS 'the value for the year before (time_period - 1); null if there is none';
COMMENT ON COLUMN indicator_comparison.previous_suppression IS 'why the year before has no value (its suppression symbol: c, x, k, u...); null when it has one or has no row';
COMMENT ON COLUMN indicator_comparison.change IS 'value - previous_value';
COMMENT ON COLUMN indicator_comparison.direction IS 'improving or declining following polarity (higher or lower is better); up or down for neutral indicators; no change when the change rounds to 0 at the indicator''s decimals; null without both years';
COMMENT ON COLUMN indicator_comparison.rank IS 'position among the LAs with a value that year, 1 best (1 lowest for neutral indicators); ties share the best rank; null for regions, England, LAs without a value and figures that look back to before their authority existed (looks_back_only_to)';
COMMENT ON COLUMN indicator_comparison.ranked_of IS 'how many LAs were ranked that year';
COMMENT ON COLUMN indicator_comparison.band IS 'quartile band as LAIT computes it: A best to D worst by polarity; for neutral indicators Q1 (lowest) to Q4 (highest); null where no_quartile, for regions and England, and without a value';
COMMENT ON COLUMN indicator_comparison.band_q1 IS 'first quartile of the ranked LAs'' values (R quantile type 7); a value at or below it is in the lowest quarter';
COMMENT ON COLUMN indicator_comparison.band_q2 IS 'median of the ranked LAs'' values (R quantile type 7); upper bound of the second quarter, inclusive';
COMMENT ON COLUMN indicator_comparison.band_q3 IS 'third quartile of the ranked LAs'' values (R quantile type 7); upper bound of the third quarter, inclusive';
COMMENT ON COLUMN indicator_comparison.sn_mean IS 'mean of the statistical neighbours'' values that year (neighbours with a value only); LAs only';
COMMENT ON COLUMN indicator_comparison.sn_median IS 'median of the statistical neighbours'' values that year';
COMMENT ON COLUMN indicator_comparison.sn_count IS 'number of statistical neighbours with a value that year';
COMMENT ON COLUMN indicator_comparison.sn_sd IS 'sample standard deviation of the statistical neighbours'' values that year';
COMMENT ON COLUMN indicator_comparison.sn_gap_sd IS 'how many neighbour standard deviations the value is worse than sn_mean (positive is worse, following polarity); null for neutral indicators and for a figure not compared (looks_back_only_to)';
COMMENT ON COLUMN indicator_comparison.region_value IS 'for an LA, the value of the region it is reported in (areas.region_code) that year; for a region, its own value; null for England';
COMMENT ON COLUMN indicator_comparison.looks_back_only_to IS 'for an indicator that looks back (indicators.looks_back_months), the day an LA formed by a boundary change began, where the figure looks back to before it (Westmorland and Furness''s re-referrals of 2024: 1 April 2023; referrals to Cumbria before then are not counted): such a figure is not ranked, banded, counted in the quartile cut-offs or in a neighbour''s SN average, and has no sn_gap_sd; null otherwise';
COMMENT ON COLUMN indicator_comparison.previous_looks_back_only_to IS 'the year before''s looks_back_only_to: where set, change and direction compare with a first year that reads low (Westmorland and Furness''s re-referrals, 7.4% to 16.5%, "+9.1 pp, declining", in 2025)';
COMMENT ON COLUMN indicator_comparison.england_value IS 'England''s value that year';

-- publish-safety (issue 9): build_losses and build_info.losses
COMMENT ON COLUMN build_info.losses IS 'number of rows in build_losses: data the replaced database held that this build, run with --allow-loss, does not';
COMMENT ON VIEW build_losses IS 'Data the replaced database held and this build does not, published on purpose with --allow-loss; empty for a build that lost nothing';
COMMENT ON COLUMN build_losses.kind IS 'publication (a whole publication is gone), indicator, indicator_year, or values (more than 1% fewer non-null values)';
COMMENT ON COLUMN build_losses.publication IS 'for kind publication, the contract id of the publication no file was loaded for';
COMMENT ON COLUMN build_losses.indicator_id IS 'for the other kinds, the catalogue indicator that lost values';
COMMENT ON COLUMN build_losses.time_period IS 'for kind indicator_year, the reporting year that has no value any more';
COMMENT ON COLUMN build_losses.before IS 'non-null values (or, for a publication, rows loaded) in the replaced database';
COMMENT ON COLUMN build_losses.after IS 'the same count in this build';

"""Every query the pages, the flags and the report run: each function is one SELECT on the public
views and marts, takes parameters (never formatted user input) and returns a polars DataFrame
(or a plain value). Ranks, bands, averages and directions come from the `indicator_comparison`
mart; nothing here computes them again.

Blocks: areas and catalogue; comparison (the mart); trends; Ofsted; flags; report. Where the
figures came from (the build, its files and releases, reconciliation, suppression, status) is read
by `oversight/provenance_queries.py`, Ofsted's history by `oversight/ofsted_queries.py`. Add a new
block at the end for a new page.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from etl.areas import ENGLAND
from oversight.db import frame

Con = duckdb.DuckDBPyConnection
NOT_INSPECTED = "Not yet inspected"


# --- areas and catalogue -------------------------------------------------------------------

def areas(con: Con) -> pl.DataFrame:
    return frame(con, "SELECT * FROM areas ORDER BY geographic_level DESC, area_name")


def subjects(con: Con) -> pl.DataFrame:
    """Every area a page can be about, in picker order, with its label: current LAs by name, then
    England, the regions ("North East (region)") and predecessor LAs ("Cumbria (until 2023)")."""
    return frame(
        con,
        """SELECT area_code, CASE WHEN geographic_level = 'Regional' THEN area_name || ' (region)'
                                 ELSE area_label END AS label
           FROM areas WHERE geographic_level IN ('Local authority', 'National', 'Regional')
           ORDER BY CASE WHEN geographic_level = 'Local authority' AND is_current THEN 1 WHEN geographic_level = 'National' THEN 2
                         WHEN geographic_level = 'Regional' THEN 3 ELSE 4 END, area_name, area_code""",
    )


def earlier_codes(con: Con) -> pl.DataFrame:
    """Each ONS code an area had before ONS recoded it, beside the area's current code."""
    return frame(con, "SELECT unnest(string_split(earlier_codes, ';')) AS earlier_code, area_code FROM areas WHERE earlier_codes IS NOT NULL")


def current_las(con: Con) -> pl.DataFrame:
    return frame(
        con,
        "SELECT area_code, area_name, region_code, region_name FROM areas "
        "WHERE geographic_level = 'Local authority' AND is_current ORDER BY area_name",
    )


def indicators(con: Con) -> pl.DataFrame:
    return frame(con, "SELECT * FROM indicators ORDER BY sort_order")


def indicator(con: Con, indicator_id: str) -> dict:
    """One catalogue entry as a dict (name, unit, polarity, decimals...)."""
    return frame(con, "SELECT * FROM indicators WHERE indicator_id = ?", [indicator_id]).row(0, named=True)


def headline_periods(con: Con, year: int) -> list[tuple[str | None, str]]:
    """(year_type, topic) of the headline indicators with a figure in `year`, for formatting.periods_sentence:
    a 2016 pack said its workforce figures were at 30 September 2016, where the workforce series starts in 2017."""
    return [tuple(r) for r in con.execute(
        "SELECT i.year_type, i.topic FROM indicators i WHERE i.headline AND EXISTS "
        "(SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.indicator_id AND v.time_period = ? AND v.value IS NOT NULL) ORDER BY i.sort_order",
        [year],
    ).fetchall()]


def figure_detail(con: Con, indicator_id: str, area_code: str, year: int) -> dict:
    """One figure's publisher's mark and base: `revision` ("provisional" or "revised" as its publisher
    marks it, LAIT's "2025 (prov)"; None for a final figure, an outturn, or one not marked),
    `numerator` and `denominator` (None where the publication gives none)."""
    rows = con.execute(
        "SELECT CASE WHEN revision IN ('provisional', 'revised') THEN revision END, numerator, denominator FROM indicator_values "
        "WHERE indicator_id = ? AND area_code = ? AND time_period = ?",
        [indicator_id, area_code, year],
    ).fetchall()
    revision, numerator, denominator = rows[0] if rows else (None, None, None)
    return {"revision": revision, "numerator": numerator, "denominator": denominator}


def indicators_with_data(con: Con) -> pl.DataFrame:
    """Catalogue entries that have at least one value (a partial build may lack some), grouped by
    outcome (headline indicators first), each with a picker label that starts with its outcome."""
    return frame(
        con,
        """
        SELECT i.*, coalesce(i.outcome, 'Other') || ' · ' || i.name AS picker_label
        FROM indicators i LEFT JOIN outcomes o ON o.outcome = i.outcome
        WHERE EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.indicator_id AND v.value IS NOT NULL)
        ORDER BY o.sort_order NULLS LAST, NOT i.headline, i.sort_order
        """,
    )


def years(con: Con, indicator_id: str) -> list[int]:
    rows = con.execute(
        "SELECT DISTINCT time_period FROM indicator_values WHERE indicator_id = ? AND value IS NOT NULL ORDER BY 1 DESC",
        [indicator_id],
    ).fetchall()
    return [r[0] for r in rows]


def neighbours(con: Con, area_code: str) -> pl.DataFrame:
    return frame(
        con,
        """
        SELECT s.neighbour_code AS area_code, a.area_name, s.neighbour_rank, s.closeness
        FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code
        WHERE s.area_code = ? ORDER BY s.neighbour_rank
        """,
        [area_code],
    )


# --- comparison: the indicator_comparison mart --------------------------------------------

def compare_table(con: Con, indicator_id: str, year: int, area_code: str | None) -> pl.DataFrame:
    """Every LA for one indicator and year (current ones, and predecessors with a figure, named as the pickers name
    them, "Dorset (until 2019)", where the county council and today's Dorset had both read "Dorset"): value,
    rank, band, SN average, region and England, the year before's value (and its symbol where it has
    none), the change and its direction, the figure's numerator and denominator where it has them, and
    its role against the highlighted LA, the band cut-offs (band_q1 to band_q3, on ranked rows), and `looks_back_only_to` (the mart's: a new authority's figure that
    looks back to before it was formed, not ranked). `former_to`:
    for a figure published for a former authority after its last year as one (LAIT gives some, e.g.
    Cafcass's for Northamptonshire in 2025), that last year; such a figure is not ranked."""
    return frame(
        con,
        """
        SELECT c.rank, c.ranked_of, a.area_code, a.area_label AS area_name, a.region_name, c.value, c.suppression, c.band,
               c.sn_mean, c.sn_count, c.region_value, c.england_value, c.previous_value, c.previous_suppression, c.change, c.direction,
               v.numerator, v.denominator, c.looks_back_only_to, c.previous_looks_back_only_to, c.band_q1, c.band_q2, c.band_q3,
               CASE WHEN NOT existed_in(a.is_current, a.last_year, c.time_period) THEN a.last_year END AS former_to,
               CASE WHEN a.area_code = $3 THEN 'Selected LA'
                    WHEN former_to IS NOT NULL THEN 'Former authority, not ranked'
                    WHEN a.area_code IN (SELECT neighbour_code FROM statistical_neighbours WHERE area_code = $3) THEN 'Statistical neighbour'
                    ELSE 'Other LA' END AS role
        FROM indicator_comparison c JOIN areas a USING (area_code)
        -- each figure's base, where it has one: the Isles of Scilly's re-referrals, 0 of 32, ranked first in band A
        LEFT JOIN indicator_values v ON v.indicator_id = c.indicator_id AND v.area_code = c.area_code AND v.time_period = c.time_period
        WHERE c.indicator_id = $1 AND c.time_period = $2 AND a.geographic_level = 'Local authority'
          AND (existed_in(a.is_current, a.last_year, c.time_period) OR c.value IS NOT NULL)
        ORDER BY c.rank NULLS LAST, a.area_name
        """,
        [indicator_id, year, area_code],
    )


def neighbours_sharing(con: Con, area_code: str) -> pl.DataFrame:
    """The headline indicators whose latest statistical-neighbour average for an LA counts a neighbour's
    figure that the publisher gives two authorities together (Lincolnshire's workforce averages count North
    Northamptonshire's, one figure for North and West Northamptonshire): indicator, neighbour, partners, year."""
    return frame(
        con,
        """
        WITH latest AS (
            SELECT indicator_id, max(time_period) AS time_period FROM indicator_comparison
            WHERE area_code = $1 AND sn_mean IS NOT NULL GROUP BY 1
        )
        SELECT i.name AS indicator, n.area_name AS neighbour, string_agg(p.area_name, ' and ' ORDER BY p.area_name) AS partners, l.time_period AS year
        FROM latest l JOIN indicators i USING (indicator_id)
        JOIN statistical_neighbours s ON s.area_code = $1
        JOIN indicator_values v ON v.indicator_id = l.indicator_id AND v.time_period = l.time_period AND v.area_code = s.neighbour_code
        JOIN areas n ON n.area_code = s.neighbour_code
        JOIN areas p ON list_contains(string_split(v.shared_with, ';'), p.area_code)
        WHERE i.headline AND v.shared_with IS NOT NULL AND v.value IS NOT NULL
          AND NOT list_contains(string_split(v.shared_with, ';'), $1)
        GROUP BY i.name, i.sort_order, n.area_name, l.time_period ORDER BY i.sort_order, n.area_name
        """,
        [area_code],
    )


def latest_for_area(con: Con, area_code: str, headline_only: bool = False) -> pl.DataFrame:
    """One row per catalogue indicator for one area (grouped by outcome): its latest year in the mart with previous,
    change, direction, rank, band, SN average, median and how many neighbours have a figure (sn_count, of
    sn_size, the area's neighbours), England, its year type, the whole series for a sparkline,
    where the area has no figure that year but the former authority it replaced has, that one
    (published_for, its name; published_for_value), and the latest figure's period as published,
    revision (provisional, revised, final, outturn), numerator and denominator (its base), and looks_back_only_to
    (the mart's, beside the indicator's looks_back_months)."""
    return frame(
        con,
        """
        WITH mine AS (
            -- a former authority's own years only: LAIT's Cafcass figures of 2025 for Dorset's county council, abolished in 2019,
            -- had been its "latest" (they are said where they belong, on the authorities that replaced it); the columns
            -- read below only, so the mart's rules for the others (cut-offs, distance from the neighbours) are not worked out
            SELECT c.indicator_id, c.time_period, c.value, c.suppression, c.shared_with, c.previous_value, c.previous_suppression,
                   c.change, c.direction, c.rank, c.ranked_of, c.band, c.sn_mean, c.sn_median, c.sn_count, c.england_value, c.region_value,
                   c.looks_back_only_to
            FROM indicator_comparison c JOIN areas a USING (area_code)
            WHERE c.area_code = $1 AND existed_in(a.is_current, a.last_year, c.time_period)
        ),
        latest AS (
            SELECT arg_max(m, m.time_period) AS m, list(m.value ORDER BY m.time_period) FILTER (WHERE m.value IS NOT NULL) AS trend
            FROM mine m GROUP BY m.indicator_id
        )
        SELECT i.indicator_id, i.name, i.outcome, i.unit, i.polarity, i.decimals, i.headline, i.year_type, i.source,
               l.m.time_period AS time_period, l.m.value AS value, l.m.suppression AS suppression, l.m.shared_with AS shared_with,
               l.m.time_period - 1 AS previous_year, l.m.previous_value AS previous_value, l.m.previous_suppression AS previous_suppression, l.m.change AS change,
               l.m.direction AS direction, l.m.rank AS rank, l.m.ranked_of AS ranked_of, l.m.band AS band,
               l.m.sn_mean AS sn_mean, l.m.sn_median AS sn_median, l.m.sn_count AS sn_count,
               (SELECT count(*) FROM statistical_neighbours WHERE area_code = $1)::INTEGER AS sn_size,
               l.m.england_value AS england_value, l.trend,
               l.m.region_value AS region_value, coalesce(i.outcome, i.topic) AS topic, l.m.looks_back_only_to AS looks_back_only_to, i.looks_back_months,
               f.former_label AS published_for, f.value AS published_for_value, v.period_label, v.revision, v.numerator, v.denominator
        FROM indicators i LEFT JOIN latest l ON l.m.indicator_id = i.indicator_id
        LEFT JOIN outcomes o ON o.outcome = i.outcome
        -- the latest figure's period as published and whether it is provisional or revised: what a citation needs
        LEFT JOIN indicator_values v ON v.indicator_id = i.indicator_id AND v.area_code = $1 AND v.time_period = l.m.time_period
        -- a figure of that year published for the former authority the area replaced (one at most)
        LEFT JOIN former_figure_of($1) f ON f.indicator_id = i.indicator_id AND f.time_period = l.m.time_period AND l.m.value IS NULL
        WHERE NOT $2 OR i.headline
        ORDER BY o.sort_order NULLS LAST, i.sort_order
        """,
        [area_code, headline_only],
    )


def headline_tiles(con: Con) -> pl.DataFrame:
    """England's headline indicators, latest year against the year before."""
    return latest_for_area(con, ENGLAND, headline_only=True).filter(pl.col("time_period").is_not_null())


def england_value(con: Con, indicator_id: str, year: int) -> float | None:
    rows = con.execute(
        "SELECT value FROM indicator_values WHERE indicator_id = ? AND time_period = ? AND area_code = ?", [indicator_id, year, ENGLAND]
    ).fetchall()
    return rows[0][0] if rows else None


def scatter_points(con: Con, x_id: str, y_id: str, year: int | None = None, on: dt.date | None = None) -> pl.DataFrame:
    """Each current LA's value of two indicators in their latest year to `year` (every year when
    None), each year given (`x_period`, `y_period`), with the overall judgement in force on `on`
    (default: the latest Ofsted publication loaded), across frameworks and sources (as the Ofsted
    page gives it; `official` false for one not yet in Ofsted's official statistics). Compare's
    scatter had drawn 2025's figures under a page set to 2022."""
    return frame(
        con,
        """
        WITH d AS (SELECT coalesce($5::DATE, max(publication_date)) AS as_at FROM ofsted_inspections),
        latest AS (
            SELECT indicator_id, max(time_period) AS time_period FROM indicator_values
            WHERE value IS NOT NULL AND indicator_id IN ($1, $2) AND ($4::INTEGER IS NULL OR time_period <= $4) GROUP BY 1
        ),
        v AS (SELECT v.* FROM indicator_values v JOIN latest USING (indicator_id, time_period))
        SELECT a.area_code, a.area_name, x.value AS x, y.value AS y, coalesce(o.grade_label, $3) AS grade_label, o.official,
               x.time_period AS x_period, y.time_period AS y_period
        FROM d, areas a
        JOIN v x ON x.area_code = a.area_code AND x.indicator_id = $1
        JOIN v y ON y.area_code = a.area_code AND y.indicator_id = $2
        LEFT JOIN ofsted_as_at(d.as_at) o ON o.area_code = a.area_code
        WHERE a.geographic_level = 'Local authority' AND a.is_current AND x.value IS NOT NULL AND y.value IS NOT NULL
        ORDER BY a.area_name
        """,
        [x_id, y_id, NOT_INSPECTED, year, on],
    )


# --- the neighbour table ------------------------------------------------------------------

def neighbour_table(con: Con, indicator_id: str, area_code: str, years: int = 10) -> pl.DataFrame:
    """One indicator over its last `years` years for an LA, each of its named statistical neighbours,
    their mean and median, its region and England (long form: sort, role, area_name, time_period,
    value, suppression, denominator), with the LA's rank, ranked_of, band and band cut-offs on its rows, and each figure's looks_back_only_to (the mart's).
    A missing row (the area did not report that year) has null value and suppression. A former
    authority's years end with its last."""
    return frame(
        con,
        """
        WITH me AS (SELECT * FROM areas WHERE area_code = $2),
        -- a former authority's last ten years as one: Dorset's county council's table ran 2016 to 2025, six columns empty
        yrs AS (SELECT DISTINCT time_period FROM indicator_comparison, me
                WHERE indicator_id = $1 AND value IS NOT NULL AND (me.is_current OR time_period <= me.last_year) ORDER BY 1 DESC LIMIT $3),
        members AS (
            SELECT area_code, 0 AS sort, 'Selected authority' AS role FROM me
            UNION ALL SELECT neighbour_code, neighbour_rank, 'Statistical neighbour ' || neighbour_rank FROM statistical_neighbours WHERE area_code = $2
            UNION ALL SELECT region_code, 30, 'Region' FROM me WHERE region_code IS NOT NULL
            UNION ALL SELECT area_code, 40, 'England' FROM areas WHERE geographic_level = 'National'
        )
        -- a former authority as the pickers name it ("Dorset (until 2019)"; Poole among Bournemouth's neighbours)
        SELECT m.sort, m.role, a.area_code,
               a.area_label AS area_name,
               y.time_period, c.value, c.suppression, v.denominator,
               c.rank, c.ranked_of, c.band, c.band_q1, c.band_q2, c.band_q3, c.looks_back_only_to
        FROM members m JOIN areas a ON a.area_code = m.area_code CROSS JOIN yrs y
        LEFT JOIN indicator_comparison c ON c.indicator_id = $1 AND c.area_code = m.area_code AND c.time_period = y.time_period
        LEFT JOIN indicator_values v ON v.indicator_id = $1 AND v.area_code = m.area_code AND v.time_period = y.time_period
        UNION ALL
        SELECT s.sort, s.role, NULL, s.role, y.time_period, CASE s.sort WHEN 20 THEN c.sn_mean ELSE c.sn_median END, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL
        FROM (VALUES (20, 'SN average (mean)'), (21, 'SN median')) s(sort, role) CROSS JOIN yrs y
        LEFT JOIN indicator_comparison c ON c.indicator_id = $1 AND c.area_code = $2 AND c.time_period = y.time_period
        ORDER BY 1, 5
        """,
        [indicator_id, area_code, years],
    )


def scrutiny_values(con: Con, area_code: str, year: int) -> pl.DataFrame:
    """Every headline indicator in one year for an LA and each of its statistical neighbours: sort
    (0 the LA, then neighbour rank), area_name, indicator name, its outcome (as the profile groups it, in the
    profile's order: `outcome`, `outcome_order`), unit, polarity, decimals, source, year_type, value, suppression,
    shared_with (the codes of the authorities a figure was published together with), and on the LA's
    own rows the figure published instead for the former authority it replaced (published_for, its name;
    published_for_value), each figure's numerator and denominator (its base),
    and the LA's figure the year before (and its publisher's symbol where there is none), SN mean and median, how many neighbours have a figure (`sn_count`)
    of how many it has (`sn_size`), region, England, rank, band, direction and gap from its SN average in
    neighbour standard deviations (`sn_gap_sd`, positive worse) on every row; each figure's looks_back_only_to
    (the mart's) and the indicator's looks_back_months."""
    return frame(
        con,
        """
        WITH members AS (
            SELECT $1 AS area_code, 0 AS sort
            UNION ALL SELECT neighbour_code, neighbour_rank FROM statistical_neighbours WHERE area_code = $1
        )
        SELECT m.sort, a.area_name, i.indicator_id, i.name, coalesce(i.outcome, i.topic) AS outcome, coalesce(o.sort_order, 999) AS outcome_order,
               i.unit, i.polarity, i.decimals, i.sort_order, i.source, i.year_type, c.value, c.suppression, c.shared_with,
               me.previous_value, me.previous_suppression, me.sn_mean, me.sn_median, me.sn_count, (SELECT count(*) FROM members WHERE sort > 0) AS sn_size,
               me.region_value, me.england_value, me.rank, me.ranked_of, me.band, me.direction, me.sn_gap_sd,
               c.looks_back_only_to, i.looks_back_months,
               f.former_label AS published_for, f.value AS published_for_value, v.numerator, v.denominator
        FROM members m JOIN areas a ON a.area_code = m.area_code CROSS JOIN indicators i
        LEFT JOIN outcomes o ON o.outcome = i.outcome
        LEFT JOIN indicator_comparison c ON c.indicator_id = i.indicator_id AND c.area_code = m.area_code AND c.time_period = $2
        LEFT JOIN indicator_values v ON v.indicator_id = i.indicator_id AND v.area_code = m.area_code AND v.time_period = $2
        LEFT JOIN indicator_comparison me ON me.indicator_id = i.indicator_id AND me.area_code = $1 AND me.time_period = $2
        -- the LA's figure published for the former authority it replaced (one such authority at most, per indicator and year)
        LEFT JOIN former_figure_of($1) f ON f.indicator_id = i.indicator_id AND f.time_period = $2 AND m.sort = 0
        WHERE i.headline
        ORDER BY outcome_order, i.sort_order, m.sort
        """,
        [area_code, year],
    )


def scrutiny_years(con: Con, area_code: str, year: int, years: int = 5) -> pl.DataFrame:
    """Every headline indicator over the `years` years to `year` for an LA, beside its SN average and
    England, in the profile's order (`outcome`, `outcome_order`): name, unit, decimals, `series` (the
    LA's name, "SN average", "England"), time_period, value and the publisher's symbol where there is
    no figure (`suppression`; the SN average and England have none), the indicator's `year_type`, and on
    the SN average's rows how many neighbours have a figure (`sn_count`) of how many (`sn_size`). A
    year no row was published for is absent."""
    return frame(
        con,
        """
        SELECT coalesce(i.outcome, i.topic) AS outcome, coalesce(o.sort_order, 999) AS outcome_order, i.sort_order, i.name, i.unit, i.decimals,
               s.sort AS series_order, CASE s.sort WHEN 0 THEN a.area_label WHEN 1 THEN 'SN average' ELSE 'England' END AS series, c.time_period,
               CASE s.sort WHEN 0 THEN c.value WHEN 1 THEN c.sn_mean ELSE c.england_value END AS value,
               CASE s.sort WHEN 0 THEN c.suppression END AS suppression, i.year_type,
               CASE s.sort WHEN 1 THEN c.sn_count END AS sn_count,
               CASE s.sort WHEN 1 THEN (SELECT count(*) FROM statistical_neighbours WHERE area_code = $1)::INTEGER END AS sn_size
        FROM indicator_comparison c JOIN indicators i USING (indicator_id) JOIN areas a USING (area_code)
        LEFT JOIN outcomes o ON o.outcome = i.outcome
        CROSS JOIN (VALUES (0), (1), (2)) s(sort)
        WHERE c.area_code = $1 AND i.headline AND c.time_period BETWEEN $2 - $3 + 1 AND $2
        ORDER BY outcome_order, i.sort_order, series_order, c.time_period
        """,
        [area_code, year, years],
    )


# --- trends --------------------------------------------------------------------------------

def trend_frame(con: Con, indicator_id: str, area_codes: list[str], compare_to: str) -> pl.DataFrame:
    """Series for the chosen LAs and, for the first, its SN average (compare_to 'sn'), its region
    ('sn' or 'region') and England (always): time_period, series, value, suppression, and sn_count on the
    SN average's rows (how many neighbours it averages that year; null on the others). An area's year
    with no figure is a row too (value null, with the publisher's symbol where it gave one). A former
    authority's series is named as the pickers name it, "Dorset (until 2019)": as "Dorset", the old
    county's line and today's Dorset's were one series."""
    return frame(
        con,
        """
        WITH c AS MATERIALIZED (  -- the indicator's rows, read from the mart once rather than once a series (15 ms against 9)
            SELECT time_period, area_code, value, suppression, sn_mean, sn_count FROM indicator_comparison WHERE indicator_id = $1
        ),
        named AS (SELECT *, area_label AS series FROM areas),
        first AS (SELECT * FROM named WHERE area_code = $2[1])
        SELECT c.time_period, a.series, c.value, c.suppression, NULL::INTEGER AS sn_count
        FROM c JOIN named a USING (area_code)
        WHERE list_contains($2, c.area_code)
        UNION ALL
        SELECT c.time_period, f.series || ' SN average', c.sn_mean, NULL, c.sn_count
        FROM c JOIN first f USING (area_code)
        WHERE $3 = 'sn' AND c.sn_mean IS NOT NULL
        UNION ALL
        SELECT c.time_period, a.area_name, c.value, c.suppression, NULL
        FROM c JOIN areas a USING (area_code)
        WHERE $3 IN ('sn', 'region') AND a.area_code = (SELECT region_code FROM first) AND NOT list_contains($2, a.area_code)
        UNION ALL
        SELECT c.time_period, 'England', c.value, c.suppression, NULL
        FROM c JOIN areas a USING (area_code)
        WHERE a.geographic_level = 'National' AND NOT list_contains($2, a.area_code)
        ORDER BY 2, 1
        """,
        [indicator_id, area_codes, compare_to],
    )


def neighbour_model(con: Con, area_code: str) -> str | None:
    """The statistical neighbour model an LA's neighbours come from (the newest loaded that lists it), as
    the warehouse names it: "DfE statistical neighbours, 2025 model", and for a former authority
    "LAIT statistical neighbours, May 2025"."""
    rows = con.execute("SELECT min(model) FROM statistical_neighbours WHERE area_code = ?", [area_code]).fetchall()
    return rows[0][0] if rows else None


def neighbours_left_out(con: Con, indicator_id: str, area_code: str) -> pl.DataFrame:
    """An LA's statistical neighbours' figures of one indicator, in every year, that its SN average and median
    leave out though the publisher gave them (as `formatting.not_in_sn_average` says them): one published
    without a number, and one that looks back to before its authority was formed (the mart's looks_back_only_to).
    area_name (as the pickers name it), time_period, value, suppression, looks_back_only_to; by neighbour rank, then year."""
    return frame(
        con,
        """
        SELECT a.area_label AS area_name, c.time_period, c.value, c.suppression, c.looks_back_only_to
        FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code
        JOIN indicator_comparison c ON c.area_code = s.neighbour_code AND c.indicator_id = $1
        WHERE s.area_code = $2 AND (c.looks_back_only_to IS NOT NULL OR (c.value IS NULL AND c.suppression IS NOT NULL))
        ORDER BY s.neighbour_rank, c.time_period
        """,
        [indicator_id, area_code],
    )


def shared_figures(con: Con, indicator_id: str, area_codes: list[str], year: int | None = None) -> pl.DataFrame:
    """The chosen areas' figures the publisher gives two authorities together (the workforce release's
    one row for North and West Northamptonshire), of one year or every year: area_code, area_name,
    partners (the other authorities' names, "; "-separated), first_year, last_year; in the order of the areas."""
    return frame(
        con,
        """
        SELECT v.area_code, a.area_name, string_agg(DISTINCT p.area_name, '; ' ORDER BY p.area_name) AS partners,
               min(v.time_period) AS first_year, max(v.time_period) AS last_year
        FROM indicator_values v JOIN areas a USING (area_code)
        JOIN areas p ON list_contains(string_split(v.shared_with, ';'), p.area_code)
        WHERE v.indicator_id = $1 AND list_contains($2, v.area_code) AND v.shared_with IS NOT NULL AND ($3 IS NULL OR v.time_period = $3)
        GROUP BY 1, 2 ORDER BY list_position($2, v.area_code)
        """,
        [indicator_id, area_codes, year],
    )


def shared_in_year(con: Con, year: int) -> pl.DataFrame:
    """The headline figures of a year the publisher gives several authorities together, by group:
    `authorities` ("Kingston upon Thames and Richmond upon Thames") and `indicators` (their names, "; "-separated)."""
    return frame(
        con,
        """
        WITH s AS (
            SELECT DISTINCT i.name, i.sort_order, list_sort(list_append(string_split(v.shared_with, ';'), v.area_code)) AS members
            FROM indicator_values v JOIN indicators i USING (indicator_id)
            WHERE v.time_period = ? AND v.shared_with IS NOT NULL AND i.headline
        ),
        named AS (
            SELECT g.members, string_agg(a.area_name, ' and ' ORDER BY a.area_name) AS authorities
            FROM (SELECT DISTINCT members FROM s) g JOIN areas a ON list_contains(g.members, a.area_code) GROUP BY g.members
        )
        SELECT n.authorities, string_agg(s.name, '; ' ORDER BY s.sort_order) AS indicators
        FROM s JOIN named n USING (members) GROUP BY n.authorities ORDER BY n.authorities
        """,
        [year],
    )


def disagreements(con: Con, indicator_id: str, area_codes: list[str] | None = None, year: int | None = None) -> pl.DataFrame:
    """Figures that another publication gives differently beyond rounding (the reconciliation view),
    of the chosen areas (every area when None) and year (every year when None): area_code,
    area_name, time_period, value, other_source, other_value; in the order of the areas, then by
    year, the largest difference first."""
    return frame(
        con,
        """
        SELECT area_code, area_name, time_period, value, other_source, other_value FROM (
            SELECT DISTINCT a.area_name, r.area_code, r.time_period, r.value, r.other_source, r.other_value
            FROM reconciliation r JOIN areas a USING (area_code)
            WHERE r.indicator_id = $1 AND ($2::VARCHAR[] IS NULL OR list_contains($2, r.area_code))
              AND ($3::INTEGER IS NULL OR r.time_period = $3) AND NOT r.within_tolerance
        )
        ORDER BY list_position($2, area_code), time_period, abs(value - other_value) DESC, area_name, other_source
        """,
        [indicator_id, area_codes, year],
    )


def headline_trends(con: Con, area_code: str) -> pl.DataFrame:
    """Every headline indicator for one LA and England, every year: indicator, series, time_period, value."""
    return frame(
        con,
        """
        SELECT i.name AS indicator, a.area_name AS series, c.time_period, c.value, i.decimals, i.unit
        FROM indicator_comparison c JOIN indicators i USING (indicator_id) JOIN areas a USING (area_code)
        WHERE i.headline AND (c.area_code = ? OR a.geographic_level = 'National') AND c.value IS NOT NULL
        ORDER BY i.sort_order, a.geographic_level DESC, c.time_period
        """,
        [area_code],
    )


def headline_sparklines(con: Con, area_code: str) -> pl.DataFrame:
    """One row per headline indicator: the LA's and England's latest figures and every year's values
    (oldest first) for sparklines, with the years the LA's own series spans and England's, and
    England's figure in the LA's last year (`england_then`: Rutland's latest 3+ placements, 14% in
    2020, had stood beside England's 10% of 2025)."""
    return frame(
        con,
        """
        WITH c AS MATERIALIZED (  -- the two areas' headline figures, read from the mart once (14 ms against 9)
            SELECT c.indicator_id, c.time_period, c.area_code = $1 AS mine, c.area_code = $2 AS england, c.value
            FROM indicator_comparison c JOIN indicators i USING (indicator_id)
            WHERE i.headline AND c.area_code IN ($1, $2) AND c.value IS NOT NULL
        ),
        g AS (
        SELECT i.indicator_id, i.name AS indicator, i.unit, i.decimals, i.sort_order,
               min(c.time_period) FILTER (WHERE c.mine) AS first_year,
               max(c.time_period) FILTER (WHERE c.mine) AS last_year,
               arg_max(c.value, c.time_period) FILTER (WHERE c.mine) AS latest,
               arg_max(c.value, c.time_period) FILTER (WHERE c.england) AS england,
               min(c.time_period) FILTER (WHERE c.england) AS england_first_year,
               max(c.time_period) FILTER (WHERE c.england) AS england_last_year,
               list(c.value ORDER BY c.time_period) FILTER (WHERE c.mine) AS trend,
               list(c.value ORDER BY c.time_period) FILTER (WHERE c.england) AS england_trend
        FROM indicators i JOIN c USING (indicator_id)
        GROUP BY i.indicator_id, i.name, i.unit, i.decimals, i.sort_order
        )
        SELECT g.* EXCLUDE (indicator_id, sort_order), e.value AS england_then
        FROM g LEFT JOIN c e ON e.indicator_id = g.indicator_id AND e.time_period = g.last_year AND e.england
        ORDER BY g.sort_order
        """,
        [area_code, ENGLAND],
    )


def boundary_breaks(con: Con, area_codes: list[str]) -> pl.DataFrame:
    """For chosen LAs formed by a boundary change (on 1 April after the predecessor's last year; the new
    authority's first year of each kind is formatting.first_period_after): area_name, predecessor,
    its code (predecessor_code), last_year, its name as the picker gives it (`predecessor_label`:
    "Dorset (until 2019)"), and what the new authority was formed from, said (`formed_from`: "part
    of Northamptonshire (until 2021)" where the old one was split, "Poole (until 2019)" where it was
    taken whole)."""
    return frame(
        con,
        """
        SELECT a.area_name, p.area_name AS predecessor, p.area_code AS predecessor_code, p.last_year,
               p.area_label AS predecessor_label,
               CASE WHEN len(string_split(p.successor_codes, ';')) > 1 THEN 'part of ' ELSE '' END || p.area_label AS formed_from
        FROM areas p JOIN areas a ON list_contains(string_split(p.successor_codes, ';'), a.area_code)
        WHERE list_contains(?, a.area_code)
        ORDER BY a.area_name, p.area_name
        """,
        [area_codes],
    )


def formed_on(con: Con) -> pl.DataFrame:
    """Each authority a boundary change formed, and the day it began (`formed`: 1 April after its
    predecessors' last year): BCP 1 April 2019, Cumberland 1 April 2023."""
    return frame(con, "SELECT area_code, formed FROM formed_authorities ORDER BY 1")


def successors(con: Con, area_code: str) -> pl.DataFrame:
    """The authorities that replaced a former one (none for a current LA): area_code, area_name."""
    return frame(
        con,
        """
        SELECT a.area_code, a.area_name
        FROM areas p JOIN areas a ON list_contains(string_split(p.successor_codes, ';'), a.area_code)
        WHERE p.area_code = ?
        ORDER BY a.area_name
        """,
        [area_code],
    )


# --- Ofsted --------------------------------------------------------------------------------

def grade_labels(con: Con) -> list[str]:
    """The judgement wording in grade order (from the warehouse), then the label for no inspection."""
    rows = con.execute(
        "SELECT DISTINCT grade, grade_label FROM ofsted_judgements WHERE grade IS NOT NULL AND framework IN ('ILACS standard', 'ILACS short') AND official ORDER BY grade"
    ).fetchall()
    return [label for _, label in rows] + [NOT_INSPECTED]


def ofsted_history(con: Con, area_code: str | None = None, official_only: bool = True) -> pl.DataFrame:
    """ILACS judgements, one row per judgement: in the official statistics only, or also those Ofsted
    has published since (`status_note` says which source gives them)."""
    return frame(
        con,
        """
        SELECT o.area_code, a.area_name, a.region_name, o.inspection_date, o.publication_date, o.inspection_type,
               o.judgement, o.grade, o.grade_label, coalesce(upper(o.status_note[1]) || o.status_note[2:], 'Official statistics') AS source
        FROM ofsted_judgements o JOIN areas a USING (area_code)
        WHERE (? IS NULL OR o.area_code = ?) AND o.framework IN ('ILACS standard', 'ILACS short') AND (official OR NOT ?)
        ORDER BY o.inspection_date, o.area_code, o.judgement
        """,
        [area_code, area_code, official_only],
    )


def ofsted_current(con: Con, on: dt.date | None = None, inspected: bool = False) -> pl.DataFrame:
    """Each LA that existed on a date with its overall judgement in force then, across frameworks
    (default date: the Ofsted data's latest publication): the grade before it, years since the
    inspection measured at that date, whether the judgement is in the official statistics yet (with
    `status_note` naming the source when not), the date of a later inspection published without a
    grade (`ungraded_since`) with the judgements the source does give for it (`ungraded_judgements`: a list of
    judgement and grade_label; Somerset's of 27 April 2026, help and protection Requires improvement to be good...),
    and its position in its region's row of tiles. With
    `inspected`, the latest inspection carried out by the date, as Ofsted's statistics count them, and
    the latest one carried out by then that Ofsted's own table for the date leaves out (`later_*`)."""
    return frame(
        con,
        """
        WITH d AS (SELECT coalesce(?::DATE, max(publication_date)) AS as_at FROM ofsted_inspections),
        g AS (SELECT * FROM d, ofsted_as_at(d.as_at, inspected := ?)),
        -- the judgements the later inspection without a grade has in the source (the overview gives all but the overall one)
        ungraded_parts AS (
            SELECT g.area_code, list(struct_pack(judgement := j.judgement, grade_label := j.grade_label) ORDER BY j.judgement) AS parts
            FROM g JOIN ofsted_judgements j
              ON j.area_code = g.area_code AND coalesce(j.inspection_date, j.publication_date) = g.ungraded_since
            WHERE j.grade_label IS NOT NULL AND j.judgement <> 'overall_effectiveness'
            GROUP BY 1
        )
        SELECT a.area_code, a.area_name, a.region_code, a.region_name, g.framework, g.inspection_date, g.publication_date,
               g.inspection_type, g.overall_grade AS grade, coalesce(g.grade_label, ?) AS grade_label, g.previous_grade, g.previous_grade_label,
               g.official, g.status_note, d.as_at, g.later_inspection_date, g.later_publication_date, g.later_grade_label,
               round(date_diff('day', coalesce(g.inspection_date, g.publication_date), d.as_at) / 365.25, 1) AS years_since_inspection,
               g.ungraded_since, p.parts AS ungraded_judgements,
               (row_number() OVER (PARTITION BY a.region_name ORDER BY a.area_name) - 1)::INTEGER AS position
        FROM d, local_authorities_on(d.as_at) a LEFT JOIN g USING (area_code)
        LEFT JOIN ungraded_parts p USING (area_code)
        ORDER BY a.area_name
        """,
        [on, inspected, NOT_INSPECTED],
    )


def ofsted_distribution(con: Con, until: dt.date | None = None) -> pl.DataFrame:
    """Official ILACS overall effectiveness judgements by year of inspection, for inspections carried
    out by `until` (default: everything loaded), whenever published, as Ofsted's statistics count
    them: year, year_label, grade, grade_label, count. A year the data covers only in part is
    labelled with how far it goes ("2025 (to 24 Mar)")."""
    return frame(
        con,
        """
        WITH j AS (
            SELECT year(inspection_date) AS year, inspection_date, grade, grade_label
            FROM ofsted_judgements
            WHERE judgement = 'overall_effectiveness' AND framework IN ('ILACS standard', 'ILACS short') AND official
        ),
        -- no later than the official files go: the pack's 2025 bar read "to 31 Mar", the Ofsted page's "to 24 Mar"
        cut AS (SELECT least(coalesce(?::DATE, max(inspection_date)), max(inspection_date)) AS d FROM j)
        SELECT year,
               CASE WHEN year = year(cut.d) AND cut.d < make_date(year, 12, 31)
                    THEN year || ' (to ' || strftime(cut.d, '%-d %b') || ')' ELSE year::VARCHAR END AS year_label,
               grade, grade_label, count(*)::INTEGER AS count
        FROM j, cut
        WHERE j.inspection_date <= cut.d
        GROUP BY ALL ORDER BY year, grade
        """,
        [until],
    )


def judgement_counts(con: Con, on: dt.date | None = None) -> pl.DataFrame:
    """LAs by the overall judgement in force on a date (default: the Ofsted data's latest
    publication date), across frameworks: grade_label, count, of them not yet in the official
    statistics (grade order, not inspected last)."""
    return frame(
        con,
        """
        WITH d AS (SELECT coalesce(?::DATE, max(publication_date)) AS as_at FROM ofsted_inspections)
        SELECT coalesce(g.grade_label, ?) AS grade_label, count(*)::INTEGER AS count,
               count(*) FILTER (WHERE NOT g.official)::INTEGER AS not_yet_official
        FROM d, local_authorities_on(d.as_at) a LEFT JOIN ofsted_as_at(d.as_at) g USING (area_code)
        GROUP BY g.overall_grade, 1 ORDER BY g.overall_grade NULLS LAST
        """,
        [on, NOT_INSPECTED],
    )


def latest_sub_judgements(con: Con) -> pl.DataFrame:
    """Every judgement at each current LA's latest ILACS inspection (long form), from the official
    files or, for an inspection published since the last of them, from the third-party overview
    (`official` false), which gives the sub-judgements too."""
    return frame(
        con,
        """
        SELECT a.area_name, o.inspection_date, o.official, o.judgement, o.grade_label
        FROM ofsted_judgements o JOIN areas a USING (area_code)
        WHERE a.is_current AND o.framework IN ('ILACS standard', 'ILACS short')
          AND o.inspection_date = (SELECT max(inspection_date) FROM ofsted_judgements x WHERE x.area_code = o.area_code AND x.framework IN ('ILACS standard', 'ILACS short'))
        ORDER BY a.area_name, o.judgement
        """,
    )


# --- flags: what the early-warning rules read ---------------------------------------------

def flag_targets(con: Con, spec: str | list[str]) -> pl.DataFrame:
    """The catalogue entries a rule looks at: 'headline' or a list of ids."""
    ids = None if spec == "headline" else list(spec)
    return frame(
        con,
        "SELECT indicator_id, name, unit, polarity, decimals, year_type FROM indicators WHERE (?::VARCHAR[] IS NULL AND headline) OR list_contains(?::VARCHAR[], indicator_id) ORDER BY sort_order",
        [ids, ids],
    )


def flag_rows(con: Con, indicator_ids: list[str], years_back: int, up_to: int | None = None) -> pl.DataFrame:
    """The mart's rows for current LAs in each indicator's last `years_back` + 1 years (latest =
    the indicator's latest year with a value, up to `up_to` when given), with latest_year, and
    `published_for`: the former authority a figure for that year was published for instead, where
    one was (Cafcass's 2025 figure for Northamptonshire as a whole, not for North Northamptonshire)."""
    return frame(
        con,
        """
        WITH latest AS (
            SELECT indicator_id, max(time_period) AS latest_year FROM indicator_comparison
            WHERE value IS NOT NULL AND list_contains($1, indicator_id) AND time_period <= coalesce($3, 9999) GROUP BY 1
        ),
        covered AS (
            SELECT area_code, indicator_id, time_period, string_agg(former_label, ' and ' ORDER BY former_label) AS published_for
            FROM figures_for_former_areas WHERE list_contains($1, indicator_id) GROUP BY ALL
        )
        SELECT c.*, l.latest_year, cov.published_for
        FROM indicator_comparison c JOIN latest l USING (indicator_id)
        LEFT JOIN covered cov USING (area_code, indicator_id, time_period)
        JOIN areas a USING (area_code)
        WHERE a.geographic_level = 'Local authority' AND a.is_current AND c.time_period >= l.latest_year - $2 AND c.time_period <= l.latest_year
        ORDER BY c.indicator_id, c.area_code, c.time_period
        """,
        [indicator_ids, years_back, up_to],
    )


def flag_latest_values(con: Con, indicator_ids: list[str], up_to: int | None = None) -> pl.DataFrame:
    """Current LAs' values in each indicator's latest year, with numerator, denominator, England's value,
    `shared_with` (the authorities a figure is published for together), `counts_once` (false for every copy
    of such a figure but the first authority's, so it counts once among all the authorities' figures) and
    `better` (1 higher is better, -1 lower; the mart's better_of macro; neutral indicators left out). A figure that
    looks back to before its authority was formed is left out, as the mart leaves it out of ranks and cut-offs."""
    return frame(
        con,
        """
        WITH latest AS (
            SELECT indicator_id, max(time_period) AS latest_year FROM indicator_comparison
            WHERE value IS NOT NULL AND list_contains($1, indicator_id) AND time_period <= coalesce($2, 9999) GROUP BY 1
        )
        SELECT c.indicator_id, c.time_period, c.area_code, c.value, v.numerator, v.denominator, c.england_value, c.shared_with,
               c.shared_with IS NULL OR c.area_code < list_min(string_split(c.shared_with, ';')) AS counts_once,
               better_of(i.polarity) AS better
        FROM indicator_comparison c JOIN latest l ON c.indicator_id = l.indicator_id AND c.time_period = l.latest_year
        JOIN indicators i ON i.indicator_id = c.indicator_id
        JOIN areas a ON a.area_code = c.area_code
        LEFT JOIN indicator_values v ON v.indicator_id = c.indicator_id AND v.time_period = c.time_period AND v.area_code = c.area_code
        WHERE a.geographic_level = 'Local authority' AND a.is_current AND c.value IS NOT NULL AND better_of(i.polarity) IS NOT NULL
          AND c.looks_back_only_to IS NULL
        ORDER BY c.indicator_id, c.area_code
        """,
        [indicator_ids, up_to],
    )


def neighbour_pairs(con: Con) -> pl.DataFrame:
    """Every LA's statistical neighbours (area_code, neighbour_code)."""
    return frame(con, "SELECT area_code, neighbour_code FROM statistical_neighbours ORDER BY area_code, neighbour_rank")


def flag_ofsted(con: Con, on: dt.date, inspected: bool = False) -> pl.DataFrame:
    """Each LA's overall judgement in force on a date, across frameworks (the `ofsted_as_at` macro, as
    the Ofsted page and the watchlist show it), with the judgement before it; with `inspected`, the
    latest inspection carried out by the date, as Ofsted's statistics count them, and the latest one
    carried out by then that Ofsted's own table for the date leaves out (`later_*`), and the date of a later
    inspection whose overall grade the source does not give (`ungraded_since`)."""
    return frame(
        con,
        """SELECT area_code, framework, inspection_date, publication_date, overall_grade AS grade, grade_label, official,
                  previous_grade, previous_grade_label, previous_inspection_date, previous_publication_date,
                  later_inspection_date, later_publication_date, later_grade_label, ungraded_since
           FROM ofsted_as_at(?, inspected := ?) ORDER BY area_code""",
        [on, inspected],
    )


def las_on(con: Con, on: dt.date) -> pl.DataFrame:
    """The local authorities as they stood on a date (the `local_authorities_on` macro), a former one
    named as the pickers name it (`area_name`: "Dorset (until 2019)" in a 2019 watchlist, not "Dorset")."""
    return frame(con, "SELECT area_code, area_label AS area_name, region_code, region_name FROM local_authorities_on(?) ORDER BY area_name", [on])


def ofsted_as_of(con: Con) -> dt.date | None:
    """The Ofsted data's date: its latest publication loaded (official or not yet official), the
    date the Ofsted page, the watchlist and the flags count time since inspection to."""
    return con.execute("SELECT max(publication_date) FROM ofsted_inspections").fetchall()[0][0]


# --- report --------------------------------------------------------------------------------

def level_values(con: Con, level: str, year: int) -> pl.DataFrame:
    """Every indicator for every area at one geographic level in one year: current areas, and former
    ones with a figure up to their last year (not a figure LAIT gives a former authority after it,
    such as Cafcass's 2025 figure for Dorset's county council), and not an authority before a
    boundary change formed it (the 2019 pack listed BCP and today's Dorset beside the councils they
    replaced, 154 authorities where England had 152)."""
    return frame(
        con,
        """
        SELECT v.indicator_id, a.area_code, a.area_name, a.region_name, v.value, v.suppression
        FROM indicator_values v JOIN areas a USING (area_code)
        WHERE a.geographic_level = ? AND v.time_period = ? AND existed_in(a.is_current, a.last_year, v.time_period) AND (a.is_current OR v.value IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM areas p WHERE list_contains(string_split(p.successor_codes, ';'), a.area_code) AND p.last_year >= v.time_period)
        ORDER BY a.area_name
        """,
        [level, year],
    )


def england_series(con: Con, up_to: int) -> pl.DataFrame:
    return frame(
        con,
        "SELECT indicator_id, time_period, value, suppression FROM indicator_values WHERE area_code = ? AND time_period <= ? ORDER BY 1, 2",
        [ENGLAND, up_to],
    )

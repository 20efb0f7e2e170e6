"""Every query the pages and the report run. All SQL lives here and takes parameters, never
formatted user input. Each function reads the public views and returns a polars DataFrame."""

from __future__ import annotations

import duckdb
import polars as pl

Con = duckdb.DuckDBPyConnection


def _df(con: Con, sql: str, params: list | None = None) -> pl.DataFrame:
    return con.sql(sql, params=params or None).pl()


def areas(con: Con) -> pl.DataFrame:
    return _df(con, "SELECT * FROM areas ORDER BY geographic_level DESC, area_name")


def current_las(con: Con) -> pl.DataFrame:
    return _df(
        con,
        "SELECT area_code, area_name, region_code, region_name FROM areas "
        "WHERE geographic_level = 'Local authority' AND is_current ORDER BY area_name",
    )


def indicators(con: Con) -> pl.DataFrame:
    return _df(con, "SELECT * FROM indicators ORDER BY sort_order")


def years(con: Con, indicator_id: str) -> list[int]:
    rows = con.execute(
        "SELECT DISTINCT time_period FROM indicator_values WHERE indicator_id = ? AND value IS NOT NULL ORDER BY 1 DESC",
        [indicator_id],
    ).fetchall()
    return [r[0] for r in rows]


def values_for_year(con: Con, indicator_id: str, year: int) -> pl.DataFrame:
    """Every area's value for one indicator and year, with area details."""
    return _df(
        con,
        """
        SELECT a.area_code, a.area_name, a.geographic_level, a.region_code, a.region_name, a.is_current,
               v.value, v.numerator, v.denominator, v.suppression, v.source_file
        FROM indicator_values v JOIN areas a USING (area_code)
        WHERE v.indicator_id = ? AND v.time_period = ?
        ORDER BY a.area_name
        """,
        [indicator_id, year],
    )


def series(con: Con, indicator_id: str, area_codes: list[str]) -> pl.DataFrame:
    return _df(
        con,
        """
        SELECT v.time_period, v.area_code, a.area_name, v.value, v.suppression
        FROM indicator_values v JOIN areas a USING (area_code)
        WHERE v.indicator_id = ? AND list_contains(?, v.area_code)
        ORDER BY v.time_period, a.area_name
        """,
        [indicator_id, area_codes],
    )


def neighbours(con: Con, area_code: str) -> pl.DataFrame:
    return _df(
        con,
        """
        SELECT s.neighbour_code AS area_code, a.area_name, s.neighbour_rank, s.closeness
        FROM statistical_neighbours s JOIN areas a ON a.area_code = s.neighbour_code
        WHERE s.area_code = ? ORDER BY s.neighbour_rank
        """,
        [area_code],
    )


def neighbour_average(con: Con, indicator_id: str, area_code: str) -> pl.DataFrame:
    """The mean of the statistical neighbours' values, per year (neighbours with a value only)."""
    return _df(
        con,
        """
        SELECT v.time_period, avg(v.value) AS value, count(v.value) AS neighbours
        FROM statistical_neighbours s JOIN indicator_values v ON v.area_code = s.neighbour_code
        WHERE s.area_code = ? AND v.indicator_id = ?
        GROUP BY 1 ORDER BY 1
        """,
        [area_code, indicator_id],
    )


def neighbour_averages_all(con: Con, indicator_id: str, year: int) -> pl.DataFrame:
    """For every LA, the mean of its neighbours' values in one year."""
    return _df(
        con,
        """
        SELECT s.area_code, avg(v.value) AS sn_average
        FROM statistical_neighbours s JOIN indicator_values v ON v.area_code = s.neighbour_code
        WHERE v.indicator_id = ? AND v.time_period = ?
        GROUP BY 1
        """,
        [indicator_id, year],
    )


def profile(con: Con, area_code: str) -> pl.DataFrame:
    """Every indicator's full series for one area, with catalogue details."""
    return _df(
        con,
        """
        SELECT i.indicator_id, i.name, i.unit, i.polarity, i.decimals, i.headline, i.sort_order,
               v.time_period, v.value, v.suppression
        FROM indicators i LEFT JOIN indicator_values v ON v.indicator_id = i.indicator_id AND v.area_code = ?
        ORDER BY i.sort_order, v.time_period
        """,
        [area_code],
    )


def ofsted_history(con: Con, area_code: str | None = None) -> pl.DataFrame:
    return _df(
        con,
        """
        SELECT o.area_code, a.area_name, a.region_name, o.inspection_date, o.publication_date, o.inspection_type,
               o.judgement, o.grade, o.grade_label
        FROM ofsted_judgements o JOIN areas a USING (area_code)
        WHERE (? IS NULL OR o.area_code = ?) AND o.framework IN ('ILACS standard', 'ILACS short') AND official
        ORDER BY o.inspection_date, o.area_code, o.judgement
        """,
        [area_code, area_code],
    )


def latest_ofsted(con: Con) -> pl.DataFrame:
    """Each current LA's latest inspection: overall grade and the previous overall grade."""
    return _df(
        con,
        """
        WITH overall AS (
            SELECT area_code, inspection_date, inspection_type, grade, grade_label,
                   row_number() OVER (PARTITION BY area_code ORDER BY inspection_date DESC) AS n,
                   lead(grade) OVER (PARTITION BY area_code ORDER BY inspection_date DESC) AS previous_grade
            FROM ofsted_judgements WHERE judgement = 'overall_effectiveness' AND framework IN ('ILACS standard', 'ILACS short') AND official
        )
        SELECT a.area_code, a.area_name, a.region_code, a.region_name, o.inspection_date, o.inspection_type,
               o.grade, o.grade_label, o.previous_grade
        FROM areas a LEFT JOIN overall o ON o.area_code = a.area_code AND o.n = 1
        WHERE a.geographic_level = 'Local authority' AND a.is_current
        ORDER BY a.area_name
        """,
    )


def build_info(con: Con) -> dict:
    row = _df(con, "SELECT * FROM build_info")
    return row.row(0, named=True) if row.height else {}


def freshness(con: Con) -> pl.DataFrame:
    return _df(
        con,
        """
        SELECT i.name AS indicator, max(v.time_period) AS latest_year, min(v.time_period) AS first_year
        FROM indicators i JOIN indicator_values v USING (indicator_id)
        WHERE v.value IS NOT NULL GROUP BY i.name, i.sort_order ORDER BY i.sort_order
        """,
    )


def load_log(con: Con) -> pl.DataFrame:
    return _df(con, "SELECT path, publication, title, rows, status, message, sha256, built_at FROM load_log ORDER BY status, path")


def reconciliation_summary(con: Con) -> pl.DataFrame:
    return _df(
        con,
        """
        SELECT indicator_id, other_source, count(*) AS compared,
               count(*) FILTER (WHERE NOT within_tolerance) AS beyond_rounding,
               max(difference) AS largest_difference, min(time_period) AS first_year, max(time_period) AS last_year
        FROM reconciliation GROUP BY 1, 2 ORDER BY 1
        """,
    )


def reconciliation_disagreements(con: Con) -> pl.DataFrame:
    return _df(con, "SELECT * FROM reconciliation WHERE NOT within_tolerance ORDER BY difference DESC LIMIT 500")


def suppression_counts(con: Con) -> pl.DataFrame:
    return _df(
        con,
        """
        SELECT indicator_id, time_period, suppression, count(*) AS values
        FROM indicator_values WHERE value IS NULL
        GROUP BY ALL ORDER BY indicator_id, time_period, suppression
        """,
    )


def warnings(con: Con) -> pl.DataFrame:
    return _df(con, "SELECT * FROM build_warnings")


def flag_inputs(con: Con) -> dict[str, pl.DataFrame]:
    """The frames the early-warning rules read: LA values, neighbours, catalogue, Ofsted overall grades."""
    return {
        "values": _df(
            con,
            """SELECT v.indicator_id, v.time_period, v.area_code, v.value, v.suppression
               FROM indicator_values v JOIN areas a USING (area_code) WHERE a.geographic_level = 'Local authority'""",
        ),
        "neighbours": _df(con, "SELECT area_code, neighbour_code FROM statistical_neighbours"),
        "indicators": _df(con, "SELECT indicator_id, name, unit, polarity, decimals, headline FROM indicators ORDER BY sort_order"),
        "ofsted": _df(
            con,
            "SELECT area_code, inspection_date, grade, grade_label FROM ofsted_judgements WHERE judgement = 'overall_effectiveness' AND framework IN ('ILACS standard', 'ILACS short') AND official",
        ),
        "las": current_las(con),
        "as_of": _df(con, "SELECT max(publication_date) AS as_of FROM ofsted_judgements WHERE official"),
    }


def level_values(con: Con, level: str, year: int) -> pl.DataFrame:
    """Every indicator for every area at one geographic level in one year."""
    return _df(
        con,
        """
        SELECT v.indicator_id, a.area_code, a.area_name, a.region_name, v.value, v.suppression
        FROM indicator_values v JOIN areas a USING (area_code)
        WHERE a.geographic_level = ? AND v.time_period = ? AND (a.is_current OR v.value IS NOT NULL)
        ORDER BY a.area_name
        """,
        [level, year],
    )


def england_series(con: Con, up_to: int) -> pl.DataFrame:
    return _df(
        con,
        "SELECT indicator_id, time_period, value, suppression FROM indicator_values WHERE area_code = 'E92000001' AND time_period <= ? ORDER BY 1, 2",
        [up_to],
    )


def indicators_with_data(con: Con) -> pl.DataFrame:
    """Catalogue entries that have at least one value (a partial build may lack some)."""
    return _df(
        con,
        "SELECT * FROM indicators i WHERE EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = i.indicator_id AND v.value IS NOT NULL) ORDER BY sort_order",
    )


# --- releases: figures revised between releases (issue 9) ---
def revisions(con: Con) -> pl.DataFrame:
    """Figures an older release gives differently for a year the newest release also covers."""
    return _df(
        con,
        "SELECT indicator_id, time_period, area_code, old_value, new_value, old_release, new_release FROM revisions ORDER BY indicator_id, time_period, area_code, old_release",
    )


# --- status: what the database holds and where it came from (oversight status) ---


def status_build(con: Con) -> pl.DataFrame:
    return _df(con, "SELECT build_id, built_at, sources, files_loaded, value_rows, warnings, version FROM build_info")


def status_indicators(con: Con) -> pl.DataFrame:
    return _df(
        con,
        "SELECT indicator_id, min(time_period) AS first_year, max(time_period) AS last_year, "
        "count(DISTINCT area_code) FILTER (WHERE value IS NOT NULL) AS areas FROM indicator_values GROUP BY 1 ORDER BY 1",
    )


def status_files(con: Con) -> pl.DataFrame:
    return _df(con, "SELECT path, publication, rows, status, sha256 FROM load_log ORDER BY path")


def status_disagreement_count(con: Con) -> int:
    return con.execute("SELECT count(*) FROM reconciliation WHERE NOT within_tolerance").fetchall()[0][0]

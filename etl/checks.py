"""Checks run on a freshly built database before it is swapped in.

Each check is one function returning the same shape: (check, passed, message).
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

Result = tuple[str, bool, str]
# build_info.version: raised whenever a view, a mart column or a macro the read layer needs changes,
# so a dashboard never reads a warehouse of another layout (2: previous_suppression, in_own_words;
# 3: indicators.published_unit; 4: indicator_values.shared_with; 5: ofsted_as_at's previous_publication_date;
# 6: the figures_for_former_areas view; 7: areas.area_label; 8: load_log.citation; 9: indicators.looks_back_months,
# indicator_comparison.looks_back_only_to and previous_looks_back_only_to, the formed_authorities view). The public
# views' columns of each version are in tests/fixtures/layout.txt, which a test compares with a fresh build
LAYOUT_VERSION = "9"
PUBLIC_VIEWS = (
    "areas",
    "indicators",
    "indicator_values",
    "ofsted_judgements",
    "ofsted_inspections",
    "ofsted_reconciliation",
    "ofsted_grade_scales",
    "statistical_neighbours",
    "load_log",
    "reconciliation",
    "population",
    "build_info",
    "revisions",
    "figures_for_former_areas",
    "formed_authorities",
    "indicator_comparison",  # the mart: a view on the tables etl/sql/marts.sql computes
    "build_losses",
)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()
    return int(rows[0][0]) if rows else 0


def views_present(con: duckdb.DuckDBPyConnection) -> Result:
    names = {r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal UNION SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
    ).fetchall()}
    missing = [v for v in PUBLIC_VIEWS if v not in names]
    return ("views_present", not missing, f"missing views: {missing}" if missing else "all public views present")


def values_unique(con: duckdb.DuckDBPyConnection) -> Result:
    """As many distinct 64-bit hashes of the keys as rows proves the keys unique (one cheap pass);
    otherwise the keys themselves are counted, so a hash collision never fails a build."""
    rows, hashes = con.execute("SELECT count(*), count(DISTINCT hash(indicator_id, time_period, area_code)) FROM indicator_values").fetchall()[0]
    n = 0 if rows == hashes else _count(
        con, "SELECT count(*) FROM (SELECT 1 FROM indicator_values GROUP BY indicator_id, time_period, area_code HAVING count(*) > 1)"
    )
    return ("values_unique", n == 0, f"{n} duplicated indicator, year and area keys")


def values_known_areas(con: duckdb.DuckDBPyConnection) -> Result:
    n = _count(con, "SELECT count(*) FROM indicator_values v ANTI JOIN areas a USING (area_code)")
    return ("values_known_areas", n == 0, f"{n} values for areas missing from areas")


def values_known_indicators(con: duckdb.DuckDBPyConnection) -> Result:
    n = _count(con, "SELECT count(*) FROM indicator_values v ANTI JOIN indicators i USING (indicator_id)")
    return ("values_known_indicators", n == 0, f"{n} values for indicators missing from the catalogue")


def suppression_consistent(con: duckdb.DuckDBPyConnection) -> Result:
    n = _count(con, "SELECT count(*) FROM indicator_values WHERE value IS NOT NULL AND suppression IS NOT NULL")
    return ("suppression_consistent", n == 0, f"{n} rows carry both a value and a suppression symbol")


def values_not_negative(con: duckdb.DuckDBPyConnection) -> Result:
    # the catalogue's own indicators; LAIT's progress scores and gaps are negative by design
    n = _count(con, "SELECT count(*) FROM warehouse.indicator_values WHERE value < 0")
    return ("values_not_negative", n == 0, f"{n} negative values")


def grades_valid(con: duckdb.DuckDBPyConnection) -> Result:
    n = _count(con, "SELECT count(*) FROM ofsted_judgements WHERE grade NOT BETWEEN 1 AND 4")
    return ("grades_valid", n == 0, f"{n} grades outside 1 to 4")


def neighbours_known(con: duckdb.DuckDBPyConnection) -> Result:
    n = _count(con, "SELECT count(*) FROM statistical_neighbours s ANTI JOIN areas a ON a.area_code = s.neighbour_code")
    return ("neighbours_known", n == 0, f"{n} neighbours missing from areas")


def comparison_complete(con: duckdb.DuckDBPyConnection) -> Result:
    """The indicator_comparison mart has exactly one row per indicator_values row: the same number
    of rows and the same keys, compared as a multiset by the sum of the keys' 64-bit hashes (one
    scan of each side instead of a set difference)."""
    fingerprint = "SELECT count(*), coalesce(sum(hash(indicator_id, time_period, area_code)::HUGEINT), 0) FROM {}"
    values = con.execute(fingerprint.format("indicator_values")).fetchall()[0]
    mart = con.execute(fingerprint.format("indicator_comparison")).fetchall()[0]
    if values[0] != mart[0]:
        return ("comparison_complete", False, f"indicator_comparison differs from indicator_values by {abs(values[0] - mart[0])} rows")
    if values[1] != mart[1]:
        return ("comparison_complete", False, "indicator_comparison has as many rows as indicator_values but not the same indicator, year and area keys")
    return ("comparison_complete", True, "one indicator_comparison row per indicator_values row")


def values_present(con: duckdb.DuckDBPyConnection) -> Result:
    n = _count(con, "SELECT count(value) FROM indicator_values")
    return ("values_present", n > 0, f"{n:,} indicator values" if n else "no indicator values at all: the build would publish nothing useful")


CHECKS: tuple[Callable[[duckdb.DuckDBPyConnection], Result], ...] = (
    views_present,
    values_unique,
    values_known_areas,
    values_known_indicators,
    suppression_consistent,
    values_not_negative,
    grades_valid,
    neighbours_known,
    comparison_complete,
    values_present,
)


def run_all(con: duckdb.DuckDBPyConnection) -> list[Result]:
    return [check(con) for check in CHECKS]

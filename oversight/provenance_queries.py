"""Where the figures came from: the build, the files it read and their releases (for citations),
the catalogue with its update dates, reconciliation between publications, suppressed values,
revisions between releases, and what `oversight status` prints. Each function is one SELECT on the
public views, as in `oversight/queries.py`."""

from __future__ import annotations

import duckdb
import polars as pl

from oversight.db import frame

Con = duckdb.DuckDBPyConnection


# --- the build and its files ---------------------------------------------------------------

def build_info(con: Con) -> dict:
    row = frame(con, "SELECT * FROM build_info")
    return row.row(0, named=True) if row.height else {}


def data_dates(con: Con) -> dict:
    """What the pages say the data is as at: the latest collection year of any headline indicator,
    the latest year of each year type among them (`periods`: year_type, topic, latest, one row per
    topic of each year type) and the Ofsted data's latest publication and inspection dates."""
    row = con.execute(
        """WITH latest AS (
               SELECT i.year_type, i.topic, max(max(v.time_period)) OVER (PARTITION BY i.year_type) AS latest
               FROM indicator_values v JOIN indicators i USING (indicator_id)
               WHERE i.headline AND v.value IS NOT NULL GROUP BY i.year_type, i.topic
           )
           SELECT (SELECT max(latest) FROM latest),
                  (SELECT list((year_type, topic, latest) ORDER BY year_type NULLS FIRST, topic) FROM latest),
                  (SELECT max(publication_date) FROM ofsted_judgements), (SELECT max(inspection_date) FROM ofsted_judgements)"""
    ).fetchall()[0]
    periods = [{"year_type": p[0], "topic": p[1], "latest": p[2]} for p in row[1] or []]
    return {"latest_year": row[0], "periods": periods, "ofsted_published": row[2], "ofsted_inspected": row[3]}


def freshness(con: Con) -> pl.DataFrame:
    return frame(
        con,
        """
        SELECT i.name AS indicator, max(v.time_period) AS latest_year, min(v.time_period) AS first_year
        FROM indicators i JOIN indicator_values v USING (indicator_id)
        WHERE v.value IS NOT NULL GROUP BY i.name, i.sort_order ORDER BY i.sort_order
        """,
    )


def load_log(con: Con) -> pl.DataFrame:
    """Each file the build read: its title, publisher, release as published and page (from the
    manifest of a shipped file), file name (the database keeps its full path), the years it covers,
    publication (the contract it was read as), rows, status, message and SHA-256."""
    return frame(con, "SELECT title, publisher, published_release, source_url, file, release AS years, publication, rows, status, message, sha256 "
                    "FROM load_log ORDER BY status, file")


def releases_of(con: Con, year: int) -> pl.DataFrame:
    """Each indicator's release for a year's figures, for a citation: indicator_id, `release` (the
    publisher, title and release of each file its figures came from, from the shipped files'
    manifest: "DfE: Children in need, table C1: referrals and re-referrals, reporting year 2025";
    the file's name where no manifest describes it) and `address` (their pages, separated by "; "). A rate computed from
    two files (a count and ONS's population) cites both."""
    return frame(
        con,
        """
        WITH files AS (
            SELECT DISTINCT indicator_id, string_split(source_file, ' + ') AS files
            FROM indicator_values WHERE time_period = ? AND value IS NOT NULL
        ),
        used AS (  -- each file once per indicator, at its first place (the count before the population)
            SELECT indicator_id, file, min(pos) AS pos
            FROM (SELECT indicator_id, unnest(files) AS file, generate_subscripts(files, 1) AS pos FROM files)
            GROUP BY ALL
        ),
        cited AS (
            SELECT u.indicator_id, u.pos, l.source_url,
                   row_number() OVER (PARTITION BY u.indicator_id, l.source_url ORDER BY u.pos) = 1 AS first_of_page,
                   coalesce(l.citation, u.file) AS release
            FROM used u JOIN load_log l ON l.file = u.file AND l.status = 'loaded'
        )
        SELECT indicator_id, string_agg(release, '; ' ORDER BY pos) AS release,
               string_agg(source_url, '; ' ORDER BY pos) FILTER (WHERE first_of_page) AS address
        FROM cited GROUP BY indicator_id
        """,
        [year],
    )


def ofsted_releases(con: Con) -> pl.DataFrame:
    """The official Ofsted files the build read, for a citation of a pack's judgements: title, `release`
    (publisher, title and release, as `releases_of` gives an indicator's), `address`, and for the earlier
    frameworks' file (`history`), which gives no inspection dates, the first and last year its judgements
    were published; the ILACS outcomes first."""
    return frame(
        con,
        """
        SELECT l.title, l.citation AS release, l.source_url AS address, l.publication = 'ofsted_history' AS history,
               year(min(j.publication_date)) AS first_year, year(max(j.publication_date)) AS last_year
        FROM load_log l LEFT JOIN ofsted_judgements j ON j.source_file = l.file
        WHERE l.status = 'loaded' AND l.publication IN ('ofsted_outcomes', 'ofsted_history') AND l.citation IS NOT NULL
        GROUP BY ALL
        ORDER BY history, l.title
        """,
    )


def reconciliation_summary(con: Con) -> pl.DataFrame:
    return frame(
        con,
        """
        SELECT indicator_id, other_source, count(*) AS compared,
               count(*) FILTER (WHERE NOT within_tolerance) AS beyond_rounding,
               max(difference) AS largest_difference, min(time_period) AS first_year, max(time_period) AS last_year
        FROM reconciliation GROUP BY 1, 2 ORDER BY 1
        """,
    )


def reconciliation_disagreements(con: Con) -> pl.DataFrame:
    """The figures another publication gives differently beyond rounding, the largest difference first (at most 500)."""
    return frame(
        con,
        """
        SELECT r.indicator_id, r.time_period, a.area_name, r.area_code, r.value, r.other_source, r.other_value, r.difference, r.tolerance
        FROM reconciliation r LEFT JOIN areas a USING (area_code) WHERE NOT r.within_tolerance
        ORDER BY r.difference DESC, r.indicator_id, r.time_period, a.area_name LIMIT 500
        """,
    )


def percentages_over_100(con: Con) -> pl.DataFrame:
    """Indicators measured in per cent (a unit starting "%") with figures over 100, most such figures
    first: a unit that may not be what the publisher's dictionary says, or a ratio that can pass 100."""
    return frame(
        con,
        """
        SELECT i.name, i.indicator_id, i.unit, i.decimals, count(*) AS figures_over_100, round(max(v.value), i.decimals) AS largest,
               arg_max(a.area_name, v.value) AS largest_in, arg_max(v.time_period, v.value) AS largest_year
        FROM indicator_values v JOIN indicators i USING (indicator_id) JOIN areas a USING (area_code)
        WHERE starts_with(i.unit, '%') AND v.value > 100
        GROUP BY i.name, i.indicator_id, i.unit, i.decimals ORDER BY figures_over_100 DESC, i.name
        """,
    )


def unit_corrections(con: Con) -> pl.DataFrame:
    """Indicators whose unit is not the one the publisher's dictionary gives (etl/reference/lait_unit_corrections.csv)."""
    return frame(con, "SELECT name, indicator_id, published_unit, unit FROM indicators WHERE published_unit IS NOT NULL ORDER BY name")


def suppression_counts(con: Con) -> pl.DataFrame:
    """Figures with no value, by indicator (its id and name), year and the publisher's symbol: how many,
    and the areas' names (regions and England included; a former authority as "Dorset (until 2019)"),
    alphabetically."""
    return frame(
        con,
        """
        SELECT v.indicator_id, i.name, v.time_period, v.suppression, count(*) AS values,
               string_agg(a.area_label, '; ' ORDER BY a.area_name) AS areas
        FROM indicator_values v JOIN areas a USING (area_code) JOIN indicators i USING (indicator_id) WHERE v.value IS NULL
        GROUP BY ALL ORDER BY v.indicator_id, v.time_period, v.suppression
        """,
    )


def warnings(con: Con) -> pl.DataFrame:
    """What the build warned about, by file name (or the step that warned) and message."""
    return frame(con, "SELECT file, message FROM build_warnings")


# --- figures revised between releases ---------------------------------------------------------

def revisions(con: Con) -> pl.DataFrame:
    """Figures an older release gives differently for a year the newest release also covers."""
    return frame(
        con,
        "SELECT indicator_id, time_period, area_code, old_value, new_value, old_release, new_release FROM revisions ORDER BY indicator_id, time_period, area_code, old_release",
    )


# --- what the database holds and where it came from (oversight status) ------------------------

def status_build(con: Con) -> pl.DataFrame:
    return frame(con, "SELECT build_id, built_at, sources, files_loaded, value_rows, warnings, version FROM build_info")


def status_indicators(con: Con) -> pl.DataFrame:
    return frame(
        con,
        "SELECT indicator_id, min(time_period) AS first_year, max(time_period) AS last_year, "
        "count(DISTINCT area_code) FILTER (WHERE value IS NOT NULL) AS areas FROM indicator_values GROUP BY 1 ORDER BY 1",
    )


def status_files(con: Con) -> pl.DataFrame:
    return frame(con, "SELECT path, publication, rows, status, sha256 FROM load_log ORDER BY path")


def status_disagreement_count(con: Con) -> int:
    return con.execute("SELECT count(*) FROM reconciliation WHERE NOT within_tolerance").fetchall()[0][0]


# --- losses accepted with --allow-loss -----------------------------------------------------------

def build_losses(con: Con) -> pl.DataFrame:
    """What this build, published with --allow-loss, holds less than the build it replaced."""
    return frame(con, "SELECT kind, publication, indicator_id, time_period, before, after FROM build_losses ORDER BY kind, publication, indicator_id, time_period")


# --- the catalogue with its update dates ---------------------------------------------------------

def catalogue_updates(con: Con) -> pl.DataFrame:
    """Every indicator with its outcome, methodology, last and next update and whether the next
    update date has passed (measured at today's date: it says whether this copy may be stale), and how
    far back it looks (looks_back_months)."""
    return frame(
        con,
        """
        SELECT i.indicator_id, i.name, i.outcome, i.topic, i.unit, i.polarity, i.decimals, i.headline, i.source, i.definition,
               i.methodology, i.lait_measure, i.year_type, i.no_quartile, i.last_update, i.next_update, i.update_note,
               coalesce(i.next_update < current_date, false) AS update_overdue, i.source_url, i.looks_back_months
        FROM indicators i LEFT JOIN outcomes o ON o.outcome = i.outcome
        ORDER BY o.sort_order NULLS LAST, i.sort_order
        """,
    )

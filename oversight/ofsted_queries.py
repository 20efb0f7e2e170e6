"""Read functions for the Ofsted history since 2009, the judgements in force on a date, and the map.

Each function is one SELECT over the public views (and the `ofsted_as_at` macro in
etl/sql/views.sql); grade wording comes from the warehouse, never from a dictionary here. `judgement`
is a grade in its framework's own words: SLAC's, CPI's, CPRI's and TLAC's grade 3 was "adequate", which
Ofsted's data restate as "Requires improvement to be good" (the warehouse's in_own_words macro).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from oversight.db import frame
from oversight.formatting import column_label, listing

Con = duckdb.DuckDBPyConnection
SERIES_START = dt.date(2009, 4, 1)
NOT_GRADED_VISIT = "not graded (a visit)"  # a focused or monitoring visit's judgement, in every table and pack alike
# beside a judgement, a later inspection whose overall grade the source does not give: "inspected again 27 April 2026, no overall grade yet"
NO_GRADE_YET = "no overall grade yet"
ILACS_ORDER = ("overall_effectiveness", "help_and_protection", "children_in_care", "care_leavers", "impact_of_leaders")  # as Ofsted's reports give them
# where the judgements come from, as the pictures, CSVs and report packs say it
OFFICIAL_SOURCE = "Ofsted, local authority inspection outcomes (official statistics)"
WITH_OVERVIEW = "Ofsted, local authority inspection outcomes (official statistics); inspections published since, from the data-to-insight ILACS overview of Ofsted's reports"


def source_of(unofficial: int) -> str:
    """The source of a set of judgements, `unofficial` of them not yet in the official statistics."""
    return WITH_OVERVIEW if unofficial else OFFICIAL_SOURCE


def counted_basis(con: Con, year: int) -> str:
    """How the judgements "as at 31 March" of a year are counted, after a comma: as Ofsted's own table
    for that date counts them where it is loaded (its 2023 table left out inspections of March 2023
    published in May, which its 2025 rule would count), else each authority's latest inspection
    carried out by then, whenever published, or published by then where a framework gives no inspection date
    (those before 2018)."""
    on = dt.date(year, 3, 31)
    loaded = con.execute("SELECT count(*) FROM ofsted_counted_at_31_march WHERE as_at = ?", [on]).fetchall()[0][0]
    if loaded:
        return "as Ofsted's own table for that date counts them"  # after the date: 'On 31 March 2025, as ...' said it twice
    # a framework before 2018 gives no inspection date: its judgement counts from its publication, and one carried out by then
    # but published after is not counted (Northumberland's SIF judgement, published 14 April 2016, in the 2016 pack)
    undated = con.execute("SELECT count(*) FROM ofsted_as_at(?::DATE, inspected := true) WHERE inspection_date IS NULL", [on]).fetchall()[0][0]
    return ("counting each authority's latest inspection carried out by then, whenever published"
            + (", or published by then for a framework before 2018, which gives no inspection date" if undated else "")
            + " (Ofsted's own table for that date is not loaded; its releases have drawn the line at different publication dates)")


SOON_AFTER_DAYS = 91  # about the weeks Ofsted took to publish a report of the frameworks before 2018


def published_soon_after(con: Con, on: dt.date) -> pl.DataFrame:
    """Judgements of the frameworks before 2018, which give no inspection date, published in the `SOON_AFTER_DAYS`
    after a date: counted from their publication, they are not counted at it, though their inspections may have
    been carried out by then (Northumberland's SIF judgement of Requires improvement to be good, published 14
    April 2016, left its Outstanding of 2012 counted at 31 March 2016): area_name, grade_label, publication_date."""
    return frame(con, """SELECT a.area_label AS area_name, i.grade_label, i.publication_date
                       FROM ofsted_inspections i JOIN local_authorities_on(?::DATE) a USING (area_code)
                       WHERE i.inspection_date IS NULL AND i.overall_grade IS NOT NULL AND i.framework <> 'LSCB review'
                         AND i.publication_date > ?::DATE AND i.publication_date <= ?::DATE + ?::INTEGER
                       ORDER BY i.publication_date, a.area_label""", [on, on, on, SOON_AFTER_DAYS])


def as_at(con: Con, on: dt.date, inspected: bool = False) -> pl.DataFrame:
    """Each LA's latest overall judgement in force on a date, across frameworks (one row per LA that
    existed); with `inspected`, its latest inspection carried out by the date, as Ofsted's statistics count.
    A former authority is named as the pickers name it (`area_name`: "Dorset (until 2019)")."""
    return frame(con, """SELECT o.* REPLACE (a.area_label AS area_name), in_own_words(o.framework, o.overall_grade, o.grade_label) AS judgement
                       FROM ofsted_as_at(?::DATE, inspected := ?) o JOIN areas a USING (area_code) ORDER BY a.area_label""",
               [on, inspected])


def counts_on(con: Con, on: dt.date, not_inspected: str, inspected: bool = False) -> pl.DataFrame:
    """The local authorities as they stood on a date by the judgement in force then, in its
    framework's own words (an adequate of 2012 is not a requires improvement): judgement, grade,
    count; best grade first, the authorities not yet inspected (`not_inspected`) last."""
    return frame(
        con,
        """
        SELECT coalesce(in_own_words(g.framework, g.overall_grade, g.grade_label), ?) AS judgement, g.overall_grade AS grade, count(*)::INTEGER AS count
        FROM local_authorities_on(?::DATE) a LEFT JOIN ofsted_as_at(?::DATE, inspected := ?) g USING (area_code)
        GROUP BY ALL ORDER BY grade NULLS LAST, judgement
        """,
        [not_inspected, on, on, inspected],
    )


def inspections(con: Con, area_code: str | None = None) -> pl.DataFrame:
    """Every inspection and visit since 2009, with the LA's name and the grade in its framework's words
    (`judgement`); newest first."""
    return frame(
        con,
        """
        -- a former authority as the pickers name it: the county council of before 2019 read "Dorset", as today's council does
        SELECT i.area_code, a.area_label AS area_name, a.region_name,
               i.framework, i.inspection_type, i.inspection_date,
               i.publication_date, i.overall_grade, i.grade_label, i.visit_theme, i.official, i.status_note,
               i.scale_note, i.source_file, in_own_words(i.framework, i.overall_grade, i.grade_label) AS judgement
        FROM ofsted_inspections i JOIN areas a USING (area_code)
        WHERE ? IS NULL OR i.area_code = ?
        ORDER BY i.publication_date DESC, a.area_name, i.framework
        """,
        [area_code, area_code],
    )


def judgement_shown() -> pl.Expr:
    """`judgement` as a table shows it: where there is none, why ("not graded (a visit)" for focused and
    monitoring visits, "no grade in the source" for an inspection published without one, such as
    Brent's and Somerset's of 27 April 2026 in the overview, or Cornwall's SLAC re-inspection of 2011)."""
    why = pl.when(pl.col("framework").str.ends_with("visit")).then(pl.lit(NOT_GRADED_VISIT)).otherwise(pl.lit("no grade in the source"))
    return pl.col("judgement").fill_null(why)


def in_force_sentence(r: dict, lead: str | None = None) -> str:
    """An authority's judgement in force, as a row of `queries.ofsted_current` gives it, in one
    sentence after `lead` (the authority's name): grade, framework, dates and the grade before; a
    judgement not yet in Ofsted's official statistics says so, and a later inspection published
    without a grade is named."""
    inspected = f"inspected {r['inspection_date']:%-d %B %Y}, " if r["inspection_date"] else ""
    judged = (f"{r['grade_label']} ({r['framework']}, {inspected}published {r['publication_date']:%-d %B %Y})"
              + (f", after {r['previous_grade_label']}" if r["previous_grade_label"] else "") if r["framework"] else r["grade_label"])
    unofficial = " Not yet in Ofsted's official statistics: from the third-party overview of its reports." if r["framework"] and r["official"] is False else ""
    later = f" Inspected again on {r['ungraded_since']:%-d %B %Y}, with no overall effectiveness grade in the source yet{ungraded_parts(r)}." if r["ungraded_since"] else ""
    return f"{lead or r['area_name']}: {judged}.{unofficial}{later}"


LONGEST_SHOWN = 5  # the authorities a sentence names, longest since a graded inspection first
SINCE_YEARS = 3  # about the span of ILACS's cycle: counted, never called overdue


def longest_first(current: pl.DataFrame) -> pl.DataFrame:
    """`queries.ofsted_current`'s rows, the longest since a graded inspection first: by the date the
    years are counted from (they are rounded), never inspected at the top."""
    return current.sort(pl.coalesce("inspection_date", "publication_date"), "area_name", nulls_last=False)


def longest_since(current: pl.DataFrame) -> str:
    """How many authorities' last graded inspection was `SINCE_YEARS` or more years before the latest
    publication loaded (by date), and the longest, as the table of every authority gives them (its order, its
    years to one decimal, and its note of a later inspection without a grade): the page opens with this
    sentence and draws the table of all 153 on request."""
    if current.is_empty() or current["as_at"][0] is None or current["years_since_inspection"].is_null().all():  # no Ofsted file loaded
        return ""
    ordered = longest_first(current)
    never = ordered.filter(pl.col("years_since_inspection").is_null()).height
    longest = []
    for r in ordered.filter(pl.col("years_since_inspection").is_not_null()).head(LONGEST_SHOWN).iter_rows(named=True):
        again = f", inspected again {r['ungraded_since']:%-d %B %Y} with {NO_GRADE_YET}" if r["ungraded_since"] else ""
        longest.append(f"{r['area_name']} {r['years_since_inspection']:.1f} years ({r['grade_label']}, inspected {r['inspection_date']:%-d %B %Y}{again})"
                       if r["inspection_date"] else f"{r['area_name']} {r['years_since_inspection']:.1f} years ({r['grade_label']})")
    # counted by the dates, not the rounded years: Essex's 2.98 years reads 3.0 in the table and is not 3 years
    as_at = current["as_at"][0]
    cut = dt.date(as_at.year - SINCE_YEARS, as_at.month, 28 if (as_at.month, as_at.day) == (2, 29) else as_at.day)  # 29 February: the 28th
    many = current.filter(pl.coalesce("inspection_date", "publication_date") <= cut).height
    return (f"{many} of the {current.height} authorities had their last graded inspection {SINCE_YEARS} years or more before "
            f"{as_at:%-d %B %Y} (on or before {cut:%-d %B %Y}). " + (f"{never} {'has' if never == 1 else 'have'} none. " if never else "")
            + f"The longest since: {listing(longest)}.")


def ungraded_parts(r: dict) -> str:
    """The judgements the source gives for a later inspection it has no overall grade for, by grade in
    Ofsted's report order: "; its other judgements: Requires improvement to be good (help and protection,
    children in care, impact of leaders), Good (care leavers)" (Somerset's of 27 April 2026 had read
    "with no grade in the source yet", its three Requires improvement unsaid)."""
    parts = sorted(r.get("ungraded_judgements") or [], key=lambda p: ILACS_ORDER.index(p["judgement"]) if p["judgement"] in ILACS_ORDER else len(ILACS_ORDER))
    grades = list(dict.fromkeys(p["grade_label"] for p in parts))
    said = [f"{g} ({', '.join(column_label(p['judgement']).lower() for p in parts if p['grade_label'] == g)})" for g in grades]
    return f"; its other judgements: {', '.join(said)}" if said else ""


def _inspected_again(current: pl.DataFrame) -> pl.DataFrame:
    """The authorities inspected again since the judgement counted, with no overall grade in the source yet, by name."""
    return current.filter(pl.col("ungraded_since").is_not_null()).sort("area_name")


def regraded_note(current: pl.DataFrame) -> str:
    """The authorities counted by a judgement that a later inspection, published without a grade in
    the source yet, may have replaced (rows of `queries.ofsted_current`), said beside the counts:
    Brent's and Somerset's short inspections of 27 April 2026 had left them counted as before, unsaid."""
    again = _inspected_again(current)
    if again.is_empty():
        return ""
    one = again.height == 1
    named = listing([f"{r['area_name']} ({r['grade_label']}, inspected again {r['ungraded_since']:%-d %B %Y})" for r in again.iter_rows(named=True)])
    return (f"{again.height} {'authority was' if one else 'authorities were'} inspected again with no overall effectiveness grade in the source yet, and "
            f"{'is' if one else 'are'} counted by the judgement before: {named}.")


def regraded_context(current: pl.DataFrame) -> dict[str, str]:
    """`regraded_note` as a line of a download's context (its CSV's columns, its picture's lines under the title): the
    national page's chart of judgements, saved as a picture or CSV, had counted Brent and Somerset by their earlier Good
    with nothing said."""
    again = _inspected_again(current)
    if again.is_empty():
        return {}
    named = listing([f"{r['area_name']} ({r['ungraded_since']:%-d %B %Y})" for r in again.iter_rows(named=True)])
    return {f"Inspected again, {NO_GRADE_YET}": f"{named}, counted by {'its judgement' if again.height == 1 else 'their judgements'} before"}


def official_shown() -> pl.Expr:
    """`official` as a table shows it: "yes", or "not yet" for a judgement from the third-party overview
    (empty where there is no judgement)."""
    return pl.when(pl.col("official")).then(pl.lit("yes")).when(pl.col("official").not_()).then(pl.lit("not yet")).alias("official")


def good_or_outstanding_series(con: Con, end: dt.date | None = None, start: dt.date = SERIES_START) -> pl.DataFrame:
    """At the end of each month from 2009 to `end` (by default the latest Ofsted publication loaded,
    the series' last month ending on it): LAs judged, how many good or outstanding, the frameworks in
    force, and whether at least half as many LAs had been judged as at the series' most (SLAC began
    in 2009 with 2 LAs judged, none good: a share of so few is not England's)."""
    return frame(
        con,
        """
        WITH last AS (SELECT coalesce(?::DATE, (SELECT max(publication_date) FROM ofsted_inspections)) AS d),
        months AS (
            SELECT least((m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE, last.d) AS on_date
            FROM last, generate_series(date_trunc('month', ?::DATE), last.d, INTERVAL 1 MONTH) t(m)
        ),
        graded AS (
            SELECT d.on_date, i.area_code, i.overall_grade, i.framework, i.official,
                   row_number() OVER (PARTITION BY d.on_date, i.area_code
                                      ORDER BY i.publication_date DESC, i.official DESC, i.inspection_date DESC NULLS LAST) AS n
            FROM months d JOIN ofsted_inspections i ON i.publication_date <= d.on_date
            JOIN areas a ON a.area_code = i.area_code
            WHERE i.overall_grade IS NOT NULL AND i.framework <> 'LSCB review'
              AND (a.is_current OR d.on_date <= make_date(a.last_year, 3, 31))
        )
        SELECT on_date, count(*) AS judged,
               count(*) FILTER (WHERE overall_grade <= 2) AS good_or_outstanding,
               round(100.0 * count(*) FILTER (WHERE overall_grade <= 2) / count(*), 1) AS pct_good_or_outstanding,
               count(*) FILTER (WHERE NOT official) AS not_yet_official,
               mode(framework) AS main_framework,
               count(*) * 2 >= max(count(*)) OVER () AS at_least_half_judged
        FROM graded WHERE n = 1
        GROUP BY on_date ORDER BY on_date
        """,
        [end, start],
    )


def framework_breaks(con: Con) -> pl.DataFrame:
    """When each framework's first report was published: SLAC, SIF and ILACS (the breaks in the series)."""
    return frame(
        con,
        """
        SELECT CASE WHEN framework LIKE 'ILACS%' THEN 'ILACS' ELSE framework END AS framework,
               min(publication_date) AS first_published
        FROM ofsted_inspections
        WHERE framework IN ('SLAC', 'SIF', 'ILACS standard', 'ILACS short') AND official
        GROUP BY 1 ORDER BY 2
        """,
    )


def reconciliation(con: Con) -> pl.DataFrame:
    """The third-party overview against the official files, one row per overview inspection."""
    return frame(
        con,
        """
        SELECT r.area_code, a.area_name, r.status, r.inspection_date, r.publication_date, r.overview_grade_label,
               r.official_inspection_date, r.official_publication_date, r.official_grade_label, r.official_source, r.overview_source
        FROM ofsted_reconciliation r JOIN areas a USING (area_code)
        ORDER BY r.status, a.area_name
        """,
    )


def earlier_judgements(con: Con, area_code: str) -> pl.DataFrame:
    """One LA's judgements beside overall effectiveness under the frameworks before ILACS (SLAC's
    looked after children; SIF's help and protection, children looked after, adoption, care
    leavers and leadership), one row per judgement (`aspect`), in the framework's own words (`judgement`)."""
    return frame(
        con,
        """
        SELECT framework, publication_date, judgement AS aspect, in_own_words(framework, grade, grade_label) AS judgement
        FROM ofsted_judgements
        WHERE area_code = ? AND framework NOT IN ('ILACS standard', 'ILACS short') AND judgement <> 'overall_effectiveness'
        ORDER BY publication_date, aspect
        """,
        [area_code],
    )


def grade_scales(con: Con) -> pl.DataFrame:
    return frame(con, "SELECT framework, scale_note FROM ofsted_grade_scales")


def visits_listed(con: Con) -> tuple[dt.date | None, dt.date | None]:
    """The first and last dates of the focused and monitoring visits loaded (their inspection date, or
    publication where none is given): only one file lists visits, for about a year."""
    return con.execute(
        "SELECT min(coalesce(inspection_date, publication_date)), max(coalesce(inspection_date, publication_date)) FROM ofsted_inspections WHERE ends_with(framework, 'visit')"
    ).fetchall()[0]


def timeline(con: Con, area_code: str) -> pl.DataFrame:
    """One LA's inspections and visits since 2009, oldest first, each with the grade in its framework's
    words (`judgement`) and its sub-judgements, also in its framework's words (`|`-separated text), for the profile;
    `inspection`, what to call it: its framework, or its type where two of one framework were published the same day
    (Cornwall's SLAC re-inspections of safeguarding and of services for looked after children, 25 February 2011, had
    read as one inspection listed twice, both with the looked-after children's sub-judgement)."""
    return frame(
        con,
        """
        WITH subs AS (
            SELECT area_code, framework, inspection_type, publication_date, official,
                   string_agg(replace(judgement, '_', ' ') || ': ' || in_own_words(framework, grade, grade_label), ' | ' ORDER BY judgement) AS sub_judgements
            FROM ofsted_judgements WHERE judgement <> 'overall_effectiveness' AND area_code = ?
            GROUP BY ALL
        )
        , listed AS (
            SELECT i.publication_date, i.inspection_date, i.framework, i.inspection_type, i.overall_grade,
                   coalesce(i.grade_label, CASE WHEN i.framework IN ('focused visit', 'monitoring visit') THEN 'not graded (' || coalesce(i.visit_theme, 'visit') || ')' END) AS grade_label,
                   s.sub_judgements, i.official, i.status_note, i.scale_note, i.source_file,
                   CASE WHEN count(*) OVER (PARTITION BY i.framework, i.publication_date) > 1 THEN i.inspection_type ELSE i.framework END AS inspection
            FROM ofsted_inspections i
            LEFT JOIN subs s ON s.area_code = i.area_code AND s.framework = i.framework AND s.inspection_type IS NOT DISTINCT FROM i.inspection_type
                            AND s.publication_date = i.publication_date AND s.official = i.official
            WHERE i.area_code = ?
        )
        SELECT *, in_own_words(framework, overall_grade, grade_label) AS judgement FROM listed
        ORDER BY publication_date, framework, inspection_type
        """,
        [area_code, area_code],
    )

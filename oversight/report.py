"""The chief adviser's annual report pack: workbook, charts (PNG and SVG), HTML and PDF.

Every figure in the narrative comes from the warehouse through the query layer; each sentence
keeps the figures it quotes so tests can read them back.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from oversight import charts, flags, maps, plain_html
from oversight import ofsted_queries as oq
from oversight import provenance_queries as pq
from oversight import queries as q
from oversight.exports import fit_column, safe_cell
from oversight.formatting import (
    SYMBOLS_IN_A_KEY,
    excel,
    in_sentence,
    listing,
    newer_release_text,
    number,
    other_periods,
    period_text,
    periods_sentence,
    suppressed,
    turning_points,
    with_unit,
)
from oversight.queries import Con

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
PACK_TITLE = "Safeguarding oversight: annual report tables {year}"


@dataclass
class Sentence:
    text: str
    facts: dict[str, float] = field(default_factory=dict)


@dataclass
class Pack:
    year: int
    tables: dict[str, pl.DataFrame]
    charts: dict[str, tuple[alt.TopLevelMixin, str]]
    narrative: list[Sentence]
    formats: dict[str, dict[str, int]]  # sheet -> column -> decimals (from the catalogue)
    row_formats: dict[str, list[int]] = field(default_factory=dict)  # sheet -> decimals of each row (one indicator a row)
    # sheet -> each empty figure's mark, row for row with the table: the publisher's symbol, or
    # NOT_PUBLISHED; the printed pack shows it in the cell (the workbook keeps figures numbers and
    # says why in its last column, REASONS)
    marks: dict[str, pl.DataFrame] = field(default_factory=dict)
    title: str = ""  # what the workbook's About sheet and the printed pack are headed with
    subtitles: dict[str, list[str]] = field(default_factory=dict)  # a chart's lines under its title where OFSTED_SOURCES' do not fit the year


REASONS = "No figure because"
NOT_PUBLISHED = ".."  # a printed cell with nothing published for that area and year (not the publisher's "-")


_england = q.england_value


def _change(now: float, before: float | None) -> str:
    if before in (None, 0):
        return ""
    pct = (now - before) / before * 100
    if abs(pct) < 0.05:
        return ", unchanged on the previous year"
    return f", {'up' if pct > 0 else 'down'} {abs(pct):.1f}% on the previous year"


def narrative(con: Con, year: int, flagged: pl.DataFrame, latest_ofsted: pl.DataFrame) -> list[Sentence]:
    out: list[Sentence] = []
    catalogue = {r["indicator_id"]: r for r in q.indicators(con).iter_rows(named=True)}

    def fig(indicator: str, value: float) -> str:  # a figure with the catalogue's decimals and unit
        return number(value, catalogue[indicator]["decimals"], catalogue[indicator]["unit"])

    ref, ref_prev = _england(con, "referrals_count", year), _england(con, "referrals_count", year - 1)
    if ref is not None:
        out.append(Sentence(f"In the year to 31 March {year} there were {fig('referrals_count', ref)} referrals{_change(ref, ref_prev)}.", {"referrals_count": ref}))
    def before(indicator: str, value: float | None) -> str:  # the year before's figure, with its period: "(22.4% in the year to 31 March 2024)"
        return f" ({fig(indicator, value)} {period_text(catalogue[indicator]['year_type'], year - 1)})" if value is not None else ""

    rr, rr_prev = _england(con, "rereferrals_pct", year), _england(con, "rereferrals_pct", year - 1)
    if rr is not None:
        out.append(Sentence(f"{fig('rereferrals_pct', rr)} of referrals {period_text(catalogue['rereferrals_pct']['year_type'], year)} "
                            f"were re-referrals within 12 months{before('rereferrals_pct', rr_prev)}.", {"rereferrals_pct": rr}))
    at, at_prev = _england(con, "assessments_45_days_pct", year), _england(con, "assessments_45_days_pct", year - 1)
    if at is not None:  # with its period and the year before, as re-referrals: "85.7% of assessments were completed..." had neither
        out.append(Sentence(f"{fig('assessments_45_days_pct', at)} of assessments {period_text(catalogue['assessments_45_days_pct']['year_type'], year)} "
                            f"were completed within 45 working days{before('assessments_45_days_pct', at_prev)}.", {"assessments_45_days_pct": at}))
    # the counts and the caseload with the year before, as the rates have it (a report writer found them without)
    def both_before(a: str, b: str) -> str:  # " (399,460 and 49,900 on 31 March 2024)": two figures at 31 March of the year before
        pa, pb = _england(con, a, year - 1), _england(con, b, year - 1)
        return f" ({fig(a, pa)} and {fig(b, pb)} on 31 March {year - 1})" if pa is not None and pb is not None else ""

    cin, cpp = _england(con, "cin_count", year), _england(con, "cpp_count", year)
    if cin is not None and cpp is not None:
        out.append(Sentence(f"On 31 March {year}, {fig('cin_count', cin)} children were in need and {fig('cpp_count', cpp)} were the subject of a child "
                            f"protection plan{both_before('cin_count', 'cpp_count')}.", {"cin_count": cin, "cpp_count": cpp}))
    cla, rate = _england(con, "cla_count", year), _england(con, "cla_rate_per_10k", year)
    if cla is not None and rate is not None:
        prev = both_before("cla_count", "cla_rate_per_10k")
        out.append(Sentence(f"{fig('cla_count', cla)} children were looked after on 31 March {year}, {fig('cla_rate_per_10k', rate)} per 10,000 children{prev}.",
                            {"cla_count": cla, "cla_rate_per_10k": rate}))
    cl = _england(con, "sw_caseload", year)
    if cl is not None:
        # per social worker holding cases, as the measure is defined ("per full-time equivalent social worker" read as all of them),
        # at its date ("the 2025 workforce collection" was jargon)
        at = period_text(catalogue["sw_caseload"]["year_type"], year)  # "at 30 September 2025", from its year type
        out.append(Sentence(f"The average social worker caseload was {fig('sw_caseload', cl)} cases per full-time equivalent children and family "
                            f"social worker holding cases, {at}{before('sw_caseload', _england(con, 'sw_caseload', year - 1))}.", {"sw_caseload": cl}))
    judged = latest_ofsted.filter(pl.col("grade").is_not_null())
    by_grade = dict(judged.group_by("grade").len().iter_rows())
    # grade 3 was "adequate" in the frameworks before November 2013, as the judgements in force in earlier years' packs say
    before_ri = judged.filter((pl.col("grade") == 3) & (pl.coalesce("inspection_date", "publication_date") < dt.date(2013, 11, 1))).height
    adequate = f" ({before_ri} of them adequate, as frameworks before November 2013 named grade 3)" if before_ri else ""
    inadequate = judged.filter(pl.col("grade") == 4).height
    good_or_better = judged.filter(pl.col("grade") <= 2).height
    unofficial = judged.filter(~pl.col("official")).height
    frameworks = ", ".join(sorted(judged["framework"].unique().to_list()))
    note = ""
    if unofficial:
        one = unofficial == 1
        note = f"; {unofficial} of these judgements {'was' if one else 'were'} published by Ofsted later and {'is' if one else 'are'} not yet in its official statistics"
    # inspections carried out by then whose reports came after Ofsted's table for the date: named, not counted
    left_out = judged.filter(pl.col("later_inspection_date").is_not_null()).sort("area_name")
    if left_out.height:
        note += (f"; {left_out.height if left_out.height > 1 else 'one'} inspection{'s' if left_out.height > 1 else ''} carried out by then, published after Ofsted's table, "
                 f"{'are' if left_out.height > 1 else 'is'} not counted: " + listing([f"{r['area_name']} ({r['later_grade_label']}, published {r['later_publication_date']:%-d %B %Y})"
                                                                                     for r in left_out.iter_rows(named=True)]))
    # judgements of the frameworks before 2018, which give no inspection date, published soon after the date: possibly
    # carried out by then, but not counted (the 2016 pack counted Northumberland's Outstanding of 2012, its SIF
    # Requires improvement to be good published on 14 April 2016 unsaid)
    soon = oq.published_soon_after(con, dt.date(year, 3, 31))
    if soon.height:
        note += (f"; {soon.height} judgement{'s' if soon.height > 1 else ''} of those frameworks published in the {oq.SOON_AFTER_DAYS} days after, of "
                 f"inspection{'s' if soon.height > 1 else ''} that may have been carried out by then, {'are' if soon.height > 1 else 'is'} not counted: "
                 + listing([f"{r['area_name']} ({r['grade_label']}, published {r['publication_date']:%-d %B %Y})" for r in soon.iter_rows(named=True)]))
    # of England's authorities on the date, those with no judgement yet: "151 had a judgement" had read as every one of them
    unjudged = latest_ofsted.filter(pl.col("grade").is_null()).sort("area_name")["area_name"].to_list()
    of_all = f" of the {latest_ofsted.height} in England" if unjudged else ""
    if unjudged:
        note += f"; {listing(unjudged)} had no judgement yet"
    out.append(Sentence(
        f"On 31 March {year}, {oq.counted_basis(con, year)}, "
        f"{judged.height} local authorities{of_all} had an Ofsted judgement ({frameworks}): "
        # the four grades, as a report to Parliament gives them: "103 good or outstanding and 19 inadequate" had left 31 unsaid
        f"{good_or_better} were judged good or outstanding overall ({by_grade.get(1, 0)} outstanding, {by_grade.get(2, 0)} good), "
        f"{by_grade.get(3, 0)} were judged requires improvement to be good{adequate} and {inadequate} inadequate{note}.",
        {"ofsted_inspected": judged.height, "ofsted_good_or_better": good_or_better, "ofsted_inadequate": inadequate},
    ))
    # the workforce's three rates of the year, with the change on the year before, as the caseload is given above
    rates = [(i, _england(con, i, year), _england(con, i, year - 1)) for i in ("sw_turnover_pct", "sw_agency_pct", "sw_vacancy_pct") if i in catalogue]
    if rates and all(now is not None for _, now, _ in rates):
        words = {"sw_turnover_pct": "turnover was", "sw_agency_pct": "the agency worker rate was", "sw_vacancy_pct": "the vacancy rate was"}

        def said(i: str, now: float, before: float | None) -> str:
            return f"{words[i]} {fig(i, now)}" + (f" ({fig(i, before)} a year before)" if before is not None else "")
        # each rate with its own period: "at 30 September 2025: turnover ..., agency workers ..." read turnover as at a date
        by_period: dict[str | None, list[tuple[str, float, float | None]]] = {}
        for r in rates:
            by_period.setdefault(catalogue[r[0]]["year_type"], []).append(r)
        parts = [f"{period_text(t, year)}, {listing([said(*r) for r in rs])}" for t, rs in by_period.items()]
        # a sentence, where "England's children's social workers: in the year to ..., turnover 11.8%" was a heading with figures
        out.append(Sentence(f"Among England's children's social workers, {'; and '.join(parts)}.", {i: now for i, now, _ in rates}))
    n = flagged["area_code"].n_unique()
    high = flagged.filter(pl.col("severity") == "high")["area_code"].n_unique()
    out.append(Sentence(
        # the judgements on the basis of the Ofsted sentence before it: the flags had read those published by then (York's
        # 2022 Requires improvement, where the sentence counted its Outstanding inspection of February 2025)
        # the Ofsted sentence named, not "the sentence before": the workforce's came between them
        f"Counting figures up to the {year} collection and the Ofsted judgements on 31 March {year} as the Ofsted sentence above counts them, "
        # the dashboard's own flags, about the authorities: "70 local authorities raised at least one" read as the councils raising them
        f"this dashboard's early-warning rules raised at least one flag for {n} local authorities, {high} of them on a rule of high severity "
        f"(the watchlist shows the flags on the latest figures and every judgement published since).",
        {"flagged_las": n, "high_severity_las": high},
    ))
    out.append(Sentence(periods_sentence(q.headline_periods(con, year), year)))
    return out


def summary(con: Con, year: int) -> list[str]:
    """The narrative sentences alone (what the report page shows before a pack is built)."""
    return [s.text for s in narrative(con, year, flags.flagged(con, year), q.ofsted_current(con, _as_at(year), inspected=True))]


def _as_at(year: int) -> dt.date:
    """The report's date: 31 March of its year (Ofsted judgements in force then)."""
    return dt.date(year, 3, 31)


def _headings(inds: pl.DataFrame) -> pl.DataFrame:
    """The headline indicators, each with the heading its column carries: its name and unit."""
    heads = inds.filter(pl.col("headline"))
    return heads.with_columns(pl.Series("heading", [with_unit(n, u) for n, u in heads.select("name", "unit").iter_rows()], dtype=pl.String))


def _wide(df: pl.DataFrame, inds: pl.DataFrame, index: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows per area, one column per headline indicator (its name and unit), and last a column saying
    why each empty cell of the row has no figure ("Re-referrals within 12 months (%): suppressed (c)"),
    in the publisher's words, or "not available" where it published nothing; and, row for row, each
    empty cell's mark (the publisher's symbol, or NOT_PUBLISHED)."""
    heads = _headings(inds)
    df = df.filter(pl.col("indicator_id").is_in(heads["indicator_id"].to_list())).join(heads.select("indicator_id", "heading"), on="indicator_id")
    columns = [n for n in heads["heading"] if n in df["heading"].unique()]
    wide = df.pivot(on="heading", index=index, values="value").select(index + columns)
    marks = marks_of(df, wide, "heading", index)
    words = {s: suppressed(s) for s in df["suppression"].drop_nulls().unique()} | {NOT_PUBLISHED: suppressed(None)}
    why = pl.concat_str([pl.when(marks[c].is_not_null()).then(pl.lit(f"{c}: ") + marks[c].replace_strict(words)) for c in columns], separator="; ", ignore_nulls=True)
    return wide.with_columns(why.fill_null("").alias(REASONS)), marks


def marks_of(long: pl.DataFrame, wide: pl.DataFrame, on: str, index: list[str]) -> pl.DataFrame:
    """Each empty figure's mark, row for row and column for column with `wide` (the values of `long`,
    a frame of value and suppression, pivoted on `on` over `index`): the publisher's symbol, or
    NOT_PUBLISHED where there is neither a figure nor a symbol, or no row at all; null beside a figure."""
    marked = long.with_columns(pl.when(pl.col("value").is_null()).then(pl.col("suppression").fill_null(NOT_PUBLISHED)).alias("_mark"))
    pivot = marked.pivot(on=on, index=index, values="_mark", aggregate_function="first")
    aligned = wide.select(index).join(pivot, on=index, how="left", nulls_equal=True, maintain_order="left")
    return aligned.select(*index, *(pl.when(wide[c].is_null()).then(pl.col(c).fill_null(NOT_PUBLISHED)).alias(c) for c in wide.columns if c not in index))


def _marks_of(table: pl.DataFrame, marks: pl.DataFrame) -> pl.DataFrame:
    """The marks row for row with a finished table (its rows keyed by "ONS code")."""
    return table.select("ONS code").join(marks.rename({"area_code": "ONS code"}).drop("area_name", "region_name", strict=False),
                                         on="ONS code", how="left", maintain_order="left")


# a chart of the regions for each of these, as the file it is written to
BY_REGION = {"referrals_rate_per_10k": "referrals_by_region", "cin_rate_per_10k": "cin_by_region",
             "cpp_rate_per_10k": "cpp_by_region", "cla_rate_per_10k": "cla_by_region"}


# the pack's abbreviations and terms, for a reader of a report to Parliament who meets them in its summary and sheets
TERMS_NOTE = ("Terms: ILACS is Ofsted's inspection of local authority children's services, since 2018, as a standard or a short inspection; "
              "before it, the single inspection framework (SIF, 2013 to 2018) and, from 2009, inspections of safeguarding and looked after "
              "children's services (SLAC), of child protection (CPI) and of looked after children (TLAC); an LSCB was a local safeguarding "
              "children board. SN: statistical neighbours, the authorities most like one in DfE's statistical neighbour model. FTE: full-time "
              "equivalent. A section 47 enquiry is a council's enquiry, under section 47 of the Children Act 1989, into whether a child is "
              "suffering, or likely to suffer, significant harm. An early-warning flag is one of this dashboard's rules (listed on its watchlist "
              "page) finding a figure or judgement that calls for a closer look; its severity, high, medium or low, is the rule's.")
# the ILACS sheet's columns are calendar years, where every other year in the pack ends on 31 March or 30 September
ILACS_YEARS_NOTE = ("ILACS inspections by year: each inspection is counted in the calendar year, January to December, it was carried out; "
                    "a year Ofsted's file covers only in part is labelled with the last day it covers.")
REGION_PARTS_NOTE = ("Regions: Inner London and Outer London, listed with the regions as DfE publishes them, are the two parts "
                     "of London, not regions beside it; England is the nine regions from North East to South West.")


def sources(cited: pl.DataFrame, year: int, releases: pl.DataFrame) -> pl.DataFrame:
    """Each indicator cited (the headline ones, and those the summary quotes): its unit, the date or period
    its figures are for, its source, and for a citation the release its figures for the year came from and
    that release's page (`queries.releases_of`); "no figure for YEAR loaded" for an indicator with none that year."""
    return cited.join(releases, on="indicator_id", how="left", maintain_order="left").select(
        pl.col("name").alias("Indicator"), pl.col("unit").alias("Unit"),
        pl.col("year_type").map_elements(lambda t: period_text(t, year, preposition=False), return_dtype=pl.String).alias(_period_heading(year)),
        pl.col("source").alias("Source"),
        pl.col("release").fill_null(f"no figure for {year} loaded").alias("Release"), pl.col("address").fill_null("").alias("Address"),
    )


def _period_heading(year: int) -> str:
    """The Sources table's heading over each row's period."""
    return f"Figures for {year} are for"


def with_ofsted_sources(table: pl.DataFrame, ofsted: pl.DataFrame, year: int) -> pl.DataFrame:
    """The Sources table with a row for each official Ofsted file the pack's judgements come from
    (`queries.ofsted_releases`): the judgements had no source in the pack, its summary's counts none. The
    ILACS outcomes are as at 31 March; the earlier frameworks' file gives the years its judgements were
    published (it had read "31 March 2025" for judgements published from 2009 to 2018)."""
    rows = ofsted.select(
        pl.lit("Ofsted judgements").alias("Indicator"), pl.lit("local authorities").alias("Unit"),
        pl.when(pl.col("history")).then(pl.format("judgements published {} to {}", "first_year", "last_year"))
        .otherwise(pl.lit(f"31 March {year}")).alias(_period_heading(year)), pl.col("title").alias("Source"), pl.col("release").alias("Release"),
        pl.col("address").fill_null("").alias("Address"),
    )
    return pl.concat([table, rows], how="vertical_relaxed")


def notes(heads: pl.DataFrame, year: int, shared: pl.DataFrame | None = None, recoded: pl.DataFrame | None = None,
          ilacs_by_year: bool = True) -> pl.DataFrame:
    """What a reader of the tables needs to know that no cell says: London's parts, the pack's terms,
    figures published for several authorities together (`queries.shared_in_year`), which figures
    are for a date other than 31 March, and the authorities given by a code ONS gave them since
    (`recoded`: area_name, area_code, earlier_codes; North Yorkshire's E06000065, beside its 2019 figures,
    had not joined to ONS's or DfE's files of 2019, which give E10000023). The note on the ILACS inspections by
    year only where the pack has them (`ilacs_by_year`: none before ILACS's first inspections, in 2018)."""
    said = [REGION_PARTS_NOTE, TERMS_NOTE] + ([ILACS_YEARS_NOTE] if ilacs_by_year else [])
    if recoded is not None and recoded.height:
        said.append("ONS codes: each authority is given by its code today, its figures of every year with it; an authority ONS has recoded "
                    "had another code before: " + "; ".join(f"{r['area_name']} {r['area_code']}, earlier {r['earlier_codes'].replace(';', ', ')}"
                                                           for r in recoded.sort("area_name").iter_rows(named=True)) + ".")
    if shared is not None and shared.height:  # Kingston's and Richmond's one workforce figure read as two in the table
        said.append("One figure for several authorities, printed in each one's row: "
                    + "; ".join(f"{r['authorities']} ({listing([in_sentence(n) for n in r['indicators'].split('; ')])})" for r in shared.iter_rows(named=True)) + ".")
    other = [(t, when) for t, when in other_periods((r["year_type"], r["topic"], year) for r in heads.iter_rows(named=True))]
    if other:
        said.append("Years: a column headed by a year holds each indicator's figure for that year as its publisher dates it: "
                    + "; ".join(f"{t} {when}" for t, when in other) + "; the rest to or at 31 March (the Sources sheet gives each).")
    return pl.DataFrame({"Note": said})


def build(con: Con, year: int) -> Pack:
    inds = q.indicators(con)
    heads = inds.filter(pl.col("headline"))
    eng = q.england_series(con, year).join(inds.select("indicator_id", "name", "unit", "decimals", "sort_order"), on="indicator_id")
    trend = eng.filter(pl.col("indicator_id").is_in(heads["indicator_id"].to_list())).sort("sort_order", "time_period")
    national = trend.pivot(on="time_period", index=["name", "unit"], values="value", sort_columns=True)
    national_decimals = national.join(heads.select("name", "decimals"), on="name", how="left")["decimals"].to_list()
    regions, region_marks = _wide(q.level_values(con, "Regional", year), inds, ["area_code", "area_name"])
    las, la_marks = _wide(q.level_values(con, "Local authority", year), inds, ["area_code", "area_name", "region_name"])
    latest = q.ofsted_current(con, _as_at(year), inspected=True)  # as Ofsted's statistics "as at 31 March" count them
    # dated, as its sheet is: "Ofsted overall" read as today's judgement (Kent's Outstanding, Good since February 2026)
    las = (las.join(latest.select("area_code", pl.col("grade_label").alias(f"Ofsted overall, 31 March {year}")), on="area_code", how="left")
           .select(pl.exclude(REASONS), REASONS))  # the reasons last, after every figure
    dist = q.ofsted_distribution(con, _as_at(year))  # carried out by 31 March of the report year
    grade_order = q.grade_labels(con)
    ofsted_table = (latest.group_by("grade_label").agg(pl.len().alias("local_authorities"))
                    .sort(pl.col("grade_label").replace_strict(grade_order, list(range(len(grade_order))), default=len(grade_order))))
    # by England's nine regions, as Ofsted's statistics and the Regions sheet count them: Inner and Outer London as London
    nine = q.areas(con).select(pl.col("area_code").alias("region_code"), pl.col("region_name").alias("_holder"))
    by_region = (latest.join(nine, on="region_code", how="left").with_columns(pl.coalesce("_holder", "region_name").alias("region_name"))
                 .group_by("region_name", "grade_label").agg(pl.len().alias("n")).pivot(on="grade_label", index="region_name", values="n").fill_null(0))
    by_region = by_region.select("region_name", *[g for g in grade_order if g in by_region.columns]).sort("region_name")
    flagged = flags.flagged(con, year)
    said = narrative(con, year, flagged, latest)
    # the Sources table cites every figure the pack gives: the summary's counts (632,830 referrals, 81,770 children
    # looked after) are not headline indicators, and had no source
    quoted = {i for s in said for i in s.facts}
    cited = inds.filter(pl.col("headline") | pl.col("indicator_id").is_in(list(quoted)))
    tables = {
        "National trend": national,
        f"Regions {year}": regions,
        f"Local authorities {year}": las,
        # the judgements in force on the report's date, and apart from them the ILACS inspections
        # carried out each year (one table had put the two side by side under one heading)
        f"Ofsted in force, 31 March {year}": ofsted_table,  # its date in its name: a sheet travels alone
        # none before ILACS's first inspections (2018): the 2016 pack had a sheet of grades with no figure and an empty chart
        **({"ILACS inspections by year": ofsted_table.select("grade_label").filter(pl.col("grade_label") != q.NOT_INSPECTED).join(
            dist.pivot(on="year_label", index="grade_label", values="count", sort_columns=True), on="grade_label", how="left"
        )} if dist.height else {}),
        f"Ofsted by region, 31 March {year}": by_region,
        "Flagged authorities": flags.one_row_per_judgement(flagged).select("area_name", "region_name", "severity", pl.col("title").alias("rule_id"), "message"),
        # what each figure is and where it comes from, the pack's own (a workbook sheet travels alone)
        "Sources": with_ofsted_sources(sources(cited, year, pq.releases_of(con, year)), pq.ofsted_releases(con), year),
        "Notes": notes(heads, year, q.shared_in_year(con, year),
                       q.areas(con).filter(pl.col("is_current") & pl.col("earlier_codes").is_not_null()).select("area_name", "area_code", "earlier_codes"),
                       dist.height > 0),
    }
    # human headers in the workbook and the HTML (the indicator columns already carry the catalogue's names)
    headers = {"area_code": "ONS code", "area_name": "Name", "region_name": "Region", "name": "Indicator", "unit": "Unit",
               "grade_label": "Overall effectiveness", "local_authorities": "Local authorities", "severity": "Severity",
               "rule_id": "Flag", "message": "Why"}
    tables = {t: df.rename({c: h for c, h in headers.items() if c in df.columns}) for t, df in tables.items()}
    tables[f"Local authorities {year}"] = tables[f"Local authorities {year}"].rename({"Name": "Local authority"})
    tables["Flagged authorities"] = tables["Flagged authorities"].rename({"Name": "Local authority"})
    tables[f"Regions {year}"] = tables[f"Regions {year}"].rename({"Name": "Region"})
    decimals = dict(_headings(inds).select("heading", "decimals").iter_rows())
    formats = {f"Regions {year}": decimals, f"Local authorities {year}": decimals}
    # England's nine regions: Inner and Outer London are parts of London (they are in the Regions sheet), not bars beside it
    nine = q.level_values(con, "Regional", year).filter(pl.col("region_name").is_null()).drop_nulls("value")
    england_now = dict(trend.filter(pl.col("time_period") == year).select("indicator_id", "value").iter_rows())
    chart_set = {}
    for r in heads.iter_rows(named=True):  # one chart per headline indicator, England's series
        series = trend.filter(pl.col("indicator_id") == r["indicator_id"]).drop_nulls("value").select("time_period", "value")
        if series.height:
            first, last = series.row(0, named=True), series.row(-1, named=True)
            chart_set[f"england_{r['indicator_id']}"] = (
                charts.indicator_trend(series, r),
                f"{r['name']}, England, {first['time_period']} to {last['time_period']}: from {number(first['value'], r['decimals'], r['unit'])} "
                f"to {number(last['value'], r['decimals'], r['unit'])}{turning_points(series, r['decimals'], r['unit'])} ({r['unit']}; axis from zero). "
                f"Source: {r['source']}.",
            )
    if dist.height:
        chart_set["ofsted_over_time"] = (charts.grade_distribution(dist, "year_label", "Calendar year of inspection", q.grade_labels(con)),
                                         f"ILACS overall effectiveness judgements by calendar year of inspection, inspections carried out by 31 March {year}; "
                                         "a year labelled 'to' a date is a part year.")
    chart_set["ofsted_map"] = maps.report_map(con, year)
    for indicator, file in BY_REGION.items():  # the rates a report to Parliament compares region by region
        ind = q.indicator(con, indicator)
        regions_of = nine.filter(pl.col("indicator_id") == indicator).select("area_name", "value")
        if regions_of.height:
            england = england_now.get(indicator)
            chart_set[file] = (
                charts.region_bars(regions_of, ind, england, year),
                f"{ind['name']} in each of England's {regions_of.height} regions, {period_text(ind['year_type'], year, preposition=False)}, highest first: "
                + "; ".join(f"{r['area_name']} {number(r['value'], ind['decimals'])}" for r in regions_of.sort("value", descending=True).iter_rows(named=True))
                + (f"; England {number(england, ind['decimals'])}" if england is not None else "") + f". Source: {ind['source']}.",
            )
    marks = {f"Regions {year}": _marks_of(tables[f"Regions {year}"], region_marks), f"Local authorities {year}": _marks_of(tables[f"Local authorities {year}"], la_marks)}
    # the map's source: the third-party overview only where a judgement it draws comes from it (none where Ofsted's table is loaded)
    mapped = [f"Source: {oq.source_of(latest.filter(pl.col('official').not_()).height)}."]
    # the latest year's pack is read later: a release its publisher was due to make may be out (the page says it too)
    if year == q.years(con, "referrals_count")[0] and (newer := newer_release_text(pq.catalogue_updates(con), "the Sources table names each release.")):
        said.append(Sentence(newer))
    return Pack(year, tables, chart_set, said, formats, {"National trend": national_decimals}, marks,
                PACK_TITLE.format(year=year), {"ofsted_map": mapped})


def _workbook_cell(v: object, is_date: bool, mark: str | None) -> object:
    """A workbook cell: the value, "not given" for a date there is none of, or the publisher's mark
    where a figure is empty; text made safe from formulas."""
    if v is None:
        return NO_DATE if is_date else safe_cell(mark)
    return safe_cell(v)


def about_rows(pack: Pack) -> list[tuple[str, str]]:
    """The workbook's first sheet: what it is, when it was produced, the period, its summary and
    its sheets, so a workbook opened on its own (the scrutiny pack's began at a header row) says what
    its figures are, as the printed pack's first lines do."""
    rows = [("Title", pack.title), ("Produced", f"{dt.date.today():%-d %B %Y} from the Safeguarding Oversight warehouse"),
            ("Figures", f"for the year to 31 March {pack.year} unless a sheet gives another date")]
    rows += [("Summary" if i == 0 else "", s.text) for i, s in enumerate(pack.narrative)]
    return [*rows, ("Sheets", "; ".join(pack.tables))]


def write_workbook(pack: Pack, path: Path) -> None:
    wb = Workbook()
    about = wb.active
    about.title = "About"
    for row in about_rows(pack):
        about.append([safe_cell(v) for v in row])
    for (cell,) in about.iter_rows(min_col=1, max_col=1):
        cell.font = Font(bold=True)
    about.column_dimensions["A"].width = 12
    about.column_dimensions["B"].width = 110
    for (cell,) in about.iter_rows(min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for sheet, df in pack.tables.items():
        ws = wb.create_sheet(sheet[:31])
        ws.append([safe_cell(c) for c in df.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        dates = [df[c].dtype == pl.Date for c in df.columns]
        # a sheet with no column of reasons shows the publisher's symbol in an empty figure's cell, as its printed table does
        # (the scrutiny pack's neighbours had left Sunderland's "low" blank)
        marks = pack.marks.get(sheet) if REASONS not in df.columns else None
        for i, row in enumerate(df.iter_rows()):
            ws.append([_workbook_cell(v, is_date, marks[c][i] if marks is not None and c in marks.columns else None)
                       for c, v, is_date in zip(df.columns, row, dates, strict=True)])
        for j, col in enumerate(df.columns, start=1):
            fit_column(ws, j, col, df[col].head(200).to_list())
            if df[col].dtype.is_numeric():
                for i, (cell,) in enumerate(ws.iter_rows(min_row=2, min_col=j, max_col=j)):
                    cell.number_format = excel(_decimals(pack, sheet, df, col, i))
            if df[col].dtype == pl.Date:  # a date, sortable, as a reader writes it
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = "d mmmm yyyy"
            if col == REASONS:  # a row's reasons can run to a paragraph (the City of London's nine)
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        # the heading row, and in a sheet of indicators the area columns too, stay in view
        figures = pack.formats.get(sheet, {})
        first = next((j for j, c in enumerate(df.columns) if c in figures), 0)
        ws.freeze_panes = ws.cell(2, first + 1).coordinate
    wb.save(path)


# under the title of the pack's Ofsted pictures, which name no indicator (the indicators' charts carry their sources)
OFSTED_SOURCES = {
    "ofsted_over_time": [f"Source: {oq.OFFICIAL_SOURCE}."],
}


def write_charts(pack: Pack, folder: Path) -> dict[str, str]:
    svgs = {}
    for name, (chart, _alt) in pack.charts.items():
        png, svg = charts.pictures(chart, subtitle=pack.subtitles.get(name, OFSTED_SOURCES.get(name)))
        (folder / f"{name}.png").write_bytes(png)
        (folder / f"{name}.svg").write_text(svg, encoding="utf-8")
        svgs[name] = svg
    return svgs


def _decimals(pack: Pack, sheet: str, df: pl.DataFrame, col: str, row: int) -> int:
    """A numeric cell's decimal places: its row's indicator, its column's indicator, or 0 for counts."""
    if sheet in pack.row_formats:
        return pack.row_formats[sheet][row]
    return pack.formats.get(sheet, {}).get(col, 0 if df[col].dtype.is_integer() else 1)


NO_DATE = "not given"  # a date column's empty cell, printed and in the workbook (frameworks before 2018 give no inspection date)


def _cell(pack: Pack, sheet: str, df: pl.DataFrame, col: str, row: int, v: object) -> str:
    if v is None:
        return NO_DATE if df[col].dtype == pl.Date else ""
    if isinstance(v, dt.date):
        return f"{v:%-d %B %Y}"
    if isinstance(v, int | float) and not isinstance(v, bool):
        return number(v, _decimals(pack, sheet, df, col, row))
    return str(v)


def _html_table(pack: Pack, sheet: str, df: pl.DataFrame) -> str:
    marks = pack.marks.get(sheet)

    def text(col: str, i: int, v: object) -> str:
        if v is None and marks is not None and col in marks.columns:
            return marks[col][i] or ""  # the publisher's symbol in an empty figure's cell
        if isinstance(v, str) and v.startswith("https://"):
            # an address may break after a slash: unbroken, the Sources table ran off the printed page ("…/publications/lo")
            return plain_html.Drawn(html.escape(v).replace("/", "/<wbr>"))
        if isinstance(v, str) and RANK_OF.fullmatch(v):  # a rank kept on one line: printed, "38 of" and "153" had wrapped apart
            return plain_html.Drawn(v.replace(" ", "&nbsp;"))
        return _cell(pack, sheet, df, col, i, v)

    # a figure's cell, and a mark in place of one, line up on the right
    figures = set(pack.formats.get(sheet, {})) | (set(marks.columns[1:]) if marks is not None else set())
    rows = (
        [(text(col, i, v), col in figures or (isinstance(v, int | float) and not isinstance(v, bool))) for col, v in zip(df.columns, row, strict=True)]
        for i, row in enumerate(df.iter_rows())
    )
    return f"<table>{plain_html.table_body([str(c) for c in df.columns], rows)}</table>"


RANK_OF = re.compile(r"\d+ of \d+")  # a rank among the ranked, "38 of 153"
PRINT_COLUMNS = 8  # the most columns a table has in the HTML and PDF, so that it fits A4 portrait


def _print_blocks(pack: Pack, title: str, df: pl.DataFrame) -> list[tuple[str, pl.DataFrame]]:
    """A table as it is printed: one piece when it fits A4, else its indicator columns in blocks of a
    few, each beside the area columns ("Regions 2025 (part 1 of 5)"). The workbook keeps
    the whole table on one sheet."""
    formats = pack.formats.get(title, {})
    first = next((i for i, c in enumerate(df.columns) if c in formats), df.width)
    index, measures = df.columns[:first], df.columns[first:]  # the area columns lead
    per = PRINT_COLUMNS - len(index)
    if df.width <= PRINT_COLUMNS or per < 1:
        return [(title, df)]
    starts = range(0, len(measures), per)
    return [(f"{title} (part {n} of {len(starts)})", df.select(index + measures[i : i + per])) for n, i in enumerate(starts, start=1)]


def write_html(pack: Pack, svgs: dict[str, str], path: Path) -> None:
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>" + plain_html.PACK_HEAD,
        f"<title>{html.escape(pack.title)}</title>",
        # 186 mm: A4 portrait less the PDF's 12 mm side margins
        "<style>@page{size:A4;margin:15mm 12mm}body{font-family:Arial,Helvetica,sans-serif;max-width:186mm;margin:2em auto;color:#222}"
        "table{border-collapse:collapse;font-size:11px;margin:1em 0}th,td{border:1px solid #bbb;padding:2px 4px;text-align:left}"
        "th{background:#1F4E79;color:#fff;font-weight:normal}" + plain_html.FIGURES_CSS +
        "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:13px;color:#444}"
        # a table's heading on the page of its table: "Local authorities 2025 (part 1 of 6)" stood alone at the foot of page 22
        "h2{break-after:avoid;page-break-after:avoid}" + plain_html.PACK_SCREEN_CSS + "</style></head><body><main>",
        f"<h1>Children's social care in England: the year to 31 March {pack.year}</h1>",
        f"<p>Produced {dt.date.today():%-d %B %Y} from the Safeguarding Oversight warehouse.</p><h2>Summary</h2><ul>",
    ]
    parts += [f"<li>{html.escape(s.text)}</li>" for s in pack.narrative]
    parts.append("</ul><h2>Charts</h2>")
    for name, (_chart, alt_text) in pack.charts.items():
        # the figure is the picture its description names: the drawing's own marks stay out of the accessibility tree (axe had
        # found the map's shapes, each a graphics symbol, unnamed)
        drawn = svgs[name].replace("<svg", "<svg aria-hidden='true'", 1)
        parts.append(f"<figure role='img' aria-label='{html.escape(alt_text, quote=True)}'>{drawn}<figcaption>{html.escape(alt_text)}</figcaption></figure>")
    for title, df in pack.tables.items():
        marked = title in pack.marks  # its empty cells show their symbols, so its column of reasons is the workbook's alone
        for heading, block in _print_blocks(pack, title, df.drop(REASONS) if marked else df):
            parts.append(f"<h2>{html.escape(heading)}</h2>{_html_table(pack, title, block)}")
        if marked:
            parts.append(f"<p class='key'>{html.escape(_key(pack.marks[title]))}</p>")
    parts.append("</main></body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def _key(marks: pl.DataFrame) -> str:
    """What each mark in a table's empty cells says: "In the table above, a cell with no figure shows why:
    c suppressed; z not applicable; .. not published for that area and year."."""
    used = sorted({m for c in marks.columns[1:] for m in marks[c].drop_nulls()})
    said = [f"{m} not published for that area and year" if m == NOT_PUBLISHED else f"{m} {SYMBOLS_IN_A_KEY.get(m) or suppressed(m).rsplit(' (', 1)[0]}" for m in used]
    return "In the table above, a cell with no figure shows why: " + "; ".join(said) + "." if said else ""


# printed under every page: the pack's title (its HTML title) and "Page 2 of 7", so a committee can
# say which page it means; Chromium fills the spans, and the template carries its own style
FOOTER = ('<div style="font: 8px sans-serif; color: #444; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between">'
          '<span class="title"></span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')


def write_pdf(html_path: Path, pdf_path: Path, landscape: bool = False) -> bool:
    """Print the HTML with headless Chromium when it and Playwright are installed; False when either
    is not (the dashboard's own requirements carry neither: `oversight report` had stopped with a
    traceback where Chromium was there and Playwright was not)."""
    chromium = shutil.which("chromium")
    if not chromium:
        return False
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return False

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(html_path.resolve().as_uri())
        page.pdf(path=str(pdf_path), format="A4", landscape=landscape, print_background=True, margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
                 display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)
        browser.close()
    return True


def write_pack(con: Con, year: int, out: Path, pdf: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    pack = build(con, year)
    workbook = out / f"safeguarding_oversight_{year}.xlsx"
    write_workbook(pack, workbook)
    svgs = write_charts(pack, out)
    page = out / f"safeguarding_oversight_{year}.html"
    write_html(pack, svgs, page)
    (out / "narrative.txt").write_text("\n".join(s.text for s in pack.narrative) + "\n", encoding="utf-8")
    if pdf:
        write_pdf(page, out / f"safeguarding_oversight_{year}.pdf")
    return sorted(out.iterdir())


def zip_pack(con: Con, year: int, folder: Path, pdf: bool = False) -> bytes:
    files = write_pack(con, year, folder, pdf=pdf)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in files:
            z.write(f, f.name)
    return buf.getvalue()

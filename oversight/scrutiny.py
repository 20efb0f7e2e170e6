"""One LA's scrutiny pack for a committee: every headline indicator against its statistical
neighbours, region and England for a year, its early-warning flags and its Ofsted history, as a
workbook, a self-contained HTML page that fits A4 landscape, and a PDF where Chromium is installed.

`oversight report --year Y --area CODE --out DIR`, or the button on the profile page."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

import polars as pl

from oversight import flags, plain_html, report
from oversight import ofsted_queries as oq
from oversight import provenance_queries as pq
from oversight import queries as q
from oversight.formatting import (
    ENDS_31_MARCH,
    base_text,
    column_label,
    distant_neighbours_text,
    ended_text,
    first_period_after,
    in_sentence,
    listing,
    looks_back_text,
    newer_release_text,
    not_in_sn_average,
    periods_sentence,
    small_base,
    suppressed,
    value_text,
    years_are,
)
from oversight.queries import Con


def not_yet_formed(con: Con, area: str, year: int) -> str | None:
    """Why an authority has no pack for a year before it was formed, or None: BCP's pack of 2019 had
    offered blank headline figures and "0 early-warning flags on 31 March 2019", before BCP began."""
    began = dict(q.formed_on(con).iter_rows()).get(area)
    if began is None or dt.date(year, 3, 31) >= began:
        return None
    name = q.areas(con).filter(pl.col("area_code") == area)["area_name"][0]
    return (f"{name} was formed on {began:%-d %B %Y}, after the year to 31 March {year}, so it has no scrutiny pack for {year}; "
            f"its first is for {began.year + 1}.")


def ended_before(con: Con, area: str, year: int) -> str | None:
    """Why a former authority has no pack for a year after its last, or None (its packs are for its own years)."""
    row = q.areas(con).filter(pl.col("area_code") == area)
    if row.is_empty() or row["is_current"][0] or row["last_year"][0] is None or year <= row["last_year"][0]:
        return None
    last = row["last_year"][0]
    return f"{row['area_label'][0]} {ended_text(last)}, so its scrutiny packs are for {last} or earlier."


# the neighbours the average rests on: those with a figure, less any its note says are left out ("8 of 10" had been headed
# "Neighbours with a figure" beside Westmorland and Furness's Cumberland, with a figure and left out, in 2024)
SN_WITH_FIGURE = "Neighbours in the SN average"


def few_neighbours(r: dict) -> str:
    """Where an SN average rests on some neighbours only: "5 of 10 neighbours"."""
    return f"{r['sn_count']} of {r['sn_size']} neighbours"


def one_note(*texts: str) -> str:
    """A row's notes as one, each ended as a sentence before the next: "low reliability (u), as for
    2023 The SN average..." had run one into the next."""
    said = [t for t in texts if t]
    return " ".join(t if t.endswith(".") or n == len(said) - 1 else f"{t}." for n, t in enumerate(said))


def build(con: Con, year: int, area: str) -> report.Pack:
    areas = q.areas(con)
    subject = areas.filter(pl.col("area_code") == area).row(0, named=True)
    # a former authority as the pickers name it: "Scrutiny pack: Dorset, the year to 31 March 2019" was the county council, read as today's
    name = subject["area_label"]
    region = subject["region_name"] or "Region"
    names = dict(areas.select("area_code", "area_label").iter_rows())
    long = q.scrutiny_values(con, area, year)
    me = long.filter(pl.col("sort") == 0)
    headline = me.select(
        # grouped by outcome as the profile groups them, so a councillor can turn from one to the other
        pl.col("outcome").alias("Outcome"), pl.col("name").alias("Indicator"), pl.col("unit").alias("Unit"), pl.col("value").alias(name),
        pl.col("previous_value").alias(year_before(year)),
        pl.col("sn_mean").alias("SN average"), pl.col("sn_median").alias("SN median"),
        # how many neighbours the average rests on, as the profile's "5 of 10": Sandwell's care leavers not in touch, 7% against 1%, rested on 5
        pl.when(pl.col("sn_count").is_not_null()).then(pl.format("{} of {}", "sn_count", "sn_size")).otherwise(pl.lit("")).alias(SN_WITH_FIGURE),
        pl.col("region_value").alias(region),
        pl.col("england_value").alias("England"),
        pl.when(pl.col("rank").is_not_null()).then(pl.format("{} of {}", "rank", "ranked_of")).otherwise(pl.lit("")).alias("Rank"),
        pl.col("band").fill_null("").alias("Band"), pl.col("direction").fill_null("").alias("Direction of travel"),
        # why a cell is empty, or that the figure is one published for two authorities together
        pl.struct("value", "suppression", "shared_with", "published_for", "published_for_value", "decimals", "unit", "numerator", "denominator",
                  "region_value", "england_value", "previous_value", "previous_suppression")
        .map_elements(lambda r: note(r, name, names, year), return_dtype=pl.String).alias(NOTE),
    )
    # a neighbour published as "low" (rounds to zero) is not in the SN average and median: said in the row's note
    # as is one that looks back to before its authority was formed (Cumberland's among Westmorland and Furness's neighbours in 2024)
    left_out = {ind: not_in_sn_average(part, part["looks_back_months"][0])
                for (ind,), part in long.filter(pl.col("sort") > 0).with_columns(pl.lit(year).alias("time_period")).group_by("name")}
    # the authority's own such figure is not ranked or banded: its first re-referral rate, 7.4%, had read "1 of 149", band A, with an empty note
    own = {r["name"]: looks_back_text(r["looks_back_only_to"], r["looks_back_months"], name) + "."
           for r in me.filter(pl.col("looks_back_only_to").is_not_null() & pl.col("value").is_not_null()).iter_rows(named=True)}
    headline = headline.with_columns(
        pl.struct(NOTE, "Indicator").map_elements(lambda r: one_note(r[NOTE], own.get(r["Indicator"], ""), left_out.get(r["Indicator"], "")),
                                                  return_dtype=pl.String).alias(NOTE)
    )
    # a change against a new authority's first year, said on its row as the narrative says it for the pack
    # (Cumberland's re-referrals, 10.7% to 22.7%, read "declining" with an empty note)
    breaks = q.boundary_breaks(con, [area])
    if breaks.height:
        changed = breaks["last_year"][0]
        on_first = pl.Series([d is not None and first_period_after(t, changed) == year - 1 for d, t in zip(me["direction"], me["year_type"], strict=True)])
        first = f"change against its first year, {year - 1}, which may not compare like for like"
        headline = headline.with_columns(
            pl.when(on_first).then(pl.concat_str([pl.col(NOTE), pl.lit(first)], separator="; ").str.strip_prefix("; ")).otherwise(pl.col(NOTE)).alias(NOTE))
    decimals = me["decimals"].to_list()
    # the catalogue's source (publisher, publication, table) and, to cite, the release and its page, as the annual pack gives them
    sources = report.sources(me.select("indicator_id").join(q.indicators(con), on="indicator_id", maintain_order="left"), year, pq.releases_of(con, year))
    wide = (long.pivot(on="area_name", index=["outcome_order", "sort_order", "name", "unit"], values="value", aggregate_function="first")
            .sort("outcome_order", "sort_order").drop("outcome_order", "sort_order"))
    neighbours = wide.rename({"name": "Indicator", "unit": "Unit"})
    # printed, an empty cell shows why (the publisher's symbol, or .. where nothing was published), as the annual pack's do
    marks = report.marks_of(long, wide, "area_name", ["name", "unit"]).drop("unit").rename({"name": "Indicator"})
    # the latest year's pack is read today: flags now and every judgement published, as on the profile
    # page; an earlier year's pack shows them as they stood on 31 March of that year
    latest = year == q.years(con, "referrals_count")[0]
    mine = flags.one_row_per_judgement(flags.flagged(con, None if latest else year).filter(pl.col("area_code") == area)).sort("score", descending=True)
    flag_table = mine.select(pl.col("severity").alias("Severity"), pl.col("title").alias("Flag"), pl.col("message").alias("Why"))
    flags_as_at = f"now (Ofsted judgements published to {q.ofsted_as_of(con):%-d %B %Y})" if latest else f"on 31 March {year}"
    ofsted = ofsted_history(con, area, None if latest else dt.date(year, 3, 31))
    # five years of each headline figure beside the SN average and England: a committee asks where a figure is going, and the
    # pack had the year before alone (a director took each trend's picture from the dashboard)
    recent = q.scrutiny_years(con, area, year, YEARS)
    by_year = (recent.pivot(on="time_period", index=["outcome_order", "sort_order", "name", "unit", "decimals", "series_order", "series"],
                            values="value", aggregate_function="first", sort_columns=True)
               .sort("outcome_order", "sort_order", "series_order"))
    years_shown = sorted(c for c in by_year.columns if c.isdigit())
    trend_index = ["name", "unit", "series"]
    trends = by_year.select(pl.col("name").alias("Indicator"), pl.col("unit").alias("Unit"), pl.col("series").alias("Area"), *years_shown) \
        .with_columns(pl.Series(NOTE, trend_notes(recent, by_year, year), dtype=pl.String))
    trends_title = TRENDS.format(first=years_shown[0] if years_shown else year, year=year)
    trend_marks = report.marks_of(recent.with_columns(pl.col("time_period").cast(pl.String)), by_year.select(*trend_index, *years_shown), "time_period",
                                  trend_index).drop("unit", "series").rename({"name": "Indicator"})
    tables = {
        f"Headline indicators {year}": headline,
        # the key's terms as the columns name them: the region, and the year before; beside the first table it explains,
        # where the printed pack had it last, five pages from it
        # and which neighbour model, for every year: a 2019 pack had compared with the 2025 model's neighbours, unsaid
        KEY_TABLE: KEY.with_columns(
            pl.when(pl.col("Term") == "SN").then(pl.lit(sn_meaning(q.neighbour_model(con, area)))).otherwise(pl.col("Meaning")).alias("Meaning"),
            pl.col("Term").replace({"Region, England": f"{region}, England", YEAR_BEFORE: year_before(year)})),
        f"Neighbours {year}": neighbours,
        trends_title: trends,
        "Early-warning flags": flag_table if flag_table.height else pl.DataFrame({"Why": [f"No early-warning flag {flags_as_at}."]}),
        "Ofsted history": ofsted,
        "Sources": sources,
    }
    improving = me.filter(pl.col("direction") == "improving").height
    declining = me.filter(pl.col("direction") == "declining").height
    judged = me.filter(pl.col("polarity") != "neutral").height  # "13 improved and 2 declined" had read as 13 of the table's 29
    unchanged = me.filter((pl.col("polarity") != "neutral") & (pl.col("direction") == "no change")).height
    missing = judged - improving - declining - unchanged
    # the rest counted apart, as the profile counts them, and only where there is a rest: "the other 2 had no figure ...
    # or did not change" left a committee to guess, and "the others" of 15 named others there were not
    rest = [t for t in (f"{unchanged} did not change" if unchanged else "",
                        f"{missing} {'has' if missing == 1 else 'have'} no figure for one year or both" if missing else "") if t]
    lines = [
        # "in the year to 31 March 2025" had taken in four workforce figures of 30 September: the periods are said below
        report.Sentence(f"In the {year} figures, of the {judged} headline indicators where higher or lower is better, {improving} improved "
                        f"and {declining} declined on the year before" + (f"; {listing(rest)}." if rest else ".")),
        report.Sentence(f"{mine.height} early-warning flag{'s' if mine.height != 1 else ''} {flags_as_at}." if mine.height
                        else f"No early-warning flag {flags_as_at}."),
        # a committee's first question, on the flags' basis: the history table lists every inspection without saying which stands
        *(report.Sentence(oq.in_force_sentence(r, "Ofsted's judgement in force " + (f"on {r['as_at']:%-d %B %Y}" if latest else f"on 31 March {year}")))
          for r in q.ofsted_current(con, None if latest else dt.date(year, 3, 31), not latest).filter(pl.col("area_code") == area).iter_rows(named=True)),
        report.Sentence(periods_sentence(q.headline_periods(con, year), year)),
    ]
    # what stands out against the neighbours, rather than every row of the table again
    gaps = me.filter(pl.col("value").is_not_null() & pl.col("sn_gap_sd").is_not_null())
    for side, rows in (("worse", gaps.filter(pl.col("sn_gap_sd") >= FAR).sort("sn_gap_sd", descending=True)),
                       ("better", gaps.filter(pl.col("sn_gap_sd") <= -FAR).sort("sn_gap_sd"))):
        said = "; ".join(f"{r['name']}, {value_text(r['value'], r['decimals'], r['unit'])} against {value_text(r['sn_mean'], r['decimals'], r['unit'])}"
                         + (f" (SN average of {few_neighbours(r)})" if r["sn_count"] < r["sn_size"] else "") for r in rows.head(NAMED).iter_rows(named=True))
        lines.append(report.Sentence(
            f"{side.capitalize()} than the statistical-neighbour average by one standard deviation of the neighbours' figures or more, furthest first: {said}"
            # the rest by name: "and 1 more (see the tables)" left a councillor to find which in 29 rows
            + (f"; and {rows.height - NAMED} more: {listing([in_sentence(n) for n in rows['name'][NAMED:]])}." if rows.height > NAMED else ".") if rows.height
            else f"No headline indicator is {side} than the statistical-neighbour average by one standard deviation of the neighbours' figures or more."
        ))
    if distant := distant_neighbours_text(name, q.neighbours(con, area)["closeness"].to_list()):  # as the dashboard's pages say it
        lines.append(report.Sentence(distant))
    lines.append(report.Sentence("The tables give every headline indicator against the neighbours, the region and England"
                                 + (f", and each from {years_shown[0]} to {year} beside its SN average and England's." if len(years_shown) > 1 else ".")))
    if latest and (newer := newer_release_text(pq.catalogue_updates(con), "the Sources table names each indicator's source.")):
        # first, as the profile says it: a pack read at a committee weeks later, its eighth line had been the only word of it
        lines.insert(0, report.Sentence(newer))
    if breaks.height:  # North Northamptonshire's record starts in 2021: say where the years before are
        olds = listing(breaks["formed_from"].to_list())  # "part of Northamptonshire (until 2021)"
        lines.append(report.Sentence(
            f"{name} was formed in April {breaks['last_year'][0]} from {olds}: this pack holds {name}'s own figures and inspections; "
            f"the former {'authorities have their' if breaks.height > 1 else 'authority has its'} own profile in the dashboard."
            # the changes of its second year are on its first (Westmorland and Furness's re-referrals, 7.4% to 16.5%)
            + (f" Changes from {year - 1} compare with its first year, whose figures may not compare like for like with those of later years "
               "(each such row's note says so)."
               if year - 1 == first_period_after(None, breaks["last_year"][0]) else "")
            # its years before then, "..", keyed "not published for that area and year": a committee asked why 2021 and 2022 were not
            + (f" In the table of {trends_title[0].lower()}{trends_title[1:]}, {name}'s years before it was formed show {report.NOT_PUBLISHED}, "
               "as it had no figures of its own then."
               if years_shown and int(years_shown[0]) <= breaks["last_year"][0] else "")))
    row_formats = {f"Headline indicators {year}": decimals, f"Neighbours {year}": decimals, trends_title: by_year["decimals"].to_list()}
    return report.Pack(year, tables, {}, lines, {}, row_formats, {f"Neighbours {year}": marks, trends_title: trend_marks},
                       f"Scrutiny pack: {name}, the year to 31 March {year}")


YEARS = 5  # the years of each headline figure the pack gives, to its own
TRENDS = "Headline trends {first} to {year}"  # within a workbook's 31 characters a sheet name
YEAR_BEFORE = "Year before"
NOTE = "Note"
KEY_TABLE = "Key"
def sn_meaning(model: str | None) -> str:
    """The key's line for "SN", naming the model the neighbours come from, the same for every year of the pack."""
    return ("Statistical neighbours: the local authorities most like this one in DfE's statistical neighbour model"
            + (f" ({model}), the same ten for every year the pack shows." if model else "."))


# every heading of the headline table but the indicator's name, unit and the authority's own figure
KEY = pl.DataFrame({
    "Term": ["Outcome", YEAR_BEFORE, "SN", "SN average, SN median", SN_WITH_FIGURE, "Rank", "Band", "Direction of travel", "Region, England", NOTE],
    "Meaning": [
        "The outcome of the Children's Social Care National Framework, or the enabler (leadership and spending, workforce), "
        "the indicator answers to, as DfE's outcomes and enablers dashboard groups them.",
        "The authority's own figure for the year before (blank where none was published), the one the direction of travel compares with.",
        sn_meaning(None),  # a pack names the model (`build`)
        "The mean and the median of the statistical neighbours that have a figure for the year.",
        "How many of the authority's statistical neighbours the average and median rest on, of how many it has: those with a figure for the year, "
        "less any the note says are left out.",
        "Position among England's local authorities with a figure: 1 is the best (the lowest where neither higher nor lower is better); tied figures share a rank.",
        "The quarter of England's local authorities the figure falls in (quartiles as DfE's LAIT computes them): A the best quarter to D the worst; "
        "Q1 (lowest) to Q4 (highest) where neither higher nor lower is better; blank where DfE does not band the measure.",
        "Against the year before: improving or declining where higher or lower is better, up or down where neither is; "
        "no change when the change rounds to nothing at the figure's decimals.",
        "The figure for the authority's region and for England.",
        "Why the authority has no figure (the publisher's reason), or where its figure was published instead; a figure published for "
        "two authorities together; a figure on a small base; a neighbour left out of the SN average; a region with no published figure.",
    ],
})


FAR = 1.0  # neighbour standard deviations from the SN average that the narrative names
NAMED = 5  # indicators the narrative names on each side, furthest first
OTHER_JUDGEMENTS = "Other judgements (earlier frameworks)"  # an earlier framework's own, beside its overall effectiveness
CARE_LEAVERS_FROM = dt.date(2023, 1, 1)  # ILACS's care leavers judgement: inspections from January 2023 (the first, 16 January 2023)
VISITS = ("focused visit", "monitoring visit")  # ungraded; listed with the inspections, said to be visits
NOT_EARLIER = ("ILACS standard", "ILACS short", "LSCB review")  # ILACS is listed with its judgements; LSCB reviews judged the board, not the LA


def trend_notes(recent: pl.DataFrame, rows: pl.DataFrame, year: int) -> list[str]:
    """Each row's note in the five-year table: on the authority's row, what a year is where it is not the
    year to 31 March ("At 30 September; 2025 is 30 September 2025": a workforce column read as the year to
    March); on the SN average's, the years it rests on some neighbours only ("Of 10 neighbours, the SN average
    rests on only 5 in 2025": Sandwell's 1% of care leavers not in touch, against its 7%, was five neighbours')."""
    said: dict[tuple[str, str], str] = {}
    for (name, series), part in recent.group_by("name", "series", maintain_order=True):
        first = part.row(0, named=True)
        if first["series_order"] == 0 and first["year_type"] not in ENDS_31_MARCH:
            said[(name, series)] = years_are(first["year_type"], year)
        few = part.filter(pl.col("sn_count") < pl.col("sn_size")).sort("time_period")
        if first["series_order"] == 1 and few.height:
            said[(name, series)] = (f"Of {first['sn_size']} neighbours, the SN average rests on only "
                                    f"{listing([f'{c} in {y}' for c, y in zip(few['sn_count'], few['time_period'], strict=True)])}")
    return [said.get((n, s), "") for n, s in zip(rows["name"], rows["series"], strict=True)]


def year_before(year: int) -> str:
    """The heading of the year before's figures, dated: "Year before (2024)" (a committee reading
    "Year before" on its own asked which year)."""
    return f"{YEAR_BEFORE} ({year - 1})"


def note(r: dict, name: str, names: dict[str, str], year: int | None = None) -> str:
    """A headline row's note: why there is no figure ("suppressed (c)"), or where it is ("published
    for Northamptonshire as a whole: 8.9"), or whose figure it also is ("one figure for North
    Northamptonshire and West Northamptonshire together"), or that it is on a small base ("7 of 38: on a
    small base, a difference of one moves it a lot"); and why the region's cell is empty where England's
    is not (Cafcass publishes no regional figure), as the profile says."""
    said = _figure_note(r, name, names)
    # why the year before's cell is empty, as the profile says it: Birmingham's caseload of 2024, published as u, was blank;
    # the same reason both years is said once ("no figure (-), as for 2024", not "no figure (-); 2024: no figure (-)")
    before = ""
    if year is not None and r.get("previous_value") is None and r.get("previous_suppression") is not None:
        if said and r["value"] is None and r["published_for"] is None and r["suppression"] == r["previous_suppression"]:
            said += f", as for {year - 1}"
        else:
            before = f"{year - 1}: {suppressed(r['previous_suppression'])}"
    if r.get("region_value") is None and r.get("england_value") is not None:
        said = "; ".join(t for t in (said, "no regional figure is published") if t)
    return "; ".join(t for t in (said, before) if t)


def _figure_note(r: dict, name: str, names: dict[str, str]) -> str:
    if r["value"] is None and r["published_for"] is not None:  # Cafcass: Northamptonshire as a whole
        return f"published for the area of the former authority {r['published_for']} as a whole: {value_text(r['published_for_value'], r['decimals'], r['unit'])}"
    if r["value"] is None:
        return suppressed(r["suppression"]) if r["suppression"] is not None else ""
    if r["shared_with"]:
        others = [names.get(c, c) for c in r["shared_with"].split(";")]
        return f"one figure for {listing([name, *others])} together"
    if r["denominator"] is not None and r["denominator"] < small_base(r["unit"]):  # as the profile marks it †: Rutland's second plans, 7 of 38
        return f"{base_text(r['numerator'], r['denominator'], r['unit'])}: on a small base, a difference of one moves it a lot"
    return ""


def ofsted_history(con: Con, area: str, by: dt.date | None) -> pl.DataFrame:
    """Every graded inspection of the LA, oldest first: ILACS with each of its judgements (inspected by
    `by`, as Ofsted's statistics count; every published one when `by` is None), and the frameworks
    before it with their overall judgement (published by `by`: they give no inspection date); and
    the focused and monitoring visits (inspected by `by`), "not graded (a visit)"."""
    hist = q.ofsted_history(con, area, official_only=by is not None)
    earlier = oq.inspections(con, area).filter(~pl.col("framework").is_in(NOT_EARLIER) & pl.col("overall_grade").is_not_null())  # visits are not graded
    if by is not None:
        hist = hist.filter(pl.col("inspection_date") <= by)
        earlier = earlier.filter(pl.col("publication_date") <= by)
    if not hist.height and not earlier.height:
        return pl.DataFrame({"Inspected": ["No graded inspection " + ("published" if by is None else f"on or before {by:%-d %B %Y}")]})
    ilacs = (
        hist.with_columns(pl.col("judgement").map_elements(column_label, return_dtype=pl.String))
        .pivot(on="judgement", index=["publication_date", "inspection_date", "inspection_type", "source"], values="grade_label", aggregate_function="first")
    )
    # an earlier framework's own judgements beside its overall one (SIF's five, SLAC's looked after
    # children), in one cell: their names are not ILACS's, so they get no ILACS column
    theirs = (
        oq.earlier_judgements(con, area)
        .with_columns(pl.format("{}: {}", pl.col("aspect").map_elements(column_label, return_dtype=pl.String), "judgement").alias("said"))
        .group_by("framework", "publication_date", maintain_order=True).agg(pl.col("said").str.join("; ").alias(OTHER_JUDGEMENTS))
    )
    before = earlier.join(theirs, on=["framework", "publication_date"], how="left").select(
        "publication_date", "inspection_date", "inspection_type", pl.lit("Official statistics").alias("source"),
        pl.col("judgement").alias(column_label("overall_effectiveness")), OTHER_JUDGEMENTS,
    )
    # focused and monitoring visits: ungraded, but a committee asks what Ofsted looked at since the last inspection
    visits = oq.inspections(con, area).filter(pl.col("framework").is_in(VISITS))
    if by is not None:  # as the ILACS rows: an earlier year's pack from the official statistics alone
        visits = visits.filter((pl.col("inspection_date") <= by) & pl.col("official"))
    visits = visits.select(
        "publication_date", "inspection_date",
        pl.format("{} ({})", pl.col("framework").str.slice(0, 1).str.to_uppercase() + pl.col("framework").str.slice(1),
                  pl.col("visit_theme").fill_null("theme not given").str.to_lowercase()).alias("inspection_type"),
        # its source as the ILACS rows give theirs: a visit Ofsted published since its last official file says so
        pl.when(pl.col("official")).then(pl.lit("Official statistics"))
        .otherwise(pl.col("status_note").str.slice(0, 1).str.to_uppercase() + pl.col("status_note").str.slice(1)).alias("source"),
        pl.lit(oq.NOT_GRADED_VISIT).alias(column_label("overall_effectiveness")),
    )
    both = pl.concat([before, ilacs, visits], how="diagonal_relaxed").sort("publication_date", "inspection_date", nulls_last=False)
    care_leavers = column_label("care_leavers")
    if care_leavers in both.columns:  # ILACS judged care leavers apart from children in care from January 2023
        both = both.with_columns(
            pl.when(pl.col(care_leavers).is_null() & (pl.col("inspection_date") < CARE_LEAVERS_FROM) & pl.col("inspection_type").str.starts_with("ILACS"))
            .then(pl.lit("not judged separately under ILACS before 2023")).otherwise(pl.col(care_leavers)).alias(care_leavers)
        )
    judgements = [column_label(j) for j in oq.ILACS_ORDER if column_label(j) in both.columns] + ([OTHER_JUDGEMENTS] if OTHER_JUDGEMENTS in both.columns else [])
    return both.select(  # dates as dates, for a spreadsheet to sort; the printed pack writes them out ("not given" where none is)
        pl.col("publication_date").alias("Published"),
        pl.col("inspection_date").alias("Inspected"),
        pl.col("inspection_type").alias("Type"), pl.col("source").alias("Source"),
        *judgements, pl.all().exclude("publication_date", "inspection_date", "inspection_type", "source", *judgements),
    )


def write_html(pack: report.Pack, path: Path) -> None:
    title = html.escape(pack.title)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>" + plain_html.PACK_HEAD,
        f"<title>{title}</title>",
        "<style>@page{size:A4 landscape;margin:12mm}body{font-family:Arial,Helvetica,sans-serif;color:#222;max-width:270mm;margin:1em auto}"
        "table{border-collapse:collapse;font-size:9.5px;margin:0.8em 0;width:100%;table-layout:auto}th,td{border:1px solid #bbb;padding:2px 4px;text-align:left}"
        # a cell or heading breaks only between words, so its column is at least its longest word (never "208. / 8")
        "td,th{overflow-wrap:break-word}" + plain_html.FIGURES_CSS +  # figures line up by their units, as in the annual pack
        "th{background:#1F4E79;color:#fff}h2{page-break-after:avoid}" + plain_html.PACK_SCREEN_CSS + "</style></head><body><main>",
        f"<h1>{title}</h1><p>Produced {dt.date.today():%-d %B %Y} from the Safeguarding Oversight warehouse; figures for the year to 31 March {pack.year} unless the list below gives another date.</p><ul>",
    ]
    parts += [f"<li>{html.escape(s.text)}</li>" for s in pack.narrative]
    parts.append("</ul>")
    for t, df in pack.tables.items():
        # the key printed whole, with its heading, on one page: it had begun at a page's foot and ended on the next
        whole = " style='break-inside:avoid'" if t == KEY_TABLE else ""
        parts.append(f"<section{whole}><h2>{html.escape(t)}</h2>{report._html_table(pack, t, df)}</section>")
        if t in pack.marks:
            parts.append(f"<p>{html.escape(report._key(pack.marks[t]))}</p>")
    parts.append("</main></body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def file_stem(name: str, area: str, year: int) -> str:
    """A pack's files' name: the authority's name and code and the year, "scrutiny_rutland_E06000017_2025"
    (a director's downloads had only the code to say whose pack each was)."""
    return f"scrutiny_{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}_{area}_{year}"


def write_scrutiny(con: Con, year: int, area: str, out: Path, pdf: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    pack = build(con, year, area)
    stem = file_stem(q.areas(con).filter(pl.col("area_code") == area)["area_name"][0], area, year)
    report.write_workbook(pack, out / f"{stem}.xlsx")
    write_html(pack, out / f"{stem}.html")
    if pdf:
        report.write_pdf(out / f"{stem}.html", out / f"{stem}.pdf", landscape=True)
    return sorted(p for p in out.iterdir() if p.name.startswith(stem))


def zip_scrutiny(con: Con, year: int, area: str, folder: Path, pdf: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for f in write_scrutiny(con, year, area, folder, pdf=pdf):
            z.write(f, f.name)
    return buf.getvalue()

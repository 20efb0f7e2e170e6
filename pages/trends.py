"""Trends: chosen LAs over every year against their SN average, region and England."""

import polars as pl
import streamlit as st

from oversight import charts, exports, plain_html, widgets
from oversight import page_state as ps
from oversight import queries as q
from oversight.formatting import (
    FIGURE_KNOWN,
    first_period_after,
    in_sentence,
    listing,
    not_in_sn_average,
    period_axis,
    period_text,
    plain,
    suppressed,
    year_ranges,
    years_are,
)

con = ps.connection()
state = ps.url_state(con, need_year=False)
widgets.heading("Trends", 1)
ps.show_messages(state)

names, _ = ps.choices()

chosen = state.areas[:6]
if len(state.areas) > 6:
    # England and nine regions asked for read "up to 6 authorities": any area counts, and the rest are named
    left = [ps.subjects().get(a, a) for a in state.areas[6:]]
    st.warning(plain(f"A trend draws up to 6 areas (authorities, regions or England), each in its own colour; the first 6 in the link are shown, "
                     f"and {listing(left)} {'is' if len(left) == 1 else 'are'} left out."))
# the indicator on a row of its own: in a third of the row, "Family help · Children looked after per 10,000 children" read "...per 10,0"
indicator = ps.linked_choice(st.selectbox, "Indicator", list(names), state.indicator, "trends-indicator", format_func=names.get)
c1, c3 = st.columns([3, 2])
subjects = ps.subjects()
la_names = subjects  # England, regions and former authorities can be the subject of a trend
areas = ps.linked_choice(c1.multiselect, "Areas (the first is my authority)", list(subjects), chosen, "trends-areas", format_func=subjects.get, max_selections=6, select_all=False)
areas = areas or [state.area]
subject = ps.cached(q.areas).filter(pl.col("area_code") == areas[0]).row(0, named=True)  # the first area: "my authority"
# England first has nothing to be compared with: the choice is greyed out, not left reading "SN average, region and England"
compare_to = ps.linked_choice(c3.radio, "Compare with", list(ps.COMPARE_TO), state.compare_to, "trends-compare", format_func=ps.COMPARE_TO.get, horizontal=True,
                              disabled=subject["geographic_level"] == "National")
ps.sync_url(area=areas, indicator=indicator, compare_to=compare_to)
# what the chart, its notes and the sparklines below read, started together (an authority's first view)
ps.prefetch((q.trend_frame, indicator, areas, compare_to), (q.boundary_breaks, areas), (q.shared_figures, indicator, areas),
            (q.disagreements, indicator, areas), (q.headline_sparklines, areas[0]),
            *([(q.neighbours, areas[0])] if compare_to == "sn" else []),
            *([(q.neighbour_model, areas[0]), (q.neighbours_left_out, indicator, areas[0])] if compare_to == "sn" and ps.is_la(areas[0]) else []))

ind = ps.cached(q.indicator, indicator)
rows = ps.cached(q.trend_frame, indicator, areas, compare_to)  # with the years that have no figure, and the publisher's symbol
data = rows.filter(pl.col("value").is_not_null()).drop("suppression", "sn_count")  # what is drawn
# the chosen areas as the series name them (a region's picker label adds "(region)", a former authority's its last year):
# by the picker's labels, Yorkshire and The Humber chosen was described as compared with itself
series_names = dict(ps.cached(q.areas).select("area_code", "area_label").iter_rows())
shown = [series_names[a] for a in areas]
breaks = ps.cached(q.boundary_breaks, areas)
for (name,), parts in breaks.group_by("area_name", maintain_order=True):  # one note per area, naming every predecessor
    before = parts["formed_from"].to_list()  # "part of Dorset (until 2019)": the picker's name for the old authority
    theirs = "the old authorities'" if len(before) > 1 else "the old authority's"
    missing = parts.filter(~pl.col("predecessor_code").is_in(areas))  # not "add Cumbria" with Cumbria drawn
    drawn = parts.filter(pl.col("predecessor_code").is_in(areas))
    how = " ".join(
        ([f"{listing(drawn['predecessor_label'].to_list())} {'is' if drawn.height == 1 else 'are'} drawn beside it."] if drawn.height else [])
        + ([f"Add {listing(missing['predecessor_label'].to_list())} to the areas to draw {'it' if missing.height == 1 else 'them'}."] if missing.height else []))
    # dated: "Figures before then are the old authority's" had no "then", and read as figures drawn on the chart
    st.info(
        f"Series break: {name} was formed from {listing(before)} on 1 April {parts['last_year'].max()}. "
        f"Figures for the years before are {theirs}, drawn only as their own lines. {how} {name} has a figure for those years only "
        "where its publisher worked one out for its own area."
    )
# England or a region first: the choice above may read "SN average, region and England", which it has not got
if subject["geographic_level"] == "National":
    c3.caption("England has no statistical neighbours or region: its own line is drawn.")
elif subject["geographic_level"] == "Regional" and compare_to == "sn":
    c3.caption(plain(f"{subject['area_name']} has no statistical neighbours: it is drawn with England."))
# years a chosen area has no figure (a gap or an early end in its line), with the publisher's reason
missing = rows.filter(pl.col("value").is_null() & pl.col("series").is_in(shown))
gaps = " ".join(
    f"{name}'s figure for {listing([str(y) for y in part['time_period'].to_list()])} {suppressed(symbol)} and is not drawn."
    if symbol in FIGURE_KNOWN else f"{name} has no figure for {listing([str(y) for y in part['time_period'].to_list()])}"
    + (f" (published as {symbol})." if symbol == "-" else f": {suppressed(symbol)}.")  # never "has no figure ...: no figure (-)"
    for (name, symbol), part in missing.sort(pl.col("series").replace_strict(shown, list(range(len(shown)))), "time_period").group_by("series", "suppression", maintain_order=True)
)
# whose average: the same neighbours, today's model's, for every year drawn, said on the page and in the downloads
# (a director's CSV and picture of "Sandwell SN average" had not said which ten authorities it averaged). The first
# area's alone, the one SN average drawn: with Leeds added, Leeds' ten had been named for a line not on the chart
nbs = ps.cached(q.neighbours, areas[0])["area_name"].to_list() if compare_to == "sn" and ps.is_la(areas[0]) else []
# a neighbour's figure published without a number, or looking back to before its authority was formed, is not in
# the average, said as the neighbour table and the scrutiny pack say it: Herefordshire's re-referrals for 2024 average 9
# of its 10, without Westmorland and Furness's first year, under a caption that had named all ten
left_out = not_in_sn_average(ps.cached(q.neighbours_left_out, indicator, areas[0]), ind["looks_back_months"]) if nbs else ""
# how many it averages each year: those with a figure (Tower Hamlets' 9 in 2021 and 2022, Hackney's published as x)
counted = rows.filter(pl.col("series") == f"{shown[0]} SN average").select("time_period", "sn_count")
fewer = counted.filter(pl.col("sn_count") < len(nbs)).sort("sn_count", "time_period", descending=[True, False])
averages = (f" It averages fewer where some have no figure{' or one is left out' if left_out else ''}: " + "; ".join(f"{n} in {year_ranges(part['time_period'].to_list())}"
                                                              for (n,), part in fewer.group_by("sn_count", maintain_order=True)) + "."
            if nbs and fewer.height else "")
if nbs:
    model = ps.cached(q.neighbour_model, areas[0]) or "the newest model loaded"
    st.caption(plain(f"{la_names[areas[0]]} SN average is the average of its {len(nbs)} statistical neighbours: {listing(nbs)}."
                     f" Neighbours from {model}, the same for every year shown." + averages + (f" {left_out}" if left_out else "")))
if compare_to == "sn" and (distant := ps.distant_neighbours_note(areas[0])):
    st.info(plain(distant))
# an SN average on fewer than half the neighbours is said in the description too (Stockport's care leavers not in touch: 3 of 10 in 2024)
few = counted.filter(pl.col("sn_count") * 2 < len(nbs)).sort("time_period")
few_text = (f" The SN average rests on fewer than half of {la_names[areas[0]]}'s {len(nbs)} neighbours in "
            f"{listing([str(y) for y in few['time_period']])} ({listing([str(n) for n in few['sn_count']])} of them with a figure)."
            if nbs and few.height else "")
first, last = (data["time_period"].min(), data["time_period"].max()) if data.height else ("-", "-")
comparators = [s for s in data["series"].unique(maintain_order=True).to_list() if s not in shown]  # none for England
# a region without a figure in any year is said, not left out (LAIT gives Inner London "-" for under-18 alcohol admissions)
unregioned = (f" {subject['region_name']} has no figure for any of these years." if compare_to in ("sn", "region") and subject["region_name"]
              and subject["geographic_level"] == "Local authority" and subject["region_name"] not in comparators else "")
widgets.definition(ind)
# the latest figure its publisher marks provisional or revised says so, as on the profile and compare (Leeds's phonics, 2025)
marked = ps.cached(q.figure_detail, indicator, areas[0], last)["revision"] if data.height else None
marked_text = f" {shown[0]}'s figure for {period_text(ind['year_type'], last, preposition=False)} is {marked}, as its publisher marks it." if marked else ""
if marked:
    st.caption(plain(marked_text.strip()))
if shared := ps.shared_note(ps.cached(q.shared_figures, indicator, areas), ind):  # drawn as the area's own line
    st.info(plain(shared))
if differ := ps.differences_note(ps.cached(q.disagreements, indicator, areas), ind):  # said where the figures are drawn
    st.warning(differ)
# a year an area has no row for at all, said in the CSV's note: West Northamptonshire's 2013 to 2021, and its SN average's, were blank
formed = dict(breaks.group_by("area_name").agg(pl.col("last_year").max()).iter_rows())  # formed after that year
ended = {series_names[code]: (name, last) for code, name, last in ps.cached(q.areas).filter(~pl.col("is_current") & pl.col("area_code").is_in(areas))
         .select("area_code", "area_name", "last_year").iter_rows()}


def absent(series: str, year: int) -> str:
    area = series.removesuffix(" SN average")
    if area in formed and year <= formed[area]:
        return f"{area} did not exist yet (formed in April {formed[area]})"
    if area in ended and year > ended[area][1]:
        return f"{area} no longer existed (replaced after {ended[area][1]})"  # "Dorset no longer existed" read as today's Dorset
    return exports.NOTHING_PUBLISHED


def with_counts(table: pl.DataFrame) -> pl.DataFrame:
    """The SN average's figures followed by how many neighbours each year's averages: from the CSV alone, Herefordshire's
    2024 average of re-referrals, of 9 neighbours, could not be worked out again from the 10 it named."""
    sn = f"{shown[0]} SN average"
    if not nbs or sn not in table.columns:
        return table
    heading = f"{sn}: neighbours averaged (of {len(nbs)})"
    after = table.columns.index(f"{sn}: note" if f"{sn}: note" in table.columns else sn) + 1
    table = table.join(counted.rename({"time_period": "Year", "sn_count": heading}), on="Year", how="left")
    return table.select(*table.columns[:after], heading, *[c for c in table.columns[after:] if c != heading])


roles = charts.series_roles(sorted(set(data["series"].to_list())), shown, subject["region_name"])  # by the series' own names
widgets.chart_block(
    charts.trend(data, f"{ind['name']}", ind["unit"], ind["decimals"], sorted({first_period_after(ind["year_type"], y) for y in breaks["last_year"]}), roles, period=period_axis(ind["year_type"])),
    with_counts(exports.by_series(rows, shown + sorted(comparators, key=charts.role_order(roles)), absent)),  # a reason beside every empty cell
    f"Line chart of {in_sentence(ind['name'])} from {first} to {last} for {listing(shown)}"
    + (f", with {listing(comparators)} for comparison. " if comparators else ". ") + widgets.series_summary(data, ind["decimals"], ind["unit"], frozenset(missing.select("series", "time_period").iter_rows()))
    + (f" {gaps}" if gaps else "") + unregioned + few_text + (f" {left_out}" if left_out else "") + marked_text + (" A dotted vertical line marks a boundary change." if breaks.height else ""),
    "trend",
    decimals=ind["decimals"],
    file=f"trend-{indicator}-{'-'.join(areas)}-{compare_to}",  # each choice of comparison its own file
    # what a year is: a workforce "2025" is at 30 September, and the file had not said so
    context={"Indicator": ind["name"], "Unit": ind["unit"],
             "Years": years_are(ind["year_type"], last) if data.height else period_axis(ind["year_type"]),
             "Source": ind["source"], "Warehouse built": ps.built(),
             **({f"{la_names[areas[0]]}'s statistical neighbours": "; ".join(nbs)} if nbs else {})},
)

widgets.heading(f"Every headline indicator for {la_names[areas[0]]}")
spark = ps.cached(q.headline_sparklines, areas[0])
is_england = subject["geographic_level"] == "National"
# plain HTML with a line drawn in each row (screen readers read each line's years, ends, lowest and highest):
# a data grid's sparklines, drawn on a canvas, were most of the time the page took to draw
st.html(plain_html.trend_table(spark, la_names[areas[0]], with_england=not is_england))
st.caption(
    f"Every year of {spark.height} headline indicators for {la_names[areas[0]]}{'' if is_england else ' and England'}, as sparklines; "
    "choose an indicator above for its chart against neighbours and region."
)

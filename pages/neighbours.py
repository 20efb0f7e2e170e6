"""Neighbour table: one indicator for an LA, each named statistical neighbour, their average and
median, the region and England over the last ten years, with rank, band and band cut-offs."""

import polars as pl
import streamlit as st

from oversight import charts, exports, widgets
from oversight import page_state as ps
from oversight import queries as q
from oversight.formatting import (
    BAND_KEY,
    BAND_SIDES,
    POLARITY,
    RANK_ONE,
    cut_off_text,
    in_sentence,
    listing,
    looks_back_text,
    not_in_sn_average,
    number,
    period_axis,
    plain,
    rounded,
    shaded_text,
    small_base,
    suppressed,
)

con = ps.connection()
state = ps.url_state(con, need_year=False)
widgets.heading("Neighbour table", 1)
ps.show_messages(state)
names, la_names = ps.choices()
c1, c2 = st.columns([3, 2])
indicator = ps.linked_choice(c1.selectbox, "Indicator", list(names), state.indicator, "nt-indicator", format_func=names.get)
la_names = la_names | ps.former_las_in()  # a former authority's neighbours are LAIT's (Bournemouth's ten)
area = ps.area_picker(c2, "Authority", "neighbours-area", la_names)
if state.area not in la_names:
    st.info(plain(f"{ps.subjects()[state.area]} has no statistical neighbours; " + ps.stand_in(area, state.area, la_names, "shown")))
ps.sync_url(area=ps.my_area(), indicator=indicator)  # the reader's choice, not the stand-in shown for England or a region

ind = ps.cached(q.indicator, indicator)
long = ps.cached(q.neighbour_table, indicator, area)
years = sorted(set(long["time_period"].to_list()))
name = la_names[area]
unit_note = "" if ind["unit"].lower() in ind["name"].lower() else f" ({ind['unit']})"  # not 'per 10,000 children (per 10,000 children)'
st.markdown(f"**{name}** against each of its statistical neighbours, their average, its region and England: {in_sentence(ind['name'])}{unit_note}, {years[0]} to {years[-1]}.")
# which model, and that one set of neighbours serves every year (an analyst citing the table could not say)
model = ps.cached(q.neighbour_model, area) or "the newest model loaded"
st.caption(plain(f"Neighbours from {model}, the same ten for every year shown."))
if distant := ps.distant_neighbours_note(area):
    st.info(plain(distant))
# a figure published for two authorities together, the chosen one's or a neighbour's, said as the profile says it
if shared := ps.shared_note(ps.cached(q.shared_figures, indicator, long["area_code"].unique(maintain_order=True).to_list()), ind):
    st.info(plain(shared))


def cell(value: float | None, suppression: str | None, denominator: float | None) -> str:
    if value is None:
        return suppression or "–"
    text = number(value, ind["decimals"], ind["unit"])
    return f"{text} †" if denominator is not None and denominator < small_base(ind["unit"]) else text


long = long.with_columns(
    pl.struct("value", "suppression", "denominator").map_elements(lambda r: cell(r["value"], r["suppression"], r["denominator"]), return_dtype=pl.String).alias("shown"),
    # empty where the figure has no denominator (LAIT's): "false" had told the reader its base was 100 or more
    (pl.col("denominator") < small_base(ind["unit"])).alias("small_base"),
)
rows, tints = [], []  # the authority and its neighbours shaded as compare's ranking and chart colour them
for (sort, role, area_name), grp in long.group_by("sort", "role", "area_name", maintain_order=True):
    tints.append(charts.ROW_TINT["Selected LA"] if sort == 0 else charts.ROW_TINT["Statistical neighbour"] if role.startswith("Statistical") else None)
    # "Neighbour": the heading names them statistical neighbours, and the longer word was cut at 1,280 px
    rows.append({"Area": area_name, "Role": "Neighbour" if role.startswith("Statistical") else role,
                 **dict(zip(map(str, grp["time_period"]), grp["shown"], strict=True))})
mine = long.filter(pl.col("sort") == 0).sort("time_period")
# the cut-offs belong to the year (every LA's values), so they are shown even where the LA has no figure
# every ranked LA's count and cut-offs, from any row that has them: the authority's own are blank in a year it has no figure
cuts = long.group_by("time_period").agg(pl.col(c).drop_nulls().first() for c in ("ranked_of", "band_q1", "band_q2", "band_q3")).sort("time_period")


def fmt(v: float | None) -> str:
    return "–" if v is None else number(v, ind["decimals"], ind["unit"])


def cut_fmt(v: float | None) -> str:
    """A cut-off as exactly as the figures need it, as the band map's key prints it: 23.65% had printed as 23.7%,
    beside Leicestershire's 23.7% in band D, above it."""
    return "–" if v is None else cut_off_text(v, ind["decimals"], ind["unit"])


polarity = ind["polarity"]  # higher, lower or neutral: the warehouse's indicators hold no other


def unrounded(a: float, b: float) -> tuple[str, str]:
    """a and b written with the fewest extra decimals (at most 4) that tell them apart."""
    for extra_dp in range(1, 5):
        x, y = number(a, ind["decimals"] + extra_dp, ind["unit"]), number(b, ind["decimals"] + extra_dp, ind["unit"])
        if x != y:
            break
    return x, y


def rounding_notes(mine: pl.DataFrame, cuts: pl.DataFrame) -> list[str]:
    """Where the LA's figure as the table prints it reads on the other side of a cut-off from the figure
    itself, or prints as the cut-off does, say which side the unrounded figure falls (bands are worked out
    before rounding); and where the figure is the cut-off itself, printed to fewer decimals: Bristol's child
    protection rate of 2025 is the median, 40.451, and in Q2, yet printed as 40.5 it had read as above it."""
    notes = []
    by_year = {r["time_period"]: r for r in cuts.iter_rows(named=True)}
    for r in mine.filter(pl.col("value").is_not_null() & pl.col("band").is_not_null()).iter_rows(named=True):
        shown = float(rounded(r["value"], ind["decimals"]))
        for column, label in (("band_q1", "Q1"), ("band_q2", "Q2"), ("band_q3", "Q3")):
            cut = by_year.get(r["time_period"], {}).get(column)
            if cut is None:
                continue
            alike = cut_fmt(cut) == fmt(r["value"])
            if cut == r["value"]:  # the median authority's own figure, as the cut-off prints it and as the table does
                if not alike:
                    notes.append(f"In {r['time_period']}, {name}'s figure is the {label} cut-off itself ({cut_fmt(cut)}), so its band is "
                                 f"{r['band'].split(' (')[0]}; the table prints the figure as {fmt(r['value'])}.")
                continue
            if alike or (r["value"] <= cut) != (shown <= cut):
                v, c = unrounded(r["value"], cut)
                side = "above" if r["value"] > cut else "below"
                printed = f"prints both as {fmt(r['value'])}" if alike else f"prints the figure as {fmt(r['value'])}"
                notes.append(f"In {r['time_period']}, {name}'s figure ({v}) is just {side} the {label} cut-off ({c}), so its band is "
                             f"{r['band'].split(' (')[0]}; the table {printed}.")
    return notes


# a figure that looks back to before its authority was formed is shown, not ranked or banded: its rank and band cells
# are marked so, where "–" (keyed "no figure published") had stood under Westmorland and Furness's 7.4% of 2024
NOT_RANKED = "‡"
looks_back = [since is not None and v is not None for since, v in zip(mine["looks_back_only_to"], mine["value"], strict=True)]


def own(cells: list[str | None]) -> list[str]:
    """The authority's rank or band cells: the mark for a figure not ranked, "–" for none."""
    return [NOT_RANKED if lb else "–" if c is None else c for c, lb in zip(cells, looks_back, strict=True)]


extra = {  # short cells, so that each fits its year's column: the row labels say how to read them
    f"Rank (1 = {RANK_ONE[polarity]})": own([None if r is None else str(r) for r in mine["rank"]]),
    "LAs ranked": ["–" if n is None else str(n) for n in cuts["ranked_of"]],
}
# a measure LAIT shows no quartile band for has no band rows, no band note and no band columns in its CSV: agency cover
# of vacancies had four rows of dashes and "Band: the quarter of every ranked LA..." under them
banded = not ind["no_quartile"]
if banded:
    extra |= {
        f"Band ({BAND_KEY[polarity]})": own([None if b is None else b.split(" (")[0] for b in mine["band"]]),
        "Band cut-off Q1 (lower quartile)": [cut_fmt(v) for v in cuts["band_q1"]],
        "Band cut-off Q2 (median LA)": [cut_fmt(v) for v in cuts["band_q2"]],
        "Band cut-off Q3 (upper quartile)": [cut_fmt(v) for v in cuts["band_q3"]],
    }
for label, cells in extra.items():  # the authority's rank and band; the count and cut-offs are every ranked LA's
    role = "Selected authority" if label.startswith(("Rank", "Band (")) else "Every LA"
    rows.append({"Area": label, "Role": role, **dict(zip(map(str, mine["time_period"]), cells, strict=True))})
    tints.append(None)
# the years straight after the names and the role last: at 1,280 px the role had pushed the latest year off the edge
wide = pl.DataFrame(rows).select("Area", *map(str, years), "Role")
widgets.table(wide, height=35 * (wide.height + 1) + 3,
              # names and roles whole: sized to its other cells, the role read "Selected au" at 1,280 px
              column_config={"Area": st.column_config.TextColumn("Area", pinned=True, width=widgets.NAME_WIDTH),
                             "Role": st.column_config.TextColumn("Role", width=widgets.text_px(max(wide["Role"], key=len))),
                             # each year as wide as its widest cell: a cut-off of 16.125% had read "16.125'"
                             **{y: st.column_config.TextColumn(y, width=widgets.text_px(max([y, *wide[y].drop_nulls()], key=len)))
                                for y in map(str, years)}},
              tints=tints)
st.caption(plain(shaded_text(name, "as compare colours them")))

small = long.filter(pl.col("small_base") & pl.col("value").is_not_null())
symbols = sorted(set(long["suppression"].drop_nulls().to_list()))  # each symbol in the table, with what it means
# the dash for no row at all only where a cell shows it: LAIT's "-" in every empty cell of Hertfordshire's care leavers
# not in touch had been explained by the dash note alone, "for example, the authority did not exist then"
blank = long.filter(pl.col("value").is_null() & pl.col("suppression").is_null()).height > 0
notes = ["– no figure published for that year (for example, the authority did not exist then; its SN average and median are worked out "
         "only for the years it existed)."] if blank else []
if symbols:
    notes.append(f"Symbols as published: {'; '.join(suppressed(s) for s in symbols)}"
                 + (" (\"-\" is the publisher's own mark, not the dash above)." if blank and "-" in symbols else "."))
if small.height:
    notes.append(
        # "one child" was wrong where the base is not children (a caseload's is social workers)
        f"† based on fewer than {small_base(ind['unit'])} (the figure's denominator), so a difference of one in that base moves it a lot: "
        + "; ".join(f"{r['area_name']} {r['time_period']} ({number(r['denominator'], 0)})" for r in small.iter_rows(named=True))
        + "."
    )
# a figure that looks back to before its authority was formed: the authority's own not ranked, a neighbour's not averaged
drawn_low = ""  # said in the chart's description too, where the line draws it (Westmorland and Furness's 7.4% of 2024)
for (since,), part in mine.filter(pl.col("looks_back_only_to").is_not_null() & pl.col("value").is_not_null()).group_by("looks_back_only_to"):
    when, why = listing([str(y) for y in part["time_period"].sort()]), looks_back_text(since, ind["looks_back_months"], name)
    notes.append(f"{NOT_RANKED} {when}: {why}.")
    drawn_low += f" {name}'s line draws its figure for {when} as published. {why}."
if left_out := not_in_sn_average(long.filter(pl.col("role").str.starts_with("Statistical neighbour")), ind["looks_back_months"]):
    notes.append(left_out)
notes += rounding_notes(mine, cuts)
if banded:
    notes.append(BAND_SIDES[polarity])  # which side of each cut-off is which band, in this indicator's direction
for n in notes:
    st.text(n)

plotted = long.filter(pl.col("sort") != 21).with_columns(
    pl.when(pl.col("role").str.starts_with("Statistical neighbour")).then(pl.lit("Statistical neighbour"))
    .when(pl.col("role") == "SN average (mean)").then(pl.lit("SN average")).otherwise(pl.col("role")).alias("role"),
    pl.col("area_name").alias("series"),
)
last = years[-1]
at_last = {r["role"] if r["sort"] in (0, 20, 30, 40) else r["area_name"]: r for r in plotted.filter(pl.col("time_period") == last).iter_rows(named=True)}
nb_last = plotted.filter((pl.col("role") == "Statistical neighbour") & (pl.col("time_period") == last) & pl.col("value").is_not_null()).sort("value")
desc = f"Line chart of {in_sentence(ind['name'])} from {years[0]} to {last} for {name}, its {nb_last.height} statistical neighbours with a figure, their average, region and England. In {last}: "
parts = [f"{r['area_name']} {fmt(r['value'])}" for k, r in at_last.items() if k in ("Selected authority", "SN average", "Region", "England")]
if nb_last.height:
    parts.append(f"neighbours from {nb_last['area_name'][0]} ({fmt(nb_last['value'][0])}) to {nb_last['area_name'][-1]} ({fmt(nb_last['value'][-1])})")
own = mine.filter(pl.col("value").is_not_null())
if own.height >= 2:  # as every chart says a series: the change at the printed figures, and a peak or trough between
    # its years without a figure too, which the summary names where they fall between (Sandwell's 2020 and 2022)
    parts.append(widgets.series_summary(mine.select(pl.lit(name).alias("series"), "time_period", "value"), ind["decimals"], ind["unit"]).rstrip("."))
widgets.chart_block(
    charts.neighbour_lines(plotted.select("series", "role", "time_period", "value"), [ind["name"], f"{name} and its statistical neighbours"], ind["unit"], ind["decimals"],
                           period=period_axis(ind["year_type"])),
    # the figures drawn, as numbers, and a CSV that says what they are (it had been the table above as text, "20.7%", named neighbours.csv)
    plotted.select(pl.col("series").alias("Area"), pl.col("role").alias("Role"), pl.col("time_period").alias("Year"), pl.col("value").alias(ind["name"])),
    desc + "; ".join(parts) + "." + drawn_low,
    "neighbours",
    decimals=ind["decimals"],
    file=f"neighbours-chart-{area}-{indicator}",
    context={"Indicator": ind["name"], "Unit": ind["unit"], "Authority": name, "Source": ind["source"]},
)

# the cut-offs belong to the year, as the page shows them: the CSV had left them blank on a row without a figure (Hackney 2021-22)
values = long.drop("band_q1", "band_q2", "band_q3").join(cuts, on="time_period", how="left", maintain_order="left").select(
    pl.col("role").alias("Role"), pl.col("area_name").alias("Area"), pl.col("area_code").alias("ONS code"), pl.col("time_period").alias("Year"),
    pl.col("value").alias(ind["name"]), pl.col("suppression").alias("Suppression"), pl.col("denominator").alias("Denominator"),
    pl.col("small_base").alias(f"Denominator under {small_base(ind['unit'])}"), pl.col("rank").alias("Rank"), pl.col("ranked_of").alias("Ranked of"),
    *([pl.col("band").alias("Band"), pl.col("band_q1").alias("Band cut-off Q1"), pl.col("band_q2").alias("Band cut-off Q2"),
       pl.col("band_q3").alias("Band cut-off Q3")] if banded else []),
    # why a new authority's first figure of an indicator that looks back has no rank (and is not in its neighbours' averages)
    *([pl.col("looks_back_only_to").alias(f"Not ranked or banded: formed on (the figure looks back {ind['looks_back_months']} months)")]
      if ind["looks_back_months"] else []),
)
d1, d2 = st.columns(2)
# the CSV says what it holds on every row, as the workbook's About sheet does
said = {"Indicator": ind["name"], "Unit": ind["unit"], "Source": ind["source"], "Statistical neighbours": model,
        "Warehouse built": ps.built()}
widgets.download(d1, "Download table as CSV", exports.csv_bytes(exports.with_context(values, said)), file_name=f"neighbours-{area}-{indicator}.csv", mime="text/csv")
# a workbook for a committee paper says what it holds on its first sheet, with the page's notes
about = pl.DataFrame({"Item": ["Indicator", "Unit", "Which is better", "Authority", "Years", "Source", "Statistical neighbours", "Neighbour table", "Values"]
                      + ["Note"] * len(notes),
                      "Detail": [ind["name"], ind["unit"], POLARITY[polarity], f"{name} ({area}) and its statistical neighbours", f"{years[0]} to {last}", ind["source"],
                                 f"{model}, the same ten for every year",
                                 "each figure as this page prints it (text, with its marks)",
                                 "the same figures as numbers: one row per area and year, with rank" + (", band and the band cut-offs" if banded else ""), *notes]})
widgets.download(d2, "Download table as Excel (XLSX)", exports.xlsx_bytes({"About": about, "Neighbour table": wide, "Values": values}), file_name=f"neighbours-{area}-{indicator}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

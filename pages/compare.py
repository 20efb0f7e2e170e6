"""Compare authorities: every LA ranked on one indicator, with SNs, region and England."""

import datetime as dt

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from oversight import charts, widgets
from oversight import ofsted_queries as oq
from oversight import page_state as ps
from oversight import queries as q
from oversight.formatting import (
    BAND_WORDS,
    FIGURE_KNOWN,
    POLARITY,
    VERDICT,
    base_text,
    change_heading,
    change_text,
    direction_words,
    ended_text,
    in_sentence,
    listing,
    looks_back_text,
    period_text,
    plain,
    printf,
    reason_heading,
    shaded_text,
    small_base,
    suppressed,
    value_text,
    year_label,
)

con = ps.connection()
state = ps.url_state(con)
widgets.heading("Compare authorities", 1)
ps.show_messages(state)

names, la_names = ps.choices()

# the indicator on a row of its own, as on trends: in three fifths of a row at 1,280 px a long name was cut
# ("...leading to an initial ch"), and the authority beside the year ("...Christchurch and Poo")
indicator = ps.linked_choice(st.selectbox, "Indicator", list(names), state.indicator, "compare-indicator", format_func=names.get)
c2, c3 = st.columns([1, 3])
years = ps.cached(q.years, indicator)
# the year chosen is kept when the indicator changes, where the new one has it (re-referrals' 2022, then children looked after,
# had opened on 2025, or kept 2022 when the two had the same years: which one depended on the years' list)
year_index = years.index(state.year) if state.year in years else 0
year = ps.linked_choice(c2.selectbox, "Year", years, years[year_index], "compare-year")
# England's spread with no authority singled out, for a national report's chart (England or a region chosen opens on it)
NONE = "None: every authority alike"
# a former authority in the years it was one (Northamptonshire to 2021): ranked then, so it can be highlighted
# those with a row that year: Dorset's county council ended on 31 March 2019, so it has none for a workforce figure at 30 September 2019
listed = set(ps.cached(q.compare_table, indicator, year, None)["area_code"].to_list())
formers = {code: label for code, label in ps.former_las_in(year).items() if code in listed}
area = ps.area_picker(c3, "Highlight authority", "compare-area", {q.ENGLAND: NONE} | la_names | formers)
spread = area == q.ENGLAND
la_names = la_names | formers  # the highlighted authority's name wherever the page says it
if state.area != area and not spread:  # a region, or a former authority after its last year: a stand-in
    gone = ps.cached(q.areas).filter(pl.col("area_code") == state.area)["last_year"].to_list()
    # the period as the indicator has it: "no rank in 2019" for a workforce figure at 30 September 2019, after the county's end in March
    then = period_text(ps.cached(q.indicator, indicator)["year_type"], year, preposition=False)
    why = (f"{ps.subjects()[state.area]} has no figure for {then}: it {ended_text(gone[0])}" if gone and gone[0] is not None
           else f"{ps.subjects()[state.area]} is not a local authority that is ranked here; England and the region are drawn as reference lines")
    st.info(plain(f"{why}. {ps.stand_in(area, state.area, la_names, 'highlighted')}"))
elif spread:
    st.caption("No authority is highlighted: every authority is drawn alike, with England's figure as a reference line. "
               "Choose one under Highlight authority to single it out with its statistical neighbours.")
# the link keeps "my authority" (England, a region): the stand-in highlighted was written there, so a colleague
# opening the link, and every page after, took Barking and Dagenham for the reader's choice
ps.sync_url(area=ps.my_area(), indicator=indicator, year=year)

# what the chart and the notes about the highlighted authority's figure read, started together (an authority's first view)
ps.prefetch((q.compare_table, indicator, year, None if spread else area), (q.figure_detail, indicator, area, year),
            (q.shared_figures, indicator, [area], year), *([] if spread else [(q.neighbours, area)]))
ind = ps.cached(q.indicator, indicator)
table = ps.cached(q.compare_table, indicator, year, None if spread else area)
mine = table.filter(pl.col("area_code") == area)
if mine.is_empty():  # England's spread, or an authority created by a later boundary change, with no row for this year
    if not spread:
        breaks = ps.cached(q.boundary_breaks, [area])
        olds = breaks["predecessor_label"].to_list()  # as the picker names them
        replaced = f"{listing(olds)}, the {'authorities' if len(olds) > 1 else 'authority'} it replaced" if olds else "the authority it replaced"
        # the year as its figures are dated, and the day it was formed: "did not exist in 2021" read as the calendar year
        # North Northamptonshire was formed in
        formed = f"it was formed on 1 April {breaks['last_year'].max()}" if breaks.height else "a boundary change created it later"
        st.info(plain(f"{la_names[area]} did not exist {period_text(ind['year_type'], year)}: {formed}. The ranking is shown without it; "
                      f"choose a later year, or {replaced}, to follow it."))
    me = {"england_value": table["england_value"].max() if table.height else None, "region_name": None, "region_value": None,
          "value": None, "suppression": None, "rank": None, "ranked_of": None, "band": None, "looks_back_only_to": None}
    table = table.with_columns(pl.lit("Other LA").alias("role"))  # nothing to highlight: its neighbours are its own, of a later year
else:
    me = mine.row(0, named=True)
refs = pl.DataFrame(
    [{"label": label, "value": v} for label, v in (("England", me["england_value"]), (me["region_name"], me["region_value"])) if v is not None],
    schema={"label": pl.String, "value": pl.Float64},
)
polarity_text = POLARITY[ind["polarity"]]
shown = (f"**England**: {value_text(me['england_value'], ind['decimals'], ind['unit'])}" if spread
         else f"**{la_names[area]}**: {value_text(me['value'], ind['decimals'], ind['unit'], me['suppression'])}")
# a figure its publisher marks provisional or revised says so, as on the profile: what a citation needs
detail = ps.cached(q.figure_detail, indicator, area, year)
marked = detail["revision"]
st.markdown(
    f"{shown} {period_text(ind['year_type'], year)} ({f'{marked}; ' if marked else ''}{ind['unit']}; {polarity_text}). "
    + (f"Rank {me['rank']} of {me['ranked_of']}" + (f", quartile band {me['band']}" + (f" ({BAND_WORDS[me['band']]})." if me["band"] in BAND_WORDS else ".")
                                                    if me["band"] else ".") if me["rank"] is not None else "")
    # a new authority's first re-referral rate had read "Rank 1 of 149, quartile band A" (Westmorland and Furness, 7.4% in 2024)
    + (f"{looks_back_text(me['looks_back_only_to'], ind['looks_back_months'], 'it')}." if me["looks_back_only_to"] else "")
)
# what a director says next at a committee: against whom, and which way it moved (the sentence had given rank and band only)
if not spread and me["value"] is not None:
    against = [f"{name} {value_text(v, ind['decimals'], ind['unit'])}" for name, v in
               (("its statistical neighbours' average", me.get("sn_mean")), (me["region_name"], me["region_value"]), ("England", me["england_value"]))
               if name and v is not None]
    before = period_text(ind["year_type"], year - 1)  # "in the year to 31 March 2024", "at 30 September 2024"
    moved = (f" {before[0].upper()}{before[1:]}: {value_text(me['previous_value'], ind['decimals'], ind['unit'])}, a change of "
             f"{change_text(me['change'], ind['decimals'], ind['unit'])} ({VERDICT.get(me['direction'], me['direction'])})"
             # against a first year that reads low (Westmorland and Furness's 7.4% to 16.5%, "+9.1 pp (worse)", unsaid)
             + (f", against its first year, whose figure looks back {ind['looks_back_months']} months, to before it was formed, so reads low."
                if me.get("previous_looks_back_only_to") else ".")
             if me.get("previous_value") is not None and me.get("direction") else "")
    # a region with no figure is said, not left out: Haringey's under-18 alcohol admissions read against its neighbours and
    # England only, LAIT giving Inner London "-" every year
    unregioned = f" {me['region_name']} has no figure." if me["region_name"] and me["region_value"] is None else ""
    st.markdown(plain((f"Against {listing(against)}." if against else "") + unregioned + moved))
    if distant := ps.distant_neighbours_note(area):
        st.info(plain(distant))
# a figure on a small base moves a lot on a difference of one: its rank and band with it (Rutland's second plans, 7 of 38, band A)
if not spread and me["value"] is not None and detail["denominator"] is not None and detail["denominator"] < small_base(ind["unit"]):
    st.info(plain(f"{la_names[area]}'s {value_text(me['value'], ind['decimals'], ind['unit'])} is {base_text(detail['numerator'], detail['denominator'], ind['unit'])}: "
                  f"with fewer than {small_base(ind['unit'])} in its base, a difference of one moves it a lot, and its rank and band with it."))
widgets.definition(ind)
if shared := ps.shared_note(ps.cached(q.shared_figures, indicator, [area], year), ind):  # North Northamptonshire's agency workers
    st.info(plain(shared))

# a former authority's later figure, and a new authority's that looks back to before it was formed, are listed below, not drawn
plotted = table.filter(pl.col("value").is_not_null() & pl.col("former_to").is_null() & pl.col("looks_back_only_to").is_null())
drawn = set(plotted["area_code"].to_list())
differ = ps.cached(q.disagreements, indicator, None, year)
if differ := ps.differences_note(differ.filter(pl.col("area_code").is_in(drawn)), ind, first=area):  # as the trends page says
    st.warning(differ)

# figures published for a former authority after its last year as one are listed, not ranked or drawn
former = table.filter(pl.col("former_to").is_not_null())
if former.height:
    one = former.height == 1
    # named as the pickers name it, "Dorset (until 2019)", its last year with it
    listed = "; ".join(f"{r['area_name']} {value_text(r['value'], ind['decimals'], ind['unit'])}" for r in former.iter_rows(named=True))
    st.info(plain(
        f"Published for {'a former authority' if one else f'{former.height} former authorities'} after {'its' if one else 'their'} last year as "
        f"{'an authority' if one else 'authorities'}, so not ranked or drawn: {listed}. "
        f"{'Its area is' if one else 'Their areas are'} now covered by the authorities that replaced {'it' if one else 'them'}."
    ))

# a new authority's first figures of an indicator that looks back: not ranked or drawn, as the mart does not rank them
for (since,), part in table.filter(pl.col("value").is_not_null() & pl.col("looks_back_only_to").is_not_null()).group_by("looks_back_only_to", maintain_order=True):
    listed = listing([f"{r['area_name']} {value_text(r['value'], ind['decimals'], ind['unit'])}" for r in part.iter_rows(named=True)])
    st.info(plain(f"Not drawn: {listed}. " + looks_back_text(since, ind["looks_back_months"], listing(part["area_name"].to_list()), part.height > 1) + "."))

CHANGE = change_heading(ind["unit"])  # "Change (pp)" for a percentage: in the table and its CSV alike


def ranked(box: DeltaGenerator) -> None:
    """The ranking as a table, with the year before, the change and its direction, in the chart's box."""
    widgets.table(
        # the figure, band and SN average straight after the name, the region after them: on a phone they were past the edge
        # the year before, the change and its direction: an analyst listing the authorities whose figure declined had to join two years' CSVs
        # the reason for a missing figure after the direction: mostly empty, it had pushed the direction past the edge at 1,280 px
        # (the authorities without a figure, and why, are listed under the box)
        # the year before's reason beside this year's: Slough's 2024 figure (LAIT's "-") was a blank with no reason on screen
        table.select("rank", "area_name", "value", "band", "sn_mean", "previous_value", "change", direction_words(), pl.col("suppression").fill_null(""),
                     pl.col("previous_suppression").fill_null(""), "region_name", "role"),
        column_config={
            # a neutral indicator's rank is an order, not a judgement: "1 is best" read as a low rate being best
            "rank": st.column_config.NumberColumn("Rank", width=50, help=f"1 is {'the lowest value' if ind['polarity'] == 'neutral' else 'best'}: {POLARITY[ind['polarity']]}"),
            "area_name": st.column_config.TextColumn("Local authority", pinned=True, width=widgets.NAME_WIDTH),  # "North Northampton" was cut
            "region_name": "Region",
            # narrow, its heading cut if long (the page's heading names it): a long one had pushed its right-aligned figures past a phone's edge;
            # with the name and the rank, within a 420 px screen's 388 px table (at 120 px, every figure was past the edge)
            # headed by its year, as the year before is: the indicator's name (the page's choice) had been cut to "Child protectio"
            "value": st.column_config.NumberColumn(str(year), format=printf(ind["decimals"]), width=70, help=f"{ind['name']}, {year}"),
            "suppression": st.column_config.TextColumn(f"Suppression, {year}", help=f"the published symbol where there is no figure for {year}"),
            "previous_suppression": st.column_config.TextColumn(f"Suppression, {year - 1}", help=f"the published symbol where there is no figure for {year - 1}"),
            "band": st.column_config.TextColumn("Band", width=80, help="Quartile band: A best to D worst, following polarity; Q1 (lowest) to Q4 (highest) for neutral indicators"),
            "sn_mean": st.column_config.NumberColumn("SN average", format=printf(ind["decimals"]), width=85,
                                                     help="the average of that row's authority's own statistical neighbours"),
            "previous_value": st.column_config.NumberColumn(str(year - 1), format=printf(ind["decimals"]), width=60, help=f"the authority's figure for {year - 1}"),
            # unsigned where it is a rise: a grid's "%+" printed a change that rounds to nothing as "+0" (the tiles' words say "0")
            # its unit said: a re-referral rate's "0.1" read as a tenth of a per cent ("Change (pp)", as the sentences say "+0.1 pp")
            "change": st.column_config.NumberColumn(CHANGE, format=printf(ind["decimals"]), width=max(65, widgets.text_px(CHANGE)),
                                                    help=f"{year} less {year - 1}, on the figures as published: negative for a fall"),
            "direction": st.column_config.TextColumn("Direction", width=widgets.text_px("down, better"),
                                                     help="which way the figure moved and, by the indicator's polarity, whether that is better or worse; "
                                                          "up or down alone for a neutral indicator; no change when the change rounds to 0"),
            "role": st.column_config.TextColumn("Role", width="medium"),
        },
        decimals=ind["decimals"],
        # the selected authority and its neighbours shaded as the chart colours them: their Role is past the table's right edge at
        # 1,400 px, and Leeds was row 128 of 153 with nothing to pick it out
        tints=[charts.ROW_TINT.get(role) for role in table["role"]],
        where=box,
    )
    if mine.height:
        box.caption(plain(shaded_text(la_names[area], "as on the chart")))


totals = charts.is_total(me["england_value"], plotted["value"])  # England's and the region's totals are said, not drawn
lines = refs.clear() if totals else refs
ref_text = "; ".join(f"{r['label']} {value_text(r['value'], ind['decimals'], ind['unit'])}" for r in refs.iter_rows(named=True))
order = f"lowest first ({POLARITY['neutral']})" if ind["polarity"] == "neutral" else "best first"  # a neutral indicator's bars are an order, not a judgement
zero = charts.drawn_as_zero(plotted, ind["decimals"]).height  # drawn with no height, so said
zero_text = f"{zero} {'is' if zero == 1 else 'are'} at {value_text(0, ind['decimals'], ind['unit'])}, each marked by a short line on the axis. " if zero else ""
widgets.chart_block(
    charts.ranked_bars(plotted, f"{ind['name']}, {year_label(ind['year_type'], year)}", ind["unit"], ind["decimals"], lines),
    # headed as the table below it is: the box and its CSV had said "Area", "Note" and "sn_mean" for its "Local authority",
    # "Suppression" and "SN average"
    table.select(pl.col("rank").alias("Rank"), pl.col("area_name").alias("Local authority"), pl.col("area_code").alias("ONS code"),
                 pl.col("value").alias(ind["name"]), pl.col("suppression").alias(f"Suppression, {year}"), pl.col("band").alias("Band"),
                 pl.col("sn_mean").alias("SN average"),
                 # how many neighbours that average rests on: Brent's 0.0 for adoptions with consent dispensed with was one neighbour's
                 pl.col("sn_count").alias("Neighbours in its SN average"), pl.col("previous_value").alias(f"{ind['name']}, {year - 1}"),
                 # why the year before has no figure (Hampshire's 2024 child protection plans: u, low reliability), as for the year itself
                 pl.col("previous_suppression").alias(f"Suppression, {year - 1}"), pl.col("change").alias(CHANGE), direction_words().alias("Direction"),
                 pl.col("region_name").alias("Region"), pl.col("role").alias("Role"),  # every column the table shows
                 # why a figure has no rank, where an indicator looks back: the file's blank rank and band had given no reason
                 *([pl.col("looks_back_only_to").map_elements(lambda since: looks_back_text(since, ind["looks_back_months"]), return_dtype=pl.String)
                    .alias("Note")] if ind["looks_back_months"] else [])),
    f"Bar chart ranking {plotted.height} local authorities on {in_sentence(ind['name'])} {period_text(ind['year_type'], year)}, "
    f"{order}. {zero_text}"
    + (f"{la_names[area]} is highlighted with its statistical neighbours. " if area in drawn
       else f"{la_names[area]}'s statistical neighbours are highlighted; its own figure is not drawn. " if mine.height else "")
    + (f"Totals, not drawn (the figures are counts, so England's is the authorities' sum): {ref_text}." if totals else f"Reference lines: {ref_text}."),
    "compare-ranked",
    decimals=ind["decimals"],
    # the ranking's own table in the chart's box, drawn when opened: drawn on every view, the table and the chart's unused
    # columns had cost the browser 510 ms of main thread a load against 447 without; `?data-compare-ranked=true` opens a link on it
    label="Rank, value, band, SN average and change for every authority",
    draw=ranked,
    file=f"compare-{indicator}-{year}-{area}",
    context={"Indicator": ind["name"], "Unit": ind["unit"], "Period": period_text(ind["year_type"], year, preposition=False) + (f" ({marked})" if marked else ""), "Selected LA": "none" if spread else la_names[area],
             "Source": ind["source"], **{r["label"]: value_text(r["value"], ind["decimals"], ind["unit"]) for r in refs.iter_rows(named=True)},  # England's and the region's, as printed
             # which way is better, and whom the blue bars are: a picture pasted into a report said neither
             "Order": order if ind["polarity"] == "neutral" else f"{order}, {POLARITY[ind['polarity']]}",
             # by semicolons: "Bournemouth, Christchurch and Poole, Bristol, City of, Croydon" read as more authorities than ten
             **({"Statistical neighbours": "; ".join(sorted(table.filter(pl.col("role") == "Statistical neighbour")["area_name"].to_list()))} if mine.height else {}),
             "Warehouse built": ps.built()},
)

unranked = table.filter(pl.col("value").is_null())
# a figure published only as too small to show ("low", rounds to zero) is there, but cannot be placed among the others
small = unranked.filter(pl.col("suppression").is_in(list(FIGURE_KNOWN)))
missing = unranked.filter(~pl.col("suppression").is_in(list(FIGURE_KNOWN)) | pl.col("suppression").is_null())
if missing.height:
    # grouped by reason: 79 names each followed by "(no figure (-))" hid the few with another reason
    why = missing.with_columns(pl.col("suppression").map_elements(reason_heading, return_dtype=pl.String, skip_nulls=False).alias("why"))
    st.info(plain(
        # a sentence a reason: within one, names are split by semicolons where one has a comma of its own (formatting.listing)
        f"{missing.height} authorit{'y has' if missing.height == 1 else 'ies have'} no figure for {year}. "
        + " ".join(f"{reason}: {listing(rows['area_name'].to_list())}." for (reason,), rows in why.group_by("why", maintain_order=True))
    ))
if small.height:
    st.info(
        f"{listing(small['area_name'].to_list())}: the figure for {year} {'; '.join(sorted({suppressed(s) for s in small['suppression']}))}. "
        "It is published without a number, so it is not drawn or ranked."
    )

# every figure on a small base, said under the chart, as the highlighted authority's is under its figure, with the rank and band it
# moves (the sentence had promised them and given none: the Isles of Scilly's 0 of 32 re-referrals ranked first)
smalls = table.filter(pl.col("value").is_not_null() & (pl.col("denominator") < small_base(ind["unit"])))
if smalls.height:
    st.info(plain(f"On a base of fewer than {small_base(ind['unit'])}, so moved a lot by a difference of one, with their rank and band: "
                  + "; ".join(f"{r['area_name']} {value_text(r['value'], ind['decimals'], ind['unit'])}, {base_text(r['numerator'], r['denominator'], ind['unit'])}"
                              + (f", rank {r['rank']} of {r['ranked_of']}" if r["rank"] is not None else "") + (f", band {r['band']}" if r["band"] else "")
                              for r in smalls.iter_rows(named=True)) + "."))

widgets.heading("Two indicators together")
x_asked, y_asked = st.query_params.get("x"), st.query_params.get("y")
if st.toggle("Show a scatter of two indicators, coloured by Ofsted judgement", value=bool(x_asked or y_asked), key="scatter"):
    d1, d2 = st.columns(2)
    x_id = d1.selectbox("Horizontal axis", list(names), index=list(names).index(x_asked if x_asked in names else indicator), format_func=names.get, key="scatter-x")
    y_default = next((i for i in ("assessments_45_days_pct", "rereferrals_pct") if i in names and i != indicator), x_id)
    y_id = d2.selectbox("Vertical axis", list(names), index=list(names).index(y_asked if y_asked in names else y_default), format_func=names.get, key="scatter-y")
    ps.sync_url(x=x_id, y=y_id)
    # the year chosen above, each indicator's latest figures to it, and the judgements in force then: the scatter had drawn
    # 2025's figures and today's judgements under a page set to 2022 (Sandwell's turnover ringed at 11% beside "28.0% in 2022")
    on = dt.date(year, 3, 31) if year != years[0] else None
    pts = ps.cached(q.scatter_points, x_id, y_id, year, on).with_columns(oq.official_shown())
    x_ind, y_ind = ps.cached(q.indicator, x_id), ps.cached(q.indicator, y_id)
    when = "; ".join(dict.fromkeys(f"{in_sentence(i['name'])} {period_text(i['year_type'], int(ys.max()))}"
                                   for i, ys in ((x_ind, pts["x_period"]), (y_ind, pts["y_period"])) if ys.len()))
    pts = pts.drop("x_period", "y_period")  # said in `when`, not drawn
    widgets.chart_block(
        charts.scatter(pts, x_ind, y_ind, ps.cached(q.grade_labels), area),
        # the data behind it headed by the indicators' names, where it read "X" and "Y"
        pts.select("area_code", "area_name", pl.col("x").alias(x_ind["name"]), pl.col("y").alias(y_ind["name"]),
                   pl.col("grade_label").alias("Ofsted overall"), pl.col("official").alias("In the official statistics")) if x_id != y_id else pts,
        f"Scatter of {pts.height} local authorities: {in_sentence(x_ind['name'])} against {in_sentence(y_ind['name'])} "
        f"({when or year}), coloured by the Ofsted overall judgement in force"
        + (f" on {on:%-d %B %Y}" if on else f" on {as_of:%-d %B %Y}, the latest Ofsted publication loaded" if (as_of := ps.cached(q.ofsted_as_of)) else "")
        + (f" ({unofficial} of them not yet in Ofsted's official statistics: from the data-to-insight overview)"
           if (unofficial := int((pts["official"] == "not yet").sum())) else "")
        + (f"; {la_names[area]} is ringed and named." if area in set(pts["area_code"].to_list()) else "."),
        "compare-scatter",
        context={"Figures": when or year} | ({"Ofsted judgements in force on": f"{judged:%-d %B %Y}"} if (judged := on or ps.cached(q.ofsted_as_of)) else {}),
        heading="Two indicators together",
        file=f"scatter-{x_id}-{y_id}-{year}",
        what="scatter",
    )
else:
    ps.sync_url(x=None, y=None)

"""Map: England's 153 LAs coloured by the latest Ofsted judgement, or by any indicator and year."""

import datetime as dt

import polars as pl
import streamlit as st

from oversight import maps, widgets
from oversight import ofsted_queries as oq
from oversight import page_state as ps
from oversight import queries as q
from oversight.formatting import in_sentence, listing, period_text, plain

SHOW = {"ofsted": "Ofsted judgement", "indicator": "An indicator"}
COLOUR = {"band": "Quartile band", "value": "Value"}
NO_OUTLINE = ""  # a national map for a report: no authority drawn out
PUBLISHED = "published"
COUNT = {PUBLISHED: "Published by the date", "inspected": "As Ofsted's statistics count (inspected by the date)"}


con = ps.connection()
state = ps.url_state(con)
widgets.heading("Map of England", 1)
ps.show_messages(state)
names, la_names = ps.choices()

# a link that names an indicator and no map opens on that indicator
show_param = st.query_params.get("show", "indicator" if "indicator" in st.query_params else "ofsted")
if show_param not in SHOW:
    st.warning("Unknown map in the link; showing the Ofsted judgements instead.")
    show_param = "ofsted"
c1, c2 = st.columns([1, 2])
show = ps.linked_choice(c1.radio, "Colour by", list(SHOW), show_param, "map-show", format_func=SHOW.get, horizontal=True)
# the reader's own authority outlined once chosen (or named by the link); none while "my authority" is only the
# starting choice, so a national map for a report did not come out with Haringey outlined, nor a phone's reader take it for theirs
outlines = {NO_OUTLINE: "No authority outlined", **la_names}
outlined = state.area if state.area in la_names and ps.chosen_area() is not None else NO_OUTLINE
area = ps.linked_choice(c2.selectbox, "Outline authority", list(outlines), outlined, "map-outline", format_func=outlines.get)
outline = area or None  # what the link, the queries and the specs are given: none, not ""
with_outline = f"{la_names[area]} outlined" if outline else "no authority outlined"

if show == "ofsted":
    raw = st.query_params.get("as_at")
    # the judgements are known up to the Ofsted data's latest publication loaded, not to today
    latest = ps.cached(q.ofsted_as_of) or dt.date.today()
    span = f"The judgements run from 1 April 2009 to {latest:%-d %B %Y}, the latest Ofsted publication loaded"
    try:
        asked = dt.date.fromisoformat(raw) if raw else latest
    except ValueError:
        st.warning("The date in the link is not a date (YYYY-MM-DD); showing the latest Ofsted publication loaded instead.")
        asked = latest
    held = min(max(asked, dt.date(2009, 4, 1)), latest)
    if held != asked:
        st.info(f"{span}; {asked:%-d %B %Y} is outside that, so the map shows {held:%-d %B %Y}.")
    asked = held
    typed = st.text_input("Judgements in force on (a date from 2009-04-01, as YYYY-MM-DD)", value=asked.isoformat(), key="map-as-at")
    try:  # a plain text field: the date picker's small spin buttons are below the 24 px target size
        typed_on = dt.date.fromisoformat(typed.strip())
        on = min(max(typed_on, dt.date(2009, 4, 1)), latest)
        if on != typed_on and typed_on != asked:
            st.info(f"{span}; the map shows {on:%-d %B %Y}.")
    except ValueError:
        st.warning("That is not a date written as YYYY-MM-DD; showing the date in the link instead.")
        on = asked
    # two counts of a date: what was published by then, or as Ofsted's statistics count it (the report pack's): 33 and 36
    # outstanding at 31 March 2025, under one title
    asked_count = st.query_params.get("count", PUBLISHED)
    if asked_count not in COUNT:
        st.warning("Unknown count in the link; counting the judgements published by the date instead.")
        asked_count = PUBLISHED
    counted = ps.linked_choice(st.radio, "Count", list(COUNT), asked_count, "map-count", format_func=COUNT.get, horizontal=True,
                       help="Ofsted's statistics count each authority's latest inspection carried out by the date, whenever its report "
                            "was published, and at 31 March as Ofsted's own table for the date does where it is loaded; the annual report pack counts so.")
    inspected = counted == "inspected"
    ps.sync_url(show="ofsted", area=outline, as_at=on.isoformat(), count=counted if inspected else None, indicator=None, year=None, colour=None)
    table = ps.cached(maps.ofsted_frame, on, inspected)
    # counted as the authorities stood that day (152 on 31 March 2019), in their frameworks' own words;
    # the map itself is drawn on today's boundaries
    counts = ps.cached(oq.counts_on, on, q.NOT_INSPECTED, inspected)
    summary = ", ".join(f"{r['count']} {r['judgement']}" for r in counts.iter_rows(named=True))
    # the predecessor as the pickers name it: "Dorset shows Dorset (until 2019)'s" read as a possessive of the date
    drawn = "; ".join(f"{listing(part['area_name'].to_list())} {'shows' if part.height == 1 else 'show'} that of {name}"
                      for (name,), part in table.filter(pl.col("predecessor").is_not_null()).group_by("predecessor", maintain_order=True))
    unofficial = table.filter(pl.col("record").str.starts_with(maps.NOT_OFFICIAL)).height
    spec = ps.cached(maps.ofsted_spec, on, outline, inspected)
    basis = (f"at {on:%-d %B %Y}, {ps.cached(oq.counted_basis, on.year)}" if inspected and (on.month, on.day) == (3, 31)
             else f"at {on:%-d %B %Y}, counting each authority's latest inspection carried out by then, whenever published" if inspected
             else f"in force on {on:%-d %B %Y}, as published by then")
    widgets.map_chart(
        spec,
        f"Map of England's local authorities coloured by the overall Ofsted judgement {basis}, with region outlines and "
        f"{with_outline}. On that date England had {int(counts['count'].sum())} local authorities: {summary}."
        + (f" The map is drawn on today's {table.height} authorities; one that did not exist yet takes the judgement of an authority it replaced: {drawn}." if drawn else "")
        # one formed from authorities judged differently takes none of theirs: BCP had been drawn in Bournemouth's alone
        + maps.judged_apart_text(table),
    )
    if unofficial:
        st.caption(
            f"{unofficial} of these judgements {'was' if unofficial == 1 else 'were'} published by Ofsted but {'is' if unofficial == 1 else 'are'} "
            f"not yet in the official statistics; {'it comes' if unofficial == 1 else 'they come'} from the data-to-insight ILACS overview "
            "(third party, scraped from Ofsted's reports)."
        )
    if again := oq.regraded_note(table):  # Brent and Somerset, coloured by their judgements before
        st.caption(plain(again))
    regraded = oq.regraded_context(table)  # and in the downloads' context
    table = table.drop("ungraded_since")  # said in each row's record
    key = f"ofsted-map-{on.isoformat()}{'-as-ofsted-counts' if inspected else ''}"
    counted_as = {"Judgements counted at": f"{on:%-d %B %Y}, as Ofsted's statistics count"} if inspected else {"Judgements in force on": f"{on:%-d %B %Y}"}
    # the counts on the picture and in the file, so a map pasted alone says them; the basis once (the subtitle says the method)
    decimals, context = None, {**counted_as, "Local authorities": summary, **regraded, "Source": oq.source_of(unofficial)}
    # both of the judgement's wordings, each headed for what it is (the box had two columns headed "Judgement")
    headings = {"grade_label": "Judgement in today's words", "judgement": "Judgement in its framework's words"}
else:
    inds = list(names)
    indicator = ps.linked_choice(st.selectbox, "Indicator", inds, state.indicator, "map-indicator", format_func=names.get)
    years = ps.cached(q.years, indicator)
    # the year chosen is kept when the indicator changes, where the new one has it (re-referrals' 2022, then children looked after,
    # had opened on 2025, or kept 2022 when the two had the same years: which one depended on the years' list)
    year_index = years.index(state.year) if state.year in years else 0
    c3, c4 = st.columns(2)
    year = ps.linked_choice(c3.selectbox, "Year", years, years[year_index], "map-year")
    ind = ps.cached(q.indicator, indicator)
    # a measure LAIT shows no quartile band for is mapped by value: by band it had opened all grey, "By band: ." under it
    colours = {"value": COLOUR["value"]} if ind["no_quartile"] else COLOUR
    colour_param = st.query_params.get("colour", next(iter(colours)))
    if colour_param not in COLOUR:
        st.warning("Unknown colouring in the link; showing quartile bands instead.")
        colour_param = "band"
    if colour_param not in colours:
        colour_param = "value"
        st.caption(plain(f"LAIT shows no quartile band for {in_sentence(ind['name'])}: the map shows its values."))
    by = ps.linked_choice(c4.radio, "Show", list(colours), colour_param, "map-colour", format_func=colours.get, horizontal=True)
    ps.sync_url(show="indicator", area=outline, indicator=indicator, year=year, colour=by, as_at=None)
    full = ps.cached(maps.indicator_frame, indicator, year, outline)
    table = full.select("area_code", "area_name", "region_name", "value", "suppression", "rank", "band", "record")
    spec = ps.cached(maps.indicator_spec, indicator, year, by, outline)
    widgets.map_chart(spec, maps.indicator_description(full, ind, year, by, outline, with_outline))
    # a figure the publisher gives two authorities together, said as trends, compare and the neighbour table say it
    if shared := ps.shared_note(ps.cached(q.shared_figures, indicator, full.filter(pl.col("predecessor").is_null())["area_code"].to_list(), year), ind):
        st.caption(plain(shared))
    key = f"map-{indicator}-{year}"
    # the figures at the indicator's decimals (27.4763 had sat beside a map keyed 27), and the CSV says what they are
    decimals = ind["decimals"]
    context = {"Indicator": ind["name"], "Unit": ind["unit"], "Period": period_text(ind["year_type"], year, preposition=False), "Source": ind["source"]}
    headings = {"record": "Record"}
if outline:
    context["Outlined"] = la_names[area]  # the authority drawn in a thick outline: the picture had not said which, or why

# the table, its CSV and the map as a picture are drawn only when the reader opens the box
box = widgets.table_when_opened("Data behind this map", "data-map", table, decimals=decimals, column_config=headings)
if box.open:
    # the CSV headed as the table is: both judgement columns had stood in the file as "grade_label" and "judgement"
    widgets.downloads(box, spec, table.rename({c: h for c, h in headings.items() if isinstance(h, str)}, strict=False), key, key, context, what="map")

if show == "ofsted":
    widgets.heading("Local authorities good or outstanding since 2009")
    series = ps.cached(oq.good_or_outstanding_series)
    breaks = ps.cached(oq.framework_breaks)
    widgets.chart_block(
        maps.series_chart(series, breaks),
        series,
        maps.series_description(series),
        "ofsted-good-series",
    )

"""National picture: England's headline indicators, Ofsted judgements and data freshness."""

import streamlit as st

from oversight import charts, widgets
from oversight import page_state as ps
from oversight import queries as q
from oversight.formatting import PP_KEY, VERDICT, built_text, change_text, plain, value_text, year_label

con = ps.connection()
st.title("National picture")
st.caption(f"England's headline safeguarding indicators, latest year against the year before. A year is the year to 31 March, or 31 March itself, unless a date is given. {PP_KEY}")

if newer := ps.newer_release_note():
    st.info(newer)
tiles = ps.cached(q.headline_tiles)
for outcome in tiles["outcome"].unique(maintain_order=True):
    group = tiles.filter(tiles["outcome"] == outcome) if outcome is not None else tiles.filter(tiles["outcome"].is_null())
    st.markdown(f"**{outcome or 'Other'}**")
    rows = list(group.iter_rows(named=True))
    for i, t in enumerate(rows):
        if i % 4 == 0:  # a row of four at a time, so that on a narrow screen the tiles stack in reading order
            cols = st.columns(4)
        title = f"{t['name']} ({year_label(t['year_type'], t['time_period'])})"
        tile = cols[i % 4].container(border=True, height="stretch")
        tile.markdown(f"**{plain(title)}**")  # the whole title, wrapped (a metric's own label is cut to one line)
        delta, arrow, colour = None, "off", "gray"
        if t["change"] is not None:
            # better or worse follows polarity, in words as well as colour; the sign and arrow follow the change
            verdict = f", {VERDICT[t['direction']]}" if t["direction"] in VERDICT else ""
            delta = f"{change_text(t['change'], t['decimals'], t['unit'])} on {t['previous_year']}{verdict}"
            shown = round(t["change"], t["decimals"])  # no arrow for a change that rounds to nothing
            arrow = "up" if shown > 0 else "down" if shown < 0 else "off"
            colour = {"improving": "green", "declining": "red"}.get(t["direction"], "gray")
        tile.metric(
            label=title,
            label_visibility="collapsed",
            value=value_text(t["value"], t["decimals"], t["unit"], t["suppression"]),
            delta=delta,
            delta_color=colour,
            delta_arrow=arrow,
        )

st.header("Latest Ofsted overall judgement")
counts = ps.cached(q.judgement_counts)
total = int(counts["count"].sum())
unofficial = int(counts["not_yet_official"].sum())
if unofficial:
    st.write(f"Judgements in force at the latest Ofsted publication loaded. {unofficial} were published by Ofsted after its last official "
             "statistics and come from the third-party overview of its reports (data-to-insight): not yet in the official statistics.")
text = ", ".join(f"{r['count']} {r['grade_label']}" for r in counts.iter_rows(named=True))
widgets.chart_block(
    charts.bar_counts(counts, "grade_label", f"{total} local authorities by latest overall effectiveness", ps.cached(q.grade_labels)),
    counts,
    f"Bar chart of {total} local authorities by their latest Ofsted overall effectiveness judgement: {text}.",
    "ofsted-counts",
)

st.header("How fresh the data is")
info = ps.cached(q.build_info)
st.write(f"Warehouse built {built_text(info.get('built_at'))} (build `{info.get('build_id')}`) from {info.get('files_loaded')} files.")
widgets.table(ps.cached(q.freshness))
st.page_link("pages/data.py", label="Sources, load log and reconciliation")

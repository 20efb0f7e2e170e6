"""National picture: England's headline indicators, Ofsted judgements and data freshness."""

import streamlit as st

from oversight import charts, present, ui
from oversight import queries as q

con = ui.connection()
st.title("National picture")
st.caption("England's headline safeguarding indicators, latest year against the year before.")

tiles = ui.cached(present.headline_tiles)
cols = st.columns(4)
for i, t in enumerate(tiles):
    with cols[i % 4]:
        delta = None
        if t["change"] is not None:
            delta = f"{t['change']:+,.{t['decimals']}f} on {t['previous_year']}"
        # colour follows polarity: a rise is green when higher is better, red when lower is better
        colour = {"higher": "normal", "lower": "inverse"}.get(t["polarity"], "off")
        st.metric(
            label=f"{t['name']} ({t['year']})",
            value=present.fmt(t["value"], t["decimals"], t["unit"], t["suppression"]),
            delta=delta,
            delta_color=colour,
            help=f"{t['direction'].capitalize()}. Unit: {t['unit']}.",
            border=True,
        )

st.subheader("Latest Ofsted overall judgement")
counts = ui.cached(present.judgement_counts)
total = int(counts["count"].sum())
text = ", ".join(f"{r['count']} {r['grade_label']}" for r in counts.iter_rows(named=True))
ui.chart_block(
    charts.bar_counts(counts, "grade_label", f"{total} local authorities by latest overall effectiveness"),
    counts,
    f"Bar chart of {total} local authorities by their latest Ofsted overall effectiveness judgement: {text}.",
    "ofsted-counts",
)

st.subheader("How fresh the data is")
info = q.build_info(con)
st.write(f"Warehouse built {info.get('built_at')} (build `{info.get('build_id')}`) from {info.get('files_loaded')} files.")
st.dataframe(ui.cached(q.freshness), hide_index=True, width="stretch")
st.page_link("pages/data.py", label="Sources, load log and reconciliation", icon="📖")

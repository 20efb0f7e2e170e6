"""LA profile: every indicator for one authority, with direction of travel and Ofsted timeline."""

import polars as pl
import streamlit as st

from oversight import charts, flags, present, ui
from oversight import queries as q

con = ui.connection()
state = ui.url_state(con, need_year=False)
ui.show_messages(state)
_, la_names = ui.choices()
las = ui.cached(q.current_las)
area = st.selectbox("Authority", list(la_names), index=list(la_names).index(state.area), format_func=la_names.get)
ui.sync_url(area=area)
me = las.filter(pl.col("area_code") == area).row(0, named=True)
st.title(f"{me['area_name']}: profile")
st.caption(f"{me['region_name']} · ONS code {area}")

table = ui.cached(present.profile_table, area)
improving = table.filter(pl.col("direction") == "improving").height
declining = table.filter(pl.col("direction") == "declining").height
st.markdown(f"Of the indicators where higher or lower is better, **{improving} improved** and **{declining} declined** in the latest year.")
st.dataframe(
    table.drop("indicator_id", "polarity"),
    hide_index=True,
    width="stretch",
    column_config={
        "indicator": "Indicator",
        "unit": "Unit",
        "year": st.column_config.NumberColumn("Year", format="%d"),
        "latest": "Latest",
        "previous": "Previous",
        "change": st.column_config.NumberColumn("Change"),
        "direction": st.column_config.TextColumn("Direction of travel", help="improving or declining follows polarity; up or down for neutral indicators"),
        "rank": st.column_config.TextColumn("Rank", help="1 is best; for neutral indicators 1 is the lowest value"),
        "quartile": "Quartile",
        "sn_average": "SN average",
        "england": "England",
        "trend": st.column_config.LineChartColumn("Trend"),
    },
)
st.download_button("Download profile CSV", table.drop("trend").write_csv(), file_name=f"profile-{area}.csv", mime="text/csv")

st.subheader("Early-warning flags")
mine = ui.cached(flags.flagged).filter(pl.col("area_code") == area)
if mine.is_empty():
    st.success("No early-warning flags for this authority.")
else:
    for r in mine.iter_rows(named=True):
        st.markdown(f"- **{r['severity']}**: {r['message']}")
st.page_link("pages/watchlist.py", label="All authorities on the watchlist", icon="⚠️")

st.subheader("Statistical neighbours")
nb = q.neighbours(con, area)
st.write(", ".join(f"{r['area_name']} ({r['closeness'] or 'closeness not given'})" for r in nb.iter_rows(named=True)) or "None listed.")

st.subheader("Ofsted timeline")
hist = q.ofsted_history(con, area)
if hist.is_empty():
    st.info("No ILACS inspection is recorded for this authority.")
else:
    wide = hist.pivot(on="judgement", index=["inspection_date", "inspection_type"], values="grade_label").sort("inspection_date")
    st.dataframe(wide, hide_index=True, width="stretch")
    overall = hist.filter(pl.col("judgement") == "overall_effectiveness")
    ui.chart_block(
        charts.grade_distribution(overall.with_columns(pl.col("inspection_date").dt.year().alias("year"), pl.lit(1).alias("count")), "year", "Inspection year"),
        wide,
        f"Timeline of {overall.height} ILACS inspections of {me['area_name']}, coloured by overall effectiveness: "
        + "; ".join(f"{r['inspection_date']} {r['grade_label']}" for r in overall.iter_rows(named=True))
        + ".",
        "profile-ofsted",
    )

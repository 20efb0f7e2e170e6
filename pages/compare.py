"""Compare authorities: every LA ranked on one indicator, with SNs, region and England."""

import polars as pl
import streamlit as st

from oversight import charts, present, ui
from oversight import queries as q

con = ui.connection()
state = ui.url_state(con)
st.title("Compare authorities")
ui.show_messages(state)

names, la_names = ui.choices()

c1, c2, c3 = st.columns([3, 1, 2])
indicator = c1.selectbox("Indicator", list(names), index=list(names).index(state.indicator), format_func=names.get)
years = ui.cached(q.years, indicator)
year_index = years.index(state.year) if indicator == state.indicator and state.year in years else 0
year = c2.selectbox("Year", years, index=year_index)
area = c3.selectbox("Highlight authority", list(la_names), index=list(la_names).index(state.area), format_func=la_names.get)
ui.sync_url(area=area, indicator=indicator, year=year)

ind = ui.cached(present.indicator_row, indicator)
table = ui.cached(present.compare_table, indicator, year, area)
region = ui.cached(q.current_las).filter(pl.col("area_code") == area)["region_code"][0]
refs = ui.cached(present.reference_values, indicator, year, region)

me = table.filter(pl.col("area_code") == area).row(0, named=True)
polarity_text = {"higher": "higher is better", "lower": "lower is better", "neutral": "neither higher nor lower is better"}[ind["polarity"]]
st.markdown(
    f"**{la_names[area]}**: {present.fmt(me['value'], ind['decimals'], ind['unit'], me['suppression'])} "
    f"in {year} ({ind['unit']}; {polarity_text}). "
    + (f"Rank {me['rank']} of {table['rank'].count()}, quartile band {me['quartile']}." if me["rank"] is not None else "")
)

plotted = table.filter(pl.col("value").is_not_null())
ref_text = "; ".join(f"{r['label']} {r['value']:,.{ind['decimals']}f}" for r in refs.iter_rows(named=True))
ui.chart_block(
    charts.ranked_bars(plotted, f"{ind['name']}, {year}", ind["unit"], refs),
    table.select("rank", "area_name", "value", "suppression", "quartile", "sn_average", "role"),
    f"Bar chart ranking {plotted.height} local authorities on {ind['name'].lower()} in {year}, "
    f"best first where polarity applies. {la_names[area]} is highlighted with its statistical neighbours. "
    f"Reference lines: {ref_text}.",
    "compare-ranked",
)

suppressed = table.filter(pl.col("value").is_null())
if suppressed.height:
    st.info(
        f"{suppressed.height} authorities have no figure for {year}: "
        + ", ".join(f"{r['area_name']} ({r['status']})" for r in suppressed.iter_rows(named=True))
    )

st.subheader("Rank, value, quartile and SN average")
st.dataframe(
    table.select("rank", "area_name", "region_name", "value", "status", "quartile", "sn_average", "role"),
    hide_index=True,
    width="stretch",
    column_config={
        "rank": st.column_config.NumberColumn("Rank", help="1 is best (lowest value first for neutral indicators)"),
        "area_name": "Local authority",
        "region_name": "Region",
        "value": st.column_config.NumberColumn(ind["name"], format=f"%.{ind['decimals']}f"),
        "status": "Suppressed",
        "quartile": st.column_config.TextColumn("Quartile", help="A best to D worst, following polarity"),
        "sn_average": st.column_config.NumberColumn("SN average", format=f"%.{ind['decimals']}f"),
        "role": "Role",
    },
)

st.subheader("Two indicators together")
d1, d2 = st.columns(2)
x_asked = st.query_params.get("x")
x_id = d1.selectbox("Horizontal axis", list(names), index=list(names).index(x_asked if x_asked in names else indicator), format_func=names.get, key="scatter-x")
y_default = next((i for i in ("assessments_45_days_pct", "rereferrals_pct") if i in names and i != indicator), x_id)
y_asked = st.query_params.get("y")
y_id = d2.selectbox("Vertical axis", list(names), index=list(names).index(y_asked if y_asked in names else y_default), format_func=names.get, key="scatter-y")
ui.sync_url(x=x_id, y=y_id)
xs = ui.cached(q.values_for_year, x_id, ui.cached(q.years, x_id)[0]).select("area_code", "area_name", pl.col("value").alias("x"))
ys = ui.cached(q.values_for_year, y_id, ui.cached(q.years, y_id)[0]).select("area_code", pl.col("value").alias("y"))
grades = ui.cached(present.ofsted_current).select("area_code", "grade_label")
pts = xs.join(ys, on="area_code").join(grades, on="area_code").drop_nulls(["x", "y"])
ui.chart_block(
    charts.scatter(pts, names[x_id], names[y_id]),
    pts,
    f"Scatter of {pts.height} local authorities: {names[x_id].lower()} against {names[y_id].lower()} "
    "(latest year of each), coloured by latest Ofsted overall judgement.",
    "compare-scatter",
)

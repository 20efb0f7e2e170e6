"""Trends: chosen LAs over every year against their SN average, region and England."""

import polars as pl
import streamlit as st

from oversight import charts, present, ui
from oversight import queries as q

con = ui.connection()
state = ui.url_state(con, need_year=False)
st.title("Trends")
ui.show_messages(state)

names, la_names = ui.choices()

chosen = state.areas[:6]
if len(state.areas) > 6:
    st.warning("A trend shows up to 6 authorities; the first 6 in the link are shown.")
c1, c2, c3 = st.columns([3, 3, 2])
areas = c1.multiselect("Authorities", list(la_names), default=chosen, format_func=la_names.get, max_selections=6)
indicator = c2.selectbox("Indicator", list(names), index=list(names).index(state.indicator), format_func=names.get)
compare_to = c3.radio("Compare with", list(ui.COMPARE_TO), index=list(ui.COMPARE_TO).index(state.compare_to), format_func=ui.COMPARE_TO.get, horizontal=True)
areas = areas or [state.area]
ui.sync_url(area=areas, indicator=indicator, compare_to=compare_to)

ind = ui.cached(present.indicator_row, indicator)
data = ui.cached(present.trend_frame, indicator, areas, compare_to)
if compare_to == "england":
    data = data.filter(~pl.col("series").str.ends_with("SN average") & pl.col("series").is_in([la_names[a] for a in areas] + ["England"]))
elif compare_to == "region":
    data = data.filter(~pl.col("series").str.ends_with("SN average"))
breaks = ui.cached(present.boundary_breaks, areas)
for _name, _year, text in breaks:
    st.info(f"Series break: {text}. Figures before then belong to the old authority, so they are not shown for it.")
first, last = (data["time_period"].min(), data["time_period"].max()) if data.height else ("-", "-")
ui.chart_block(
    charts.trend(data, f"{ind['name']}", ind["unit"], sorted({y for _, y, _ in breaks})),
    data.pivot(on="series", index="time_period", values="value").sort("time_period") if data.height else data,
    f"Line chart of {ind['name'].lower()} from {first} to {last} for {', '.join(la_names[a] for a in areas)}, "
    f"with {ui.COMPARE_TO[compare_to].lower()} for comparison."
    + (" A dotted vertical line marks a boundary change." if breaks else ""),
    "trend",
)

st.subheader(f"Every headline indicator for {la_names[areas[0]]}")
heads = ui.cached(q.indicators_with_data).filter(pl.col("headline"))
frames = []
for row in heads.iter_rows(named=True):
    f = ui.cached(present.trend_frame, row["indicator_id"], [areas[0]], "sn")
    f = f.filter(pl.col("series").is_in([la_names[areas[0]], "England"]))
    frames.append(f.with_columns(pl.lit(row["name"]).alias("indicator")))
multi = pl.concat(frames) if frames else pl.DataFrame()
ui.chart_block(
    charts.small_multiples(multi),
    multi.select("indicator", "series", "time_period", "value"),
    f"Small multiple line charts of {heads.height} headline indicators for {la_names[areas[0]]} against England, every year available.",
    "trend-multiples",
)

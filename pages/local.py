"""This year, locally: the authority's own in-year figures from its returns (the local database)
beside its last published figures and its neighbours', region's and England's."""

import altair as alt
import duckdb
import polars as pl
import streamlit as st

from oversight import db, exports, widgets
from oversight import local_queries as lq
from oversight import page_state as ps
from oversight.formatting import listing, plain, value_text


@st.cache_resource(show_spinner=False)
def _local(path: str, inode: int, mtime_ns: int, size: int) -> duckdb.DuckDBPyConnection:
    return db.connect(lq.local_path(), views=())


ps.through_navigation()
widgets.heading("This year, locally", 1)
try:
    lcon = db.cursor(_local(*db.file_version(lq.local_path())))
except db.DatabaseMissing:
    st.info("There is no local database. Load your authority's returns first (`--la` only where the returns do not name the authority):\n\n```\noversight returns --source DIR [--la CODE]\n```")
    st.stop()
except db.DatabaseError as e:
    st.error(str(e).replace(db.HINT, "Load the returns again with: oversight returns --source DIR [--la CODE]"))
    st.stop()

years = lq.local_years(lcon)
if not years:
    st.info("The local database holds no figures.")
    st.stop()
raw = st.query_params.get("year")
asked = ps.parse_int(raw)
if raw is not None and asked not in years:
    st.warning("No local figures for the year in the link; showing the latest collection year instead.")
year = ps.linked_choice(st.selectbox, "Collection year", years, asked if asked in years else years[0], "local-year",
                        format_func=lambda y: f"{y - 1}-{str(y)[2:]} (year to 31 March {y})")
ps.sync_url(year=year)

local = lq.local_values(lcon, year)
area_code = local["area_code"][0]
published = me = None
try:
    db.file_version()
except db.DatabaseMissing:
    st.warning("No published warehouse was found, so the published benchmarks are not shown.")
else:
    con = ps.connection()
    me = lq.area(con, area_code)
    published = lq.published_benchmarks(con, area_code, year, local["indicator_id"].to_list(), local["value"].to_list())
name = me["area_name"] if me else area_code
widgets.heading(plain(name))
# Bradford chosen as "my authority", the page showed Camden's returns with nothing to say Bradford has none here
if me and (chosen := ps.chosen_area()) not in (None, area_code):
    st.info(plain(f"The returns loaded on this machine are {name}'s, so this page shows {name}, not {ps.subjects().get(chosen, chosen)}, your chosen authority."))
st.caption(
    "Figures computed on this machine from the authority's own returns; child-level data never leaves it. "
    "Counts of 1 to 4, and figures built on them, are shown as suppressed (c), as DfE suppresses them. "
    f"Published figures are the latest DfE has released for each indicator before the collection year (to 31 March {year - 1} at the latest), "
    "and the band and the neighbours' figures are those of the same published year."
)

table = lq.comparison(local, published)
if (low := lq.far_below_published(table)).height:
    st.warning(
        "This year's " + listing([f"{r['indicator'][0].lower()}{r['indicator'][1:]} ({value_text(r['local'], 0, 'count')} against "
                                  f"{value_text(r['published'], 0, 'count')} published for {r['published_year']})" for r in low.iter_rows(named=True)])
        + f" {'is' if low.height == 1 else 'are'} under a quarter of the last published figure{'' if low.height == 1 else 's'}: "
        "check that the returns hold the whole year and every child before these figures are used."
    )


def _fmt(r: dict, key: str) -> str:
    return value_text(r[key], r["decimals"], r["unit"], r["suppression"] if key == "local" else None)


shown = pl.DataFrame(
    [
        {
            "Indicator": r["indicator"],
            "This year (local)": _fmt(r, "local"),
            "Last published": _fmt(r, "published"),
            "Published year": r["published_year"],
            "Direction": r["direction"],
            "SN average": _fmt(r, "sn_mean"),
            "Region": _fmt(r, "region"),
            "England": _fmt(r, "england"),
            "Band among LAs": r["band"] or "",
            "Flag": r["flag"] or "",
        }
        for r in table.iter_rows(named=True)
    ]
)
flagged = table.filter(pl.col("flag").is_not_null()).height
st.text(f"{local.height} indicators for {year - 1}-{str(year)[2:]}; {flagged} flagged as worse than the statistical neighbours' average by more than one standard deviation.")
widgets.table(
    shown,
    column_config={
        "Published year": st.column_config.NumberColumn("Published year", format="%d"),
        "Direction": st.column_config.TextColumn("Direction", help="against the authority's own last published figure; improving or declining follows polarity, up or down for neutral indicators"),
        "Band among LAs": st.column_config.TextColumn("Band among LAs", help="where the local figure would sit among every LA's last published figures: A best to D worst by polarity; Q1 to Q4 for neutral indicators"),
    },
)
widgets.download(st, "Download comparison CSV", exports.csv_bytes(shown), file_name=f"local-{area_code}-{year}.csv", mime="text/csv")

widgets.heading("Month by month")
monthly = lq.local_monthly(lcon, year)
if monthly.is_empty():
    st.info("No dated events in this year's returns.")
else:
    data = monthly.with_columns(pl.col("month").dt.strftime("%Y-%m").alias("month"))
    chart = (
        alt.Chart(data)
        .mark_line(point=True, invalid="break-paths-show-domains")  # a suppressed month keeps its place, as a gap
        .encode(
            x=alt.X("month:O", title="Month"),
            # whole numbers, from 0 to at least 5 (above the suppressed counts of 1 to 4): with every
            # drawn month at 0 the axis had one tick, "0.000000"
            y=alt.Y("count:Q", title="Count", axis=alt.Axis(format=",d", tickMinStep=1),
                    scale=alt.Scale(domain=[0, max(5, int(data["count"].max() or 0))])),
            color=alt.Color("measure:N", title="Measure", scale=alt.Scale(range=["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00"])),
            tooltip=[alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("month:O", title="Month"), alt.Tooltip("count:Q", title="Count", format=",d")],
        )
        .properties(height=320)
    )
    hidden = [f"{r['measure']} in {r['month']}" for r in data.filter(pl.col("suppression").is_not_null()).sort("month", "measure").iter_rows(named=True)]
    said = (f" {len(hidden)} monthly {'count' if len(hidden) == 1 else 'counts'} of 1 to 4 {'is' if len(hidden) == 1 else 'are'} suppressed, "
            f"left as {'a gap' if len(hidden) == 1 else 'gaps'} in {'its line' if len(hidden) == 1 else 'the lines'}: {', '.join(hidden)}." if hidden else "")
    widgets.chart_block(
        chart,
        data,
        f"Events each month from April {year - 1} to March {year}: " + ", ".join(sorted(set(data["measure"]))) + "." + said,
        f"local-monthly-{year}",
        context={"Authority": name, "Collection year": f"{year - 1}-{str(year)[2:]} (year to 31 March {year})",
                 "Source": "the authority's own returns, computed on this machine; counts of 1 to 4 suppressed"},
        heading=f"Events each month, {name}, April {year - 1} to March {year}",
    )

widgets.heading("Definitions and returns")
widgets.table(local.select(pl.col("name").alias("Indicator"), pl.col("definition").alias("Definition")))
widgets.table(lq.local_returns(lcon))
st.text("Full validation of a return: DfE's rules as the data-to-insight validators implement them (csc-validator-be-cin, csc-validator-be-903).")

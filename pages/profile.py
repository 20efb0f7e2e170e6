"""LA profile: every indicator for one authority, with direction of travel and Ofsted timeline."""

import polars as pl
import streamlit as st

from oversight import charts, exports, flags, widgets
from oversight import ofsted_queries as oq
from oversight import page_state as ps
from oversight import queries as q
from oversight.formatting import value_text

con = ps.connection()
state = ps.url_state(con, need_year=False)
ps.show_messages(state)
area = ps.area_picker(st, "Authority, England, region or former authority", "profile-area")
ps.sync_url(area=area)
me = ps.cached(q.areas).filter(pl.col("area_code") == area).row(0, named=True)
st.title(f"{me['area_name']}: profile")
where = me["region_name"] or me["geographic_level"]
st.caption(f"{where} · ONS code {area}" + ("" if me["is_current"] else f" · replaced after {me['last_year']} by a boundary change"))

rows = ps.cached(q.latest_for_area, area)
improving = rows.filter(pl.col("direction") == "improving").height
declining = rows.filter(pl.col("direction") == "declining").height
st.markdown(f"Of the indicators where higher or lower is better, **{improving} improved** and **{declining} declined** in the latest year.")


def _text(r: dict, value: str, suppression: str | None = None) -> str:
    return value_text(r[value], r["decimals"], r["unit"], suppression) if r["time_period"] is not None else "not available"


table = pl.DataFrame(
    [
        {
            "indicator": r["name"],
            "unit": r["unit"],
            "year": r["time_period"],
            "latest": _text(r, "value", r["suppression"]),
            "previous": _text(r, "previous_value") if r["previous_value"] is not None else "not available",
            "change": None if r["change"] is None else round(r["change"], r["decimals"]),
            "direction": r["direction"],
            "rank": f"{r['rank']} of {r['ranked_of']}" if r["rank"] is not None else "n/a",
            "band": r["band"],
            "sn_mean": None if r["sn_mean"] is None else round(r["sn_mean"], r["decimals"]),
            "england": None if r["england_value"] is None else round(r["england_value"], r["decimals"]),
            "trend": r["trend"] or [],
        }
        for r in rows.iter_rows(named=True)
    ],
    schema_overrides={"year": pl.Int32, "trend": pl.List(pl.Float64)},
    infer_schema_length=None,
)
st.dataframe(
    table,
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
        "band": st.column_config.TextColumn("Band", help="Quartile band: A best to D worst; Q1 (lowest) to Q4 (highest) for neutral indicators"),
        "sn_mean": "SN average",
        "england": "England",
        "trend": st.column_config.LineChartColumn("Trend"),
    },
)
st.download_button("Download profile CSV", exports.csv_bytes(table.drop("trend")), file_name=f"profile-{area}.csv", mime="text/csv")

st.header("Early-warning flags")
mine = ps.cached(flags.flagged).filter(pl.col("area_code") == area)
if not ps.is_la(area):
    st.info("Early-warning flags are raised for current local authorities only.")
elif mine.is_empty():
    st.success("No early-warning flags for this authority.")
else:
    st.markdown("\n".join(f"- **{r['severity']}**: {r['message']}" for r in mine.iter_rows(named=True)))
st.page_link("pages/watchlist.py", label="All authorities on the watchlist")

st.header("Statistical neighbours")
nb = ps.cached(q.neighbours, area)
st.write(", ".join(f"{r['area_name']} ({r['closeness'] or 'closeness not given'})" for r in nb.iter_rows(named=True)) or "None listed.")

st.header("Ofsted timeline")
hist = ps.cached(oq.timeline, area)
if hist.is_empty():
    st.info("No Ofsted inspection is recorded for this authority.")
else:
    graded = hist.filter(pl.col("overall_grade").is_not_null() & (pl.col("framework") != "LSCB review"))
    described = "; ".join(f"{r['framework']} published {r['publication_date']:%-d %B %Y}: {r['grade_label']}" for r in graded.iter_rows(named=True))
    widgets.chart_block(
        charts.ofsted_timeline(hist, ps.cached(q.grade_labels)),
        hist,
        f"Timeline of {len(graded)} graded Ofsted inspections of {me['area_name']}: {described or 'none graded'}.",
        f"ofsted-timeline-{area}",
    )
    st.dataframe(
        hist.select("publication_date", "inspection_date", "framework", "grade_label", "sub_judgements", "status_note"),
        hide_index=True,
        width="stretch",
        column_config={
            "publication_date": st.column_config.DateColumn("Published", format="D MMM YYYY"),
            "inspection_date": st.column_config.DateColumn("Inspected", format="D MMM YYYY"),
            "framework": "Framework",
            "grade_label": "Overall judgement (published wording)",
            "sub_judgements": st.column_config.TextColumn("Sub-judgements", width="large"),
            "status_note": "Note",
        },
    )
    notes = hist.filter(pl.col("scale_note").is_not_null()).unique("framework", maintain_order=True)
    for r in notes.iter_rows(named=True):
        st.caption(f"{r['framework']}: {r['scale_note']}")

st.header("Scrutiny pack")
if not ps.is_la(area):
    st.info("A scrutiny pack is made for a current local authority.")
else:
    import tempfile
    from pathlib import Path

    from oversight import scrutiny

    pack_year = ps.cached(q.years, "referrals_count")[0]
    st.text(f"{me['area_name']} against its statistical neighbours, region and England for every headline indicator in the year to 31 March {pack_year}, "
            "with its early-warning flags and Ofsted history: a PDF (A4 landscape), an Excel workbook and an HTML page, in one zip.")
    if st.button("Build scrutiny pack", key="build-scrutiny"):
        with st.spinner("Building the scrutiny pack"), tempfile.TemporaryDirectory() as tmp:
            st.session_state["scrutiny"] = (area, pack_year, scrutiny.zip_scrutiny(con, pack_year, area, Path(tmp)))
    if st.session_state.get("scrutiny", (None,))[0] == area:
        st.download_button("Download scrutiny pack (zip)", st.session_state["scrutiny"][2], file_name=f"scrutiny_{area}_{pack_year}.zip", mime="application/zip", type="primary")

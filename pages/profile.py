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


newest = rows["time_period"].max()
st.text(f"Latest figures are for the year to 31 March {newest} unless a year is given beside them; previous is the year before.")
ARROW = {"improving": "▲ better", "declining": "▼ worse", "up": "▲ up", "down": "▼ down", "no change": "= same"}


def _fig(r: dict, key: str) -> str:
    return "–" if r[key] is None else value_text(r[key], r["decimals"], r["unit"])


table = pl.DataFrame(
    [
        {
            "topic": r["topic"],
            "indicator": r["name"],
            "latest": _text(r, "value", r["suppression"]) + ("" if r["time_period"] in (None, newest) else f" ({r['time_period']})"),
            "previous": _text(r, "previous_value") if r["previous_value"] is not None else "–",
            "change": "–" if r["change"] is None else f"{'+' if r['change'] > 0 else '-' if r['change'] < 0 else ''}{value_text(abs(r['change']), r['decimals'])}",
            "direction": ARROW.get(r["direction"], "–"),
            "rank": f"{r['rank']}/{r['ranked_of']}" if r["rank"] is not None else "–",
            "band": r["band"] or "–",
            "sn_mean": _fig(r, "sn_mean"),
            "region": _fig(r, "region_value"),
            "england": _fig(r, "england_value"),
            "trend": r["trend"] or [],
        }
        for r in rows.iter_rows(named=True)
    ],
    schema_overrides={"trend": pl.List(pl.Float64)},
    infer_schema_length=None,
)
COLUMNS = {
    "indicator": st.column_config.TextColumn("Indicator", width="medium"),
    "latest": st.column_config.TextColumn("Latest", width="small"),
    "previous": st.column_config.TextColumn("Previous", width="small"),
    "change": st.column_config.TextColumn("Change", width="small"),
    "direction": st.column_config.TextColumn("Direction", width="small", help="better or worse follows polarity; up or down for neutral indicators"),
    "rank": st.column_config.TextColumn("Rank", width="small", help="rank of the LAs with a figure: 1 is best; for neutral indicators 1 is the lowest value"),
    "band": st.column_config.TextColumn("Band", width="small", help="Quartile band: A best to D worst; Q1 (lowest) to Q4 (highest) for neutral indicators"),
    "sn_mean": st.column_config.TextColumn("SN average", width="small"),
    "region": st.column_config.TextColumn(me["region_name"] or "Region", width="small"),
    "england": st.column_config.TextColumn("England", width="small"),
    "trend": st.column_config.LineChartColumn("Trend", width="small"),
}
# one table per outcome (the National Framework's outcomes, then other topics), every row and column visible at 1,400 px (no inner scrolling)
st.header("Every indicator, by outcome")
for (topic,), part in table.group_by("topic", maintain_order=True):
    st.subheader(topic or "Other indicators")
    widgets.table(part.drop("topic"), height=35 * (part.height + 1) + 3, column_config=COLUMNS)
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
    widgets.table(
        hist.select("publication_date", "inspection_date", "framework", "grade_label", pl.col("sub_judgements", "status_note").fill_null("")),
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

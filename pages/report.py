"""Annual report pack: the same pack as `python -m etl report`, offered as a zip download."""

import tempfile
from pathlib import Path

import streamlit as st

from oversight import page_state as ps
from oversight import queries as q
from oversight import report
from oversight.formatting import plain

con = ps.connection()
st.title("Annual report pack")
st.caption(
    "Tables (Excel, one formatted sheet each), charts as PNG and SVG, a self-contained HTML report "
    "with narrative generated from the warehouse, and a PDF where Chromium is installed."
)
years = ps.cached(q.years, "referrals_count")
raw = st.query_params.get("year")
asked = ps.parse_int(raw)
default = asked if asked in years else years[0]
if raw and asked not in years:
    st.warning(f"No figures for year '{plain(raw)}'; showing {years[0]} instead.")
year = st.selectbox("Reporting year (to 31 March)", years, index=years.index(default))
ps.sync_url(year=year)
if year == years[0] and (newer := ps.newer_release_note()):
    st.info(newer)

st.header("Summary")
st.markdown("\n".join(f"- {sentence}" for sentence in ps.cached(report.summary, year)))

with_pdf = st.checkbox("Include a PDF (slower)", value=False)
built = st.session_state.get("pack", (None, None))[:2] == (year, with_pdf)  # a pack of this year, with or without its PDF as asked
# one primary button at a time: building until a pack for this year exists, then its download
if st.button("Build report pack again" if built else "Build report pack", type="secondary" if built else "primary"):
    with st.spinner("Building the pack"), tempfile.TemporaryDirectory() as tmp:
        data = report.zip_pack(con, year, Path(tmp), pdf=with_pdf)
    st.session_state["pack"] = (year, with_pdf, data)
    if not built:
        st.rerun()  # drawn again with the download as the one primary button
if built:
    st.download_button(
        "Download report pack (zip)",
        st.session_state["pack"][2],
        file_name=f"safeguarding_oversight_{year}.zip",
        mime="application/zip",
        type="primary",
    )

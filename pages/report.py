"""Annual report pack: the same pack as `python -m etl report`, offered as a zip download."""

import polars as pl
import streamlit as st

from oversight import page_state as ps
from oversight import queries as q
from oversight import report, widgets
from oversight.formatting import ended_text, plain

con = ps.connection()
widgets.heading("Annual report pack", 1)
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
year = ps.linked_choice(st.selectbox, "Reporting year (to 31 March)", years, default, "report-year")
ps.sync_url(year=year)
if year == years[0] and (newer := ps.newer_release_note()):
    st.info(newer)

# England's: the pack is the national one, and a director whose authority is chosen below had read its figures as the authority's
widgets.heading("England: summary")
st.markdown("\n".join(f"- {sentence}" for sentence in ps.cached(report.summary, year)))

with_pdf = st.checkbox("Include a PDF (slower)", value=False)
widgets.build_then_download(  # a pack of this year, with or without its PDF as asked
    "report pack", (year, with_pdf), lambda folder: report.zip_pack(con, year, folder, pdf=with_pdf), f"safeguarding_oversight_{year}.zip", "pack",
)

# one authority's pack is asked for here too: a director looked for it on this page and found only England's
widgets.heading("One authority: its scrutiny pack")
# a former authority in the years it was one: Dorset's county council had "none" for 2019, and BCP stood in for it
las = ps.choices()[1] | ps.former_las_in(year)
area = ps.area_picker(st, "Local authority", "report-area", las)
if (mine := ps.my_area()) not in las:
    gone = ps.cached(q.areas).filter(pl.col("area_code") == mine)["last_year"].to_list()
    why = (f"{ps.subjects()[mine]} {ended_text(gone[0])}: choose {gone[0]} or earlier for its pack" if gone and gone[0] is not None
           else f"A scrutiny pack is one authority's, so {ps.subjects()[mine]} has none")
    st.info(plain(f"{why}; " + ps.stand_in(area, mine, las, "shown")))
# the reader's choice, not the stand-in shown for England or a region, nor the starting choice before any (the link of a
# report writer who chose nothing had read area=E09000014)
ps.sync_url(area=ps.chosen_area())
widgets.scrutiny_pack(con, area, las[area], year, primary=False)  # the year chosen above; the annual pack's buttons stay the primary ones

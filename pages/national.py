"""National picture: England's headline indicators, Ofsted judgements and data freshness."""

import polars as pl
import streamlit as st

from oversight import charts, exports, plain_html, widgets
from oversight import ofsted_queries as oq
from oversight import page_state as ps
from oversight import provenance_queries as pq
from oversight import queries as q
from oversight.formatting import PP_KEY, UNROUNDED_KEY, plain

con = ps.connection()
widgets.heading("National picture", 1)
st.caption(f"England's headline safeguarding indicators, latest year against the year before. A year is the year to 31 March, or 31 March itself, unless a date is given. {PP_KEY} "
           # its CSV gives both years' figures beside the change: referrals' 519.4 and 515.7 beside +3.8
           f"{UNROUNDED_KEY}")

if newer := ps.newer_release_note():
    st.info(newer)
widgets.heading("Headline indicators, by outcome")
tiles = ps.cached(q.headline_tiles)
st.html(plain_html.tiles(tiles))
# the tiles' figures as numbers, each with its year, the year before's figure and the change, for a report's table
# the CSV says when its figures were read, as the page does
widgets.download(st, "Download England's headline figures (CSV)",
                 exports.csv_bytes(exports.with_context(exports.england_figures(tiles), {"Area": "England", "Warehouse built": ps.built()})),
                   file_name="england-headline-figures.csv", mime="text/csv")

widgets.heading("Latest Ofsted overall judgement")
counts = ps.cached(q.judgement_counts)
total = int(counts["count"].sum())
unofficial = int(counts["not_yet_official"].sum())
if unofficial:
    st.write(f"Judgements in force at the latest Ofsted publication loaded. {unofficial} were published by Ofsted after its last official "
             "statistics and come from the third-party overview of its reports (data-to-insight): not yet in the official statistics.")
text = ", ".join(f"{r['count']} {r['grade_label']}" for r in counts.iter_rows(named=True))
current = ps.cached(q.ofsted_current)
if again := oq.regraded_note(current):  # counted by their earlier judgements
    st.info(plain(again))
as_of = ps.cached(q.ofsted_as_of)
widgets.chart_block(
    # the title says the count mixes sources: quoted without the text above it, 42 third-party judgements read as official ones
    charts.bar_counts(counts, "grade_label", f"{total} local authorities by latest overall effectiveness"
                      + (f" ({unofficial} not yet in Ofsted's official statistics)" if unofficial else ""), ps.cached(q.grade_labels)),
    counts.select(pl.col("grade_label").alias("Ofsted overall"), pl.col("count").alias("Local authorities"),
                  pl.col("not_yet_official").alias("Of which not yet in the official statistics")),
    f"Bar chart of {total} local authorities by their latest Ofsted overall effectiveness judgement: {text}.",
    "ofsted-counts",
    # the picture and the CSV say when the judgements stood and where they come from, as every other chart's do
    context={"Judgements in force on": f"{as_of:%-d %B %Y}" if as_of else "not known", **oq.regraded_context(current), "Source": oq.source_of(unofficial)},
)

widgets.heading("How fresh the data is")
info = ps.cached(pq.build_info)
st.write(f"Warehouse built {ps.built()} (build `{info.get('build_id')}`) from {info.get('files_loaded')} files.")
fresh = ps.cached(pq.freshness)
recent = fresh["latest_year"].max() - 2  # the newest three years by name, the rest together
years = fresh.filter(pl.col("latest_year") >= recent)["latest_year"].value_counts().sort("latest_year", descending=True)
older = fresh.height - int(years["count"].sum())
st.write(f"Of {fresh.height} indicators, the latest year held is "
         + "; ".join([f"{r['latest_year']} for {r['count']}" for r in years.iter_rows(named=True)] + ([f"before {recent} for {older}"] if older else []))
         + ".")
widgets.table_when_opened(f"Latest and first year of each of the {fresh.height} indicators", "freshness", fresh)
st.page_link("pages/data.py", label="Sources, load log and reconciliation")

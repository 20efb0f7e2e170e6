"""Data and definitions: the catalogue, sources and load log, reconciliation and suppression."""

import streamlit as st

from oversight import page_state as ps
from oversight import queries as q

con = ps.connection()
st.title("Data and definitions")

st.subheader("Indicator catalogue")
st.dataframe(
    ps.cached(q.indicators).drop("sort_order"),
    hide_index=True,
    width="stretch",
    column_config={"definition": st.column_config.TextColumn("Definition", width="large")},
)

st.subheader("Sources and load log")
info = ps.cached(q.build_info)
st.write(f"Build `{info.get('build_id')}` at {info.get('built_at')} from: {info.get('sources')}")
st.dataframe(ps.cached(q.load_log), hide_index=True, width="stretch")
losses = ps.cached(q.build_losses)
if losses.height:
    st.warning(f"This build was published with --allow-loss: it holds less than the build it replaced ({losses.height} losses, listed below).")
    st.dataframe(losses, hide_index=True, width="stretch")
warns = ps.cached(q.warnings)
if warns.height:
    st.markdown("**Warnings raised while loading**")
    st.dataframe(warns, hide_index=True, width="stretch")

st.subheader("Reconciliation")
st.caption("Figures published twice, compared. A difference beyond rounding is listed below the summary.")
summary = ps.cached(q.reconciliation_summary)
st.dataframe(summary, hide_index=True, width="stretch")
bad = ps.cached(q.reconciliation_disagreements)
st.write(f"{bad.height} figures disagree beyond rounding." if bad.height else "Every compared figure agrees within rounding.")
if bad.height:
    st.dataframe(bad, hide_index=True, width="stretch")

st.subheader("Revisions between releases")
revised = q.revisions(con)
st.write(f"{revised.height:,} figures differ between releases for the same year; the newest release is the one shown everywhere." if revised.height else "No figure differs between the releases loaded.")
if revised.height:
    st.dataframe(revised, hide_index=True, width="stretch")

st.subheader("Suppressed values by indicator and year")
st.caption("c confidential · x not available · z not applicable · u low reliability · low rounds to zero · - no figure (LAIT)")
supp = ps.cached(q.suppression_counts)
st.dataframe(supp, hide_index=True, width="stretch")
st.download_button("Download suppression counts CSV", supp.write_csv(), file_name="suppression.csv", mime="text/csv")

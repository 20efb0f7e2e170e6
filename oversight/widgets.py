"""Streamlit blocks the pages share: a chart with its text alternative and its data."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st


def chart_block(chart: alt.TopLevelMixin, data: pl.DataFrame, alt_text: str, key: str) -> None:
    """A chart, its text alternative, and its data as a table with a CSV download."""
    st.altair_chart(chart, width="stretch")
    st.caption(f"Chart description: {alt_text}")
    with st.expander("Data behind this chart"):
        st.dataframe(data, hide_index=True, width="stretch")
        st.download_button("Download CSV", data.write_csv(), file_name=f"{key}.csv", mime="text/csv", key=f"dl-{key}")

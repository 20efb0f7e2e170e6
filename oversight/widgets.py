"""Streamlit blocks the pages share: a chart with its text alternative and its data."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from oversight import exports


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec, data inline, without Altair's schema validation on every run (the
    charts are validated once by tests/test_pages.py) and without Altair's default view size."""
    out = chart.to_dict(validate=False)
    config = out.get("config", {})
    config.pop("view", None)
    if not config:
        out.pop("config", None)
    return out


def chart_block(chart: alt.TopLevelMixin, data: pl.DataFrame, alt_text: str, key: str) -> None:
    """A chart, its text alternative, and its data as a table with a CSV download.

    The table and the download are drawn only when the reader opens "Data behind this chart"
    (the expander's state is kept under `data-<key>` in the session): a page opens with charts
    only, which is what makes it quick to draw.
    """
    st.vega_lite_chart(spec(chart), width="stretch", alt=alt_text)
    st.caption(f"Chart description: {alt_text}")
    box = st.expander("Data behind this chart", key=f"data-{key}", on_change="rerun")
    if box.open:
        box.dataframe(data, hide_index=True, width="stretch")
        box.download_button("Download CSV", exports.csv_bytes(data), file_name=f"{key}.csv", mime="text/csv", key=f"dl-{key}")

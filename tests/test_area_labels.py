"""An area's name as pages and packs say it is one column, `areas.area_label`: a former authority
with its last year ("Dorset (until 2019)"), every other area as published. Pickers, trend series,
neighbour tables, inspections and packs read it; nothing else builds the label."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from oversight import queries as q
from tests.conftest import ROOT


def test_a_former_authority_is_labelled_with_its_last_year(con):
    labels = dict(con.execute("SELECT area_code, area_label FROM areas").fetchall())
    assert labels["E10000009"] == "Dorset (until 2019)"  # the county council
    assert labels["E06000059"] == "Dorset"  # the council formed in 2019
    assert labels["E10000021"] == "Northamptonshire (until 2021)"
    assert labels["E10000006"] == "Cumbria (until 2023)"
    assert labels["E92000001"] == "England" and labels["E12000007"] == "London"
    formers = con.execute("SELECT count(*) FROM areas WHERE NOT is_current AND area_label NOT LIKE area_name || ' (until ' || last_year || ')'").fetchall()
    assert formers == [(0,)]


def test_the_pickers_and_the_trend_series_read_it(con):
    subjects = dict(q.subjects(con).iter_rows())
    assert subjects["E10000009"] == "Dorset (until 2019)" and subjects["E12000007"] == "London (region)"
    series = q.trend_frame(con, "cpp_rate_per_10k", ["E10000009", "E06000059"], "region")["series"].unique().to_list()
    assert {"Dorset (until 2019)", "Dorset"} <= set(series)


def test_no_other_code_builds_the_label():
    """The label's one home is the areas view: a second "(until ...)" built in Python or SQL would drift."""
    built = re.compile(r"""\(until \{|' \(until '|"\(until \{|former_label\(""")
    found = [f"{p.relative_to(ROOT)}:{n}" for folder in ("oversight", "pages", "etl")
             for p in sorted((ROOT / folder).rglob("*.py")) + sorted((ROOT / folder).rglob("*.sql"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if built.search(line)]
    assert found == ["etl/sql/views.sql:" + str(_line(ROOT / "etl/sql/views.sql", "AS area_label"))]


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_lists_of_a_past_date_name_a_former_authority_by_its_label(con):
    import datetime as dt

    from oversight import maps
    from oversight import ofsted_queries as oq
    before = dt.date(2019, 3, 1)  # Dorset's county council, Bournemouth and Poole a month before BCP
    watched = q.las_on(con, before)["area_name"].to_list()  # the watchlist's authorities
    assert "Dorset (until 2019)" in watched and "Dorset" not in watched and "Poole (until 2019)" in watched
    judged = oq.as_at(con, before)["area_name"].to_list()
    assert "Dorset (until 2019)" in judged and "Dorset" not in judged
    bcp = maps.ofsted_frame(con, before).filter(pl.col("area_code") == "E06000058").row(0, named=True)
    # its three predecessors, judged alike then, each named as the pickers name it
    assert bcp["predecessor"] == "Bournemouth (until 2019), Dorset (until 2019) and Poole (until 2019)"
    assert bcp["record"] == "Judgement of each predecessor authority, Bournemouth (until 2019), Dorset (until 2019) and Poole (until 2019)"

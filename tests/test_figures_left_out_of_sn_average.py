"""A neighbour whose figure is published as "low" (rounds to zero) has no number, so the SN average
and median leave it out, as they leave out every neighbour without a figure. Blackpool's SN average of
agency social workers (13.5% in 2025) left out Sunderland, its lowest neighbour, without a word: the
neighbour table and the scrutiny pack now say so."""

from __future__ import annotations

import polars as pl
import pytest

from oversight import scrutiny
from oversight.formatting import not_in_sn_average
from tests.apptest import open_page

BLACKPOOL, SUNDERLAND = "E06000009", "E08000024"


def test_the_sentence_names_each_neighbour_and_its_years():
    rows = pl.DataFrame({"area_name": ["Sunderland", "Sunderland", "Wigan", "Leeds"], "time_period": [2025, 2024, 2025, 2025],
                         "value": [None, None, None, 3.0], "suppression": ["low", "low", "c", None]})
    assert not_in_sn_average(rows) == ("The SN average and median leave out Sunderland for 2024 and 2025: its figure is published as rounds to zero (low), "
                                       "with no number.")
    assert not_in_sn_average(rows.filter(pl.col("area_name") != "Sunderland")) == ""  # suppressed (c): no figure, said elsewhere


def test_the_real_sn_average_leaves_out_a_low_neighbour(con):
    """The warehouse's figures: Sunderland is Blackpool's neighbour, published as low in 2025, and
    the SN average is the mean of the other neighbours' figures."""
    [(symbol,)] = con.execute("SELECT suppression FROM indicator_values WHERE indicator_id = 'sw_agency_pct' AND area_code = ? AND time_period = 2025",
                              [SUNDERLAND]).fetchall()
    assert symbol == "low"
    [(mean, count, others, n)] = con.execute(
        """SELECT c.sn_mean, c.sn_count, avg(v.value), count(v.value)
           FROM indicator_comparison c JOIN statistical_neighbours s ON s.area_code = c.area_code
           JOIN indicator_values v ON v.area_code = s.neighbour_code AND v.indicator_id = c.indicator_id AND v.time_period = c.time_period
           WHERE c.indicator_id = 'sw_agency_pct' AND c.area_code = ? AND c.time_period = 2025 AND s.neighbour_code <> ?
           GROUP BY ALL""", [BLACKPOOL, SUNDERLAND]).fetchall()
    assert (round(mean, 1), count) == (13.5, n) and mean == pytest.approx(others)


@pytest.mark.usefixtures("on_warehouse")
def test_the_neighbour_table_says_so():
    at = open_page("pages/neighbours.py", area=BLACKPOOL, indicator="sw_agency_pct")
    assert "The SN average and median leave out Sunderland for 2023, 2024 and 2025: its figure is published as rounds to zero (low), with no number." in [
        t.value for t in at.text]


def test_the_scrutiny_packs_note_says_so(con):
    headline = scrutiny.build(con, 2025, BLACKPOOL).tables["Headline indicators 2025"]
    agency = headline.filter(pl.col("Indicator") == "Agency social workers").row(0, named=True)
    assert agency["Note"] == "The SN average and median leave out Sunderland for 2025: its figure is published as rounds to zero (low), with no number."
    assert headline.filter(pl.col("Note").str.contains("leave out")).height == 1


def test_the_scrutiny_workbook_shows_the_symbol_where_there_is_no_figure(con, tmp_path):
    """The pack's printed neighbour table showed Sunderland's "low"; its workbook left the cell blank."""
    from openpyxl import load_workbook

    from oversight import report

    pack = scrutiny.build(con, 2025, BLACKPOOL)
    report.write_workbook(pack, tmp_path / "pack.xlsx")
    sheet = load_workbook(tmp_path / "pack.xlsx")["Neighbours 2025"]
    heading = [c.value for c in sheet[1]]
    agency = next(dict(zip(heading, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "Agency social workers")
    assert agency["Sunderland"] == "low" and isinstance(agency["Blackpool"], float)

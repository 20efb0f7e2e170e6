"""The catalogue's grid gives a line of each definition and methodology, and the CSV the whole: the
441 indicators' texts were 631 kB of the grid's 842 kB, sent to the browser on every visit to the
data page, where a cell shows about 60 characters."""

from __future__ import annotations

import polars as pl
import pytest

from oversight.formatting import cut_short
from tests.apptest import open_page


@pytest.mark.parametrize(("text", "expected"), [
    ("Short enough", "Short enough"),
    ("Children looked after at 31 March", "Children looked…"),  # cut at the last space before the limit
    ("Referrals_within_12_months_of_a_previous", "Referrals_within_12_…"),  # no space: cut at the limit
    (None, None),
])
def test_a_text_is_cut_at_a_space_before_the_limit(text, expected):
    assert pl.DataFrame({"t": [text]}, schema={"t": pl.String}).select(cut_short("t", 20))["t"][0] == expected


@pytest.mark.usefixtures("on_warehouse")
def test_the_grid_cuts_long_texts_and_the_csv_keeps_them_whole(con, monkeypatch):
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/data.py")
    grid = pl.from_pandas(at.dataframe[0].value[["indicator_id", "definition", "methodology"]])
    whole = written[-1].select("indicator_id", "definition", "methodology")
    assert grid.height == whole.height == con.execute("SELECT count(*) FROM indicators").fetchall()[0][0]
    for column in ("definition", "methodology"):
        both = grid.join(whole, on="indicator_id", suffix="_whole")
        cut = both.filter(pl.col(column) != pl.col(f"{column}_whole"))
        assert cut.height > 0 and (grid[column].str.len_chars().max() or 0) <= 121
        # each cut cell is the start of its whole text, marked as cut
        assert cut.select(pl.col(column).str.ends_with("…").all()).item()
        assert all(w.startswith(c.removesuffix("…")) for c, w in cut.select(column, f"{column}_whole").iter_rows())
    assert any("each definition and methodology up to its first 120 characters. The CSV has them whole" in c.value for c in at.caption)

"""A figure that another publication gives differently beyond rounding is said where it is drawn.

The rates here are DfE's as published, so on the real files no figure disagrees beyond rounding (a
test below says so). The notes are tested on a copy of the real warehouse in which three of
LAIT's 2023 rates of children looked after are given another figure, as a later LAIT refresh
revising them would."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.apptest import open_page
from tests.conftest import pointed_at

CHANGED = {"E09000033": 48.0, "E09000014": 80.0, "E09000001": 150.0}  # Westminster, Haringey, City of London: LAIT's figure, given


@pytest.fixture(scope="module")
def disagreeing(warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("disagree") / "oversight.duckdb"
    shutil.copy(warehouse, db)
    con = duckdb.connect(str(db))
    for area, other in CHANGED.items():
        con.execute("UPDATE warehouse.reconciliation SET other_value = ?, within_tolerance = false WHERE indicator_id = 'cla_rate_per_10k' "
                    "AND area_code = ? AND time_period = 2023 AND other_source = 'LAIT LAC'", [other, area])
    con.close()
    with pointed_at(db):
        yield db


def test_on_the_real_files_every_compared_figure_agrees(con):
    (n, bad) = con.execute("SELECT count(*), count(*) FILTER (WHERE NOT within_tolerance) FROM reconciliation").fetchall()[0]
    assert n > 20_000 and bad == 0


def test_trends_names_each_figure_that_differs_from_its_other_publication(disagreeing):
    here = duckdb.connect(str(disagreeing), read_only=True).execute(
        "SELECT value FROM warehouse.indicator_values WHERE indicator_id = 'cla_rate_per_10k' AND area_code = 'E09000033' AND time_period = 2023"
    ).fetchall()[0][0]
    at = open_page("pages/trends.py", area="E09000033", indicator="cla_rate_per_10k")
    note = next(w.value for w in at.warning).replace("\\", "")
    assert note.startswith(f"1 figure drawn here differs from another publication of the same figure by more than rounding: Westminster 2023: {here:.0f} here, "
                           "48 in LAIT LAC. "), note


def test_no_note_where_every_figure_agrees(disagreeing):
    at = open_page("pages/trends.py", area="E08000024", indicator="cla_rate_per_10k")
    assert not [w.value for w in at.warning if "from another publication" in w.value]


def test_compare_names_the_year_s_figures_that_differ_the_chosen_authority_first(disagreeing):
    """Compare ranked authorities whose rate another publication gives differently without a word: it
    now says so, the chosen authority first, then the largest differences."""
    at = open_page("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2023")
    note = next(w.value for w in at.warning).replace("\\", "")
    assert note.startswith("3 figures drawn here differ from another publication of the same figure by more than rounding: Haringey 2023: "), note
    assert note.index("Haringey") < note.index("City of London") < note.index("Westminster"), note  # then the largest difference first
    at = open_page("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2025")
    assert not [w.value for w in at.warning if "from another publication" in w.value]


def test_the_data_page_lists_each_disagreement_the_largest_first(disagreeing):
    at = open_page("pages/data.py", tab="Reconciliation")
    assert "3 figures disagree beyond rounding." in [m.value for m in at.markdown]
    bad = next(df.value for df in at.dataframe if "other_value" in df.value.columns)
    assert "within_tolerance" not in bad.columns and set(bad["area_code"]) == set(CHANGED)
    assert bad["area_name"].iloc[0] == "City of London"  # 150 against a rate near 100: the largest difference

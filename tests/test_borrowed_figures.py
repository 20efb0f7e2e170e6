"""LAIT gives authorities figures for years they did not exist: Cumberland (formed 2023) has
Cumbria's 12% school stability for 2018 and a chlamydia rate of 0 for 2016. Those are not its
figures, so they are left out (with a warning naming them), as an area gets no row for a year it
did not exist; figures worked out for the new area
(Cumberland's chlamydia rate from 2020) stay, and so does the old authority's own figure."""

from __future__ import annotations

import polars as pl

from etl.indicators import borrowed_figures, borrowed_warning

CUMBRIA, CUMBERLAND, WESTMORLAND, KENT = "E10000006", "E06000063", "E06000064", "E10000016"


def frame(rows: list[tuple[str, int, str, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"measure": pl.String, "time_period": pl.Int32, "area_code": pl.String, "value": pl.Float64}, orient="row").with_columns(
        pl.lit(None, dtype=pl.String).alias("suppression"), pl.col("time_period").cast(pl.String).alias("years"))


def test_a_copy_and_a_zero_before_an_authority_existed_are_not_its_figures():
    given = frame([
        ("stab", 2018, CUMBRIA, 12.0), ("stab", 2018, CUMBERLAND, 12.0), ("stab", 2018, WESTMORLAND, 12.0),  # copies
        ("chl", 2016, CUMBERLAND, 0.0),  # a zero
        ("chl", 2021, CUMBERLAND, 1115.5), ("chl", 2021, WESTMORLAND, 1011.1), ("chl", 2024, CUMBRIA, 0.0),  # re-cut; Cumbria had ended
        ("stab", 2024, CUMBERLAND, 14.0), ("stab", 2018, KENT, 12.0), ("stab", 2016, KENT, 0.0),  # in their lifetimes
    ])
    fixed, changed = borrowed_figures(given, ["measure", "years"])
    got = {(m, y, a): (v, s) for m, y, a, v, s in fixed.select("measure", "time_period", "area_code", "value", "suppression").iter_rows()}
    gone = {("stab", 2018, CUMBERLAND), ("stab", 2018, WESTMORLAND), ("chl", 2016, CUMBERLAND), ("chl", 2024, CUMBRIA)}
    assert not gone & set(got)
    assert got[("stab", 2018, CUMBRIA)] == (12.0, None)  # Cumbria's own figure
    assert got[("chl", 2021, CUMBERLAND)] == (1115.5, None) and got[("chl", 2021, WESTMORLAND)] == (1011.1, None)
    assert got[("stab", 2024, CUMBERLAND)] == (14.0, None) and got[("stab", 2018, KENT)] == (12.0, None) and got[("stab", 2016, KENT)] == (0.0, None)
    assert fixed.height == given.height - 4 and sorted(changed["kind"].to_list()) == ["copy", "copy", "zero", "zero"]
    message = borrowed_warning(changed)
    assert message.startswith("4 figures for authorities in years they did not exist are not their own (2 repeat") and "Cumberland 2016-2018" in message and "Cumbria 2024" in message


def test_the_real_file_gives_cumberland_only_figures_for_its_own_area(con):
    rows = dict(((i, y), (v, s)) for i, y, v, s in con.execute(
        "SELECT indicator_id, time_period, value, suppression FROM indicator_values "
        "WHERE area_code = ? AND indicator_id IN ('lait_stability_school', 'lait_chlamydia_diagnosis')", [CUMBERLAND]).fetchall())
    assert ("lait_stability_school", 2018) not in rows and ("lait_chlamydia_diagnosis", 2016) not in rows
    assert rows[("lait_chlamydia_diagnosis", 2020)] == (1490.2, None) and rows[("lait_stability_school", 2024)] == (14.0, None)
    cumbria = con.execute("SELECT value FROM indicator_values WHERE area_code = ? AND indicator_id = 'lait_stability_school' AND time_period = 2018", [CUMBRIA]).fetchall()
    assert cumbria == [(12.0,)]
    warned = [m for (m,) in con.execute("SELECT message FROM build_warnings").fetchall() if "are not their own" in m]
    assert len(warned) == 1 and "Cumberland 2016-2022" in warned[0]

"""Every form of LAIT's `Years` label is read, none dropped silently, and the revision kept for a
measure, year and area is the latest (small fixtures generated here)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from etl import lait_measures
from etl.areas import registry
from etl.errors import Warnings
from etl.publications import contract as c
from etl.publications.lait import annual, load, parse_period


@pytest.mark.parametrize(
    ("label", "end", "years", "revision"),
    [
        ("2025", 2025, 1, None),
        ("2025 (Rev)", 2025, 1, "revised"),
        ("2025 (prov)", 2025, 1, "provisional"),
        ("2025 (Final)", 2025, 1, "final"),
        ("2024-25", 2025, 1, None),
        ("2024-25 (OT)", 2025, 1, "outturn"),
        ("2024/25", 2025, 1, None),
        ("1999/00", 2000, 1, None),
        ("2014/15-16/17", 2017, 3, None),
        ("2014-16", 2016, 3, None),
        (" 2025 ", 2025, 1, None),
    ],
)
def test_every_years_form_is_read(label, end, years, revision):
    p = parse_period(label)
    assert p is not None
    assert (p.time_period, p.years, p.revision) == (end, years, revision)


@pytest.mark.parametrize("label", ["0", "", "2025 (Draft)", "2024-27/28", "25", "2024-23", "1850"])
def test_labels_that_name_no_period_are_refused(label):
    assert parse_period(label) is None


def _fixture(path: Path, rows: list[tuple[str, str, float, str]]) -> Path:
    """A LAIT-shaped parquet: measure, Years, LA Number, Values."""
    df = pl.DataFrame(
        {
            "Short Desc": [r[0] for r in rows],
            "Data item": [None] * len(rows),
            "Years": [r[1] for r in rows],
            "LA and Regions": ["x"] * len(rows),
            "Values": [r[3] for r in rows],
            "LA Number": [r[2] for r in rows],
            "Region": [None] * len(rows),
        }
    )
    df.write_parquet(path)
    return path


def _load(path: Path) -> tuple[pl.DataFrame, Warnings]:
    warnings = Warnings()
    return load(path, c.contracts()["lait"], registry(), warnings), warnings


def test_stray_zero_is_counted_in_a_warning_not_dropped_silently(tmp_path):
    f = _fixture(tmp_path / "l.parquet", [("A", "2024", 970.0, "1.5"), ("A", "0", 970.0, "-"), ("A", "0", 301.0, "-"), ("B", "2025 (Oops)", 970.0, "2")])
    df, warnings = _load(f)
    assert df.height == 1
    [(path, message)] = warnings.items
    assert path == str(f)
    assert "3 rows" in message and "A '0': 2 rows" in message and "B '2025 (Oops)': 1 rows" in message


def test_latest_revision_is_chosen_and_every_row_kept(tmp_path):
    f = _fixture(
        tmp_path / "l.parquet",
        [
            ("A", "2025 (prov)", 970.0, "10"),
            ("A", "2025", 970.0, "11"),
            ("A", "2025 (Rev)", 970.0, "12"),
            ("B", "2025 (prov)", 970.0, "20"),
            ("B", "2025", 970.0, "21"),
            ("C", "2025", 970.0, "30"),
            ("C", "2025 (Final)", 970.0, "31"),
            ("C", "2025 (Rev)", 970.0, "32"),
            ("D", "2024-25", 970.0, "40"),
            ("D", "2024-25 (OT)", 970.0, "41"),
        ],
    )
    df, _ = _load(f)
    prepared, _ = lait_measures.prepare(df, None)
    assert prepared.height == 10
    kept = {r["measure"]: (r["years"], r["value"], r["revision"]) for r in annual(prepared).iter_rows(named=True)}
    assert kept == {
        "A": ("2025 (Rev)", 12.0, "revised"),
        "B": ("2025", 21.0, None),
        "C": ("2025 (Final)", 31.0, "final"),
        "D": ("2024-25 (OT)", 41.0, "outturn"),
    }
    assert prepared.filter(~pl.col("chosen")).height == 6


def test_float_artefacts_are_stored_at_the_published_precision(tmp_path):
    f = _fixture(
        tmp_path / "l.parquet",
        [("A", "2025", 970.0, "553.70000000000005"), ("A", "2024", 970.0, "79.599999999999994"), ("B", "2025", 970.0, "8.4430000000000005E-2"), ("C", "2025", 970.0, "-")],
    )
    df, _ = _load(f)
    dictionary = pl.DataFrame({"measure": ["A", "B", "C"], "dps": [None, "2", "0"]})
    prepared, places = lait_measures.prepare(df, dictionary)
    assert places["A"] == 1 and places["B"] == 2 and places["C"] == 0
    got = {(r["measure"], r["time_period"]): (r["value"], r["suppression"]) for r in prepared.iter_rows(named=True)}
    assert got[("A", 2025)] == (553.7, None)
    assert got[("A", 2024)] == (79.6, None)
    assert got[("B", 2025)] == (0.08, None)
    assert got[("C", 2025)] == (None, "-")


def test_measure_ids_are_stable_and_distinct():
    assert lait_measures.measure_id("CP_conf_15days") == "lait_cp_conf_15days"
    assert lait_measures.measure_id("Hosp_Adm_Alc_<18yrs") == "lait_hosp_adm_alc_lt_18yrs"
    assert lait_measures.measure_id("Unacc_Asylmn_Seek_Childn%") != lait_measures.measure_id("Unacc_Asylmn_Seek_Childn")
    assert lait_measures.measure_id("LAC_Fixed_ Ex") == "lait_lac_fixed_ex"
    with pytest.raises(ValueError, match="would both be indicator"):
        lait_measures.check_ids(["A-B", "A_B"])


def test_a_value_that_is_neither_number_nor_symbol_names_its_row(tmp_path):
    from etl.errors import InputError

    f = _fixture(tmp_path / "l.parquet", [("A", "2024", 970.0, "1.5"), ("A", "2025", 970.0, "-"), ("A", "2023", 970.0, "abc")])
    with pytest.raises(InputError, match="found 'abc'") as e:
        _load(f)
    assert e.value.row == 4


def test_thousands_separators_are_read_with_a_warning(tmp_path):
    f = _fixture(tmp_path / "l.parquet", [("A", "2024", 970.0, "1,234"), ("A", "2025", 970.0, "7")])
    df, warnings = _load(f)
    assert sorted(df["value"].to_list()) == [7.0, 1234.0]
    assert any("thousands separators" in m for _, m in warnings.items)

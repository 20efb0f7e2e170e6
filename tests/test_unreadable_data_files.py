"""A file named like data (.csv .tsv .ods .xlsx .parquet) that cannot be read fails the build and
names it, rather than being skipped: a corrupt ODS, random bytes, a folder named like a CSV."""

from __future__ import annotations

import random

import pytest

from etl.__main__ import main
from tests.conftest import copy_real


@pytest.fixture
def good(source):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    return source


def fails(source, tmp_path, capsys, *expected: str) -> None:
    code = main(["build", "--source", str(source), "--db", str(tmp_path / "oversight.duckdb")])
    err = capsys.readouterr().err
    assert code == 2, err
    for part in expected:
        assert part in err, err
    assert not (tmp_path / "oversight.duckdb").exists()


def test_corrupt_ods_fails_naming_it(good, tmp_path, capsys):
    (good / "LA_Inspection_Outcomes.ods").write_bytes(b"PK\x03\x04" + random.Random(1).randbytes(50_000))
    fails(good, tmp_path, capsys, "LA_Inspection_Outcomes.ods", "cannot be read")


def test_noise_named_parquet_fails_naming_it(good, tmp_path, capsys):
    (good / "bds_long_0.parquet").write_bytes(random.Random(2).randbytes(50_000))
    fails(good, tmp_path, capsys, "bds_long_0.parquet", "cannot be read")


def test_plain_zip_named_xlsx_fails(good, tmp_path, capsys):
    import zipfile

    with zipfile.ZipFile(good / "sn_may_2025.xlsx", "w") as z:
        z.writestr("readme.txt", "not a workbook")
    fails(good, tmp_path, capsys, "sn_may_2025.xlsx", "zip archive that is not a spreadsheet")


def test_folder_named_like_a_csv_fails(good, tmp_path, capsys):
    (good / "cla_number_and_rate_per_10k_children.csv").mkdir()
    fails(good, tmp_path, capsys, "cla_number_and_rate_per_10k_children.csv", "is a folder, not a .csv file")


def test_other_binary_files_are_still_skipped(good, tmp_path, capsys):
    (good / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert main(["build", "--source", str(good), "--db", str(tmp_path / "oversight.duckdb")]) == 0
    assert "logo.png" in capsys.readouterr().out

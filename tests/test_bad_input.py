"""Broken copies of the real files: each gets a clear error, a non-zero exit, and the previous
database is left byte for byte unchanged with nothing half-loaded or left behind."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from etl.__main__ import main
from tests.conftest import copy_real


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def previous_db(tmp_path: Path, source: Path) -> Path:
    """A valid database built from the real referrals and population files."""
    copy_real("cin_referrals", source)
    copy_real("population", source)
    db = tmp_path / "out" / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    return db


def rewrite(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(change(text), encoding="utf-8")


def build_fails(source: Path, db: Path, capsys, *expected: str) -> str:
    before = sha(db)
    code = main(["build", "--source", str(source), "--db", str(db)])
    err = capsys.readouterr().err
    assert code != 0
    for part in expected:
        assert part in err, err
    assert sha(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]
    return err


def test_missing_column(previous_db, source, capsys):
    f = next(source.glob("c1_*"))

    def drop(text: str) -> str:
        lines = text.splitlines()
        i = lines[0].split(",").index("referral_count")
        return "\n".join(",".join(c for j, c in enumerate(line.split(",")) if j != i) for line in lines) + "\n"

    rewrite(f, drop)
    build_fails(source, previous_db, capsys, f.name, "row 1", "missing column for 'referral_count'", "Referrals")


def test_renamed_column(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace(",rereferral_percent,", ",rereferral_pct,", 1))
    build_fails(source, previous_db, capsys, f.name, "column 'rereferral_percent'", "missing column")


def test_older_column_name_is_accepted(previous_db, source):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace(",referral_count,", ",Referrals,", 1))
    assert main(["build", "--source", str(source), "--db", str(previous_db)]) == 0


def test_ambiguous_column_names_fail(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace(",referral_child_count,", ",Referrals,", 1))
    build_fails(source, previous_db, capsys, f.name, "ambiguous")


def test_non_numeric_value(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace(",632830,", ",six hundred,", 1))
    build_fails(source, previous_db, capsys, f.name, "row 2", "column 'referral_count'", "found 'six hundred'")


def test_duplicate_keys(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t + t.splitlines()[5] + "\n")
    build_fails(source, previous_db, capsys, f.name, "duplicate key", "rows 6 and 2134")


def test_unknown_area_code(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace(",309,E09000014,Haringey,", ",999,E09999999,Nowhere,", 1))
    build_fails(source, previous_db, capsys, f.name, "unknown LA number '999'", "etl/reference/areas.csv")


def test_empty_file(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    f.write_bytes(b"")
    build_fails(source, previous_db, capsys, f.name, "the file is empty")


def test_wrong_encoding(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace("Haringey", "Haring\u00e9y", 1))
    f.write_bytes(f.read_text(encoding="utf-8").encode("latin-1"))
    build_fails(source, previous_db, capsys, f.name, "not UTF-8", "row ")


def test_truncated_file(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    data = f.read_bytes()
    f.write_bytes(data[: len(data) // 2])
    build_fails(source, previous_db, capsys, f.name, "truncated")


def test_negative_count(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace(",632830,", ",-5,", 1))
    build_fails(source, previous_db, capsys, f.name, "cannot be negative", "row 2")


def test_percentage_over_100(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace(",22.6,", ",122.6,", 1))
    build_fails(source, previous_db, capsys, f.name, "cannot exceed 100")


def test_year_far_in_future(previous_db, source, capsys):
    f = next(source.glob("c1_*"))
    rewrite(f, lambda t: t.replace("\n2025,", "\n2125,", 1))
    build_fails(source, previous_db, capsys, f.name, "year 2125 is outside")


def test_ods_without_expected_sheet(previous_db, source, capsys):
    real = copy_real("ofsted_outcomes", source)
    broken = source / "outcomes.ods"
    with zipfile.ZipFile(real) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "content.xml":
                data = data.replace(b"ILACS_inspection_history", b"History_renamed")
            zout.writestr(item, data)
    real.unlink()
    build_fails(source, previous_db, capsys, "outcomes.ods", "no sheet with the ILACS inspection history", "History_renamed")


def test_unrecognised_file_is_listed_and_skipped(previous_db, source, capsys):
    (source / "notes.txt").write_text("just some notes\n")
    assert main(["build", "--source", str(source), "--db", str(previous_db)]) == 0
    out = capsys.readouterr().out
    assert "skipped" in out and "notes.txt" in out


def test_a_damaged_lait_page_is_an_error_not_a_rust_panic(previous_db, source, capfd):
    """One byte of the real LAIT parquet changed (its 1,780,136th, to 229) made polars' reader panic:
    a PanicException, which derives from BaseException and passed every `except Exception`, with a
    Rust backtrace on the terminal. DuckDB reads the body and names the damage; the build fails
    cleanly and the previous database is untouched."""
    lait = copy_real("lait", source)
    data = bytearray(lait.read_bytes())
    data[1_780_136] = 229
    lait.write_bytes(bytes(data))
    before = sha(previous_db)
    assert main(["build", "--source", str(source), "--db", str(previous_db)]) == 2
    err = capfd.readouterr().err
    assert f"{lait.name}: the parquet data cannot be read (" in err and "Parquet metadata is corrupt" in err, err  # DuckDB's words, whichever release
    assert "panicked" not in err and "Traceback" not in err
    assert sha(previous_db) == before


def test_a_reader_libraries_panic_becomes_an_error_naming_the_file(tmp_path, monkeypatch):
    """Where a Rust reader still panics (polars reads the parquet footer, calamine the workbooks), the
    panic is caught as the failure it is, and the file named."""
    import polars as pl

    from etl.errors import InputError
    from etl.publications import lait

    def panics(path):
        raise pl.exceptions.PanicException("assertion `left == right` failed")

    monkeypatch.setattr(lait.pl, "read_parquet_schema", panics)
    with pytest.raises(InputError, match="not a readable parquet file: PanicException"):
        lait.parquet_columns(tmp_path / "x.parquet")

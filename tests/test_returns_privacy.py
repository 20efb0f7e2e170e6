"""No child's id, UPN, birth date or postcode in clear reaches the local database or the
published warehouse; the salt stays on the machine with owner-only permissions."""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import stat
from pathlib import Path

import duckdb
import pytest

from tests import returns_gen as gen


def _strings(db: Path) -> set[str]:
    """Every text value and column name in every table and view of a database."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out: set[str] = set()
        cols = con.execute("SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns").fetchall()
        for schema, table, column, kind in cols:
            out.add(column)
            if kind == "VARCHAR":
                out.update(v for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{schema}"."{table}" WHERE "{column}" IS NOT NULL').fetchall())  # nosec B608 - names from the catalog
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, warehouse: Path) -> tuple[Path, Path, set[str], str]:
    tmp = tmp_path_factory.mktemp("privacy")
    wh = tmp / "oversight.duckdb"
    shutil.copy(warehouse, wh)
    before = hashlib.sha256(wh.read_bytes()).hexdigest()
    src = tmp / "src"
    cin = gen.write_cin(src / "cin.xml", 2024, "202", gen.cin_2024())
    gen.write_903(src / "903", gen.episodes_2025(), gen.MISSING_2025, gen.OC3_2025)
    db = tmp / "data" / "local.duckdb"
    assert gen.load([src], db, warehouse=wh) == 0
    text = cin.read_text()
    clear = set(re.findall(r"<(?:LAchildID|UPN|PersonBirthDate)>([^<]+)<", text))
    for name in ("header.csv", "episodes.csv", "missing.csv", "oc3.csv"):
        with (src / "903" / name).open() as f:
            for row in csv.DictReader(f):
                clear.update(v for k, v in row.items() if k in ("CHILD", "UPN", "DOB", "HOME_POST", "PL_POST", "URN") and v)
    return db, wh, clear, before


def test_no_clear_identifier_in_the_local_database(loaded: tuple[Path, Path, set[str], str]) -> None:
    db, _, clear, _ = loaded
    assert len(clear) > 40  # ids, UPNs, birth dates, postcodes
    found = _strings(db)
    assert not clear & found
    for column in ("UPN", "DOB", "PersonBirthDate", "HOME_POST", "PL_POST", "LAchildID", "Ethnicity", "ETHNIC"):
        assert column.lower() not in {c.lower() for c in found}


def test_no_clear_identifier_in_the_warehouse_which_is_not_written(loaded: tuple[Path, Path, set[str], str]) -> None:
    _, wh, clear, before = loaded
    assert hashlib.sha256(wh.read_bytes()).hexdigest() == before
    assert not clear & _strings(wh)


def test_children_are_hashed_consistently_with_a_local_salt(loaded: tuple[Path, Path, set[str], str]) -> None:
    db, _, _, _ = loaded
    salt = db.parent / ".local_salt"
    assert stat.S_IMODE(salt.stat().st_mode) == 0o600 and len(salt.read_text().strip()) == 64
    con = duckdb.connect(str(db), read_only=True)
    children = con.execute("SELECT count(DISTINCT child), count(*) FILTER (WHERE NOT regexp_full_match(child, '[0-9a-f]{20}')) FROM returns.cla_episodes").fetchone()
    con.close()
    assert children == (10, 0)


def test_the_salt_is_never_committed() -> None:
    ignore = (Path(__file__).parent.parent / ".gitignore").read_text().splitlines()
    assert "data/.local_salt" in ignore and "data/*.duckdb" in ignore

"""A running dashboard shows the new build after a rebuild (DuckDB's per-process instance cache
would otherwise keep serving the replaced file), and the read connection cannot resolve a
missing view to a Python object."""

from __future__ import annotations

import time

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from etl.__main__ import main
from oversight import db as database
from tests.conftest import ROOT, copy_real


def build_id(path) -> str:
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{path}' AS f (READ_ONLY)")
    value = con.execute("SELECT build_id FROM f.build_info").fetchall()[0][0]
    con.close()
    return value


def shown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_running_dashboard_sees_build_b(tmp_path, source, monkeypatch):
    from oversight import page_state as ui

    monkeypatch.setattr(ui, "RELEASE_AFTER_SECONDS", 0)
    copy_real("population", source)
    copy_real("cin_referrals", source)
    db = tmp_path / "oversight.duckdb"
    monkeypatch.setenv("OVERSIGHT_DB", str(db))
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    a = build_id(db)
    held = duckdb.connect(str(db), read_only=True)  # what the old code did: this instance is now cached
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"Build `{a}`" in shown(at)
    old = ui._connection(*database.file_version(db))  # the connection the dashboard is using

    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    b = build_id(db)
    assert b != a
    assert held.execute("SELECT build_id FROM build_info").fetchall()[0][0] == a  # the cached instance is stale
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"Build `{b}`" in shown(at) and a not in shown(at)
    for _ in range(50):  # the replaced build's connection is closed
        try:
            old.execute("SELECT 1")
        except duckdb.ConnectionException:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the connection to build A is still open")
    fresh = database.connect(db)
    assert fresh.execute("SELECT build_id FROM build_info").fetchall()[0][0] == b
    fresh.close()
    held.close()


def test_replacement_scans_are_off(warehouse):
    con = database.connect(warehouse)
    no_such_view = pl.DataFrame({"x": [1]})  # noqa: F841  (a replacement scan would find this frame)
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM no_such_view")
    assert con.execute("SELECT current_setting('python_enable_replacements')").fetchall()[0][0] is False
    cur = database.cursor(con)
    with pytest.raises(duckdb.CatalogException):
        cur.execute("SELECT * FROM no_such_view")
    con.close()


def test_read_connection_cannot_read_other_files(warehouse):
    con = database.connect(warehouse)
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM read_csv('/etc/passwd')")
    con.close()

"""A damaged database (truncated, empty file, empty schema, wrong shape) gets one clear message
on every page and in every command, never a traceback."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.__main__ import main
from oversight import db as database
from tests.conftest import ROOT

PAGES = ["pages/national.py", "pages/compare.py", "pages/trends.py", "pages/profile.py", "pages/ofsted.py",
         "pages/watchlist.py", "pages/report.py", "pages/data.py"]


def truncated(good, path):
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 3])


def empty_file(good, path):
    path.write_bytes(b"")


def empty_schema(good, path):
    duckdb.connect(str(path)).close()


def wrong_shape(good, path):
    shutil.copy(good, path)
    con = duckdb.connect(str(path))
    con.execute("DROP VIEW indicator_values")
    con.execute("CREATE VIEW indicator_values AS SELECT 1 AS something_else")
    con.execute("DROP TABLE warehouse.build_info CASCADE")
    con.close()


def older_layout(good, path):
    """A warehouse an older version wrote: it lacks what this one reads (a mart column, a macro)."""
    shutil.copy(good, path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE warehouse.build_info SET version = '1'")
    con.close()


DAMAGE = {"truncated": truncated, "empty file": empty_file, "empty schema": empty_schema, "wrong shape": wrong_shape,
          "older layout": older_layout}


@pytest.fixture(params=list(DAMAGE))
def damaged(request, warehouse, tmp_path):
    path = tmp_path / "damaged.duckdb"
    DAMAGE[request.param](warehouse, path)
    return path


def test_read_layer_raises_one_clear_error(damaged):
    with pytest.raises(database.DatabaseError, match="Rebuild it with: oversight build"):
        database.connect(damaged)


def test_status_and_report_say_so(damaged, tmp_path, capsys):
    assert main(["status", "--db", str(damaged)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.err and str(damaged) in out.err and "Rebuild it" in out.err, out
    assert main(["report", "--year", "2025", "--out", str(tmp_path / "pack"), "--db", str(damaged)]) == 2
    out = capsys.readouterr()
    assert "Traceback" not in out.err and str(damaged) in out.err and "Rebuild it" in out.err, out


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_message(page, warehouse, tmp_path, monkeypatch):
    path = tmp_path / "damaged.duckdb"
    truncated(warehouse, path)
    monkeypatch.setenv("OVERSIGHT_DB", str(path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    if page != "pages/national.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["The warehouse cannot be read"]
    assert any("is damaged" in e.value and "Rebuild it" in e.value for e in at.error)

"""Read-only access, parameterised SQL, no raw HTML from data, XSRF on, bandit clean, and
injection strings sent through every URL parameter of every page have no effect."""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
import tomllib

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from oversight import db
from tests.conftest import ROOT

INJECTIONS = [
    "E09000014'; DROP TABLE warehouse.areas; --",
    "' OR '1'='1",
    "<script>alert('x')</script>",
    "cla_rate_per_10k\" UNION SELECT * FROM load_log --",
    "2025; DELETE FROM warehouse.indicator_values",
    "../../etc/passwd",
]
PAGES = ["pages/national.py", "pages/compare.py", "pages/trends.py", "pages/profile.py", "pages/ofsted.py",
         "pages/watchlist.py", "pages/report.py", "pages/data.py", "pages/map.py"]
PARAMS = ["area", "indicator", "year", "compare_to", "region", "show", "as_at", "colour"]
CODE = [*ROOT.glob("pages/*.py"), *ROOT.glob("oversight/*.py"), ROOT / "dashboard.py"]


def test_app_connections_are_read_only(warehouse):
    con = db.connect(warehouse)
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("CREATE TABLE x (a INT)")
    con.close()


def test_no_sql_is_built_with_string_formatting():
    for path in [*ROOT.glob("oversight/*.py"), *ROOT.glob("pages/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.JoinedStr):
                literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
                assert not any(k in literal.upper() for k in ("SELECT ", "INSERT INTO", "DELETE FROM", "DROP TABLE")), f"{path}:{node.lineno}"


def test_pages_hold_no_sql():
    for path in ROOT.glob("pages/*.py"):
        text = path.read_text()
        assert "SELECT" not in text and ".execute(" not in text and ".sql(" not in text, path


def test_no_unsafe_html():
    for path in CODE:
        assert "unsafe_allow_html" not in path.read_text(), path


def test_xsrf_protection_stays_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True


def test_bandit_reports_nothing_at_medium_or_above():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-q", "-ll", "-r", "etl", "oversight", "pages", "dashboard.py", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("page", PAGES)
def test_injection_through_every_parameter_has_no_effect(page, warehouse, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    for value in INJECTIONS:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        for p in PARAMS:
            at.query_params[p] = value
        at.run()
        if page != "pages/national.py":
            at.switch_page(page)
            at.run()
        assert not at.exception, (page, value, [e.value for e in at.exception])
        if page in ("pages/compare.py", "pages/trends.py", "pages/profile.py"):
            assert any("Unknown area" in w.value for w in at.warning), (page, value)
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM areas").fetchall()[0][0] > 150
    con.close()
    assert os.environ["OVERSIGHT_DB"] == str(warehouse)

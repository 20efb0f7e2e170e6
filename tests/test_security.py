"""Read-only access, parameterised SQL, no raw HTML from data, XSRF on, bandit clean, and
injection strings sent through every URL parameter of every page have no effect."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import subprocess
import sys
import tomllib

import duckdb
import pytest
from markdown_it import MarkdownIt
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
    "[x](http://evil/) ![t](http://evil/u.png)",
    "<img src=http://evil/u.png> www.evil.example :red[boom] $x^2$ :material/home:",
    "²",
]
PAGES = ["pages/national.py", "pages/compare.py", "pages/neighbours.py", "pages/trends.py", "pages/profile.py", "pages/ofsted.py",
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


def test_raw_html_is_only_plain_htmls_escaped_blocks():
    """st.html (a page's or a container's) is given nothing but oversight.plain_html's blocks, in which every text is escaped,
    and its fixed focus style."""
    given = []
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "html" and node.args:
                given.append((path.name, ast.unparse(node.args[0]).split("(", 1)[0]))
    assert sorted(set(given)) == [("dashboard.py", "plain_html.FOCUS_CSS"), ("national.py", "plain_html.tiles"), ("profile.py", "plain_html.table"),
                                 ("trends.py", "plain_html.trend_table")], given


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
        for shown in _markdown_bodies(at):
            _assert_inert(shown, page, value)
        for block in at.get("html"):  # HTML the page writes (the national tiles) holds no tag from the input
            assert value not in block.proto.body or value.isalnum(), (page, value)
        if page in ("pages/compare.py", "pages/neighbours.py", "pages/trends.py", "pages/profile.py"):
            assert any("Unknown area" in w.value for w in at.warning), (page, value)
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM areas").fetchall()[0][0] > 150
    con.close()
    assert os.environ["OVERSIGHT_DB"] == str(warehouse)


def _markdown_bodies(at: AppTest) -> list[str]:
    """Every text Streamlit renders as markdown: warnings, errors, infos, markdown, captions, titles."""
    return [e.value for kind in ("warning", "error", "info", "success", "markdown", "caption", "title", "header", "subheader") for e in getattr(at, kind)]


def _assert_inert(body: str, page: str, value: str) -> None:
    """Rendered as markdown, the text holds no link, image or raw HTML, and no bare web address that a
    link-detecting renderer could turn into a link, and no Streamlit directive or formula."""
    html = MarkdownIt("commonmark").render(body)
    assert "<a " not in html and "<img" not in html, (page, value, body)
    assert "http://" not in body and "www.evil" not in body, (page, value, body)
    assert not re.search(r"(?<!\\)(:red\[|:material/|\$x)", body), (page, value, body)


@pytest.mark.parametrize("page", ["pages/compare.py", "pages/report.py"])
def test_superscript_year_is_a_message_not_a_crash(page, warehouse, monkeypatch):
    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["year"] = "²"
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("year" in w.value and "²" in w.value for w in at.warning), [w.value for w in at.warning]


def test_parse_int_takes_ascii_digits_only():
    from oversight.page_state import parse_int

    assert parse_int("2025") == 2025
    assert parse_int(" 2019 ") == 2019
    for bad in ("²", "٣", "2O25", "1e3", "-1", "+5", "", "20 25", "1234567", None):
        assert parse_int(bad) is None, bad


def test_a_flag_message_quoting_a_file_stays_plain_text_on_the_profile(warehouse, monkeypatch):
    """Flag messages quote the files' words (a framework, a grade); the profile lists them as markdown."""
    import polars as pl
    import streamlit as st

    from oversight import flags

    def flagged(con, year=None):
        return pl.DataFrame({"area_code": ["E06000006"], "area_name": ["Halton"], "region_name": ["North West"], "rule_id": ["ofsted_inadequate"],
                             "severity": ["high"], "score": [3], "indicator_id": [None], "title": ["t"], "message": [INJECTIONS[6] + " " + INJECTIONS[7]]},
                            schema_overrides={"indicator_id": pl.String})

    flagged.__module__ = flags.__name__  # the page's cache finds a function by its module and name
    monkeypatch.setenv("OVERSIGHT_DB", str(warehouse))
    monkeypatch.setattr(flags, "flagged", flagged)
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["area"] = "E06000006"
    at.run()
    at.switch_page("pages/profile.py")
    at.run()
    st.cache_data.clear()
    assert not at.exception, [e.stack_trace for e in at.exception]
    bodies = [b for b in _markdown_bodies(at) if "evil" in b]
    assert bodies and all(_assert_inert(b, "pages/profile.py", "flag message") is None for b in bodies)

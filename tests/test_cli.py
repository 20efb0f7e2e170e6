"""The command line: no-argument build sources, status --json, --quiet, serve's settings, exit codes."""

from __future__ import annotations

import json

from etl import paths
from oversight import cli
from tests.conftest import copy_real


def test_default_sources_are_the_bundled_files_plus_raw(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "RAW", tmp_path / "raw")
    assert paths.default_sources() == paths.published_sources()
    assert all(p.is_relative_to(paths.PUBLISHED) for p in paths.published_sources())
    (tmp_path / "raw").mkdir()
    assert paths.default_sources() == [*paths.published_sources(), tmp_path / "raw"]


def test_check_with_no_arguments_reads_the_bundled_files(capsys):
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    assert "data/published" in out and "files recognised:" in out


def test_status_json_and_quiet(tmp_path, source, capsys):
    copy_real("cin_referrals", source)
    db = tmp_path / "o.duckdb"
    assert cli.main(["build", "--quiet", "--source", str(source), "--db", str(db)]) == 0
    assert capsys.readouterr().out == ""
    assert cli.main(["status", "--json", "--db", str(db)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["files_loaded"] == 1 and status["reconciliation_disagreements"] == 0
    assert {i["indicator_id"] for i in status["indicators"]} >= {"referrals_count", "rereferrals_pct"}
    assert cli.main(["status", "--json", "--db", str(tmp_path / "none.duckdb")]) == cli.NO_DATABASE
    assert json.loads(capsys.readouterr().out)["error"] == "no database"


def test_bad_input_exits_2(tmp_path, capsys):
    assert cli.main(["check", "--source", str(tmp_path / "absent")]) == cli.BAD_INPUT
    assert "does not exist" in capsys.readouterr().err


def test_serve_binds_localhost_by_default(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "_run", lambda cmd, env: calls.append((cmd, {"env": env})) or 0)
    assert cli.main(["serve"]) == 0
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", "8600", "--db", "/x/o.duckdb"]) == 0
    (first, _), (second, kw) = calls
    assert first[first.index("--server.address") + 1] == "127.0.0.1" and first[first.index("--server.port") + 1] == "8501"
    assert first[first.index("run") + 1] == str(paths.ROOT / "oversight" / "serving.py")  # dashboard.py, as served
    assert second[second.index("--server.address") + 1] == "0.0.0.0" and second[second.index("--server.port") + 1] == "8600"
    assert kw["env"]["OVERSIGHT_DB"] == "/x/o.duckdb"


def test_python_m_etl_is_the_same_command_line(capsys):
    from etl.__main__ import main

    assert main(["status", "--db", "/nonexistent/o.duckdb"]) == cli.NO_DATABASE
    assert "oversight build" in capsys.readouterr().out


def test_every_way_to_run_the_command_line_answers_help():
    """`python -m oversight.cli --help` printed nothing (the module had no main guard); it, `python -m
    oversight` and `python -m etl` each print the usage and exit 0."""
    import subprocess
    import sys

    for module in ("oversight", "oversight.cli", "etl"):
        done = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0 and done.stdout.startswith("usage: ") and "build" in done.stdout, module

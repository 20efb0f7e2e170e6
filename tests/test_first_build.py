"""A first build has no previous warehouse to compare with, so it says which catalogue indicators
got no values; an indicator carried by a LAIT measure counts as having values."""

from __future__ import annotations

from etl.__main__ import main
from tests.conftest import copy_real


def test_a_first_build_of_every_bundled_file_lacks_no_indicator(data_sources, tmp_path, capsys):
    args = ["build", "--db", str(tmp_path / "oversight.duckdb")]
    for src in data_sources:
        args += ["--source", str(src)]
    assert main(args) == 0
    out = capsys.readouterr().out
    # 570,079 before the 60 chosen figures that repeat a predecessor's or are 0 in a year an authority did not exist were left out;
    # 570,019 and 403 before PrevRegCPR (1,640 rows) became the figure second or subsequent plans are reconciled with
    assert "LAIT measures as their own indicators: 568,379 rows, 402 indicators" in out
    assert "first build: no values" not in out


def test_a_first_build_without_lait_names_what_it_lacks(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    for kind in ("cin_referrals", "population", "cla_numbers"):
        copy_real(kind, src)
    assert main(["build", "--source", str(src), "--db", str(tmp_path / "oversight.duckdb")]) == 0
    line = next(t for t in capsys.readouterr().out.splitlines() if "first build: no values for" in t)
    assert "32 catalogue indicators" in line and "cin_count" in line and "rereferrals_pct" not in line

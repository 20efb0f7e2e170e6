"""A build that would publish less than the database it replaces fails with a table of what would
be lost; --allow-loss publishes it and records the loss; a build with no indicator values fails."""

from __future__ import annotations

import hashlib

import duckdb
from streamlit.testing.v1 import AppTest

from etl.__main__ import main
from tests.conftest import ROOT, copy_real


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_loss_fails_then_allow_loss_records_it(tmp_path, source, capsys, monkeypatch):
    copy_real("population", source)
    copy_real("csww", source)
    referrals = copy_real("cin_referrals", source)
    db = tmp_path / "db" / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    before = sha(db)
    capsys.readouterr()

    referrals.unlink()
    assert main(["build", "--source", str(source), "--db", str(db)]) == 3
    err = capsys.readouterr().err
    assert "would publish less than the database it replaces" in err, err
    assert "cin_referrals" in err and "referrals_count" in err and "rereferrals_pct" in err
    assert "--allow-loss" in err
    assert sha(db) == before

    assert main(["build", "--source", str(source), "--db", str(db), "--allow-loss"]) == 0
    assert "recorded in build_losses" in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    losses = con.execute("SELECT kind, publication, indicator_id FROM build_losses").fetchall()
    assert ("publication", "cin_referrals", None) in losses
    assert ("indicator", None, "referrals_count") in losses
    assert con.execute("SELECT losses FROM build_info").fetchall()[0][0] == len(losses)
    con.close()
    assert sorted(p.name for p in db.parent.iterdir()) == ["oversight.duckdb"]

    monkeypatch.setenv("OVERSIGHT_DB", str(db))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(w.value.startswith(f"This build holds less than the build it replaced: {len(losses)} things the earlier build held are not in it")
               for w in at.warning), [w.value for w in at.warning] + [t.value for t in at.title]


def test_a_drop_of_more_than_one_percent_and_a_missing_year_fail(tmp_path, source, capsys):
    copy_real("population", source)
    referrals = copy_real("cin_referrals", source)
    db = tmp_path / "db" / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    capsys.readouterr()
    lines = referrals.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    year = lines[0].split(",").index("time_period")
    referrals.write_text("".join([lines[0], *(line for line in lines[1:] if line.split(",")[year] != "2014")]), encoding="utf-8")
    assert main(["build", "--source", str(source), "--db", str(db)]) == 3
    err = capsys.readouterr().err
    assert "indicator_year" in err and "2014" in err
    assert "values" in err  # a whole year is more than 1% of each indicator's values


def test_unchanged_rebuild_loses_nothing(tmp_path, source):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    db = tmp_path / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM build_losses").fetchall()[0][0] == 0
    assert con.execute("SELECT losses FROM build_info").fetchall()[0][0] == 0
    con.close()


def test_first_build_with_only_the_population_file_fails(tmp_path, source, capsys):
    copy_real("population", source)
    db = tmp_path / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 3
    assert "no indicator values" in capsys.readouterr().err
    assert not db.exists()
    assert list(tmp_path.glob(".*")) == []


def test_a_lait_measure_that_disappears_is_a_loss(tmp_path, source, capsys):
    """Every measure of the public indicator_values view counts, not only the catalogue's own:
    a LAIT release without one measure (its publication still loaded) fails the build."""
    import polars as pl

    copy_real("population", source)
    copy_real("csww", source)
    lait = copy_real("lait", source)
    db = tmp_path / "db" / "oversight.duckdb"
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    before = sha(db)
    capsys.readouterr()
    frame = pl.read_parquet(lait)
    frame.filter(pl.col("Short Desc") != "TotPermEx").write_parquet(lait)  # a measure no catalogue indicator carries
    assert main(["build", "--source", str(source), "--db", str(db)]) == 3
    err = capsys.readouterr().err
    assert "lait_totpermex" in err, err[-2000:]
    assert sha(db) == before


def test_a_previous_file_that_cannot_be_read_is_warned_about_and_counted(tmp_path, source, capsys):
    """The database being replaced is read while the new one is written; when it cannot be read the
    build says so, records the warning in the new file (in build_warnings and build_info's count)
    and publishes, since there is nothing to compare with."""
    copy_real("population", source)
    copy_real("cin_referrals", source)
    db = tmp_path / "oversight.duckdb"
    db.write_bytes(b"not a database" * 100)
    assert main(["build", "--source", str(source), "--db", str(db)]) == 0
    assert "the database being replaced cannot be read, so nothing was compared with it" in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    warned = con.execute("SELECT message FROM build_warnings WHERE message LIKE 'the database being replaced cannot be read%'").fetchall()
    assert len(warned) == 1
    assert con.execute("SELECT warnings FROM build_info").fetchall()[0][0] == con.execute("SELECT count(*) FROM build_warnings").fetchall()[0][0]
    assert con.execute("SELECT count(*) FROM build_losses").fetchall()[0][0] == 0
    con.close()

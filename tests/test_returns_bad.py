"""Returns the local indicators cannot use fail clearly (table, row or line, field), exit
non-zero and leave the previous local database byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from tests import returns_gen as gen

D = dt.date
FIXTURES = Path(__file__).parent / "fixtures" / "returns"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A good local database that every failed run must leave unchanged."""
    good = tmp_path / "good"
    gen.write_903(good, gen.episodes_2025())
    path = tmp_path / "local.duckdb"
    assert gen.load([good], path, la="202") == 0
    return path


def fails(capsys: pytest.CaptureFixture[str], db: Path, sources: list[Path], la: str | None = "202", pointer: bool = True) -> str:
    """The error printed; the pointer to DfE's validators comes with an error in a return's content
    (`pointer`), not with one in what the command was asked (an unknown --la)."""
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert gen.load(sources, db, la=la) == 2
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not list(db.parent.glob(".*.building*"))
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("csc-validator-be-903" in err) == pointer
    return err


def test_a_missing_table(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = gen.write_903(tmp_path / "903", gen.episodes_2025(), drop=("episodes.csv",))
    err = fails(capsys, db, [src])
    assert "table Episodes" in err and "no Episodes table" in err and "CHILD, DECOM, RNE" in err


def test_a_wrong_date_format(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = gen.write_903(tmp_path / "903", gen.episodes_2025(), date_format="%Y-%m-%d")
    err = fails(capsys, db, [src])
    assert "episodes.csv, table Episodes, row 2, column 'DECOM'" in err and "'2024-05-01' is not a date in the form dd/mm/yyyy" in err


def test_a_wrong_date_format_in_the_cin_census(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = gen.write_cin(tmp_path / "c" / "cin.xml", 2024, "202", gen.cin_2024())
    # each field on a line of its own, as authorities' systems write them, and one date in the wrong form
    path.write_text(path.read_text().replace("<CINreferralDate>", "\n<CINreferralDate>").replace("<CINreferralDate>2023-05-10", "<CINreferralDate>10/05/2023"))
    err = fails(capsys, db, [path])
    # the field's own line, not its <CINdetails> block's
    line = next(n for n, text in enumerate(path.read_text().splitlines(), start=1) if "<CINreferralDate>10/05/2023" in text)
    assert f"table CINdetails, line {line}, column 'CINreferralDate'" in err and "yyyy-mm-dd" in err
    block = max(n for n, text in enumerate(path.read_text().splitlines()[:line], start=1) if "<CINdetails>" in text)
    assert block < line


def test_two_las_in_one_file(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = gen.write_cin(tmp_path / "c" / "cin.xml", 2024, ["202", "203"], gen.cin_2024())
    err = fails(capsys, db, [path], la=None)
    assert "table Header" in err and "column 'LEA'" in err and "more than one LA in one file" in err


def test_two_las_across_returns(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gen.write_cin(tmp_path / "c" / "cin.xml", 2024, "203", gen.cin_2024())
    gen.write_903(tmp_path / "c" / "903", gen.episodes_2025())
    err = fails(capsys, db, [tmp_path / "c"], la="202")
    assert "more than one LA" in err


def test_a_collection_year_that_does_not_match(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = gen.write_cin(tmp_path / "c" / "cin.xml", 2023, "202", gen.cin_2024())
    err = fails(capsys, db, [path])
    assert "column 'CINreferralDate'" in err and "after the end of the collection year 2022-23 (31 March 2023)" in err and "does not match" in err


def test_a_missing_episode_outside_the_episodes_year(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = gen.write_903(tmp_path / "903", gen.episodes_2025(), [("CLA1", "M", D(2025, 4, 2), None)])
    err = fails(capsys, db, [src])
    assert "missing.csv, table Missing, row 2, column 'MIS_START'" in err and "does not match" in err


def test_a_code_not_in_the_years_specification(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eps = gen.episodes_2025()
    eps[3] = (*eps[3][:3], "X9", *eps[3][4:])
    err = fails(capsys, db, [gen.write_903(tmp_path / "903", eps)])
    assert "row 5, column 'LS'" in err and "'X9' is not one of the LS codes in the 2024-25 specification" in err


def test_a_return_of_a_year_the_authority_did_not_exist_in(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 2024-25 return given to Cumbria (last reported 2023) or a 903 of 2024-25 named for an
    authority formed later was loaded without a word, its rates blank; it is another authority's."""
    src = gen.write_903(tmp_path / "903", gen.episodes_2025())
    err = fails(capsys, db, [src], la="909")  # Cumbria, replaced in 2023
    assert "Cumbria (E10000006) last reported for 2022-23, after a boundary change, so a 2024-25 return cannot be its own (from --la)" in err


def test_a_903_without_la(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = fails(capsys, db, [gen.write_903(tmp_path / "903", gen.episodes_2025())], la=None, pointer=False)
    assert "give --la" in err


def test_an_unknown_la(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "'999' is not a known LA" in fails(capsys, db, [gen.write_903(tmp_path / "903", gen.episodes_2025())], la="999", pointer=False)


def test_xml_with_entities_is_refused(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c" / "cin.xml"
    path.parent.mkdir()
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY a "aaaa">]>\n<Message><Header/></Message>')
    assert "declares a DTD or entities" in fails(capsys, db, [path])


def test_fake_903_care_leavers_table_has_codes_outside_the_lists(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "903"
    shutil.copytree(FIXTURES / "ssda903", src)
    err = fails(capsys, db, [src], la="201")
    assert "oc3.csv, table OC3, row 2, column 'ACCOM': '01' is not one of the ACCOM codes in the 2017-18 specification" in err


def test_the_local_database_is_never_the_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from etl.returns.command import run

    wh = tmp_path / "oversight.duckdb"
    wh.write_bytes(b"published")
    assert run([gen.write_903(tmp_path / "903", gen.episodes_2025())], "202", wh, wh) == 2
    assert wh.read_bytes() == b"published"
    err = capsys.readouterr().err
    assert "must not be the published warehouse" in err and "csc-validator" not in err


def test_903_xml_errors_name_the_child_and_line(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x" / "return.xml"
    path.parent.mkdir()
    path.write_text("<EXPSSDA903>\n<CHILD><HEADER><CHILDID>1</CHILDID></HEADER>\n<EPISODE><DECOM>01/05/2024</DECOM><RNE>S</RNE><LS>C2</LS><PL>U1</PL></EPISODE></CHILD>\n"
                    "<CHILD><HEADER><CHILDID>2</CHILDID></HEADER>\n<EPISODE><DECOM>01/05/2024</DECOM><RNE>S</RNE><LS>C2</LS><PL>QQ</PL></EPISODE></CHILD>\n</EXPSSDA903>")
    err = fails(capsys, db, [path])
    assert "return.xml, table Episodes, line 5, row 2, column 'PLACE': 'QQ' is not one of the PLACE codes" in err


def test_two_returns_of_one_kind_for_one_year(tmp_path: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gen.write_cin(tmp_path / "c" / "a.xml", 2024, "202", gen.cin_2024())
    gen.write_cin(tmp_path / "c" / "b.xml", 2024, "202", gen.cin_2024())
    assert "a second CIN census return for 2023-24 (the other is a.xml)" in fails(capsys, db, [tmp_path / "c"])


def test_a_damaged_warehouse_leaves_rates_blank_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The warehouse is read only for populations: a file that is not a warehouse is named in a
    warning (no traceback), the returns still load and rates per 10,000 are left blank."""
    wh = tmp_path / "oversight.duckdb"
    wh.write_bytes(b"not a database")
    path = tmp_path / "local.duckdb"
    assert gen.load([gen.write_903(tmp_path / "903", gen.episodes_2025())], path, la="202", warehouse=wh) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert f"warning: the published warehouse {wh} cannot be read" in out.out and "left blank (x)" in out.out
    assert wh.read_bytes() == b"not a database"

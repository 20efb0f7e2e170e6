"""Strict recognition: a file is a publication only when it carries every required field of
exactly one contract; near misses are errors; lookups, boundaries and returns are listed as
skipped with a reason; `check` prints one table of every file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.__main__ import main
from etl.errors import InputError
from etl.recognise import recognise
from tests.conftest import copy_real, find

# the headers (and a row) of the lookup files DfE, ONS and others publish next to the data
LOOKUPS = {
    "geo/las.csv": "new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,entity_code,entity_description,status,old_la_code\n"
    "E06000028,Bournemouth,01/04/1997,31/03/2019,E12000009,E06,Unitary authority,terminated,837\n",
    "geo/la_lad_hierarchy.csv": "lad_code,lad_name,date_of_introduction,date_of_termination,status,new_la_code,la_name,old_la_code\n"
    "E07000223,Adur,2009-04-01,,live,E10000032,West Sussex,938\n",
    "geo/region_la_hierarchy.csv": "region_code,region_name,old_la_code,la_name,new_la_code\nE12000001,North East,841,Darlington,E06000005\n",
    "geo/EnglishLaNameCodes.csv": "English local authority (LA) name,Get Information about Schools (GIAS) local authority (LA) code,Office for National Statistics (ONS) local authority (LA) code\n"
    "Darlington,841,E06000005\n",
    "geo/Provider_data_lookup.csv": "\ufeffurn,la_code,la_code_new,stat_neighbours,stat_neighbours_la_code,stat_neighbours_previous,local_authority_ons_name\r\n"
    '80449,841,841,"a, b","1, 2",,Darlington\r\n',
    "geo/boundaries.json": '{"type":"FeatureCollection", "features": []}\n',
    "geo/CTYUA_MAY_2023_UK_BUC.prj": 'PROJCS["British_National_Grid"]',
    "geo/CTYUA_MAY_2023_UK_BUC.cpg": "UTF-8",
    "returns/cin_census/CIN_Census_2024.xml": "<Message><Header><CollectionDetails><Collection>CIN</Collection></CollectionDetails></Header></Message>\n",
    "returns/ssda903/header.csv": "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,1,01/01/2010,WBRI,A,,\n",
    "returns/ssda903/episodes.csv": "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n1,01/01/2017,S,C2,N1,U1,PR1,,,,,,\n",
    "returns/ssda903/sw_episodes.csv": "\ufeffCHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n1,01/01/2010,1,01/01/2017,,\n",
}


def write_lookups(root: Path) -> None:
    for name, text in LOOKUPS.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8"))
    (root / "geo" / "CTYUA_MAY_2023_UK_BUC.shp").write_bytes(b"\x00\x00\x27\x0a" + b"\x00" * 96)


def test_lookups_boundaries_and_returns_are_skipped_with_a_reason(tmp_path):
    write_lookups(tmp_path)
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        found = recognise(path)
        assert found.contract is None, path
        assert found.known, (path, found.reason)
    assert "lookup of LA codes" in recognise(tmp_path / "geo/las.csv").reason
    assert "returns feature" in recognise(tmp_path / "returns/ssda903/episodes.csv").reason


def test_las_and_lad_hierarchy_are_not_the_region_corrections_table(tmp_path):
    write_lookups(tmp_path)
    assert recognise(tmp_path / "geo/la_lad_hierarchy.csv").contract is None
    assert recognise(tmp_path / "geo/las.csv").contract is None


def test_near_miss_is_an_error_listing_missing_and_unexpected_columns(tmp_path):
    src = find("csww")
    text = src.read_text(encoding="utf-8-sig").replace(",caseload_fte,", ",average_caseload,", 1)
    f = tmp_path / "csww.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        recognise(f)
    msg = e.value.describe()
    assert "missing column for 'caseload_fte'" in msg
    assert "average_caseload" in msg  # listed as unexpected
    assert "workforce" in msg


def test_an_ees_file_of_another_publication_is_skipped_not_an_error(tmp_path):
    f = tmp_path / "other.csv"
    f.write_text("time_period,time_identifier,geographic_level,country_code,old_la_code,new_la_code,la_name,pupils\n2025,Academic year,National,E92000001,,,,5\n")
    found = recognise(f)
    assert found.contract is None and "does not use" in found.reason


def test_whole_downloads_folder_with_lookups_builds(tmp_path, data_dir, capsys):
    src = tmp_path / "downloads"
    shutil.copytree(data_dir, src, ignore=shutil.ignore_patterns("*.md"))
    write_lookups(src)
    db = tmp_path / "o.duckdb"
    assert main(["build", "--source", str(src), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "geo/las.csv" in out and "skipped" in out


def test_check_prints_one_table(source, capsys):
    copy_real("cin_referrals", source)
    copy_real("population", source)
    write_lookups(source)
    assert main(["check", "--source", str(source)]) == 0
    out = capsys.readouterr().out.splitlines()
    header = next(line for line in out if line.startswith("file "))
    assert header.split() == ["file", "publication", "release", "status", "why"]
    c1 = next(line for line in out if line.startswith("c1_"))
    assert "cin_referrals" in c1 and "2013-2025" in c1 and "loaded" in c1
    las = next(line for line in out if line.startswith("geo/las.csv"))
    assert "skipped" in las and "areas.csv" in las

"""Every download and the report workbook neutralise text that a spreadsheet would run as a formula."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from oversight import exports
from tests.conftest import ROOT

DANGEROUS = ["=HYPERLINK(\"http://evil/\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _frame() -> pl.DataFrame:
    return pl.DataFrame({"text": [*DANGEROUS, "Haringey", None], "value": [-5.5, 1.0, -2.0, 3.0, 4.0, 5.0, 6.0, None]})


def test_csv_neutralises_text_and_keeps_negative_numbers():
    back = pl.read_csv(io.BytesIO(exports.csv_bytes(_frame())))
    assert back["text"].to_list()[: len(DANGEROUS)] == ["'" + d for d in DANGEROUS]
    assert back["text"][len(DANGEROUS)] == "Haringey"
    assert back["value"][0] == -5.5 and back["value"][2] == -2.0


def test_xlsx_neutralises_text_and_keeps_numbers_as_numbers():
    ws = load_workbook(io.BytesIO(exports.xlsx_bytes(_frame(), "x"))).active
    cells = [ws.cell(r, 1) for r in range(2, 2 + len(DANGEROUS))]
    assert [c.value for c in cells] == ["'" + d.replace("\r", "\n") for d in DANGEROUS]  # XML keeps \r as \n
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(2, 2).value == -5.5 and ws.cell(2, 2).data_type == "n"


def test_report_workbook_neutralises_text(warehouse, tmp_path, monkeypatch):
    from oversight import db, report

    pack = report.build(db.connect(warehouse), 2025)
    first = next(iter(pack.tables))
    df = pack.tables[first]
    col = next(c for c, t in df.schema.items() if t == pl.String)
    pack.tables[first] = df.with_columns(pl.lit("=1+1").alias(col))
    path = tmp_path / "pack.xlsx"
    report.write_workbook(pack, path)
    ws = load_workbook(path)[first[:31]]
    j = df.columns.index(col) + 1
    assert ws.cell(2, j).value == "'=1+1" and ws.cell(2, j).data_type == "s"


def test_every_download_goes_through_the_one_helper():
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("oversight/*.py")]:
        text = Path(path).read_text()
        if path.name != "exports.py":
            assert ".write_csv(" not in text, path

"""Small hostile workbooks, generated here, are refused from their sizes and sheet extents before
any spreadsheet reader runs: a cell at XFD1048576 (a reader panic), a cell at ALL50000, an XLSX
zip bomb, an ODS whose repeated rows would expand to millions of cells. Each build runs in a
subprocess so that a crash would show as an exit code rather than kill the test run."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import ROOT, copy_real

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def one_cell(ref: str):
    def make(folder: Path) -> Path:
        wb = Workbook()
        wb.active["A1"] = "LA Code"
        wb.active[ref] = 1
        path = folder / "outcomes.xlsx"
        wb.save(path)
        return path
    return make


def xlsx_bomb(folder: Path) -> Path:
    plain = folder / "plain.xlsx"
    Workbook().save(plain)
    path = folder / "bomb.xlsx"
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with zout.open(item.filename, "w") as out:
                    out.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                    chunk = row * 20_000
                    for _ in range(50):  # about 50 MB of rows inflated from a few hundred KB
                        out.write(chunk)
                    out.write(b"</sheetData></worksheet>")
            else:
                zout.writestr(item, zin.read(item.filename))
    plain.unlink()
    return path


def ods_repeated(folder: Path) -> Path:
    path = folder / "outcomes.ods"
    content = (
        f'<office:document-content {ODS_NS}><office:body><office:spreadsheet><table:table table:name="ILACS_inspection_history">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>LA Code</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" '
        'table:number-columns-repeated="50"><text:p>x</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


CASES = {
    "cell at XFD1048576": (one_cell("XFD1048576"), "refused: sheet"),
    "cell at ALL50000": (one_cell("ALL50000"), "refused: sheet"),
    "xlsx zip bomb": (xlsx_bomb, "a zip bomb?"),
    "ods rows repeated a million times": (ods_repeated, "refused: sheet 'ILACS_inspection_history'"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_workbook_is_refused(case, source, tmp_path):
    copy_real("population", source)
    copy_real("cin_referrals", source)
    make, says = CASES[case]
    hostile = make(source)
    done = subprocess.run(
        [sys.executable, "-m", "etl", "build", "--source", str(source), "--db", str(tmp_path / "oversight.duckdb")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert hostile.name in done.stderr and says in done.stderr, done.stderr
    assert "Traceback" not in done.stderr

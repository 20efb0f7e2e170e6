"""A corpus of broken inputs generated from the real files (never committed). Each case must
exit non-zero with a message naming the file and the problem, or load with an explicit warning
where the data really is valid; the previous database is unchanged when the build fails, and no
partial tables or temporary files are left behind."""

from __future__ import annotations

import csv
import hashlib
import io
import random
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import pytest
from openpyxl import Workbook

from etl.__main__ import main
from tests.conftest import copy_real, find

Mutation = Callable[[Path], Path]


def text_edit(kind: str, change: Callable[[str], str]) -> Mutation:
    def apply(src: Path) -> Path:
        f = copy_real(kind, src)
        f.write_text(change(f.read_text(encoding="utf-8-sig")), encoding="utf-8")
        return f
    return apply


def rows_edit(kind: str, change: Callable[[list[list[str]]], list[list[str]]]) -> Mutation:
    def apply(src: Path) -> Path:
        f = copy_real(kind, src)
        rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"))))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(change(rows))
        f.write_text(out.getvalue(), encoding="utf-8")
        return f
    return apply


def column(rows: list[list[str]], name: str) -> int:
    return rows[0].index(name)


def drop_column(name: str):
    def change(rows):
        i = column(rows, name)
        return [r[:i] + r[i + 1 :] for r in rows]
    return change


def set_cell(name: str, row: int, value: str):
    def change(rows):
        rows[row][column(rows, name)] = value
        return rows
    return change


def whole_column(name: str, value: str):
    def change(rows):
        i = column(rows, name)
        return [rows[0]] + [[*r[:i], value, *r[i + 1:]] for r in rows[1:]]
    return change


def truncate(kind: str, seed: int) -> Mutation:
    def apply(src: Path) -> Path:
        f = copy_real(kind, src)
        data = f.read_bytes()
        cut = random.Random(seed).randrange(200, len(data) - 2)
        while data[cut - 1 : cut] == b"\n":
            cut += 1
        f.write_bytes(data[:cut])
        return f
    return apply


def swap_header(a: str, b: str):
    def change(rows):
        i, j = column(rows, a), column(rows, b)
        rows[0][i], rows[0][j] = rows[0][j], rows[0][i]
        return rows
    return change


def latin1(src: Path) -> Path:
    f = copy_real("cin_referrals", src)
    text = f.read_text(encoding="utf-8-sig").replace("Haringey", "Haring\u00e9y")
    f.write_bytes(text.encode("latin-1"))
    return f


def bom(src: Path) -> Path:
    f = copy_real("cin_referrals", src)
    f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes().lstrip(b"\xef\xbb\xbf"))
    return f


def crlf(src: Path) -> Path:
    f = copy_real("cin_referrals", src)
    f.write_bytes(f.read_bytes().replace(b"\n", b"\r\n"))
    return f


def empty(src: Path) -> Path:
    f = copy_real("cin_referrals", src)
    f.write_bytes(b"")
    return f


def xlsx_as_csv(src: Path) -> Path:
    rows = list(csv.reader(io.StringIO(find("cin_referrals").read_text(encoding="utf-8-sig"))))
    wb = Workbook()
    for r in rows[:50]:
        wb.active.append(r)
    f = src / "c1_referrals.csv"
    wb.save(f)
    return f


def ods_edit(old: bytes, new: bytes) -> Mutation:
    def apply(src: Path) -> Path:
        real = find("ofsted_outcomes")
        f = src / real.name
        with zipfile.ZipFile(real) as zin, zipfile.ZipFile(f, "w") as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "content.xml":
                    data = data.replace(old, new)
                zout.writestr(item, data)
        return f
    return apply


def parquet_edit(change: Callable[[pl.DataFrame], pl.DataFrame]) -> Mutation:
    def apply(src: Path) -> Path:
        real = find("lait")
        f = src / real.name
        change(pl.read_parquet(real)).write_parquet(f)
        return f
    return apply


def parquet_truncated(src: Path) -> Path:
    f = copy_real("lait", src)
    f.write_bytes(f.read_bytes()[: 700_000])
    return f


def noise_1gb(src: Path) -> Path:
    """1 GB of noise, written lazily: random bytes at the start, the rest left sparse."""
    f = src / "export.csv"
    with f.open("wb") as out:
        out.write(random.Random(7).randbytes(1 << 20))
        out.seek((1 << 30) - 1)
        out.write(b"\x01")
    return f


def shuffled_rows(src: Path) -> Path:
    f = copy_real("cin_referrals", src)
    lines = f.read_text(encoding="utf-8-sig").splitlines()
    body = lines[1:]
    random.Random(3).shuffle(body)
    f.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return f


ERROR, WARN, OK = "error", "warning", "loaded"
CASES: list[tuple[str, Mutation, str, str]] = [
    ("truncated c1", truncate("cin_referrals", 1), ERROR, "truncated"),
    ("truncated csww", truncate("csww", 2), ERROR, "truncated"),
    ("truncated cla", truncate("cla_numbers", 3), ERROR, "truncated"),
    ("truncated parquet", parquet_truncated, ERROR, "parquet"),
    ("shuffled header", rows_edit("cin_referrals", swap_header("referral_count", "rereferral_percent")), ERROR, "cannot exceed 100"),
    ("deleted column", rows_edit("csww", drop_column("caseload_fte")), ERROR, "missing column for 'caseload_fte'"),
    ("renamed column", text_edit("cla_numbers", lambda t: t.replace(",children_count,", ",kids,", 1)), ERROR, "missing column for 'children_count'"),
    ("renamed parquet column", parquet_edit(lambda d: d.rename({"Values": "Numbers"})), ERROR, "missing column for 'value'"),
    ("wrong type in a cell", rows_edit("cin_cpp_duration", set_cell("CPP_At31", 7, "abc")), ERROR, "found 'abc'"),
    ("thousands separators", rows_edit("cin_referrals", set_cell("referral_count", 1, "632,830")), WARN, "thousands separators"),
    ("byte order mark", bom, OK, ""),
    ("windows line endings", crlf, OK, ""),
    ("rows in another order", shuffled_rows, OK, ""),
    ("latin-1 encoding", latin1, ERROR, "not UTF-8"),
    ("duplicate header row", rows_edit("cin_referrals", lambda r: [r[0], *r[1:10], r[0], *r[10:]]), ERROR, "repeats the header"),
    ("duplicate keys", rows_edit("cin_referrals", lambda r: [*r, r[20]]), ERROR, "duplicate key"),
    ("unknown LA code", rows_edit("cin_referrals", set_cell("old_la_code", 20, "999")), ERROR, "unknown LA number '999'"),
    ("unknown LAIT LA number", parquet_edit(lambda d: d.with_columns(pl.when(pl.int_range(pl.len()) == 5).then(999.0).otherwise(pl.col("LA Number")).alias("LA Number"))), ERROR, "unknown LAIT LA number '999'"),
    ("year far in the future", rows_edit("cin_referrals", set_cell("time_period", 3, "2125")), ERROR, "year 2125"),
    ("negative count", rows_edit("cin_referrals", set_cell("referral_count", 30, "-12")), ERROR, "cannot be negative"),
    ("negative population", rows_edit("population", set_cell("population_estimate", 30, "-12")), ERROR, "cannot be negative"),
    ("percentage over 100", rows_edit("cin_referrals", set_cell("rereferral_percent", 9, "140.2")), ERROR, "cannot exceed 100"),
    ("whole column suppressed", rows_edit("cin_referrals", whole_column("rereferral_percent", "x")), WARN, "suppressed in every row"),
    ("empty file", empty, ERROR, "the file is empty"),
    ("header only", rows_edit("cin_referrals", lambda r: r[:1]), ERROR, "no data rows"),
    ("csv that is really xlsx", xlsx_as_csv, WARN, "not recognised and skipped"),
    ("ods sheet renamed", ods_edit(b"ILACS_inspection_history", b"Inspection history (all)"), ERROR, "no sheet with the ILACS inspection history"),
    ("ods unknown grade", ods_edit(b">Inadequate<", b">Failing<"), ERROR, "unknown grade 'Failing'"),
    ("unknown closeness", text_edit("sn_model_2025", lambda t: t.replace("Very close", "Nearby", 1)), ERROR, "unknown closeness 'Nearby'"),
    ("1 GB of noise", noise_1gb, ERROR, "cannot be read"),
]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("base-src")
    copy_real("population", src)
    copy_real("csww", src)  # a build must publish some indicator values
    db = tmp_path_factory.mktemp("base") / "oversight.duckdb"
    assert main(["build", "--source", str(src), "--db", str(db)]) == 0
    return db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corpus_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize(("name", "mutate", "expect", "says"), CASES, ids=[c[0] for c in CASES])
def test_broken_input(name, mutate, expect, says, baseline, tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    copy_real("population", src)
    copy_real("csww", src)
    broken = mutate(src)
    db_dir = tmp_path / "db"
    db_dir.mkdir()
    db = db_dir / "oversight.duckdb"
    shutil.copy(baseline, db)
    before = digest(db)
    code = main(["build", "--source", str(src), "--db", str(db)])
    out = capsys.readouterr()
    if expect == ERROR:
        assert code != 0, out.out
        assert broken.name in out.err and says in out.err, out.err
        assert digest(db) == before
    else:
        assert code == 0, out.err
        warned = [line for line in out.out.splitlines() if line.strip().startswith("warning:") and broken.name in line]
        assert any(says in line for line in warned) if says else not warned, out.out
        con = duckdb.connect(str(db), read_only=True)
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        con.close()
        assert {"indicator_values", "areas", "load_log"} <= views
    assert sorted(p.name for p in db_dir.iterdir()) == ["oversight.duckdb"]

"""The build reads two files at a time, yet takes their results in file order: the file table,
the warnings and the first error are those a one-by-one read gives, and each workbook is parsed
once although recognising and loading it both open it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from etl import extract as ex
from etl.areas import AreaRegistry
from etl.errors import InputError
from etl.publications import sheets
from tests.conftest import copy_real


def test_each_workbook_is_opened_once(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opened once per build although recognising and loading it both ask for it: in every build,
    the next in the same process included (a benchmark that repeats builds in one process pays the
    opening each time). An ODS workbook's content is inflated once, and each sheet it is asked for
    (whole, or its first rows) is parsed once."""
    books = [copy_real(kind, source) for kind in ("ofsted_outcomes", "ofsted_history")]
    copy_real("cin_referrals", source)
    opened: list[str] = []
    parsed: list[tuple[str, str, int | None]] = []
    real_open, real_sheet = sheets.ods.open_book, sheets.ods.OdsBook.sheet

    def open_book(path: Path) -> object:
        opened.append(path.name)
        return real_open(path)

    def sheet(self: sheets.ods.OdsBook, name: str, nrows: int | None = None) -> object:
        if (name, nrows) not in self._parsed:
            parsed.append((self.path.name, name, nrows))
        return real_sheet(self, name, nrows)

    monkeypatch.setattr(sheets.ods, "open_book", open_book)
    monkeypatch.setattr(sheets.ods.OdsBook, "sheet", sheet)
    for build in (1, 2):
        parsed.clear()
        out = ex.extract([source])
        assert sorted(opened) == sorted([b.name for b in books] * build)
        assert parsed and len(parsed) == len(set(parsed))
        assert {f.publication for f in out.files} == {"ofsted_outcomes", "ofsted_history", "cin_referrals"}
    # the providers' sheets, 40 MB of XML between them, are read for their first rows only
    history = "Childrens_social_care_in_England_2023_underlying_data.ods"
    assert (history, "Provider_level_at_31_Mar_2023", 10) in parsed
    assert not [p for p in parsed if p[0] == history and p[1].startswith("Provider") and p[2] is None]


def _slow_first(monkeypatch: pytest.MonkeyPatch, source: Path, fail: set[str]) -> list[str]:
    """The reader of the first file finishes last: it waits until every other file has been read.
    The readers of the files named in `fail` raise. Returns the names in the order reading ended."""
    real = ex._read_parsed_once
    names = [p.name for p in ex.source_files([source])]
    others_done = threading.Event()
    ended: list[str] = []
    lock = threading.Lock()

    def read(path: Path, reg: AreaRegistry) -> object:
        if path.name == names[0]:
            others_done.wait(timeout=60)
        try:
            if path.name in fail:
                raise InputError(path, "refused here")
            return real(path, reg)
        finally:
            with lock:
                ended.append(path.name)
                if len(ended) == len(names) - 1:
                    others_done.set()

    monkeypatch.setattr(ex, "_read_parsed_once", read)
    return ended


def test_results_are_taken_in_file_order(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [copy_real(kind, source) for kind in ("cin_referrals", "cin_section47", "csww")]
    names = sorted(p.name for p in paths)
    (source / "notes.txt").write_text("not a publication\n")
    monkeypatch.setattr(ex, "READERS", 1)
    one_by_one = ex.extract([source])
    monkeypatch.setattr(ex, "READERS", 2)
    ended = _slow_first(monkeypatch, source, set())
    read_at_once = ex.extract([source])
    assert ended[-1] == names[0] and len(ended) == 4  # the first file was read last
    assert [Path(f.path).name for f in read_at_once.files] == [Path(f.path).name for f in one_by_one.files]
    assert read_at_once.warnings.items == one_by_one.warnings.items
    assert sorted(read_at_once.frames) == sorted(one_by_one.frames)


def test_the_first_error_in_file_order_is_the_one_reported(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = sorted(copy_real(kind, source) for kind in ("cin_referrals", "cin_section47", "csww"))
    ended = _slow_first(monkeypatch, source, {paths[0].name, paths[2].name})
    with pytest.raises(InputError) as raised:
        ex.extract([source])
    assert ended[-1] == paths[0].name  # the later file failed first
    assert paths[0].name in str(raised.value) and paths[2].name not in str(raised.value)


def test_the_largest_files_are_read_first(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """So the two slowest reads run side by side from the start rather than one alone at the end."""
    paths = [copy_real(kind, source) for kind in ("cin_referrals", "ofsted_outcomes", "population")]
    (source / "notes.txt").write_text("not a publication\n")
    started: list[str] = []
    real = ex._read_parsed_once

    def read(path: Path, reg: AreaRegistry) -> object:
        started.append(path.name)
        return real(path, reg)

    monkeypatch.setattr(ex, "READERS", 1)  # one reader: files start in the order they were handed out
    monkeypatch.setattr(ex, "_read_parsed_once", read)
    out = ex.extract([source])
    by_size = sorted([*paths, source / "notes.txt"], key=lambda p: p.stat().st_size, reverse=True)
    assert started == [p.name for p in by_size] != sorted(started)
    assert [Path(f.path).name for f in out.files] == sorted(started)  # results still in file order

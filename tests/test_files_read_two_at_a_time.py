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


def test_each_workbook_is_parsed_once(source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed once per build, and screened once before it: in every build, the next in the same
    process included (a benchmark that repeats builds in one process pays the screening each time)."""
    books = [copy_real(kind, source) for kind in ("ofsted_outcomes", "ofsted_history")]
    copy_real("cin_referrals", source)
    parsed: list[str] = []
    screened: list[str] = []
    real = sheets.CalamineWorkbook
    real_check = sheets.screen.check_workbook

    class Counted:
        @staticmethod
        def from_path(path: str) -> object:
            parsed.append(Path(path).name)
            return real.from_path(path)

    def check(path: Path) -> None:
        screened.append(path.name)
        real_check(path)

    monkeypatch.setattr(sheets, "CalamineWorkbook", Counted)
    monkeypatch.setattr(sheets.screen, "check_workbook", check)
    for build in (1, 2):
        out = ex.extract([source])
        assert sorted(parsed) == sorted(screened) == sorted([b.name for b in books] * build)
        assert {f.publication for f in out.files} == {"ofsted_outcomes", "ofsted_history", "cin_referrals"}


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

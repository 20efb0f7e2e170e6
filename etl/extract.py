"""Find, recognise and load every file in the source folders into typed frames."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import polars as pl

from etl import bases, screen
from etl.areas import AreaRegistry, registry
from etl.errors import InputError, Warnings, library_failure
from etl.publications.sheets import one_parse_per_workbook
from etl.recognise import Found, recognise

Progress = Callable[[str], None]


@dataclass
class FileResult:
    path: str
    sha256: str
    publication: str | None
    title: str | None
    rows: int
    seconds: float
    status: str  # loaded, superseded or skipped
    message: str = ""
    release: str | None = None  # the years the file covers, e.g. '2013-2025'


@dataclass(frozen=True)
class Release:
    """One loaded file of a publication."""

    path: Path
    frame: pl.DataFrame
    years: tuple[int, ...]
    order: tuple[int, float, str]  # newest last: latest year covered, then file time, then name

    @property
    def label(self) -> str:
        return years_label(self.years)


@dataclass
class Extracted:
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    files: list[FileResult] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)
    # publication -> older releases' figures for years a newer release also covers, with the
    # file names (older, newer) per year: the input of the `revisions` table
    older: dict[str, list[tuple[str, str, pl.DataFrame]]] = field(default_factory=dict)
    # publication -> every release loaded, in full (for comparing what each release published)
    releases: dict[str, list[pl.DataFrame]] = field(default_factory=dict)


def years_label(years: tuple[int, ...] | list[int]) -> str:
    """'2013-2025', or '2019, 2021-2023' where years are missing."""
    if not years:
        return "-"
    ys = sorted(set(years))
    runs: list[list[int]] = [[ys[0], ys[0]]]
    for y in ys[1:]:
        if y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _years(frame: pl.DataFrame) -> tuple[int, ...]:
    for col in ("time_period", "publication_date"):
        if col in frame.columns:
            s = frame[col].drop_nulls()
            if s.dtype == pl.Date:
                s = s.dt.year()
            return tuple(sorted({int(y) for y in s.unique().to_list()}))
    return ()


def source_files(sources: list[Path]) -> list[Path]:
    return screen.source_files(sources)  # symlinks out, FIFOs and devices come back as screen.Refused


def sha256(path: Path) -> str:
    if isinstance(path, screen.Refused):
        return ""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


T = TypeVar("T")


def _guard(path: Path, step: Callable[..., T], *args: object) -> T:
    """Run a reader; anything it raises other than InputError becomes one naming the file."""
    try:
        return step(*args)
    except InputError:
        raise
    except (OSError, MemoryError) as e:
        raise InputError(path, f"the file cannot be read: {e}") from None
    except BaseException as e:  # a reader library failed on malformed bytes (a Rust panic included)
        if not library_failure(e):
            raise
        detail = str(e).splitlines()[0][:200] if str(e) else ""
        raise InputError(path, f"the file is damaged or not in the expected format ({type(e).__name__}: {detail})") from None


@dataclass
class _Read:
    """One file as its reader left it: recognised or not, its frame, and its own warnings."""

    path: Path
    digest: str
    found: Found
    frame: pl.DataFrame | None
    seconds: float
    warnings: Warnings


def _read(path: Path, reg: AreaRegistry) -> _Read:
    with one_parse_per_workbook():
        return _read_parsed_once(path, reg)


def _read_parsed_once(path: Path, reg: AreaRegistry) -> _Read:
    started = time.perf_counter()
    found = _guard(path, recognise, path)
    digest = sha256(path)
    warnings = Warnings()
    if found.contract is None or found.loader is None:
        return _Read(path, digest, found, None, 0.0, warnings)
    frame = _guard(path, found.loader, path, found.contract, reg, warnings)
    return _Read(path, digest, found, frame, time.perf_counter() - started, warnings)


READERS = 2  # files read at once


def _size(path: Path) -> int:
    try:
        return 0 if isinstance(path, screen.Refused) else path.stat().st_size
    except OSError:
        return 0  # the reader says why


def extract(sources: list[Path], progress: Progress = lambda _: None, tick: Callable[[Path], None] | None = None) -> Extracted:
    """tick(path), if given, is called as each file's result is taken in, in file order (a progress
    bar advances on it). Two files are read at a time: the readers (calamine, polars, hashing) let go
    of the interpreter while they parse, so one file's parse runs beside another's checks. The
    largest files are handed out first. Results, warnings and the first error are taken in file
    order, as if read one by one. Each workbook is parsed once, for recognising and loading it."""
    out = Extracted()
    reg = registry()
    loaded: dict[str, list[Release]] = {}
    digests: dict[Path, str] = {}
    with ThreadPoolExecutor(READERS) as pool:
        paths = source_files(sources)
        # the largest files first, so the slowest reads run side by side from the start instead of
        # one finishing alone at the end; results are still taken in file order
        jobs = {path: pool.submit(_read, path, reg) for path in sorted(paths, key=_size, reverse=True)}
        pending = [jobs[path] for path in paths]
        try:
            for job in pending:
                read = job.result()
                _take(read, out, loaded, digests, tick)
        finally:
            for job in pending:
                job.cancel()
    for pub, releases in loaded.items():
        out.frames[pub] = _newest_per_year(pub, releases, out, digests)
        out.releases[pub] = [r.frame for r in releases]
    if "population" in out.frames:
        every = [r.frame.with_columns(pl.lit(p).alias("_publication")) for p, rels in loaded.items() for r in rels if p in bases.PAIRS]
        out.frames["population"], filled = bases.fill_gaps(out.frames["population"], every)
        for how, n in filled.group_by("source_file").len().iter_rows():
            # under the population file it fills ("population" had stood where a file's name is)
            out.warnings.add(max(loaded["population"], key=lambda r: r.order).path.name, f"{n} missing bases taken as {how}")
    if not out.frames:
        raise InputError(", ".join(str(s) for s in sources), "no publication was recognised in the sources")
    progress(file_table(out.files, sources))
    return out


def _take(read: _Read, out: Extracted, loaded: dict[str, list[Release]], digests: dict[Path, str], tick: Callable[[Path], None] | None) -> None:
    """Record one file's result, in file order."""
    path, found = read.path, read.found
    if tick:
        tick(path)
    digests[path] = read.digest
    out.warnings.items.extend(read.warnings.items)
    if found.contract is None or read.frame is None:
        out.files.append(FileResult(str(path.resolve()), read.digest, None, None, 0, 0.0, "skipped", found.reason))
        if not found.known:
            out.warnings.add(path, f"not recognised and skipped: {found.reason}")
        return
    frame = read.frame
    years = _years(frame)
    order = (max(years) if years else 0, path.stat().st_mtime, path.name)
    loaded.setdefault(found.contract.publication, []).append(Release(path, frame, years, order))
    out.files.append(FileResult(str(path.resolve()), read.digest, found.contract.publication, found.contract.title, frame.height, read.seconds, "loaded", "", years_label(years)))


def _newest_per_year(pub: str, releases: list[Release], out: Extracted, digests: dict[Path, str]) -> pl.DataFrame:
    """For each year, the rows of the newest release that covers it; older files are superseded."""
    if len(releases) == 1:
        return releases[0].frame
    releases = sorted(releases, key=lambda r: r.order, reverse=True)
    newest = releases[0]
    if not newest.years and len({digests[r.path] for r in releases}) > 1:
        names = ", ".join(str(r.path) for r in releases)
        raise InputError(newest.path, f"several different files are {pub} ({names}) and none says which years it covers; keep only one")
    by_path = {f.path: f for f in out.files}
    taken: dict[int, Release] = {}
    parts = []
    for rel in releases:
        mine = [y for y in rel.years if y not in taken]
        overlap = [y for y in rel.years if y in taken]
        result = by_path[str(rel.path.resolve())]
        if rel is not newest and overlap:
            older = rel.frame.filter(pl.col("time_period").is_in(overlap)) if "time_period" in rel.frame.columns else rel.frame
            newer = {taken[y].path.name for y in overlap}
            out.older.setdefault(pub, []).append((rel.path.name, " + ".join(sorted(newer)), older))
        if rel is newest:
            parts.append(rel.frame)
        elif mine and "time_period" in rel.frame.columns:
            parts.append(rel.frame.filter(pl.col("time_period").is_in(mine)))
            result.message = f"years {years_label(mine)} loaded; {years_label(overlap)} superseded by a newer release"
        else:
            result.status = "superseded"
            newer_names = sorted({taken[y].path.name for y in overlap}) or [newest.path.name]
            result.message = f"a newer release covers all its years ({', '.join(newer_names)})"
            result.rows = 0
        if rel is not newest and result.status == "loaded":
            result.rows = parts[-1].height
        for y in mine:
            taken[y] = rel
    if newest.years and newest.order[0] == releases[1].order[0] and digests[newest.path] != digests[releases[1].path]:
        out.warnings.add(newest.path, f"{releases[1].path.name} covers the same latest year; this file was taken as the newer release because it was modified later")
    return pl.concat(parts, how="diagonal_relaxed")


def file_table(files: list[FileResult], sources: list[Path]) -> str:
    """One line per file: file, publication, release (years covered), what happens to it, and why."""
    roots = [s.resolve() for s in sources]

    def short(path: str) -> str:
        p = Path(path)
        for r in roots:
            if p.is_relative_to(r) and r.is_dir():
                return str(p.relative_to(r))
        return path

    rows = [("file", "publication", "release", "status", "why")]
    for f in files:
        why = f.message or (f"{f.rows:,} rows" if f.status == "loaded" else "")
        rows.append((short(f.path), f.publication or "-", f.release or "-", f.status, why))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(r[:4], widths, strict=True)) + "  " + r[4] for r in rows)

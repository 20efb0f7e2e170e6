"""Find, recognise and load every file in the source folders into typed frames."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import polars as pl

from etl.areas import registry
from etl.errors import InputError, Warnings
from etl.recognise import recognise

Progress = Callable[[str], None]


@dataclass
class FileResult:
    path: str
    sha256: str
    publication: str | None
    title: str | None
    rows: int
    seconds: float
    status: str
    message: str = ""


@dataclass
class Extracted:
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    files: list[FileResult] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)


def source_files(sources: list[Path]) -> list[Path]:
    files: list[Path] = []
    for src in sources:
        if not src.exists():
            raise InputError(src, "source folder does not exist")
        if src.is_file():
            files.append(src)
            continue
        files.extend(p for p in sorted(src.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in p.relative_to(src).parts))
    return files


def sha256(path: Path) -> str:
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
    except Exception as e:  # a reader library failed on malformed bytes
        detail = str(e).splitlines()[0][:200] if str(e) else ""
        raise InputError(path, f"the file is damaged or not in the expected format ({type(e).__name__}: {detail})") from None


def extract(sources: list[Path], progress: Progress = lambda _: None) -> Extracted:
    out = Extracted()
    reg = registry()
    owners: dict[str, Path] = {}
    for path in source_files(sources):
        started = time.perf_counter()
        found = _guard(path, recognise, path)
        digest = sha256(path)
        if found.contract is None or found.loader is None:
            out.files.append(FileResult(str(path.resolve()), digest, None, None, 0, 0.0, "skipped", found.reason))
            progress(f"  skipped     {path}  ({found.reason})")
            if path.suffix.lower() != ".md":
                out.warnings.add(path, f"not recognised and skipped: {found.reason}")
            continue
        pub = found.contract.publication
        if pub in owners:
            raise InputError(path, f"both this file and {owners[pub]} are {found.contract.title}; keep only one release in the sources")
        owners[pub] = path
        frame = _guard(path, found.loader, path, found.contract, reg, out.warnings)
        seconds = time.perf_counter() - started
        out.frames[pub] = frame
        out.files.append(FileResult(str(path.resolve()), digest, pub, found.contract.title, frame.height, seconds, "loaded"))
        progress(f"  loaded      {path}  as {pub}: {frame.height:,} rows ({seconds:.2f}s)")
    if not out.frames:
        raise InputError(", ".join(str(s) for s in sources), "no publication was recognised in the sources")
    return out

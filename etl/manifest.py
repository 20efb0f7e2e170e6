"""The manifest of the published files shipped in data/published/: what each is, where it comes from, its hash."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.extract import sha256

MANIFEST = "MANIFEST.toml"
NOT_DATA = {MANIFEST, "NOTICE.md"}


@dataclass(frozen=True)
class Entry:
    path: str
    publisher: str
    publication: str
    release: str
    source_url: str
    licence: str
    sha256: str
    size: int


def load(folder: Path) -> dict[str, Entry]:
    with (folder / MANIFEST).open("rb") as f:
        return {e["path"]: Entry(**e) for e in tomllib.load(f)["file"]}


SHIPPED_SCHEMA = {"sha256": pl.String, "publisher": pl.String, "published_release": pl.String, "source_url": pl.String}


def by_checksum(folders: Iterable[Path]) -> pl.DataFrame:
    """What the manifest of each source folder that has one says of its files, by their SHA-256 (a
    file is known by its bytes, wherever it sits): publisher, the release as published
    ("reporting year 2025") and the page it came from. A folder's manifest is its own or that of the
    nearest folder above it that has one; empty where there is none."""
    held = {next((d for d in (folder, *folder.parents) if (d / MANIFEST).is_file()), None) for folder in folders}  # a folder of data/published too
    rows = {e.sha256: (e.sha256, e.publisher, e.release, e.source_url) for folder in held if folder is not None for e in load(folder).values()}
    return pl.DataFrame(list(rows.values()), schema=SHIPPED_SCHEMA, orient="row")


def shipped(folder: Path) -> list[str]:
    """Every data file under folder, as a POSIX path relative to it."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name not in NOT_DATA)


def problems(folder: Path) -> list[str]:
    """Every way the files in folder differ from its manifest; empty when they agree."""
    entries = load(folder)
    files = shipped(folder)
    out = [f"{f}: not in {MANIFEST}" for f in files if f not in entries]
    out += [f"{p}: listed in {MANIFEST} but missing" for p in entries if p not in files]
    for f in files:
        e = entries.get(f)
        if e is None:
            continue
        path = folder / f
        if path.stat().st_size != e.size:
            out.append(f"{f}: size {path.stat().st_size} but the manifest says {e.size}")
        elif sha256(path) != e.sha256:
            out.append(f"{f}: sha256 differs from the manifest")
    return out

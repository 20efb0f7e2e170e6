"""Each return's specification year as data: specs/<kind>/<first year>.toml, inherited forward."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

SPECS = Path(__file__).parent / "specs"
KINDS = ("cin", "ssda903")


def _merge(base: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in change.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


@lru_cache(maxsize=16)
def files(kind: str) -> tuple[tuple[int, dict[str, Any]], ...]:
    """(first year, what changed) for every specification file of a return, oldest first."""
    found = []
    for path in sorted((SPECS / kind).glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        if raw.get("year") != int(path.stem):
            raise ValueError(f"{path}: year must equal the file name")
        found.append((int(path.stem), raw))
    return tuple(found)


def first_year(kind: str) -> int:
    return files(kind)[0][0]


def for_year(kind: str, year: int) -> dict[str, Any]:
    """The specification in force for a collection year (2021 is the year to 31 March 2021)."""
    spec: dict[str, Any] = {}
    for start, change in files(kind):
        if start <= year:
            spec = _merge(spec, change)
    if not spec:
        raise LookupError(f"collection year {year - 1}-{str(year)[2:]} is older than the first {kind} specification held ({first_year(kind)})")
    spec["year"] = year
    return spec


def spec_year(kind: str, year: int) -> int:
    """The first year of the specification file that applies."""
    return max(start for start, _ in files(kind) if start <= year)

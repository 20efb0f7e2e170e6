"""Every area code the project knows, and the one place where codes are resolved.

Publications name an area by DfE's 3-digit LA number (`old_la_code`), by an ONS 9-character
code (which changes when boundaries or ONS coding change), or by LAIT's number for England and
the regions (970, 980-990). All of them resolve here to one canonical ONS code per area.
The reference table `reference/areas.csv` lists current authorities, their predecessors
(with successors and the last reporting year), regions and England.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

REFERENCE = Path(__file__).parent / "reference" / "areas.csv"
NAME_ALIASES = Path(__file__).parent / "reference" / "area_name_aliases.csv"
ENGLAND = "E92000001"
LEVELS = ("National", "Regional", "Local authority")


@dataclass(frozen=True)
class Area:
    area_code: str
    old_la_code: str | None
    area_name: str
    geographic_level: str
    region_code: str | None
    status: str
    successors: tuple[str, ...]
    last_year: int | None
    earlier_codes: tuple[str, ...] = ()  # the ONS codes the same area had before ONS recoded it


class UnknownArea(KeyError):
    """Raised with a message naming the code that no reference entry matches."""


class AreaRegistry:
    def __init__(self, rows: list[dict[str, str]]) -> None:
        self.areas: dict[str, Area] = {}
        self._by_old: dict[str, str] = {}
        self._by_ons: dict[str, str] = {}
        self._by_lait: dict[str, str] = {}
        for r in rows:
            area = Area(
                area_code=r["area_code"],
                old_la_code=r["old_la_code"] or None,
                area_name=r["area_name"],
                geographic_level=r["geographic_level"],
                region_code=r["region_code"] or None,
                status=r["status"],
                successors=tuple(s for s in r["successor_old_la_codes"].split(";") if s),
                last_year=int(r["last_year"]) if r["last_year"] else None,
                earlier_codes=tuple(filter(None, r["other_area_codes"].split(";"))),
            )
            self.areas[area.area_code] = area
            self._by_ons[area.area_code] = area.area_code
            for alias in area.earlier_codes:
                self._by_ons[alias] = area.area_code
            if area.old_la_code:
                self._by_old[area.old_la_code] = area.area_code
            if r["lait_code"]:
                self._by_lait[r["lait_code"]] = area.area_code
        self._by_name: dict[str, list[str]] = {}
        for area in self.areas.values():
            if area.geographic_level == "Local authority":
                self._add_name(area.area_name, area.area_code)

    def _add_name(self, name: str, area_code: str) -> None:
        codes = self._by_name.setdefault(normalise_name(name), [])
        if area_code not in codes:
            codes.append(area_code)

    def add_name_aliases(self, rows: list[dict[str, str]]) -> None:
        """Other spellings of LA names (publishers' own), each naming the area code it means."""
        for r in rows:
            code = self.by_ons_code(r["area_code"])
            self._add_name(r["alias"], code)

    def by_name(self, name: str, predecessor: bool = False) -> str:
        """The LA a publication names without a code: 'Bristol', 'Durham', 'Kingston Upon Hull'.

        One normalisation (case, punctuation, '&', spaces) then the registry's names and the
        aliases in reference/area_name_aliases.csv. Where a name is both a current LA and a
        predecessor (Dorset), `predecessor` says which the publication means.
        """
        codes = self._by_name.get(normalise_name(name), [])
        if len(codes) > 1:
            wanted = "predecessor" if predecessor else "current"
            codes = [c for c in codes if (self.areas[c].status == "predecessor") == (wanted == "predecessor")] or codes
        if not codes:
            raise UnknownArea(f"no local authority is called '{name}'; add the spelling to etl/reference/area_name_aliases.csv", "name")
        if len(codes) > 1:
            raise UnknownArea(f"'{name}' could be any of {', '.join(codes)}", "name")
        return codes[0]

    def by_old_code(self, code: str) -> str:
        code = normalise_number(code)
        try:
            return self._by_old[code]
        except KeyError:
            raise UnknownArea(f"unknown LA number '{code}'", "old_la_code") from None

    def by_ons_code(self, code: str) -> str:
        try:
            return self._by_ons[code.strip()]
        except KeyError:
            raise UnknownArea(f"unknown area code '{code}'", "new_la_code") from None

    def by_lait_code(self, code: str) -> str:
        code = normalise_number(code)
        try:
            return self._by_lait[code]
        except KeyError:
            raise UnknownArea(f"unknown LAIT LA number '{code}'") from None

    def resolve(self, level: str, old_code: str | None, ons_code: str | None) -> str:
        """Canonical code for one row of a publication; both codes must agree when both are given."""
        if level == "National":
            return ENGLAND
        found = {self.by_old_code(old_code)} if old_code else set()
        if ons_code:
            found.add(self.by_ons_code(ons_code))
        if not found:
            raise UnknownArea("no area code given")
        if len(found) > 1:
            raise UnknownArea(f"LA number '{old_code}' and area code '{ons_code}' name different areas")
        code = found.pop()
        if self.areas[code].geographic_level != level:
            raise UnknownArea(f"'{code}' is a {self.areas[code].geographic_level} code, not {level}")
        return code

    def successors_of(self, area_code: str) -> list[str]:
        return [self._by_old[s] for s in self.areas[area_code].successors]

    def first_years(self) -> dict[str, int]:
        """A successor's first reporting year: the year after its predecessors' last one."""
        out: dict[str, int] = {}
        for a in self.areas.values():
            if a.last_year:
                for code in self.successors_of(a.area_code):
                    out[code] = max(out.get(code, 0), a.last_year + 1)
        return out

    def lifetimes(self) -> pl.DataFrame:
        """area_code, first_year, last_year for every area that began or ended within the series."""
        first = self.first_years()
        rows = [(code, first.get(code), a.last_year) for code, a in self.areas.items() if code in first or a.last_year]
        return pl.DataFrame(rows, schema={"area_code": pl.String, "first_year": pl.Int32, "last_year": pl.Int32}, orient="row")

    def frame(self) -> pl.DataFrame:
        """The `areas` table: one row per area, predecessors marked with their successors."""
        rows = []
        for a in self.areas.values():
            region = self.areas.get(a.region_code) if a.region_code else None
            rows.append(
                {
                    "area_code": a.area_code,
                    "old_la_code": a.old_la_code,
                    "area_name": a.area_name,
                    "geographic_level": a.geographic_level,
                    "region_code": a.region_code,
                    "region_name": region.area_name if region else None,
                    "is_current": a.status == "current",
                    "successor_codes": ";".join(self.successors_of(a.area_code)) or None,
                    "last_year": a.last_year,
                    "earlier_codes": ";".join(a.earlier_codes) or None,
                }
            )
        schema = {
            "area_code": pl.String,
            "old_la_code": pl.String,
            "area_name": pl.String,
            "geographic_level": pl.String,
            "region_code": pl.String,
            "region_name": pl.String,
            "is_current": pl.Boolean,
            "successor_codes": pl.String,
            "last_year": pl.Int32,
            "earlier_codes": pl.String,
        }
        return pl.DataFrame(rows, schema=schema)


def normalise_number(code: str) -> str:
    """'309', '309.0' and ' 309 ' are the same LA number."""
    code = str(code).strip()
    if code.endswith(".0"):
        code = code[:-2]
    return code


def normalise_name(name: str) -> str:
    """'Richmond Upon Thames', 'richmond upon thames' and 'Richmond-upon-Thames' are one name."""
    text = str(name).lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def registry() -> AreaRegistry:
    """The reference list, plus the file named by OVERSIGHT_EXTRA_AREAS (same columns) if set."""
    return _registry(os.environ.get("OVERSIGHT_EXTRA_AREAS") or None)


@lru_cache(maxsize=4)
def _registry(extra: str | None) -> AreaRegistry:
    rows: list[dict[str, str]] = []
    for path in (REFERENCE, *([Path(extra)] if extra else [])):
        with path.open(newline="", encoding="utf-8") as f:
            rows.extend(csv.DictReader(f))
    reg = AreaRegistry(rows)
    with NAME_ALIASES.open(newline="", encoding="utf-8") as f:
        reg.add_name_aliases(list(csv.DictReader(f)))
    return reg

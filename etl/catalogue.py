"""The indicator catalogue (catalogue.toml): loaded, checked and exposed as a frame."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

CATALOGUE = Path(__file__).parent / "catalogue.toml"
POLARITIES = ("higher", "lower", "neutral")
COLUMNS = ("id", "name", "topic", "unit", "polarity", "decimals", "source", "definition")
# LAIT's year types (its dictionary's Year_Type): what period a figure of a year covers or is taken at;
# and one of the catalogue's own, for a flow over the workforce's year (LAIT gives turnover "Annual (end
# of Sept)", which pages said as "at 30 September")
YEAR_TYPES = ("Financial Year", "Annual", "Annual (end of Sept)", "Academic Year", "Calendar Year", "Annual - January", "Year to 30 September",
              "Three financial years", "Three calendar years")  # the last two: a LAIT measure pooling three years (lait_measures.POOLED)


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    topic: str
    unit: str
    polarity: str
    decimals: int
    source: str
    definition: str
    headline: bool
    sources: tuple[dict[str, Any], ...]
    reconcile: tuple[dict[str, Any], ...]
    year_type: str | None = None  # one of YEAR_TYPES; when not given, LAIT's for the measure that describes it
    # how the figure is worked out, where LAIT's dictionary note for the measure describes another figure (its note for
    # the assessments within 45 working days describes a count of assessments); when not given, LAIT's note
    methodology: str | None = None
    # how far back the figure looks for an earlier event of the same child, in months (re-referrals: 12); a
    # new authority's first figures look back to before it existed, and the mart does not rank or compare them
    looks_back_months: int | None = None


class CatalogueError(ValueError):
    pass


def parse(text: str, where: str = "catalogue") -> list[Indicator]:
    raw = tomllib.loads(text)
    out: list[Indicator] = []
    for i, entry in enumerate(raw.get("indicator", []), start=1):
        missing = [k for k in (*COLUMNS, "from") if k not in entry]
        if missing:
            raise CatalogueError(f"{where}: indicator #{i} ({entry.get('id', '?')}) lacks {', '.join(missing)}")
        if entry["polarity"] not in POLARITIES:
            raise CatalogueError(f"{where}: {entry['id']}: polarity must be one of {POLARITIES}")
        if entry.get("year_type", YEAR_TYPES[0]) not in YEAR_TYPES:
            raise CatalogueError(f"{where}: {entry['id']}: year_type must be one of {YEAR_TYPES}")
        if "looks_back_months" in entry and not (isinstance(entry["looks_back_months"], int) and entry["looks_back_months"] > 0):
            raise CatalogueError(f"{where}: {entry['id']}: looks_back_months must be a whole number of months above 0")
        for src in entry["from"]:
            if not ({"publication", "value"} <= src.keys() or "lait" in src or "rate_of" in src or {"ratio_of", "over"} <= src.keys()):
                raise CatalogueError(f"{where}: {entry['id']}: each 'from' needs publication+value, lait, rate_of, or ratio_of+over")
            if src.get("totals_over", "authorities_with_figures") != "authorities_with_figures":
                raise CatalogueError(f"{where}: {entry['id']}: totals_over can only be 'authorities_with_figures'")
        out.append(
            Indicator(
                id=entry["id"],
                name=entry["name"],
                topic=entry["topic"],
                unit=entry["unit"],
                polarity=entry["polarity"],
                decimals=int(entry["decimals"]),
                source=entry["source"],
                definition=entry["definition"],
                headline=bool(entry.get("headline", False)),
                sources=tuple(entry["from"]),
                reconcile=tuple(entry.get("reconcile", [])),
                year_type=entry.get("year_type"),
                methodology=entry.get("methodology"),
                looks_back_months=entry.get("looks_back_months"),
            )
        )
    ids = [ind.id for ind in out]
    if len(ids) != len(set(ids)):
        raise CatalogueError(f"{where}: indicator ids must be unique")
    known = set(ids)
    for ind in out:
        for src in ind.sources:
            for key in ("rate_of", "ratio_of", "over"):
                if key in src and src[key] not in known:
                    raise CatalogueError(f"{where}: {ind.id}: {key} names unknown indicator {src[key]}")
    return out


@lru_cache(maxsize=1)
def load() -> tuple[Indicator, ...]:
    return tuple(parse(CATALOGUE.read_text(encoding="utf-8"), str(CATALOGUE)))


def frame(indicators: tuple[Indicator, ...] | list[Indicator]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "indicator_id": i.id,
                "name": i.name,
                "topic": i.topic,
                "unit": i.unit,
                "polarity": i.polarity,
                "decimals": i.decimals,
                "source": i.source,
                "definition": i.definition,
                "headline": i.headline,
                "sort_order": n,
                "looks_back_months": i.looks_back_months,
            }
            for n, i in enumerate(indicators)
        ],
        schema_overrides={"decimals": pl.Int32, "sort_order": pl.Int32, "looks_back_months": pl.Int32},
    )


def lait_measures(indicators: tuple[Indicator, ...] | list[Indicator]) -> list[str]:
    """Every LAIT measure the catalogue uses, as a source or for reconciliation."""
    found = {s["lait"] for i in indicators for s in (*i.sources, *i.reconcile) if "lait" in s}
    return sorted(found)

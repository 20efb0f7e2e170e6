"""Which outcome or enabler each indicator answers for: rules kept as data in
etl/reference/outcomes.toml, applied in order, the first match winning."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path

import polars as pl

RULES = Path(__file__).parent / "reference" / "outcomes.toml"
KEYS = ("indicator", "measure", "topic")


class OutcomeRulesError(ValueError):
    pass


@lru_cache(maxsize=1)
def load() -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    """(the outcomes in display order, the rules in the order they apply)."""
    raw = tomllib.loads(RULES.read_text(encoding="utf-8"))
    names = tuple(o["name"] for o in raw["outcomes"])
    rules = tuple(raw["rule"])
    for n, rule in enumerate(rules, start=1):
        keys = [k for k in KEYS if k in rule]
        if len(keys) != 1 or rule.get("outcome") not in names:
            raise OutcomeRulesError(f"{RULES}: rule #{n} needs exactly one of {KEYS} and an outcome from {names}: {rule}")
    return names, rules


def match(rule: Mapping[str, str], row: Mapping[str, str | None]) -> bool:
    if "indicator" in rule:
        return fnmatchcase(row["indicator_id"] or "", rule["indicator"])
    if "measure" in rule:
        return row.get("lait_measure") is not None and fnmatchcase(row["lait_measure"] or "", rule["measure"])
    return rule["topic"] in (row.get("_lait_topic"), row.get("topic"))


def assign(rows: Iterable[Mapping[str, str | None]]) -> dict[str, str | None]:
    """indicator_id -> outcome (None when no rule matches)."""
    _, rules = load()
    return {row["indicator_id"]: next((r["outcome"] for r in rules if match(r, row)), None) for row in rows}  # type: ignore[misc]


def frame() -> pl.DataFrame:
    """The outcomes in display order, for the `outcomes` view."""
    raw = tomllib.loads(RULES.read_text(encoding="utf-8"))
    return pl.DataFrame(
        [{"outcome": o["name"], "kind": o["kind"], "description": o["description"], "sort_order": n} for n, o in enumerate(raw["outcomes"])],
        schema={"outcome": pl.String, "kind": pl.String, "description": pl.String, "sort_order": pl.Int32},
    )

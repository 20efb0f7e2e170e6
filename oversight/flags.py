"""Early-warning flags: the rules in flag_rules.toml applied to warehouse data.

Each check takes (rule, inputs) and returns Flag rows. Every 'worse' comes from the
indicator_comparison mart (direction, band, sn_gap_sd), where polarity is decided; nothing here
reads polarity. Nothing here uses Streamlit, so each rule is tested on a tiny warehouse.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from oversight import queries as q
from oversight.formatting import number, suppressed
from oversight.queries import Con

RULES = Path(__file__).parent / "flag_rules.toml"
SEVERITY = {"high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    check: str
    title: str
    params: dict[str, Any]


@dataclass
class Inputs:
    """What the checks read: the warehouse (the indicator_comparison mart, through the query
    module), the current LAs, their Ofsted overall judgements, and the date inspections are aged at."""

    con: Con
    las: pl.DataFrame  # area_code, area_name, region_name (current LAs)
    ofsted: pl.DataFrame  # area_code, inspection_date, grade, grade_label (overall effectiveness)
    as_of: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Flag:
    area_code: str
    rule_id: str
    severity: str
    indicator_id: str | None
    message: str


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    raw = tomllib.loads(RULES.read_text(encoding="utf-8"))
    out = tuple(Rule(r["id"], r["severity"], r["check"], r["title"], r.get("params", {})) for r in raw["rule"])
    for r in out:
        if r.check not in CHECKS or r.severity not in SEVERITY:
            raise ValueError(f"{RULES}: rule {r.id} has an unknown check or severity")
    return out


def _targets(data: Inputs, rule: Rule) -> dict[str, dict]:
    spec = rule.params.get("indicators") or [rule.params["indicator"]]
    return {r["indicator_id"]: r for r in q.flag_targets(data.con, spec).iter_rows(named=True)}


def _rows(data: Inputs, targets: dict[str, dict], years_back: int) -> pl.DataFrame:
    """The mart's rows for the targets over each one's last years_back + 1 years."""
    return q.flag_rows(data.con, list(targets), years_back)


def _n(value: float, ind: dict) -> str:
    return number(value, ind["decimals"], ind["unit"])


def worse_than_neighbours(rule: Rule, data: Inputs) -> list[Flag]:
    """Worse than the SN mean by more than k neighbour SDs (the mart's sn_gap_sd) in each of the last n years."""
    k, years = rule.params["standard_deviations"], int(rule.params["years"])
    targets = _targets(data, rule)
    rows = _rows(data, targets, years - 1).filter(pl.col("sn_gap_sd") > k)
    flags = []
    for (area, iid), found in rows.group_by("area_code", "indicator_id", maintain_order=True):
        if found.height < years:
            continue
        ind = targets[iid]
        parts = "; ".join(f"{_n(r['value'], ind)} in {r['time_period']} against {_n(r['sn_mean'], ind)}" for r in found.iter_rows(named=True))
        flags.append(Flag(area, rule.id, rule.severity, iid,
                          f"{ind['name']} was worse than the statistical-neighbour average by more than {k:g} standard deviation{'' if k == 1 else 's'} for {years} years: {parts}."))
    return flags


def into_worst_quartile(rule: Rule, data: Inputs) -> list[Flag]:
    """In band D (the mart's band) in the latest year, and in another band the year before."""
    targets = _targets(data, rule)
    rows = _rows(data, targets, 1)
    now = rows.filter((pl.col("time_period") == pl.col("latest_year")) & (pl.col("band") == "D"))
    before = rows.filter(pl.col("time_period") == pl.col("latest_year") - 1).select("area_code", "indicator_id", pl.col("band").alias("before"))
    moved = now.join(before, on=["area_code", "indicator_id"]).filter(pl.col("before").is_not_null() & (pl.col("before") != "D"))
    flags = []
    for r in moved.iter_rows(named=True):
        ind, y = targets[r["indicator_id"]], r["time_period"]
        flags.append(Flag(r["area_code"], rule.id, rule.severity, r["indicator_id"],
                          f"{ind['name']} moved into the worst quartile (band D): {_n(r['value'], ind)} in {y} (rank {r['rank']} of {r['ranked_of']}), from band {r['before']} in {y - 1}."))
    return flags


def sharp_fall(rule: Rule, data: Inputs) -> list[Flag]:
    """Declined (following polarity, as the mart's direction says) by more than `points` in the latest year."""
    targets = _targets(data, rule)
    points = rule.params["points"]
    rows = _rows(data, targets, 0).filter((pl.col("direction") == "declining") & (pl.col("change").abs() > points))
    flags = []
    for r in rows.iter_rows(named=True):
        ind, y = targets[r["indicator_id"]], r["time_period"]
        sn = f"; SN average {_n(r['sn_mean'], ind)}" if r["sn_mean"] is not None else ""
        verb = "fell" if r["change"] < 0 else "rose"
        flags.append(Flag(r["area_code"], rule.id, rule.severity, r["indicator_id"],
                          f"{ind['name']} {verb} from {_n(r['previous_value'], ind)} to {_n(r['value'], ind)} ({y - 1} to {y}){sn}."))
    return flags


def rising_run(rule: Rule, data: Inputs) -> list[Flag]:
    """Declined (following polarity) in each of the last `years` years."""
    targets = _targets(data, rule)
    years = int(rule.params["years"])
    rows = _rows(data, targets, years)
    flags = []
    for (area, iid), found in rows.group_by("area_code", "indicator_id", maintain_order=True):
        steps = found.filter(pl.col("time_period") > pl.col("latest_year") - years)
        if steps.height != years or not (steps["direction"] == "declining").fill_null(False).all():
            continue
        ind = targets[iid]
        trail = ", ".join(f"{_n(r['value'], ind)} ({r['time_period']})" for r in found.iter_rows(named=True))
        verb = "fell" if steps["change"][0] < 0 else "rose"
        flags.append(Flag(area, rule.id, rule.severity, iid, f"{ind['name']} {verb} for {years} years in a row: {trail}."))
    return flags


def ofsted_decline(rule: Rule, data: Inputs) -> list[Flag]:
    flags = []
    for area, rows in data.ofsted.group_by("area_code"):
        rows = rows.sort("inspection_date", descending=True)
        latest = rows.row(0, named=True)
        when = latest["inspection_date"].strftime("%-d %B %Y")
        if latest["grade"] == 4:
            flags.append(Flag(area[0], rule.id, rule.severity, None, f"Latest Ofsted overall effectiveness ({when}) is {latest['grade_label']}."))
        elif rows.height > 1 and latest["grade"] > rows.row(1, named=True)["grade"]:
            prev = rows.row(1, named=True)
            flags.append(Flag(area[0], rule.id, rule.severity, None,
                              f"Latest Ofsted overall effectiveness ({when}) is {latest['grade_label']}, down from {prev['grade_label']} ({prev['inspection_date'].year})."))
    return flags


def inspection_overdue(rule: Rule, data: Inputs) -> list[Flag]:
    limit = rule.params["years"]
    last = data.ofsted.group_by("area_code").agg(pl.col("inspection_date").max().alias("last"))
    joined = data.las.join(last, on="area_code", how="left")
    flags = []
    for r in joined.iter_rows(named=True):
        if r["last"] is None:
            flags.append(Flag(r["area_code"], rule.id, rule.severity, None, "No full ILACS inspection is recorded."))
            continue
        years = (data.as_of - r["last"]).days / 365.25
        if years > limit:
            flags.append(Flag(r["area_code"], rule.id, rule.severity, None,
                              f"No full inspection for {years:.1f} years (last {r['last'].strftime('%-d %B %Y')}; limit {limit:g} years)."))
    return flags


def missing_latest(rule: Rule, data: Inputs) -> list[Flag]:
    targets = _targets(data, rule)
    rows = _rows(data, targets, 0)
    flags = []
    for iid, ind in targets.items():
        latest = rows.filter(pl.col("indicator_id") == iid)
        if latest.is_empty():
            continue
        joined = data.las.join(latest, on="area_code", how="left")
        for r in joined.filter(pl.col("value").is_null()).iter_rows(named=True):
            why = suppressed(r["suppression"]) if r["suppression"] else "not published"
            flags.append(Flag(r["area_code"], rule.id, rule.severity, iid, f"{ind['name']} for {latest['time_period'][0]} is {why}."))
    return flags


CHECKS: dict[str, Callable[[Rule, Inputs], list[Flag]]] = {
    "worse_than_neighbours": worse_than_neighbours,
    "into_worst_quartile": into_worst_quartile,
    "sharp_fall": sharp_fall,
    "rising_run": rising_run,
    "ofsted_decline": ofsted_decline,
    "inspection_overdue": inspection_overdue,
    "missing_latest": missing_latest,
}


def evaluate(data: Inputs, selected: tuple[Rule, ...] | None = None) -> pl.DataFrame:
    """All flags as a frame: area_code, area_name, region_name, rule_id, severity, score, indicator_id, message."""
    found = [f for rule in (selected or rules()) for f in CHECKS[rule.check](rule, data)]
    schema = {"area_code": pl.String, "rule_id": pl.String, "severity": pl.String, "indicator_id": pl.String, "message": pl.String}
    df = pl.DataFrame([f.__dict__ for f in found], schema=schema)
    return (
        df.join(data.las.select("area_code", "area_name", "region_name"), on="area_code")
        .with_columns(pl.col("severity").replace_strict(SEVERITY, return_dtype=pl.Int32).alias("score"))
        .sort("area_name", "score", descending=[False, True])
    )


def matrix(flags: pl.DataFrame, las: pl.DataFrame) -> pl.DataFrame:
    """One row per LA, one column per rule (number of flags), and a severity score."""
    ids = [r.id for r in rules()]
    counts = flags.group_by("area_code", "rule_id").agg(pl.len().alias("n"))
    wide = counts.pivot(on="rule_id", index="area_code", values="n") if counts.height else pl.DataFrame({"area_code": []}, schema={"area_code": pl.String})
    for rid in ids:
        if rid not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.UInt32).alias(rid))
    score = flags.group_by("area_code").agg(pl.col("score").sum().alias("severity_score"))
    return (
        las.join(wide, on="area_code", how="left")
        .join(score, on="area_code", how="left")
        .with_columns([pl.col(r).fill_null(0).cast(pl.Int32) for r in ids] + [pl.col("severity_score").fill_null(0).cast(pl.Int32)])
        .select(["area_code", "area_name", "region_name", "severity_score", *ids])
        .sort("severity_score", "area_name", descending=[True, False])
    )


def load(con: Con, as_of: dt.date | None = None) -> Inputs:
    """Flag inputs from the warehouse; inspections are aged at the Ofsted data's latest publication date."""
    return Inputs(con, q.current_las(con), q.flag_ofsted(con), as_of or q.ofsted_as_of(con) or dt.date.today())


def flagged(con: Con) -> pl.DataFrame:
    """Every flag raised on the warehouse behind `con`."""
    return evaluate(load(con))

"""Early-warning flags: the rules in flag_rules.toml applied to warehouse data.

Each check takes (rule, data) and returns Flag rows; every 'worse' follows polarity. Nothing
here uses Streamlit, so each rule is tested on small synthetic frames.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import polars as pl

from oversight.analysis import better_is_higher, rank_and_band

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
class FlagData:
    values: pl.DataFrame  # indicator_id, time_period, area_code, value, suppression (LAs only)
    neighbours: pl.DataFrame  # area_code, neighbour_code
    indicators: pl.DataFrame  # indicator_id, name, unit, polarity, decimals, headline
    ofsted: pl.DataFrame  # area_code, inspection_date, grade, grade_label (overall effectiveness)
    las: pl.DataFrame  # area_code, area_name, region_name (current LAs)
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


def _ind(data: FlagData, indicator_id: str) -> dict:
    return data.indicators.filter(pl.col("indicator_id") == indicator_id).row(0, named=True)


def _targets(data: FlagData, rule: Rule) -> list[dict]:
    spec = rule.params.get("indicators", "headline")
    df = data.indicators.filter(pl.col("headline")) if spec == "headline" else data.indicators.filter(pl.col("indicator_id").is_in(spec))
    return list(df.iter_rows(named=True))


def _fmt(value: float, ind: dict) -> str:
    text = f"{value:,.{ind['decimals']}f}"
    return f"{text}%" if ind["unit"] == "%" else text


def _latest_year(data: FlagData, indicator_id: str) -> int | None:
    s = data.values.filter((pl.col("indicator_id") == indicator_id) & pl.col("value").is_not_null())
    return s["time_period"].max() if s.height else None  # type: ignore[return-value]


def _series(data: FlagData, indicator_id: str) -> pl.DataFrame:
    return data.values.filter(pl.col("indicator_id") == indicator_id)


def _sn_stats(data: FlagData, indicator_id: str) -> pl.DataFrame:
    """Per LA and year: mean and standard deviation of the neighbours' values."""
    vals = _series(data, indicator_id).select("time_period", pl.col("area_code").alias("neighbour_code"), "value")
    return (
        data.neighbours.join(vals, on="neighbour_code")
        .group_by("area_code", "time_period")
        .agg(pl.col("value").mean().alias("sn_mean"), pl.col("value").std().alias("sn_sd"))
    )


def worse_than_neighbours(rule: Rule, data: FlagData) -> list[Flag]:
    k, years = rule.params["standard_deviations"], int(rule.params["years"])
    flags = []
    for ind in _targets(data, rule):
        higher = better_is_higher(ind["polarity"])
        latest = _latest_year(data, ind["indicator_id"])
        if higher is None or latest is None:
            continue
        window = list(range(latest - years + 1, latest + 1))
        joined = (
            _series(data, ind["indicator_id"])
            .filter(pl.col("time_period").is_in(window))
            .join(_sn_stats(data, ind["indicator_id"]), on=["area_code", "time_period"])
            .with_columns(((pl.col("value") - pl.col("sn_mean")) / pl.col("sn_sd") * (-1 if higher else 1)).alias("z"))
        )
        worse = joined.filter(pl.col("z") > k)
        for area, rows in worse.group_by("area_code"):
            if rows.height < years:
                continue
            rows = rows.sort("time_period")
            parts = "; ".join(f"{_fmt(r['value'], ind)} in {r['time_period']} against {_fmt(r['sn_mean'], ind)}" for r in rows.iter_rows(named=True))
            flags.append(Flag(area[0], rule.id, rule.severity, ind["indicator_id"],
                              f"{ind['name']} was worse than the statistical-neighbour average by more than {k:g} standard deviation{'' if k == 1 else 's'} for {years} years: {parts}."))
    return flags


def into_worst_quartile(rule: Rule, data: FlagData) -> list[Flag]:
    flags = []
    for ind in _targets(data, rule):
        latest = _latest_year(data, ind["indicator_id"])
        if better_is_higher(ind["polarity"]) is None or latest is None:
            continue
        s = _series(data, ind["indicator_id"]).filter(pl.col("area_code").is_in(data.las["area_code"].to_list()))
        now = rank_and_band(s.filter(pl.col("time_period") == latest), ind["polarity"])
        before = rank_and_band(s.filter(pl.col("time_period") == latest - 1), ind["polarity"]).select("area_code", pl.col("quartile").alias("before"))
        moved = now.join(before, on="area_code").filter((pl.col("quartile") == "D") & pl.col("before").is_not_null() & (pl.col("before") != "D"))
        n = now["rank"].count()
        for r in moved.iter_rows(named=True):
            flags.append(Flag(r["area_code"], rule.id, rule.severity, ind["indicator_id"],
                              f"{ind['name']} moved into the worst quartile: {_fmt(r['value'], ind)} in {latest} (rank {r['rank']} of {n}), from quartile {r['before']} in {latest - 1}."))
    return flags


def sharp_fall(rule: Rule, data: FlagData) -> list[Flag]:
    ind = _ind(data, rule.params["indicator"])
    points = rule.params["points"]
    latest = _latest_year(data, ind["indicator_id"])
    if latest is None:
        return []
    higher = better_is_higher(ind["polarity"])
    s = _series(data, ind["indicator_id"])
    pair = s.filter(pl.col("time_period") == latest).join(
        s.filter(pl.col("time_period") == latest - 1).select("area_code", pl.col("value").alias("before")), on="area_code"
    ).drop_nulls(["value", "before"])
    change = (pl.col("value") - pl.col("before")) * (1 if higher in (True, None) else -1)
    worse = pair.filter(change < -points).join(_sn_stats(data, ind["indicator_id"]).filter(pl.col("time_period") == latest), on=["area_code", "time_period"], how="left")
    flags = []
    for r in worse.iter_rows(named=True):
        sn = f"; SN average {_fmt(r['sn_mean'], ind)}" if r["sn_mean"] is not None else ""
        verb = "fell" if r["value"] < r["before"] else "rose"
        flags.append(Flag(r["area_code"], rule.id, rule.severity, ind["indicator_id"],
                          f"{ind['name']} {verb} from {_fmt(r['before'], ind)} to {_fmt(r['value'], ind)} ({latest - 1} to {latest}){sn}."))
    return flags


def rising_run(rule: Rule, data: FlagData) -> list[Flag]:
    ind = _ind(data, rule.params["indicator"])
    years = int(rule.params["years"])
    latest = _latest_year(data, ind["indicator_id"])
    if latest is None:
        return []
    higher = better_is_higher(ind["polarity"])
    window = list(range(latest - years, latest + 1))
    s = _series(data, ind["indicator_id"]).filter(pl.col("time_period").is_in(window)).drop_nulls("value")
    flags = []
    for area, rows in s.group_by("area_code"):
        rows = rows.sort("time_period")
        if rows.height != len(window):
            continue
        v = rows["value"].to_list()
        steps = [b - a for a, b in pairwise(v)]
        worsening = all(d < 0 for d in steps) if higher else all(d > 0 for d in steps)
        if worsening:
            trail = ", ".join(f"{_fmt(x, ind)} ({y})" for x, y in zip(v, rows["time_period"].to_list(), strict=True))
            verb = "fell" if higher else "rose"
            flags.append(Flag(area[0], rule.id, rule.severity, ind["indicator_id"], f"{ind['name']} {verb} for {years} years in a row: {trail}."))
    return flags


def ofsted_decline(rule: Rule, data: FlagData) -> list[Flag]:
    flags = []
    for area, rows in data.ofsted.group_by("area_code"):
        rows = rows.sort("inspection_date", descending=True)
        latest = rows.row(0, named=True)
        when = latest["inspection_date"].strftime("%-d %B %Y")
        if latest["grade"] == 4:
            flags.append(Flag(area[0], rule.id, rule.severity, None, f"Latest Ofsted overall effectiveness ({when}) is Inadequate."))
        elif rows.height > 1 and latest["grade"] > rows.row(1, named=True)["grade"]:
            prev = rows.row(1, named=True)
            flags.append(Flag(area[0], rule.id, rule.severity, None,
                              f"Latest Ofsted overall effectiveness ({when}) is {latest['grade_label']}, down from {prev['grade_label']} ({prev['inspection_date'].year})."))
    return flags


def inspection_overdue(rule: Rule, data: FlagData) -> list[Flag]:
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


def missing_latest(rule: Rule, data: FlagData) -> list[Flag]:
    flags = []
    for ind in _targets(data, rule):
        latest = _latest_year(data, ind["indicator_id"])
        if latest is None:
            continue
        s = _series(data, ind["indicator_id"]).filter(pl.col("time_period") == latest)
        joined = data.las.join(s, on="area_code", how="left")
        for r in joined.filter(pl.col("value").is_null()).iter_rows(named=True):
            why = f"suppressed ({r['suppression']})" if r["suppression"] else "not published"
            flags.append(Flag(r["area_code"], rule.id, rule.severity, ind["indicator_id"], f"{ind['name']} for {latest} is {why}."))
    return flags


CHECKS: dict[str, Callable[[Rule, FlagData], list[Flag]]] = {
    "worse_than_neighbours": worse_than_neighbours,
    "into_worst_quartile": into_worst_quartile,
    "sharp_fall": sharp_fall,
    "rising_run": rising_run,
    "ofsted_decline": ofsted_decline,
    "inspection_overdue": inspection_overdue,
    "missing_latest": missing_latest,
}


def evaluate(data: FlagData, selected: tuple[Rule, ...] | None = None) -> pl.DataFrame:
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


def load(con: Any, as_of: dt.date | None = None) -> FlagData:
    """Flag inputs from the warehouse; inspections are aged at the Ofsted data's latest publication date."""
    from oversight import queries

    f = queries.flag_inputs(con)
    published = f["as_of"]["as_of"][0] if f["as_of"].height else None
    return FlagData(f["values"], f["neighbours"], f["indicators"], f["ofsted"], f["las"], as_of or published or dt.date.today())


def flagged(con: Any) -> pl.DataFrame:
    """Every flag raised on the warehouse behind `con`."""
    return evaluate(load(con))

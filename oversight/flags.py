"""Early-warning flags: the rules in flag_rules.toml applied to warehouse data.

Each check takes (rule, inputs) and returns Flag rows. Every 'worse' comes from the
indicator_comparison mart (direction) or the mart's better_of macro, where polarity is decided;
nothing here reads polarity itself. Nothing here uses Streamlit, so each rule is tested on a tiny warehouse.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from oversight import queries as q
from oversight.formatting import ENDS_31_MARCH, FIGURE_KNOWN, NOT_APPLICABLE, base_text, listing, number, period_text, suppressed
from oversight.ofsted_queries import NO_GRADE_YET
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
    short: str = ""  # the watchlist's column heading


@dataclass
class Inputs:
    """What the checks read: the warehouse (the indicator_comparison mart, through the query
    module), the current LAs, their Ofsted overall judgements, and the date inspections are aged at."""

    con: Con
    las: pl.DataFrame  # area_code, area_name, region_name (current LAs)
    ofsted: pl.DataFrame  # area_code, inspection_date, grade, grade_label (overall effectiveness)
    as_of: dt.date = field(default_factory=dt.date.today)
    up_to: int | None = None  # the collection year the flags are for (None: each indicator's latest)


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
    out = tuple(Rule(r["id"], r["severity"], r["check"], r["title"], r.get("params", {}), r.get("short", r["title"])) for r in raw["rule"])
    for r in out:
        if r.check not in CHECKS or r.severity not in SEVERITY:
            raise ValueError(f"{RULES}: rule {r.id} has an unknown check or severity")
    return out


def _targets(data: Inputs, rule: Rule) -> dict[str, dict]:
    spec = rule.params.get("indicators") or [rule.params["indicator"]]
    return {r["indicator_id"]: r for r in q.flag_targets(data.con, spec).iter_rows(named=True)}


def _rows(data: Inputs, targets: dict[str, dict], years_back: int) -> pl.DataFrame:
    """The mart's rows for the targets over each one's last years_back + 1 years, with no direction for a change
    against a first year that looks back to before its authority was formed: no evidence of a rise or a fall
    (Westmorland and Furness's re-referrals, 7.4% in 2024, its first year, and 16.5% in 2025)."""
    rows = q.flag_rows(data.con, list(targets), years_back, data.up_to)
    return rows.with_columns(pl.when(pl.col("previous_looks_back_only_to").is_null()).then(pl.col("direction")).alias("direction"))


def _n(value: float, ind: dict) -> str:
    return number(value, ind["decimals"], ind["unit"])


def _shared(r: dict, data: Inputs) -> str:
    """After a flag's message, where its figure is one the publisher gives two authorities together (the workforce
    release's Kingston upon Thames and Richmond upon Thames): Richmond's "28.0% of 137" had read as its own
    social workers, and Kingston's flag for the same figure as another."""
    if not r.get("shared_with"):
        return ""
    names = dict(data.las.select("area_code", "area_name").iter_rows())
    partners = [names.get(c, c) for c in r["shared_with"].split(";")]
    return f" One figure, published for {listing([names.get(r['area_code'], r['area_code']), *partners])} together."


def _beyond(z: float, threshold: float) -> str:
    """How far beyond, at one decimal, or two where one would read as the threshold itself (Croydon's
    3.035 read "by 3.0 ... (flagged beyond 3)")."""
    return f"{z:.1f}" if round(z, 1) > threshold else f"{z:.2f}"


def _when(ind: dict, year: int, word: str = "in") -> str:
    """A figure's year after it: "in 2025" ("for 2025" for a missing figure, `word`) for a year to (or at)
    31 March, its period otherwise ("at 30 September 2025", "in the year to 30 September 2025": a turnover
    flag as at the 2025 collection read "in 2025", and a missing one "for year to 30 September 2025")."""
    return f"{word} {year}" if ind["year_type"] in ENDS_31_MARCH else period_text(ind["year_type"], year)


def _tail(z: float) -> float:
    """One-sided normal tail probability beyond z."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def _worse_by(better: int, z: float) -> float:
    """z (value minus centre, in spread units) turned so that positive is worse, by polarity."""
    return -better * z


def _robust(values: list[float]) -> tuple[float, float] | None:
    """Median and robust spread (1.4826 x median absolute deviation; 0 where most values are alike), or
    None for no values."""
    if not values:
        return None
    med = statistics.median(values)
    return med, 1.4826 * statistics.median(abs(v - med) for v in values)


STATISTICAL = ("robust_outlier", "funnel_outlier")  # the checks that weigh a figure against chance


def _too_small_to_test(row: dict, ind: dict, rule: Rule) -> bool:
    """A percentage whose base, at England's rate, holds fewer than the rule's `min_expected` on either
    side (n x p or n x (1 - p)): too few for a test against chance to mean anything (the normal
    approximation the funnel uses needs about 5), so the rule does not test it and `untested` lists
    it. The Isles of Scilly's agency social workers, 2 FTE of 2 at 30 September 2025 (0.3 expected at
    England's 13.0%), had raised two medium flags as 100%, and its vacancies, 3 of 3, two more.
    Bracknell Forest's turnover, 21 leavers of 70 FTE (8.3 expected), is still tested."""
    least = rule.params.get("min_expected")
    if least is None or ind["unit"] != "%" or row["denominator"] is None or row["england_value"] is None:
        return False
    p = row["england_value"] / 100
    return row["denominator"] * min(p, 1 - p) < float(least)


def robust_outlier(rule: Rule, data: Inputs) -> list[Flag]:
    """Worse than the centre by more than `threshold` robust standard deviations, (value - median) / (1.4826 x MAD),
    in the latest year. `reference`: "neighbours" (the LA's statistical neighbours' values, at least
    `min_neighbours` of them) or "england" (every current LA's value)."""
    threshold, reference = float(rule.params["threshold"]), rule.params["reference"]
    targets = _targets(data, rule)
    rows = q.flag_latest_values(data.con, list(targets), data.up_to).join(data.las.select("area_code"), on="area_code")
    pairs = q.neighbour_pairs(data.con) if reference == "neighbours" else None
    flags = []
    for (iid,), found in rows.group_by("indicator_id", maintain_order=True):
        ind = targets[iid]
        values = dict(zip(found["area_code"], found["value"], strict=True))
        shared = dict(zip(found["area_code"], found["shared_with"], strict=True))
        # a figure published for two authorities together counts once in England's centre and spread, not once per authority
        everyone = _robust(found.filter(pl.col("counts_once"))["value"].to_list())
        for r in found.iter_rows(named=True):
            if _too_small_to_test(r, ind, rule):  # still counted in the centre of its neighbours and of England
                continue
            if reference == "neighbours":
                # a figure published for two authorities together is not the other's neighbour figure (as in the mart's SN average)
                mine = [values[n] for n in pairs.filter(pl.col("area_code") == r["area_code"])["neighbour_code"]
                        if n in values and r["area_code"] not in (shared[n] or "")]
                centre = _robust(mine) if len(mine) >= int(rule.params.get("min_neighbours", 5)) else None
                spread = "of its neighbours' figures"
                if centre is not None and everyone is not None and everyone[1] > centre[1]:
                    # ten neighbours give a noisy spread, none where most are alike: never narrower than every LA's
                    # (Hampshire's care leavers not in touch, 47% against six neighbours at 2% or 3%, had gone unflagged),
                    # said, so a reader can work the figure out (Wolverhampton's 3.8 could not be, from its neighbours')
                    centre, spread = (centre[0], everyone[1]), "of every LA's figures, wider than its neighbours'"
                who = "its statistical neighbours' median"
            else:
                centre, who, spread = everyone, "the median LA in England", "of every LA's figures"
            if centre is None or centre[1] <= 0:
                continue
            z = _worse_by(r["better"], (r["value"] - centre[0]) / centre[1])
            if z > threshold:
                flags.append(Flag(r["area_code"], rule.id, rule.severity, iid,
                                  f"{ind['name']}: {_n(r['value'], ind)} {_when(ind, r['time_period'])}, worse than {who} ({_n(centre[0], ind)}) "
                                  f"by {_beyond(z, threshold)} robust standard deviations {spread} (flagged beyond {threshold:g})." + _shared(r, data)))
    return flags


def _funnel_z(found: pl.DataFrame, overdispersion: bool) -> pl.DataFrame:
    """z-scores of proportions against England's (or the pooled) proportion, with binomial standard
    errors and, where the LAs vary more than chance allows, an additive random-effects term estimated
    from 10%-winsorised z-scores (Spiegelhalter, Statistics in Medicine 2005)."""
    d = found.filter(pl.col("denominator") > 0).with_columns((pl.col("value") / 100).alias("y"))
    if d.height < 3:
        return d.clear().with_columns(pl.lit(None, dtype=pl.Float64).alias(c) for c in ("p0", "se", "z"))
    p0 = d["england_value"].drop_nulls()
    p = float(p0[0]) / 100 if len(p0) else float(d["numerator"].sum() / d["denominator"].sum())
    d = d.with_columns(pl.lit(p).alias("p0"), (p * (1 - p) / pl.col("denominator")).alias("var"))
    tau2 = 0.0
    if overdispersion:
        # a figure published for two authorities together counts once in how far the authorities differ
        once = d.filter(pl.col("counts_once"))
        z = (once["y"] - p) / once["var"].sqrt()
        lo, hi = z.quantile(0.1), z.quantile(0.9)
        phi = float((z.clip(lo, hi) ** 2).mean())
        w = 1 / once["var"]
        n = once.height
        if n * phi > n - 1:
            tau2 = max(0.0, (n * phi - (n - 1)) / float(w.sum() - (w**2).sum() / w.sum()))
    return d.with_columns((pl.col("var") + tau2).sqrt().alias("se")).with_columns(((pl.col("y") - pl.col("p0")) / pl.col("se")).alias("z"))


def funnel_outlier(rule: Rule, data: Inputs) -> list[Flag]:
    """Outside the `limit` (e.g. 0.998) funnel limit on the worse side, for percentages with a
    numerator and denominator, in the latest year."""
    limit = float(rule.params["limit"])
    zlim = statistics.NormalDist().inv_cdf(1 - (1 - limit) / 2)
    targets = {k: v for k, v in _targets(data, rule).items() if v["unit"] == "%"}
    rows = q.flag_latest_values(data.con, list(targets), data.up_to).join(data.las.select("area_code"), on="area_code")
    flags = []
    for (iid,), found in rows.group_by("indicator_id", maintain_order=True):
        ind = targets[iid]
        for r in _funnel_z(found, bool(rule.params.get("overdispersion", True))).iter_rows(named=True):
            if not _too_small_to_test(r, ind, rule) and _worse_by(r["better"], r["z"]) > zlim:
                bound = 100 * (r["p0"] - r["better"] * zlim * r["se"])
                # a limit that rounds to the figure is given a decimal more: Knowsley's turnover read "24.3% ... beyond the
                # funnel limit of 24.3%" (a limit of 24.29)
                shown = ind if _n(r["value"], ind) != _n(bound, ind) else {**ind, "decimals": ind["decimals"] + 1}
                flags.append(Flag(r["area_code"], rule.id, rule.severity, iid,
                                  f"{ind['name']}: {_n(r['value'], ind)} of {r['denominator']:,.0f} {_when(ind, r['time_period'])}, beyond the "
                                  f"{limit:.1%} funnel limit of {_n(bound, shown)} around England's {_n(100 * r['p0'], ind)}." + _shared(r, data)))
    return flags


def untested(data: Inputs) -> pl.DataFrame:
    """The latest figures a statistical rule leaves untested, their base too small (`_too_small_to_test`):
    area_code, area_name, indicator_id and message ("Agency social workers: 100.0%, 2 of 2, at 30
    September 2025; England's 13.0% of that base is 0.3, under 5"), by authority, each figure once."""
    tested = [rule for rule in rules() if rule.check in STATISTICAL and rule.params.get("min_expected") is not None]
    targets = {rule.id: _targets(data, rule) for rule in tested}
    every = {iid: ind for t in targets.values() for iid, ind in t.items()}  # one read of the latest figures for all of them
    rows = q.flag_latest_values(data.con, list(every), data.up_to).join(data.las.select("area_code", "area_name"), on="area_code")
    out = []
    for r in rows.iter_rows(named=True):
        ind = every[r["indicator_id"]]
        rule = next((rule for rule in tested if r["indicator_id"] in targets[rule.id] and _too_small_to_test(r, ind, rule)), None)
        if rule is None:
            continue
        p = r["england_value"] / 100
        # what England's rate makes of this base, on the side that is too small (near 100%, those it leaves out)
        share = (f"England's {_n(r['england_value'], ind)} of that base is {number(r['denominator'] * p, 1)}" if p <= 0.5 else
                 f"England's {_n(r['england_value'], ind)} leaves {number(r['denominator'] * (1 - p), 1)} of that base")
        out.append({"area_code": r["area_code"], "area_name": r["area_name"], "indicator_id": r["indicator_id"],
                    "message": f"{ind['name']}: {_n(r['value'], ind)}, {base_text(r['numerator'], r['denominator'], ind['unit'])}, "
                               f"{_when(ind, r['time_period'])}; {share}, under {float(rule.params['min_expected']):g}"})
    schema = {"area_code": pl.String, "area_name": pl.String, "indicator_id": pl.String, "message": pl.String}
    return pl.DataFrame(out, schema=schema).sort("area_name", "message")


def not_tested(con: Con, year: int | None = None) -> pl.DataFrame:
    """`untested` on the warehouse behind `con` (for one collection year when `year` is given)."""
    return untested(load(con, year=year))


def expected_false_alarms(rule: Rule, con: Con) -> float | None:
    """For a statistical rule, the share of LAs it would flag by chance alone in a year where every LA
    is like the others (normal tails, one-sided, over the indicators it tests in the latest year:
    those with a polarity, and for funnels percentages with a denominator); None for other rules."""
    if rule.check == "robust_outlier":
        per_test = _tail(float(rule.params["threshold"]))
    elif rule.check == "funnel_outlier":
        per_test = (1 - float(rule.params["limit"])) / 2
    else:
        return None
    targets = _targets(Inputs(con, pl.DataFrame(), pl.DataFrame()), rule)
    if rule.check == "funnel_outlier":
        targets = {k: v for k, v in targets.items() if v["unit"] == "%"}
    tested = q.flag_latest_values(con, list(targets))
    if rule.check == "funnel_outlier":
        tested = tested.filter(pl.col("denominator") > 0)
    k = tested["indicator_id"].n_unique()
    return 1 - (1 - per_test) ** k


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


NOT_OFFICIAL = " (published by Ofsted, not yet in the official statistics; source: data-to-insight's overview of Ofsted's reports)"


def _official(row: dict) -> str:
    """A note after a judgement that Ofsted has published but its official statistics do not hold yet,
    or one counted as Ofsted's own table for the date counts it, where an inspection carried out by
    then was published after the table (West Sussex's Inadequate as at 31 March 2023, inspected again
    on 13 March 2023 and judged Requires improvement in May), or a later inspection whose grade the source does not give."""
    # a later inspection whose overall grade the source does not give (Brent's and Somerset's of 27 April 2026) may have replaced it
    again = f"; inspected again on {row['ungraded_since']:%-d %B %Y}, {NO_GRADE_YET}" if row.get("ungraded_since") else ""
    if row.get("later_inspection_date"):
        return (f"; inspected again on {row['later_inspection_date']:%-d %B %Y} ({row['later_grade_label']}, published "
                f"{row['later_publication_date']:%-d %B %Y}, after Ofsted's table for that date){again}")
    return ("" if row.get("official", True) else NOT_OFFICIAL) + again


def _judged(row: dict) -> str:
    """When and under which framework a judgement was made."""
    if row["inspection_date"]:
        return f"inspected {row['inspection_date'].strftime('%-d %B %Y')}, {row['framework']}"
    return f"published {row['publication_date'].strftime('%-d %B %Y')}, {row['framework']}"  # frameworks before 2018 give no inspection date


def ofsted_inadequate(rule: Rule, data: Inputs) -> list[Flag]:
    """The overall effectiveness judgement in force is Inadequate (grade 4)."""
    return [Flag(r["area_code"], rule.id, rule.severity, None, f"Latest Ofsted overall effectiveness ({_judged(r)}) is {r['grade_label']}{_official(r)}.")
            for r in data.ofsted.filter(pl.col("grade") == 4).iter_rows(named=True)]


def ofsted_worsened(rule: Rule, data: Inputs) -> list[Flag]:
    """The judgement in force is worse than the one before it (any framework: their grades share one
    scale); a fall that leaves it Good or better takes the rule's `still_good` severity."""
    flags = []
    for r in data.ofsted.filter(pl.col("grade") > pl.col("previous_grade")).iter_rows(named=True):
        # the earlier judgement's year: its inspection's, or its publication's where a framework before 2018 gives no inspection date
        when = (f" (inspected in {r['previous_inspection_date'].year})" if r["previous_inspection_date"]
                else f" (published in {r['previous_publication_date'].year})" if r["previous_publication_date"] else "")
        severity = rule.params.get("still_good", rule.severity) if r["grade"] <= 2 else rule.severity
        flags.append(Flag(r["area_code"], rule.id, severity, None,
                          f"Latest Ofsted overall effectiveness ({_judged(r)}) is {r['grade_label']}, down from {r['previous_grade_label']}{when}{_official(r)}."))
    return flags


def inspection_overdue(rule: Rule, data: Inputs) -> list[Flag]:
    limit = rule.params["years"]
    # aged from the inspection, or from publication where a framework before 2018 gives no inspection date
    # an inspection carried out by then that Ofsted's table for the date leaves out counts here: Liverpool, inspected on 13 March
    # 2023, read "no graded inspection for 4.9 years" as at 31 March 2023
    # and so does a later one whose overall grade the source does not give yet: Somerset, inspected on 27 April 2026, is not overdue
    later = pl.max_horizontal("later_inspection_date", "ungraded_since")
    last = data.ofsted.select("area_code", pl.coalesce(later, "inspection_date", "publication_date").alias("last"),
                              (pl.col("inspection_date").is_null() & later.is_null()).alias("published"))
    # an authority a boundary change formed is aged from the day it began: BCP, formed on 1 April 2019, was
    # flagged at 31 March 2020 for "no graded inspection is recorded"
    formed = dict(q.formed_on(data.con).iter_rows())
    flags = []
    for r in data.las.join(last, on="area_code", how="left").iter_rows(named=True):
        began = formed.get(r["area_code"])
        if r["last"] is None and began is not None:
            if (years := (data.as_of - began).days / 365.25) > limit:
                flags.append(Flag(r["area_code"], rule.id, rule.severity, None,
                                  f"No graded inspection in the {years:.1f} years since it was formed on {began:%-d %B %Y} (limit {limit:g} years)."))
            continue
        if r["last"] is None:
            flags.append(Flag(r["area_code"], rule.id, rule.severity, None, "No graded inspection is recorded."))
            continue
        years = (data.as_of - r["last"]).days / 365.25
        if years > limit:
            what = "published" if r["published"] else "last"
            flags.append(Flag(r["area_code"], rule.id, rule.severity, None,
                              f"No graded inspection for {years:.1f} years ({what} {r['last'].strftime('%-d %B %Y')}; limit {limit:g} years)."))
    return flags


def missing_latest(rule: Rule, data: Inputs) -> list[Flag]:
    targets = _targets(data, rule)
    rows = _rows(data, targets, 0)
    coverage = float(rule.params.get("coverage", 0.9))
    flags = []
    for iid, ind in targets.items():
        latest = rows.filter(pl.col("indicator_id") == iid)
        if latest.is_empty() or latest["value"].is_not_null().sum() < coverage * data.las.height:
            continue  # only a figure missing where (nearly) every other LA has one says something about the LA
        # as at an earlier year, an authority with no row at all is a former one the publication leaves
        # out (EES time series list today's authorities only), not a figure it failed to publish
        joined = data.las.join(latest, on="area_code", how="inner" if data.up_to is not None else "left")
        # a figure too small to show, or one that does not apply to the area, is not missing; nor is one
        # published for the former authority the LA replaced (Cafcass: Northamptonshire as a whole)
        missing = joined.filter(pl.col("value").is_null() & ~pl.col("suppression").is_in([*FIGURE_KNOWN, *NOT_APPLICABLE]).fill_null(False)
                                & pl.col("published_for").is_null())
        for r in missing.iter_rows(named=True):
            why = suppressed(r["suppression"]) if r["suppression"] else "not published"
            flags.append(Flag(r["area_code"], rule.id, rule.severity, iid, f"{ind['name']} {_when(ind, latest['time_period'][0], 'for')}: {why}."))  # "no figure (-)", never "has no figure: no figure"
    return flags


CHECKS: dict[str, Callable[[Rule, Inputs], list[Flag]]] = {
    "robust_outlier": robust_outlier,
    "funnel_outlier": funnel_outlier,
    "sharp_fall": sharp_fall,
    "rising_run": rising_run,
    "ofsted_inadequate": ofsted_inadequate,
    "ofsted_worsened": ofsted_worsened,
    "inspection_overdue": inspection_overdue,
    "missing_latest": missing_latest,
}


def evaluate(data: Inputs, selected: tuple[Rule, ...] | None = None) -> pl.DataFrame:
    """All flags as a frame: area_code, area_name, region_name, rule_id, title (the rule's), severity,
    score (the flag's own points), counted (the points it adds to the severity score), indicator_id, message."""
    found = [f for rule in (selected or rules()) for f in CHECKS[rule.check](rule, data)]
    schema = {"area_code": pl.String, "rule_id": pl.String, "severity": pl.String, "indicator_id": pl.String, "message": pl.String}
    df = pl.DataFrame([f.__dict__ for f in found], schema=schema)
    return counted(
        df.join(data.las.select("area_code", "area_name", "region_name"), on="area_code")
        .with_columns(pl.col("severity").replace_strict(SEVERITY, return_dtype=pl.Int32).alias("score"),
                      pl.col("rule_id").replace_strict({r.id: r.title for r in rules()}, return_dtype=pl.String).alias("title"))
        .sort("score", "area_name", "rule_id", "indicator_id", descending=[True, False, False, False], nulls_last=True)
    )


def counted(flags: pl.DataFrame) -> pl.DataFrame:
    """`flags` with `counted`, the points each adds to its authority's severity score, so a flag's
    row sums to the score (the flags CSV's Score column had given each flag's own points: Hampshire's
    rows added to 18 against its score of 8). A rule about gaps in the data counts once per LA
    (`score_once`). Rules that each ask whether one figure is far out count that figure once, at the
    highest severity among them (`score_once_per_figure`): Havering's agency social workers and
    vacancies, each beyond the funnel and far from its neighbours and England, had scored 12 of its 14."""
    once = [r.id for r in rules() if r.params.get("score_once")]
    per_figure = [r.id for r in rules() if r.params.get("score_once_per_figure")]
    ranked = flags.with_row_index("_row").with_columns(
        pl.when(pl.col("rule_id").is_in(once)).then(pl.concat_str("area_code", "rule_id", separator="|"))
        .when(pl.col("rule_id").is_in(per_figure)).then(pl.concat_str("area_code", "indicator_id", separator="|"))
        .otherwise(pl.col("_row").cast(pl.String)).alias("_counts_once_per"))
    first = ranked.sort(["score", "rule_id", "_row"], descending=[True, False, False]).unique("_counts_once_per", keep="first")["_row"]
    return ranked.with_columns(pl.when(pl.col("_row").is_in(first.implode())).then(pl.col("score")).otherwise(0).cast(pl.Int32).alias("counted")
                               ).drop("_row", "_counts_once_per")


def matrix(flags: pl.DataFrame, las: pl.DataFrame) -> pl.DataFrame:
    """One row per LA, one column per rule (number of flags), and a severity score: the sum of its
    flags' `counted` points."""
    ids = [r.id for r in rules()]
    counts = flags.group_by("area_code", "rule_id").agg(pl.len().alias("n"))
    wide = counts.pivot(on="rule_id", index="area_code", values="n") if counts.height else pl.DataFrame({"area_code": []}, schema={"area_code": pl.String})
    for rid in ids:
        if rid not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.UInt32).alias(rid))
    score = flags.group_by("area_code").agg(pl.col("counted").sum().alias("severity_score"))
    return (
        las.join(wide, on="area_code", how="left")
        .join(score, on="area_code", how="left")
        .with_columns([pl.col(r).fill_null(0).cast(pl.Int32) for r in ids] + [pl.col("severity_score").fill_null(0).cast(pl.Int32)])
        .select(["area_code", "area_name", "region_name", "severity_score", *ids])
        .sort("severity_score", "area_name", descending=[True, False])
    )


def standing(mat: pl.DataFrame, area_code: str) -> dict | None:
    """One authority's place in the matrix by severity score: score, rank (1 the highest score; ties
    share a rank), whether it is tied, and of how many; None for an authority not in it."""
    row = mat.filter(pl.col("area_code") == area_code)
    if row.is_empty():
        return None
    score = row["severity_score"][0]
    return {"score": score, "rank": mat.filter(pl.col("severity_score") > score).height + 1,
            "tied": mat.filter(pl.col("severity_score") == score).height > 1, "of": mat.height}


def filter_matrix(mat: pl.DataFrame, rule_ids: list[str], mode: str = "and") -> pl.DataFrame:
    """The matrix rows raising every one of rule_ids ("and") or at least one ("or"); all rows without rule_ids."""
    if not rule_ids:
        return mat
    raised = [pl.col(r) > 0 for r in rule_ids]
    return mat.filter(pl.all_horizontal(raised) if mode == "and" else pl.any_horizontal(raised))


def expected_rates(con: Con) -> dict[str, float | None]:
    """Rule id -> the share of LAs it would flag by chance alone (statistical rules; None for others)."""
    return {r.id: expected_false_alarms(r, con) for r in rules()}


def severity_text(rule: Rule) -> str:
    """The rule's severity as a reader of the rule list needs it: with the lower severity a fall
    that leaves the judgement Good or better takes (`still_good`), where the rule has one."""
    lower = rule.params.get("still_good")
    return f"{rule.severity} ({lower} if still Good or better)" if lower and lower != rule.severity else rule.severity


def rule_summary(found: pl.DataFrame, n_las: int, expected: Mapping[str, float | None]) -> pl.DataFrame:
    """One row per rule: id, title, severity, the share of LAs it would flag by chance (`expected`,
    from expected_rates) and how many of the n_las LAs it flags in `found` (flags from evaluate), as a
    number and a share."""
    rows = []
    for r in rules():
        n = found.filter(pl.col("rule_id") == r.id)["area_code"].n_unique()
        rows.append({"rule_id": r.id, "title": r.title, "severity": severity_text(r), "expected_pct": None if (e := expected.get(r.id)) is None else 100 * e,
                     "las_flagged": n, "flagged_pct": 100 * n / n_las if n_las else None})
    return pl.DataFrame(rows, schema={"rule_id": pl.String, "title": pl.String, "severity": pl.String, "expected_pct": pl.Float64,
                                      "las_flagged": pl.Int64, "flagged_pct": pl.Float64})


def load(con: Con, as_of: dt.date | None = None, year: int | None = None) -> Inputs:
    """Flag inputs from the warehouse; inspections are aged at the Ofsted data's latest publication
    date. With `year`, as the data stood on 31 March of that year: figures up to that collection
    year, and each authority's latest inspection carried out by that date, as Ofsted's statistics
    "as at 31 March" count them (whenever its report was published), aged to it."""
    latest = q.ofsted_as_of(con) or dt.date.today()
    if year is not None:
        cut = min(dt.date(year, 3, 31), latest)
        # on the basis the annual report counts its judgements by: York's outstanding inspection of 24 February 2025,
        # published in April, had left it flagged as fallen from good in a list "as at 31 March 2025"
        return Inputs(con, q.las_on(con, cut), q.flag_ofsted(con, cut, inspected=True), as_of or cut, year)
    return Inputs(con, q.current_las(con), q.flag_ofsted(con, latest), as_of or latest)


def one_row_per_judgement(found: pl.DataFrame) -> pl.DataFrame:
    """The flags as a reader of one list takes them (a profile, a scrutiny pack, the report): an
    Inadequate judgement that is also a fall raises both Ofsted rules, and is one row here, titled
    with the Inadequate rule's `with_fall` and saying what it fell from (the fall's message)."""
    inadequate, worsened = (next(r for r in rules() if r.check == check) for check in ("ofsted_inadequate", "ofsted_worsened"))
    fell = found.filter(pl.col("rule_id") == worsened.id)["area_code"]
    both = pl.col("area_code").is_in(found.filter((pl.col("rule_id") == inadequate.id) & pl.col("area_code").is_in(fell.implode()))["area_code"].implode())
    return found.filter(~(both & (pl.col("rule_id") == inadequate.id))).with_columns(
        pl.when(both & (pl.col("rule_id") == worsened.id)).then(pl.lit(inadequate.params.get("with_fall", inadequate.title))).otherwise("title").alias("title")
    )


def flagged(con: Con, year: int | None = None) -> pl.DataFrame:
    """Every flag raised on the warehouse behind `con` (for one collection year when `year` is given)."""
    return evaluate(load(con, year=year))

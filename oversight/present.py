"""What each page shows, computed from query results; no Streamlit here, so it is tested directly."""

from __future__ import annotations

import datetime as dt

import polars as pl

from oversight import queries as q
from oversight.analysis import direction, rank_and_band
from oversight.queries import Con

ENGLAND = "E92000001"
GRADE_LABELS = {1: "Outstanding", 2: "Good", 3: "Requires improvement to be good", 4: "Inadequate"}


def fmt(value: float | None, decimals: int, unit: str = "", suppression: str | None = None) -> str:
    """A value as a person reads it; a suppressed one shows its symbol, never 0 or a blank."""
    if value is None:
        return f"suppressed ({suppression})" if suppression else "not available"
    text = f"{value:,.{decimals}f}"
    return f"{text}%" if unit == "%" else text


def indicator_row(con: Con, indicator_id: str) -> dict:
    return q.indicators(con).filter(pl.col("indicator_id") == indicator_id).row(0, named=True)


def compare_table(con: Con, indicator_id: str, year: int, area_code: str | None) -> pl.DataFrame:
    """Every current LA for one indicator and year: value, rank, quartile, SN average, role."""
    ind = indicator_row(con, indicator_id)
    values = q.values_for_year(con, indicator_id, year).filter(pl.col("geographic_level") == "Local authority")
    values = values.filter(pl.col("is_current") | pl.col("value").is_not_null())
    ranked = rank_and_band(values, ind["polarity"])
    sn = q.neighbour_averages_all(con, indicator_id, year)
    nbrs = set(q.neighbours(con, area_code)["area_code"].to_list()) if area_code else set()
    return (
        ranked.join(sn, on="area_code", how="left")
        .with_columns(
            pl.when(pl.col("area_code") == area_code)
            .then(pl.lit("Selected LA"))
            .when(pl.col("area_code").is_in(list(nbrs)))
            .then(pl.lit("Statistical neighbour"))
            .otherwise(pl.lit("Other LA"))
            .alias("role"),
            pl.when(pl.col("value").is_null())
            .then(pl.concat_str(pl.lit("suppressed ("), pl.col("suppression").fill_null("no figure"), pl.lit(")")))
            .alias("status"),
        )
        .sort(["rank", "area_name"], nulls_last=True)
    )


def reference_values(con: Con, indicator_id: str, year: int, region_code: str | None) -> pl.DataFrame:
    vals = q.values_for_year(con, indicator_id, year)
    england = vals.filter(pl.col("area_code") == ENGLAND)
    rows = [{"label": "England", "value": england["value"][0]}] if england.height and england["value"][0] is not None else []
    if region_code:
        reg = vals.filter(pl.col("area_code") == region_code)
        if reg.height and reg["value"][0] is not None:
            rows.append({"label": reg["area_name"][0], "value": reg["value"][0]})
    return pl.DataFrame(rows, schema={"label": pl.String, "value": pl.Float64})


def headline_tiles(con: Con, area_code: str = ENGLAND) -> list[dict]:
    """Latest value, previous value, change and direction for each headline indicator."""
    prof = q.profile(con, area_code)
    tiles = []
    for ind in q.indicators(con).filter(pl.col("headline")).iter_rows(named=True):
        s = prof.filter((pl.col("indicator_id") == ind["indicator_id"]) & pl.col("time_period").is_not_null()).sort("time_period")
        if s.is_empty():
            continue
        latest = s.row(-1, named=True)
        prev = s.row(-2, named=True) if s.height > 1 else None
        change = latest["value"] - prev["value"] if prev and latest["value"] is not None and prev["value"] is not None else None
        tiles.append(
            {
                "indicator_id": ind["indicator_id"],
                "name": ind["name"],
                "unit": ind["unit"],
                "polarity": ind["polarity"],
                "decimals": ind["decimals"],
                "year": latest["time_period"],
                "value": latest["value"],
                "suppression": latest["suppression"],
                "previous_year": prev["time_period"] if prev else None,
                "previous": prev["value"] if prev else None,
                "change": change,
                "direction": direction(change, ind["polarity"]),
            }
        )
    return tiles


def profile_table(con: Con, area_code: str) -> pl.DataFrame:
    """One row per catalogue indicator for one LA: latest, previous, change, direction, rank, band, SN, England."""
    prof = q.profile(con, area_code)
    eng = q.profile(con, ENGLAND)
    rows = []
    for ind in q.indicators(con).iter_rows(named=True):
        iid = ind["indicator_id"]
        s = prof.filter((pl.col("indicator_id") == iid) & pl.col("time_period").is_not_null()).sort("time_period")
        row = {"indicator_id": iid, "indicator": ind["name"], "unit": ind["unit"], "polarity": ind["polarity"]}
        if s.is_empty():
            rows.append(row | {"latest": "not available"})
            continue
        latest, prev = s.row(-1, named=True), (s.row(-2, named=True) if s.height > 1 else None)
        year = latest["time_period"]
        change = latest["value"] - prev["value"] if prev and latest["value"] is not None and prev["value"] is not None else None
        ranked = compare_table(con, iid, year, area_code)
        me = ranked.filter(pl.col("area_code") == area_code)
        e = eng.filter((pl.col("indicator_id") == iid) & (pl.col("time_period") == year))
        d = ind["decimals"]
        rows.append(
            row
            | {
                "year": year,
                "latest": fmt(latest["value"], d, ind["unit"], latest["suppression"]),
                "previous": fmt(prev["value"], d, ind["unit"], prev["suppression"]) if prev else "not available",
                "change": None if change is None else round(change, d),
                "direction": direction(change, ind["polarity"]),
                "rank": f"{me['rank'][0]} of {ranked['rank'].count()}" if me.height and me["rank"][0] is not None else "n/a",
                "quartile": me["quartile"][0] if me.height else None,
                "sn_average": None if not me.height or me["sn_average"][0] is None else round(me["sn_average"][0], d),
                "england": None if e.is_empty() or e["value"][0] is None else round(e["value"][0], d),
                "trend": [v for v in s["value"].to_list() if v is not None],
            }
        )
    return pl.DataFrame(rows, infer_schema_length=None)


def trend_frame(con: Con, indicator_id: str, area_codes: list[str], compare_to: str) -> pl.DataFrame:
    """Series for the chosen LAs plus, for the first LA, its SN average, its region and England."""
    parts = [q.series(con, indicator_id, area_codes).select("time_period", pl.col("area_name").alias("series"), "value")]
    areas = q.areas(con)
    if area_codes:
        first = areas.filter(pl.col("area_code") == area_codes[0]).row(0, named=True)
        if compare_to in ("sn", "all"):
            sn = q.neighbour_average(con, indicator_id, area_codes[0])
            parts.append(sn.select("time_period", pl.lit(f"{first['area_name']} SN average").alias("series"), "value"))
        if compare_to in ("region", "sn", "all") and first["region_code"]:
            parts.append(q.series(con, indicator_id, [first["region_code"]]).select("time_period", pl.col("area_name").alias("series"), "value"))
    parts.append(q.series(con, indicator_id, [ENGLAND]).select("time_period", pl.lit("England").alias("series"), "value"))
    return pl.concat(parts, how="vertical_relaxed").drop_nulls("value").sort("series", "time_period")


def boundary_breaks(con: Con, area_codes: list[str]) -> list[tuple[str, int, str]]:
    """(area, first year of the new authority, what happened) for LAs formed by a boundary change."""
    areas = q.areas(con)
    out = []
    for pred in areas.filter(pl.col("successor_codes").is_not_null()).iter_rows(named=True):
        successors = pred["successor_codes"].split(";")
        for code in area_codes:
            if code in successors:
                name = areas.filter(pl.col("area_code") == code)["area_name"][0]
                out.append((name, pred["last_year"] + 1, f"{name} was formed from {pred['area_name']} (last reported {pred['last_year']})"))
    return out


def ofsted_current(con: Con, today: dt.date | None = None) -> pl.DataFrame:
    today = today or dt.date.today()
    df = q.latest_ofsted(con).with_columns(
        pl.col("grade_label").fill_null("Not yet inspected"),
        ((pl.lit(today) - pl.col("inspection_date")).dt.total_days() / 365.25).round(1).alias("years_since_inspection"),
    )
    return df.with_columns(pl.int_range(pl.len()).over("region_name").alias("position"))


def ofsted_distribution(con: Con) -> pl.DataFrame:
    hist = q.ofsted_history(con).filter(pl.col("judgement") == "overall_effectiveness")
    return (
        hist.with_columns(pl.col("inspection_date").dt.year().alias("year"))
        .group_by("year", "grade", "grade_label")
        .agg(pl.len().alias("count"))
        .sort("year", "grade")
    )


def judgement_counts(con: Con) -> pl.DataFrame:
    cur = ofsted_current(con)
    return cur.group_by("grade_label").agg(pl.len().alias("count")).sort("grade_label")


def current_las_with_ofsted(con: Con) -> pl.DataFrame:
    """Current LAs with their latest overall Ofsted judgement ('Not yet inspected' where none)."""
    return q.current_las(con).join(ofsted_current(con).select("area_code", "grade_label"), on="area_code", how="left")

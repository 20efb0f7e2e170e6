"""Every LAIT measure as an indicator: stable ids, metadata from LAIT's data dictionary, values at
the published precision, and the revision kept for each measure, year and area.

A LAIT measure that a catalogue indicator already carries (as a source of its values or as the
figure it is reconciled with) is not added a second time: the catalogue's indicator keeps
priority. Every other measure becomes indicator `lait_<its Short Desc, normalised>` (see
`measure_id`), so ids stay the same from one LAIT release to the next.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from etl import outcomes
from etl.areas import ENGLAND
from etl.catalogue import Indicator
from etl.errors import Warnings
from etl.publications import contract as c
from etl.publications.lait import annual, choose

ID_PREFIX = "lait_"
POLARITY = {"High": "higher", "Low": "lower"}  # "-", "NA" or nothing: neutral
NO_QUARTILE = {"N"}  # LAIT's No_Quartile flag: "N" means LAIT shows no quartile band
# LAIT's year type of a measure whose every figure pools three years ("2021/22-23/24", "2020-22") -> the build's own
# (catalogue.YEAR_TYPES), worded by the pages as three years
POOLED = {"Financial Year": "Three financial years", "Calendar Year": "Three calendar years"}
EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_INFERRED_DECIMALS = 2  # when the dictionary gives no dps, at most this many (LAIT shows 2 at most)
LAIT_SOURCE = "DfE, Local Authority Interactive Tool (LAIT measure {measure})"
# units the data dictionary gets wrong, each with the unit the figures are in and why (one row each)
UNIT_CORRECTIONS = Path(__file__).parent / "reference" / "lait_unit_corrections.csv"
YEAR_TYPE_CORRECTIONS = Path(__file__).parent / "reference" / "lait_year_type_corrections.csv"  # flows LAIT dates as at a day

METADATA = {
    "lait_measure": pl.String,
    "year_type": pl.String,
    "no_quartile": pl.Boolean,
    "methodology": pl.String,
    "last_update": pl.Date,
    "next_update": pl.Date,
    "update_note": pl.String,
    "source_url": pl.String,
    "outcome": pl.String,
}


def measure_id(short_desc: str) -> str:
    """`lait_` + the Short Desc in lower case, % as pct, & as and, < as lt, other runs of symbols as _."""
    s = short_desc.strip().lower()
    for symbol, word in (("%", " pct "), ("&", " and "), ("<", " lt "), (">", " gt "), ("+", " plus ")):
        s = s.replace(symbol, word)
    return ID_PREFIX + re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def carried(indicators: Iterable[Indicator]) -> dict[str, str]:
    """LAIT measure -> the catalogue indicator that carries it (first one listed wins)."""
    out: dict[str, str] = {}
    for ind in indicators:
        for src in (*ind.sources, *ind.reconcile):
            if "lait" in src:
                out.setdefault(src["lait"], ind.id)
    return out


def source_measure(ind: Indicator) -> str | None:
    """The LAIT measure an indicator's values come from (for all or some years), if any."""
    return next((s["lait"] for s in ind.sources if "lait" in s), None)


def parse_date(text: str | None) -> dt.date | None:
    """LAIT's dictionary gives dates as Excel serial numbers (45962 is 31 October 2025)."""
    if text is None:
        return None
    t = text.strip()
    if re.fullmatch(r"\d{5}", t):
        return EXCEL_EPOCH + dt.timedelta(days=int(t))
    try:
        return dt.date.fromisoformat(t[:10])
    except ValueError:
        return None


def inferred_decimals(lait: pl.DataFrame) -> dict[str, int]:
    """Per measure, the fewest decimals (up to MAX_INFERRED_DECIMALS) that hold every value once
    float artefacts go."""
    v = pl.col("value")
    tol = pl.max_horizontal(v.abs(), pl.lit(1.0)) * 1e-9
    need = pl.coalesce([pl.when((v - v.round(k)).abs() <= tol).then(pl.lit(k, dtype=pl.Int8)) for k in range(MAX_INFERRED_DECIMALS)] + [pl.lit(MAX_INFERRED_DECIMALS, dtype=pl.Int8)])
    out = lait.filter(v.is_not_null()).group_by("measure").agg(need.max().alias("k"))
    return dict(out.iter_rows())


def decimals(dictionary: pl.DataFrame | None, lait: pl.DataFrame) -> dict[str, int]:
    """LAIT's dps where the dictionary gives it; otherwise what the values need, at most 2."""
    given: dict[str, int] = {}
    if dictionary is not None and "dps" in dictionary.columns:
        for m, dps in dictionary.select("measure", "dps").iter_rows():
            if dps is not None and str(dps).strip().isdigit():
                given[m] = int(str(dps).strip())
    found = inferred_decimals(lait.filter(~pl.col("measure").is_in(list(given))))
    return {**found, **given}


def at_precision(lait: pl.DataFrame, places: dict[str, int]) -> pl.DataFrame:
    """Values rounded to each measure's published decimals (553.70000000000005 -> 553.7)."""
    scales = pl.DataFrame({"measure": list(places), "_scale": [10.0**d for d in places.values()]}, schema={"measure": pl.String, "_scale": pl.Float64})
    scale = pl.col("_scale").fill_null(10.0**MAX_INFERRED_DECIMALS)
    return lait.join(scales, on="measure", how="left", maintain_order="left").with_columns(((pl.col("value") * scale).round(0) / scale).alias("value")).drop("_scale")


def prepare(lait: pl.DataFrame, dictionary: pl.DataFrame | None) -> tuple[pl.DataFrame, dict[str, int]]:
    """The LAIT frame at published precision, every row marked `chosen` or superseded; and the
    decimals of each measure."""
    places = decimals(dictionary, lait)
    return choose(at_precision(number_periods(lait), places)), places


def number_periods(lait: pl.DataFrame) -> pl.DataFrame:
    """`period_no` for each distinct period label of the frame (which may join several releases:
    each label comes from one of them)."""
    labels = lait.select("years", "time_period").unique("years").sort("time_period", "years")["years"].to_list()
    return lait.with_columns(pl.col("years").replace_strict({y: n for n, y in enumerate(labels)}, return_dtype=pl.Int16).alias("period_no"))


def check_ids(measures: Iterable[str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for m in sorted(set(measures)):
        i = measure_id(m)
        if i in ids.values():
            other = next(k for k, v in ids.items() if v == i)
            raise ValueError(f"LAIT measures '{other}' and '{m}' would both be indicator {i}; extend measure_id")
        ids[m] = i
    return ids


def values_tables(lait: pl.DataFrame, catalogue_indicators: Iterable[Indicator]) -> dict[str, pl.DataFrame]:
    """Every LAIT row (all revisions) with `chosen`, stored narrow: `lait_values` holds numbers
    for the measure and the period, described once each in `lait_measures` (with `indicator_id`,
    null for measures a catalogue indicator carries: their figures reach `indicator_values`
    through that indicator) and `lait_periods`."""
    taken = carried(catalogue_indicators)
    names = lait["measure"].unique(maintain_order=True).to_list()
    ids = {m: i for m, i in check_ids(names).items() if m not in taken}
    measures = pl.DataFrame(
        {"measure_no": list(range(len(names))), "measure": names, "indicator_id": [ids.get(m) for m in names]},
        schema={"measure_no": pl.Int16, "measure": pl.String, "indicator_id": pl.String},
    )
    # each period label comes from one release (the newest that covers its year): its file is kept there
    periods = lait.select("period_no", "years", "time_period", "period_years", "revision", "source_file").unique("period_no").sort("period_no")
    numbers = lait.select(
        pl.col("measure").replace_strict(dict(zip(names, range(len(names)), strict=True)), return_dtype=pl.Int16).alias("measure_no"),
        "period_no", "area_code", "value", "suppression", "chosen",
    )
    return {"lait_values": numbers, "lait_measures": measures, "lait_periods": periods}


def own_rows(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Per LAIT measure with its own indicator: the rows it adds to indicator_values (chosen) and
    the fewest years any of them covers."""
    own = tables["lait_measures"].filter(pl.col("indicator_id").is_not_null())
    v = tables["lait_values"].filter(pl.col("chosen")).group_by("measure_no", "period_no").len()
    v = v.join(tables["lait_periods"].select("period_no", "period_years"), on="period_no")
    per = v.group_by("measure_no").agg(pl.col("len").sum().alias("rows"), pl.col("period_years").min().alias("shortest"))
    return own.join(per, on="measure_no").select("measure", "indicator_id", "rows", "shortest")


def _meta(dictionary: pl.DataFrame | None) -> dict[str, dict[str, str | None]]:
    if dictionary is None:
        return {}
    return {r["measure"]: r for r in dictionary.iter_rows(named=True)}


def _common(measure: str | None, meta: dict[str, dict[str, str | None]]) -> dict[str, object]:
    d = meta.get(measure or "", {})
    last, nxt = d.get("last_update"), d.get("next_update")
    notes = [t for t in (last, nxt) if t and parse_date(t) is None]
    return {
        "year_type": d.get("year_type"),
        "no_quartile": (d.get("no_quartile") or "").strip() in NO_QUARTILE,
        "methodology": None if (d.get("methodology") or "").strip() in ("", "-") else d.get("methodology"),  # LAIT's "-": no note
        "last_update": parse_date(last),
        "next_update": parse_date(nxt),
        "update_note": "; ".join(notes) or None,
        "source_url": d.get("source_url"),
    }


def _bases(ind: Indicator, by_id: dict[str, Indicator]) -> list[Indicator]:
    """The catalogue indicators `ind` is worked out from (`rate_of`, `ratio_of`, `over`), in order."""
    return [by_id[s[k]] for s in ind.sources for k in ("rate_of", "ratio_of", "over") if k in s and s[k] in by_id]


def indicators_frame(
    catalogue_frame: pl.DataFrame,
    catalogue_indicators: Iterable[Indicator],
    dictionary: pl.DataFrame | None,
    lait_rows: pl.DataFrame | None,
    publication_urls: dict[str, str],
    places: dict[str, int],
    warnings: Warnings,
) -> pl.DataFrame:
    """The catalogue's indicators, then one per LAIT measure it does not carry, with metadata."""
    inds = list(catalogue_indicators)
    meta = _meta(dictionary)
    taken = carried(inds)
    rows: list[dict[str, object]] = []
    by_id = {i.id: i for i in inds}

    def described(ind: Indicator) -> str | None:
        return source_measure(ind) or next((m for m, i in taken.items() if i == ind.id), None)

    def publications(ind: Indicator, depth: int = 0) -> set[str]:
        own = {s["publication"] for s in ind.sources if "publication" in s}
        return own.union(*(publications(b, depth + 1) for b in _bases(ind, by_id))) if depth < len(inds) else own

    commons = {ind.id: _common(described(ind), meta) for ind in inds}
    # the dates of a release: an indicator the dictionary does not describe is published with the ones it is
    # worked out from, or with another from the same publication (s47_to_icpc_pct with s47_rate_per_10k)
    by_publication: dict[str, dict[str, object]] = {}
    for ind in inds:
        if commons[ind.id]["last_update"] is not None:
            for pub in sorted(publications(ind)):
                by_publication.setdefault(pub, commons[ind.id])
    for ind in inds:
        common = commons[ind.id]
        if common["last_update"] is None:
            dated = (next((commons[b.id] for b in _bases(ind, by_id) if commons[b.id]["last_update"] is not None), None)
                     or next((by_publication[pub] for pub in sorted(publications(ind)) if pub in by_publication), None))
            if dated is not None:
                common |= {k: dated[k] for k in ("last_update", "next_update", "update_note")}
        common["year_type"] = ind.year_type or common["year_type"]  # the catalogue's own, where it gives one
        common["methodology"] = ind.methodology or common["methodology"]
        if common["source_url"] is None:
            common["source_url"] = next((publication_urls.get(s["publication"]) for s in ind.sources if "publication" in s), None)
        rows.append({"indicator_id": ind.id, "lait_measure": source_measure(ind), **common, "_lait_topic": meta.get(described(ind) or "", {}).get("topic")})
    base = catalogue_frame.drop([k for k in (*METADATA, "no_quartile") if k in catalogue_frame.columns])
    cat = base.join(pl.DataFrame(rows, schema={"indicator_id": pl.String, **{k: METADATA[k] for k in METADATA if k != "outcome"}, "_lait_topic": pl.String}), on="indicator_id", how="left", maintain_order="left")
    lait_part = _lait_indicators(lait_rows, meta, taken, places, cat.height, warnings)
    frame = pl.concat([cat, lait_part], how="diagonal_relaxed")
    assigned = outcomes.assign(frame.select("indicator_id", "topic", "lait_measure", "_lait_topic").iter_rows(named=True))
    missing = [i for i, o in assigned.items() if o is None]
    if missing:
        warnings.add("etl/reference/outcomes.toml", f"no outcome rule matches {len(missing)} indicators: {', '.join(missing[:20])}")
    return frame.with_columns(pl.col("indicator_id").replace_strict(assigned, return_dtype=pl.String).alias("outcome")).drop("_lait_topic")


def corrections(path: Path) -> dict[str, dict[str, str]]:
    """Measure -> its row of a corrections file: {published_unit, unit, reason} from etl/reference/lait_unit_corrections.csv,
    or {published_year_type, year_type, reason} from lait_year_type_corrections.csv."""
    with path.open(encoding="utf-8", newline="") as f:
        return {r["measure"]: r for r in csv.DictReader(f)}


def _correction(measure: str, published: str | None, fixes: dict[str, dict[str, str]], what: str, path: Path, warnings: Warnings) -> dict[str, str] | None:
    """A measure's row of a corrections file, applied only while the dictionary still gives the `what` (unit, year type) it
    corrects: otherwise the dictionary's is kept and a warning says the correction needs a look."""
    fix = fixes.get(measure)
    corrected = fix["published_" + what.replace(" ", "_")] if fix is not None else None
    if fix is not None and corrected != published:
        warnings.add(path, f"{measure}: the data dictionary now gives the {what} '{published}', not '{corrected}'; "
                     f"its {what} is taken as given and the correction is not applied")
        return None
    return fix


def year_type_of(measure: str, published: str | None, fixes: dict[str, dict[str, str]], warnings: Warnings) -> tuple[str | None, str]:
    """(the year type a measure's figures have, a sentence for its definition saying why it is not the dictionary's), as
    unit_of does for units: LAIT dates starters, leavers and absence "Annual (end of Sept)", read "at 30 September 2025"
    for what is counted over the year to that day."""
    fix = _correction(measure, published, fixes, "year type", YEAR_TYPE_CORRECTIONS, warnings)
    if fix is None:
        return published, ""
    return fix["year_type"], f"LAIT's data dictionary gives the year type '{published}', but {fix['reason']}."


def unit_of(measure: str, published: str, fixes: dict[str, dict[str, str]], warnings: Warnings) -> tuple[str, str]:
    """(the unit a measure's figures are in, a sentence for its definition saying why it is not the
    dictionary's)."""
    fix = _correction(measure, published, fixes, "unit", UNIT_CORRECTIONS, warnings)
    if fix is None:
        return published, ""
    return fix["unit"], f"LAIT's data dictionary gives the unit as '{published}', but {fix['reason']}, so the unit here is '{fix['unit']}'."


def england_percentages_over_100(lait: pl.DataFrame, units: dict[str, str]) -> list[str]:
    """Measures shown as percentages whose England figure is over 100 in some year: a share cannot
    be, so the unit is likely wrong (as etl/reference/lait_unit_corrections.csv records for some)."""
    percent = [m for m, u in units.items() if u.startswith("%")]
    over = (
        lait.filter(pl.col("chosen") & (pl.col("area_code") == ENGLAND) & pl.col("measure").is_in(percent) & (pl.col("value") > 100))
        .group_by("measure").agg(pl.col("value").max(), pl.col("time_period").filter(pl.col("value") == pl.col("value").max()).first())
        .sort("measure")
    )
    return [f"{m} is given in '{units[m]}' but England's figure for {y} is {v:,g}" for m, v, y in over.select("measure", "value", "time_period").iter_rows()]


def _lait_indicators(
    lait_rows: pl.DataFrame | None,
    meta: dict[str, dict[str, str | None]],
    taken: dict[str, str],
    places: dict[str, int],
    start: int,
    warnings: Warnings,
) -> pl.DataFrame:
    if lait_rows is None:
        return pl.DataFrame()
    unit_fixes, year_fixes = corrections(UNIT_CORRECTIONS), corrections(YEAR_TYPE_CORRECTIONS)
    ids = dict(lait_rows.select("measure", "indicator_id").iter_rows())
    # a measure whose every figure spans three years says so in its name
    multi = {m: n for m, n in lait_rows.select("measure", "shortest").iter_rows() if n and n > 1}
    order = [m for m in meta if m in ids] + sorted(m for m in ids if m not in meta)
    rows = []
    for n, m in enumerate(order):
        d = meta.get(m, {})
        unit, unit_note = unit_of(m, d.get("y_axis_name") or "", unit_fixes, warnings)
        common = _common(m, meta)
        common["year_type"], year_note = year_type_of(m, common["year_type"], year_fixes, warnings)
        # a measure whose every figure pools three years is worded so: LAIT's "Financial Year" had read "in the year to 31 March 2024"
        if multi.get(m) == 3 and common["year_type"] in POOLED:
            common["year_type"] = POOLED[common["year_type"]]
        corrected = " ".join(t for t in (unit_note, year_note) if t)  # what the definition says of the dictionary's errors
        definition = d.get("description") or d.get("chart_title") or ""
        rows.append(
            {
                "indicator_id": ids[m],
                "name": (d.get("name") or m) + (f" ({multi[m]}-year average)" if m in multi else ""),
                "topic": d.get("topic") or "LAIT",
                "unit": unit,
                "published_unit": (d.get("y_axis_name") or "") if unit_note else None,
                "polarity": POLARITY.get((d.get("polarity") or "").strip(), "neutral"),
                "decimals": places.get(m, MAX_INFERRED_DECIMALS),
                "source": LAIT_SOURCE.format(measure=m),
                "definition": f"{definition}\n\n{corrected}".strip() if corrected else definition,
                "headline": False,
                "sort_order": start + n,
                "lait_measure": m,
                **common,
                "_lait_topic": d.get("topic"),
            }
        )
    schema = {
        "indicator_id": pl.String, "name": pl.String, "topic": pl.String, "unit": pl.String, "published_unit": pl.String, "polarity": pl.String,
        "decimals": pl.Int32, "source": pl.String, "definition": pl.String, "headline": pl.Boolean, "sort_order": pl.Int32,
        **{k: METADATA[k] for k in METADATA if k != "outcome"}, "_lait_topic": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


def period_columns(values: pl.DataFrame, lait: pl.DataFrame | None, catalogue_indicators: Iterable[Indicator]) -> pl.DataFrame:
    """`period_label`, `revision` and `period_years` for the catalogue's values: LAIT's label where the
    row came from LAIT (directly or through a rate of a LAIT figure), the reporting year otherwise."""
    inds = {i.id: i for i in catalogue_indicators}

    def label_measure(ind_id: str, depth: int = 0) -> str | None:
        ind = inds.get(ind_id)
        if ind is None or depth > 5:
            return None
        found = source_measure(ind)
        for s in ind.sources:
            for key in ("rate_of", "ratio_of"):
                if found is None and key in s:
                    found = label_measure(s[key], depth + 1)
        return found

    plain = values.with_columns(
        pl.col("time_period").cast(pl.String).alias("period_label"), pl.lit(None, dtype=pl.String).alias("revision"), pl.lit(1, dtype=pl.Int8).alias("period_years")
    )
    measures = {i: m for i in inds if (m := label_measure(i))}
    if lait is None or not measures:
        return plain
    files = lait["source_file"].unique().to_list()
    chosen = annual(lait, sorted(set(measures.values()))).select("measure", "time_period", "area_code", pl.col("years").alias("_label"), pl.col("revision").alias("_revision"), pl.col("period_years").alias("_years"))
    from_lait = pl.any_horizontal([pl.col("source_file").str.contains(f, literal=True) for f in files])
    joined = plain.with_columns(pl.col("indicator_id").replace_strict(measures, default=None, return_dtype=pl.String).alias("measure")).join(
        chosen, on=["measure", "time_period", "area_code"], how="left", maintain_order="left"
    )
    use = from_lait & pl.col("_label").is_not_null()
    return joined.with_columns(
        pl.when(use).then(pl.col("_label")).otherwise(pl.col("period_label")).alias("period_label"),
        pl.when(use).then(pl.col("_revision")).otherwise(pl.col("revision")).alias("revision"),
        pl.when(use).then(pl.col("_years")).otherwise(pl.col("period_years")).alias("period_years"),
    ).drop("measure", "_label", "_revision", "_years")


def publication_urls() -> dict[str, str]:
    return {k: v.url for k, v in c.contracts().items()}

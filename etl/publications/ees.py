"""Explore Education Statistics (EES) open-data CSVs -> typed frames, one per contract."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl.areas import LEVELS, AreaRegistry, UnknownArea
from etl.errors import InputError, Warnings
from etl.publications import contract as c
from etl.publications.text import csv_rows

EES_COLUMNS = ("time_period", "geographic_level", "country_code", "region_code", "old_la_code", "new_la_code", "la_name")
# every EES file's leading columns (not fields of any one publication)
EES_ALL = (*EES_COLUMNS, "time_identifier", "country_name", "region_name", "category")


def _keys(header: list[str]) -> list[str]:
    return [c.header_key(h) for h in header]


def is_ees(header: list[str]) -> bool:
    keys = set(_keys(header))
    return {"time_period", "geographic_level"}.issubset(keys) and ("old_la_code" in keys or "new_la_code" in keys)


def recognise(header: list[str], first_category: str | None, path: Path | str = "") -> c.Contract | None:
    """The one EES contract whose required fields this header carries, or None.

    A header that carries most but not all required fields of a contract, or all of several,
    is an error naming the missing and unexpected columns: never a silent skip."""
    if not is_ees(header):
        return None
    candidates = c.by_format("ees_csv")
    matches = [c.match(k, header, ignore=EES_ALL) for k in candidates]
    if first_category:
        for m in matches:
            if m.contract.category and m.contract.category.lower() == first_category.strip().lower():
                if not m.complete:
                    raise InputError(path, f"its category is '{first_category.strip()}', but: {m.describe()}", row=1, column=m.missing[0])
                return m.contract
    complete = [m for m in matches if m.complete]
    if len(complete) == 1:
        return complete[0].contract
    if len(complete) > 1:
        names = ", ".join(m.contract.publication for m in complete)
        raise InputError(path, f"the header carries every required column of several publications ({names}); cannot tell which this is", row=1)
    near = sorted((m for m in matches if m.near), key=lambda m: (len(m.missing), m.contract.publication))
    if near:
        raise InputError(path, near[0].describe(), row=1, column=near[0].missing[0])
    return None


def load(path: Path, contract: c.Contract, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    header, rows = csv_rows(path)
    keys = _keys(header)
    missing = [col for col in EES_COLUMNS if col not in keys and col != "la_name"]
    if missing:
        raise InputError(path, f"missing column '{missing[0]}', which every EES file has", row=1, column=missing[0])
    mapping = c.column_map(contract, header, path)
    index = {k: i for i, k in enumerate(keys)}
    wanted = {index[col]: col for col in EES_COLUMNS if col in index} | {header.index(mapping[f]): f for f in mapping}
    columns = list(zip(*(r for _, r in rows), strict=True))
    df = pl.DataFrame(
        {new: columns[i] for i, new in wanted.items()}
        | {"_row": [line for line, _ in rows]},
        schema_overrides={new: pl.String for new in wanted.values()},
    ).with_columns(pl.col(pl.String).str.strip_chars())
    df = df.with_columns(c.parse_years(df, "time_period", path).alias("time_period"))
    bad_level = ~df["geographic_level"].is_in(list(LEVELS))
    if bad_level.any():
        raise InputError(
            path,
            f"unexpected geographic_level '{df.filter(bad_level)['geographic_level'][0]}' (expected one of: {', '.join(LEVELS)})",
            row=c.first_row(df, bad_level),
            column="geographic_level",
        )
    df = _resolve_areas(df, path, registry, warnings)
    df = c.parse_numbers(df, contract, path, warnings)
    df = c.canonical_labels(df, contract)
    c.check_allowed(df, contract, path)
    c.check_unique(df, ["time_period", "area_code", *contract.key], path)
    return df.with_columns(pl.lit(path.name).alias("source_file"))


def _resolve_areas(df: pl.DataFrame, path: Path, registry: AreaRegistry, warnings: Warnings) -> pl.DataFrame:
    """Add `area_code`; a row naming several LAs ('314 / 318') counts for each of them."""
    ons = pl.when(pl.col("geographic_level") == "Regional").then(pl.col("region_code")).otherwise(pl.col("new_la_code"))
    old = pl.when(pl.col("geographic_level") == "Local authority").then(pl.col("old_la_code")).otherwise(None)
    df = df.with_columns(_ons=ons, _old=old)
    shared = df.filter(pl.col("_old").str.contains("/").fill_null(False))
    if shared.height:
        names = sorted(set(shared["_old"].to_list()))
        warnings.add(path, f"rows covering several LAs ({'; '.join(names)}) were given to each of those LAs")
        split = shared.with_columns(
            pl.col(k).str.split("/").list.eval(pl.element().str.strip_chars()) for k in ("_old", "_ons")
        )
        uneven = split["_old"].list.len() != split["_ons"].list.len()
        if uneven.any():
            raise InputError(path, "the LA numbers and area codes name different numbers of LAs", row=c.first_row(split, uneven), column="new_la_code")
        single = df.filter(~pl.col("_old").str.contains("/").fill_null(False))
        df = pl.concat([single, split.explode(["_old", "_ons"])]).sort("_row")
    combos = df.select("geographic_level", "_old", "_ons", "_row").group_by("geographic_level", "_old", "_ons").agg(pl.col("_row").min())
    codes = []
    for level, old_code, ons_code, row in combos.iter_rows():
        try:
            codes.append(registry.resolve(level, old_code or None, ons_code or None))
        except UnknownArea as e:
            raise InputError(path, f"{e.args[0]}; add new authorities to etl/reference/areas.csv", row=row, column=e.args[1] if len(e.args) > 1 else "new_la_code") from None
    lookup = combos.select("geographic_level", "_old", "_ons").with_columns(pl.Series("area_code", codes, dtype=pl.String))
    out = df.join(lookup, on=["geographic_level", "_old", "_ons"], how="left", nulls_equal=True).drop("_old", "_ons")
    if not shared.height:
        return out
    # `shared_with`: the other authorities a row given to several also covers (Richmond upon Thames's for
    # Kingston upon Thames), so a figure is never its partner's neighbour
    group = pl.col("area_code").implode().over("_row")
    others = group.list.set_difference(pl.concat_list("area_code")).list.sort()
    return out.with_columns(pl.when(others.list.len() > 0).then(others.list.join(";")).alias("shared_with"))

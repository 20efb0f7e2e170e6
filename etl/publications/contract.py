"""Declared contracts (etl/contracts/*.toml) and the checks every reader applies with them."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from etl.errors import InputError, Warnings

CONTRACTS = Path(__file__).parent.parent / "contracts"
SUPPRESSION_SYMBOLS = ("c", "x", "z", "k", "u", "low", ".", ":", "-")
KINDS = ("count", "percent", "rate", "number", "text")
THOUSANDS = r"^-?\d{1,3}(,\d{3})+(\.\d+)?$"


@dataclass(frozen=True)
class Field:
    name: str
    aliases: tuple[str, ...]
    kind: str
    required: bool = True


@dataclass(frozen=True)
class Contract:
    publication: str
    title: str
    publisher: str
    format: str
    url: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ()
    category: str | None = None
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sheets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # earlier releases' wording of a label -> the wording used today, per column
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # release notes: which release used which name (documentation, shown by `check`)
    releases: dict[str, str] = field(default_factory=dict)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _contract(path: Path) -> Contract:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    fields = tuple(
        Field(
            name=name,
            aliases=tuple(spec.get("aliases", [name])),
            kind=spec.get("kind", "text"),
            required=spec.get("required", True),
        )
        for name, spec in raw.get("fields", {}).items()
    )
    for f in fields:
        if f.kind not in KINDS:
            raise ValueError(f"{path}: field {f.name} has unknown kind {f.kind}")
    return Contract(
        publication=raw["publication"],
        title=raw["title"],
        publisher=raw["publisher"],
        format=raw["format"],
        url=raw["url"],
        fields=fields,
        key=tuple(raw.get("key", [])),
        category=raw.get("category"),
        allowed={k: tuple(v) for k, v in raw.get("allowed", {}).items()},
        sheets={k: tuple(v) for k, v in raw.get("sheets", {}).items()},
        labels={k: {str(a): str(b) for a, b in v.items()} for k, v in raw.get("labels", {}).items()},
        releases={str(k): str(v) for k, v in raw.get("releases", {}).items()},
    )


@lru_cache(maxsize=1)
def contracts() -> dict[str, Contract]:
    found = (_contract(p) for p in sorted(CONTRACTS.glob("*.toml")) if not p.name.startswith("_"))
    return {c.publication: c for c in found}


def by_format(fmt: str) -> list[Contract]:
    return [c for c in contracts().values() if c.format == fmt]


@lru_cache(maxsize=4096)
def header_key(name: str) -> str:
    """How header names are compared: case, surrounding spaces, inner runs of spaces and a BOM ignored."""
    return normalise_header(name).lower()


def match_score(contract: Contract, header: list[str]) -> float:
    """Share of the contract's fields that the header names under any accepted name."""
    names = {header_key(h) for h in header}
    hits = sum(1 for f in contract.fields if names.intersection(header_key(a) for a in f.aliases))
    return hits / len(contract.fields) if contract.fields else 0.0


@dataclass(frozen=True)
class Match:
    """How one header compares with one contract."""

    contract: Contract
    present: tuple[str, ...]  # required fields the header carries
    missing: tuple[str, ...]  # required fields it lacks
    unexpected: tuple[str, ...]  # header columns that no field of the contract names

    @property
    def complete(self) -> bool:
        return not self.missing and bool(self.present)

    @property
    def near(self) -> bool:
        """Most required fields present, but not all: an error, never a silent skip."""
        return bool(self.missing) and len(self.present) >= 2 and len(self.present) > len(self.missing)

    def describe(self) -> str:
        missing = "; ".join(f"missing column for '{m}' (expected one of: {', '.join(self.contract.field(m).aliases)})" for m in self.missing)
        unexpected = ", ".join(self.unexpected) or "none"
        return f"{missing} in a file that looks like {self.contract.title}; columns that no field of it names: {unexpected}"


def match(contract: Contract, header: list[str], ignore: tuple[str, ...] = ()) -> Match:
    keys = [header_key(h) for h in header]
    known = {header_key(a) for f in contract.fields for a in f.aliases} | {header_key(i) for i in ignore}
    present, missing = [], []
    for f in contract.fields:
        if not f.required:
            continue
        (present if set(keys).intersection(header_key(a) for a in f.aliases) else missing).append(f.name)
    unexpected = tuple(h for h, k in zip(header, keys, strict=True) if k and k not in known)
    return Match(contract, tuple(present), tuple(missing), unexpected)


def column_map(contract: Contract, header: list[str], path: Path) -> dict[str, str]:
    """Map each contract field to the one header column that carries it, or fail clearly.

    Names compare without regard to case, surrounding spaces or a BOM; the value is the
    column's name as the file spells it."""
    keys = [header_key(h) for h in header]
    aliased = {header_key(a) for f in contract.fields for a in f.aliases}
    seen: set[str] = set()
    for h, k in zip(header, keys, strict=True):
        if k in seen and k in aliased:
            raise InputError(path, f"the header names column '{h.strip()}' twice", row=1, column=h.strip())
        seen.add(k)
    mapping: dict[str, str] = {}
    for f in contract.fields:
        wanted = {header_key(a) for a in f.aliases}
        present = [h for h, k in zip(header, keys, strict=True) if k in wanted]
        if len(present) > 1:
            raise InputError(
                path,
                f"ambiguous: columns {[p.strip() for p in present]} were all seen and could each be '{f.name}'; keep only one",
                row=1,
                column=present[0].strip(),
            )
        if not present:
            if f.required:
                raise InputError(
                    path,
                    f"missing column for '{f.name}' (expected one of: {', '.join(f.aliases)}) "
                    f"in a file recognised as {contract.title}",
                    row=1,
                    column=f.aliases[0],
                )
            continue
        mapping[f.name] = present[0]
    return mapping


def canonical_labels(df: pl.DataFrame, contract: Contract) -> pl.DataFrame:
    """Label wordings of earlier releases (contract `[labels]`) become the current wording."""
    exprs = []
    for column, wordings in contract.labels.items():
        if column not in df.columns:
            continue
        lookup = {k.lower(): v for k, v in wordings.items()} | {v.lower(): v for v in contract.allowed.get(column, ())}
        lowered = pl.col(column).str.strip_chars().str.to_lowercase()
        exprs.append(lowered.replace_strict(lookup, default=pl.col(column)).alias(column))
    return df.with_columns(exprs) if exprs else df


def first_row(df: pl.DataFrame, mask: pl.Series) -> int:
    """File row number (header = 1) of the first row where mask is true."""
    return int(df.filter(mask)["_row"][0])


def parse_dates(df: pl.DataFrame, column: str, path: Path, fmt: str = "%Y-%m-%d", *, required: bool = False,
                field: str | None = None) -> pl.Series:
    """A column of dates as published: ISO dates (a time after them is ignored) unless `fmt` says
    otherwise. A date that does not parse, a missing one when `required`, or one in the future is an
    error naming the row and the column (`field` when the report should use another name)."""
    text = df[column].str.strip_chars()
    parsed = (text.str.slice(0, 10) if fmt == "%Y-%m-%d" else text).str.to_date(fmt, strict=False)
    bad = parsed.is_null() if required else df[column].is_not_null() & parsed.is_null()
    if bad.any():
        layout = fmt.replace("%", "")
        raise InputError(path, f"expected a date as {layout}, found '{df.filter(bad)[column][0]}'", row=first_row(df, bad), column=field or column)
    future = (parsed > dt.date.today()).fill_null(False)
    if future.any():
        raise InputError(path, f"date {parsed.filter(future)[0]} is in the future", row=first_row(df, future), column=field or column)
    return parsed.alias(column)


def parse_numbers(
    df: pl.DataFrame, contract: Contract, path: Path, warnings: Warnings
) -> pl.DataFrame:
    """Turn each numeric field into Float64 plus `<field>__sym` keeping the suppression symbol."""
    symbols = list(SUPPRESSION_SYMBOLS)
    numeric = [f for f in contract.fields if f.kind != "text" and f.name in df.columns]
    exprs = []
    for f in numeric:
        raw = pl.col(f.name).str.strip_chars()
        is_symbol = raw.is_in(symbols)
        exprs.append(pl.when(is_symbol).then(None).otherwise(raw.str.replace_all(",", "").cast(pl.Float64, strict=False)).alias(f"{f.name}__num"))
        exprs.append(pl.when(is_symbol).then(raw).otherwise(None).alias(f"{f.name}__sym"))
    parsed = df.with_columns(exprs)
    for f in _fields_needing_a_look(parsed, numeric):
        raw = parsed[f.name].str.strip_chars()
        value = parsed[f"{f.name}__num"]
        present = raw.is_not_null() & (raw != "")
        bad = present & parsed[f"{f.name}__sym"].is_null() & value.is_null()
        if bad.any():
            raise InputError(
                path,
                f"expected a number or a suppression symbol ({', '.join(symbols)}), found '{raw.filter(bad)[0]}'",
                row=first_row(parsed, bad),
                column=f.name,
            )
        if len(raw) and parsed[f"{f.name}__sym"].is_not_null().all():
            warnings.add(path, f"column '{f.name}' is suppressed in every row ({', '.join(sorted(set(parsed[f'{f.name}__sym'].to_list())))})")
        thousands = raw.str.contains(THOUSANDS).fill_null(False)
        if thousands.any():
            warnings.add(path, f"column '{f.name}' has thousands separators (first at row {first_row(parsed, thousands)}); read as plain numbers")
        nonfinite = (value.is_nan() | value.is_infinite()).fill_null(False)
        if nonfinite.any():
            raise InputError(path, "expected a finite number", row=first_row(parsed, nonfinite), column=f.name)
        if f.kind in ("count", "percent", "rate"):
            negative = (value < 0).fill_null(False)
            if negative.any():
                raise InputError(path, f"a {f.kind} cannot be negative, found {value.filter(negative)[0]:g}", row=first_row(parsed, negative), column=f.name)
        if f.kind == "percent":
            over = (value > 100).fill_null(False)
            if over.any():
                raise InputError(path, f"a percentage cannot exceed 100, found {value.filter(over)[0]:g}", row=first_row(parsed, over), column=f.name)
    return parsed.drop([f.name for f in numeric]).rename({f"{f.name}__num": f.name for f in numeric})


def _fields_needing_a_look(parsed: pl.DataFrame, numeric: list[Field]) -> list[Field]:
    """One pass over every numeric column; only columns with something to report are examined further."""
    if not numeric or parsed.height == 0:
        return []
    checks = []
    for f in numeric:
        raw, num, sym = pl.col(f.name).str.strip_chars(), pl.col(f"{f.name}__num"), pl.col(f"{f.name}__sym")
        problem = (raw.is_not_null() & (raw != "") & sym.is_null() & num.is_null()) | raw.str.contains(THOUSANDS) | num.is_nan() | num.is_infinite()
        if f.kind in ("count", "percent", "rate"):
            problem = problem | (num < 0)
        if f.kind == "percent":
            problem = problem | (num > 100)
        checks.append((problem.fill_null(False).any() | sym.is_not_null().all()).alias(f.name))
    flags = parsed.select(checks).row(0, named=True)
    return [f for f in numeric if flags[f.name]]


def parse_years(df: pl.DataFrame, column: str, path: Path) -> pl.Series:
    """Reporting years as integers; a year that is not a plausible 4-digit year is an error."""
    raw = df[column].str.strip_chars()
    year = raw.cast(pl.Int32, strict=False)
    bad = year.is_null() | ~raw.str.contains(r"^\d{4}$").fill_null(False)
    if bad.any():
        found = df.filter(bad)[column][0]
        raise InputError(path, f"expected a 4-digit year, found '{found}'", row=first_row(df, bad), column=column)
    latest = dt.date.today().year + 1
    out_of_range = (year < 1990) | (year > latest)
    if out_of_range.any():
        raise InputError(
            path,
            f"year {year.filter(out_of_range)[0]} is outside 1990 to {latest}",
            row=first_row(df, out_of_range),
            column=column,
        )
    return year


def check_allowed(df: pl.DataFrame, contract: Contract, path: Path) -> None:
    for column, values in contract.allowed.items():
        if column not in df.columns:
            continue
        bad = ~df[column].is_in(list(values))
        if bad.any():
            raise InputError(
                path,
                f"unexpected value '{df.filter(bad)[column][0]}' (expected one of: {', '.join(values)})",
                row=first_row(df, bad),
                column=column,
            )


def check_unique(df: pl.DataFrame, key: list[str], path: Path) -> None:
    dup = (
        df.group_by(key)
        .agg(pl.col("_row").sort().alias("rows"))
        .filter(pl.col("rows").list.len() > 1)
        .sort(pl.col("rows").list.get(1))
    )
    if dup.height:
        first = dup.row(0, named=True)
        desc = ", ".join(f"{k}={first[k]}" for k in key)
        rows = first["rows"]
        raise InputError(path, f"duplicate key ({desc}) on rows {rows[0]} and {rows[1]}", row=rows[1])


def normalise_header(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("\ufeff", "")).strip()

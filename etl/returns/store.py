"""Write the local database: a new file beside the old one, checked, then renamed over it.
Never the published warehouse: that one is only ever opened read-only, for the population."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tomllib
import uuid
from pathlib import Path

import duckdb
import polars as pl

from etl import catalogue as published
from etl.returns.model import SCHEMAS, Return

HERE = Path(__file__).parent
LOCAL_SQL = HERE / "local.sql"
CATALOGUE = HERE / "catalogue.toml"
BANK_HOLIDAYS = HERE / "bank_holidays.toml"


class LocalBuildFailed(Exception):
    pass


def indicators() -> pl.DataFrame:
    raw = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))["indicator"]
    ids = {i.id for i in published.load()}
    return pl.DataFrame(
        [
            {"indicator_id": e["id"], "name": e["name"], "unit": e["unit"], "polarity": e["polarity"], "decimals": e["decimals"], "definition": e["definition"],
             "return_kind": e["return"], "rate_of": e.get("rate_of"), "published": e["id"] in ids, "sort_order": n}
            for n, e in enumerate(raw)
        ],
        schema_overrides={"decimals": pl.Int32, "sort_order": pl.Int32, "rate_of": pl.String},
    )


def calendar() -> pl.DataFrame:
    """Every day the bank holiday list covers, with a running count of working days."""
    raw = tomllib.loads(BANK_HOLIDAYS.read_text(encoding="utf-8"))
    holidays = {dt.date.fromisoformat(d) for d in raw["dates"]}
    day, last = dt.date(raw["first_year"], 1, 1), dt.date(raw["last_year"], 12, 31)
    rows, n = [], 0
    while day <= last:
        working = day.weekday() < 5 and day not in holidays
        n += working
        rows.append((day, working, n))
        day += dt.timedelta(days=1)
    return pl.DataFrame(rows, schema={"day": pl.Date, "working": pl.Boolean, "n": pl.Int32}, orient="row")


def sha256(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        with p.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def write(db: Path, returns: list[Return], area_code: str, population: pl.DataFrame) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".{db.name}.{uuid.uuid4().hex[:12]}.building")
    loaded_at = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("CREATE SCHEMA returns")
            log, tables = [], {}
            for rid, ret in enumerate(returns, start=1):
                log.append({"return_id": rid, "kind": ret.kind, "source_file": ret.source_file, "sha256": sha256(ret.paths), "area_code": area_code,
                            "la_number": ret.la_number, "time_period": ret.year, "spec_year": ret.spec_year, "loaded_at": loaded_at})
                for name, frame in ret.frames().items():
                    tables.setdefault(name, []).append(frame.with_columns(pl.lit(rid, pl.Int32).alias("return_id")))
            for name, schema in SCHEMAS.items():
                frame = pl.concat(tables[name]) if name in tables else pl.DataFrame(schema={**schema, "return_id": pl.Int32})
                con.from_arrow(frame.to_arrow()).create(f"returns.{name}")
            extra = {
                "return_log": pl.DataFrame(log, schema_overrides={"return_id": pl.Int32, "time_period": pl.Int32, "spec_year": pl.Int32, "la_number": pl.String}),
                "indicators": indicators(),
                "calendar": calendar(),
                "population": population,
            }
            for name, frame in extra.items():
                con.from_arrow(frame.to_arrow()).create(f"returns.{name}")
            con.execute(LOCAL_SQL.read_text(encoding="utf-8"))
            con.execute("COMMIT")
            _check(con)
        finally:
            con.close()
        os.replace(tmp, db)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)


def _check(con: duckdb.DuckDBPyConnection) -> None:
    bad = con.execute("SELECT count(*) FROM returns.unhashed_children").fetchone()[0]
    if bad:
        raise LocalBuildFailed(f"{bad} child ids in the returns tables are not hashed")
    n = con.execute("SELECT count(*) FROM local_indicator_values").fetchone()[0]
    if n == 0:
        raise LocalBuildFailed("local_indicator_values is empty")

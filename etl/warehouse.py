"""Write the warehouse: a new DuckDB file beside the old one, checked, then swapped in by one rename."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from etl import catalogue, checks, lait_measures, manifest, ofsted_tables, outcomes, publish
from etl.areas import registry
from etl.extract import Extracted
from etl.indicators import borrowed_figures, borrowed_warning, build_values, existing_areas_only, revisions
from etl.publications.lait import annual
from etl.publish import BuildFailed
from etl.reconcile import reconcile

VIEWS_SQL = Path(__file__).parent / "sql" / "views.sql"
MARTS_SQL = Path(__file__).parent / "sql" / "marts.sql"  # tables computed from the views, after them
COMMENTS_SQL = Path(__file__).parent / "sql" / "comments.sql"  # run last: after the views and marts
__all__ = ["BuildFailed", "Tables", "transform", "write"]
WARNING_SCHEMA = {"path": pl.String, "message": pl.String}
BUILD_INFO = ("CREATE TABLE warehouse.build_info (build_id VARCHAR, built_at TIMESTAMP, sources VARCHAR, files_loaded INTEGER, "
              "value_rows INTEGER, warnings INTEGER, version VARCHAR, losses INTEGER)")
SN_MODEL_RANK = {"sn_model_2025": 1, "lait_sn_groupings": 2, "sn_groupings": 3}


@dataclass
class Tables:
    tables: dict[str, pl.DataFrame]
    lait_rows: int = 0  # rows the LAIT measures add to the indicator_values view

    @property
    def values(self) -> pl.DataFrame:
        return self.tables["indicator_values"]

    @property
    def value_rows(self) -> int:
        """Rows of the public indicator_values view: the catalogue's and the LAIT measures' own."""
        return self.values.height + self.lait_rows

    @property
    def reconciliation(self) -> pl.DataFrame:
        return self.tables["reconciliation"]


def transform(ex: Extracted) -> Tables:
    """Typed frames -> the warehouse tables (nothing is written here)."""
    indicators = catalogue.load()
    # every LAIT measure at published precision, each row marked chosen or superseded (issue 11)
    dictionary = ex.frames.get("lait_dictionary")
    lait_all, places = lait_measures.prepare(ex.frames["lait"], dictionary) if "lait" in ex.frames else (None, {})
    lait_file = next((f.path for f in ex.files if f.publication == "lait"), "lait")  # where LAIT's warnings point
    if lait_all is not None:  # no row for an area in a year it did not exist, as for every publication
        kept = existing_areas_only(lait_all)
        if kept.height < lait_all.height:
            ex.warnings.add(lait_file, f"{lait_all.height - kept.height:,} empty LAIT cells for areas in years they did not exist are left out")
        lait_all, borrowed = borrowed_figures(kept, ["measure", "years"])
        if borrowed.height:
            ex.warnings.add(lait_file, borrowed_warning(borrowed))
    lait_annual = annual(lait_all) if lait_all is not None else None

    def older_annual(frame: pl.DataFrame, measures: list[str]) -> pl.DataFrame:
        """An older LAIT release, at the same published precision, for the revisions view."""
        return annual(lait_measures.prepare(frame, dictionary)[0], measures)

    values = build_values(indicators, ex.frames, lait_annual, ex.warnings)
    values = lait_measures.period_columns(values, lait_all, indicators)
    recon = reconcile(indicators, values, lait_annual, ex.releases)
    lait_tables = lait_measures.values_tables(lait_all, indicators) if lait_all is not None else _no_lait()
    lait_rows = lait_measures.own_rows(lait_tables)
    described = lait_measures.indicators_frame(
        catalogue.frame(indicators), indicators, dictionary, lait_rows, lait_measures.publication_urls(), places, ex.warnings
    )
    if lait_all is not None:  # a share over 100 for England: the unit is likely wrong, and is said
        units = dict(described.filter(pl.col("lait_measure").is_not_null()).select("lait_measure", "unit").iter_rows())
        for line in lait_measures.england_percentages_over_100(lait_all, units):
            ex.warnings.add(lait_file, f"{line}: a share cannot be over 100, so check its unit")
    tables: dict[str, pl.DataFrame] = {
        "areas": registry().frame(),
        "indicators": described,
        "outcomes": outcomes.frame(),
        "indicator_values": values,
        "reconciliation": recon,
        **ofsted_tables.build(ex.frames),
        "statistical_neighbours": _neighbours(ex.frames),
        "population": _population(ex.frames.get("population")),
        "assessment_factors": _factors(ex.frames.get("cin_assessment_factors")),
        **lait_tables,
        "revisions": revisions(indicators, ex.frames, lait_annual, values, ex.older, older_annual),
    }
    if "lait_dictionary" in ex.frames:
        tables["lait_dictionary"] = ex.frames["lait_dictionary"].drop("_row")
        _check_polarity(indicators, ex)
    return Tables(tables, int(lait_rows["rows"].sum()))


def _check_polarity(indicators: tuple[catalogue.Indicator, ...], ex: Extracted) -> None:
    lait_pol = dict(ex.frames["lait_dictionary"].select("measure", "polarity").iter_rows())
    mapping = {"High": "higher", "Low": "lower"}
    for ind in indicators:
        for src in ind.sources:
            theirs = mapping.get(lait_pol.get(src.get("lait", ""), "") or "")
            if theirs and theirs != ind.polarity:
                ex.warnings.add("catalogue", f"{ind.id} has polarity {ind.polarity} but LAIT's dictionary says {theirs} for {src['lait']}")


def _neighbours(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    parts = [frames[k].with_columns(pl.lit(rank).alias("model_rank")) for k, rank in SN_MODEL_RANK.items() if k in frames]
    if not parts:
        return pl.DataFrame(schema={"area_code": pl.String, "neighbour_code": pl.String, "neighbour_rank": pl.Int32, "closeness": pl.String, "model": pl.String, "source_file": pl.String, "model_rank": pl.Int32})
    return pl.concat(parts, how="vertical_relaxed")


def _population(df: pl.DataFrame | None) -> pl.DataFrame:
    if df is None:
        return pl.DataFrame(schema={"time_period": pl.Int32, "area_code": pl.String, "population_estimate": pl.Float64, "source_file": pl.String})
    return df.select("time_period", "area_code", "population_estimate", "source_file")


def _factors(df: pl.DataFrame | None) -> pl.DataFrame:
    schema = {"time_period": pl.Int32, "area_code": pl.String, "factor": pl.String, "value": pl.Float64, "suppression": pl.String, "source_file": pl.String}
    if df is None:
        return pl.DataFrame(schema=schema)
    factors = [c[: -len("__sym")] for c in df.columns if c.endswith("__sym")]
    values = df.unpivot(index=["time_period", "area_code", "source_file"], on=factors, variable_name="factor", value_name="value")
    symbols = df.unpivot(index=["time_period", "area_code"], on=[f"{f}__sym" for f in factors], variable_name="factor", value_name="suppression").with_columns(pl.col("factor").str.replace("__sym$", ""))
    return values.join(symbols, on=["time_period", "area_code", "factor"]).select(list(schema))


def _no_lait() -> dict[str, pl.DataFrame]:
    return {
        "lait_values": pl.DataFrame(schema={"measure_no": pl.Int16, "period_no": pl.Int16, "area_code": pl.String, "value": pl.Float64, "suppression": pl.String, "chosen": pl.Boolean}),
        "lait_measures": pl.DataFrame(schema={"measure_no": pl.Int16, "measure": pl.String, "indicator_id": pl.String}),
        "lait_periods": pl.DataFrame(schema={"period_no": pl.Int16, "years": pl.String, "time_period": pl.Int32, "period_years": pl.Int8, "revision": pl.String, "source_file": pl.String}),
    }


def write(db_path: Path, ex: Extracted, tables: Tables, sources: list[Path], allow_loss: bool = False) -> tuple[str, list[checks.Result], pl.DataFrame]:
    """Build into a temporary file beside db_path, close it, check it read-only, then rename it over db_path.

    The previous file is never modified: every failure (a check, a full disk, a failed checkpoint,
    data the previous build held and this one would lose) leaves it as it was.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in publish.remove_stale(db_path):
        ex.warnings.add(stale, "removed: a temporary file left by a build that was interrupted")
    build_id = uuid.uuid4().hex[:12]
    built_at = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)  # UTC
    if not tables.values["value"].is_not_null().any():
        raise BuildFailed("the sources give no indicator values at all, so the build would publish nothing useful")
    loaded: dict[str, int] = {}
    for f in ex.files:
        if f.status == "loaded" and f.publication:
            loaded[f.publication] = loaded.get(f.publication, 0) + f.rows
    with ThreadPoolExecutor(max_workers=1) as pool:
        before = pool.submit(publish.held, db_path)  # the database being replaced, read while the new one is written

        def judge(counts: pl.DataFrame) -> pl.DataFrame:
            """The new file's losses against the database it replaces, given its counts; refused
            unless allowed, so the new file is never swapped in."""
            old, unreadable = before.result()
            if unreadable:
                ex.warnings.add(db_path, unreadable)
            elif old is None:  # a first build has nothing to compare with: say what it lacks
                have = set(counts.filter(pl.col("n") > 0)["indicator_id"].to_list())
                lacking = [i for i in tables.tables["indicators"]["indicator_id"].to_list() if i not in have]
                if lacking:
                    ex.warnings.add("catalogue", f"first build: no values for {len(lacking)} catalogue indicators ({', '.join(lacking)}); are all the publications in the sources?")
            losses = publish.losses(old, loaded, counts)
            if losses.height and not allow_loss:
                raise publish.LossRefused(losses)
            return losses

        try:
            with publish.Building(db_path, build_id) as tmp:
                losses = _write_file(tmp, build_id, built_at, ex, tables, sources, judge)
                results = publish.verify(tmp, build_id, losses.height)
                failed = [r for r in results if not r[1]]
                if failed:
                    raise BuildFailed("the new database failed its checks: " + "; ".join(f"{name}: {msg}" for name, _, msg in failed))
                publish.swap(tmp, db_path)
        except OSError as e:  # the lock or temporary file beside the database (a full disk, permissions)
            raise BuildFailed(f"the new database could not be written ({e})") from None
    return build_id, results, losses


def _write_file(tmp: Path, build_id: str, built_at: dt.datetime, ex: Extracted, tables: Tables, sources: list[Path],
                judge: Callable[[pl.DataFrame], pl.DataFrame]) -> pl.DataFrame:
    """Write every table and view into tmp, judge its losses from its own counts, commit and
    checkpoint; any error (a full disk included, in the checkpoint or in closing) fails the build.
    The tables that describe the build are filled last, once its losses and warnings are known."""
    try:
        con = duckdb.connect(str(tmp))
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute("CREATE SCHEMA warehouse")
            # a shipped file's publisher, release and page, from its folder's manifest: a reader citing a figure needs them
            log = pl.DataFrame([f.__dict__ for f in ex.files]).with_columns(
                pl.lit(build_id).alias("build_id"), pl.lit(built_at).alias("built_at")
            ).join(manifest.by_checksum(sources), on="sha256", how="left")
            for name, frame in {**tables.tables, "load_log": log, "build_warnings": pl.DataFrame(schema=WARNING_SCHEMA),
                                "build_losses": pl.DataFrame(schema=publish.LOSS_SCHEMA)}.items():
                con.from_arrow(frame.to_arrow()).create(f"warehouse.{name}")
            con.execute(BUILD_INFO)
            con.execute(VIEWS_SQL.read_text(encoding="utf-8"))
            # the mart reads these tables committed: its own table is then written as it is computed,
            # not all at the end (0.13 s of a 1.9 s build, measured); the file is only swapped in whole
            con.execute("COMMIT")
            con.execute("BEGIN TRANSACTION")
            con.execute(MARTS_SQL.read_text(encoding="utf-8"))
            losses = judge(publish.counts(con))
            con.from_arrow(losses.to_arrow()).insert_into("warehouse.build_losses")
            warn = pl.DataFrame(ex.warnings.items, schema=WARNING_SCHEMA, orient="row")
            con.from_arrow(warn.to_arrow()).insert_into("warehouse.build_warnings")
            con.execute(
                "INSERT INTO warehouse.build_info VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [build_id, built_at, "; ".join(str(s.resolve()) for s in sources), sum(f.status == "loaded" for f in ex.files), tables.value_rows, len(ex.warnings), checks.LAYOUT_VERSION, losses.height],
            )
            con.execute(publish.SQL.read_text(encoding="utf-8"))
            con.execute(COMMENTS_SQL.read_text(encoding="utf-8"))
            con.execute("COMMIT")
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except duckdb.Error as e:
        raise BuildFailed(f"the new database could not be written ({publish.first_line(e)})") from None
    return losses

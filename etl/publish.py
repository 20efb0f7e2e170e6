"""Publishing a new warehouse safely: compare it with the one it replaces, write it beside it under a
lock, check it read-only after it is closed, and only then rename it over the old file.

Temporary files are `.NAME.ID.building` (and DuckDB's `.building.wal`) beside the database, with
`.NAME.ID.lock` held (flock) for as long as the build runs; a later build removes the files of a
build whose lock nobody holds any more (it was killed).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

import duckdb
import polars as pl

from etl import checks

SQL = Path(__file__).parent / "sql" / "publish.sql"
DROP_TOLERANCE = 0.01  # a fall of more than 1% in an indicator's non-null values is a loss
SHOWN = 40  # rows of the loss table printed
LOSS_SCHEMA = {"kind": pl.String, "publication": pl.String, "indicator_id": pl.String, "time_period": pl.Int32, "before": pl.Int64, "after": pl.Int64}


class BuildFailed(Exception):
    """The new database cannot be published; the previous one is untouched."""


class LossRefused(BuildFailed):
    """The new build holds less than the database it would replace."""

    def __init__(self, losses: pl.DataFrame) -> None:
        self.losses = losses
        super().__init__(
            "this build would publish less than the database it replaces:\n"
            + loss_table(losses)
            + "\nIf the loss is intended, run the build again with --allow-loss; it is then recorded in build_info and the build_losses view."
        )


def first_line(e: BaseException) -> str:
    return (str(e).splitlines() or [type(e).__name__])[0][:300]


def loss_table(losses: pl.DataFrame) -> str:
    rows = [("what", "publication", "indicator", "year", "before", "after")]
    for kind, pub, ind, year, before, after in losses.head(SHOWN).iter_rows():
        rows.append((kind, pub or "-", ind or "-", str(year) if year is not None else "-", f"{before:,}", f"{after:,}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  " + "  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if losses.height > SHOWN:
        lines.append(f"  ... and {losses.height - SHOWN} more")
    return "\n".join(lines)


def attach(path: Path, alias: str = "published") -> duckdb.DuckDBPyConnection:
    """A read-only connection to the file as it is on disk now (a fresh instance, not DuckDB's cached
    one, and no replacement scans): the one way every reader of a warehouse opens it."""
    con = duckdb.connect(":memory:", config={"python_enable_replacements": False})
    try:
        con.execute("ATTACH '" + str(path.resolve()).replace("'", "''") + f"' AS {alias} (READ_ONLY)")
        con.execute(f"USE {alias}")
    except duckdb.Error:
        con.close()
        raise
    return con


# non-null values per indicator and year of the public indicator_values view (the catalogue's values
# and the chosen revision of every LAIT measure no catalogue indicator carries), read the same way
# from the database being replaced and from the new one
COUNTS_SQL = "SELECT indicator_id, time_period, count(value) AS n FROM indicator_values GROUP BY 1, 2"
COUNT_SCHEMA = {"indicator_id": pl.String, "time_period": pl.Int32, "n": pl.Int64}
Held = tuple[dict[str, int], pl.DataFrame]  # rows loaded per publication, and COUNTS_SQL's answer


def counts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return pl.DataFrame(con.execute(COUNTS_SQL).fetchall(), schema=COUNT_SCHEMA, orient="row")


def held(db_path: Path) -> tuple[Held | None, str | None]:
    """What the database at db_path holds, or why it cannot be read; (None, None) when there is no
    database yet (a first build)."""
    if not db_path.exists():
        return None, None
    try:
        con = attach(db_path)
        try:
            pubs = dict(con.execute("SELECT publication, sum(rows) FROM load_log WHERE status = 'loaded' AND publication IS NOT NULL GROUP BY 1").fetchall())
            return (pubs, counts(con)), None
        finally:
            con.close()
    except duckdb.Error as e:
        return None, f"the database being replaced cannot be read, so nothing was compared with it ({first_line(e)})"


def losses(old: Held | None, loaded: dict[str, int], new: pl.DataFrame) -> pl.DataFrame:
    """What the old database held that the new build does not: publications, indicators,
    indicator-years, or more than 1% of an indicator's non-null values. Empty on a first build."""
    if old is None:
        return pl.DataFrame(schema=LOSS_SCHEMA)
    old_pubs, old_counts = old
    rows: list[tuple[str, str | None, str | None, int | None, int, int]] = []
    for pub in sorted(set(old_pubs) - set(loaded)):
        rows.append(("publication", pub, None, None, int(old_pubs[pub] or 0), 0))
    both = old_counts.filter(pl.col("n") > 0).join(new, on=["indicator_id", "time_period"], how="left", suffix="_new").with_columns(pl.col("n_new").fill_null(0))
    totals = both.group_by("indicator_id").agg(pl.col("n").sum(), pl.col("n_new").sum()).sort("indicator_id")
    new_totals = dict(new.group_by("indicator_id").agg(pl.col("n").sum()).iter_rows())
    years_lost: dict[str, list[tuple[int, int, int]]] = {}
    for ind, year, n_before, n_after in both.filter(pl.col("n_new") == 0).sort("indicator_id", "time_period").iter_rows():
        years_lost.setdefault(ind, []).append((int(year), int(n_before), int(n_after)))
    for ind, before, _ in totals.iter_rows():
        after = int(new_totals.get(ind, 0))
        if after == 0:
            rows.append(("indicator", None, ind, None, int(before), 0))
            continue
        rows.extend(("indicator_year", None, ind, *lost) for lost in years_lost.get(ind, []))
        if after < before * (1 - DROP_TOLERANCE):
            rows.append(("values", None, ind, None, int(before), after))
    return pl.DataFrame(rows, schema=LOSS_SCHEMA, orient="row")


class Building:
    """The temporary file of one build, with a lock held while the build runs."""

    def __init__(self, db_path: Path, build_id: str) -> None:
        self.tmp = db_path.with_name(f".{db_path.name}.{build_id}.building")
        self.lock = db_path.with_name(f".{db_path.name}.{build_id}.lock")
        self._fd: int | None = None

    def __enter__(self) -> Path:
        self._fd = os.open(self.lock, os.O_CREAT | os.O_RDWR, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        os.write(self._fd, str(os.getpid()).encode())
        return self.tmp

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        # after a successful swap the temporary file is the database; otherwise it and its WAL
        # belong to this failed build alone and hold nothing the previous database needs
        for leftover in (self.tmp, wal(self.tmp)):
            leftover.unlink(missing_ok=True)
        self.lock.unlink(missing_ok=True)
        if self._fd is not None:
            os.close(self._fd)


def wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def remove_stale(db_path: Path) -> list[Path]:
    """Remove the temporary files of builds that were killed (their lock is free); keep running builds'."""
    prefix = f".{db_path.name}."
    removed: list[Path] = []
    ids = {p.name[len(prefix):].split(".", 1)[0] for p in db_path.parent.glob(f"{prefix}*") if p.name.endswith((".building", ".building.wal", ".lock"))}
    for build_id in sorted(ids):
        lock = db_path.with_name(f"{prefix}{build_id}.lock")
        fd = None
        try:
            if lock.exists():
                fd = os.open(lock, os.O_RDWR)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a build still running holds it
            tmp = db_path.with_name(f"{prefix}{build_id}.building")
            for leftover in (tmp, wal(tmp), lock):
                if leftover.exists():
                    leftover.unlink()
                    removed.append(leftover)
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def verify(tmp: Path, build_id: str, losses: int) -> list[checks.Result]:
    """Checks run on the closed file, opened read-only: what a reader will see after the swap."""
    if wal(tmp).exists():
        return [("checkpointed", False, f"{wal(tmp).name} is still there after the checkpoint, so the file is incomplete")]
    try:
        con = attach(tmp)
        try:
            results = checks.run_all(con)
            info = con.execute("SELECT build_id, losses FROM build_info").fetchall()
            same = info == [(build_id, losses)]
            results.append(("build_info", same, "build_info describes this build" if same else f"build_info holds {info}, expected build {build_id}"))
        finally:
            con.close()
    except duckdb.Error as e:
        return [("readable", False, f"the closed file cannot be read back ({first_line(e)})")]
    return results


def _fsync(path: Path, flags: int = os.O_RDONLY) -> None:
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap(tmp: Path, db_path: Path) -> None:
    """Rename the checked file over the database in one step."""
    if wal(db_path).exists():
        raise BuildFailed(
            f"{wal(db_path)} is beside the database and may hold changes that are only there; "
            "open the database once with duckdb to apply it (or move it away), then build again"
        )
    try:
        _fsync(tmp)
        os.replace(tmp, db_path)
        _fsync(db_path.parent)
    except OSError as e:
        raise BuildFailed(f"the new database could not be put in place ({e})") from None

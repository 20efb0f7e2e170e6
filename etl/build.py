"""The build and check commands: extract, transform, write, and a summary for people."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.extract import Extracted, Progress, extract
from etl.publish import loss_table
from etl.warehouse import Tables, transform
from etl.writer import Writer


@dataclass
class Summary:
    extracted: Extracted
    tables: Tables
    seconds: float
    build_id: str | None = None
    losses: pl.DataFrame | None = None

    def lines(self) -> list[str]:
        ex, values = self.extracted, self.tables.values
        loaded = [f for f in ex.files if f.status == "loaded"]
        skipped = [f for f in ex.files if f.status == "skipped"]
        superseded = [f for f in ex.files if f.status == "superseded"]
        revised = self.tables.tables["revisions"]
        present = values.filter(pl.col("value").is_not_null())
        years = f"{present['time_period'].min()} to {present['time_period'].max()}" if present.height else "none"
        recon = self.tables.reconciliation
        disagree = recon.filter(~pl.col("within_tolerance"))
        out = [
            f"files recognised: {len(loaded) + len(superseded)} ({len(superseded)} superseded by newer releases, {len(skipped)} skipped)",
            f"rows read: {sum(f.rows for f in loaded):,}",
            f"indicator values: {values.height:,} rows, {values['indicator_id'].n_unique()} catalogue indicators, years {years}",
            f"LAIT measures as their own indicators: {self.tables.lait_rows:,} rows, {self.tables.tables['indicators'].height - values['indicator_id'].n_unique()} indicators",
            f"suppressed or unavailable: {values['value'].null_count():,}",
            f"reconciliation: {recon.height:,} figures compared, {disagree.height} beyond rounding",
            f"revisions: {revised.height:,} figures differ between releases for the same year",
            self._ofsted_line(),
            f"warnings: {len(ex.warnings)}",
        ]
        for path, msg in ex.warnings.items:
            out.append(f"  warning: {path}: {msg}")
        if disagree.height:
            by = disagree.group_by("indicator_id", "other_source").agg(pl.len().alias("n"), pl.col("difference").max().alias("max")).sort("indicator_id")
            for ind, other, n, mx in by.iter_rows():
                out.append(f"  disagreement: {ind} vs {other}: {n} figures differ by more than rounding (largest {mx:g})")
        if self.losses is not None and self.losses.height:
            out.append(f"data lost on purpose (--allow-loss), recorded in build_losses:\n{loss_table(self.losses)}")
        out.append(f"time: {self.seconds:.2f}s")
        return out

    def _ofsted_line(self) -> str:
        recon = self.tables.tables.get("ofsted_reconciliation")
        if recon is None or recon.height == 0:
            return "ofsted overview: not loaded"
        n = dict(recon.group_by("status").len().iter_rows())
        return (
            f"ofsted overview (third party) against the official files: {recon.height} inspections, "
            f"{n.get('agree', 0)} agree, {n.get('differ', 0)} differ, "
            f"{n.get('only in overview', 0)} only in the overview (published by Ofsted, not yet in the official statistics)"
        )


def run(sources: list[Path], db: Path | None, progress: Progress = print, tick: Callable[[Path], None] | None = None, allow_loss: bool = False) -> Summary:
    """Build into db, or only validate when db is None."""
    started = time.perf_counter()
    ex = extract(sources, progress, tick)
    if db is None:
        return Summary(ex, transform(ex), time.perf_counter() - started)
    with Writer(db, sources, allow_loss) as writer:  # the new file is written as the transform hands tables over
        tables = transform(ex, writer.hand_over)
        build_id, _, losses = writer.finish(ex, tables)
    return Summary(ex, tables, time.perf_counter() - started, build_id, losses)

"""Polarity-aware analysis: ranks, quartile bands and direction of travel, in one place."""

from __future__ import annotations

import polars as pl

BANDS = ("A", "B", "C", "D")
NEUTRAL_BANDS = ("Q1 (lowest)", "Q2", "Q3", "Q4 (highest)")


def better_is_higher(polarity: str) -> bool | None:
    return {"higher": True, "lower": False}.get(polarity)


def rank_and_band(df: pl.DataFrame, polarity: str, value: str = "value") -> pl.DataFrame:
    """Add `rank` (1 = best, or 1 = lowest for neutral indicators) and `quartile`.

    Quartile bands follow polarity: A is the best quarter and D the worst. For neutral
    indicators the bands run from the lowest quarter to the highest. Ties share a rank.
    Rows without a value get neither.
    """
    higher = better_is_higher(polarity)
    descending = bool(higher)
    ranked = pl.col(value).rank(method="min", descending=descending)
    n = pl.col(value).count()
    # LAIT-style banding: position in the ordered list split into four equal groups
    position = pl.col(value).rank(method="min", descending=descending)
    band_index = ((position - 1) * 4 / n).floor().cast(pl.Int32).clip(0, 3)
    labels = BANDS if higher is not None else NEUTRAL_BANDS
    return df.with_columns(
        pl.when(pl.col(value).is_not_null()).then(ranked).cast(pl.Int32).alias("rank"),
        pl.when(pl.col(value).is_not_null())
        .then(band_index.replace_strict(dict(enumerate(labels)), return_dtype=pl.String))
        .alias("quartile"),
    )


def direction(change: float | None, polarity: str) -> str:
    """'improving', 'declining', 'no change', 'up', 'down' (neutral) or 'n/a'."""
    if change is None:
        return "n/a"
    if abs(change) < 1e-9:
        return "no change"
    higher = better_is_higher(polarity)
    if higher is None:
        return "up" if change > 0 else "down"
    return "improving" if (change > 0) == higher else "declining"


def is_worse(a: float, b: float, polarity: str) -> bool | None:
    """Is a worse than b? None for neutral indicators."""
    higher = better_is_higher(polarity)
    if higher is None:
        return None
    return a < b if higher else a > b

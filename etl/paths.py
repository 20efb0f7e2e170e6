"""Where the warehouse and the published files live; OVERSIGHT_DB overrides the database everywhere."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "oversight.duckdb"
PUBLISHED = ROOT / "data" / "published"
RAW = ROOT / "data" / "raw"
DEFAULT_SOURCE = RAW  # where a user drops newer downloads, and where `fetch` writes

# Sub-folders of data/published/ that the default build leaves out until their readers land.
# Empty: the default build reads data/published/ as a whole.
PUBLISHED_HELD_BACK: tuple[str, ...] = ()


def published_sources() -> list[Path]:
    """The bundled published files, as the default build reads them."""
    if not PUBLISHED_HELD_BACK:
        return [PUBLISHED]
    return [p for p in sorted(PUBLISHED.iterdir()) if p.is_dir() and p.name not in PUBLISHED_HELD_BACK]


def default_sources() -> list[Path]:
    """What `build` and `check` read with no --source: the bundled files, plus data/raw/ if it exists."""
    return published_sources() + ([RAW] if RAW.is_dir() else [])


def db_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("OVERSIGHT_DB")
    return Path(env) if env else DEFAULT_DB

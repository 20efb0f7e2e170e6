"""Where the warehouse and the raw files live; OVERSIGHT_DB overrides the database everywhere."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "oversight.duckdb"
DEFAULT_SOURCE = ROOT / "data" / "raw"


def db_path(explicit: str | Path | None = None) -> Path:
    if explicit:
        return Path(explicit)
    env = os.environ.get("OVERSIGHT_DB")
    return Path(env) if env else DEFAULT_DB

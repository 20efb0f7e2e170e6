"""oversight report --year YEAR --out DIR [--area CODE]: the annual report pack, or one LA's scrutiny pack, from the warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from etl import publish
from etl.errors import InputError
from oversight import db as database
from oversight import queries

NEEDS_FOR_PDF = "apt-get install chromium; pip install -r requirements-dev.txt"


def report(db: Path, year: int, out: Path, quiet: bool = False, area: str | None = None) -> int:
    from oversight.report import write_pack
    from oversight.scrutiny import ended_before, not_yet_formed, write_scrutiny

    try:
        con = database.connect(db)
    except database.DatabaseMissing:
        raise InputError(db, "no database here; build it first with oversight build") from None
    except database.DatabaseError as e:
        raise InputError(db, e.problem + ". " + database.HINT) from None
    try:
        years = queries.years(con, "referrals_count")
        if year not in years:
            raise InputError(db, f"no figures for {year}; the warehouse holds {min(years)} to {max(years)}" if years else f"no figures for {year}; the warehouse holds no referral figures")
        if area is not None:
            las = queries.areas(con).filter(pl.col("geographic_level") == "Local authority")  # a former authority too, for its own years
            if area not in set(las["area_code"].to_list()):
                raise InputError(db, f"no local authority with the code {area!r}")
            if why := not_yet_formed(con, area, year) or ended_before(con, area, year):
                raise InputError(db, why)
            files = write_scrutiny(con, year, area, out)
        else:
            files = write_pack(con, year, out)
    except duckdb.Error as e:
        raise InputError(db, f"cannot be read ({publish.first_line(e)}). {database.HINT}") from None
    finally:
        con.close()
    if not quiet:
        for f in files:
            print(f"wrote {f} ({f.stat().st_size:,} bytes)")
        if not any(f.suffix == ".pdf" for f in files):
            print(f"no PDF written: printing one needs Chromium and Playwright ({NEEDS_FOR_PDF}); the HTML holds the same pack")
    return 0

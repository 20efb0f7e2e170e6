"""`returns --source DIR [--la CODE] [--db PATH] [--warehouse PATH]`: read the returns, write the
local database (default data/local.duckdb). The published warehouse is only read."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from etl.areas import UnknownArea, registry
from etl.errors import InputError
from etl.paths import ROOT
from etl.returns import cin, population, ssda903, store
from etl.returns.model import TITLES, Return
from etl.returns.privacy import salt_for
from etl.returns.problems import VALIDATORS, ReturnError
from etl.returns.xmlread import root_tag

DEFAULT_LOCAL_DB = ROOT / "data" / "local.duckdb"


def local_db_path(explicit: Path | None = None) -> Path:
    """The local database: --db, else $OVERSIGHT_LOCAL_DB, else data/local.duckdb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("OVERSIGHT_LOCAL_DB")
    return Path(env) if env else DEFAULT_LOCAL_DB


def run(sources: list[Path], la: str | None = None, db: Path | None = None, warehouse: Path | None = None) -> int:
    """Read every return under sources, write the local database; 0 on success, 2 on bad input."""
    from etl.paths import db_path

    db = local_db_path(db)
    warehouse = warehouse or db_path()
    try:
        if db.resolve() == warehouse.resolve():
            raise ReturnError(db, "the local database must not be the published warehouse; give another --db", in_the_return=False)
        returns = load(sources, salt_for(db))
        area = authority(returns, la)
        pop, warning = population.read(warehouse, area)
        if warning:
            print(f"warning: {warning}")
        store.write(db, returns, area, pop)
    except InputError as e:
        pointer = f"\n{VALIDATORS}" if getattr(e, "in_the_return", True) else ""  # only where the return's content is wrong
        print(f"error: {e.describe()}{pointer}\nThe local database, if any, is unchanged.", file=sys.stderr)
        return 2
    except store.LocalBuildFailed as e:
        print(f"error: the new local database failed its checks: {e}\nThe local database, if any, is unchanged.", file=sys.stderr)
        return 3
    for ret in returns:
        print(f"loaded {TITLES[ret.kind]} {ret.year - 1}-{str(ret.year)[2:]} (specification {ret.spec_year - 1}-{str(ret.spec_year)[2:]}): {ret.source_file}")
    print(f"wrote {db} for {registry().areas[area].area_name} ({area})")
    return 0


def files(sources: list[Path]) -> list[Path]:
    out: list[Path] = []
    for s in sources:
        if not s.exists():
            raise ReturnError(s, "no such file or folder")
        out.extend(sorted(p for p in s.rglob("*") if p.is_file() and not p.name.startswith(".")) if s.is_dir() else [s])
    return out


def load(sources: list[Path], salt: bytes) -> list[Return]:
    """Every return found, recognised by content (never by file name)."""
    returns: list[Return] = []
    tables: dict[Path, dict[str, Path]] = {}
    for path in files(sources):
        tag = root_tag(path)
        if tag == "Message":
            returns.append(cin.read(path, salt))
        elif tag == "EXPSSDA903":
            returns.append(ssda903.read_xml(path, salt))
        elif tag is None and (name := ssda903.csv_table(path)):
            folder = tables.setdefault(path.parent, {})
            if name in folder:
                raise ReturnError(path, f"a second {name} table in {path.parent} (the other is {folder[name].name}); one return per folder", table=name)
            folder[name] = path
        else:
            print(f"skipped {path}: not a CIN census or SSDA903 file")
    returns.extend(ssda903.read_tables(t, salt) for t in tables.values())
    if not returns:
        raise ReturnError(", ".join(map(str, sources)), "no CIN census XML or SSDA903 return found")
    seen: dict[tuple[str, int], Return] = {}
    for ret in returns:
        other = seen.setdefault((ret.kind, ret.year), ret)
        if other is not ret:
            raise ReturnError(ret.paths[0], f"a second {TITLES[ret.kind]} return for {ret.year - 1}-{str(ret.year)[2:]} (the other is {other.source_file}); load one return per year")
    return returns


def authority(returns: list[Return], la: str | None) -> str:
    """The one LA the returns belong to: from the CIN census <LEA>, otherwise from --la."""
    reg = registry()
    found: dict[str, str] = {}
    for ret in returns:
        if ret.la_number:
            try:
                found.setdefault(reg.by_old_code(ret.la_number), ret.source_file)
            except UnknownArea:
                raise ReturnError(ret.paths[0], f"LEA '{ret.la_number}' is not a known LA number (etl/reference/areas.csv)", table="Header", field="LEA") from None
    if la:
        try:
            code = reg.by_old_code(la) if la.strip().isdigit() else reg.by_ons_code(la)
        except UnknownArea:
            raise ReturnError("--la", f"'{la}' is not a known LA number or ONS code", in_the_return=False) from None
        if reg.areas[code].geographic_level != "Local authority":
            raise ReturnError("--la", f"'{la}' is not a local authority", in_the_return=False)
        found.setdefault(code, "--la")
    if len(found) > 1:
        shown = "; ".join(f"{c} from {src}" for c, src in found.items())
        raise ReturnError(returns[0].paths[0], f"the returns name more than one LA ({shown}); load one authority's returns at a time")
    if not found:
        raise ReturnError(returns[0].paths[0], "an SSDA903 return does not say which LA it is: give --la (3-digit LA number or ONS code)", in_the_return=False)
    code = next(iter(found))
    first, last = reg.first_years().get(code), reg.areas[code].last_year
    for ret in returns:  # a return of a year the authority did not exist in is another authority's
        if (first and ret.year < first) or (last and ret.year > last):
            span = f"reported from {first - 1}-{str(first)[2:]}" if first and ret.year < first else f"last reported for {last - 1}-{str(last)[2:]}"
            raise ReturnError(ret.paths[0], f"{reg.areas[code].area_name} ({code}) {span}, after a boundary change, so a {ret.year - 1}-{str(ret.year)[2:]} "
                                            f"return cannot be its own (from {found[code]}); check the authority")
    return code

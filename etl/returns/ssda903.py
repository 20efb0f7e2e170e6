"""The SSDA903 children looked after return: CSV tables (one per file, recognised by their
columns) or one XML file. No LA and no year in it: the LA comes from --la, the collection year
from the episodes (the year to the 31 March on or after the latest DECOM)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from etl.returns import spec
from etl.returns.fields import Checker
from etl.returns.model import Return
from etl.returns.privacy import child_hash
from etl.returns.problems import ReturnError
from etl.returns.xmlread import XmlProblem, records

NEEDED = ("Header", "Episodes")
USED = ("Episodes", "Missing", "OC3")
XML_NAMES = {"CHILDID": "CHILD", "PL": "PLACE"}
# (where: row, and line for XML, where row is the child's position in the file; the row's fields)
Rows = dict[str, list[tuple[dict[str, int], dict[str, str]]]]


def csv_table(path: Path) -> str | None:
    """Which 903 table a CSV file is, from its header row, in any specification year."""
    columns = header_row(path)
    if columns is None:
        return None
    for _, raw in spec.files("ssda903"):
        for name, table in raw.get("tables", {}).items():
            if table.get("columns") and set(table["columns"]) == set(columns):
                return name
    return None


def header_row(path: Path) -> list[str] | None:
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as f:
        first = f.readline(65536)
    return [c.strip() for c in next(csv.reader([first]))] if first.strip() else None


def read_tables(tables: dict[str, Path], salt: bytes) -> Return:
    """A return from its CSV tables (name -> file)."""
    folder = next(iter(tables.values())).parent
    for name in NEEDED:
        if name not in tables:
            cols = ", ".join(spec.files("ssda903")[0][1]["tables"][name]["columns"])
            raise ReturnError(folder, f"the SSDA903 return has no {name} table (a CSV file with columns {cols}); found {', '.join(sorted(tables))}", table=name)
    rows: Rows = {}
    for name in USED:
        if name in tables:
            with tables[name].open(encoding="utf-8-sig", newline="") as f:
                rows[name] = [({"row": n}, {k.strip(): (v or "") for k, v in r.items() if k}) for n, r in enumerate(csv.DictReader(f), start=2)]
    used = [tables[t] for t in (*NEEDED, *USED) if t in tables]
    return _build(list(dict.fromkeys(used)), {t: tables[t] for t in rows}, rows, salt)


def read_xml(path: Path, salt: bytes) -> Return:
    rows: Rows = {"Episodes": [], "Missing": [], "OC3": []}
    try:
        for n, child in enumerate(records(path, "CHILD", lambda *a: None), start=1):
            head = child.find("HEADER")
            fields = head.leaves() if head else {}
            cid = fields.get("CHILDID", "")
            for ep in child.all("EPISODE"):
                rows["Episodes"].append(({"row": n, "line": ep.line}, {"CHILD": cid, **{XML_NAMES.get(k, k): v for k, v in ep.leaves().items()}}))
            for miss in head.all("AMISSING") if head else []:
                rows["Missing"].append(({"row": n, "line": miss.line}, {"CHILD": cid, **miss.leaves()}))
            if head and any(k in fields for k in ("IN_TOUCH", "ACTIV", "ACCOM")):
                rows["OC3"].append(({"row": n, "line": head.line}, {"CHILD": cid, **fields}))
    except XmlProblem as e:
        raise ReturnError(path, str(e), line=e.line) from None
    if not rows["Episodes"]:
        raise ReturnError(path, "the SSDA903 file has no <EPISODE> records", table="Episodes")
    return _build([path], {t: path for t in rows}, rows, salt)


def _year(where: dict[str, Path], rows: Rows) -> int:
    first = spec.files("ssda903")[0][1]
    chk = Checker(where["Episodes"], {**first, "year": first["year"]})
    latest = max(chk.date("Episodes", "DECOM", r.get("DECOM", ""), **at) or dt.date.min for at, r in rows["Episodes"])
    return latest.year + (1 if (latest.month, latest.day) > (3, 31) else 0)


def _build(paths: list[Path], where: dict[str, Path], rows: Rows, salt: bytes) -> Return:
    year = _year(where, rows)
    if year < spec.first_year("ssda903"):
        raise ReturnError(where["Episodes"], f"the episodes end in the {year - 1}-{str(year)[2:]} collection year, older than the first SSDA903 specification held", table="Episodes", field="DECOM")
    ret = Return("ssda903", paths, None, year, spec.spec_year("ssda903", year))
    in_force = spec.for_year("ssda903", year)
    said = "the latest DECOM in the episodes gives"
    out: dict[str, list[dict[str, Any]]] = {"cla_episodes": [], "cla_missing": [], "cla_care_leavers": []}
    for name, found in rows.items():
        chk = Checker(where[name], in_force)
        for at, raw in found:
            v = chk.row(name, raw, **at)
            who = child_hash(salt, raw["CHILD"]) if raw.get("CHILD", "").strip() else None
            if who is None:
                raise ReturnError(where[name], "CHILD is blank", table=name, field="CHILD", **at)
            if name == "Episodes":
                if v["DEC"] and v["DEC"] < v["DECOM"]:
                    raise ReturnError(where[name], f"DEC {v['DEC']} is before DECOM {v['DECOM']}", table=name, field="DEC", **at)
                out["cla_episodes"].append({"child": who, "decom": v["DECOM"], "rne": v["RNE"], "ls": v["LS"], "place": v["PLACE"], "dec": v["DEC"], "rec": v["REC"]})
            elif name == "Missing":
                chk.after_year_end(name, "MIS_START", v["MIS_START"], said_by=said, **at)
                out["cla_missing"].append({"child": who, "missing": v["MISSING"], "start_date": v["MIS_START"], "end_date": v["MIS_END"]})
            else:
                out["cla_care_leavers"].append({"child": who, "in_touch": v.get("IN_TOUCH"), "activ": v.get("ACTIV"), "accom": v.get("ACCOM")})
    ret.rows = out
    return ret

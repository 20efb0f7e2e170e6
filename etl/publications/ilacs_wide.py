"""The ILACS history of Ofsted outcome workbooks to March 2024, in the layout of later releases.

The 2024 release ('LA_Inspection_Outcomes_as_at_March_2024.ods', sheet
'ILACS_inspections_2018-2024') gives one row per LA with 'First ILACS ...' and 'Second ILACS ...'
column groups, a second table for LAs that no longer exist ('ILACS framework ...' columns), names
but no area codes, and publication dates but no inspection dates. This module turns it into one
row per inspection with the 2025 release's columns: codes from the LA name, the inspection date
from the sheet of inspections as at 31 March where it is the LA's latest inspection, and no
inspection date where the release does not give one.
"""

from __future__ import annotations

import re
from pathlib import Path

from etl.areas import AreaRegistry, UnknownArea
from etl.errors import InputError

GROUPS = ("first ilacs", "second ilacs", "third ilacs", "ilacs framework")
SUFFIXES = {
    "publication date": "Publication date",
    "inspection type": "Inspection type",
    "overall effectiveness": "Overall effectiveness",
    "impact of leaders": "The impact of leaders on social work practice with children and families",
    "experiences and progress of children who need help and protection": "The experiences and progress of children who need help and protection",
    "experiences and progress of children in care": "The experiences and progress of children in care",
    "experiences and progress of care leavers": "The experiences and progress of care leavers",
}
LONG_HEADER = ["Local authority area code", "Local authority name", "Inspection date", *SUFFIXES.values()]


def is_wide(row: list[str]) -> bool:
    keys = [k.lower().strip() for k in row]
    return "local authority name" in keys and any(k.startswith(GROUPS) for k in keys)


def name_key(name: str) -> str:
    """'Bristol, City of', 'Bristol' and 'bristol' are one LA; so are 'St. Helens' and 'St Helens'."""
    key = name.split(",")[0].lower().replace("&", "and").replace(".", "")
    key = re.sub(r"^county ", "", re.sub(r"\s+", " ", key).strip())
    return re.sub(r" borough$", "", key)  # Bedford Borough


def _columns(row: list[str]) -> dict[str, dict[str, int]]:
    """group -> long column name -> index."""
    out: dict[str, dict[str, int]] = {}
    for i, cell in enumerate(row):
        k = re.sub(r"\s+", " ", cell).lower().strip()
        group = next((g for g in GROUPS if k.startswith(g + " ")), None)
        if group is None:
            continue
        rest = k[len(group) + 1 :]
        for suffix, long in SUFFIXES.items():
            if rest == suffix or (suffix.startswith(rest) and rest.startswith("experiences and progress")):
                out.setdefault(group, {})[long] = i
                break
    return out


def to_long(
    path: Path, rows: list[list[str]], latest: dict[str, str], registry: AreaRegistry
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(the 2025 header, one row per inspection with its source row number) from the wide sheet."""
    # a name two areas share (Dorset) is the current one in the first table and the
    # predecessor in the table of LAs that no longer exist
    predecessor = False
    header: list[str] | None = None
    groups: dict[str, dict[str, int]] = {}
    name_at = 0
    out: list[tuple[int, list[str]]] = []
    for n, row in enumerate(rows, start=1):
        if is_wide(row):
            predecessor = header is not None
            header, groups = row, _columns(row)
            name_at = [k.lower().strip() for k in row].index("local authority name")
            continue
        if header is None or not any(row) or len(row) <= name_at or not row[name_at].strip():
            continue
        name = row[name_at].strip()
        try:  # the registry's one name step (Ofsted spellings are aliases in etl/reference/area_name_aliases.csv)
            code = registry.by_name(name, predecessor=predecessor)
        except UnknownArea as e:
            raise InputError(path, f"cannot place local authority '{name}': {e.args[0]}", row=n, column="Local authority name") from None
        done = []
        for cols in groups.values():
            values = {long: (row[i].strip() if i < len(row) else "") for long, i in cols.items()}
            if not values.get("Publication date") and not values.get("Overall effectiveness"):
                continue
            done.append(values)
        for i, values in enumerate(done):
            when = latest.get(name_key(name), "") if i == len(done) - 1 else ""
            out.append((n, [code, name, when, *(values.get(long, "") for long in SUFFIXES.values())]))
    return LONG_HEADER, out


def latest_dates(rows: list[list[str]]) -> dict[str, str]:
    """LA name key -> inspection date, from the sheet of judgements as at 31 March."""
    out: dict[str, str] = {}
    at = None
    for row in rows:
        keys = [k.lower().strip() for k in row]
        if at is None:
            if "local authority name" in keys and "inspection date" in keys:
                at = (keys.index("local authority name"), keys.index("inspection date"))
            continue
        if len(row) > max(at) and row[at[0]].strip():
            out[name_key(row[at[0]])] = row[at[1]].strip()
    return out

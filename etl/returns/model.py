"""One authority's return, read and checked: only the fields the local indicators need, child ids
hashed. The tables and their columns are what the local database stores (schema `returns`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

D = pl.Date
S = pl.String
SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "cin_referrals": {"ref_id": pl.Int32, "child": S, "referral_date": D, "closure_date": D, "reason_for_closure": S, "primary_need": S, "referral_source": S, "nfa": pl.Boolean},
    "cin_assessments": {"ref_id": pl.Int32, "child": S, "start_date": D, "authorised_date": D},
    "cin_s47": {"ref_id": pl.Int32, "child": S, "start_date": D, "icpc_date": D, "icpc_not_required": pl.Boolean},
    "cin_plans": {"ref_id": pl.Int32, "child": S, "start_date": D, "end_date": D, "previous_plans": pl.Int32, "category": S},
    "cla_episodes": {"child": S, "decom": D, "rne": S, "ls": S, "place": S, "dec": D, "rec": S},
    "cla_missing": {"child": S, "missing": S, "start_date": D, "end_date": D},
    "cla_care_leavers": {"child": S, "in_touch": S, "activ": S, "accom": S},
}
KIND_TABLES = {
    "cin": ("cin_referrals", "cin_assessments", "cin_s47", "cin_plans"),
    "ssda903": ("cla_episodes", "cla_missing", "cla_care_leavers"),
}
TITLES = {"cin": "CIN census", "ssda903": "SSDA903"}


@dataclass
class Return:
    kind: str
    paths: list[Path]
    la_number: str | None
    year: int
    spec_year: int
    rows: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def source_file(self) -> str:
        return " + ".join(sorted(p.name for p in self.paths))

    def frames(self) -> dict[str, pl.DataFrame]:
        return {t: pl.DataFrame(self.rows.get(t, []), schema=SCHEMAS[t]) for t in KIND_TABLES[self.kind]}

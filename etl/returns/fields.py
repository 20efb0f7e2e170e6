"""Checking one field of one row against the specification in force: dates and codes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etl.returns.problems import ReturnError


@dataclass
class Checker:
    path: Path
    spec: dict[str, Any]

    def table(self, name: str) -> dict[str, Any]:
        return self.spec.get("tables", {}).get(name, {})

    def row(self, table: str, values: dict[str, str], *, row: int | None = None, line: int | None = None,
            lines: dict[str, int] | None = None) -> dict[str, Any]:
        """The row's values with dates parsed and codes checked; names the field that is wrong, and
        its own line where `lines` gives one (an XML field's line, not its record's)."""
        at = lines or {}
        t = self.table(table)
        out: dict[str, Any] = dict(values)
        for name in t.get("required", []):
            if not values.get(name, "").strip():
                raise ReturnError(self.path, f"{name} is required and is blank", table=table, row=row, line=at.get(name, line), field=name)
        for name in t.get("dates", []):
            out[name] = self.date(table, name, values.get(name, ""), row=row, line=at.get(name, line))
        for name, codes in t.get("codes", {}).items():
            value = values.get(name, "").strip()
            if value and value not in codes and value.upper() not in codes and value.lower() not in codes:
                raise ReturnError(
                    self.path,
                    f"'{value}' is not one of the {name} codes in the {self.spec['year'] - 1}-{str(self.spec['year'])[2:]} specification (expected one of {', '.join(codes)})",
                    table=table, row=row, line=at.get(name, line), field=name,
                )
            out[name] = value.upper() or None
        return out

    def date(self, table: str, name: str, value: str, *, row: int | None = None, line: int | None = None) -> dt.date | None:
        value = value.strip()
        if not value:
            return None
        fmt = self.spec["date_format"]
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            shown = fmt.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")
            raise ReturnError(self.path, f"'{value}' is not a date in the form {shown}", table=table, row=row, line=line, field=name) from None

    def after_year_end(self, table: str, name: str, value: dt.date | None, *, row: int | None = None, line: int | None = None, said_by: str) -> None:
        end = dt.date(self.spec["year"], 3, 31)
        if value and value > end:
            raise ReturnError(
                self.path,
                f"{value.isoformat()} is after the end of the collection year {self.spec['year'] - 1}-{str(self.spec['year'])[2:]} "
                f"(31 March {self.spec['year']}) that {said_by}: the collection year does not match",
                table=table, row=row, line=line, field=name,
            )

"""The error a return that cannot be used produces: file, table, row (or XML line) and field."""

from __future__ import annotations

from pathlib import Path

from etl.errors import InputError

VALIDATORS = (
    "For full validation use DfE's rules as the data-to-insight validators implement them: "
    "github.com/data-to-insight/csc-validator-be-cin (CIN census) and "
    "github.com/data-to-insight/csc-validator-be-903 (SSDA903)."
)


class ReturnError(InputError):
    def __init__(self, path: Path | str, message: str, *, table: str | None = None, row: int | None = None, line: int | None = None, field: str | None = None) -> None:
        where = f"{Path(path).name}" + (f", table {table}" if table else "") + (f", line {line}" if line else "")
        super().__init__(where, message, row=row, column=field)

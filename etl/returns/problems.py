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
    """`in_the_return`: the return's content is wrong, and the validators' pointer helps; False for
    what the command was asked (an unknown --la, the warehouse given as the local database)."""

    def __init__(self, path: Path | str, message: str, *, table: str | None = None, row: int | None = None, line: int | None = None,
                 field: str | None = None, in_the_return: bool = True) -> None:
        where = f"{Path(path).name}" + (f", table {table}" if table else "") + (f", line {line}" if line else "")
        super().__init__(where, message, row=row, column=field)
        self.in_the_return = in_the_return

"""The one error type that bad input produces, and the warnings a build collects."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


def library_failure(e: BaseException) -> bool:
    """A reader library's failure on bad bytes: an Exception, or the panic of a Rust reader (polars,
    calamine), which pyo3 raises as a PanicException deriving from BaseException, past any
    `except Exception`. Not an interrupt or an exit."""
    return isinstance(e, Exception) or type(e).__name__ == "PanicException"


class InputError(Exception):
    """A published file breaks its contract. Says which file, row and column, and why."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.row = row
        self.column = column
        self.message = message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [self.path]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class Warnings:
    """Warnings collected during a build; printed in the summary and stored in the database."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: Path | str, message: str) -> None:
        self.items.append((str(path), message))

    def __len__(self) -> int:
        return len(self.items)

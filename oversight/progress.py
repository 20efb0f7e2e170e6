"""Progress for build and fetch: a bar on a terminal, plain lines otherwise, nothing with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Step = Callable[[str], None]


@contextmanager
def bar(total: int, label: str, quiet: bool = False) -> Iterator[Step]:
    """Yields step(line): prints the line and advances the bar by one."""
    if quiet:
        yield lambda _line: None
        return
    if not sys.stderr.isatty():
        yield print
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True), transient=True) as p:
        task = p.add_task(label, total=total)

        def step(line: str) -> None:
            p.console.print(line, markup=False, highlight=False)
            p.advance(task)

        yield step

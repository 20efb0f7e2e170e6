"""Progress for build and fetch: a bar on a terminal, plain lines otherwise, nothing with --quiet."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Bar:
    """bar(line) prints a line and advances; bar.say(line) only prints; bar.tick() only advances."""

    def __init__(self, say: Callable[[str], None], advance: Callable[[], None]) -> None:
        self.say, self._advance = say, advance

    def __call__(self, line: str) -> None:
        self.say(line)
        self._advance()

    def tick(self, *_: object) -> None:
        self._advance()


@contextmanager
def bar(total: int, label: str, quiet: bool = False) -> Iterator[Bar]:
    if quiet:
        yield Bar(lambda _line: None, lambda: None)
        return
    if not sys.stderr.isatty():
        yield Bar(print, lambda: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True), transient=True) as p:
        task = p.add_task(label, total=total)
        yield Bar(lambda line: p.console.print(line, markup=False, highlight=False, soft_wrap=True), lambda: p.advance(task))

"""python -m etl: the same command line as `oversight` (an entry point, so it may import the read layer)."""

from __future__ import annotations

import sys

from oversight.cli import main as _main


def main(argv: list[str] | None = None) -> int:
    return _main(argv, prog="python -m etl")


if __name__ == "__main__":
    sys.exit(main())

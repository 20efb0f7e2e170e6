"""First view of an LA not yet cached against the cached view of the same LA, server time only
(script completion over Streamlit's websocket protocol, nothing drawn), in one run. The server is
warmed first with another LA so only the per-LA queries are missing from the cache.

    OVERSIGHT_DB=data/oversight.duckdb python benchmarks/first_view.py [--las 8]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
from pathlib import Path

import duckdb
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import serve
from benchmarks.load_sessions import run_page
from etl.paths import db_path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {  # page -> query string for one LA
    "profile": "area={}",
    "compare": "area={}&indicator=cla_rate_per_10k&year=2025",
    "trends": "area={}&indicator=cpp_rate_per_10k",
}


async def measure(base: str, las: list[str], repeat: int) -> dict[str, list[tuple[float, float]]]:
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    out: dict[str, list[tuple[float, float]]] = {p: [] for p in PAGES}
    async with websockets.connect(url, subprotocols=["streamlit"], origin=base, max_size=None) as ws:
        for page, query in PAGES.items():  # warm: everything that is not per LA
            for _ in range(2):
                await run_page(ws, page, query.format(las[0]), 120)
        for la in las[1:]:
            for page, query in PAGES.items():
                first, error = await run_page(ws, page, query.format(la), 120)
                assert error is None, error
                cached = statistics.median([(await run_page(ws, page, query.format(la), 120))[0] for _ in range(repeat)])
                out[page].append((first, cached))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--las", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with duckdb.connect(str(db_path()), read_only=True) as con:
        las = [r[0] for r in con.execute(
            "SELECT area_code FROM areas WHERE geographic_level = 'Local authority' AND is_current ORDER BY hash(area_code) LIMIT ?", [args.las + 1]
        ).fetchall()]
    server, base = serve.start(serve.SERVED)
    try:
        results = asyncio.run(measure(base, las, args.repeat))
    finally:
        serve.stop(server)
    for page, pairs in results.items():
        first = statistics.median(f for f, _ in pairs)
        cached = statistics.median(c for _, c in pairs)
        ratio = statistics.median(f / c for f, c in pairs)
        print(f"{page:8} first view {first * 1000:6.0f} ms, cached {cached * 1000:6.0f} ms, ratio {ratio:4.2f} (median of {len(pairs)} LAs)")


if __name__ == "__main__":
    main()

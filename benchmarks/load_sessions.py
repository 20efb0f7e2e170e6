"""The server measured alone: concurrent sessions that speak Streamlit's own websocket protocol
(BackMsg and ForwardMsg protobufs on /_stcore/stream, as the browser client does) but draw
nothing. Each session opens every page and then changes area, indicator and year; the time from
asking for a run to the server's `script_finished` is one page completion. Prints p50 and p95,
errors (exceptions drawn, runs not finished successfully, timeouts) and the server's memory.

    OVERSIGHT_DB=data/oversight.duckdb python benchmarks/load_sessions.py [--sessions 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import serve
from benchmarks.concurrent_users import cpu_seconds, rss_kb

ROOT = Path(__file__).resolve().parent.parent
VISITS = [  # (url path of the page, query string)
    ("", ""),  # the national page: the default, at "/"
    ("compare", "area=E09000014&indicator=cla_rate_per_10k&year=2025"),
    ("trends", "area=E09000014&indicator=cla_rate_per_10k"),
    ("profile", "area=E09000014"),
    ("ofsted", ""),
    ("watchlist", ""),
    ("report", "year=2025"),
    ("data", ""),
    ("compare", "area=E08000025&indicator=rereferrals_pct&year=2024"),
    ("trends", "area=E06000063&indicator=cpp_rate_per_10k&compare_to=region"),
    ("profile", "area=E10000016"),
    ("watchlist", "region=Inner London"),
]


async def run_page(ws: websockets.ClientConnection, page: str, query: str, timeout: float) -> tuple[float, str | None]:
    """Ask for one script run and read ForwardMsgs until it finishes; (seconds, error or None)."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    error = None
    deadline = started + timeout
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.perf_counter()))
        fwd = ForwardMsg()
        fwd.ParseFromString(raw)
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" and fwd.delta.new_element.WhichOneof("type") == "exception":
            error = f"exception on {page}?{query}: {fwd.delta.new_element.exception.message[:80]}"
        elif kind == "page_not_found":
            error = f"page not found: {page}"
        elif kind == "script_finished":
            status = fwd.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                error = error or f"{page}?{query} finished with status {status}"
            return time.perf_counter() - started, error


async def session(base: str, times: list[float], errors: list[str], timeout: float) -> None:
    url = base.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], origin=base, max_size=None, open_timeout=timeout) as ws:
            for page, query in VISITS:
                try:
                    took, error = await run_page(ws, page, query, timeout)
                except TimeoutError:
                    errors.append(f"timeout on {page}?{query}")
                    return
                if error:
                    errors.append(error)
                else:
                    times.append(took)
    except (OSError, websockets.WebSocketException) as e:
        errors.append(f"connection: {type(e).__name__}: {e}")


async def drive(base: str, sessions: int, timeout: float) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    await asyncio.gather(*(session(base, times, errors, timeout) for _ in range(sessions)))
    return times, errors


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * p) - 1)] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=300, help="seconds one page run may take before it counts as an error")
    args = parser.parse_args()
    server, base = serve.start(serve.SERVED)
    peak, idle = [0], rss_kb(server.pid)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(server.pid))
            time.sleep(0.1)

    try:
        asyncio.run(drive(base, 1, args.timeout))  # one session first: caches warm, as for a browser benchmark
        warm = rss_kb(server.pid)
        threading.Thread(target=sample, daemon=True).start()
        started, cpu_before = time.perf_counter(), cpu_seconds(server.pid)
        times, errors = asyncio.run(drive(base, args.sessions, args.timeout))
        wall, server_cpu = time.perf_counter() - started, cpu_seconds(server.pid) - cpu_before
        after = rss_kb(server.pid)
    finally:
        stop.set()
        serve.stop(server)
    print(f"sessions: {args.sessions}, page runs: {len(times)} of {args.sessions * len(VISITS)}, wall time: {wall:.1f}s")
    print(f"script completion p50: {statistics.median(times) if times else float('nan'):.2f}s, p95: {percentile(times, 0.95):.2f}s")
    print(f"errors: {len(errors)} {errors[:5]}")
    print(f"server memory: {idle / 1024:.0f} MB at start, {warm / 1024:.0f} MB after one session, peak {peak[0] / 1024:.0f} MB, "
          f"{after / 1024:.0f} MB at the end; server CPU {server_cpu:.1f}s of {wall * (os.cpu_count() or 1):.0f} core-seconds")


if __name__ == "__main__":
    main()

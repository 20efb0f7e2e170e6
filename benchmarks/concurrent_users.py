"""20 concurrent headless browser sessions against the real server; each loads every page and
changes area, indicator and year a few times. Prints p50 and p95 page-completion times, the
error count and the server's peak memory, measured in one run.

    OVERSIGHT_DB=data/oversight.duckdb python benchmarks/concurrent_users.py [--users 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import serve

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["", "compare", "trends", "profile", "ofsted", "watchlist", "report", "data"]
CHANGES = [
    "compare?area=E09000014&indicator=cla_rate_per_10k&year=2025",
    "compare?area=E08000025&indicator=rereferrals_pct&year=2024",
    "trends?area=E06000063&indicator=cpp_rate_per_10k&compare_to=region",
    "profile?area=E10000016",
]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


async def session(browser, base: str, times: list[float], errors: list[str]) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    for path in [*PAGES, *CHANGES]:
        started = time.perf_counter()
        try:
            await page.goto(f"{base}/{path}", wait_until="domcontentloaded", timeout=120_000)
            await page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=120_000)
            await page.wait_for_function(serve.DONE, timeout=120_000)
            if await page.locator("[data-testid='stException']").count():
                errors.append(f"exception on {path}")
            times.append(time.perf_counter() - started)
        except Exception as e:  # a timeout or a crash is an error to report, not to hide
            errors.append(f"{path}: {type(e).__name__}")
    await context.close()


async def run(base: str, users: int, chromium: str) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=chromium, headless=True,
            args=serve.CHROMIUM_ARGS,
        )
        await asyncio.wait_for(asyncio.gather(*(session(browser, base, times, errors) for _ in range(users))), timeout=1500)
        await browser.close()
    return times, errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    server, base = serve.start(serve.SERVED)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(server.pid))
            time.sleep(0.2)

    try:
        threading.Thread(target=sample, daemon=True).start()
        started, cpu_before = time.perf_counter(), cpu_seconds(server.pid)
        times, errors = asyncio.run(run(base, args.users, chromium))
        wall, server_cpu = time.perf_counter() - started, cpu_seconds(server.pid) - cpu_before
    finally:
        stop.set()
        serve.stop(server)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)] if times else float("nan")
    print(f"users: {args.users}, page loads: {len(times)}, wall time: {wall:.1f}s")
    print(f"page completion p50: {statistics.median(times):.2f}s, p95: {p95:.2f}s")
    print(f"errors: {len(errors)} {errors[:5]}")
    print(f"server peak memory: {peak[0] / 1024:.0f} MB; server CPU: {server_cpu:.1f}s of {wall * (os.cpu_count() or 1):.0f} core-seconds")


if __name__ == "__main__":
    main()

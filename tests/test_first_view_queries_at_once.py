"""An authority's first view on the profile, compare and trends pages starts the queries it will read
all at once, on the query threads (`page_state.prefetch`), rather than one after another; each runs once,
and the page reads every query it started (a call started with other arguments would run for nothing)."""

from __future__ import annotations

import threading

import pytest
import streamlit as st

from oversight import page_state as ps
from tests.apptest import open_page

PAGES = {
    "pages/profile.py": {},
    "pages/compare.py": {"indicator": "cla_rate_per_10k", "year": "2025"},
    "pages/trends.py": {"indicator": "cpp_rate_per_10k"},
}
WARM, FIRST = "E08000025", "E06000001"  # Birmingham opens each page first, so only Hartlepool's own queries are left to run
# an authority's own query a page cannot start with the others: trends' figure_detail needs the year its chart ends on
AFTER = {"pages/trends.py": {"oversight.queries:figure_detail"}}


@pytest.mark.parametrize("page", list(PAGES))
def test_an_authoritys_first_view_runs_its_queries_at_once(on_warehouse: None, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    runs: list[tuple[str, tuple, bool]] = []  # each query computed: its function, its arguments, whether on a query thread
    reads: list[tuple[str, tuple]] = []  # each value the page read through `cached`
    started: list[tuple[str, tuple]] = []  # each call the page started through `prefetch`
    real_run, real_cached, real_prefetch = ps._run, ps.cached, ps.prefetch

    def run(version: tuple, target: str, args: tuple) -> object:
        runs.append((target, args, threading.current_thread().name.startswith("oversight-query")))
        return real_run(version, target, args)

    def cached(fn: object, *args: object) -> object:
        reads.append((f"{fn.__module__}:{fn.__name__}", args))  # type: ignore[attr-defined]
        return real_cached(fn, *args)  # type: ignore[arg-type]

    def prefetch(*calls: tuple) -> None:
        started.extend((f"{fn.__module__}:{fn.__name__}", tuple(args)) for fn, *args in calls)
        real_prefetch(*calls)

    monkeypatch.setattr(ps, "_run", run)
    monkeypatch.setattr(ps, "cached", cached)
    monkeypatch.setattr(ps, "prefetch", prefetch)
    st.cache_data.clear()
    open_page(page, area=WARM, **PAGES[page])
    for calls in (runs, reads, started):
        calls.clear()
    open_page(page, area=FIRST, **PAGES[page])

    own = {target for target, args, _ in runs if FIRST in repr(args)}  # the authority's own queries that ran
    assert own - {target for target, _ in started} <= AFTER.get(page, set())  # each started with the others
    read = {(target, repr(args)) for target, args in reads}
    assert not [c for c in started if (c[0], repr(c[1])) not in read]  # and read: none started for nothing
    # beside the page: the page itself computes the first it reads, if no query thread has taken it yet
    assert sum(on_thread for _, _, on_thread in runs) >= len(started) // 2, runs
    assert len({(target, repr(args)) for target, args, _ in runs}) == len(runs), runs  # none computed twice

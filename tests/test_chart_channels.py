"""Charts name every encoding channel as an Altair channel object (`alt.X("year:O")`, `alt.Tooltip(...)`,
`alt.YValue(0)`), never as a bare shorthand string or `alt.value(...)`.

Altair turns each shorthand into a channel through `from_dict`, which first hashes the JSON of all
of its ~6,000 schema classes: about 20 ms a channel, repeated on every page run. The Ofsted page
spent 290 ms of its script in the 17 shorthands of one chart. The test counts those conversions
while every page that draws a chart runs and while both packs are built."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import pytest
from altair.utils import schemapi

from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("on_warehouse")

PAGES = [
    (None, {}),
    ("pages/compare.py", {"area": "E09000014", "x": "cla_rate_per_10k", "y": "rereferrals_pct"}),
    ("pages/trends.py", {"area": "E09000014"}),
    ("pages/neighbours.py", {"area": "E09000014"}),
    ("pages/profile.py", {"area": "E06000047"}),
    ("pages/ofsted.py", {"area": "E06000047"}),
    ("pages/map.py", {}),
    ("pages/map.py", {"indicator": "cla_rate_per_10k"}),
]


@pytest.fixture
def shorthands(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Where our code made Altair convert a shorthand (file:line of the last frame in this project)."""
    seen: list[str] = []
    original = schemapi._FromDict.__init__
    root = str(Path(__file__).resolve().parent.parent) + os.sep

    def counting(self: schemapi._FromDict, classes: object) -> None:
        ours = [f for f in traceback.extract_stack() if f.filename.startswith(root) and "site-packages" not in f.filename and "tests" + os.sep not in f.filename]
        seen.append(f"{ours[-1].filename.removeprefix(root)}:{ours[-1].lineno}" if ours else "?")
        original(self, classes)

    monkeypatch.setattr(schemapi._FromDict, "__init__", counting)
    return seen


def test_the_counter_sees_a_shorthand(shorthands: list[str]):
    import altair as alt

    alt.Chart().mark_point().encode(x="year:O")
    assert len(shorthands) == 1


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{(p or 'national').removeprefix('pages/')}-{i}" for i, (p, _) in enumerate(PAGES)])
def test_pages_draw_charts_without_shorthands(shorthands: list[str], page: str | None, params: dict[str, str]):
    open_page(page, **params)
    assert shorthands == []


def test_packs_draw_charts_without_shorthands(shorthands: list[str], con):
    from oversight import report, scrutiny

    report.build(con, 2025)
    scrutiny.build(con, 2025, "E06000047")
    assert shorthands == []

"""Opening the dashboard under Streamlit's AppTest, the way every page test does."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")


def open_page(page: str | None = None, app: str = APP, **params: str) -> AppTest:
    """The dashboard (or another script, `app`) opened with `params` in its URL, then switched to
    `page` (a file under pages/) when given; fails on any exception the run raised."""
    at = AppTest.from_file(app, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at

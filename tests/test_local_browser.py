"""The "This year, locally" page in headless Chromium, served with a local database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks import serve
from tests import returns_gen as gen
from tests.test_browser import CHROMIUM


@pytest.fixture(scope="module")
def server(warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium not found at {CHROMIUM}")
        pytest.skip("chromium is not installed")
    tmp = tmp_path_factory.mktemp("localbrowser")
    gen.write_cin(tmp / "src" / "cin.xml", 2024, "202", gen.cin_2024())
    local = tmp / "local.duckdb"
    assert gen.load([tmp / "src"], local, warehouse=warehouse) == 0
    proc, url = serve.start(serve.SERVED, env=os.environ | {"OVERSIGHT_DB": str(warehouse), "OVERSIGHT_LOCAL_DB": str(local)})
    yield url
    serve.stop(proc)


def test_local_page_in_browser(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=serve.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{server}/local?year=2024", wait_until="domcontentloaded")
            page.get_by_text("This year, locally", exact=False).first.wait_for(timeout=60_000)
            page.get_by_text("Definitions and returns", exact=False).first.wait_for(timeout=60_000)
            page.wait_for_function(serve.DONE, timeout=60_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').first.wait_for(timeout=60_000)
        finally:
            page.close()
            browser.close()

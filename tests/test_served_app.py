"""The dashboard as served (`oversight/serving.py`): a link to a page connects at once, without first
asking for the page's own `/<page>/_stcore/health` (a 404, then a 100 ms wait)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from benchmarks import serve
from oversight.serving import KEEP_FOCUS, ServerRootHint, hint, segments_beyond_root
from tests.test_browser import browser, server  # noqa: F401 - the shared browser and served app

PAGE = b"<!doctype html><html><head><title>t</title></head><body></body></html>"


@pytest.mark.parametrize(
    ("path", "base", "expected"),
    [("/", "", 0), ("/ofsted", "", 1), ("/ofsted/", "", 1), ("/oversight/ofsted", "oversight", 1), ("/oversight/", "/oversight/", 0), ("/a/b/c", "", 3)],
)
def test_segments_beyond_the_servers_root(path, base, expected):
    assert segments_beyond_root(path, base) == expected


def _respond(path: str, accept: bytes, content_type: bytes, body: bytes) -> tuple[dict, bytes]:
    """What the middleware sends for one GET, around an app that answers with body."""

    async def inner(scope, receive, send):
        assert not any(k == b"accept-encoding" for k, _ in scope["headers"]) or b"text/html" not in accept
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), (b"etag", b'"x"')],
            }
        )
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept", accept), (b"accept-encoding", b"gzip")]}
    asyncio.run(ServerRootHint(inner)(scope, receive, send))
    return sent[0], b"".join(m.get("body", b"") for m in sent[1:])


def test_a_page_gets_the_hint_first_in_its_head_and_its_length_follows():
    start, body = _respond("/profile", b"text/html,application/xhtml+xml", b"text/html; charset=utf-8", PAGE)
    assert body == PAGE.replace(b"<head>", b"<head>" + hint(1) + KEEP_FOCUS)
    headers = dict(start["headers"])
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"etag" not in headers  # a cached page is never revalidated into another page's hint


def test_everything_else_passes_untouched():
    start, body = _respond("/_stcore/host-config", b"*/*", b"application/json", b'{"a": 1, "padding": "0123456789"}')
    assert body == b'{"a": 1, "padding": "0123456789"}' and dict(start["headers"])[b"etag"] == b'"x"'
    start, body = _respond("/static/x.js", b"text/html", b"text/javascript", b"console.log('0123456789')")
    assert body == b"console.log('0123456789')"


def _opens(browser, base: str, path: str, heading: str):  # noqa: F811
    """A fresh page on the link, once its heading shows, with the health checks it asked (from base)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url.removeprefix(base)))
    page.goto(f"{base}{path}", wait_until="domcontentloaded")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    return page, [u for u in asked if u.endswith("_stcore/health")]


def _sidebar_reaches_trends(page, prefix: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Trends").click()
    page.get_by_role("heading", name="Trends").first.wait_for(timeout=60_000)
    assert page.url.startswith(f"{prefix}/trends")


def test_a_link_to_a_page_connects_at_once_and_the_app_works(server, browser):  # noqa: F811
    """The browser asks the server's own health check first; the sidebar's links, the theme from
    .streamlit/config.toml and a download (a media URL) all work as when Streamlit guesses."""
    page, health = _opens(browser, server, "/ofsted?tab=Every+inspection", "Ofsted judgements")
    try:
        page.wait_for_function(serve.DONE, timeout=60_000)
        assert health and all(u == "/_stcore/health" for u in health), health
        colour = page.get_by_role("heading", name="Ofsted judgements").evaluate("e => getComputedStyle(e).color")
        assert colour == "rgb(0, 0, 0)"  # the project's theme (textColor) is applied
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Download inspections CSV").click()
        assert download.value.suggested_filename == "ofsted-inspections-since-2009.csv"
        # marked as UTF-8 for Excel, which without the mark had read "£" as "Â£"
        assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbfInspections of,")
        _sidebar_reaches_trends(page, server)
    finally:
        page.close()


def test_behind_a_proxy_path_a_link_to_a_page_connects_at_once(warehouse, browser):  # noqa: F811
    """Served under a path (`server.baseUrlPath`, as a proxy would serve it), a link to a page asks
    the health check under that path and nowhere else, and the sidebar's links keep the path."""
    env = os.environ | {"OVERSIGHT_DB": str(warehouse), "STREAMLIT_SERVER_BASE_URL_PATH": "oversight"}
    proc, url = serve.start(serve.SERVED, env=env, health="/oversight/_stcore/health")
    page = None
    try:
        page, health = _opens(browser, url, "/oversight/profile?area=E10000016", "Kent: profile")
        assert health == ["/oversight/_stcore/health"]
        _sidebar_reaches_trends(page, f"{url}/oversight")
    finally:
        if page:
            page.close()
        serve.stop(proc)


def test_a_charts_downloads_are_named_for_what_they_hold(server, browser):  # noqa: F811
    """Every compare download was compare-ranked.csv and every trend trend.csv, whatever the
    indicator, year or authority; a report writer saving several could not tell them apart."""
    for path, heading, box, name in (("/compare?area=E09000014&indicator=cla_rate_per_10k&year=2025", "Compare authorities",
                                      "Rank, value, band, SN average and change for every authority", "compare-cla_rate_per_10k-2025-E09000014"),
                                     ("/trends?area=E09000014&indicator=cpp_rate_per_10k", "Trends", "Data behind this chart", "trend-cpp_rate_per_10k-E09000014-sn")):
        page, _ = _opens(browser, server, path, heading)
        try:
            page.wait_for_function(serve.DONE, timeout=60_000)
            page.get_by_text(box).first.click()
            button = page.get_by_role("button", name="Download chart data as CSV").first
            button.wait_for(timeout=60_000)
            with page.expect_download(timeout=60_000) as download:
                button.click()
            assert download.value.suggested_filename == f"{name}.csv"
        finally:
            page.close()


def test_the_served_app_imports_pandas_whole_before_any_session():
    """Two sessions' first runs at once had imported pandas together, and Altair met it half-imported
    ("partially initialized module 'pandas' has no attribute 'Timestamp'"): the page showed an error."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import sys, oversight.serving; print('pandas' in sys.modules)"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"

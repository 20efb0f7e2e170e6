"""The dashboard as served: `dashboard.py` behind one small middleware (`oversight serve` runs this),
which writes two short scripts into each page.

A page opened from a link (`/profile?area=...`, `/ofsted`) does not tell Streamlit's browser code
where the server's root is, so it first asks `/profile/_stcore/health`, gets a 404, waits 100 ms and
only then asks `/_stcore/health` and opens its connection. Every link to a page but the first paid
that wait. The middleware writes the answer into the page: the browser's own address with as many
path segments dropped as the server saw beyond its root (so it holds behind a proxy that serves the
app under a path, whether the proxy strips that path or `server.baseUrlPath` names it). Should
Streamlit stop reading the hint (`window.__streamlit.BACKEND_BASE_URL`), pages still open, after
the probe, as before; `tests/test_served_app.py` would fail.

The second (`keep_focus.js`) keeps a keyboard reader's place while the page is redrawn, where the
focus had gone to the page and the next Tab key began again at the top: on a tab, which Streamlit
disables for a moment while its section is redrawn (it drops its `tabindex`; on a busy server the
reader's tab lost its focus), on a control drawn anew (a build button that becomes secondary once
its pack is built), whose successor of the same key takes the focus, and after a link to another
page from within a page, where the new page's heading takes it. None acts once the reader has moved
on (`tests/test_accessibility.py` replays each).
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

# imported whole before the first session: imported by two sessions' first runs at once, Altair found pandas
# half-imported ("partially initialized module 'pandas' has no attribute 'Timestamp'") and the page showed an error;
# the pages' other large libraries too, so that `gc.freeze()` below sets their objects apart
import altair  # noqa: F401
import duckdb  # noqa: F401
import pandas  # noqa: F401
import polars  # noqa: F401
import pyarrow  # noqa: F401
import streamlit as st
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit import config

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"
_DROP = ("accept-encoding", "if-none-match", "if-modified-since")  # the page itself: whole, uncompressed, never 304


def segments_beyond_root(path: str, base_url_path: str) -> int:
    """Path segments of a request beyond the server's root: 0 for '/', 1 for '/ofsted'."""
    parts = [p for p in path.split("/") if p]
    base = [p for p in base_url_path.split("/") if p]
    if parts[: len(base)] == base:
        parts = parts[len(base) :]
    return len(parts)


def hint(segments: int) -> bytes:
    """The script, placed first in <head>, that tells Streamlit's browser code where the server's root is."""
    return (
        "<script>(function(){var p=location.pathname.replace(/\\/+$/,'').split('/');"
        f"var n={json.dumps(segments)};if(p.length>n){{p.length-=n;"
        "window.__streamlit=Object.assign({BACKEND_BASE_URL:location.origin+p.join('/')+'/'},window.__streamlit);}})();</script>"
    ).encode()


# the keyboard's place kept while the page is redrawn: a script of its own, read once
KEEP_FOCUS = b"<script>" + Path(__file__).with_name("keep_focus.js").read_bytes() + b"</script>"


class ServerRootHint:
    """Pure ASGI middleware: into each HTML page, the script of `hint` and KEEP_FOCUS; every other response untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        if scope["type"] != "http" or scope.get("method") != "GET" or b"text/html" not in headers.get(b"accept", b""):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.decode("latin-1").lower() not in _DROP]}
        script = hint(segments_beyond_root(scope["path"], str(config.get_option("server.baseUrlPath") or ""))) + KEEP_FOCUS
        start: dict[str, Any] = {}
        body: list[bytes] = []

        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start":
                is_html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in message.get("headers", []))
                if not is_html:
                    start["passed"] = True
                    await send(message)
                    return
                start.update(message)
                return
            if start.get("passed") or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body).replace(b"<head>", b"<head>" + script, 1)
            kept = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag", b"last-modified")]
            await send({**start, "headers": [*kept, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, rewrite)


app = st.App(str(DASHBOARD), middleware=[Middleware(ServerRootHint)])


# Streamlit collects all of Python's garbage after every script run (`runner.postScriptGC`), holding the
# interpreter meanwhile, so a page's last message waited for it: about 45 ms a run, nearly all of it spent
# walking the libraries' own objects (Altair's schema, pandas, polars, pyarrow, DuckDB, Streamlit), which
# live as long as the server. Set apart here, once imported, each run's collection walks only what runs
# made (about 14 ms), and still frees it. See README, "Pages against an empty page".
gc.freeze()

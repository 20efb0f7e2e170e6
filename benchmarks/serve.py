"""Start `streamlit run` on a free loopback port and wait until it answers; shared by the browser
tests and benchmarks."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from oversight.cli import SERVED as SERVED  # the dashboard as `oversight serve` serves it

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DONE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"], [data-testid=\"stSkeleton\"]')"


def empty_app(folder: Path) -> Path:
    """The baseline for page benchmarks: a Streamlit script that draws only a title."""
    script = folder / "empty.py"
    script.write_text("import streamlit as st\nst.title('Empty')\n")
    return script


FLOOR_PAGES = {"nothing": "", "chart": "chart", "table": "table", "chart and table": "chart_and_table"}
_FLOOR_PAGE = """import altair as alt
import pandas as pd
import streamlit as st

st.title("Floor")
years = pd.DataFrame({"year": [str(y) for y in range(2015, 2026)], "value": [60.0 + y % 7 for y in range(11)]})
las = pd.DataFrame({"Authority": [f"Authority {i}" for i in range(153)], "Value": [50.0 + i % 40 for i in range(153)],
                    "Rank": list(range(1, 154)), "Band": ["ABCD"[i % 4] for i in range(153)]})
if CHART:
    st.altair_chart(alt.Chart(years).mark_line(point=True).encode(x=alt.X("year:O", title="Year"), y=alt.Y("value:Q", title="Value"),
                                                                  tooltip=["year", "value"]))
if TABLE:
    st.dataframe(las, hide_index=True, column_config={"Value": st.column_config.NumberColumn(format="%.1f")})
"""


def floor_app(folder: Path) -> Path:
    """What Streamlit itself costs a page like ours: the same navigation (ten pages) and sidebar
    picker as dashboard.py, then nothing, one Altair chart, one 153-row table, or both; served as
    the dashboard is, behind `oversight.serving.ServerRootHint`. Without it a page under a path
    (/chart) first asks /chart/_stcore/health, gets a 404 and waits 100 ms: the floor's pages but
    the first had carried that wait, which the dashboard's pages do not."""
    pages = []
    for name, path in FLOOR_PAGES.items():
        file = folder / f"floor_{path or 'nothing'}.py"
        file.write_text(_FLOOR_PAGE.replace("CHART", str("chart" in name)).replace("TABLE", str("table" in name)))
        pages.append(f"st.Page({str(file)!r}, title={name!r}, url_path={path!r})" if path else f"st.Page({str(file)!r}, title={name!r}, default=True)")
    pages += [f"st.Page({str(folder / 'floor_nothing.py')!r}, title='Other {i}', url_path='other{i}')" for i in range(10 - len(pages))]
    script = folder / "floor.py"
    script.write_text("import streamlit as st\n\nst.set_page_config(layout='wide')\n"
                      f"page = st.navigation([{', '.join(pages)}])\n"
                      "st.sidebar.selectbox('My authority', [f'Authority {i}' for i in range(170)])\n"
                      "st.sidebar.text('Data as at 31 March 2025 (latest collection year).')\npage.run()\n")
    served = folder / "floor_served.py"
    served.write_text("import streamlit as st\nfrom starlette.middleware import Middleware\n\nfrom oversight.serving import ServerRootHint\n\n"
                      f"app = st.App({str(script)!r}, middleware=[Middleware(ServerRootHint)])\n")
    return served


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(script: Path, env: dict[str, str] | None = None, timeout: float = 60, health: str = "/_stcore/health") -> tuple[subprocess.Popen, str]:
    """The server's process and base URL, once `health` (under any `server.baseUrlPath`) answers."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true"],
        cwd=ROOT, env=env or os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", health)
            if conn.getresponse().status == 200:
                return proc, base
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"streamlit did not start for {script}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()

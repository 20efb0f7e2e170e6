"""The served app sets the libraries' own objects apart from Python's collector once they are imported
(`oversight/serving.py`): Streamlit collects garbage after every script run, and a page's last message
had waited about 45 ms a run for it to walk Altair's schema, pandas, polars, pyarrow, DuckDB and
Streamlit, which live as long as the server."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.test_docs import README


def _after_import() -> dict[str, int]:
    script = ("import gc, json, oversight.serving; "
              "print(json.dumps({'set_apart': gc.get_freeze_count(), 'walked': len(gc.get_objects())}))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_a_collection_after_a_run_walks_only_what_runs_made():
    counts = _after_import()
    assert counts["set_apart"] > 100_000  # the libraries' objects: about 150,000 with these versions
    assert counts["walked"] < counts["set_apart"] / 20  # a full collection walks the few made since


def test_the_readme_says_why():
    assert "gc.freeze()" in README and "runner.postScriptGC" in README

"""A dashboard never reads a warehouse of another layout (etl.checks.LAYOUT_VERSION, checked when it
connects). The version is raised by hand, so this holds it to the public views' columns: a build's
columns against tests/fixtures/layout.txt, written for the version it names. Indicators' look-back
months and the mart's two look-back columns had been added under version 8, so a dashboard of the new
code opened a warehouse built before them as one of its own, and its compare page failed on a missing
column."""

from __future__ import annotations

from etl.checks import LAYOUT_VERSION, PUBLIC_VIEWS
from tests.conftest import ROOT

LAYOUT = ROOT / "tests" / "fixtures" / "layout.txt"


def test_the_public_views_are_those_of_the_layout_version(con):
    version, *views = LAYOUT.read_text(encoding="utf-8").splitlines()
    built = [f"{v}: " + ", ".join(c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [v]).fetchall())
        for v in PUBLIC_VIEWS]
    assert built == views, ("the public views' columns changed: raise etl.checks.LAYOUT_VERSION, "
                            "and write the new columns and version into tests/fixtures/layout.txt")
    assert version == f"version {LAYOUT_VERSION}", "tests/fixtures/layout.txt was written for another layout version"

"""Headings are text, not links: Streamlit puts a "Link to heading" anchor beside each one, a tab
stop with the same name as every other (13 on a profile between its picker and its first table).
Every page under pages/ is opened, so a page added later is held to it too."""

from __future__ import annotations

import pytest

from tests.apptest import open_page
from tests.conftest import ROOT
from tests.test_local_page import local_db  # noqa: F401  (the local page is listed only with a local database)

PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGES)
def test_no_heading_carries_a_link(page, on_warehouse, local_db, monkeypatch):  # noqa: F811
    monkeypatch.setenv("OVERSIGHT_LOCAL_DB", str(local_db))
    at = open_page(page, area="E09000014")
    headings = [*at.title, *at.header, *at.subheader]
    assert headings, "the page has no heading at all"
    linked = [h.value for h in headings if not h.proto.hide_anchor]
    assert linked == [], f"headings with a link beside them: {linked}"

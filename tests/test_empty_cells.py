"""A table cell with nothing in it is blank: Streamlit would print "None" where a date or a figure is
missing (a plain rule's chance rate, a first inspection's previous date). Every table goes
through widgets.table, which sets the placeholder."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from oversight.formatting import EMPTY_CELL
from tests.apptest import RANKED, open_page
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("on_warehouse")


def test_no_page_draws_a_table_but_through_widgets_table():
    direct = [f"{p.name}:{n}" for p in [*sorted((ROOT / "pages").glob("*.py")), ROOT / "dashboard.py"]
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if re.search(r"\.dataframe\(", line)]
    assert direct == []


@pytest.mark.parametrize(("page", "params", "opened"), [
    ("pages/watchlist.py", {}, []),
    ("pages/profile.py", {"area": "E09000014", "tab": "Ofsted inspections"}, ["data-ofsted-timeline-E09000014"]),  # its tables are plain ones but this
    ("pages/ofsted.py", {}, ["time-since"]),
])
def test_missing_values_show_as_blank_cells(page, params, opened):
    at = open_page(page, **params)
    for key in opened:
        at.session_state[key] = True
    if opened:
        at.run()
    assert at.dataframe, page
    for table in at.dataframe:
        assert table.proto.HasField("placeholder") and table.proto.placeholder == EMPTY_CELL == ""


def test_the_watchlist_has_missing_chance_rates_that_are_now_blank():
    """The case that printed "None": plain rules have no chance rate."""
    at = open_page("pages/watchlist.py")
    summary = at.dataframe[2].value
    assert summary["expected_pct"].isna().any() and summary["expected_pct"].notna().any()
    assert at.dataframe[2].proto.placeholder == ""


def _headings(table) -> dict[str, dict]:
    config = json.loads(table.proto.columns or "{}")
    return {c: config.get(c, {}) for c in table.value.columns}


@pytest.mark.parametrize(("page", "params", "opened"), [
    ("pages/ofsted.py", {}, ["sub-judgements", "data-ofsted-tiles", "time-since"]),
    ("pages/data.py", {}, []),
    ("pages/watchlist.py", {}, []),
    ("pages/compare.py", {"area": "E09000014", "indicator": "cla_rate_per_10k", "year": "2025"}, ["data-compare-ranked"]),
])
def test_every_heading_is_words_and_every_date_reads_as_a_date(page, params, opened):
    """Tables the page does not label get headings in words (formatting.column_label), and date
    columns the "10 Jul 2023" format, where Streamlit showed column ids and "2023-07-10 00:00:00"."""
    at = open_page(page, **params)
    for key in opened:
        at.session_state[key] = True
    at.run()
    assert len(at.dataframe) >= max(1, len(opened))  # a table in a box is drawn when opened
    for table in at.dataframe:
        for column, config in _headings(table).items():
            if config.get("hidden"):
                continue
            assert "_" not in config.get("label", column), (page, column)
            if str(table.value[column].dtype).startswith("datetime") or column.endswith("_date"):
                assert config.get("type_config", {}).get("format", "").startswith("D MMM YYYY"), (page, column)


def test_the_data_behind_a_chart_shows_figures_at_the_indicators_decimals():
    """Children looked after per 10,000 is published with no decimals: the SN average behind the
    compare chart read 27.4763 beside 27 in the table above it."""
    at = open_page("pages/compare.py", area="E09000014", indicator="cla_rate_per_10k", year="2025")
    at.session_state["data-compare-ranked"] = True
    at.run()
    behind = next(t for t in at.dataframe if "role" in t.value.columns)
    config = _headings(behind)
    assert config["sn_mean"]["type_config"]["format"] == config["value"]["type_config"]["format"] == "%.0f"


def test_the_compare_csv_is_headed_as_its_table(monkeypatch):
    """The chart's box said "Area", "Note" and "SN average", the table "Local authority", "Suppression"
    and "Its own SN average", and the CSV mixed words with ids (rank, area_name, sn_mean, role); the
    box now holds the table, and the CSV is headed as it is."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/compare.py", area="E10000007", indicator="cla_rate_per_10k", year="2025")
    at.session_state["data-compare-ranked"] = True
    at.run()
    [table] = at.dataframe
    labels = {c["label"] for c in _headings(table).values() if "label" in c}
    csv = next(df for df in written if df.columns[0] == "Indicator")
    assert {"Local authority", "Suppression, 2025", "Suppression, 2024", "SN average", "Role", "Rank", "Band", "Region"} <= labels & set(csv.columns)
    assert not [c for c in csv.columns if "_" in c], csv.columns


def test_the_watchlists_names_regions_and_judgements_are_not_cut():
    """Bedford's "Requires improvement to be good" was cut to "Requires impro": a column of names,
    regions or judgements is as wide as its longest value at the tables' 14 px font (Bedford's
    judgement, 31 characters, measured 199 px in Chromium: about 6.5 px a character, and 16 of padding)."""
    at = open_page("pages/watchlist.py", year="2025")
    checked = 0
    for table in at.dataframe:
        if table.proto.row_height > 64:
            continue  # its rows are tall enough for a cell to wrap (the explanations)
        config = json.loads(table.proto.columns or "{}")
        for column in ("area_name", "region_name", "grade_label"):
            if column in table.value.columns:
                longest = int(table.value[column].dropna().str.len().max())
                assert config[column]["width"] >= 6.5 * longest + 16, (column, longest, config[column])
                checked += 1
    assert checked >= 3


def test_the_watchlists_explanations_and_rule_names_wrap_rather_than_being_cut():
    """A grid cell shows one line unless its rows are taller than 4rem (64 px): the explanations
    (up to 248 characters) and the rule names (up to 92) were cut mid-word ("...by more than 3 robust s")."""
    at = open_page("pages/watchlist.py")
    explained = next(t for t in at.dataframe if "message" in t.value.columns)
    rules = next(t for t in at.dataframe if "expected_pct" in t.value.columns)
    assert explained.proto.row_height > 64 and rules.proto.row_height > 64
    longest = int(explained.value["message"].str.len().max())
    width = json.loads(explained.proto.columns)["message"]["width"]
    # lines of about width / 6.5 characters, 21 px each, within the row
    assert (longest * 6.5 / (width - 16) + 1) * 21 <= explained.proto.row_height, (longest, width, explained.proto.row_height)


def test_the_watchlists_wrapped_tables_fit_the_page_at_1280_px():
    """The explanation and rule tables were 940 and 925 px wide in a page 818 px wide: the explanation
    was cut at the right and the share flagged, to read beside the share by chance, was out of view."""
    at = open_page("pages/watchlist.py")
    for table in at.dataframe:
        if table.proto.row_height > 64:
            config = json.loads(table.proto.columns)
            shown = [c for c in table.value.columns if not config.get(c, {}).get("hidden")]
            assert sum(config[c]["width"] for c in shown) <= 818, (shown, config)
            if "area_name" in shown:  # narrower than that, the names stay in view while the table scrolls
                assert config["area_name"].get("pinned") is True


def test_the_compare_tables_names_are_not_cut():
    """North Northamptonshire read "North Northampton" in the compare page's rank table."""
    at = open_page("pages/compare.py", area="E06000061", indicator="cla_rate_per_10k", year="2025", **RANKED)
    table = next(t for t in at.dataframe if "region_name" in t.value.columns)
    longest = int(table.value["area_name"].str.len().max())
    assert json.loads(table.proto.columns)["area_name"]["width"] >= 6.5 * longest + 16, longest


def test_the_neighbour_tables_names_are_not_cut():
    """Leeds' neighbour "Bournemouth, Christchurch and Poole" read "Bournemouth, Christchurch and"."""
    at = open_page("pages/neighbours.py", area="E08000035", indicator="rereferrals_pct")
    table = at.dataframe[0]
    longest = int(table.value["Area"].str.len().max())
    assert "Bournemouth, Christchurch and Poole" in set(table.value["Area"])
    assert json.loads(table.proto.columns)["Area"]["width"] >= 6.5 * longest + 16, longest


def test_a_regions_explanations_are_in_view_and_the_flag_columns_are_said_to_be_sideways(monkeypatch):
    """The East Midlands' eleven explanations sat in a 600 px box showing four, the rest a scroll
    inside it; and at 1,280 px the nine flag columns began past the table's edge with nothing to say so."""
    from oversight import widgets

    asked = []
    real = widgets.table
    monkeypatch.setattr(widgets, "table", lambda data, **kw: asked.append((data, kw)) or real(data, **kw))
    at = open_page("pages/watchlist.py", region="East Midlands")
    data, kw = next((d, kw) for d, kw in asked if "message" in d.columns)
    assert data.height > 4 and kw["height"] >= 38 + kw["row_height"] * min(data.height, 10), (data.height, kw)
    assert any("scroll the table sideways" in c.value for c in at.caption)


def test_the_compare_table_gives_the_year_befores_reason_beside_it(con):
    """Slough's 2024 figure of children missing from care (LAIT's "-") was a blank in the compare table with no
    reason on screen: the only symbol column was 2025's."""
    symbol = con.execute("SELECT suppression FROM indicator_values WHERE indicator_id = 'cla_missing_pct' AND area_code = 'E06000039' "
                         "AND time_period = 2024").fetchall()[0][0]
    assert symbol
    at = open_page("pages/compare.py", area="E08000007", indicator="cla_missing_pct", year="2025", **RANKED)
    table = at.dataframe[0].value
    slough = table[table["area_name"] == "Slough"].iloc[0]
    assert slough["previous_suppression"] == symbol and pd.isna(slough["previous_value"])  # no figure


def test_the_compare_csv_says_how_many_neighbours_each_sn_average_rests_on(monkeypatch, con):
    """Brent's SN average of adoptions with consent dispensed with read 0.0 in the CSV, from one neighbour
    of ten: nothing said how many."""
    from oversight import exports

    written = []
    monkeypatch.setattr(exports, "csv_bytes", lambda df: written.append(df) or b"")
    at = open_page("pages/compare.py", area="E08000028", indicator="care_leavers_not_in_touch_pct", year="2025")
    at.session_state["data-compare-ranked"] = True
    at.run()
    csv = next(df for df in written if df.columns[0] == "Indicator")
    got = dict(csv.select("ONS code", "Neighbours in its SN average").iter_rows())
    want = dict(con.execute("SELECT area_code, sn_count FROM indicator_comparison WHERE indicator_id = 'care_leavers_not_in_touch_pct' "
                            "AND time_period = 2025 AND area_code = 'E08000028'").fetchall())
    assert got["E08000028"] == want["E08000028"] < 10

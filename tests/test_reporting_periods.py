"""What period a year's figure is for: the year to 31 March, 31 March itself, or (the social work
workforce) 30 September. Pages, charts and packs say it from `indicators.year_type`, never assume
31 March for every indicator."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from etl import catalogue
from oversight import formatting, plain_html, report
from oversight import queries as q
from oversight.formatting import periods_sentence
from tests.apptest import open_page, plain_tables

README = Path(__file__).resolve().parent.parent / "README.md"

# given a year type and a year: the words after a figure, the label beside one, the axis title
WORDS = [
    ("Financial Year", 2025, "in the year to 31 March 2025", "2025", "Year to 31 March"),
    (None, 2025, "in the year to 31 March 2025", "2025", "Year to 31 March"),
    ("Annual", 2025, "at 31 March 2025", "2025", "At 31 March"),
    ("Annual (end of Sept)", 2025, "at 30 September 2025", "30 September 2025", "At 30 September"),
    ("Academic Year", 2025, "in the 2024/25 academic year", "2024/25 academic year", "Academic year"),
    ("Academic Year", 2000, "in the 1999/00 academic year", "1999/00 academic year", "Academic year"),
    ("Calendar Year", 2022, "in 2022", "2022", "Calendar year"),
    ("Annual - January", 2025, "in January 2025", "January 2025", "In January"),
    # a LAIT measure pooling three years ("2021/22-23/24", "2020-22"): never worded as one year
    ("Three financial years", 2024, "in the three years to 31 March 2024", "three years to 31 March 2024", "Three years to 31 March"),
    ("Three calendar years", 2022, "in the three years 2020 to 2022", "three years 2020 to 2022", "Three calendar years"),
]


@pytest.mark.parametrize(("year_type", "year", "after", "label", "axis"), WORDS)
def test_a_year_in_words_by_year_type(year_type, year, after, label, axis):
    assert formatting.period_text(year_type, year) == after
    assert formatting.year_label(year_type, year) == label
    assert formatting.period_axis(year_type) == axis


def test_every_year_type_has_words():
    assert set(formatting.PERIODS) == set(catalogue.YEAR_TYPES) | {None}


def test_the_catalogue_refuses_an_unknown_year_type():
    entry = '[[indicator]]\nid = "x"\nname = "X"\ntopic = "t"\nunit = "%"\npolarity = "higher"\ndecimals = 0\nsource = "s"\ndefinition = "d"\nyear_type = "Fiscal"\nfrom = [{ lait = "X" }]\n'
    with pytest.raises(catalogue.CatalogueError, match="x: year_type must be one of"):
        catalogue.parse(entry)
    assert catalogue.parse(entry.replace("Fiscal", "Annual"))[0].year_type == "Annual"


@pytest.mark.usefixtures("on_warehouse")
def test_every_indicator_in_the_warehouse_has_a_worded_year_type(con):
    types = dict(con.execute("SELECT indicator_id, year_type FROM indicators").fetchall())
    assert None not in types.values() and set(types.values()) <= set(formatting.PERIODS)
    # the workforce from LAIT's dictionary; children in need at 31 March from the catalogue, as LAIT does not describe the count
    assert {types[i] for i in ("sw_caseload", "sw_agency_pct", "sw_vacancy_pct")} == {"Annual (end of Sept)"}
    assert types["sw_turnover_pct"] == "Year to 30 September"  # leavers over the year, not a count at its end
    assert types["cin_count"] == types["cin_rate_per_10k"] == "Annual"
    assert types["referrals_rate_per_10k"] == "Financial Year"


@pytest.mark.usefixtures("on_warehouse")
def test_trends_axis_follows_the_year_type():
    for indicator, title in (("sw_caseload", "At 30 September"), ("referrals_rate_per_10k", "Year to 31 March"), ("cla_rate_per_10k", "At 31 March")):
        at = open_page("pages/trends.py", area="E08000024", indicator=indicator)
        spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
        assert spec["layer"][0]["encoding"]["x"]["title"] == title, indicator
    at = open_page("pages/neighbours.py", area="E08000024", indicator="sw_caseload")
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][0]["encoding"]["x"]["title"] == "At 30 September"


@pytest.mark.usefixtures("on_warehouse")
def test_the_profile_dates_the_workforce_at_30_september():
    at = open_page("pages/profile.py", area="E08000024")  # Sunderland
    rows = pl.concat([t for t in plain_tables(at) if "SN average" in t.columns], how="diagonal_relaxed")
    latest = dict(zip(rows["Indicator"], rows["Latest"], strict=True))
    assert latest["Average caseload of children and family social workers"].endswith("\n(30 September 2025)")  # on a line of its own under the figure
    assert latest["Referrals per 10,000 children"][-1].isdigit()  # the year to 31 March 2025: said once, above
    assert any("or at 31 March 2025, unless another year or date is given under them" in t.value for t in at.text)


@pytest.mark.usefixtures("on_warehouse")
def test_national_tiles_and_compare_say_when():
    at = open_page()
    [tiles] = [h for h in at.get("html") if h.proto.body != plain_html.FOCUS_CSS]  # the headline tiles, a heading each
    assert "<h4>Agency social workers (30 September 2025)</h4>" in tiles.proto.body
    assert "<h4>Re-referrals within 12 months (2025)</h4>" in tiles.proto.body
    at = open_page("pages/compare.py", area="E08000024", indicator="sw_caseload", year="2025")
    assert any(m.value.startswith("**Sunderland**: ") and " at 30 September 2025 (" in m.value for m in at.markdown)


@pytest.mark.usefixtures("on_warehouse")
def test_packs_say_when_the_workforce_is_counted(con):
    heads = q.indicators(con).filter(pl.col("headline"))
    expected = ("Figures are for the year to 31 March 2025 or at 31 March 2025; "
                "social work workforce figures are for the year to 30 September 2025 or at 30 September 2025.")
    assert periods_sentence(heads.select("year_type", "topic").iter_rows(), 2025) == expected
    assert expected in [s.text for s in report.build(con, 2025).narrative]
    # a headline set with no other year type says only the first part
    ends_in_march = heads.filter(~pl.col("year_type").is_in(["Annual (end of Sept)", "Year to 30 September"]))
    assert periods_sentence(ends_in_march.select("year_type", "topic").iter_rows(), 2024) == "Figures are for the year to 31 March 2024 or at 31 March 2024."
    # one year type ending in September alone is said alone
    assert periods_sentence([("Annual (end of Sept)", "Social work workforce")], 2024).endswith("; social work workforce figures are at 30 September 2024.")


def test_readme_documents_each_year_type():
    text = README.read_text(encoding="utf-8")
    for year_type, (axis, _) in formatting.PERIODS.items():
        if year_type:
            assert f"`{year_type}`" in text and axis in text, year_type


@pytest.mark.usefixtures("on_warehouse")
def test_headline_pages_say_when_a_newer_release_may_be_out(con):
    """The next update dates in LAIT's dictionary are checked against today: when one has passed for a
    headline indicator, the national page, the profile and the latest year's report pack say so (only
    the data page did)."""
    (n,) = con.execute("SELECT count(*) FROM indicators WHERE headline AND next_update < current_date").fetchall()[0]
    for page, params in ((None, {}), ("pages/profile.py", {"area": "E08000024"}), ("pages/report.py", {})):
        notes = [i.value for i in open_page(page, **params).info if i.value.startswith("A newer release may be out")]
        if n:
            assert notes and notes[0].startswith(f"A newer release may be out for {n} headline indicator"), (page, notes)
        else:
            assert not notes, page


def test_other_periods_groups_topics_by_year_type():
    rows = [("Financial Year", "Care leavers", 2025), ("Annual (end of Sept)", "Social work workforce", 2025),
            ("Academic Year", "Key stage 2", 2025), ("Academic Year", "Key stage 4", 2025), ("Annual", "Children looked after", 2025)]
    assert formatting.other_periods(rows) == [("social work workforce", "at 30 September 2025"),
                                             ("key stage 2 and key stage 4", "in the 2024/25 academic year")]


@pytest.mark.parametrize(("year_type", "first"), [(None, 2024), ("Financial Year", 2024), ("Annual", 2024), ("Annual (end of Sept)", 2023),
                                                  ("Academic Year", 2023), ("Calendar Year", 2023), ("Annual - January", 2024)])
def test_a_new_authoritys_first_period_is_the_first_to_end_after_1_april(year_type, first):
    """A change of 1 April 2023: the 2022/23 academic year (to August 2023), 30 September 2023 and
    calendar 2023 end after it; the year to 31 March 2023 and January 2023 do not."""
    assert formatting.first_period_after(year_type, 2023) == first


@pytest.mark.usefixtures("on_warehouse")
def test_a_pack_names_only_the_periods_its_year_has_figures_for(con):
    """A 2016 pack said its workforce figures were at 30 September 2016: the workforce series starts in 2017."""
    said = [s.text for s in report.build(con, 2016).narrative]
    assert "Figures are for the year to 31 March 2016 or at 31 March 2016." in said
    assert not [t for t in said if "30 September 2016" in t]
    assert periods_sentence(q.headline_periods(con, 2017), 2017).endswith(
        "; social work workforce figures are for the year to 30 September 2017 or at 30 September 2017.")


@pytest.mark.usefixtures("on_warehouse")
def test_a_measure_pooling_three_years_is_worded_as_three(con):
    """LAIT's under-18 alcohol admissions ("2021/22-23/24") read "Haringey: 17.30 in the year to 31 March 2024", and
    its road casualties ("2020-22") "in 2022": every figure of each pools three years."""
    types = dict(con.execute("SELECT indicator_id, year_type FROM indicators WHERE year_type LIKE 'Three%'").fetchall())
    assert types == {"lait_hosp_adm_alc_lt_18yrs": "Three financial years", "lait_rta": "Three calendar years"}
    assert con.execute("SELECT DISTINCT period_years FROM indicator_values WHERE indicator_id IN ('lait_hosp_adm_alc_lt_18yrs', 'lait_rta')").fetchall() == [(3,)]
    label = con.execute("SELECT period_label FROM indicator_values WHERE indicator_id = 'lait_hosp_adm_alc_lt_18yrs' AND time_period = 2024 "
                        "AND area_code = 'E09000014'").fetchall()[0][0]
    assert label == "2021/22-23/24"
    at = open_page("pages/compare.py", area="E09000014", indicator="lait_hosp_adm_alc_lt_18yrs", year="2024")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "in the three years to 31 March 2024 (" in text and "In the three years to 31 March 2023: " in text
    assert "year to 31 March 2024" not in text

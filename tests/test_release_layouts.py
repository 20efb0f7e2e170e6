"""Earlier releases' layouts load with the right values: one small fixture per layout, each its
release's own header and a few of its real rows (tests/fixtures/releases/), plus an Ofsted
outcomes workbook in the March 2024 layout written at test time."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl
import pytest

from etl.areas import registry
from etl.errors import InputError, Warnings
from etl.recognise import recognise

FIXTURES = Path(__file__).parent / "fixtures" / "releases"


def load(path: Path) -> tuple[str, pl.DataFrame]:
    found = recognise(path)
    assert found.contract is not None, found.reason
    return found.contract.publication, found.loader(path, found.contract, registry(), Warnings())


def cell(df: pl.DataFrame, column: str, year: int, area: str, **where: str) -> float | None:
    rows = df.filter((pl.col("time_period") == year) & (pl.col("area_code") == area))
    for k, v in where.items():
        rows = rows.filter(pl.col(k) == v)
    assert rows.height == 1, (column, year, area, where)
    return rows[column][0]


def test_referrals_2013_to_2023_capital_category_and_bom():
    # CSC data/c1_..._2013_to_2023.csv (860f53a): 'Category', 'Referrals', 'Re_referrals_percent'
    pub, df = load(FIXTURES / "c1_referrals_2013_to_2023.csv")
    assert pub == "cin_referrals"
    assert cell(df, "referral_count", 2023, "E92000001") == 640430
    assert cell(df, "rereferral_percent", 2023, "E92000001") == 22.4
    assert cell(df, "referral_rate", 2013, "E92000001") == 519.5
    assert cell(df, "no_further_action_count", 2023, "E08000038") == 95  # Barnsley, on its current code
    assert cell(df, "rereferral_count", 2023, "E09000001") is None
    assert cell(df, "rereferral_count__sym", 2023, "E09000001") == "c"


def test_referrals_2013_to_2024():
    pub, df = load(FIXTURES / "c1_referrals_2013_to_2024.csv")
    assert pub == "cin_referrals"
    assert cell(df, "referral_count", 2024, "E92000001") == 621880
    assert cell(df, "referral_rate", 2024, "E92000001") == 518.3


def test_children_in_need_2013_to_2023_with_rates():
    pub, df = load(FIXTURES / "b1_children_in_need_2013_to_2023.csv")
    assert pub == "cin_children_in_need"
    assert cell(df, "At31_episodes", 2019, "E06000028") == 1351  # Bournemouth
    assert cell(df, "At31_episodes_rate", 2019, "E06000028") == 371.4


def test_cla_2019_to_2023_is_cla_not_population():
    # CSC data/cla_number_and_rate_per_10k_children.csv (43a1b59): 'population_count' holds the
    # label, 'number' the count, and the label says 'at 31 March'
    pub, df = load(FIXTURES / "cla_number_and_rate_per_10k_children_2019_to_2023.csv")
    assert pub == "cla_numbers"
    looked_after = {"population_type": "Children looked after on 31 March each year"}
    assert cell(df, "children_count", 2023, "E92000001", **looked_after) == 83840
    assert cell(df, "rate_per_10000", 2019, "E09000033", **looked_after) == 63
    assert cell(df, "children_count", 2019, "E06000028", **looked_after) == 248
    assert cell(df, "population_estimate__sym", 2019, "E06000028", **looked_after) == "x"
    assert set(df["population_type"]) == {
        "Children looked after on 31 March each year",
        "Children starting to be looked after each year",
        "Children ceasing to be looked after each year",
    }


def test_workforce_headline_measures_2017_to_2022():
    # CSC data/csww_headline_measures_2017_to_2022.csv (415b1ea): 'turnover_rate_fte_%' and so on
    pub, df = load(FIXTURES / "csww_headline_measures_2017_to_2022.csv")
    assert pub == "csww"
    assert cell(df, "turnover_rate_fte", 2022, "E92000001") == 17.1
    assert cell(df, "agency_rate_fte", 2022, "E08000038") == 14.3
    assert cell(df, "vacancy_rate_fte", 2017, "E92000001") == 17
    assert cell(df, "caseload_fte", 2022, "E08000024") == 14.1
    assert cell(df, "inpost_fte", 2022, "E92000001") == 31634.1


def test_header_case_spaces_and_bom_are_ignored(tmp_path):
    text = (FIXTURES / "c1_referrals_2013_to_2024.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    odd = ",".join(f" {h.upper()} " if h.startswith("Re") else h.lower() for h in header.split(","))
    f = tmp_path / "c1.csv"
    f.write_text("\ufeff" + odd + "\n" + rest, encoding="utf-8")
    pub, df = load(f)
    assert pub == "cin_referrals"
    assert cell(df, "referral_count", 2024, "E92000001") == 621880


def test_ambiguous_field_names_both_names_seen(tmp_path):
    text = (FIXTURES / "cla_number_and_rate_per_10k_children_2019_to_2023.csv").read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    rows = [r + ",1" for r in rest.strip().split("\n")]
    f = tmp_path / "cla.csv"
    f.write_text(header + ",children_count\n" + "\n".join(rows) + "\n", encoding="utf-8")
    found = recognise(f)
    with pytest.raises(InputError) as e:
        found.loader(f, found.contract, registry(), Warnings())
    assert "'number'" in str(e.value.describe()) and "'children_count'" in str(e.value.describe())


# --- Ofsted outcomes, March 2024 layout -------------------------------------------------------

HEAD_2024 = [
    "Web link", "Local authority name", "LA region",
    *(f"{g} {s}" for g in ("First ILACS", "Second ILACS") for s in (
        "publication date", "inspection type", "overall effectiveness", "impact of leaders",
        "experiences and progress of children who need help and protection",
        "experiences and progress of children in care", "experiences and progress of care leavers")),
]
FORMER_2024 = [
    "Web link", "Local authority name", "LA region",
    *(f"ILACS framework {s}" for s in (
        "publication date", "inspection type", "overall effectiveness", "impact of leaders",
        "experiences and progress of children who need help and protection",
        "experiences and progress of children in care")),
]
RI = "Requires improvement to be good"


def write_ods(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    """A minimal OpenDocument spreadsheet: text cells only."""
    def table(name: str, rows: list[list[str]]) -> str:
        cells = lambda r: "".join(f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>' for v in r)  # noqa: E731
        return f'<table:table table:name="{escape(name)}">' + "".join(f"<table:table-row>{cells(r)}</table:table-row>" for r in rows) + "</table:table>"

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>" + "".join(table(n, r) for n, r in sheets.items()) + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def outcomes_2024(path: Path) -> Path:
    # rows as in LA_Inspection_Outcomes_as_at_March_2024.ods (CSC data/, 564a8ad)
    history = [
        ["ILACS inspections 2018-2024"], ["This worksheet contains two tables"], ["Column A includes a link"],
        HEAD_2024,
        ["Ofsted Local Authority Webpage", "Barking and Dagenham", "London", "2019-04-01", "ILACS Standard Inspection", RI, RI, RI, RI, "",
         "2023-09-04", "ILACS Standard Inspection", RI, RI, RI, RI, "Good"],
        ["Ofsted Local Authority Webpage", "Bedford Borough", "East of England", "2019-08-05", "ILACS Standard Inspection", "Good", "Good", "Good", "Good", ""],
        ["ILACS inspections of local authorities that no longer exist"],
        FORMER_2024,
        ["Ofsted Local Authority Webpage", "Bournemouth", "South West", "2018-08-24", "ILACS Standard Inspection", RI, "Inadequate", RI, RI],
    ]
    latest = [
        ["Local authority inspection judgements as at 31 March 2024"], ["This worksheet contains one table"],
        ["Web link", "Local authority name", "Ofsted region", "Inspection date", "Overall effectiveness"],
        ["Ofsted Local Authority Webpage", "Barking and Dagenham", "London", "2023-07-10", RI],
        ["Ofsted Local Authority Webpage", "Bedford Borough", "East of England", "2019-06-17", "Good"],
    ]
    write_ods(path, {"Cover": [["Local authority inspection outcomes as at 31 March"]], "Inspections_31_March_2024": latest, "ILACS_inspections_2018-2024": history})
    return path


def test_ofsted_outcomes_march_2024_layout(tmp_path):
    pub, df = load(outcomes_2024(tmp_path / "outcomes_2024.ods"))
    assert pub == "ofsted_outcomes"
    from etl.publications.ofsted_at_31_march import COUNTED

    # the sheet of judgements at 31 March 2024 is Ofsted's own count for that date
    counted = df.filter(pl.col("framework") == COUNTED)
    assert [(r["area_code"], str(r["inspection_date"]), str(r["publication_date"]), r["grade"]) for r in counted.sort("area_code").iter_rows(named=True)] == [
        ("E06000055", "2019-06-17", "2024-03-31", 2), ("E09000002", "2023-07-10", "2024-03-31", 3)]
    df = df.filter(pl.col("framework") != COUNTED)
    oe = df.filter(pl.col("judgement") == "overall_effectiveness").sort("area_code", "publication_date")
    rows = [(r["area_code"], str(r["inspection_date"]), str(r["publication_date"]), r["grade"]) for r in oe.iter_rows(named=True)]
    assert rows == [
        ("E06000028", "None", "2018-08-24", 3),  # Bournemouth, from the table of LAs that no longer exist
        ("E06000055", "2019-06-17", "2019-08-05", 2),  # Bedford Borough
        ("E09000002", "None", "2019-04-01", 3),  # Barking and Dagenham's first ILACS: no inspection date given
        ("E09000002", "2023-07-10", "2023-09-04", 3),
    ]
    leaders = df.filter((pl.col("judgement") == "impact_of_leaders") & (pl.col("area_code") == "E06000028"))
    assert leaders["grade_label"].to_list() == ["Inadequate"]
    care_leavers = df.filter(pl.col("judgement") == "care_leavers")
    assert care_leavers["area_code"].to_list() == ["E09000002"]


@pytest.mark.parametrize(
    ("name", "publication", "column", "england_2023", "westminster_2018"),
    [
        ("d3_cpps_subsequent_plan_2013_to_2023.csv", "cin_cpp_subsequent", "CPP_start", 63870, 100),
        ("d5_cpps_at31march_by_duration_2013_to_2023.csv", "cin_cpp_duration", "CPP_At31", 50780, 80),
        ("c3_factors_identified_at_end_of_assessment_2018_to_2023.csv", "cin_assessment_factors", "Episodes_with_assessment_factor", 508360, 1085),
    ],
)
def test_cin_tables_2023_release_with_bom(name, publication, column, england_2023, westminster_2018):
    # CSC data/ (2024-04): the same columns as today's releases, each file starting with a BOM
    pub, df = load(FIXTURES / name)
    assert pub == publication
    assert cell(df, column, 2023, "E92000001") == england_2023
    assert cell(df, column, 2018, "E09000033") == westminster_2018

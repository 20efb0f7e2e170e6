"""The README is true: every command it names exists, every view and column it names exists in a built
warehouse, every public view column carries a COMMENT, every flag rule is documented, and its test
command is the one .ci/run runs."""

from __future__ import annotations

import re
import tomllib

import pytest

from oversight.cli import parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def subcommands() -> set[str]:
    sub = next(a for a in parser()._actions if a.dest == "command")
    return set(sub.choices)


def code() -> list[str]:
    """The README's code: fenced blocks and inline spans."""
    fenced = re.findall(r"```\n(.*?)```", README, flags=re.S)
    rest = re.sub(r"```\n.*?```", "", README, flags=re.S)
    return fenced + re.findall(r"`([^`\n]+)`", rest)


def test_every_command_named_in_the_readme_exists():
    named = {m for c in code() for m in re.findall(r"(?:^|[\s&])(?:oversight|python -m etl|python -m oversight) ([a-z]+)", c)}
    assert named, "the README names no command"
    assert named <= subcommands(), named - subcommands()


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_command_is_documented(command):
    assert f"oversight {command}" in README


def test_every_flag_named_in_the_readme_exists():
    flags = {a for action in parser()._subparsers._group_actions[0].choices.values() for x in action._actions for a in x.option_strings}
    for block in code():
        for usage in re.findall(r"(?:oversight|python -m etl) [a-z]+[^&\n]*", block):
            for flag in re.findall(r"(--[a-z-]+)", usage):
                assert flag in flags, f"{flag} in {usage}"


def _views(con) -> dict[str, set[str]]:
    rows = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal").fetchall()
    out: dict[str, set[str]] = {}
    for view, column in rows:
        out.setdefault(view, set()).add(column)
    # the table macros, whose one parameter is a date (ofsted_as_at, local_authorities_on), and their columns
    macros = con.execute("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'table_macro' AND NOT internal").fetchall()
    for (name,) in macros:
        out[name] = {d[0] for d in con.execute(f"SELECT * FROM {name}(DATE '2025-03-31') LIMIT 0").description}
    # the scalar macros the mart's rules live in (better_of, band_of...): names without columns
    scalar = con.execute("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'macro' AND NOT internal").fetchall()
    out.update({name: set() for (name,) in scalar})
    return out


def test_every_view_macro_and_column_named_in_the_readme_exists(con):
    views = _views(con)
    section = README.split("## Views", 1)[1].split("\n## ", 1)[0]
    for part in section.split("\n### ")[1:]:
        view = part.split("`")[1]
        assert view in views, f"README documents a view {view!r} the warehouse does not have"
        named = {w for w in re.findall(r"`([^`]+)`", part) if IDENT.match(w)}
        mentioned = {w for w in named if w in views}
        allowed = set().union(*(views[v] for v in mentioned | {view})) | mentioned
        assert named <= allowed, f"{view}: {sorted(named - allowed)} are not columns of it"
    also = section.split("Also:", 1)[1]
    for view in re.findall(r"`([a-z_]+)`", also):
        assert view in views, view


def test_every_public_view_and_column_has_a_comment(con):
    missing = con.execute(
        "SELECT table_name || '.' || column_name FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert missing == []
    views = con.execute("SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND (comment IS NULL OR comment = '')").fetchall()
    assert views == []


def test_every_flag_rule_is_documented():
    with (ROOT / "oversight" / "flag_rules.toml").open("rb") as f:
        rules = tomllib.load(f)["rule"]
    for rule in rules:
        assert f"`{rule['id']}`" in README, rule["id"]


def test_the_readme_test_command_is_the_one_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line and not line.startswith("#"))
    assert command in README


def test_the_quick_start_has_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = quick.split("```", 2)[1].strip().splitlines()
    assert len(block) == 2
    assert "oversight build" in block[0] and "oversight serve" in block[0]
    assert block[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readmes_catalogue_table_says_what_the_catalogue_holds():
    """The README's table of the catalogue gave 1 decimal place to four care measures the catalogue
    publishes whole (care leavers in education, employment or training, in suitable accommodation,
    3 or more placements, missing): each row's name, unit, polarity, decimals and headline mark are
    the catalogue's, and every catalogue indicator has a row."""
    from etl import catalogue

    table = README.split("## The indicator catalogue", 1)[1].split("\n\n", 3)[2]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    said = {}
    for ids, name, unit, polarity, dp, headline, _source in rows:
        for i in re.findall(r"`([^`]+)`", ids):
            said[i] = (name, unit, polarity, dp, headline) if "," not in ids else None
    held = {ind.id: ind for ind in catalogue.load()}
    assert set(said) == set(held), set(said) ^ set(held)
    for i, row in said.items():
        if row is not None:  # a row naming two indicators gives the first's name
            ind = held[i]
            assert row == (ind.name, ind.unit, ind.polarity, str(ind.decimals), "yes" if ind.headline else ""), (i, row)


def test_the_readmes_counts_of_the_warehouse_are_its_own(con):
    """The README said the data page opens on "a grid of 442 rows" and the catalogue carries LAIT "31 measures today",
    where the warehouse held 441 indicators and 32 such measures: each count it gives is read back here."""
    text = README
    indicators = con.execute("SELECT count(*) FROM indicators").fetchall()[0][0]
    values = con.execute("SELECT count(*) FROM indicator_values").fetchall()[0][0]
    carried = con.execute("SELECT count(*) FROM warehouse.lait_measures WHERE indicator_id IS NULL").fetchall()[0][0]
    assert f"keeps priority ({carried} measures today)" in text
    assert f"a grid of {indicators} rows" in text and f"(a {indicators}-row grid" in text
    assert f"The mart over the {values:,} values ({indicators} indicators)" in text


def test_the_readmes_flag_counts_and_ofsted_example_are_the_warehouses(con):
    """The README gave 27, 35 and 22 LAs for three rules and 74 flagged, and "70 good or outstanding and 20
    inadequate" on 31 March 2019, where the warehouse gave 26, 29, 19, 68, and 69 and 22: each is read back here."""
    import polars as pl

    from oversight import flags, report

    now = flags.flagged(con)
    las = dict(now.group_by("rule_id").agg(pl.col("area_code").n_unique()).iter_rows())
    text = " ".join(README.split())
    assert (f"`far_from_neighbours` {las['far_from_neighbours']} LAs, `far_from_england` {las['far_from_england']}, `funnel_outlier` "
            f"{las['funnel_outlier']}, `latest_figure_missing` {las['latest_figure_missing']}, `ofsted_inadequate` {las['ofsted_inadequate']}, "
            f"`ofsted_worsened` {las['ofsted_worsened']}, and {now['area_code'].n_unique()} of 153 LAs raise any flag "
            f"({flags.flagged(con, 2025)['area_code'].n_unique()} as the data stood on 31 March 2025, "
            f"{flags.flagged(con, 2014)['area_code'].n_unique()} of 152 on 31 March 2014;") in text
    # the chance rates beside them (the README had said 2.1% over 16 indicators where the watchlist says 2.0% over 15)
    rates = flags.expected_rates(con)
    (k,) = con.execute("SELECT count(*) FROM indicators WHERE headline AND polarity IN ('higher', 'lower')").fetchall()[0]
    assert f"{rates['far_from_neighbours']:.1%} for the robust rules over the {k} headline indicators with a polarity, {rates['funnel_outlier']:.1%} for the funnel" in text
    said = next(s for s in report.summary(con, 2019) if "Ofsted" in s)
    tail = said.split("re-inspection): ")[1]
    assert " ".join(tail.split()) in text


def test_the_readmes_count_of_reconciled_rates_is_the_warehouses(con):
    """The README said "1,631 authority-years" for rates of which 120 are regions' and England's."""
    total, las, agree = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE a.geographic_level = 'Local authority'), bool_and(within_tolerance) FROM reconciliation r "
        "JOIN areas a USING (area_code) WHERE indicator_id IN ('cla_rate_per_10k', 'cla_started_rate_per_10k')").fetchall()[0]
    assert agree and f"({total:,} area-years, {las:,} of them authorities' and the rest regions' and England's, every one within rounding)" in " ".join(README.split())


def test_the_readmes_query_for_the_comments_lists_the_views_columns_only(con):
    """Run as the README gave it, it returned 365 rows, 150 of them DuckDB's own system views with no comment."""
    [query] = re.findall(r"`(SELECT table_name, column_name, comment FROM\s+duckdb_columns\(\)[^`]*)`", README)
    rows = con.execute(query).fetchall()
    assert len(rows) > 100 and all(comment for _, _, comment in rows)
    assert not {t for t, _, _ in rows} & {"duckdb_columns", "sqlite_master"}


def _comment(con, table: str, column: str | None = None) -> str:
    if column is None:
        return con.execute("SELECT comment FROM duckdb_views() WHERE view_name = ?", [table]).fetchall()[0][0]
    return con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = ? AND column_name = ?", [table, column]).fetchall()[0][0]


def test_the_comments_say_what_the_columns_hold(con):
    """An analyst writing SQL from the comments: `closeness` had left out "Extremely close" (16 rows), `population`
    was "ONS mid-year estimates" where 21 bases are implied by DfE's counts and rates, and `load_log.rows` was "rows
    read from the file" where the neighbour file's 153 lines gave 1,530."""
    closeness = _comment(con, "statistical_neighbours", "closeness")
    held = [c for (c,) in con.execute("SELECT DISTINCT closeness FROM statistical_neighbours WHERE closeness IS NOT NULL").fetchall()]
    assert "Extremely close" in held and all(c in closeness for c in held)
    implied = con.execute("SELECT count(*) FROM population WHERE source_file LIKE '%implied by%'").fetchall()[0][0]
    assert implied == 21 and "implied by DfE's own published counts and rates" in _comment(con, "population")
    wide = con.execute("SELECT rows FROM load_log WHERE publication = 'sn_model_2025'").fetchall()
    assert wide == [(1530,)] and "not its line count" in _comment(con, "load_log", "rows")


def test_the_readmes_count_of_former_authorities_later_figures_is_the_warehouses(con):
    """The README said LAIT gives "a few figures" for former authorities after their last year, where it gives 305."""
    total, areas, young, headline = con.execute(
        "SELECT count(*), count(DISTINCT area_code), count(*) FILTER (WHERE i.topic IN ('Attainment by age 19', 'Children with SEN', "
        "'Further & Higher Education', 'Youth Offending')), count(*) FILTER (WHERE i.headline) FROM indicator_values v "
        "JOIN areas a USING (area_code) JOIN indicators i USING (indicator_id) WHERE NOT a.is_current AND v.time_period > a.last_year").fetchall()[0]
    text = " ".join(README.split())
    assert f"LAIT gives {total} figures for {areas} former authorities after their last year: most ({young})" in text
    assert f"{headline} are headline figures" in text

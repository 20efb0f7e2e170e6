"""Watchlist: every LA against every early-warning flag, with a severity score."""

import datetime as dt
import math

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from oversight import exports, flags, widgets
from oversight import ofsted_queries as oq
from oversight import page_state as ps
from oversight import queries as q
from oversight.formatting import in_sentence, listing, periods_sentence, plain

con = ps.connection()
widgets.heading("Watchlist", 1)
st.caption("Early-warning flags: each rule, and how often it fires, is listed at the foot of the page. 'Worse' follows each indicator's polarity. "
           f"The severity score adds {flags.SEVERITY['high']} for each high flag, {flags.SEVERITY['medium']} for each medium and {flags.SEVERITY['low']} "
           "for each low; missing figures add once in all, and a figure that several statistical rules flag adds once (an Inadequate "
           "judgement that is also a fall counts under both Ofsted rules).")

years = ps.cached(q.years, "referrals_count")
LATEST = "latest"
asked_year = st.query_params.get("year")
as_at = ps.linked_choice(
    st.selectbox,
    "Flags as the data stood",
    [LATEST, *years],
    int(asked_year) if asked_year and asked_year.isascii() and asked_year.isdigit() and int(asked_year) in years else LATEST,
    "watchlist-year",
    # a year is its collection's figures, whose workforce is at 30 September of it, and the judgements at 31 March: "as the
    # data stood on 31 March 2025" had flagged Dudley's turnover at 30 September 2025
    format_func=lambda y: "now: latest figures and every Ofsted judgement published" if y == LATEST else f"the {y} collection year (Ofsted at 31 March {y})",
)
year = None if as_at == LATEST else int(as_at)
if asked_year and as_at == LATEST and asked_year != LATEST:
    st.info(plain(f"The link asks for flags of {asked_year}, which is not a collection year held ({years[-1]} to {years[0]}); showing the latest."))
found = ps.cached(flags.flagged, year)
# as at a year, Ofsted's judgements as its statistics count them (the flags' basis): the latest inspection carried out by 31 March
las = ps.cached(q.ofsted_current, None if year is None else dt.date(year, 3, 31), year is not None).with_columns(oq.official_shown())
if year is not None:
    basis = f"{periods_sentence(ps.cached(q.headline_periods, year), year)} Ofsted judgements on 31 March {year}, {ps.cached(oq.counted_basis, year)}."
    st.caption(basis)
else:  # which year "now" is, as a year chosen says it: a report writer could not cite the default view's figures
    st.caption(plain(f"Each indicator's latest figures. {ps.as_at_line()}"))
rules = flags.rules()

# two filters to a row: in four columns a chosen region read "North …", North East and North West alike
c1, c2 = st.columns(2)
c3, c4 = st.columns([3, 2])
regions = sorted(las["region_name"].drop_nulls().unique().to_list())
region = ps.linked_choice(c1.multiselect, "Region", regions, ps.url_choices("region", regions, "region"), "watchlist-region", select_all=False)
grades = ps.cached(q.grade_labels)
grade = ps.linked_choice(c2.multiselect, "Ofsted overall judgement", grades, ps.url_choices("grade", grades, "Ofsted judgement"), "watchlist-grade", select_all=False)
rule_titles = {r.id: r.title for r in rules}


only = ps.linked_choice(c3.multiselect, "Flag", list(rule_titles), ps.url_choices("flag", rule_titles, "flag"), "watchlist-flag", format_func=rule_titles.get, select_all=False)
MATCH = {"and": "all chosen flags (AND)", "or": "any chosen flag (OR)"}
asked_match = st.query_params.get("match")
match = ps.linked_choice(c4.radio, "Show LAs with", list(MATCH), "or" if asked_match == "or" else "and", "watchlist-match", format_func=MATCH.get)
# "or" kept in the link before any flag is chosen: dropped, the choice went back to "and" with the first flag
ps.sync_url(year=year, region=region or None, grade=grade or None, flag=only or None, match=match if match == "or" else None)

mat = (
    flags.matrix(found, las.select("area_code", "area_name", "region_name"))
    .join(las.select("area_code", "grade_label", "inspection_date", "ungraded_since", "official"), on="area_code")
    .sort(["severity_score", "area_name"], descending=[True, False])
)
highest = max(1, int(mat["severity_score"].max() or 1))  # the bars' scale: every authority's, whatever the filters keep
# the reader's own authority first: BCP, with no flag, could be found only by scrolling 153 rows
if (mine := ps.chosen_area()) is not None and (place := flags.standing(mat, mine)) is not None:
    raised = found.filter(pl.col("area_code") == mine)
    st.info(plain(
        f"{ps.subjects()[mine]}: " + (f"severity score {place['score']}, ranked {place['rank']} of {place['of']}{', tied' if place['tied'] else ''}; "
                                      f"{raised.height} flag{'s' if raised.height != 1 else ''} ({listing(sorted(set(raised['title'].to_list())))}); why, below."
                                      if raised.height else "no early-warning flag.")))
if region:
    mat = mat.filter(pl.col("region_name").is_in(region))
if grade:
    mat = mat.filter(pl.col("grade_label").is_in(grade))
mat = flags.filter_matrix(mat, only, match)
shown = found.filter(pl.col("area_code").is_in(mat["area_code"].to_list()))
flagged_las = mat.filter(pl.col("severity_score") > 0)
# every rule, those that flag none with 0: "9 in all" below had listed 8 here
by_rule = "; ".join(f"{in_sentence(rule_titles[r.id])}: {mat.filter(pl.col(r.id) > 0).height}" for r in rules)
if only:
    joiner = " and " if match == "and" else " or "
    st.markdown(f"**{mat.height} local authorit{'y' if mat.height == 1 else 'ies'}** raise{'s' if mat.height == 1 else ''} {'every one' if match == 'and' else 'at least one'} of: {joiner.join(in_sentence(rule_titles[r]) for r in only)}.")
st.markdown(f"**{flagged_las.height} of {mat.height} local authorities** shown are flagged. By flag: {by_rule or 'none'}.")

mat = mat.with_columns(pl.concat_str(pl.lit("/profile?area="), pl.col("area_code")).alias("profile"))
# pixels, at the tables' 14 px font (about 6.5 a character and 16 of padding): the longest region whole (names: widgets.NAME_WIDTH)
WIDEST_REGION = 175


def lines(n: int) -> int:
    """A row's height in pixels for text wrapped over n lines (Streamlit wraps a cell's text only in rows taller than 4rem, 64 px)."""
    return 12 + 21 * n


HEADER = 38  # a table's heading row and borders, in pixels
SHOWN_WHOLE = 10  # explanations in view before the table scrolls (600 px showed 4 of the East Midlands' 11)
# at 1,280 px the flag columns begin past the table's right edge, with nothing to say they are there
st.caption(f"One column per flag, {len(rules)} in all, to the right of the Ofsted judgement and its dates: scroll the table sideways for them.")
# each column's heading, in the table and its CSV alike (a committee clerk had "far_from_neighbours" and "official" in the file)
HEADINGS = {"area_code": "ONS code", "area_name": "Local authority", "region_name": "Region", "severity_score": "Severity score",
            "grade_label": "Ofsted overall", "inspection_date": "Inspected", "ungraded_since": "Inspected again, no grade yet",
            "official": "In the official statistics"} | {r.id: r.short for r in rules}
widgets.table(
    # the score beside the name it ranks, its number in view at 1,280 px (after the region and judgement it was past the edge)
    mat.select(["profile", "area_name", "severity_score", "region_name", "grade_label", "inspection_date", "ungraded_since", "official", *rule_titles]),
    column_config={
        "profile": st.column_config.LinkColumn("Profile", display_text="open", help="Opens the LA's profile"),
        "area_name": st.column_config.TextColumn(HEADINGS["area_name"], pinned=True, width=widgets.NAME_WIDTH),  # stays in view while the flag columns scroll
        "region_name": st.column_config.TextColumn(HEADINGS["region_name"], width=WIDEST_REGION),
        "grade_label": st.column_config.TextColumn(HEADINGS["grade_label"], width=widgets.JUDGEMENT_WIDTH),
        # a later inspection whose overall grade the source does not give may have replaced the judgement beside it
        # (Brent's Good of 2023, inspected again on 27 April 2026): the column had given the 2023 date alone
        "ungraded_since": st.column_config.DateColumn(HEADINGS["ungraded_since"], format="D MMM YYYY", width=widgets.text_px(HEADINGS["ungraded_since"]),
                                                      help="A later inspection whose overall grade the source does not give yet"),
        # a judgement Ofsted has published since its latest official statistics (Bradford's of January 2026, from the
        # data-to-insight overview) read as an official one, in the table and its CSV
        "official": st.column_config.TextColumn(HEADINGS["official"], width=widgets.OFFICIAL_WIDTH,
                                                help="not yet: published by Ofsted since its latest official statistics; from the data-to-insight overview"),
        "severity_score": st.column_config.ProgressColumn(HEADINGS["severity_score"], min_value=0, max_value=highest, format="%d", width=130,
                                                          help=f"Bars on one scale: a full bar is the highest score of any authority ({highest})"),
        **{r.id: st.column_config.NumberColumn(HEADINGS[r.id], help=r.title) for r in rules},
    },
)
# the CSVs say when the flags stood, as the page does: "now" read the same in a file saved a year ago
ofsted_to = ps.cached(q.ofsted_as_of)
as_at_text = (f"the {year} collection year. {basis}" if year is not None else
              f"latest figures in the warehouse built {ps.built()}"
              + (f"; Ofsted judgements published to {ofsted_to:%-d %B %Y}" if ofsted_to else ""))
widgets.download(st, "Download watchlist CSV", exports.csv_bytes(exports.with_context(mat.drop("profile").rename(HEADINGS, strict=False), {"Flags as at": as_at_text})),
                 file_name="watchlist.csv", mime="text/csv")

widgets.heading("Why each authority is flagged")
st.text("Most severe first (high, medium, low), then by local authority.")
explained = shown.sort(["score", "area_name", "rule_id"], descending=[True, False, False]).rename({"title": "flag"})
EXPLANATION_PX = 420
# within the page's 818 px at 1,280 a cell's text wraps: rows of five lines (248 characters), or as many as the longest
# explanation needs, with a line to spare for where its words break (Richmond's shared figure, 303 characters, in six)
longest = int(explained["message"].str.len_chars().max() or 0)
row = lines(max(5, math.ceil(longest * widgets.CHARACTER_PX / (EXPLANATION_PX - widgets.PADDING_PX)) + 1))
widgets.table(
    explained.select("area_name", "severity", "flag", "message"),
    column_config={"message": st.column_config.TextColumn("Explanation", width=EXPLANATION_PX), "flag": st.column_config.TextColumn("Flag", width=170),
                   "area_name": st.column_config.TextColumn("Local authority", width=150, pinned=True), "severity": st.column_config.TextColumn("Severity", width=70)},
    row_height=row,
    height=HEADER + row * min(SHOWN_WHOLE, max(1, explained.height)),  # a short result without empty rows under it
)
widgets.download(st, "Download flags CSV", exports.csv_bytes(exports.with_context(explained.rename(
    HEADINGS | {"rule_id": "Flag id", "flag": "Flag", "severity": "Severity", "score": "Severity points",
    # what each flag adds to its authority's severity score, so the rows sum to it: a figure several statistical rules flag counts once
    "counted": "Points in the severity score", "message": "Explanation", "indicator_id": "Indicator id"}, strict=False),
    {"Flags as at": as_at_text})), file_name="flags.csv", mime="text/csv")

# the percentages the statistical rules leave untested, their base too small for a test against chance (flags.untested): the
# Isles of Scilly's agency social workers, 2 FTE of 2, had raised four medium flags as 100%
untested = ps.cached(flags.not_tested, year).filter(pl.col("area_code").is_in(mat["area_code"].to_list()))
LEAST = next(r.params["min_expected"] for r in rules if "min_expected" in r.params)  # flag_rules.toml's, 5


def draw_untested(box: DeltaGenerator) -> None:
    box.text(f"The statistical rules (far from its neighbours, far from England, the funnel) do not test a percentage whose base is too "
             f"small for a test against chance: where England's rate of that base gives fewer than {LEAST:g}, as each row says, or, near "
             "100%, leaves fewer than that. Each is still counted in its "
             "neighbours' and England's centre. Other pages mark a percentage on a base under 100 as moved a lot by a difference of one; "
             f"such a figure is still tested here where England's rate of its base gives {LEAST:g} or more.")
    widgets.table(untested.select(pl.col("area_name").alias("Local authority"), pl.col("message").alias("Figure")), where=box,
                  column_config={"Local authority": st.column_config.TextColumn("Local authority", width=150),
                                 "Figure": st.column_config.TextColumn("Figure", width=600)},
                  row_height=lines(3), height=HEADER + lines(3) * untested.height)  # the longest wrapped; every row in view (5 of 8 had been)


if not untested.is_empty():
    widgets.table_when_opened(f"Not tested: {untested.height} figure{'s' if untested.height != 1 else ''} on too small a base", "untested", None,
                              draw_untested)

widgets.heading("How often each rule fires in England")
summary = flags.rule_summary(found, las.height, ps.cached(flags.expected_rates))  # every authority's flags, counted
if region or grade or only:  # a region's counts under England's had read as the region's
    st.text(f"Counted over all {las.height} authorities, whatever the filters above keep; the counts for the authorities shown are in the sentence at the top.")
st.text(
    "For the statistical rules, the share of authorities a rule would flag by chance alone if every authority were like the others "
    "(normal tails, over the indicators it tests), beside the share it flags: far more than that suggests that authorities differ "
    f"by more than chance. They do not test a percentage whose base is too small for it, where England's rate of that base gives fewer "
    f"than {LEAST:g} (the Isles of Scilly's agency social workers, 2 of 2): those are listed above, under 'Not tested'. "
    "Other rules are plain conditions, with no chance rate."
)
widgets.table(
    summary,
    column_config={
        # within the page's 818 px at 1,280, the share flagged beside the share expected by chance
        "rule_id": None, "title": st.column_config.TextColumn("Rule", width=340), "severity": st.column_config.TextColumn("Severity", width=150),
        "expected_pct": st.column_config.NumberColumn("By chance (%)", format="%.1f%%", width=110, help="The share of LAs expected to be flagged by chance alone"),
        "las_flagged": st.column_config.NumberColumn("LAs flagged", format="%d", width=90),
        "flagged_pct": st.column_config.NumberColumn("LAs flagged (%)", format="%.0f%%", width=115),
    },
    row_height=lines(3),  # the longest rule name (92 characters) wrapped
    height=HEADER + lines(3) * summary.height,  # every rule in view
)

"""Ofsted: every LA's current judgement, the map, the share good or outstanding since 2009, and every inspection, one tab at a time."""

import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from oversight import charts, exports, maps, widgets
from oversight import ofsted_queries as oq
from oversight import page_state as ps
from oversight import queries as q
from oversight.formatting import column_label, listing, plain

con = ps.connection()
NOTE = 560  # pixels: a source note's first 80 characters or so
EVERY = "all"  # the inspections table's choice of every authority
# pixels: "inspected again 27 April 2026, no overall grade yet" whole (Chromium draws it in about 305), and in the box, 786 px
# wide at 1,280, the judgement whole after it (at 340 it read "Requires improvement to be gooc")
BESIDE_YEARS = 320
INSPECTION_WIDTH = widgets.text_px("ILACS Standard Inspection")  # pixels: the current framework's types whole, older long ones cut
widgets.heading("Ofsted judgements", 1)
cur = ps.cached(q.ofsted_current)
grades = ps.cached(q.grade_labels)
counts = ps.cached(q.judgement_counts)
summary = ", ".join(f"{r['count']} {r['grade_label']}" for r in counts.iter_rows(named=True))
as_at = cur["as_at"][0] if cur.height else None
unofficial = int(counts["not_yet_official"].sum())
st.write(f"Overall effectiveness in force on {as_at:%-d %B %Y} (the latest Ofsted publication loaded) for the {cur.height} local authorities: {summary}." if as_at else "No Ofsted judgement is loaded.")
if again := oq.regraded_note(cur):  # the counts above include them by their earlier judgements
    st.info(plain(again))
# the reader's own authority first: a director should not have to find its row in the grids below; once
# chosen, it is in the link, so a colleague opening the link reads the same line
chosen = ps.chosen_area()
ps.sync_url(area=chosen)
if (mine := cur.filter(pl.col("area_code") == ps.my_area())).height:
    st.write(plain(oq.in_force_sentence(mine.row(0, named=True))))
in_force = {"Judgements in force on": f"{as_at:%-d %B %Y}" if as_at else "", "Source": oq.source_of(unofficial)}  # the pictures' and CSVs' first lines
if unofficial:
    st.info(f"{unofficial} of these judgements {'was' if unofficial == 1 else 'were'} published by Ofsted after its last official statistics file; "
            f"{'it comes' if unofficial == 1 else 'they come'} from the third-party overview of Ofsted's reports (data-to-insight) and "
            f"{'is' if unofficial == 1 else 'are'} marked as not yet in the official statistics.")


def now() -> None:
    """Each authority's judgement in force, by region, and how long since it was given."""
    widgets.heading("Current overall judgement by region")
    mine = cur.filter(pl.col("area_code") == (chosen or ""))  # the reader's authority, once chosen: outlined, as on the map
    widgets.chart_block(
        charts.grade_tiles(cur, grades, chosen if mine.height else None),
        # the judgement before beside it: a report writer looking for the authorities that moved from inadequate to good worked it out from 920 rows
        cur.select("area_name", "region_name", "grade_label", "inspection_date", "inspection_type", "years_since_inspection",
                   pl.col("previous_grade_label").alias("judgement_before")),
        f"Tile chart with one square per local authority, grouped in rows by region and coloured by latest overall judgement: {summary}. "
        "Good or outstanding, by region: " + "; ".join(
            f"{r['region_name']} {r['good']} of {r['n']}"
            for r in cur.group_by("region_name").agg(pl.len().alias("n"), pl.col("grade_label").is_in(grades[:2]).sum().alias("good")).sort("region_name").iter_rows(named=True)
        ) + "." + (f" {mine['area_name'][0]} is outlined." if mine.height else ""),
        "ofsted-tiles",
        context=in_force,
        heading="Current overall judgement by region",
    )

    risen = cur.filter((pl.col("previous_grade") == 4) & (pl.col("grade") <= 2)).sort("area_name")
    if risen.height:
        st.text(f"Good or outstanding now, inadequate at the inspection before: {risen.height} authorit{'y' if risen.height == 1 else 'ies'}: "
                + listing([f"{r['area_name']} ({r['grade_label']}{'' if r['official'] else ', not yet in the official statistics'})" for r in risen.iter_rows(named=True)])
                + ". The data behind the tiles gives every authority's judgement before.")

    widgets.heading("Time since the last graded inspection")
    dates = ps.ofsted_dates()
    st.text((f"{dates}. " if dates else "") + "A graded inspection is one that gives an overall effectiveness judgement (an ILACS short or standard inspection, "
            "or an inspection under an earlier framework); focused visits and monitoring visits are not. Years since the last one are counted "
            "to the Ofsted data's latest publication date.")
    if longest := oq.longest_since(cur):
        st.text(longest)

    def every_authority(box: DeltaGenerator) -> None:
        ordered = oq.longest_first(cur)  # in the order the sentence above names them
        since = (ordered
                 .select("area_name", "years_since_inspection",
                         # a later inspection whose grade is not in the source yet is said beside the years, so they are not read as overdue
                         # (Somerset's 3.9 years had its note past the table's right edge)
                         pl.concat_str([pl.col("ungraded_since").dt.strftime(f"inspected again %-d %B %Y, {oq.NO_GRADE_YET}"), pl.col("status_note")],
                                       separator="; ", ignore_nulls=True).fill_null("").alias("status_note"),
                         "grade_label", "inspection_date", "inspection_type", "region_name"))
        headings = {"area_name": "Local authority", "region_name": "Region", "grade_label": "Overall effectiveness", "inspection_type": "Type",
                    "years_since_inspection": "Years since", "status_note": "Source note"}
        widgets.table(
            since,
            column_config={
                "area_name": headings["area_name"],
                "region_name": headings["region_name"],
                "grade_label": st.column_config.TextColumn(headings["grade_label"], width=widgets.JUDGEMENT_WIDTH),
                "inspection_type": headings["inspection_type"],
                "years_since_inspection": st.column_config.NumberColumn(headings["years_since_inspection"], format="%.1f",
                                                                        help="Measured at the date of the latest Ofsted publication loaded"),
                # beside the years, narrow enough to leave the judgement in view at 1,280 px (a longer note is cut; the box above says it whole)
                "status_note": st.column_config.TextColumn(headings["status_note"], width=BESIDE_YEARS),
            },
            # the reader's authority shaded, as the tiles outline it: Bradford's director had looked for its row among 153
            tints=[charts.ROW_TINT["Selected LA"] if code == chosen else None for code in ordered["area_code"]],
            where=box,
        )
        if mine.height:  # and where: the table is longest first, so a row is found by its place (Bradford's is 141st of 153)
            row = ordered["area_code"].to_list().index(chosen) + 1
            box.caption(plain(f"Shaded: {mine['area_name'][0]}, as outlined on the tiles above, row {row} of {ordered.height}."))
        # for a report's table: headed as on screen, and saying to when the years are counted and from where, as the tiles' CSV does
        widgets.download(box, "Download time since inspection CSV", exports.csv_bytes(exports.with_context(exports.headed(since, headings), in_force)),
                         file_name="ofsted-time-since-inspection.csv", mime="text/csv")

    # every authority's on request, as compare's ranking: drawn on every view, it and the tiles' unused columns had cost the browser
    # 466 ms of main thread a load against 367 without
    widgets.table_when_opened("Every authority, the longest since a graded inspection first", "time-since", None, draw=every_authority, linked=True)

    widgets.heading("Sub-judgements at the latest inspection")
    st.text("Every judgement of each authority's latest ILACS inspection: from Ofsted's official files, or, for an inspection published "
            "since the last of them, from the third-party overview of Ofsted's reports, which gives the sub-judgements too (marked "
            "'not yet' in the official statistics). The care leavers judgement began in 2023: earlier inspections have none.")
    box = st.expander("Every judgement at each authority's latest inspection", key="sub-judgements", on_change="rerun")
    if box.open:
        sub = (
            ps.cached(q.latest_sub_judgements)
            .with_columns(oq.official_shown())
            .pivot(on="judgement", index=["area_name", "inspection_date", "official"], values="grade_label").sort("area_name")
        )
        if "overall_effectiveness" in sub.columns:  # first; the overview gives a few inspections' sub-judgements without it
            sub = sub.select("area_name", "inspection_date", "official", pl.col("overall_effectiveness").fill_null("no grade in the source"),
                             pl.exclude("area_name", "inspection_date", "official", "overall_effectiveness"))
        widgets.table(sub, where=box, column_config={
            **{j: st.column_config.TextColumn(column_label(j), width=widgets.JUDGEMENT_WIDTH) for j in sub.columns if j not in ("area_name", "inspection_date", "official")},  # whole grades
            "area_name": st.column_config.TextColumn("Local authority", width="medium", pinned=True),  # in view while the judgements scroll
            "official": st.column_config.TextColumn("In the official statistics", width=widgets.OFFICIAL_WIDTH),
        })
        widgets.download(box, "Download sub-judgements CSV", exports.csv_bytes(sub), file_name="ofsted-sub-judgements.csv", mime="text/csv")


def on_the_map() -> None:
    widgets.heading("Map of the judgements in force at the latest Ofsted publication loaded")
    outlined = ps.subjects().get(chosen) if chosen in set(cur["area_code"].to_list()) else None  # the reader's authority, once chosen
    widgets.map_chart(ps.cached(maps.ofsted_spec_today, chosen if outlined else None),
                      f"Map of England's {cur.height} local authorities coloured by the overall Ofsted judgement in force "
                      f"at the latest Ofsted publication loaded, with region outlines{f' and {outlined} outlined' if outlined else ''}: {summary}.")
    st.caption("The Map page picks a date, an authority to outline, or any indicator instead.")
    st.page_link("pages/map.py", label="Open the map")


def since_2009() -> None:
    """The share good or outstanding since 2009, and ILACS's judgements by year since 2018."""
    widgets.heading("Local authorities good or outstanding since 2009")
    series = ps.cached(oq.good_or_outstanding_series)
    widgets.chart_block(
        maps.series_chart(series, ps.cached(oq.framework_breaks)),
        series,
        maps.series_description(series),
        "ofsted-good-or-outstanding",
        # the picture and the CSV say what they are: the page's heading, to when, and from where
        context={"Judgements published to": f"{series['on_date'].max():%-d %B %Y}", "Source": oq.WITH_OVERVIEW} if series.height else None,
        heading="Local authorities judged good or outstanding since 2009",
        what="line chart",
    )

    widgets.heading("ILACS judgements by calendar year of inspection")
    dist = ps.cached(q.ofsted_distribution)
    widgets.chart_block(
        # the page's width and room for the key under the plot; the pack's pictures keep 60 px a year
        charts.grade_distribution(dist, "year_label", "Calendar year of inspection", grades).properties(width="container", height=charts.KEYED_HEIGHT),
        dist.drop("year"),
        "Stacked bar chart of ILACS overall effectiveness judgements in Ofsted's official statistics by calendar year of inspection since 2018"
        + ("; " + ", ".join(f"{r['year_label']}: {r['count']} inspections" for r in dist.group_by("year_label", maintain_order=True).agg(pl.col("count").sum()).iter_rows(named=True)))
        + ". A year labelled 'to' a date is a part year: the official statistics stop there.",
        "ofsted-distribution",
        context={"Judgements": "ILACS inspections only", "Source": oq.OFFICIAL_SOURCE},
        heading="ILACS overall effectiveness judgements by calendar year of inspection",
        what="bar chart",
    )


OF_KEY = "inspections-of"  # the choice (page_state.linked_choice keeps the ?of= it last followed beside it)


def every_inspection() -> None:
    history = ps.cached(oq.inspections)
    # a director reads her own authority's; the choice is in the link (?of=E09000008), every authority by default
    # (former authorities by their subjects' labels, "Dorset (until 2019)", as every picker names them)
    names = {c: label for c, label in ps.subjects().items() if c in set(history["area_code"].to_list())}
    choices = [EVERY, *sorted(names, key=names.__getitem__)]
    if (asked := st.query_params.get("of")) is not None and asked not in choices:
        st.warning(plain(f"Unknown authority '{asked}' in the link; showing every authority's inspections."))
    # a link naming another authority than the one chosen here (the page link "Before April 2021: the inspections of
    # Northamptonshire") is followed: the choice kept from before had overruled it. Without ?of= (the tab left and opened
    # again), the choice kept; at first, the authority chosen ("my authority", or the link's ?area=): Sandwell's director
    # opened it on every authority's
    held, fallback = st.session_state.get(OF_KEY), ps.chosen_area() if asked is None else EVERY
    wanted = asked if asked in choices else held if held in choices else fallback if fallback in choices else EVERY
    of = ps.linked_choice(st.selectbox, "Inspections of", choices, wanted, OF_KEY, format_func=lambda c: "Every authority" if c == EVERY else names[c])
    ps.sync_url(of=None if of == EVERY else of)
    widgets.heading(f"Every inspection of {names[of]} since 2009" if of != EVERY else "Every inspection since 2009")
    if of != EVERY:
        history = history.filter(pl.col("area_code") == of)
        # the inspections before a boundary change are the former authority's, as the profile's timeline links them: North
        # Northamptonshire's list began in 2022, with nothing to say Northamptonshire's (Inadequate in 2019) are a choice away
        for r in ps.cached(q.boundary_breaks, [of]).filter(pl.col("predecessor_code").is_in(list(names))).iter_rows(named=True):
            st.page_link("pages/ofsted.py", label=plain(f"Before April {r['last_year']}: the inspections of {r['predecessor_label']}"),
                         query_params={"of": r["predecessor_code"], "tab": "Every inspection"}, icon=":material/arrow_forward:")
    # the visits are listed for one year only: said, so the table is not read as every visit since 2009, in the profile's
    # words and over every authority's visits (Wolverhampton's one visit had read "listed on 2 October 2024 only", as if
    # Ofsted listed visits that day alone, and the file's name stood for its title)
    first, last = ps.cached(oq.visits_listed)
    visits = history.filter(pl.col("framework").str.ends_with("visit")).height
    listed = (f" Focused and monitoring visits are listed from {first:%-d %B %Y} to {last:%-d %B %Y} only: the other Ofsted files loaded list "
              "inspections, not visits" + (f"; {visits} in that time" if of == EVERY else f"; {names[of]} had {visits} in that time" if ps.is_la(of)
                                           else "") + "."  # a former authority had none then: "Cumbria (until 2023) had 0" read as a count
              if first is not None else "")
    # the frameworks before 2018 give no inspection date: said, where the profile's table writes "not given" (a blank had read as missing data)
    undated = history["inspection_date"].null_count()
    undated_text = (f" {undated} of these inspection{'s' if undated != 1 else ''}, under frameworks before 2018, "
                    f"{'have' if undated != 1 else 'has'} no inspection date in Ofsted's data: Inspected is blank, and Published dates {'them' if undated != 1 else 'it'}."
                    if undated else "")
    st.caption(plain("Judgements marked as not official were published by Ofsted but are not yet in the official statistics; "
                     "they come from the data-to-insight ILACS overview (third party). SLAC, CPI, CPRI and TLAC's third grade was adequate, "
                     "which Ofsted's data restates as requires improvement to be good." + listed + undated_text))
    # whether a judgement is official straight after it: the caption speaks of that mark, and after the visit theme it
    # was past the edge at 1,400 px, so Leeds' Outstanding of June 2025 read as official
    shown = history.select("area_name", "framework", "inspection_type", "inspection_date", "publication_date",
                           oq.judgement_shown(),  # a blank judgement says why
                           oq.official_shown(), "visit_theme", pl.col("status_note").fill_null(""), "source_file", "area_code", "overall_grade")
    # headed alike on screen and in the CSV (the file had said area_name, framework, inspection_type under a table of words)
    headings = {"area_name": "Local authority", "framework": "Framework", "inspection_type": "Inspection", "inspection_date": "Inspected",
                "publication_date": "Published", "judgement": "Overall judgement", "official": "In the official statistics", "visit_theme": "Visit theme",
                "status_note": "Note", "source_file": "Source file", "area_code": "ONS code", "overall_grade": "Overall grade (Ofsted's number)"}
    widgets.table(
        shown.drop("area_code", "overall_grade"),
        column_config={
            # the type in Ofsted's words, cut where long ("Review of the Local Safeguarding Children Board" whole had pushed
            # whether the judgement is official past the edge at 1,400 px), whole on hover and in the CSV
            "area_name": headings["area_name"], "framework": headings["framework"],
            "inspection_type": st.column_config.TextColumn(headings["inspection_type"], width=INSPECTION_WIDTH),
            "judgement": st.column_config.TextColumn(headings["judgement"], width=widgets.JUDGEMENT_WIDTH), "visit_theme": headings["visit_theme"],
            "official": st.column_config.TextColumn(headings["official"], width=widgets.OFFICIAL_WIDTH),
            "status_note": st.column_config.TextColumn(headings["status_note"], width=NOTE), "source_file": headings["source_file"],
        },
    )
    # what the table shows (a blank judgement's reason, "not yet" official), then the ONS code and Ofsted's grade number
    # what it holds and from where, on every row, as the page's other downloads say it
    said = {"Inspections of": "every authority" if of == EVERY else names[of], "Published to": f"{history['publication_date'].max():%-d %B %Y}" if history.height else "",
            "Source": oq.source_of(int((~history["official"]).sum())), "Warehouse built": ps.built()}
    widgets.download(st, "Download inspections CSV", exports.csv_bytes(exports.with_context(exports.headed(shown, headings), said)), file_name=f"ofsted-inspections-{'' if of == EVERY else of + '-'}since-2009.csv", mime="text/csv")


# a link naming whose inspections (?of=) and no tab is a link to that tab: it had opened the first and dropped the choice;
# unless it opens the first tab's box of every authority's time since inspection (`time-since=true`), which it had left shut
opened = "Every inspection" if "of" in st.query_params and not {"tab", "time-since"} & set(st.query_params) else None
widgets.tabs({"In force now": now, "Map": on_the_map, "Since 2009": since_2009, "Every inspection": every_inspection}, default=opened)
if (st.query_params.get("tab") or opened) != "Every inspection":  # the authority the inspections were narrowed to is that tab's, not the others'
    ps.sync_url(of=None)

"""Data and definitions: the catalogue, sources and load log, reconciliation and suppression."""

import polars as pl
import streamlit as st

from oversight import exports, widgets
from oversight import local_queries as lq
from oversight import page_state as ps
from oversight import provenance_queries as pq
from oversight.formatting import POLARITY, SYMBOLS, built_text, cut_short, number, plain

FULL_TEXT_UP_TO = 10  # indicators found, each shown whole under the grid
# a definition's or methodology's characters in a grid cell, whose width shows about 60: whole, the 441
# indicators' texts were 631 kB of the grid's 842 kB, sent to the browser and read by it on every visit
CELL_TEXT = 120
con = ps.connection()
widgets.heading("Data and definitions", 1)
# which build the reader sees, and any loss it was published with, whatever the tab
info = ps.cached(pq.build_info)
st.write(f"Build `{info.get('build_id')}`, {built_text(info.get('built_at'))}, from {info.get('files_loaded')} files.")
losses = ps.cached(pq.build_losses)
if losses.height:
    # in words first: a director reading the page need not know the build command's options
    one = losses.height == 1
    st.warning(f"This build holds less than the build it replaced: {losses.height} {'thing' if one else 'things'} the earlier build held "
               f"{'is' if one else 'are'} not in it (listed under Sources and load log). Whoever runs this dashboard chose to publish it so (`--allow-loss`).")


def found_text(found: int, named: int) -> str:
    """How many indicators a search found, and how: "12 indicators found: 3 by name, listed first, and 9 by definition, methodology, source or id"."""
    head = f"{found} indicator{'s' if found != 1 else ''} found"
    if named in (0, found):
        return f"{head} by {'name' if named else 'definition, methodology, source or id'}."
    return f"{head}: {named} by name, listed first, and {found - named} by definition, methodology, source or id."


def catalogue_tab() -> None:
    """Every indicator, searchable, with its definition and dates."""
    widgets.heading("Indicator catalogue")
    catalogue = ps.cached(pq.catalogue_updates)
    overdue = int(catalogue["update_overdue"].sum())
    st.write(
        f"{catalogue.height} indicators: {catalogue['lait_measure'].is_not_null().sum()} from LAIT's dictionary, the rest computed here. "
        f"For {overdue} the publisher's next update date has passed, so a newer release may exist: whoever runs this dashboard can download "
        "the latest releases and rebuild (`oversight fetch`, then `oversight build`)."
    )
    outcomes = [o for o in catalogue["outcome"].unique(maintain_order=True).to_list() if o]
    c1, c2 = st.columns(2)
    # in the link (?search=care+leavers), and kept while another tab is open
    chosen = c1.multiselect("Outcome or topic", outcomes, key="outcome", bind="query-params", persist_state="page", select_all=False)
    words = c2.text_input("Search names, definitions, methodology, sources and ids (ours or LAIT's)", key="search", bind="query-params", persist_state="page")
    shown = catalogue.filter(pl.col("outcome").is_in(chosen)) if chosen else catalogue
    # every word, anywhere: "care leavers education" had found nothing, looked for as one phrase
    if needles := (words or "").lower().split():  # spaces alone: no search
        # the source too: "SafeguardingFinance", the LAIT measure a per-child figure is worked out from, found only the total
        # the methodology too: "missing" had not found the children away from placement, whose note says how the two are recorded
        fields = ("name", "definition", "methodology", "source", "indicator_id", "lait_measure")
        shown = shown.filter(pl.all_horizontal(
            pl.any_horizontal(pl.col(c).str.to_lowercase().str.contains(w, literal=True).fill_null(False) for c in fields) for w in needles))
        # the indicators whose names hold every word first, then those found by their definitions or ids
        by_name = pl.all_horizontal(pl.col("name").str.to_lowercase().str.contains(w, literal=True) for w in needles)
        shown = shown.sort(~by_name, maintain_order=True)
        if shown.is_empty():  # said, not an empty table
            st.info(plain(f"No indicator's name, definition, methodology, source or id holds every word of '{words.strip()}'" + (" in the outcomes chosen." if chosen else ".")))
        else:  # "agency" found 37, most of them key stage 2 measures whose definitions say "local authority maintained"
            st.text(found_text(shown.height, shown.filter(by_name).height))
    # what a reader looks for first (name, outcome, dates), then the definitions, then the rest
    first = ["name", "outcome", "unit", "polarity", "last_update", "next_update", "update_overdue", "definition", "methodology", "source_url", "indicator_id"]
    widgets.table(
        # "passed" in words: a ticked box, grey on grey, was hard to see
        shown.select(*first, pl.all().exclude(*first)).with_columns(
            pl.when(pl.col("update_overdue")).then(pl.lit("passed")).otherwise(pl.lit("")).alias("update_overdue"),
            cut_short("definition", CELL_TEXT), cut_short("methodology", CELL_TEXT)),
        column_config={
            "indicator_id": "Id",
            # wide enough for most names whole ("Initial chil…" at 1,280 px)
            "name": st.column_config.TextColumn("Indicator", width="large"),
            "outcome": "Outcome or topic",
            "definition": st.column_config.TextColumn("Definition", width="large"),
            "methodology": st.column_config.TextColumn("Methodology", width="medium"),
            "update_overdue": st.column_config.TextColumn("Next update passed", width=135, help="'passed' where the publisher's next update date has passed"),
            "source_url": st.column_config.LinkColumn("Source page"),
            # re-referrals' 12: a new authority's first year is not ranked (indicator_comparison.looks_back_only_to)
            "looks_back_months": st.column_config.NumberColumn("Looks back (months)", help="how far back a figure looks for an earlier event of the "
                                                              "same child; a new authority's figures that look back to before it was formed are not ranked"),
        },
    )
    st.caption(f"The table gives each definition and methodology up to its first {CELL_TEXT} characters. The CSV has them whole, "
               f"and a search that finds {FULL_TEXT_UP_TO} indicators or fewer gives each one whole beneath.")
    widgets.download(st, "Download catalogue CSV", exports.csv_bytes(shown), file_name="catalogue.csv", mime="text/csv")
    # a search that finds a few: each one's definition and methodology whole, where the grid's cells cut them
    # ("Former relevant young people aged 19 to 21 (looked after for at leas…", with nothing on hover)
    if needles and 0 < shown.height <= FULL_TEXT_UP_TO:
        widgets.heading(f"{'The indicator' if shown.height == 1 else f'The {shown.height} indicators'} found, in full", 3)
        for r in shown.iter_rows(named=True):
            st.markdown(f"**{plain(r['name'])}**")
            updates = "; ".join(t for t in (f"last updated {r['last_update']:%-d %B %Y}" if r["last_update"] else "",
                                            f"next update {r['next_update']:%-d %B %Y}" + (" (passed)" if r["update_overdue"] else "") if r["next_update"] else "") if t)
            st.text("\n".join(t for t in (f"Definition: {r['definition']}" if r["definition"] else "", f"Methodology: {r['methodology']}" if r["methodology"] else "",
                                          f"Unit: {r['unit']}; {POLARITY.get(r['polarity'], r['polarity'])}" + (f"; {updates}" if updates else ""),
                                          # as the grid's column says it: a new authority's first year is not ranked
                                          (f"Looks back {r['looks_back_months']} months for an earlier event, so a new authority's first year, "
                                           "which looks back to before it was formed, is shown but not ranked, banded or counted in an SN average"
                                           if r["looks_back_months"] else ""),
                                          f"Source: {r['source']}" + (f" ({r['source_url']})" if r["source_url"] else "")) if t))


def csv_download(what: str, table: pl.DataFrame, file_name: str, headings: dict[str, str] | None = None) -> None:
    """A tab's table as CSV, headed as the table on screen is (`headings`, the page's own words:
    exports.headed) and on every row by when the warehouse it describes was built, as the
    page's other downloads are: an analyst had the catalogue's and the suppression counts' only."""
    widgets.download(st, f"Download {what} CSV", exports.csv_bytes(exports.with_context(exports.headed(table, headings), {"Warehouse built": ps.built()})),
                     file_name=file_name, mime="text/csv")


# the load log's columns as the table and its CSV head them: what to cite, in view at 1,280 px
SOURCE_HEADINGS = {"title": "Publication", "publisher": "Publisher", "published_release": "Release", "source_url": "Published on", "file": "File",
                   "years": "Years it covers", "publication": "Read as", "sha256": "SHA-256"}
OVER_100_HEADINGS = {"largest_in": "Largest in", "figures_over_100": "Figures over 100", "largest_year": "Year of the largest", "largest": "Largest"}
OVER_100_SHOWN = ["name", "figures_over_100", "largest", "largest_in", "largest_year", "unit", "indicator_id"]


def sources() -> None:
    """The build and every file it read, with its SHA-256."""
    widgets.heading("Sources and load log")
    st.write("Every file the build read; each file's SHA-256 lets anyone check that it is the file published.")
    # the local page is listed only once a local database exists: how to get one is said here, where the sources are
    if not lq.has_local():
        st.caption("An authority's own returns (its children in need census XML and its SSDA903 return) can be loaded beside these, on this "
                   "machine only, by whoever runs the dashboard: `oversight returns --source DIR` (the README says how). A page, "
                   "This year, locally, then sets this year's figures beside the published ones.")
    # who published each file, which release and where: what a figure quoted from it must cite
    h = SOURCE_HEADINGS
    widgets.table(ps.cached(pq.load_log), column_config={
        # what to cite in view at 1,280 px: the publication, its publisher, the release and its page
        "title": st.column_config.TextColumn(h["title"], width=300), "publisher": st.column_config.TextColumn(h["publisher"], width=75),
        "published_release": st.column_config.TextColumn(h["published_release"], width=150),
        "source_url": st.column_config.LinkColumn(h["source_url"], display_text="open page", width=95, help="The page the file was published on"),
        "file": h["file"],
        "years": h["years"], "publication": st.column_config.TextColumn(h["publication"], help="The contract the file was recognised as"),
        "sha256": st.column_config.TextColumn(h["sha256"], width="small")})
    csv_download("sources", ps.cached(pq.load_log), "sources.csv", SOURCE_HEADINGS)  # what a citation needs, for a report's notes
    if losses.height:
        st.markdown("**What this build holds less of than the build it replaced**")
        widgets.table(losses)
    warns = ps.cached(pq.warnings)
    if warns.height:
        st.markdown("**Warnings raised while loading**")
        widgets.table(warns)
        csv_download("load warnings", warns, "load-warnings.csv")  # what a build's reviewer files with its load log


def reconciliation() -> None:
    """Figures published twice, compared."""
    widgets.heading("Reconciliation")
    st.caption("Figures published twice, compared. A difference beyond rounding is listed below the summary.")
    summary = ps.cached(pq.reconciliation_summary)
    widgets.table(summary)
    csv_download("reconciliation", summary, "reconciliation.csv")
    bad = ps.cached(pq.reconciliation_disagreements)
    st.write(f"{bad.height} figures disagree beyond rounding." if bad.height else "Every compared figure agrees within rounding.")
    if bad.height:
        widgets.table(bad, column_config={"area_name": "Area", "area_code": "ONS code", "value": st.column_config.NumberColumn("Value here", format="%.1f"),
                                          "other_value": "Value there", "other_source": "Published in"})
        csv_download("disagreements", bad, "disagreements.csv")


def percentages_over_100() -> None:
    """Figures in per cent over 100, shown as published."""
    widgets.heading("Percentages over 100")
    over = ps.cached(pq.percentages_over_100)
    st.write(
        f"{over.height} indicators measured in per cent have figures over 100, which are shown as published: a unit that may not be what "
        "the publisher's dictionary says (a measure that holds counts), or children counted where they are against those who live there "
        "(take-up of free early education, where children cross borders)." if over.height else "No figure measured in per cent is over 100."
    )
    corrected = ps.cached(pq.unit_corrections)
    if corrected.height:  # as plain text: the names and units come from the publisher's files
        st.text("Units corrected, as the definitions say: " + "; ".join(
            f"{r['name']} ({r['indicator_id']}): LAIT's data dictionary says '{r['published_unit']}', the unit here is '{r['unit']}'"
            for r in corrected.iter_rows(named=True)) + ".")
    if over.height:  # the figures first, each at its indicator's decimals
        shown = over.with_columns(pl.Series("largest", [number(v, d) for v, d in over.select("largest", "decimals").iter_rows()]))
        h = OVER_100_HEADINGS
        widgets.table(shown.select(OVER_100_SHOWN),
                      column_config={"largest_in": h["largest_in"], "figures_over_100": h["figures_over_100"],
                                     "largest_year": st.column_config.NumberColumn(h["largest_year"], format="%d", width=140),  # its heading whole
                                     "largest": st.column_config.TextColumn(h["largest"], alignment="right")})
        csv_download("percentages over 100", over.select(OVER_100_SHOWN), "percentages-over-100.csv", h)  # the largest figures whole


def revisions() -> None:
    """Figures that differ between releases for the same year."""
    widgets.heading("Revisions between releases")
    revised = pq.revisions(con)
    st.write(f"{revised.height:,} figures differ between releases for the same year; the newest release is the one shown everywhere." if revised.height else "No figure differs between the releases loaded.")
    if revised.height:
        widgets.table(revised)
        csv_download("revisions", revised, "revisions.csv")


def suppressed() -> None:
    """Figures with no value, by indicator, year and symbol."""
    widgets.heading("Suppressed values by indicator and year")
    st.caption("c suppressed (confidential) · x not available · z not applicable · u low reliability · low rounds to zero · - no figure (LAIT)")
    # each symbol's meaning beside it, in the CSV too: the file had the bare symbols, its key only on screen
    supp = ps.cached(pq.suppression_counts).select(
        "indicator_id", "name", "time_period", "suppression",
        pl.col("suppression").replace_strict(SYMBOLS, default="suppressed", return_dtype=pl.String).alias("meaning"), "values", "areas")
    headings = {"indicator_id": "Id", "name": "Indicator", "time_period": "Year", "suppression": "Symbol", "meaning": "Meaning", "values": "Figures", "areas": "Areas"}
    widgets.table(supp, column_config={"indicator_id": headings["indicator_id"], "name": st.column_config.TextColumn(headings["name"], width="medium"),
                                       "time_period": st.column_config.NumberColumn(headings["time_period"], format="%d"),
                                       "suppression": headings["suppression"], "meaning": headings["meaning"], "values": headings["values"],
                                       "areas": st.column_config.TextColumn(headings["areas"], width="large")})
    csv_download("suppression counts", supp, "suppression.csv", headings)


widgets.tabs({"Catalogue": catalogue_tab, "Sources and load log": sources, "Reconciliation": reconciliation, "Percentages over 100": percentages_over_100, "Revisions": revisions, "Suppressed values": suppressed})

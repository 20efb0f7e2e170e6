"""LA profile: every indicator for one authority, with direction of travel and Ofsted timeline."""

import polars as pl
import streamlit as st

from oversight import charts, exports, flags, plain_html, widgets
from oversight import ofsted_queries as oq
from oversight import page_state as ps
from oversight import provenance_queries as pq
from oversight import queries as q
from oversight.formatting import (
    ENDS_31_MARCH,
    PP_KEY,
    SMALL_BASE,
    SMALL_RATIO_BASE,
    UNROUNDED_KEY,
    base_text,
    change_text,
    direction_text,
    first_period_after,
    in_sentence,
    listing,
    period_text,
    plain,
    small_base,
    value_text,
    year_label,
)


def boundary_lines(me: dict) -> list[tuple[str, str]]:
    """(the other authority's code, what to say) for each authority this one replaced or was replaced by."""
    if not me["is_current"] and me["geographic_level"] == "Local authority":
        return [(r["area_code"], f"Replaced after {me['last_year']} by {r['area_name']}")
                for r in ps.cached(q.successors, me["area_code"]).iter_rows(named=True)]
    return [(r["predecessor_code"], f"Formed from {r['formed_from']}")  # "part of Dorset (until 2019)": never "Dorset from Dorset"
            for r in ps.cached(q.boundary_breaks, [me["area_code"]]).iter_rows(named=True)]


con = ps.connection()
state = ps.url_state(con, need_year=False)
ps.show_messages(state)
area = ps.area_picker(st, "Authority, England, region or former authority", "profile-area")
ps.sync_url(area=area)
me = ps.cached(q.areas).filter(pl.col("area_code") == area).row(0, named=True)
# what the headline tables, the notes under them and the neighbours read, started together (an authority's first view)
ps.prefetch((q.latest_for_area, area), (q.neighbours_sharing, area), (q.neighbours, area),
            (q.successors, area) if me["geographic_level"] == "Local authority" and not me["is_current"] else (q.boundary_breaks, [area]))
# a former authority as the pickers name it: "Dorset: profile" was the county council of before 2019, read as today's Dorset
heading = f"{me['area_label']}: profile"
st.set_page_config(page_title=f"{heading} · Safeguarding Oversight")  # the browser's tab and history name the authority ("LA profile" for every one of them)
widgets.heading(heading, 1)
where = me["region_name"] or me["geographic_level"]
# a recoded authority's earlier code too: the code a bookmark or an older file may still carry
earlier = f" (earlier {me['earlier_codes'].replace(';', ', ')})" if me.get("earlier_codes") else ""
st.caption(f"{where} · ONS code {area}{earlier}")
# a boundary change, said both ways, with a link to the other authority's profile: a director of North
# Northamptonshire read a 2022 start with nothing about Northamptonshire, whose profile said only "replaced"
for other, line in boundary_lines(me):
    st.page_link("pages/profile.py", label=plain(line), query_params={"area": other}, icon=":material/arrow_forward:",
                 help="Opens that authority's profile")  # short: a page link's label does not wrap on a phone

rows = ps.cached(q.latest_for_area, area)
# counted over the headline indicators, as the scrutiny pack counts them; every measure after
heads = rows.filter(pl.col("headline") & (pl.col("polarity") != "neutral"))
improving, declining, same = (heads.filter(pl.col("direction") == d).height for d in ("improving", "declining", "no change"))
untold = [f"{same} did not change" if same else "", f"{n} {'has' if n == 1 else 'have'} no figure for one year or both" if (n := heads["direction"].null_count()) else ""]
all_up, all_down = (rows.filter(pl.col("direction") == d).height for d in ("improving", "declining"))
st.markdown(f"Of the {heads.height} headline indicators where higher or lower is better, **{improving} improved** and **{declining} declined** in the latest year"
            + "".join(f"; {t}" for t in untold if t) + ". "
            f"Over every indicator where higher or lower is better, LAIT's education and health measures among them, {all_up} improved and {all_down} declined.")
# a change on a new authority's first year: from the first year to the second, re-referrals rose in each of the four
# authorities formed in 2021 and 2023 (Westmorland and Furness 7.4% to 16.5%; the indicator's definition gives them all)
if me["is_current"] and (formed := ps.cached(q.boundary_breaks, [area])).height:
    changed = formed["last_year"][0]
    # counted over the changes there are: "11 of these 15 changes are on Cumberland's first year" counted one with no figure
    # in either year, and "on" read as a place
    changes = heads.filter(pl.col("direction").is_not_null())
    on_first = sum(r["previous_year"] == first_period_after(r["year_type"], changed) for r in changes.iter_rows(named=True))
    if on_first:
        st.info(plain(f"{on_first} of these {changes.height} changes compare with {me['area_name']}'s first year after it was formed in April {changed}: "
                      "a first year's figures may not compare like for like with those of later years (an indicator's definition, under its chart on Compare "
                      "and Trends, says where that is known)."))
# the judgement in force, whichever tab is open (the timeline is under "Ofsted inspections")
if (judged := ps.cached(q.ofsted_current).filter(pl.col("area_code") == area)).height and (r := judged.row(0, named=True))["as_at"]:
    st.write(plain(oq.in_force_sentence(r, f"Ofsted, in force on {r['as_at']:%-d %B %Y}")))


def _text(r: dict, value: str, suppression: str | None = None) -> str:
    return value_text(r[value], r["decimals"], r["unit"], suppression) if r["time_period"] is not None else "not available"


if newer := ps.newer_release_note():
    st.info(newer)
newest = max(rows["time_period"].drop_nulls().mode().to_list(), default=None)  # the year most indicators have reached
st.text(f"Latest figures are for the year to 31 March {newest}, or at 31 March {newest}, unless another year or date is given under them; "
        "previous is the year before.")


def _when(r: dict) -> str:
    """Beside a latest figure: its year when it is not the newest, its period when that does not end on
    31 March, and "provisional" or "revised" as its publisher marks it (LAIT's "2025 (prov)")."""
    if r["time_period"] is None:
        return ""
    said = [] if r["time_period"] == newest and r["year_type"] in ENDS_31_MARCH else [year_label(r["year_type"], r["time_period"])]
    said += [r["revision"]] if r.get("revision") in ("provisional", "revised") else []
    return f" ({', '.join(said)})" if said else ""


def _fig(r: dict, key: str) -> str:
    return "–" if r[key] is None else value_text(r[key], r["decimals"], r["unit"])


def _neighbours(r: dict) -> str:
    """The SN average with the median under it, and how many neighbours have a figure where not all do:
    Hertfordshire's care leavers not in touch read 10% beside England's 4%, from six neighbours, one at 47%
    (median 3%)."""
    if r["sn_mean"] is None:
        return "–"
    few = f"\n{r['sn_count']} of {r['sn_size']}" if r["sn_size"] and r["sn_count"] is not None and r["sn_count"] < r["sn_size"] else ""
    return f"{_fig(r, 'sn_mean')}\nmedian {_fig(r, 'sn_median')}{few}"


# latest figures on a small base (formatting.small_base): a difference of one moves one a lot, its rank and band with it (Rutland's
# second plans, 7 of 38, band A); marked † and said under the headline tables
small = rows.filter(pl.col("headline") & pl.col("value").is_not_null()
                    & (pl.col("denominator") < pl.col("unit").map_elements(small_base, return_dtype=pl.Int64)))
on_small_bases = set(small["indicator_id"].to_list())
table = pl.DataFrame(
    [
        {
            "topic": r["topic"],
            "headline": bool(r["headline"]),
            "indicator": r["name"],
            "latest": _text(r, "value", r["suppression"]) + (" †" if r["indicator_id"] in on_small_bases else "") + _when(r),
            "previous": _text(r, "previous_value", r["previous_suppression"]) if r["previous_value"] is not None or r["previous_suppression"] else "–",
            "change": "–" if r["change"] is None else change_text(r["change"], r["decimals"], r["unit"]),
            "direction": direction_text(r["change"], r["direction"]),
            "rank": f"{r['rank']}/{r['ranked_of']}" if r["rank"] is not None else "–",
            "band": r["band"] or "–",
            "sn_mean": _neighbours(r),
            "region": _fig(r, "region_value"),
            "england": _fig(r, "england_value"),
            "trend": r["trend"] or [],
        }
        for r in rows.iter_rows(named=True)
    ],
    schema_overrides={"trend": pl.List(pl.Float64)},
    infer_schema_length=None,
)
HEADERS = {
    "indicator": "Indicator", "latest": "Latest", "previous": "Previous", "change": "Change", "direction": "Direction",
    "rank": "Rank", "band": "Band", "sn_mean": "SN average", "region": me["region_name"] or "Region", "england": "England",
}


FIGURES = ("Latest", "Previous", "Change", "Rank", "SN average", HEADERS["region"], "England")
WIDTHS = (21, 11, 10, 8, 9, 8, 9, 10, 7, 7)  # per cent, in the order of HEADERS: every headline table lines up with the others;
# "Previous" at 10 holds "suppressed (c)" whole at 1,280 px (at 9 it read "suppresse" over "d (c)")


def _group(part: pl.DataFrame, group: str, where: object = None, widths: tuple[int, ...] = ()) -> None:
    """One outcome's indicators as a plain table: every name whole (long ones wrap), every column
    visible at 1,400 px and in print, figures lined up on the right, and read by screen readers as a
    table; given `widths`, its columns line up with the other groups' (the headline figures are short:
    LAIT's totals, in the groups of other measures, keep columns as wide as they need)."""
    shown = part.select(list(HEADERS)).with_columns(pl.col("latest").str.replace(r" \((\d[^()]*)\)$", "\n($1)"))  # its year or date under a latest figure
    (where or st).html(plain_html.table(shown.rename(HEADERS), f"{group}: {me['area_name']}", FIGURES, widths))  # type: ignore[attr-defined]


def indicators_and_flags() -> None:
    """The headline indicators by outcome, every other measure by group, the flags and the neighbours."""
    # the headline indicators per outcome (the National Framework's outcomes and enablers) in full; every
    # other measure (most of them LAIT's, education's among them) in one group per outcome or topic,
    # drawn when the reader opens it (its state is kept under `more-<group>` in the session)
    widgets.heading("Headline indicators, by outcome")
    st.caption(
        "Direction: the arrow follows the change; better or worse follows polarity (up or down for neutral indicators). Rank: among the LAs with a figure, 1 is best "
        "(1 is the lowest value for neutral indicators). Band: quartile band, A best to D worst; Q1 (lowest) to Q4 (highest) for neutral indicators; none where LAIT gives a measure no quartiles. "
        "SN average: the statistical neighbours' average (mean), with their median under it, and how many of them have a figure where not all do "
        f"(\"6 of 10\"). {PP_KEY} {UNROUNDED_KEY} The trends page draws each indicator's series."
    )
    # a figure on a small base moves a lot on a difference of one (Rutland's second plans: 7 of 38), its rank and band with it
    if small.height:
        st.caption(plain(f"† On a small base (fewer than {SMALL_BASE} for a percentage, {SMALL_RATIO_BASE} for another figure), so a difference of one "
                         "moves it a lot, and its rank and band with it: "
                         + "; ".join(f"{in_sentence(r['name'])} ({base_text(r['numerator'], r['denominator'], r['unit'])})" for r in small.iter_rows(named=True)) + "."))
    # a dash under the region where the publisher gives regions no figure (Cafcass: authorities and England only)
    no_region = rows.filter(pl.col("headline") & pl.col("region_value").is_null() & pl.col("england_value").is_not_null())
    if me["region_name"] and no_region.height:
        st.caption(f"No regional figure is published for {listing([in_sentence(n) for n in no_region['name'].to_list()])}, so its {me['region_name']} column shows –.")
    # a figure the publisher gives two authorities together (the workforce release: Kingston upon Thames
    # and Richmond upon Thames, North and West Northamptonshire) is said, not passed off as the LA's alone
    shared = rows.filter(pl.col("headline") & pl.col("shared_with").is_not_null())
    if shared.height:
        partners = listing(sorted({ps.subjects().get(c, c) for codes in shared["shared_with"] for c in codes.split(";")}))
        said = listing([in_sentence(n) for n in shared["name"].to_list()])
        each = "each is one figure" if shared.height > 1 else "one figure"
        st.caption(plain(f"{said[:1].upper()}{said[1:]}: {each} published for {me['area_name']} and {partners} together. "
                         + ps.SHARED_COUNTS))
    # a neighbour's figure the publisher gives two authorities together counts in this authority's SN average (Lincolnshire's
    # workforce averages count North Northamptonshire's, one figure for North and West Northamptonshire)
    for (neighbour, partners, year), part in ps.cached(q.neighbours_sharing, area).group_by("neighbour", "partners", "year", maintain_order=True):
        st.caption(plain(f"The SN averages of {listing([in_sentence(n) for n in part['indicator'].to_list()])} count {neighbour}'s figure for {year}, "
                         f"which the publisher gives for {neighbour} and {partners} together."))
    # a figure published for the former authority this one replaced (LAIT's Cafcass figures for Northamptonshire
    # as a whole): said where it is, rather than left as a dash
    for r in rows.filter(pl.col("headline") & pl.col("published_for").is_not_null()).iter_rows(named=True):
        st.caption(plain(f"{r['name']}: published for the area of the former authority {r['published_for']} as a whole ({value_text(r['published_for_value'], r['decimals'], r['unit'])} "
                         f"{period_text(r['year_type'], r['time_period'])}), not for {me['area_name']} alone."))
    # children looked after include unaccompanied asylum-seeking children, whom some authorities take in far
    # greater numbers (Kent: 83% of the children it started to look after in 2025, England 22%): said under the rates
    UASC = {"lait_uasc_pct_starting": "of the children who started to be looked after", "lait_unacc_asylmn_seek_childn_pct": "of the children looked after"}
    uasc_rows = rows.filter(pl.col("indicator_id").is_in(list(UASC)) & pl.col("value").is_not_null()).sort(pl.col("indicator_id").replace_strict(list(UASC), [0, 1]))
    uasc = [f"{_text(r, 'value')} {UASC[r['indicator_id']]}"
            + (f" {period_text(r['year_type'], r['time_period'], preposition=True)}" if i == 0 or r["time_period"] != uasc_rows["time_period"][0] else "")
            + (f" (England {_fig(r, 'england_value')})" if me["geographic_level"] != "National" and r["england_value"] is not None else "")
            for i, r in enumerate(uasc_rows.iter_rows(named=True))]
    cla_group = rows.filter(pl.col("indicator_id") == "cla_rate_per_10k")["topic"].to_list()
    for (topic,), part in table.filter(pl.col("headline")).group_by("topic", maintain_order=True):
        widgets.heading(topic or "Other indicators", 3)
        _group(part, topic or "Other indicators", widths=WIDTHS)
        if uasc and [topic] == cla_group:
            st.caption(plain(f"In {me['area_name']}, unaccompanied asylum-seeking children were {' and '.join(uasc)}; "
                             "the rates of children looked after and starting to be looked after above include them. Source: LAIT."))
    others = table.filter(~pl.col("headline"))
    widgets.heading("Every other indicator")
    st.text(f"{others.height} more indicators in {others['topic'].n_unique()} groups; open a group to see its table. The CSV below holds every indicator.")
    for (topic,), part in others.group_by("topic", maintain_order=True):
        group = topic or "Other indicators"
        box = st.expander(f"{group}: {part.height} indicators", key=f"more-{group}", on_change="rerun")
        if box.open:
            _group(part, group, box)
    # whose figures they are, on every row: a profile CSV named only by its code held neither the authority's name nor its code
    widgets.download(st, "Download profile CSV", exports.csv_bytes(exports.with_context(exports.profile_figures(rows), {
        "Area": me["area_name"], "ONS code": area, "Warehouse built": ps.built()})),
                     file_name=f"profile-{area}.csv", mime="text/csv")

    widgets.heading("Early-warning flags")
    raised = ps.cached(flags.flagged).filter(pl.col("area_code") == area)
    mine = flags.one_row_per_judgement(raised)
    if not ps.is_la(area):
        st.info("Early-warning flags are raised for current local authorities only.")
    else:
        # when: a watchlist of 31 March 2025 gave Bury two Ofsted flags its profile, on the judgement since, did not
        dates = ps.ofsted_dates()
        st.text("As the data stand now: the latest figures" + (f" and every Ofsted judgement published ({dates})" if dates else "")
                + ". The watchlist gives them for any collection year: that year's figures, and the Ofsted judgements as they stood on 31 March of it."
                + (" An Inadequate judgement that is also a fall is one line here and two flags there." if mine.height < raised.height else ""))
        if mine.is_empty():
            st.success("No early-warning flags for this authority.")
        else:  # messages quote the files' words
            # "medium, Far worse…" read as one broken sentence: the severity stands apart, capitalised
            st.markdown("\n".join(f"- **{r['severity'].capitalize()}** – {plain(r['title'])}: {plain(r['message'])}" for r in mine.iter_rows(named=True)))
        # a figure too small a base to test is said, not passed over: the Isles of Scilly's 100% agency social workers (2 of 2) had
        # left its profile silent, which a director could read as no concern
        if not (untested := ps.cached(flags.not_tested).filter(pl.col("area_code") == area)).is_empty():
            st.text("Not tested by the statistical rules, its base too small for a test against chance:\n"
                    + "\n".join(f"• {m}." for m in untested["message"].to_list()))
    st.page_link("pages/watchlist.py", label="All authorities on the watchlist")

    widgets.heading("Statistical neighbours")
    nb = ps.cached(q.neighbours, area)
    # split by semicolons: "Kingston upon Hull, City of (Very close)" had read as two in a list split by commas
    st.write(plain("; ".join(f"{r['area_name']} ({r['closeness'] or 'closeness not given'})" for r in nb.iter_rows(named=True))) or ("None listed." if me["geographic_level"] == "Local authority" else "England and the regions have no statistical neighbours."))
    if distant := ps.distant_neighbours_note(area):
        st.info(plain(distant))


def ofsted_inspections() -> None:
    """Every inspection since 2009 as a timeline and a table."""
    widgets.heading("Ofsted timeline")
    # the inspections before a boundary change are the former authority's: Cumberland's timeline showed one
    # inspection, with nothing to say Cumbria's (Inadequate in 2015, Requires improvement in 2022) are on its profile
    for r in ps.cached(q.boundary_breaks, [area]).iter_rows(named=True):
        st.page_link("pages/profile.py", label=plain(f"Before April {r['last_year']}: the inspections of {r['predecessor_label']}"),
                     query_params={"area": r["predecessor_code"], "tab": "Ofsted inspections"}, icon=":material/arrow_forward:")
    hist = ps.cached(oq.timeline, area)
    if hist.is_empty():
        st.info("No Ofsted inspection is recorded for this authority." if ps.is_la(area) else "Ofsted inspects local authorities: choose one to see its inspections.")
    else:
        # an authority a boundary change formed (1 April of its predecessor's last reporting year) has its own record from then
        formed = next((f"April {r['last_year']}" for r in ps.cached(q.boundary_breaks, [area]).iter_rows(named=True)), None)
        graded, ticks = charts.timeline_marks(hist)  # its points, and the ungraded inspections and visits it draws as ticks, said too
        described = "; ".join(f"{r['inspection']} published {r['publication_date']:%-d %B %Y}: {r['judgement']}" for r in graded.iter_rows(named=True))
        if ticks.height:
            described += (f"; and {ticks.height} without an overall judgement, drawn as {'ticks' if ticks.height > 1 else 'a tick'}: "
                          + "; ".join(f"{r['inspection']} published {r['publication_date']:%-d %B %Y}" for r in ticks.iter_rows(named=True)))
        # the table lists them too: Sandwell's description counted 8 graded inspections over a table of 9 judgements
        boards = hist.height - graded.height - ticks.height
        board_note = (f" The table below lists {boards} review{'s' if boards > 1 else ''} of the Local Safeguarding Children Board too, "
                      "not drawn: it judged the board, not the authority's services." if boards else "")
        widgets.chart_block(
            # to the latest publication loaded: the years since the last inspection are on the axis
            charts.ofsted_timeline(hist, ps.cached(q.grade_labels), since=formed or "2009", until=(until := ps.cached(pq.data_dates)["ofsted_published"])),
            hist.drop("grade_label"),  # `judgement` says it in the framework's words (grade_label is Ofsted's restatement)
            f"Timeline of {len(graded)} graded Ofsted inspection{'' if len(graded) == 1 else 's'} of {me['area_name']}: {described or 'none graded'}. "
            f"The time axis runs to {until:%-d %B %Y}, the latest Ofsted publication loaded.{board_note}",
            f"ofsted-timeline-{area}",
        )
        # a plain table: every judgement and note whole (they wrap), as the headline tables above
        st.html(plain_html.table(
            hist.select(
                pl.col("publication_date").dt.strftime("%-d %B %Y").alias("Published"),
                pl.col("inspection_date").dt.strftime("%-d %B %Y").fill_null("not given").alias("Inspected"),
                pl.col("inspection").alias("Inspection"), oq.judgement_shown().alias("Overall judgement"),
                pl.col("sub_judgements").str.replace_all(" | ", "; ", literal=True).fill_null("").alias("Sub-judgements"),
                (pl.col("status_note").str.slice(0, 1).str.to_uppercase() + pl.col("status_note").str.slice(1))
                .fill_null(pl.when(pl.col("framework") == "LSCB review").then(pl.lit("Of the board, not the authority's services: not on the timeline")))
                .fill_null("").alias("Note"),
            ),
            f"Ofsted inspections of {me['area_name']}",
            widths=(15, 15, 11, 18, 25, 16),
        ))
        # each note starts with its framework's name: frameworks with the same scale share one note ("SLAC, CPI and TLAC graded ...")
        shared: dict[str, list[str]] = {}
        for r in hist.filter(pl.col("scale_note").is_not_null()).unique("framework", maintain_order=True).iter_rows(named=True):
            shared.setdefault(r["scale_note"].removeprefix(r["framework"]), []).append(r["framework"])
        for rest, names in shared.items():
            st.caption(plain(listing(names) + rest))
        # Bradford's two monitoring visits read as all it had, while it was judged Inadequate from 2023
        first, last = ps.cached(oq.visits_listed)
        if first is not None:
            st.caption(f"Focused and monitoring visits are listed from {first:%-d %B %Y} to {last:%-d %B %Y} only: "
                       "the other Ofsted files loaded list inspections, not visits.")


# the indicators first; the Ofsted timeline, a chart, when chosen (?tab=Ofsted+inspections)
widgets.tabs({"Indicators and flags": indicators_and_flags, "Ofsted inspections": ofsted_inspections})

widgets.heading("Scrutiny pack")
if me["geographic_level"] == "Local authority" and not me["is_current"]:  # its packs are for the years it was an authority
    st.info(plain(f"A scrutiny pack for {me['area_label']} is for a year it was an authority, to {me['last_year']}: the report page makes it."))
    st.page_link("pages/report.py", label=f"Its scrutiny pack for {me['last_year']}", query_params={"year": str(me["last_year"]), "area": area},
                 icon=":material/arrow_forward:")
elif not ps.is_la(area):
    st.info("A scrutiny pack is made for a local authority.")
else:
    widgets.scrutiny_pack(con, area, me["area_name"], ps.cached(q.years, "referrals_count")[0])

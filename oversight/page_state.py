"""Page state shared by the pages: the cached read-only connection, cached queries (keyed by the
database file version, so a rebuild is picked up) and the selection read from and written to the URL."""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal, TypeVar

import duckdb
import polars as pl
import streamlit as st

from etl.paths import db_path
from oversight import db, widgets
from oversight import provenance_queries as pq
from oversight import queries as q
from oversight.formatting import built_text, distant_neighbours_text, in_sentence, listing, newer_release_text, other_periods, plain, value_text

T = TypeVar("T")
# what a trend draws beside the chosen areas, said in full: "Statistical neighbours" drew the region and
# England too, and a reader took the choice between it and "Region" for one that did nothing
COMPARE_TO = {"sn": "SN average, region and England", "region": "Region and England", "england": "England only"}
DEFAULT_AREA = "E09000014"  # Haringey: the first authority a new user sees; any LA can be chosen
DEFAULT_INDICATOR = "cla_rate_per_10k"
RELEASE_AFTER_SECONDS = 30


def _release(con: duckdb.DuckDBPyConnection) -> None:
    """Close a replaced build's connection a little later, so pages already running on it finish."""
    timer = threading.Timer(RELEASE_AFTER_SECONDS, con.close)
    timer.daemon = True
    timer.start()


@st.cache_resource(show_spinner=False, on_release=_release)
def _connection(path: str, inode: int, mtime_ns: int, size: int) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file version; a rebuild gets a new one."""
    return db.connect(db_path(path))


def through_navigation() -> None:
    """Run every page through dashboard.py's `st.navigation`.

    Until a script in this server process has called `st.navigation`, Streamlit treats the
    `pages/` folder as an old-style multipage app: the first visitor of a deep link such as
    `/profile` on a freshly started server would get the page alone, with a navigation built
    from file names. Switching that mode off and rerunning sends the same URL through the
    entry point instead.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get("_through_navigation"):
        PagesManager.uses_pages_directory = False
        st.session_state["_through_navigation"] = True  # once per session: a rerun would drop a button's click
        st.rerun()


_current: dict[str, tuple[str, int, int, int]] = {}


def _versioned() -> tuple[tuple[str, int, int, int], duckdb.DuckDBPyConnection]:
    """The connection for the file as it is now; the previous build's connection is released."""
    version = db.file_version()
    previous = _current.get(version[0])
    if previous is not None and previous != version:
        _connection.clear(*previous)
    _current[version[0]] = version
    return version, _connection(*version)


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on the cached connection, or a friendly page (and stop) when the database is unusable."""
    through_navigation()
    try:
        _, con = _versioned()
    except db.DatabaseMissing as e:
        widgets.heading("No warehouse yet", 1)
        st.info(
            f"There is no database at `{e.path}`. Build it from the published files, then reload this page:\n\n"
            "```\noversight build\n```\n\n(or `python -m etl build`). "
            "Set `OVERSIGHT_DB` to use a database somewhere else."
        )
        st.stop()
    except db.DatabaseError as e:
        widgets.heading("The warehouse cannot be read", 1)
        st.error(str(e))
        st.stop()
    return db.cursor(con)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(version: tuple, target: str, args: tuple) -> object:
    return _run(version, target, args)


def _run(version: tuple, target: str, args: tuple) -> object:
    """A query function ("module:name") on its own cursor: what `_cached` computes when its value is missing."""
    module, name = target.split(":")
    fn = getattr(importlib.import_module(module), name)
    return fn(db.cursor(_connection(*version)), *args)


def cached(fn: Callable[..., T], *args: object) -> T:
    """fn(connection, *args), cached per database file version (so a rebuild is picked up)."""
    version, _ = _versioned()
    return _cached(version, f"{fn.__module__}:{fn.__name__}", args)  # type: ignore[return-value]


# the queries an authority's first view will read, started at once: DuckDB plans and runs a query without
# holding Python's lock, so the view waits for about its slowest query rather than for their sum (trends'
# eight, about 50 ms one after another). Four threads for every session: under load they queue, as the
# sessions' scripts do on the same two cores
_QUERIES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="oversight-query")


def prefetch(*calls: tuple) -> None:
    """Start each (fn, *args) that the page will then read through `cached`, all at once on the query
    threads, and return at once: `cached` waits for a value being computed (Streamlit computes a cached
    value once, whoever asks), and one already cached costs nothing here. A call that fails is run again,
    and fails, where the page reads it."""
    version, _ = _versioned()
    for fn, *args in calls:
        _QUERIES.submit(_cached, version, f"{fn.__module__}:{fn.__name__}", tuple(args))


@dataclass
class State:
    area: str
    areas: list[str]
    indicator: str
    year: int | None
    compare_to: str
    messages: list[str]


def parse_int(raw: object) -> int | None:
    """A whole number written in ASCII digits only (at most 6), else None: '²', '٣', '1e3', '-1' are not numbers here."""
    if isinstance(raw, str) and re.fullmatch(r"[0-9]{1,6}", raw.strip()):
        return int(raw.strip())
    return None


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


MY_AREA = "my_area"  # session key of "my authority": set once, kept across pages, changeable on any page
LAST_INDICATOR = "_last_indicator"  # the indicator last chosen on any page, for the next page opened without one in its link
_URL_AREA_SEEN = "_my_area_from_url"
_DEFAULTED = "_my_area_defaulted"  # set while "my authority" is the starting choice, not the user's


def subjects() -> dict[str, str]:
    """Every area a page can be about, code -> label: current LAs by name, then England, the regions,
    and predecessor LAs (named with their last reporting year)."""
    s = cached(q.subjects)
    return dict(zip(s["area_code"], s["label"], strict=True))


def url_list(name: str) -> list[str]:
    """Every value the link gives `name`, written name=A,B or name=A&name=B (a link written the
    second way had kept only B), in order, each once."""
    return list(dict.fromkeys(part.strip() for v in st.query_params.get_all(name) for part in v.split(",") if part.strip()))


def url_choices(name: str, allowed: Iterable[str], what: str) -> list[str]:
    """The link's values of `name` (url_list) among `allowed`; any other is named in a warning, shown
    as written: a region spelt "North-East" had been dropped without a word, and the page showed
    every region."""
    asked, known = url_list(name), set(allowed)
    if unknown := [a for a in asked if a not in known]:
        st.warning(plain(f"Unknown {what} {listing([repr(u) for u in unknown])} in the link; {'it is' if len(unknown) == 1 else 'they are'} left out."))
    return [a for a in asked if a in known]


def _url_areas() -> list[tuple[str, str]]:
    """The codes the link's `area` lists, each as (as written, as read): an area's earlier ONS code
    is read as its current one (E08000019, Sheffield's until 2025, as E08000039), so an old
    bookmark opens the same authority rather than the starting choice."""
    # area=A,B or area=A&area=B: a link written the second way kept only B, and made B "my authority"
    current = dict(cached(q.earlier_codes).iter_rows())
    return [(a, current.get(a, a)) for a in url_list("area")]


def _first_url_area(known: dict[str, str]) -> str | None:
    asked = _url_areas()
    return asked[0][1] if asked and asked[0][1] in known else None


def _my_area_changed(key: str) -> None:
    """A picker changed "my authority": keep it for every page and put it in the link."""
    st.session_state[MY_AREA] = st.session_state[key]
    st.session_state[_URL_AREA_SEEN] = st.session_state[key]
    st.session_state[_DEFAULTED] = False
    st.query_params["area"] = st.session_state[key]


def my_area() -> str:
    """The authority the user is looking at: a new link's `area` wins, then the one chosen earlier in
    this session, then a link's `of` (whose inspections), then the default. Called by every page run
    (dashboard.py) before the page."""
    known = subjects()
    url = _first_url_area(known)
    if url is not None and url != st.session_state.get(_URL_AREA_SEEN):
        st.session_state[MY_AREA] = url
        st.session_state[_URL_AREA_SEEN] = url
        st.session_state[_DEFAULTED] = False
    # a link opened afresh naming whose inspections (the Ofsted page's `of`) and no area: that authority (a director
    # following a link to Leeds' inspections read Haringey's judgement first, marked as the starting choice); later, the
    # page's own choice of inspections leaves "my authority" alone
    if url is None and st.session_state.get(MY_AREA) not in known and _param("of") in known:
        st.session_state[MY_AREA] = _param("of")
        st.session_state[_DEFAULTED] = False
    if st.session_state.get(MY_AREA) not in known:
        st.session_state[MY_AREA] = DEFAULT_AREA if DEFAULT_AREA in known else next(iter(known))
        st.session_state[_DEFAULTED] = True
    return st.session_state[MY_AREA]


def chosen_area() -> str | None:
    """"My authority" once the reader or a link has chosen it; None while it is the starting choice."""
    area = my_area()
    return None if st.session_state.get(_DEFAULTED) else area


def starting_choice_note() -> str | None:
    """What to say while "my authority" is the starting choice rather than one the user made or
    a link gave: a director opening the dashboard must not read another authority's figures as hers."""
    if not st.session_state.get(_DEFAULTED):
        return None
    return f"{subjects()[my_area()]} is shown until you choose your own authority under \"My authority\"."


def area_picker(where: object, label: str, key: str, options: dict[str, str] | None = None, help: str | None = None) -> str:
    """A selectbox bound to "my authority": it shows the current choice and changing it changes it
    for every page. `options` limits the choice (e.g. LAs only); the current choice stays outside it."""
    options = options or subjects()
    mine = my_area()
    if mine in options:
        st.session_state[key] = mine
    elif st.session_state.get(key) not in options:
        # a former authority's first successor (Cumbria: Cumberland), else the first choice: after Cumbria
        # was chosen on the profile, compare highlighted Barking and Dagenham
        after = [c for c in cached(q.successors, mine)["area_code"].to_list() if c in options]
        st.session_state[key] = after[0] if after else next(iter(options))
    return where.selectbox(label, list(options), key=key, format_func=options.get, on_change=_my_area_changed, args=(key,), help=help)  # type: ignore[attr-defined]


def sidebar_picker(starting_note: Literal["page", "sidebar"] | None = "sidebar") -> None:
    """"My authority" in the sidebar of every page (nothing when there is no warehouse yet, or when it
    cannot be read: the page itself then says so). While it is only the starting choice, a page that
    shows an authority's figures says so at its top, not in the sidebar, which a phone keeps closed:
    a director reading there took Haringey's figures, unmarked, for her own (`starting_note` "page"). A
    page about an authority chosen otherwise (the local page's, from its returns) has none (None)."""
    try:
        db.file_version()
        if cached(q.current_las).is_empty():
            return
    except (db.DatabaseMissing, db.DatabaseError):
        return
    area_picker(st.sidebar, "My authority", "my_area_sidebar", help="Chosen once, used by every page; England, a region or a former authority can be chosen for trends and the profile.")
    # on the page, in a place kept when the note goes: the page's controls below it had moved up a place, been drawn
    # anew, and a keyboard reader's picker lost its focus to the page as the reader chose an authority
    where = st.empty() if starting_note == "page" else st.sidebar
    if starting_note and (note := starting_choice_note()):
        where.info(plain(note), icon=":material/info:")
    st.sidebar.text(as_at_line())


def as_at_line() -> str:
    """"Data as at 31 March 2025 (latest collection year); social work workforce at 30 September 2025;
    Ofsted inspections begun by 12 May 2025, published to 30 June 2025." """
    d = cached(pq.data_dates)
    parts = [f"Data as at 31 March {d['latest_year']} (latest collection year)" if d["latest_year"] else "No indicator figures yet"]
    # headline indicators whose year is not one to (or at) 31 March say when they are for
    parts += [f"{topics} {when}" for topics, when in other_periods((p["year_type"], p["topic"], p["latest"]) for p in d["periods"])]
    if ofsted := ofsted_dates():
        parts.append(ofsted)
    return "; ".join(parts) + "."


def built() -> str:
    """When the warehouse a page reads was built, as its downloads say it: "25 November 2026 at 04:19 UTC"."""
    return built_text(cached(pq.build_info).get("built_at"))


def ofsted_dates() -> str:
    """"Ofsted inspections begun by 12 May 2025, published to 30 June 2025", or nothing when none is loaded.
    Ofsted dates an inspection by the day it began ("Inspection date"; the overview's start date): the
    latest had read "inspections to 27 April 2026", as if the inspections had ended by then."""
    d = cached(pq.data_dates)
    if not d["ofsted_inspected"]:
        return ""
    return f"Ofsted inspections begun by {d['ofsted_inspected']:%-d %B %Y}, published to {d['ofsted_published']:%-d %B %Y}"  # no brackets: the profile puts it in its own


def newer_release_note() -> str | None:
    """Where a headline indicator's next update date (LAIT's dictionary) has passed: a newer release
    may exist than the one these pages show (formatting.newer_release_text)."""
    return newer_release_text(cached(pq.catalogue_updates), "Data and definitions lists each indicator's dates.")


# how a figure published for two authorities together is used, said wherever one is shown (the profile, trends, compare, neighbours)
SHARED_COUNTS = "It counts for each authority, as LAIT does, and is left out of each one's statistical-neighbour average."


def distant_neighbours_note(area: str) -> str | None:
    """`formatting.distant_neighbours_text` for an area, said wherever its neighbours' average is its comparison. Plain text."""
    return distant_neighbours_text(subjects().get(area, area), cached(q.neighbours, area)["closeness"].to_list())


def shared_note(shared: pl.DataFrame, ind: dict) -> str | None:
    """Where a chosen area's figure is one the publisher gives two authorities together (the rows of
    `q.shared_figures`), said where it is drawn, as the profile and the scrutiny pack say it: North
    Northamptonshire's agency workers read as its own on trends, compare and the neighbour table. Plain text."""
    if shared.is_empty():
        return None
    said, groups = [], {}  # a figure's authorities, once however many of them are shown (both partners on the neighbour table)
    for r in shared.iter_rows(named=True):
        groups.setdefault(frozenset([r["area_name"], *r["partners"].split("; ")]), []).append(r)
    for together, shown in groups.items():
        first, last = min(r["first_year"] for r in shown), max(r["last_year"] for r in shown)
        years = f"{first}" if first == last else f"{first} to {last}"
        names = [r["area_name"] for r in shown]
        whole = listing(names + sorted(together - set(names)))
        owners = listing([n + "'s" for n in names])
        said.append(f"{owners} figure for {years} is one figure for {whole} together" if len(names) == 1
                    else f"{owners} figures for {years} are one figure for {whole} together")
    return f"{in_sentence(ind['name'])[:1].upper()}{in_sentence(ind['name'])[1:]}: {'; '.join(said)}, as the publisher gives it. {SHARED_COUNTS}"


def differences_note(differ: pl.DataFrame, ind: dict, first: str | None = None, named: int = 6) -> str | None:
    """Where figures drawn on a page are given differently by another publication beyond rounding (the
    rows of `q.disagreements`): say so where they are drawn, `first`'s figures first, with the
    definition that says how ours are worked out. Plain text."""
    if differ.is_empty():
        return None
    if first is not None:
        differ = pl.concat([differ.filter(pl.col("area_code") == first), differ.filter(pl.col("area_code") != first)])
    n = differ.height
    listed = "; ".join(f"{r['area_name']} {r['time_period']}: {value_text(r['value'], ind['decimals'], ind['unit'])} here, "
                       f"{value_text(r['other_value'], ind['decimals'], ind['unit'])} in {r['other_source']}" for r in differ.head(named).iter_rows(named=True))
    return plain(
        f"{n} figure{'s' if n != 1 else ''} drawn here differ{'s' if n == 1 else ''} from another publication of the same figure by more than rounding: "
        + listed + (f"; and {n - named} more" if n > named else "") + ". " + ind["definition"] + " Data and definitions lists every difference."
    )


def url_state(con: duckdb.DuckDBPyConnection, *, need_year: bool = True) -> State:
    """Read area, indicator, year and compare_to from the URL; unknown values fall back with a message.
    `area` is "my authority" (my_area), `areas` adds the other areas a link lists."""
    messages: list[str] = []
    las = cached(q.current_las)
    inds = cached(q.indicators_with_data)
    if inds.is_empty() or las.is_empty():
        st.info("The warehouse holds no indicator values for local authorities yet. Build it from the published files.")
        st.stop()
    known = subjects()
    default_indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in set(inds["indicator_id"]) else inds["indicator_id"][0]
    mine = my_area()
    linked = _url_areas() or [(mine, mine)]
    asked = [read for _, read in linked]
    areas = [a for a in asked if a in known]
    for written, read in linked:
        if read not in known:
            messages.append(f"Unknown area '{plain(written)}' in the link; it is left out.")
        elif written != read:
            messages.append(plain(f"{written} in the link is the code {known[read]} had before ONS recoded it: {known[read]} ({read}) is shown."))
    if not areas:
        messages.append(f"Showing {known[mine]} instead.")
    areas = [mine, *[a for a in areas if a != mine]]
    area = mine
    # a page opened from the sidebar has no indicator in its link: the one last chosen, where a director's child protection
    # plans on compare had become children looked after on the neighbour table and trends
    indicator = _param("indicator") or st.session_state.get(LAST_INDICATOR) or default_indicator
    if indicator not in set(inds["indicator_id"].to_list()):
        messages.append(f"Unknown indicator '{plain(indicator)}' in the link; showing the default indicator instead.")
        indicator = default_indicator
    compare_to = _param("compare_to") or "sn"
    if compare_to not in COMPARE_TO:
        messages.append(f"Unknown comparison '{plain(compare_to)}' in the link; comparing with statistical neighbours.")
        compare_to = "sn"
    year = None
    if need_year:
        available = cached(q.years, indicator)
        raw = _param("year")
        asked_year = parse_int(raw)
        if asked_year is not None and asked_year in available:
            year = asked_year
        else:
            if raw is not None:
                name = inds.filter(pl.col("indicator_id") == indicator)["name"].to_list()
                messages.append(f"No figures of {plain(in_sentence(name[0]) if name else indicator)} for year '{plain(raw)}'; showing the latest year instead.")
            year = available[0] if available else None
    return State(area, areas, indicator, year, compare_to, messages)


def is_la(area: str) -> bool:
    """True for a current local authority (what the compare page ranks)."""
    return area in set(cached(q.current_las)["area_code"].to_list())


def former_las_in(year: int | None = None) -> dict[str, str]:
    """The former authorities (that were authorities in `year`, if given), as the pickers name them
    ("Northamptonshire (until 2021)"): the compare page ranks them that year, and highlights one chosen."""
    las = cached(q.areas).filter((pl.col("geographic_level") == "Local authority") & ~pl.col("is_current") & (pl.col("last_year") >= (year or 0)))
    label = subjects()
    return {code: label[code] for code in las.sort("area_name")["area_code"].to_list()}


def stand_in(area: str, chosen: str, la_names: dict[str, str], shown: str) -> str:
    """Why a page asked for `chosen` (England, a region or a former authority) shows the authority
    `area` (`shown`: "highlighted", "shown"): the one that replaced it, or the first in the list, a
    stand-in until the reader chooses one. One wording for every page that needs an authority."""
    if area in cached(q.successors, chosen)["area_code"].to_list():
        return f"{la_names[area]}, which replaced it, is {shown}."
    return f"{la_names[area]}, the first in the list, is {shown} until you choose a local authority."


def choices() -> tuple[dict[str, str], dict[str, str]]:
    """Indicator labels by id (those with data; "Outcome · name", grouped by outcome, so typing in a
    picker searches both) and current LA names by ONS code, for the pickers."""
    inds = cached(q.indicators_with_data)
    las = cached(q.current_las)
    return dict(zip(inds["indicator_id"], inds["picker_label"], strict=True)), dict(zip(las["area_code"], las["area_name"], strict=True))


def show_messages(state: State) -> None:
    """The messages about the link; every user-supplied part in them is already escaped (plain)."""
    for m in state.messages:
        st.warning(m)


def linked_choice(widget: Callable[..., T], label: str, options: list, wanted: object, key: str, **kw: object) -> T:
    """A picker (`widget`: a selectbox, radio or multiselect, of the page or of a column) whose choice is the reader's,
    and the link's (`wanted`, as the page read it from the address) when the link changes: a link
    followed, or an address typed. Its choice had been given by an index read from the link, which
    the link only caught up with after the run: each choice made the widget anew from the old link,
    so every second choice was thrown away (compare's year: 2023, then 2021, stayed on 2023). The
    page writes the choice into the link (`sync_url`)."""
    linked = f"{key}-linked"
    held = st.session_state.get(key)
    valid = all(v in options for v in held) if isinstance(held, list) else held in options
    if st.session_state.get(linked) != wanted or not valid:
        st.session_state[key] = wanted
    value = widget(label, options, key=key, **kw)
    st.session_state[linked] = value
    return value


def sync_url(**values: object) -> None:
    """Write the current selection into the URL so the view can be shared."""
    for key, value in values.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
            continue
        text = ",".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        if key == "indicator":
            st.session_state[LAST_INDICATOR] = text
        if key == "area" and text.split(",")[0] == st.session_state.get(MY_AREA):
            # the page's own writing of "my authority" is not a link followed: read as one on the next run, it had made
            # the starting choice the reader's, and "Haringey is shown until you choose..." went at the first change of a year
            st.session_state[_URL_AREA_SEEN] = st.session_state[MY_AREA]
        # written even when it reads the same: a page link's parameters reach the script but not the address bar
        # (BCP's profile, "the inspections of Poole": Poole shown under a link that still said area=E06000058)
        st.query_params[key] = text

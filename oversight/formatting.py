"""How numbers and missing figures read, everywhere: tables, chart tooltips, flags and the report.

The number of decimal places always comes from the catalogue (`indicators.decimals`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from etl import lait_measures

# what a table cell shows when it holds nothing (a missing figure's reason is in its own column)
EMPTY_CELL = ""


# an indicator's polarity in words
POLARITY = {"higher": "higher is better", "lower": "lower is better", "neutral": "neither higher nor lower is better"}
# how the mart's rank and band read for an indicator's polarity (the mart decides both: etl/sql/marts.sql):
# what rank 1 is, the band letters' key, and which side of each cut-off is which band
RANK_ONE = {"higher": "best", "lower": "best", "neutral": "lowest"}
BAND_KEY = {"higher": "A best, D worst", "lower": "A best, D worst", "neutral": "Q1 low, Q4 high"}
# a band in words, after its letter where a sentence gives it alone ("quartile band A" had no key on compare)
BAND_WORDS = {"A": "the best quarter", "B": "the second-best quarter", "C": "the second-worst quarter", "D": "the worst quarter",
              "Q2": "the second-lowest quarter", "Q3": "the second-highest quarter"}
BAND_SIDES = {
    "lower": "Band: the quarter of every ranked LA that year, A best to D worst (lower is better): at or below the Q1 cut-off is A, then up to Q2 B, up to Q3 C, above Q3 D.",
    "higher": "Band: the quarter of every ranked LA that year, A best to D worst (higher is better): above the Q3 cut-off is A, then down to Q2 B, down to Q1 C, at or below Q1 D.",
    "neutral": "Band: the quarter of every ranked LA that year, Q1 lowest to Q4 highest; the Q1, Q2 and Q3 cut-offs are the tops of the first three quarters.",
}



def cut_off_text(cut: float, decimals: int, unit: str = "") -> str:
    """A quartile cut-off as exactly as the figures need it: at the indicator's decimals where that
    is the cut-off itself, else with one or two more, which a quartile of figures published to that
    many decimals has at most (R's type 7 takes a quarter, a half or three quarters of the way
    between two): re-referrals' 23.65% in 2024, which a key had printed as 23.7%, putting
    Leicestershire's 23.7% (band D, above it) in C. A figure worked out here (a rate from counts) is
    unrounded, and its cut-off is given to two more decimals."""
    extra = next((k for k in (0, 1) if abs(round(cut, decimals + k) - cut) < 1e-9), 2)
    return number(cut, decimals + extra, unit)


def band_ranges(polarity: str, cuts: tuple[float, float, float], decimals: int, unit: str) -> dict[str, str]:
    """Each quartile band with the figures it holds, from the mart's cut-offs (band_q1 to band_q3,
    inclusive upper bounds; `cut_off_text`): re-referrals in 2025 {"A": "16.9% or below", "B":
    "above 16.9% to 20.0%", "C": "above 20.0% to 23.0%", "D": "above 23.0%"}. A band map had named
    its bands without a figure."""
    names = {"lower": ["A", "B", "C", "D"], "higher": ["D", "C", "B", "A"]}.get(polarity, ["Q1 (lowest)", "Q2", "Q3", "Q4 (highest)"])
    q1, q2, q3 = (cut_off_text(c, decimals, unit) for c in cuts)
    return dict(zip(names, [f"{q1} or below", f"above {q1} to {q2}", f"above {q2} to {q3}", f"above {q3}"], strict=True))


NAMES_KEPT = ("Ofsted", "England", "Cafcass", "DfE", "LAIT", "ONS")


def in_sentence(title: str) -> str:
    """A name or title inside a sentence: its first letter lower case unless its first word is a
    name or an acronym (Ofsted, England, NEET) or the title is in title case (LAIT's "Long Term
    Placement Stability (%)" had read "long Term Placement..."); every other word as written, so
    "Care leavers - NEET (%)" reads "care leavers - NEET (%)"."""
    words = title.split()
    first = words[0] if words else ""
    second = next((w for w in words[1:] if w[:1].isalpha()), "")
    title_case = second[:1].isupper() and not second[:2].isupper() and not second.startswith(NAMES_KEPT)  # not "Latest Ofsted judgement"
    if first.startswith(NAMES_KEPT) or (len(first) > 1 and first[:2].isupper()) or title_case:
        return title
    return title[:1].lower() + title[1:]


def shaded_text(name: str, as_where: str) -> str:
    """Under a table whose rows for an authority and its statistical neighbours are shaded (charts.ROW_TINT), what the
    shading is and where the row's role is said: compare's ranking and the neighbour table alike."""
    return (f"Shaded: {name} (orange) and its statistical neighbours (blue), {as_where}; the Role column, at the far right "
            "(scroll the table sideways), says what each row is.")


def listing(items: list[str]) -> str:
    """Names in a sentence: "a", "a and b", "a, b and c"; with a comma before the last "and" where a name either
    side of it has one of its own: "Kensington and Chelsea, and Westminster" (without it, one authority or two?); by
    semicolons where a name has a comma of its own: "Wolverhampton; Kingston upon Hull, City of; and Stoke-on-Trent"."""
    if len(items) < 2:
        return "".join(items)
    # a name with a comma of its own ("Kingston upon Hull, City of") read as two in a list split by commas: split by semicolons
    if any("," in item for item in items):
        return "; ".join(items[:-1]) + ("; and " if len(items) > 2 or " and " in items[0] else " and ") + items[-1]
    serial = "," if any(" and " in item for item in items[-2:]) else ""
    return ", ".join(items[:-1]) + serial + " and " + items[-1]


# column headings for tables whose page gives none: a person's words, not a column id
COLUMN_LABELS = {
    "area_code": "ONS code", "area_name": "Area", "region_name": "Region", "time_period": "Year", "indicator_id": "Indicator id",
    "name": "Indicator", "value": "Value", "suppression": "Note", "sn_mean": "SN average", "sn_median": "SN median",
    "grade_label": "Judgement", "inspection_date": "Inspected", "publication_date": "Published", "status_note": "Source note",
    "rule_id": "Flag id", "pct_good_or_outstanding": "Good or outstanding (%)", "on_date": "On", "overall_grade": "Overall grade",
    "lait_measure": "LAIT measure",  # DfE's tool's name, as it writes it ("Lait measure" had read as a word)
    "year_label": "Year",  # a year as a chart labels it, "2025 (to 24 Mar)"
}


def year_ranges(years: Iterable[int]) -> str:
    """Years as a reader says them, a run of three or more as its ends: [2013, ..., 2023, 2025] is
    "2013 to 2023 and 2025"; [2021, 2022] is "2021 and 2022"."""
    runs: list[list[int]] = []
    for y in sorted(set(years)):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return listing([said for a, b in runs for said in ([f"{a} to {b}"] if b - a >= 2 else [str(y) for y in range(a, b + 1)])])


def with_unit(name: str, unit: str) -> str:
    """A heading over an indicator's figures that carries its unit: "Re-referrals within 12 months
    (%)", "Spending on safeguarding per child aged 0 to 17 (£)" (its unit, "£ per child aged 0 to 17", said once);
    the name alone when it already says it ("Referrals per 10,000 children") or the figures are a count."""
    if not unit or unit == "count" or unit.lower() in name.lower():
        return name
    if unit.startswith("£ ") and unit[2:].lower() in name.lower():  # "Spending on safeguarding per child aged 0 to 17 (£)"
        return f"{name} (£)"
    return f"{name} ({unit})"


def column_label(column: str) -> str:
    """A column's heading: its entry in COLUMN_LABELS, else its words ("not_yet_official": "Not yet official")."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    return column.replace("_pct", " (%)").replace("_", " ").capitalize() if "_" in column or column.islower() else column


# An indicator's reporting period (`indicators.year_type`: LAIT's year types, which the catalogue's
# own indicators take too) as a chart's axis title and as a year in words after a figure ("61 at 31
# March 2025"). `time_period` is the year the period ends; a null year type is a year to 31 March.
PERIODS: dict[str | None, tuple[str, str]] = {
    "Financial Year": ("Year to 31 March", "in the year to 31 March {y}"),
    "Annual": ("At 31 March", "at 31 March {y}"),
    "Annual (end of Sept)": ("At 30 September", "at 30 September {y}"),
    "Academic Year": ("Academic year", "in the {before}/{yy} academic year"),
    "Calendar Year": ("Calendar year", "in {y}"),
    "Annual - January": ("In January", "in January {y}"),
    "Year to 30 September": ("Year to 30 September", "in the year to 30 September {y}"),  # the catalogue's own: the workforce's turnover
    # the build's own, for a LAIT measure whose every figure pools three years (etl.lait_measures.POOLED): "2021/22-23/24"
    # had read "in the year to 31 March 2024", and its change on "2020/21-22/23" as a year's change
    "Three financial years": ("Three years to 31 March", "in the three years to 31 March {y}"),
    "Three calendar years": ("Three calendar years", "in the three years {start} to {y}"),
}
PERIODS[None] = PERIODS["Financial Year"]
# the month in which a year type's period of year y ends (or is taken), in year y
PERIOD_END_MONTH: dict[str | None, int] = {None: 3, "Financial Year": 3, "Annual": 3, "Annual (end of Sept)": 9, "Academic Year": 8,
                                           "Calendar Year": 12, "Annual - January": 1, "Year to 30 September": 9,
                                           "Three financial years": 3, "Three calendar years": 12}
POOLED = frozenset(lait_measures.POOLED.values())  # a year's figure pools it with the two before
# year types whose figures are for, or at, 31 March of their year: the collection year pages assume (a pooled figure
# always says its three years)
ENDS_31_MARCH = frozenset(t for t, month in PERIOD_END_MONTH.items() if month == 3 and t not in POOLED)


def first_period_after(year_type: str | None, changed: int) -> int:
    """The first year of a year type whose period ends after a boundary change of 1 April `changed`
    (the old authority's last year to 31 March), i.e. the new authority's first: 2024 for figures to or
    at 31 March after April 2023, and 2023 for the workforce at 30 September (Cumberland's first)."""
    return changed if PERIOD_END_MONTH.get(year_type, 3) > 3 else changed + 1


def ended_text(last_year: int) -> str:
    """What a former authority was, after its name: "was an authority to 31 March 2019" (its last
    reporting year's end; its successors began on 1 April)."""
    return f"was an authority to 31 March {last_year}"


def period_axis(year_type: str | None) -> str:
    """A year axis's title for an indicator: "Year to 31 March", "At 30 September", "Academic year"."""
    return PERIODS.get(year_type, ("Year", ""))[0]


def years_are(year_type: str | None, year: int) -> str:
    """What a column or axis of years means, with `year` as the example: "At 30 September; 2025 is 30
    September 2025" (a workforce "2025" is not the year to 31 March its neighbours' columns are)."""
    return f"{period_axis(year_type)}; {year} is {period_text(year_type, year, preposition=False)}"


def period_text(year_type: str | None, year: int, preposition: bool = True) -> str:
    """A year in words after a figure: "in the year to 31 March 2025", "at 30 September 2025", "in
    the 2024/25 academic year"; "in 2025" for a year type not in PERIODS. Without the preposition
    after a colon: "the year to 31 March 2025", "30 September 2025"."""
    words = PERIODS.get(year_type, ("", "in {y}"))[1].format(y=year, before=year - 1, yy=f"{year % 100:02d}", start=year - 2)
    return words if preposition else words.split(" ", 1)[1]


def other_periods(rows: Iterable[tuple[str | None, str, int]]) -> list[tuple[str, str]]:
    """The periods that do not end on 31 March, each as the topics of its indicators and when their
    figures are for: [("social work workforce", "in the year to 30 September 2025 or at 30 September
    2025")]; year types ending on the same day are said together. rows: (year_type, topic, year), one
    per indicator or per topic."""
    grouped: dict[tuple[int, int], tuple[list[str], list[str | None]]] = {}
    for year_type, topic, year in rows:
        if year_type not in ENDS_31_MARCH:
            topics, types = grouped.setdefault((PERIOD_END_MONTH.get(year_type, 3), year), ([], []))
            topics += [] if topic in topics else [topic]
            types += [] if year_type in types else [year_type]
    return [(listing([in_sentence(t) for t in topics]), " or ".join(period_text(t, year) for t in sorted(types, key=lambda t: str(t).startswith("Annual"))))
            for (_, year), (topics, types) in grouped.items()]


def periods_sentence(heads: Iterable[tuple[str | None, str]], year: int) -> str:
    """When a collection year's headline figures are for: "Figures are for the year to 31 March 2025 or
    at 31 March 2025; social work workforce figures are at 30 September 2025." heads: (year_type,
    topic) of the headline indicators; each year type not ending on 31 March is named by its topics."""
    text = f"Figures are for the year to 31 March {year} or at 31 March {year}"
    for topics, when in other_periods((t, topic, year) for t, topic in heads):
        # "figures are for the year to 30 September 2025 or at ...", where "figures are in the year to" read oddly
        text += f"; {topics} figures are {'for ' + when.removeprefix('in ') if when.startswith('in ') else when}"
    return text + "."


def year_label(year_type: str | None, year: int) -> str:
    """A year beside a figure: "2025" for a year to (or at) 31 March, where pages say so once;
    its period otherwise ("30 September 2025", "2024/25 academic year")."""
    if year_type in ENDS_31_MARCH:
        return str(year)
    return period_text(year_type, year, preposition=False).removeprefix("the ")


# a figure whose base (its denominator) is this small moves a lot on a difference of one, its rank and band with it: marked.
# A percentage on fewer than 100 moves a point or more; another figure (a caseload, over its social workers) on fewer
# than 20 moves by a twentieth or more (Hartlepool's caseload, over 91 social workers, moves by about 0.15 and is not marked)
SMALL_BASE = 100
SMALL_RATIO_BASE = 20


def small_base(unit: str) -> int:
    """The base under which a figure in `unit` is marked as on a small base: a percentage's, or a figure's per
    100 of its base (conferences per 100 section 47 enquiries), else a ratio's."""
    return SMALL_BASE if unit.startswith(("%", "per 100 ")) else SMALL_RATIO_BASE


def distant_neighbours_text(name: str, closeness: list[str | None]) -> str | None:
    """Where at least half of an authority's statistical neighbours are "not close" in the model that chose
    them (`closeness`, one per neighbour): all ten of the Isles of Scilly's and the City of London's, nine of
    Tower Hamlets'. Compare had quoted the Isles of Scilly's "statistical neighbours' average 16.2%" as if
    it were as good a comparison as any other authority's."""
    far = sum(1 for c in closeness if (c or "").lower() == "not close")
    if not closeness or far * 2 < len(closeness):
        return None
    return (f"{'All' if far == len(closeness) else far} of the {len(closeness)} statistical neighbours of {name} are \"not close\" in the "
            "model that chose them: their average is a weak comparison for it.")


def base_text(numerator: float | None, denominator: float, unit: str) -> str:
    """A figure's base as a reader takes it: "7 of 38" for a percentage with its count, "over a base of
    15.4" otherwise (a caseload's 181 cases over 15.4 social workers is not "181 of 15.4"). Full-time
    equivalents, published to one decimal, keep it: Rutland's agency social workers, 8.4%, had read
    "2 of 24", which gives 8.3% (2.0 of 23.9)."""
    places = 0 if all(x is None or float(x).is_integer() for x in (numerator, denominator)) else 1
    if unit == "%" and numerator is not None:
        return f"{number(numerator, places)} of {number(denominator, places)}"
    return f"over a base of {number(denominator, places)}"


# what each published symbol says (the GSS symbols EES uses, and LAIT's "-"); others are suppression
SYMBOLS = {"c": "suppressed", "x": "not available", "z": "not applicable", "u": "low reliability", "low": "rounds to zero", "-": "no figure"}
# a key under a printed table says more where the symbol's word alone explains nothing ("- no figure")
SYMBOLS_IN_A_KEY = {"-": "no figure, and no reason given (the mark DfE's LAIT uses)"}


# symbols that stand for a figure known to be there, only too small to show: not a missing figure
FIGURE_KNOWN = {"low"}
# symbols for a figure that does not apply to the area (the Isles of Scilly's children looked after):
# nothing is missing from its data
NOT_APPLICABLE = {"z"}


def suppressed(symbol: str | None) -> str:
    """The wording for a figure that is not there: its published symbol, never 0 or a blank. LAIT's
    "-" says only that it has no figure, not that one was withheld."""
    if not symbol:
        return "not available"
    return f"{SYMBOLS.get(symbol, 'suppressed')} ({symbol})"


def reason_heading(symbol: str | None) -> str:
    """Why a group of authorities has no figure, as a sentence begins: "Suppressed (c)". LAIT's "-" gives no
    reason, so it is said as published: "Published as - (no reason given)" (compare had read "77 authorities
    have no figure for 2025. No figure (-): ...")."""
    if symbol == "-":
        return "Published as - (no reason given)"
    why = suppressed(symbol)
    return why[0].upper() + why[1:]


def looks_back_text(since: dt.date, months: int, name: str | None = None, several: bool = False) -> str:
    """Why a new authority's figure is not ranked, banded or counted in a neighbour's SN average (the
    mart's looks_back_only_to: the day it was formed), without a full stop: "Not ranked or banded:
    Westmorland and Furness was formed on 1 April 2023, and the figure looks back 12 months, to before
    then, so it reads low against later years' figures". Its first re-referral rate, 7.4%, had ranked 1 of
    149, band A, and 16.5% the year after. `several`: `name` lists more than one authority; without a
    name, "formed on 1 April 2023" (a shape's record on the map)."""
    formed = f"{name} {'were' if several else 'was'} formed" if name else "formed"  # a shape's record: "formed on 1 April 2023"
    return (f"Not ranked or banded: {formed} on {since:%-d %B %Y}, and the "
            f"figure{'s look' if several else ' looks'} back {months} months, to before then, so {'they read' if several else 'it reads'} low against later years' figures")


def not_in_sn_average(neighbours: pl.DataFrame, months: int | None = None) -> str:
    """The neighbours with a figure that the SN average and median leave out, as they leave out every
    neighbour without one: a figure published without a number ("low": rounds to zero), and one that
    looks back `months` to before its authority was formed (a `looks_back_only_to` column). "The SN
    average and median leave out Sunderland for 2023, 2024 and 2025: its figure is published as rounds
    to zero (low), with no number." "" when there is none. neighbours: area_name, time_period, value,
    suppression (Blackpool's SN average of agency workers, 13.5%, had left out its lowest neighbour
    without a word)."""
    known = neighbours.filter(pl.col("value").is_null() & pl.col("suppression").is_in(list(FIGURE_KNOWN)))

    def names_of(rows: pl.DataFrame) -> list[str]:
        return [f"{name} for {listing([str(y) for y in sorted(part['time_period'].to_list())])}" for (name,), part in rows.group_by("area_name", maintain_order=True)]

    said = []
    if known.height:
        names, marks = names_of(known), listing([suppressed(s) for s in sorted(set(known["suppression"].to_list()))])
        said.append(f"The SN average and median leave out {listing(names)}: {'its figure is' if len(names) == 1 else 'their figures are'} published as {marks}, "
                    "with no number.")
    new = neighbours.filter(pl.col("looks_back_only_to").is_not_null()) if "looks_back_only_to" in neighbours.columns and months else None
    for (since,), part in new.group_by("looks_back_only_to", maintain_order=True) if new is not None else []:
        names = names_of(part)
        said.append(f"The SN average and median leave out {listing(names)}: {'its figure looks' if len(names) == 1 else 'their figures look'} back {months} months, "
                    f"to before {'it was' if len(names) == 1 else 'they were'} formed on {since:%-d %B %Y}, and {'reads' if len(names) == 1 else 'read'} low.")
    return " ".join(said)


def built_text(at: dt.datetime | None) -> str:
    """When a build ran, as a reader says it: "23 November 2026 at 20:42 UTC" (builds record UTC)."""
    return "at an unknown time" if at is None else f"{at:%-d %B %Y at %H:%M} UTC"


def rounded(value: float, decimals: int) -> Decimal:
    """A value at `decimals` places as the publishers round and a spreadsheet shows it: a half away
    from zero, on the number as written (18.25 is 18.3, 88.5 is 89, 2.675 is 2.68), where Python's
    own rounding gave a half to the even digit (18.2, 88) and a page's grid and the workbook said
    otherwise. A figure worked out here (a mean, a median) is first taken to 12 significant digits,
    clearing the noise of floating point in its last bits: the median of 11.6 and 11.7 is
    11.649999999999999, which read 11.6 in a pack whose workbook shows 11.65. Never a negative zero."""
    out = Decimal(format(value, ".12g")).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return out.copy_abs() if out == 0 else out


def as_shown(df: pl.DataFrame, decimals: int, columns: Iterable[str] | None = None) -> pl.DataFrame:
    """The frame's figures (`columns`, or every float column) at `decimals` places, rounded as
    `rounded` rounds, for a grid or a chart's tooltip to print: their own formatters round the binary
    number, so 18.65 read 18.6 there beside 18.7 in the text and the workbook."""
    names = list(columns) if columns is not None else [c for c, t in df.schema.items() if t in (pl.Float32, pl.Float64)]
    return df.with_columns(pl.col(c).map_elements(lambda v: float(rounded(v, decimals)), return_dtype=pl.Float64) for c in names if c in df.columns)


def number(value: float, decimals: int, unit: str = "") -> str:
    """A value as a person reads it: thousands separated, the catalogue's decimals (a half rounded
    away from zero: `rounded`), % for percentages and £ for money."""
    text = f"{rounded(value, decimals):,.{decimals}f}"
    if unit.startswith("%"):  # "%", and LAIT's "% CIN", "% of referrals"...
        return f"{text}%"
    if unit.startswith("£"):
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    return text


def value_text(value: float | None, decimals: int, unit: str = "", suppression: str | None = None) -> str:
    """A value, or the suppression wording when it is missing."""
    return suppressed(suppression) if value is None else number(value, decimals, unit)


# said wherever change_text's "pp" is shown (a tile's change has room for a few words only)
PP_KEY = "A change in a percentage is in percentage points (pp)."
# where a table or a tile gives a change on the year before: worked out as the publisher would, not from the figures as rounded
# (England's referrals, 519.4 against 515.7, rose by 3.8: 519.44 less 515.65)
UNROUNDED_KEY = "Changes are worked out from the unrounded figures, so one can differ by 1 in its last digit from the difference of the two figures shown."


def change_text(change: float, decimals: int, unit: str = "") -> str:
    """A change with its sign at the catalogue's decimals and its unit: "+3.8", "-0.9", "+0.2 pp"
    (percentage points, PP_KEY) for a percentage, "+£9" for money, and "0" ("0 pp", "£0"; never
    "-0" or "+0") when it rounds to nothing."""
    shown = rounded(change, decimals)
    if shown == 0:
        return f"{number(0, decimals)} pp" if unit.startswith("%") else number(0, decimals, unit)
    sign = "+" if shown > 0 else "-"
    if unit.startswith("%"):  # a change in a percentage is in percentage points, not per cent
        return f"{sign}{number(abs(change), decimals)} pp"
    return f"{sign}{number(abs(change), decimals, unit)}"


def change_heading(unit: str) -> str:
    """A table's heading over changes on the year before: in percentage points for a percentage (PP_KEY)."""
    return "Change (pp)" if unit.startswith("%") else "Change"


# the mart's direction in words where polarity applies
VERDICT = {"improving": "better", "declining": "worse"}


def direction_words(change: str = "change", direction: str = "direction") -> pl.Expr:
    """The mart's direction in a table's column or a CSV as the tiles word it: which way the figure moved and, where
    polarity applies, whether that is better ("up, worse", "down, better"); "up", "down" or "no change" otherwise.
    "declining" beside a change of 0.2 in re-referrals had read, in the national page's CSV, as the figure falling."""
    moved = pl.when(pl.col(change) > 0).then(pl.lit("up")).otherwise(pl.lit("down"))
    judged = pl.col(direction).replace_strict(VERDICT, default=None, return_dtype=pl.String)
    return pl.when(judged.is_not_null()).then(pl.concat_str([moved, judged], separator=", ")).otherwise(pl.col(direction)).alias(direction)


def direction_text(change: float | None, direction: str | None) -> str:
    """A change in a table cell: the arrow follows the sign of the change and the word follows
    polarity, so a rise in re-referrals reads "▲ worse" (up or down for neutral indicators)."""
    if change is None or direction is None:
        return "–"
    if direction == "no change":
        return "= same"
    word = VERDICT.get(direction, direction)
    return f"{'▲' if change > 0 else '▼'} {word}"


def d3(decimals: int) -> str:
    """The same format for Altair (d3-format) tooltips and axes."""
    return f",.{decimals}f"


def printf(decimals: int) -> str:
    """The same format for Streamlit's column_config (printf style)."""
    return f"%.{decimals}f"


def excel(decimals: int) -> str:
    """The same format as an Excel number format."""
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:&\"'=^")


def plain(text: object) -> str:
    """Text from a URL or a file made safe inside Streamlit markdown (st.warning, st.info, st.markdown
    render their body as markdown): every markdown, emoji-shortcode and LaTeX character is escaped
    with a backslash, so a link, an image, a colour directive or a formula stays literal text."""
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in str(text).replace("\n", " ").replace("\r", " "))


def cut_short(column: str, limit: int) -> pl.Expr:
    """A text column cut to at most `limit` characters and a "…", at the last space before it, where
    longer (a grid's cell shows a line of it: the whole is for the CSV and for reading beneath)."""
    text = pl.col(column)
    cut = text.str.slice(0, limit).str.replace(r"\s+\S*$", "") + "…"
    return pl.when(text.str.len_chars() > limit).then(cut).otherwise(text).alias(column)


def newer_release_text(catalogue: pl.DataFrame, where: str) -> str | None:
    """What to say where a headline indicator's next update date has passed (catalogue: provenance_queries.catalogue_updates),
    measured at today's date; `where` says where each indicator's dates are. "A newer release may be out for 8
    headline indicators ..."; None when none is overdue."""
    cat = catalogue.filter(pl.col("headline") & pl.col("update_overdue"))
    if cat.is_empty():
        return None
    first, last = cat["next_update"].min(), cat["next_update"].max()
    due = f"on {first:%-d %B %Y}" if first == last else f"between {first:%-d %B %Y} and {last:%-d %B %Y}"
    names = listing([in_sentence(n) for n in cat["name"].head(3).to_list()] + ([f"{cat.height - 3} more"] if cat.height > 3 else []))
    return (f"A newer release may be out for {cat.height} headline indicator{'s' if cat.height != 1 else ''}: the publisher's next update "
            f"was due {due} ({names}). The figures here are from the releases loaded; {where}")


def turning_points(rows: pl.DataFrame, decimals: int, unit: str) -> str:
    """", highest 29.3% in 2023" where a series' (time_period, value, in order) highest (or lowest) figure, as
    printed, lies between its first and last and above (below) both: "rose from 21.4% in 2022 to 23.9% in 2025"
    had hidden a peak of 29.3% that the reader of the description alone never learnt of. Every year of a
    tie is named: "highest 70 in 2022" had left out 2023's 70."""
    shown = [float(rounded(v, decimals)) for v in rows["value"]]
    years = rows["time_period"].to_list()
    said = []
    for word, pick in (("highest", max), ("lowest", min)):
        extreme = pick(shown[1:-1], default=None)
        if extreme is not None and pick(extreme, shown[0], shown[-1]) == extreme and extreme not in (shown[0], shown[-1]):
            said.append(f", {word} {number(extreme, decimals, unit)} in {listing([str(y) for y, v in zip(years, shown, strict=True) if v == extreme])}")
    return "".join(said)

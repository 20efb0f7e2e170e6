"""Small returns written to DfE's published layouts, with answers known by hand (used by the
returns tests). Every child is invented; each carries a UPN, a birth date and postcodes so the
tests can check that none of them reaches a database."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

D = dt.date


@dataclass
class Referral:
    date: D
    closure: D | None = None
    reason: str | None = None
    nfa: bool = False
    need: str = "N1"
    source: str = "1A"
    assessments: list[tuple[D, D | None]] = field(default_factory=list)
    s47: list[tuple[D, D | None]] = field(default_factory=list)  # (start, initial conference)
    plans: list[tuple[D, D | None, int]] = field(default_factory=list)  # (start, end, previous plans)


@dataclass
class Child:
    id: str
    referrals: list[Referral]
    upn: str = ""
    dob: D = field(default_factory=lambda: D(2012, 6, 1))


def upn(n: int) -> str:
    return f"A{n:012d}"


def cin_xml(year: int, lea: str | list[str], children: list[Child]) -> str:
    """A CIN census message for the collection year ending 31 March `year`."""
    leas = [lea] if isinstance(lea, str) else lea
    sex = "Sex" if year < 2022 else "GenderCurrent"
    out = ["<?xml version='1.0' encoding='utf-8'?>", "<Message>", "<Header>", "<CollectionDetails><Collection>CIN</Collection>",
           f"<Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>", "<Source><SourceLevel>L</SourceLevel>"]
    out += [f"<LEA>{code}</LEA>" for code in leas]
    out += ["<SoftwareCode>test</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2024-05-01T10:00:00</DateTime></Source>", "</Header>", "<Children>"]
    for c in children:
        out.append("<Child><ChildIdentifiers>")
        out.append(f"<LAchildID>{escape(c.id)}</LAchildID><UPN>{c.upn}</UPN><PersonBirthDate>{c.dob}</PersonBirthDate><{sex}>1</{sex}>")
        out.append("</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>")
        for r in c.referrals:
            out.append(f"<CINdetails><CINreferralDate>{r.date}</CINreferralDate><ReferralSource>{r.source}</ReferralSource><PrimaryNeedCode>{r.need}</PrimaryNeedCode>")
            if r.closure:
                out.append(f"<CINclosureDate>{r.closure}</CINclosureDate><ReasonForClosure>{r.reason or 'RC1'}</ReasonForClosure>")
            out.append(f"<ReferralNFA>{'true' if r.nfa else 'false'}</ReferralNFA>")
            for start, auth in r.assessments:
                out.append(f"<Assessments><AssessmentActualStartDate>{start}</AssessmentActualStartDate>" + (f"<AssessmentAuthorisationDate>{auth}</AssessmentAuthorisationDate>" if auth else "") + "</Assessments>")
            for start, icpc in r.s47:
                conf = f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired>" if icpc else "<ICPCnotRequired>true</ICPCnotRequired>"
                out.append(f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>{conf}</Section47>")
            for start, end, prev in r.plans:
                out.append(f"<ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>" + (f"<CPPendDate>{end}</CPPendDate>" if end else "")
                           + f"<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>{prev}</NumberOfPreviousCPP></ChildProtectionPlans>")
            out.append("</CINdetails>")
        out.append("</Child>")
    out += ["</Children>", "</Message>"]
    return "\n".join(out)


def write_cin(path: Path, year: int, lea: str | list[str], children: list[Child]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(cin_xml(year, lea, children), encoding="utf-8")
    return path


# The CIN census for 2023-24 whose answers the tests know (see test_returns_indicators.py).
def cin_2024() -> list[Child]:
    R = Referral
    kids = [
        ("A", [R(D(2022, 9, 1), D(2022, 12, 1)), R(D(2023, 5, 10), assessments=[(D(2023, 5, 10), D(2023, 7, 13))])]),
        ("B", [R(D(2021, 6, 1), D(2021, 8, 1)), R(D(2023, 6, 15), D(2023, 9, 1), "RC2", assessments=[(D(2023, 6, 15), D(2023, 8, 31))])]),
        ("C", [R(D(2023, 4, 1), D(2023, 4, 1), "RC8", nfa=True)]),
        ("D", [R(D(2024, 3, 31))]),
        ("E", [R(D(2023, 1, 10), assessments=[(D(2023, 1, 12), D(2023, 3, 20))])]),
        ("F", [R(D(2023, 7, 1), D(2023, 8, 1), "RC3", assessments=[(D(2023, 7, 3), D(2023, 7, 20))]), R(D(2023, 10, 1))]),
        ("G", [R(D(2021, 1, 5), plans=[(D(2021, 2, 1), D(2023, 6, 1), 0), (D(2023, 9, 1), None, 0)])]),
        ("H", [R(D(2023, 5, 2), assessments=[(D(2023, 5, 2), D(2023, 6, 1))], s47=[(D(2023, 5, 3), D(2023, 5, 25))], plans=[(D(2023, 5, 25), None, 2)])]),
        ("I", [R(D(2023, 8, 1), s47=[(D(2023, 8, 2), D(2023, 8, 25))], plans=[(D(2023, 8, 25), D(2024, 1, 15), 0)])]),
        ("J", [R(D(2022, 2, 1), plans=[(D(2022, 2, 15), D(2024, 2, 15), 0)])]),
        ("K", [R(D(2023, 10, 30), D(2023, 12, 1), "RC3", s47=[(D(2023, 11, 1), None)], assessments=[(D(2024, 3, 1), None)])]),
    ]
    return [Child(f"CHILD{name}{n:03d}", refs, upn=upn(n)) for n, (name, refs) in enumerate(kids, start=1)]


# answers counted by hand from cin_2024() (numerator, denominator)
CIN_2024_ANSWERS = {
    "referrals_count": (9, None),          # A2 B2 C D F1 F2 H I K
    "rereferrals_pct": (2, 9),             # A2 (A1 8 months before), F2 (F1 3 months before)
    "assessments_45_days_pct": (3, 4),     # A (45 working days: 29 May excluded), F, H within; B 54; E before the year
    "s47_count": (3, None),                # H I K
    "icpc_15_days_pct": (1, 2),            # H 15 working days (8 May excluded); I 17
    "cin_count": (8, None),                # A D E F G H I J open at 31 March; B K closed, C no further action
    "cpp_count": (2, None),                # G's second plan, H
    "cpp_subsequent_pct": (2, 3),          # G2 (earlier plan in the return), H (2 previous); I first
    "cpp_2_years_pct": (2, 3),             # G1 (2y 4m), J (exactly 2 years); I 5 months
}


def write_903(folder: Path, episodes: list[tuple], missing: list[tuple] = (), oc3: list[tuple] = (), date_format: str = "%d/%m/%Y", drop: tuple[str, ...] = ()) -> Path:
    """SSDA903 CSV tables: episodes (child, DECOM, RNE, LS, PLACE, DEC, REC), missing (child, M/A,
    start, end), oc3 (child, IN_TOUCH, ACTIV, ACCOM). Dates as dd/mm/yyyy unless told."""
    folder.mkdir(parents=True, exist_ok=True)

    def d(x: D | None) -> str:
        return x.strftime(date_format) if x else ""

    children = sorted({e[0] for e in episodes} | {m[0] for m in missing} | {o[0] for o in oc3})
    n = {c: i for i, c in enumerate(children, start=1)}
    tables = {
        "header.csv": (["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"], [[c, "1", "01/06/2010", "WBRI", upn(900 + n[c]), "", ""] for c in children]),
        "episodes.csv": (["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
                         [[c, d(s), rne, ls, "N1", pl, "PR1", d(e), rec or "", "", f"ZZ{n[c]} 1AA", f"ZZ{n[c]} 2BB", "SC000001"] for c, s, rne, ls, pl, e, rec in episodes]),
        "missing.csv": (["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"], [[c, "01/06/2010", kind, d(s), d(e)] for c, kind, s, e in missing]),
        "oc3.csv": (["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"], [[c, "01/06/2004", touch, act, acc] for c, touch, act, acc in oc3]),
    }
    for name, (cols, rows) in tables.items():
        if name in drop:
            continue
        with (folder / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(cols)
            w.writerows(rows)
    return folder


# The SSDA903 for 2024-25 whose answers the tests know.
def episodes_2025() -> list[tuple]:
    return [
        ("CLA1", D(2024, 5, 1), "S", "C2", "U1", D(2024, 8, 1), "X1"),
        ("CLA1", D(2024, 8, 1), "P", "C2", "K3", D(2024, 12, 1), "X1"),
        ("CLA1", D(2024, 12, 1), "T", "C1", "R1", None, None),
        ("CLA2", D(2023, 1, 1), "S", "C2", "U1", D(2024, 6, 1), "X1"),
        ("CLA2", D(2024, 6, 1), "L", "C1", "U1", D(2024, 9, 1), "X1"),
        ("CLA2", D(2024, 9, 1), "U", "C1", "U2", None, None),
        ("CLA3", D(2024, 10, 1), "S", "V3", "T0", D(2024, 10, 5), "E13"),
        ("CLA4", D(2023, 6, 1), "S", "C2", "U1", D(2024, 11, 30), "E11"),
        ("CLA5", D(2025, 3, 31), "S", "C2", "U1", None, None),
        ("CLA6", D(2020, 1, 1), "S", "V4", "T0", None, None),
        ("CLA7", D(2024, 4, 1), "S", "J2", "K1", D(2024, 4, 2), "E3"),
        ("CLA8", D(2022, 1, 1), "S", "C2", "U3", D(2024, 3, 31), "E11"),
        ("CLA9", D(2019, 5, 5), "S", "C2", "U4", None, None),
        ("CLA10", D(2019, 5, 5), "S", "C2", "U4", None, None),
    ]


MISSING_2025 = [
    ("CLA2", "M", D(2024, 7, 1), D(2024, 7, 2)),
    ("CLA2", "M", D(2024, 8, 1), D(2024, 8, 3)),
    ("CLA4", "A", D(2024, 9, 1), D(2024, 9, 2)),
    ("CLA9", "M", D(2024, 3, 30), D(2024, 3, 31)),
]
OC3_2025 = [("CL1", "YES", "F1", "B1"), ("CL2", "YES", "G4", "Z2"), ("CL3", "YES", "P4", "K1"), ("CL4", "NO", "0", "0")]

SSDA903_2025_ANSWERS = {
    "cla_count": (5, None),                   # 1 2 5 9 10 (3 and 6 short breaks, 4 7 8 ceased)
    "cla_started_count": (3, None),           # 1 5 7
    "cla_ceased_count": (2, None),            # 4 7 (X1 is not an end of care; 8 ended the day before the year)
    "cla_3_placements_pct": (1, 5),           # 1 (S, P, T); 2 has one (L and U are not new placements)
    "cla_missing_pct": (1, 7),                # 2 went missing; looked after in the year: 1 2 4 5 7 9 10
    "cla_missing_episodes_count": (2, None),  # 2's two (4 was away, 9's before the year)
    "care_leavers_eet_pct": (2, 4),           # F1, P4
    "care_leavers_suitable_accom_pct": (2, 4),  # B1, K1
}


def load(sources: list[Path], db: Path, la: str | None = None, warehouse: Path | None = None) -> int:
    """Run the returns command as the command line does."""
    from etl.__main__ import main

    args = ["returns", *[a for s in sources for a in ("--source", str(s))], "--db", str(db), "--warehouse", str(warehouse or db.parent / "no-warehouse.duckdb")]
    return main(args + (["--la", la] if la else []))


def figures(db: Path) -> dict[str, tuple[float | None, float | None]]:
    """indicator -> (numerator, denominator) before suppression."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {i: (n, d) for i, n, d in con.execute("SELECT indicator_id, numerator, denominator FROM returns.figures").fetchall()}
    finally:
        con.close()

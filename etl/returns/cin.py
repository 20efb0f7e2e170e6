"""The children in need census (XML): header, then one <Child> at a time."""

from __future__ import annotations

from pathlib import Path

from etl.returns import spec
from etl.returns.fields import Checker
from etl.returns.model import Return
from etl.returns.privacy import child_hash
from etl.returns.problems import ReturnError
from etl.returns.xmlread import Node, XmlProblem, records

TRUE = {"1", "true"}


def read(path: Path, salt: bytes) -> Return:
    header: dict[str, list[tuple[str, int]]] = {}

    def outer(tags: list[str], text: str, line: int) -> None:
        header.setdefault(tags[-1], []).append((text, line))

    ret: Return | None = None
    checker: Checker | None = None
    try:
        for n, child in enumerate(records(path, "Child", outer), start=1):
            if ret is None:
                ret, checker = _start(path, header)
            _child(ret, checker, child, n, salt)
        if ret is None:
            ret, checker = _start(path, header)
        _check_leas(path, header)
    except XmlProblem as e:
        raise ReturnError(path, str(e), line=e.line) from None
    return ret


def _start(path: Path, header: dict[str, list[tuple[str, int]]]) -> tuple[Return, Checker]:
    if [t for t, _ in header.get("Collection", [])] != ["CIN"]:
        raise ReturnError(path, "the header has no <Collection>CIN</Collection>", table="Header", field="Collection")
    years = header.get("Year", [])
    if len(years) != 1 or not years[0][0].isdigit():
        raise ReturnError(path, "the header needs one <Year> (e.g. 2025 for the year to 31 March 2025)", table="Header", field="Year")
    year = int(years[0][0])
    first = spec.first_year("cin")
    if year < first:
        raise ReturnError(path, f"collection year {year - 1}-{str(year)[2:]} is older than the first CIN census specification held ({first - 1}-{str(first)[2:]})", table="Header", line=years[0][1], field="Year")
    _check_leas(path, header)
    leas = header.get("LEA", [])
    ret = Return("cin", [path], leas[0][0] if leas else None, year, spec.spec_year("cin", year))
    return ret, Checker(path, spec.for_year("cin", year))


def _check_leas(path: Path, header: dict[str, list[tuple[str, int]]]) -> None:
    leas = header.get("LEA", [])
    if len({t for t, _ in leas}) > 1:
        shown = ", ".join(f"{t} (line {line})" for t, line in leas)
        raise ReturnError(path, f"more than one LA in one file: LEA {shown}; a return is one authority's", table="Header", line=leas[1][1], field="LEA")


def _child(ret: Return, chk: Checker, child: Node, n: int, salt: bytes) -> None:
    ids = child.find("ChildIdentifiers")
    raw_id = ids.leaves().get(chk.spec["child_id"], "") if ids else ""
    if not raw_id:
        raise ReturnError(chk.path, f"child {n} has no {chk.spec['child_id']}", table="ChildIdentifiers", line=child.line, field=chk.spec["child_id"])
    limit = chk.spec.get("child_id_max_length")
    if limit and len(raw_id) > limit:
        raise ReturnError(chk.path, f"child {n}: {chk.spec['child_id']} is longer than {limit} characters", table="ChildIdentifiers", line=ids.line_of(chk.spec["child_id"]), field=chk.spec["child_id"])
    who = child_hash(salt, raw_id)
    said = "the header's <Year> gives"
    for det in child.all("CINdetails"):
        ref_id = len(ret.rows.get("cin_referrals", [])) + 1
        d = chk.row("CINdetails", det.leaves(), line=det.line, lines=det.leaf_lines())
        for name in ("CINreferralDate", "CINclosureDate"):
            chk.after_year_end("CINdetails", name, d[name], line=det.line_of(name), said_by=said)
        ret.rows.setdefault("cin_referrals", []).append(
            {"ref_id": ref_id, "child": who, "referral_date": d["CINreferralDate"], "closure_date": d["CINclosureDate"], "reason_for_closure": d.get("ReasonForClosure"), "primary_need": d.get("PrimaryNeedCode"), "referral_source": d.get("ReferralSource"), "nfa": (d.get("ReferralNFA") or "").lower() in TRUE}
        )
        for a in det.all("Assessments"):
            v = chk.row("Assessments", a.leaves(), line=a.line, lines=a.leaf_lines())
            chk.after_year_end("Assessments", "AssessmentAuthorisationDate", v["AssessmentAuthorisationDate"], line=a.line_of("AssessmentAuthorisationDate"), said_by=said)
            ret.rows.setdefault("cin_assessments", []).append({"ref_id": ref_id, "child": who, "start_date": v["AssessmentActualStartDate"], "authorised_date": v["AssessmentAuthorisationDate"]})
        for s in det.all("Section47"):
            v = chk.row("Section47", s.leaves(), line=s.line, lines=s.leaf_lines())
            chk.after_year_end("Section47", "S47ActualStartDate", v["S47ActualStartDate"], line=s.line_of("S47ActualStartDate"), said_by=said)
            ret.rows.setdefault("cin_s47", []).append({"ref_id": ref_id, "child": who, "start_date": v["S47ActualStartDate"], "icpc_date": v["DateOfInitialCPC"], "icpc_not_required": (v.get("ICPCnotRequired") or "").lower() in TRUE})
        for p in det.all("ChildProtectionPlans"):
            v = chk.row("ChildProtectionPlans", p.leaves(), line=p.line, lines=p.leaf_lines())
            chk.after_year_end("ChildProtectionPlans", "CPPstartDate", v["CPPstartDate"], line=p.line_of("CPPstartDate"), said_by=said)
            prev = (v.get("NumberOfPreviousCPP") or "").strip()
            if prev and not prev.isdigit():
                raise ReturnError(chk.path, f"'{prev}' is not a whole number", table="ChildProtectionPlans", line=p.line_of("NumberOfPreviousCPP"), field="NumberOfPreviousCPP")
            ret.rows.setdefault("cin_plans", []).append({"ref_id": ref_id, "child": who, "start_date": v["CPPstartDate"], "end_date": v["CPPendDate"], "previous_plans": int(prev) if prev else None, "category": v.get("InitialCategoryOfAbuse")})

"""A tiny warehouse for given/expected tests: the real build's writer (views, marts, checks) on a
handful of hand-written rows. Areas are the real reference list, so tests use real ONS codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from etl.extract import Extracted, FileResult
from etl.warehouse import Tables, transform
from etl.writer import write

# Eight Inner London boroughs (region E13000001, Inner London) used as the LAs of tiny cases
LAS = ["E09000001", "E09000007", "E09000012", "E09000013", "E09000019", "E09000020", "E09000022", "E09000023"]
REGION = "E13000001"
ENGLAND = "E92000001"


def indicator(indicator_id: str, polarity: str, *, decimals: int = 1, unit: str = "%", headline: bool = True,
              no_quartile: bool = False, name: str | None = None, looks_back_months: int | None = None) -> dict:
    return {"indicator_id": indicator_id, "polarity": polarity, "decimals": decimals, "unit": unit, "headline": headline,
            "no_quartile": no_quartile, "name": name or indicator_id, "looks_back_months": looks_back_months}


def build(path: Path, indicators: list[dict], values: list[tuple], neighbours: dict[str, list[str]] | None = None,
          ofsted: list[tuple] | None = None) -> Path:
    """values: (indicator_id, time_period, area_code, value, suppression); neighbours: area -> its
    neighbours in rank order; ofsted: (area_code, inspection_date, grade, grade_label) overall judgements."""
    tables = transform(Extracted()).tables
    template = tables["indicators"].head(1)
    tables["indicators"] = pl.concat(
        [template.with_columns(*(pl.lit(v, template.schema[k]).alias(k) for k, v in spec.items()), pl.lit(n).cast(pl.Int32).alias("sort_order"))
         for n, spec in enumerate(indicators)],
    )
    vschema = tables["indicator_values"].schema
    # a value row may carry its numerator and denominator, and the authorities it is shared with:
    # (indicator_id, time_period, area_code, value, suppression, numerator, denominator, shared_with)
    rows = [{"indicator_id": r[0], "time_period": r[1], "area_code": r[2], "value": r[3], "numerator": r[5] if len(r) > 5 else None,
             "denominator": r[6] if len(r) > 6 else None, "suppression": r[4], "source_file": "tiny",
             "shared_with": r[7] if len(r) > 7 else None} for r in values]
    tables["indicator_values"] = pl.DataFrame(rows, schema=vschema)
    nschema = tables["statistical_neighbours"].schema
    tables["statistical_neighbours"] = pl.DataFrame(
        [{"area_code": a, "neighbour_code": n, "neighbour_rank": r, "closeness": None, "model": "tiny", "source_file": "tiny", "model_rank": 1}
         for a, ns in (neighbours or {}).items() for r, n in enumerate(ns, start=1)],
        schema=nschema,
    )
    oschema = tables["ofsted_judgements"].schema
    judged = [{"area_code": a, "inspection_date": d, "publication_date": d + dt.timedelta(days=40), "inspection_type": "standard",
               "judgement": "overall_effectiveness", "grade": g, "grade_label": label, "source_file": "tiny",
               "framework": "ILACS standard", "official": True} for a, d, g, label in (ofsted or [])]
    tables["ofsted_judgements"] = pl.DataFrame([{k: v for k, v in row.items() if k in oschema} for row in judged], schema=oschema)
    ischema = tables["ofsted_inspections"].schema
    tables["ofsted_inspections"] = pl.DataFrame([{"overall_grade": row["grade"], **{k: v for k, v in row.items() if k in ischema}} for row in judged], schema=ischema)
    ex = Extracted(files=[FileResult("tiny", "0" * 64, None, None, 0, 0.0, "skipped", "tiny test warehouse")])
    write(path, ex, Tables(tables), [path.parent])
    return path

"""Dates in Ofsted's files (contract.parse_dates): one reader for the official statistics, the
2009 to 2023 history and the third-party overview; a pass and a fail case for each rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from etl.errors import InputError
from etl.publications.contract import parse_dates

FILE = Path("ofsted.csv")


def frame(*values: str | None) -> pl.DataFrame:
    return pl.DataFrame({"_row": list(range(2, 2 + len(values))), "published": list(values)}, schema={"_row": pl.Int64, "published": pl.String})


def test_iso_dates_with_a_time_after_them_and_a_missing_one():
    parsed = parse_dates(frame("2024-05-13 00:00:00", " 2019-01-17", None), "published", FILE)
    assert parsed.to_list() == [dt.date(2024, 5, 13), dt.date(2019, 1, 17), None]


def test_another_layout_when_the_file_uses_one():
    assert parse_dates(frame("14/05/25"), "published", FILE, "%d/%m/%y").to_list() == [dt.date(2025, 5, 14)]


def test_a_date_that_does_not_parse_names_row_and_column():
    with pytest.raises(InputError) as e:
        parse_dates(frame("2024-05-13", "13 May"), "published", FILE)
    assert (e.value.row, e.value.column) == (3, "published") and "found '13 May'" in e.value.message


def test_a_missing_date_is_an_error_only_when_required():
    with pytest.raises(InputError) as e:
        parse_dates(frame("2024-05-13", None), "published", FILE, required=True, field="Publication date")
    assert (e.value.row, e.value.column) == (3, "Publication date")


def test_a_date_in_the_future_is_an_error():
    with pytest.raises(InputError, match="is in the future") as e:
        parse_dates(frame((dt.date.today() + dt.timedelta(days=2)).isoformat()), "published", FILE)
    assert e.value.row == 2

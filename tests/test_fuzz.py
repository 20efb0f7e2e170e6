"""Any bytes fed in as a publication end in a clear domain error or a valid load, never a
traceback from inside polars, duckdb or a spreadsheet reader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.errors import InputError
from etl.extract import extract
from tests.conftest import find

KINDS = ["cin_referrals", "cla_numbers", "sn_model_2025", "sn_groupings", "lait_dictionary", "lait", "ofsted_outcomes", "lait_sn_groupings", "ofsted_history", "ofsted_overview"]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def outcome(folder: Path) -> str:
    try:
        extract([folder])
    except InputError as e:
        assert e.path and e.message
        return "error"
    return "loaded"


def prefix(kind: str, n: int = 4096) -> bytes:
    with find(kind).open("rb") as f:
        return f.read(n)


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(data=st.data())
def test_mutated_real_bytes(tmp_path_factory, kind, data):
    real = find(kind).read_bytes()
    folder = tmp_path_factory.mktemp("fuzz")
    cut = data.draw(st.integers(min_value=0, max_value=len(real)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, max(0, len(real) - 1)), st.integers(0, 255)), max_size=8))
    mutated = bytearray(real[:cut] if data.draw(st.booleans()) else real)
    for pos, byte in flips:
        if pos < len(mutated):
            mutated[pos] = byte
    (folder / ("file" + find(kind).suffix)).write_bytes(bytes(mutated))
    assert outcome(folder) in ("error", "loaded")
    shutil.rmtree(folder)


@SETTINGS
@given(blob=st.binary(max_size=4096), header=st.sampled_from(KINDS))
def test_random_bytes_after_a_real_header(tmp_path_factory, blob, header):
    folder = tmp_path_factory.mktemp("fuzz")
    head = prefix(header, 600)
    (folder / "file.csv").write_bytes(head + blob)
    assert outcome(folder) in ("error", "loaded")
    shutil.rmtree(folder)


@SETTINGS
@given(text=st.text(max_size=2000))
def test_random_text(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "file.csv").write_text(text, encoding="utf-8")
    assert outcome(folder) in ("error", "loaded")
    shutil.rmtree(folder)

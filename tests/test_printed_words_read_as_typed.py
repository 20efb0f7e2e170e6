"""A printed pack's words are copied and searched as they were typed. Printed with DejaVu Sans,
Chromium joined "fi" and "ff" into ligatures, so the scrutiny pack's PDF read "ﬁgure" and "Suﬀolk"
(U+FB01, U+FB00): a search of it for "figure" or a neighbour's name found nothing."""

from __future__ import annotations

import shutil

import pytest

from oversight import scrutiny


def test_the_printed_pack_has_no_ligatures(con, tmp_path):
    from pypdf import PdfReader

    if not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    scrutiny.write_scrutiny(con, 2025, "E06000061", tmp_path)  # North Northamptonshire, Suffolk among its neighbours
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "scrutiny_north-northamptonshire_E06000061_2025.pdf").pages)
    assert "Suffolk" in text and "figure" in text
    assert not {c for c in text if "\ufb00" <= c <= "\ufb06"}

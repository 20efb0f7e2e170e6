"""oversight fetch against a local server replaying the publishers' documented answers (EES public API,
GOV.UK search and content APIs): downloads checked by content, installed together, provenance, changes, offline."""

from __future__ import annotations

import json
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from etl import fetch as f
from oversight.cli import main
from tests.conftest import find

CIN = "Characteristics of children in need"
SOURCES = [
    {"contract": "cin_referrals", "kind": "ees", "publication": CIN, "data_set": "referrals"},
    {"contract": "ofsted_outcomes", "kind": "govuk", "search": "Local authority inspection outcomes", "organisation": "ofsted", "page": "old/page", "suffix": ".ods"},
]


def responses(referrals_csv: bytes, ods: bytes) -> dict[str, tuple[str, bytes]]:
    """Path (with query) -> (content type, body), in the shapes the publishers document."""
    js = lambda o: ("application/json", json.dumps(o).encode())  # noqa: E731
    return {
        "/v1/publications?search=Characteristics+of+children+in+need&pageSize=40": js(
            {"paging": {"page": 1, "pageSize": 40, "totalResults": 2, "totalPages": 1},
             "results": [{"id": "pub-cin", "slug": "characteristics-of-children-in-need", "title": CIN, "summary": "", "lastPublished": "2025-11-05T09:30:00Z"},
                         {"id": "pub-other", "slug": "x", "title": "Children in need: other", "summary": "", "lastPublished": "2025-01-01T09:30:00Z"}]}
        ),
        "/v1/publications/pub-cin/data-sets?pageSize=40": js(
            {"paging": {"page": 1, "pageSize": 40, "totalResults": 2, "totalPages": 1},
             "results": [{"id": "ds-b1", "title": "Children in need at 31 March", "summary": "", "status": "Published", "latestVersion": {"version": "1.0", "published": "2025-11-05T09:30:00Z", "totalResults": 2132}},
                         {"id": "ds-c1", "title": "Referrals and re-referrals", "summary": "", "status": "Published", "latestVersion": {"version": "2.1", "published": "2025-11-05T09:30:00Z", "totalResults": 2132}}]}
        ),
        "/v1/data-sets/ds-c1/csv": ("text/csv", referrals_csv),
        "/api/search.json?q=Local+authority+inspection+outcomes&order=-public_timestamp&count=1&fields=link&filter_organisations=ofsted": js(
            {"results": [{"link": "/government/statistics/local-authority-inspection-outcomes-as-at-31-march-2025"}], "total": 1, "start": 0}
        ),
        "/api/content/government/statistics/local-authority-inspection-outcomes-as-at-31-march-2025": js(
            {"title": "Local authority inspection outcomes as at 31 March 2025", "public_updated_at": "2025-09-18T09:30:00.000+01:00",
             "details": {"attachments": [
                 {"title": "Methodology", "url": "/media/1/notes.pdf", "filename": "notes.pdf", "content_type": "application/pdf"},
                 {"title": "Inspection outcomes", "url": "/media/2/LA_Inspection_Outcomes_as_at_31_March_2025.ods", "filename": "LA_Inspection_Outcomes_as_at_31_March_2025.ods"},
             ]}}
        ),
        "/media/2/LA_Inspection_Outcomes_as_at_31_March_2025.ods": ("application/vnd.oasis.opendocument.spreadsheet", ods),
    }


@pytest.fixture
def publisher(monkeypatch):
    """A local server on 127.0.0.1; returns the dict of answers, which a test may change."""
    lines = find("cin_referrals").read_bytes().splitlines(keepends=True)
    answers = responses(b"".join(lines[:6]), find("ofsted_outcomes").read_bytes())

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path not in answers:
                self.send_error(404)
                return
            kind, body = answers[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("OVERSIGHT_EES_API", base)
    monkeypatch.setenv("OVERSIGHT_GOVUK", base)
    yield answers
    server.shutdown()


def run(to: Path) -> tuple[int, list[str], list[str]]:
    out: list[str] = []
    err: list[str] = []
    code = f.fetch(to, out.append, SOURCES, err.append)
    return code, out, err


def test_fetch_checks_installs_and_records_provenance(publisher, tmp_path):
    code, out, err = run(tmp_path)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FETCHED.toml", "LA_Inspection_Outcomes_as_at_31_March_2025.ods", "referrals_and_re_referrals.csv"]
    prov = {e["contract"]: e for e in tomllib.loads((tmp_path / "FETCHED.toml").read_text())["file"]}
    assert prov["cin_referrals"]["url"].endswith("/v1/data-sets/ds-c1/csv")
    assert "version 2.1" in prov["cin_referrals"]["release"]
    assert prov["ofsted_outcomes"]["sha256"] == f.sha256(tmp_path / "LA_Inspection_Outcomes_as_at_31_March_2025.ods")
    assert prov["ofsted_outcomes"]["fetched_at"].endswith("+00:00")
    report = "\n".join(out)
    assert "cin_referrals" in report and "NEW: differs from the bundled copy" in report
    assert "same as the bundled copy" in report  # the Ofsted file is byte for byte the bundled one
    code, out, _ = run(tmp_path)
    assert code == 0 and sum("unchanged since the last fetch" in line for line in out) == 2


def test_a_download_that_is_not_the_expected_publication_changes_nothing(publisher, tmp_path):
    assert run(tmp_path)[0] == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    publisher["/v1/data-sets/ds-c1/csv"] = ("text/csv", b"a,b,c\n1,2,3\n")
    code, _, err = run(tmp_path)
    assert code == 4
    assert "expected cin_referrals" in err[0] and "Nothing was changed" in err[0]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_missing_page_is_reported(publisher, tmp_path):
    del publisher["/v1/data-sets/ds-c1/csv"]
    code, _, err = run(tmp_path)
    assert code == 4 and "404" in err[0]
    assert list(tmp_path.iterdir()) == []


def test_offline_says_so_and_changes_nothing(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("OVERSIGHT_EES_API", "http://127.0.0.1:9")  # discard port: nothing listens
    monkeypatch.setenv("OVERSIGHT_GOVUK", "http://127.0.0.1:9")
    target = tmp_path / "raw"
    assert main(["fetch", "--quiet", "--to", str(target)]) == 4
    assert "offline" in capsys.readouterr().err.lower()
    assert not target.exists()


def test_only_web_addresses_are_opened():
    with pytest.raises(f.FetchError, match="not a web address"):
        f._open("file:///etc/passwd")

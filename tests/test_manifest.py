"""Every published file shipped in data/published/ is listed in its manifest with the right size and hash."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from etl import manifest, paths

LICENCES = ("OGL-3.0", "MIT")


def test_every_shipped_file_matches_the_manifest():
    assert manifest.problems(paths.PUBLISHED) == []


def test_the_bundle_is_not_empty_and_each_entry_is_described():
    entries = manifest.load(paths.PUBLISHED)
    assert len(entries) >= 20
    for e in entries.values():
        assert e.publisher and e.publication and e.release, e.path
        assert e.source_url.startswith("https://"), e.path
        assert e.licence.startswith(LICENCES), e.path
        assert len(e.sha256) == 64 and e.size > 0, e.path


def test_a_release_reads_as_a_citation_gives_it():
    """A pack's Sources table cites each release as the manifest words it: "published 2023-07-06" is
    "published 6 July 2023" to a reader of a report to Parliament."""
    for e in manifest.load(paths.PUBLISHED).values():
        assert not re.search(r"\d{4}-\d{2}-\d{2}", e.release), f"{e.path}: {e.release}"


def test_mit_files_are_attributed_in_the_notice():
    notice = (paths.PUBLISHED / "NOTICE.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in notice
    for e in manifest.load(paths.PUBLISHED).values():
        if e.licence.startswith("MIT"):
            assert e.path in notice, e.path


def test_a_changed_or_unlisted_file_is_reported(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.csv").write_text("a,b\n1,2\n")
    (tmp_path / "MANIFEST.toml").write_text(
        '[[file]]\npath = "a/x.csv"\npublisher = "p"\npublication = "p"\nrelease = "r"\nsource_url = "https://e"\n'
        f'licence = "OGL-3.0"\nsha256 = "{"0" * 64}"\nsize = 8\n'
    )
    assert manifest.problems(tmp_path) == ["a/x.csv: sha256 differs from the manifest"]
    (tmp_path / "a" / "y.csv").write_text("z\n")
    assert "a/y.csv: not in MANIFEST.toml" in manifest.problems(tmp_path)


def test_the_load_log_cites_each_shipped_file(con):
    """An analyst citing a figure found the file's name and checksum on the data page, but not who
    published it, which release or where: the manifest says all three."""
    if os.environ.get("OVERSIGHT_TEST_DATA"):
        pytest.skip("the session warehouse is built from files no manifest lists")
    entries = {e.sha256: e for e in manifest.load(paths.PUBLISHED).values()}
    rows = con.execute("SELECT file, sha256, publisher, published_release, source_url FROM load_log").fetchall()
    assert len(rows) >= 20
    for file, sha, publisher, release, url in rows:
        if file in manifest.NOT_DATA:  # the manifest and the notice, read and skipped as not data
            assert publisher is None, file
            continue
        e = entries[sha]
        assert (publisher, release, url) == (e.publisher, e.release, e.source_url), file


def test_a_folder_is_cited_by_its_own_manifest_or_the_one_above_it(tmp_path):
    assert manifest.by_checksum([tmp_path]).is_empty()
    (tmp_path / "dfe").mkdir()
    shutil.copy(paths.PUBLISHED / manifest.MANIFEST, tmp_path / manifest.MANIFEST)
    cited = manifest.by_checksum([tmp_path / "dfe"])
    assert cited.height == len(manifest.load(paths.PUBLISHED)) and cited["source_url"].str.starts_with("https://").all()

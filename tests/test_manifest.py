"""Every published file shipped in data/published/ is listed in its manifest with the right size and hash."""

from __future__ import annotations

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

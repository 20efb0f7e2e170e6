"""Packaging: the pinned run-time and dev requirements agree with pyproject.toml, and the console command is declared."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def pins(name: str) -> set[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith(("#", "-r"))}


def test_requirements_agree_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert set(project["dependencies"]) == pins("requirements.txt")
    assert set(project["optional-dependencies"]["dev"]) == pins("requirements-dev.txt")
    assert all("==" in p for p in pins("requirements.txt") | pins("requirements-dev.txt"))
    assert project["scripts"]["oversight"] == "oversight.cli:main"


def test_runtime_requirements_hold_no_test_tools():
    runtime = {p.split("==")[0] for p in pins("requirements.txt")}
    assert not runtime & {"pytest", "playwright", "hypothesis", "ruff", "bandit"}


def test_etl_library_modules_never_import_the_read_layer():
    for path in (ROOT / "etl").rglob("*.py"):
        if path.name == "__main__.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "import oversight" not in text and "from oversight" not in text, path

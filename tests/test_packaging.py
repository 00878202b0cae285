"""pyproject.toml lists packages explicitly (checks/ and reports/ are remapped); keep the list complete."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROOTS = {
    "auditor": "auditor",
    "checks": "auditor_checks",
    "reports": "auditor_reports",
    "playbooks": "auditor_playbooks",
}


def test_every_package_is_listed() -> None:
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = set()
    for folder, package in ROOTS.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            found.add(".".join([package, *relative.parts]))
    assert found == listed


def test_top_level_layout() -> None:
    for name in ("pyproject.toml", "auditor", "checks", "playbooks", "reports", "inventories", "tests"):
        assert (REPO / name).exists(), name

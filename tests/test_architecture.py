"""The layout rules of the auditor package, checked on its real import graph.

STAGES below is the one written copy of the stage order; docs/ARCHITECTURE.md shows the same
order and test_the_architecture_doc_shows_the_stage_order keeps the two equal. A module may
import only from its own stage or an earlier one, no two modules may import each other through
any chain, no module reaches into another's private names, and no product module grows past
MAX_LINES. The rules are exercised on a small synthetic package first, so a checker that
silently finds nothing cannot pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.importgraph import Edge, Package, cycles, edges, private_uses

REPO = Path(__file__).resolve().parents[1]

# Lowest first: data flows from left to right, imports only from right to left.
STAGES = (
    "core",
    "config",
    "inventory",
    "probes",
    "checklib",
    "feeds",
    "transport",
    "collect",
    "evaluate",
    "store",
    "history",
    "report",
    "run",
    "portal",
    "cli",
)
MAX_LINES = 400
MAX_ROOT_MODULES = 8
PRODUCT_FOLDERS = ("auditor", "checks", "reports", "playbooks")


def rank(package: str, module: str) -> int:
    """A module's place in the stage order.

    The package's own __init__ (the version string) sits below every stage; the other root
    modules (__main__ and the re-export shims kept for custom checks) sit above every stage, so
    the product never depends on them.
    """
    if module == package:
        return -1
    stage = module.split(".")[1]
    if stage in STAGES:
        return STAGES.index(stage)
    if module.count(".") == 1:
        return len(STAGES)
    raise AssertionError(f"{module} is in no stage folder; add its folder to STAGES and docs/ARCHITECTURE.md")


def upward_imports(package: Package, graph_edges: list[Edge]) -> list[str]:
    """Every import of a later stage by an earlier one, as 'where imports what (stages)'."""
    found: dict[str, None] = {}
    for edge in graph_edges:
        source, target = rank(package.name, edge.source), rank(package.name, edge.target)
        if target > source:
            found[f"{edge.source}:{edge.line} imports {edge.target} ({_stage(target)} is above {_stage(source)})"] = (
                None
            )
    return list(found)


def _stage(position: int) -> str:
    return STAGES[position] if 0 <= position < len(STAGES) else "the package root"


def _write(root: Path, files: dict[str, str]) -> Package:
    for relative, text in files.items():
        path = root / "pkg" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return Package.scan(root / "pkg", "pkg")


@pytest.fixture(scope="module")
def auditor() -> Package:
    return Package.scan(REPO / "auditor", "auditor")


@pytest.fixture(scope="module")
def auditor_edges(auditor: Package) -> list[Edge]:
    return edges(auditor)


def test_the_checker_finds_cycles_upward_and_private_imports(tmp_path: Path) -> None:
    package = _write(
        tmp_path,
        {
            "__init__.py": "",
            "core/__init__.py": "",
            "core/a.py": "def f() -> None:\n    from ..cli.main import run\n",
            "cli/__init__.py": "",
            "cli/main.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.core import a\nrun = 1\n",
            "core/b.py": "from . import c\nfrom pkg.core.a import _hidden\n",
            "core/c.py": "import pkg.core.b as b\nx = b._secret\n",
            "core/_impl.py": "",
            "core/d.py": "from pkg.core import _impl\n",
        },
    )
    graph_edges = edges(package)
    assert cycles(package.files, graph_edges) == [
        ["pkg.cli.main", "pkg.core.a", "pkg.cli.main"],
        ["pkg.core.b", "pkg.core.c", "pkg.core.b"],
    ]
    assert upward_imports(package, graph_edges) == ["pkg.core.a:2 imports pkg.cli.main (cli is above core)"]
    assert sorted(private_uses(package)) == [
        "pkg.core.b:2 imports _hidden from pkg.core.a",
        "pkg.core.c:2 uses pkg.core.b._secret",
    ]


def test_relative_imports_resolve_from_packages_and_modules(tmp_path: Path) -> None:
    package = _write(
        tmp_path,
        {
            "__init__.py": "",
            "store/__init__.py": "from .db import schema\n",
            "store/db/__init__.py": "",
            "store/db/schema.py": "from ..lock import held\nfrom ... import core\n",
            "store/lock.py": "held = True\n",
            "core/__init__.py": "",
        },
    )
    assert sorted((edge.source, edge.target) for edge in edges(package)) == [
        ("pkg.store", "pkg.store.db.schema"),
        ("pkg.store.db.schema", "pkg.core"),
        ("pkg.store.db.schema", "pkg.store.lock"),
    ]


def test_no_import_cycles(auditor: Package, auditor_edges: list[Edge]) -> None:
    found = cycles(auditor.files, auditor_edges)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in found)


def test_imports_follow_the_stage_order(auditor: Package, auditor_edges: list[Edge]) -> None:
    found = upward_imports(auditor, auditor_edges)
    assert not found, "imports against the stage order:\n" + "\n".join(found)


def test_no_private_names_across_modules(auditor: Package) -> None:
    found = private_uses(auditor)
    assert not found, "private names used across modules:\n" + "\n".join(found)


def test_product_modules_stay_small() -> None:
    too_long = []
    for folder in PRODUCT_FOLDERS:
        for path in sorted((REPO / folder).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                too_long.append(f"{path.relative_to(REPO)}: {lines} lines")
    assert not too_long, f"modules over {MAX_LINES} lines:\n" + "\n".join(too_long)


def test_package_root_holds_few_modules() -> None:
    root_modules = sorted(path.name for path in (REPO / "auditor").glob("*.py"))
    assert len(root_modules) <= MAX_ROOT_MODULES, root_modules


def test_every_stage_is_a_folder() -> None:
    folders = {path.parent.name for path in (REPO / "auditor").glob("*/__init__.py")}
    assert folders == set(STAGES)


def test_the_architecture_doc_shows_the_stage_order() -> None:
    text = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    orders = [tuple(match.split(" < ")) for match in re.findall(r"\b[a-z]+(?: < [a-z]+){3,}", text)]
    assert orders == [STAGES], "docs/ARCHITECTURE.md must show the stage order once, as 'core < config < ... < cli'"

"""Every probe parser against recorded host output (tests/probes/golden, see README.md).

Each `<probe>/<case>.out` (+ optional `.err`, `.rc`) must parse to exactly `<case>.json`:
either {"fact": ...} or {"error": "..."} for a ProbeError. AUDITOR_UPDATE_GOLDEN=1 rewrites the
JSON files instead of comparing; review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from auditor.probes.base import ProbeError, RawOutput
from auditor.probes.registry import ALL_PROBES, probe_registry

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("AUDITOR_UPDATE_GOLDEN") == "1"


def _cases() -> list[Path]:
    return sorted(GOLDEN.glob("*/*.out"))


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace") if path.exists() else ""


def raw_output(out: Path) -> RawOutput:
    rc = out.with_suffix(".rc")
    return RawOutput(
        stdout=_text(out),
        stderr=_text(out.with_suffix(".err")),
        exit_status=int(rc.read_text().strip()) if rc.exists() else 0,
    )


def parsed(out: Path) -> dict[str, Any]:
    probe = probe_registry()[out.parent.name]
    try:
        fact = probe.parse(raw_output(out))
    except ProbeError as exc:
        return {"error": str(exc)}
    assert isinstance(fact, probe.model)
    return {"fact": fact.model_dump(mode="json")}


@pytest.mark.parametrize("out", _cases(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden(out: Path) -> None:
    expected_file = out.with_suffix(".json")
    result = parsed(out)
    if UPDATE:
        expected_file.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
        return
    assert expected_file.exists(), f"no {expected_file.name}: run with AUDITOR_UPDATE_GOLDEN=1 and review"
    assert result == json.loads(expected_file.read_text())


def test_every_probe_has_golden_cases() -> None:
    for probe in ALL_PROBES:
        folder = GOLDEN / probe.name
        assert list(folder.glob("*.out")), f"no golden output for probe {probe.name}"


def test_every_golden_folder_is_a_probe() -> None:
    names = probe_registry()
    for folder in GOLDEN.iterdir():
        assert folder.name in names, f"golden folder {folder.name} names no probe"


def test_no_stray_expectations() -> None:
    for expected in GOLDEN.glob("*/*.json"):
        assert expected.with_suffix(".out").exists(), f"{expected} has no .out"

"""A typo'd check setting in the lab inventory stops the run before any lab host is contacted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lab.conftest import INVENTORY, run_auditor

pytestmark = pytest.mark.lab


def test_a_typod_inventory_setting_stops_the_run_naming_the_closest_name(lab: Path, tmp_path: Path) -> None:
    lines = INVENTORY.read_text().splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("neglected "))
    lines[row] += " auditor_backup_max_age_hourz=48"
    inventory = tmp_path / "hosts.ini"
    inventory.write_text("\n".join(lines) + "\n")
    db = tmp_path / "runs.db"
    done = run_auditor(
        "run",
        "-i",
        str(inventory),
        "--known-hosts",
        str(lab / "known_hosts"),
        "--db",
        str(db),
        "-o",
        str(tmp_path / "reports"),
        "--no-progress",
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"auditor: error: {inventory}:{row + 1} (host neglected): unknown setting auditor_backup_max_age_hourz; "
        "did you mean auditor_backup_max_age_hours?"
    ]
    assert not db.exists() and not (tmp_path / "reports").exists(), "nothing was stored or written"

"""The dnf/yum, zypper and apk probes, run for real against stand-ins that replay recorded output.

No host here runs those package managers, so the probe commands would otherwise only be
syntax-checked. Here each command runs in sh with stand-in executables that print the recorded
real outputs (tests/probes/golden/<probe>/recorded/, sources in SOURCE.md), and what it prints
must be exactly the golden .out beside them (see recorded.py). A change to a probe's command
that breaks its sections, filters or exit-status handling fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.probes.recorded import CASES, GOLDEN, Case, expected_output, without_host_lines


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.probe}/{c.name}")
def test_probe_command_reproduces_golden(case: Case) -> None:
    stdout, stderr, status = expected_output(case)
    golden = GOLDEN / case.probe / f"{case.name}.out"
    assert without_host_lines(stdout) == without_host_lines(golden.read_text())
    assert stdout == golden.read_text()
    err = golden.with_suffix(".err")
    assert stderr == (err.read_text() if err.exists() else "")
    assert status == 0  # the probe itself never fails; the tool's exit status is inside


def test_every_recording_is_used_and_sourced() -> None:
    used = {
        (case.probe, reply.recording)
        for case in CASES
        for replies in case.tools.values()
        for reply in replies
        if reply.recording
    }
    for probe in {case.probe for case in CASES}:
        folder = GOLDEN / probe / "recorded"
        files = {p.name for p in folder.iterdir()}
        assert files == {name for p, name in used if p == probe}, probe
        sources = (GOLDEN / probe / "SOURCE.md").read_text()
        for name in files:
            assert name in sources, f"{probe}/recorded/{name} has no source in SOURCE.md"


def test_descriptions_are_dropped_on_the_host() -> None:
    """zypper patch descriptions run to kilobytes; the awk filter must keep everything else."""
    text = Path(GOLDEN / "zypper_updates" / "leap16-security.out").read_text()
    assert "<description>" not in text
    assert "CVE-2025-12464" in text and 'severity="important"' in text and "issue-date" in text

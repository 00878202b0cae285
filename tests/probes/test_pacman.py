"""pacman -Qu lines beyond the recorded ones: IgnorePkg holds, epochs, and what is refused."""

from __future__ import annotations

import pytest

from auditor.checklib.checkdef import Facts
from auditor.checklib.registry import CASE_NOW
from auditor.checklib.updates import pending_updates, update_source
from auditor.evaluate.engine import parse_facts
from auditor.probes.base import ProbeError
from auditor.probes.pacman_updates import parse_upgrades
from auditor.probes.registry import probe_registry
from tests.probes.test_golden import GOLDEN, raw_output


def test_an_ignored_package_is_pending_and_says_so() -> None:
    lines = ("linux 6.10.5.arch1-1 -> 6.10.6.arch1-1 [ignored]", "openssl 1:3.3.1-1 -> 1:3.3.2-1")
    ignored, epoch = parse_upgrades(lines)
    assert (ignored.package, ignored.ignored, epoch.candidate) == ("linux", True, "1:3.3.2-1")


@pytest.mark.parametrize(
    "line",
    ["linux 6.10.5 -> ", "<b>x</b> 1-1 -> 2-1", "warning: database file for 'core' does not exist", "-x 1-1 -> 2-1"],
)
def test_other_lines_are_refused(line: str) -> None:
    with pytest.raises(ProbeError):
        parse_upgrades((line,))


def test_arch_hosts_are_judged_by_pacman() -> None:
    raw = {
        "os_release": raw_output(GOLDEN / "os_release" / "manjaro-17.1.out"),
        "pacman_updates": raw_output(GOLDEN / "pacman_updates" / "arch-kernel-upgrade.out"),
    }
    values, errors = parse_facts(raw, probe_registry())
    facts = Facts(values=values, errors=errors, now=CASE_NOW)
    assert [u.package for u in pending_updates(facts)] == ["linux", "linux-headers"]
    source = update_source(facts, max_age_days=7)
    assert (source.manager, source.labels_security, source.stale) == ("pacman", False, None)

"""Misreadings found by running the parsers on real output published by others, end to end.

Each case is a recorded golden (sources in tests/probes/golden/<probe>/SOURCE.md) evaluated by the
check that reads it. With the earlier parsers every one of these hid pending fixes or misreported
the host: renamed packages dropped from yum's "Obsoleting Packages", zypper patches waiting behind
a package-manager patch skipped, Defender's UInt32 "no value" age read as 4,294,967,295 days, and
distributions without ID_LIKE left without a family (so no patch check assessed them).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Facts
from auditor.checklib.registry import CASE_NOW, load_checks
from auditor.checklib.updates import WAITS_FOR_STACK, pending_updates
from auditor.core.models import Status
from auditor.evaluate.engine import evaluate_check, parse_facts
from auditor.probes.registry import probe_registry
from auditor.probes.win_defender import WIN_DEFENDER
from tests.probes.test_golden import GOLDEN, raw_output

CHECKS = {check.id: check for check in load_checks()}


def _facts(cases: dict[str, str]) -> Facts:
    raw = {probe: raw_output(GOLDEN / probe / f"{case}.out") for probe, case in cases.items()}
    values, errors = parse_facts(raw, probe_registry())
    return Facts(values=values, errors=errors, now=CASE_NOW)


def test_a_rename_in_yums_obsoleting_table_is_a_pending_update() -> None:
    facts = _facts({"os_release": "rhel-8.7", "dnf_updates": "centos7-obsoleting"})
    updates = {u.package: u for u in pending_updates(facts)}
    assert sorted(updates) == ["ansible", "python2-httplib2", "python2-jmespath", "stress"]
    renamed = updates["python2-httplib2"]
    assert (renamed.current, renamed.candidate) == ("0.9.2-1.el7", "0.18.1-3.el7")
    verdict = evaluate_check(CHECKS["patch-pending-updates"], facts)
    assert verdict.status == Status.FAIL and verdict.message.startswith("4 ")


def test_only_renames_pending_is_not_up_to_date() -> None:
    """yum's table alone (no plain upgrades): before, the host read as up to date."""
    from auditor.probes.dnf_updates import parse_check_update
    from auditor.probes.sections import Section

    lines = (
        "Obsoleting Packages",
        "python2-httplib2.noarch                  0.18.1-3.el7                  epel",
        "    python-httplib2.noarch               0.9.2-1.el7                   @extras",
    )
    (update,) = parse_check_update(Section(lines, 100))
    assert (update.package, update.replaces, update.current) == ("python2-httplib2", "python-httplib2", "0.9.2-1.el7")


def test_zypper_patches_behind_a_package_manager_patch_are_pending_security_updates() -> None:
    facts = _facts({"os_release": "opensuse-leap-15.4", "zypper_updates": "leap15-stack-update-blocks"})
    updates = pending_updates(facts)
    security = [u for u in updates if u.security]
    waiting = [u for u in security if WAITS_FOR_STACK in u.origin]
    assert (len(updates), len(security), len(waiting)) == (69, 48, 47)
    verdict = evaluate_check(CHECKS["patch-security-updates"], facts)
    assert verdict.status == Status.FAIL
    assert verdict.message.startswith("48 security update(s) pending")
    assert any(WAITS_FOR_STACK in line for line in verdict.details)


def test_defender_uint32_no_value_age_is_never_updated() -> None:
    facts = _facts({"win_os": "server-2022-datacenter", "win_defender": "htb-not-running-uint32-ages"})
    assert facts.get(WIN_DEFENDER).signature_age_days is None  # not 4,294,967,295 days
    verdict = evaluate_check(CHECKS["win-defender-signatures"], facts)
    assert verdict.status == Status.FAIL, verdict.message
    assert "4294967295" not in verdict.message


def test_distributions_without_id_like_get_their_patch_checks() -> None:
    for case in ("deepin-20.4", "devuan-ascii"):
        facts = _facts({"os_release": case, "apt_upgradable": "debian12-root", "apt_lists": "debian12-root"})
        assert evaluate_check(CHECKS["patch-security-updates"], facts).status == Status.FAIL, case
    for case in ("openeuler-20.03", "euleros-2.0-sp9", "kylin-server-v10"):
        facts = _facts({"os_release": case, "dnf_updates": "rhel9-security"})
        assert evaluate_check(CHECKS["patch-security-updates"], facts).status == Status.FAIL, case


def test_ubuntu_security_updates_only_esm_would_deliver_are_named() -> None:
    """Recorded (composed) Ubuntu Pro client output: apt lists none of these, the client does."""
    facts = _facts({"os_release": "ubuntu-20.04", "ubuntu_pro": "xenial-unattached-esm-pending"})
    verdict = evaluate_check(CHECKS["patch-ubuntu-esm"], facts)
    assert verdict.status == Status.FAIL
    assert verdict.message.startswith(
        "4 security update(s) only Ubuntu Pro ESM would deliver (esm-infra: 3, esm-apps: 1)"
    )
    assert "not attached to Ubuntu Pro" in verdict.message
    assert "openssl 1.0.2g-1ubuntu4.20+esm12 (needs esm-infra; pending_attach)" in verdict.details


def test_livepatch_is_said_beside_the_reboot_verdict() -> None:
    facts = _facts(
        {"os_release": "ubuntu-22.04", "reboot_required": "flag-present", "ubuntu_pro": "jammy-attached-livepatch"}
    )
    verdict = evaluate_check(CHECKS["patch-reboot-required"], facts)
    assert verdict.status == Status.FAIL  # Livepatch does not make a pending reboot unnecessary
    assert verdict.message.endswith("; Livepatch enabled (2 CVE(s) patched in the running kernel)")

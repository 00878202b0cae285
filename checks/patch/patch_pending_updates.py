"""patch-pending-updates: every available package update is installed.

Non-security updates matter too: they carry bug fixes, and a backlog of them makes the next
security update bigger and riskier to install. Same freshness rule as patch-security-updates.
"""

from __future__ import annotations

from auditor.checkdef import Applicability, Case, Check, CheckMeta, Facts, Verdict
from auditor.models import Category, Severity, Status
from auditor.probes.apt_lists import APT_LISTS
from auditor.probes.apt_upgradable import APT_UPGRADABLE

META = CheckMeta(
    id="patch-pending-updates",
    title="No pending package updates",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Outstanding updates accumulate into large, risky change sets and leave known bugs in place; "
        "a host that is kept current is patched quickly when a security fix arrives."
    ),
    remediation="Install pending updates regularly (apt-get update && apt-get dist-upgrade) in a maintenance window.",
    applies_to=Applicability(families=frozenset({"debian"})),
    facts=(APT_UPGRADABLE.name, APT_LISTS.name),
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("PR.PS-02",),
        "iso27001-2022": ("A.8.8",),
    },
)

DEFAULT_MAX_LIST_AGE_DAYS = 7
DETAIL_LIMIT = 200


def evaluate(facts: Facts) -> Verdict:
    upgradable = facts.get(APT_UPGRADABLE)
    if not upgradable.installed:
        return Verdict.cannot_assess("apt-get not found on a Debian-family host")
    stale = facts.get(APT_LISTS).staleness(float(facts.setting("apt_lists_max_age_days", DEFAULT_MAX_LIST_AGE_DAYS)))
    pending = upgradable.upgrades
    if pending:
        security = len(upgradable.security)
        note = f"; {stale}, so there may be more" if stale else ""
        details = tuple(f"{u.package} {u.current or '(new)'} -> {u.candidate}" for u in pending[:DETAIL_LIMIT])
        if len(pending) > DETAIL_LIMIT:
            details += (f"... and {len(pending) - DETAIL_LIMIT} more",)
        return Verdict.failed(f"{len(pending)} update(s) pending, {security} of them security{note}", details)
    if stale:
        return Verdict.cannot_assess(f"{stale}; pending-update data is untrustworthy")
    return Verdict.passed("no updates pending")


_FRESH = {"now_epoch": 1768478400, "present": True, "release_files": {"/var/lib/apt/lists/x_InRelease": 1768470000}}
_STALE = {"now_epoch": 1768478400, "present": True, "release_files": {"/var/lib/apt/lists/x_InRelease": 1766000000}}
_UPGRADE = {
    "package": "bash",
    "current": "5.2.15-2+b8",
    "candidate": "5.2.15-2+b13",
    "origins": ["Debian:12.15/oldstable"],
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("up to date", {"apt_upgradable": {"installed": True}, "apt_lists": _FRESH}, Status.PASS),
        Case(
            "one update pending",
            {"apt_upgradable": {"installed": True, "upgrades": [_UPGRADE]}, "apt_lists": _FRESH},
            Status.FAIL,
        ),
        Case(
            "nothing pending, stale lists", {"apt_upgradable": {"installed": True}, "apt_lists": _STALE}, Status.ERROR
        ),
        Case("apt-get missing", {"apt_upgradable": {"installed": False}, "apt_lists": _FRESH}, Status.ERROR),
    ),
)

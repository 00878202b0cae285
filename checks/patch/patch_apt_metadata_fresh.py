"""patch-apt-metadata-fresh: the host refreshed its package lists recently.

A host that never runs `apt-get update` never learns about security fixes, and every
pending-update report computed from its lists is out of date.
"""

from __future__ import annotations

from auditor.checkdef import Applicability, Case, Check, CheckMeta, Facts, Verdict
from auditor.models import Category, Severity, Status
from auditor.probes.apt_lists import APT_LISTS

META = CheckMeta(
    id="patch-apt-metadata-fresh",
    title="Package lists are refreshed regularly",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Update availability is only known from fresh package lists; stale lists hide security updates "
        "from the host, from unattended-upgrades and from this audit."
    ),
    remediation='Run apt-get update daily, e.g. APT::Periodic::Update-Package-Lists "1" with apt-daily.timer.',
    applies_to=Applicability(families=frozenset({"debian"})),
    facts=(APT_LISTS.name,),
    references={"cis-v8": ("7.3",), "nist-csf-2": ("ID.RA-01",), "iso27001-2022": ("A.8.8",)},
)

DEFAULT_MAX_LIST_AGE_DAYS = 7


def evaluate(facts: Facts) -> Verdict:
    lists = facts.get(APT_LISTS)
    if not lists.present:
        return Verdict.failed("no /var/lib/apt/lists on a Debian-family host")
    limit = float(facts.setting("apt_lists_max_age_days", DEFAULT_MAX_LIST_AGE_DAYS))
    stale = lists.staleness(limit)
    if stale:
        return Verdict.failed(stale)
    age_days = lists.age_days or 0.0
    return Verdict.passed(f"package lists refreshed {age_days:.1f} days ago (limit {limit:g})")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "refreshed 2 hours ago",
            {
                "apt_lists": {
                    "now_epoch": 1768478400,
                    "present": True,
                    "release_files": {"/var/lib/apt/lists/a_InRelease": 1768471200},
                }
            },
            Status.PASS,
        ),
        Case(
            "refreshed 28 days ago",
            {
                "apt_lists": {
                    "now_epoch": 1768478400,
                    "present": True,
                    "release_files": {"/var/lib/apt/lists/a_InRelease": 1766000000},
                }
            },
            Status.FAIL,
        ),
        Case(
            "never refreshed",
            {"apt_lists": {"now_epoch": 1768478400, "present": True, "release_files": {}}},
            Status.FAIL,
        ),
        Case("lists unreadable", {"apt_lists": "bad host time: ''"}, Status.ERROR),
    ),
)

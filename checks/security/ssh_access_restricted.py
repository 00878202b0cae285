"""ssh-access-restricted: sshd admits only listed users or groups.

AllowUsers, AllowGroups, DenyUsers or DenyGroups name who may log in over SSH, so a service
account or a forgotten user with a password cannot. Any one of them set passes; what they list
is the admin's decision (the values are shown).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-access-restricted",
    title="SSH access is limited to named users or groups",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Without an allow list every local account with a credential can log in over SSH, including "
        "service and forgotten accounts."
    ),
    remediation="Set AllowGroups (e.g. a group 'ssh-users') or AllowUsers in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="Every account on the system may log in remotely, not only the people who need to.",
            why="Forgotten and service accounts become remote ways in.",
            fix="Allow remote logins only for a named group of people.",
        ),
        fr=PlainWords(
            meaning=(
                "Tous les comptes du système peuvent se connecter à distance, pas seulement ceux qui en ont besoin."
            ),
            why="Les comptes oubliés et les comptes de service deviennent des accès à distance.",
            fix="N'autoriser les connexions à distance qu'à un groupe nommé de personnes.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={
        "cis-v8": ("6.8",),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2",),
        "hipaa": ("164.312(a)(1)",),
    },
)

KEYWORDS = ("allowusers", "allowgroups", "denyusers", "denygroups")


def evaluate(facts: Facts) -> Verdict:
    sshd = facts.get(SSHD_EFFECTIVE)
    if not sshd.installed:
        return Verdict.not_applicable("no OpenSSH server installed")
    found = tuple(f"{key} {value}" for key in KEYWORDS for value in sshd.options.get(key, ()))
    if found:
        return Verdict.passed(f"SSH access limited by {', '.join(sorted({f.split()[0] for f in found}))}", found)
    return Verdict.failed("no AllowUsers/AllowGroups/DenyUsers/DenyGroups: every account may log in")


def _sshd(**options: list[str]) -> dict[str, Any]:
    return {"sshd_effective": {"installed": True, "options": {"port": ["22"], **options}}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("allow users", _sshd(allowusers=["audit", "alice"]), Status.PASS),
        Case("deny group", _sshd(denygroups=["nossh"]), Status.PASS),
        Case("nothing set", _sshd(), Status.FAIL),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

"""win-audit-account-management: Windows audits changes to user accounts and security groups.

Advanced audit policy by subcategory GUID, as CIS Level 1 asks: User Account Management success
and failure (accounts created, enabled, reset: events 4720-4738) and Security Group Management
success (members added to groups such as Administrators: 4728/4732/4756). Needs elevation.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS, audit_case, audit_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_audit_policy import WIN_AUDIT_POLICY

USERS = "0CCE9235-69AE-11D9-BED3-505054503030"
GROUPS = "0CCE9237-69AE-11D9-BED3-505054503030"
REQUIRED = {USERS: 3, GROUPS: 1}

META = CheckMeta(
    id="win-audit-account-management",
    title="User account and security group changes are audited",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "A new local administrator or a re-enabled account is how attackers persist; the events of account and "
        "group changes are the record that shows it happened and who did it."
    ),
    remediation=(
        "GPO: Advanced Audit Policy Configuration > Account Management > User Account Management: Success and "
        'Failure, Security Group Management: Success; or auditpol /set /subcategory:"User Account Management" '
        "/success:enable /failure:enable."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Windows does not record when accounts or security groups are created or changed.",
            why=(
                "A new administrator account is how intruders keep their access, and nothing would show who created it."
            ),
            fix="Turn on recording of account and group changes.",
        ),
        fr=PlainWords(
            meaning="Windows n'enregistre pas la création ou la modification des comptes et des groupes de sécurité.",
            why=(
                "Un nouveau compte administrateur est la façon dont un intrus conserve son accès, et rien ne "
                "montrerait qui l'a créé."
            ),
            fix="Activer l'enregistrement des modifications de comptes et de groupes.",
        ),
    ),
    facts=(WIN_AUDIT_POLICY.name,),
    references={
        "cis-v8": ("8.2", "8.5"),
        "nist-csf-2": ("DE.CM-03", "PR.PS-04"),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return audit_verdict(facts, REQUIRED, what="account management")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_audit_policy/cis-l1-server
        Case("CIS Level 1", audit_case({USERS: 3, GROUPS: 1}), Status.PASS),
        # golden win_audit_policy/win10-defaults
        Case("Windows defaults (success only)", audit_case({USERS: 1, GROUPS: 1}), Status.FAIL),
        Case("nothing audited", audit_case({USERS: 0, GROUPS: 0}), Status.FAIL),
        Case(
            "not elevated",
            {WIN_AUDIT_POLICY.name: "win_audit_policy failed: auditpol exited with status 1314"},
            Status.ERROR,
        ),
    ),
)

"""win-audit-policy-change: Windows audits changes to the audit and authentication policy.

Advanced audit policy by subcategory GUID, as CIS Level 1 asks: Audit Policy Change success (event
4719, someone turning auditing off) and Authentication Policy Change success (4706/4713/4716,
trusts and Kerberos policy). Needs elevation.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS, audit_case, audit_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_audit_policy import WIN_AUDIT_POLICY

AUDIT_POLICY = "0CCE922F-69AE-11D9-BED3-505054503030"
AUTH_POLICY = "0CCE9230-69AE-11D9-BED3-505054503030"
REQUIRED = {AUDIT_POLICY: 1, AUTH_POLICY: 1}

META = CheckMeta(
    id="win-audit-policy-change",
    title="Changes to the audit and authentication policy are audited",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "An attacker covering their tracks turns auditing off first; auditing policy changes records that very step."
    ),
    remediation=(
        "GPO: Advanced Audit Policy Configuration > Policy Change > Audit Policy Change: Success, Authentication "
        'Policy Change: Success; or auditpol /set /subcategory:"Audit Policy Change" /success:enable.'
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Windows does not record changes to its own recording settings.",
            why="An intruder switches recording off first, and that very step would go unseen.",
            fix="Turn on recording of changes to the audit settings.",
        ),
        fr=PlainWords(
            meaning="Windows n'enregistre pas les modifications de ses propres réglages d'enregistrement.",
            why="Un intrus commence par couper l'enregistrement, et cette étape même passerait inaperçue.",
            fix="Activer l'enregistrement des modifications des réglages d'audit.",
        ),
    ),
    facts=(WIN_AUDIT_POLICY.name,),
    references={
        "cis-v8": ("8.2",),
        "nist-csf-2": ("PR.PS-04",),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return audit_verdict(facts, REQUIRED, what="policy change")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_audit_policy/cis-l1-server and win10-defaults (both audit these successes)
        Case("success audited", audit_case({AUDIT_POLICY: 1, AUTH_POLICY: 1}), Status.PASS),
        Case("audit policy changes not audited", audit_case({AUDIT_POLICY: 0, AUTH_POLICY: 1}), Status.FAIL),
        Case(
            "setting not understood",
            {
                WIN_AUDIT_POLICY.name: {
                    "subcategories": [
                        {"guid": AUDIT_POLICY, "name": "Controllo", "value": None, "text": "Operazione riuscita"},
                        {"guid": AUTH_POLICY, "name": "Autenticazione", "value": 1, "text": "Success"},
                    ]
                }
            },
            Status.ERROR,
        ),
        Case(
            "not elevated",
            {WIN_AUDIT_POLICY.name: "win_audit_policy failed: auditpol exited with status 1314"},
            Status.ERROR,
        ),
    ),
)

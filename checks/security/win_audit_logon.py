"""win-audit-logon: Windows audits logons, logoffs, lockouts, special logons and credential checks.

Advanced audit policy, read by subcategory GUID (names are localised) from auditpol, as CIS
Level 1 asks: Logon success and failure, Logoff success, Account Lockout failure, Special Logon
success (administrator logons), Credential Validation success and failure. More auditing than
required passes. Needs an elevated session.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS, audit_case, audit_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_audit_policy import WIN_AUDIT_POLICY

LOGON = "0CCE9215-69AE-11D9-BED3-505054503030"
LOGOFF = "0CCE9216-69AE-11D9-BED3-505054503030"
LOCKOUT = "0CCE9217-69AE-11D9-BED3-505054503030"
SPECIAL = "0CCE921B-69AE-11D9-BED3-505054503030"
CREDENTIALS = "0CCE923F-69AE-11D9-BED3-505054503030"
REQUIRED = {LOGON: 3, LOGOFF: 1, LOCKOUT: 2, SPECIAL: 1, CREDENTIALS: 3}

META = CheckMeta(
    id="win-audit-logon",
    title="Logon, lockout and credential events are audited",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Failed and successful logons (events 4624/4625/4740/4672/4776) are the evidence of password guessing, "
        "lateral movement and who used administrative rights; without them an incident cannot be reconstructed."
    ),
    remediation=(
        "GPO: Computer Configuration > Windows Settings > Security Settings > Advanced Audit Policy Configuration > "
        "Logon/Logoff (Logon: Success and Failure; Logoff, Special Logon: Success; Account Lockout: Failure) and "
        "Account Logon > Credential Validation: Success and Failure; or "
        'auditpol /set /subcategory:"Logon" /success:enable /failure:enable.'
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Windows does not record logons, failed logons and lockouts on this machine.",
            why=(
                "These records are the evidence of password guessing and of who used administrator rights; "
                "without them an incident cannot be reconstructed."
            ),
            fix="Turn on recording of successful and failed logons.",
        ),
        fr=PlainWords(
            meaning=(
                "Windows n'enregistre pas les ouvertures de session, les échecs et les verrouillages sur cette machine."
            ),
            why=(
                "Ces traces prouvent les tentatives de mot de passe et l'usage des droits administrateur ; sans "
                "elles, un incident ne peut pas être reconstitué."
            ),
            fix="Activer l'enregistrement des ouvertures de session réussies et échouées.",
        ),
    ),
    facts=(WIN_AUDIT_POLICY.name,),
    references={
        "cis-v8": ("8.2", "8.5"),
        "nist-csf-2": ("DE.CM-03", "PR.PS-04"),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)", "164.308(a)(5)(ii)(C)"),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return audit_verdict(facts, REQUIRED, what="logon")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_audit_policy/cis-l1-server
        Case("CIS Level 1", audit_case({LOGON: 3, LOGOFF: 1, LOCKOUT: 2, SPECIAL: 1, CREDENTIALS: 3}), Status.PASS),
        Case("everything audited", audit_case(dict.fromkeys(REQUIRED, 3)), Status.PASS),
        # golden win_audit_policy/win10-defaults (Account Lockout success only, Credential Validation off)
        Case(
            "Windows defaults", audit_case({LOGON: 3, LOGOFF: 1, LOCKOUT: 1, SPECIAL: 1, CREDENTIALS: 0}), Status.FAIL
        ),
        Case("subcategory missing", audit_case({LOGON: 3}), Status.FAIL),
        # golden win_audit_policy/not-elevated
        Case(
            "not elevated",
            {WIN_AUDIT_POLICY.name: "win_audit_policy failed: auditpol exited with status 1314"},
            Status.ERROR,
        ),
    ),
)

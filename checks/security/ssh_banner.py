"""ssh-banner: sshd shows a warning banner before authentication.

A pre-login banner states that use is restricted and monitored, which several jurisdictions
expect before unauthorised access can be prosecuted. Only whether a banner file is configured is
judged here; what it says is banner-no-os-disclosure's concern.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import sshd_option
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-banner",
    title="SSH shows a pre-login warning banner",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A legal notice before login tells users that access is restricted and monitored; without it some "
        "legal systems make misuse harder to pursue."
    ),
    remediation=(
        "Write a short legal notice to /etc/issue.net and set Banner /etc/issue.net in /etc/ssh/sshd_config.d/."
    ),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Remote logins show no notice that access is restricted and monitored.",
            why="Without such a notice, taking action against misuse can be harder in some countries.",
            fix="Show a short legal notice before remote logins.",
        ),
        fr=PlainWords(
            meaning="Les connexions à distance n'affichent aucun avis indiquant que l'accès est réservé et surveillé.",
            why="Sans cet avis, poursuivre un usage abusif peut être plus difficile dans certains pays.",
            fix="Afficher un court avis juridique avant les connexions à distance.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.5.10",)},
)


def evaluate(facts: Facts) -> Verdict:
    value = sshd_option(facts, "banner")
    if isinstance(value, Verdict):
        return value
    if value.lower() == "none":
        return Verdict.failed("Banner none: no warning is shown before login")
    return Verdict.passed(f"Banner {value}")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "issue.net", {"sshd_effective": {"installed": True, "options": {"banner": ["/etc/issue.net"]}}}, Status.PASS
        ),
        Case("default none", {"sshd_effective": {"installed": True, "options": {"banner": ["none"]}}}, Status.FAIL),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

"""ssh-hostbased-auth: sshd does not accept host-based authentication.

Host-based authentication lets root on a trusted client log in as any matching user here; a
compromise of one host then spreads. OpenSSH's default is no.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import sshd_yes_no
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-hostbased-auth",
    title="SSH host-based authentication is disabled",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Host-based trust turns the compromise of one client host into access to every account it is trusted for."
    ),
    remediation="Set HostbasedAuthentication no (the default) in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The system trusts whole other machines instead of checking each person.",
            why="Breaking into one trusted machine then opens this one too.",
            fix="Switch off machine-to-machine trust for remote logins.",
        ),
        fr=PlainWords(
            meaning="Le système fait confiance à d'autres machines entières au lieu de vérifier chaque personne.",
            why="Pénétrer une seule machine de confiance ouvre alors aussi celle-ci.",
            fix="Désactiver la confiance de machine à machine pour les connexions à distance.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.AA-03",), "iso27001-2022": ("A.8.5",)},
)


def evaluate(facts: Facts) -> Verdict:
    return sshd_yes_no(facts, "hostbasedauthentication", want="no", why="logins are trusted by client host")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "default no",
            {"sshd_effective": {"installed": True, "options": {"hostbasedauthentication": ["no"]}}},
            Status.PASS,
        ),
        Case(
            "enabled",
            {"sshd_effective": {"installed": True, "options": {"hostbasedauthentication": ["yes"]}}},
            Status.FAIL,
        ),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

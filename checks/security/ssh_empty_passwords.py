"""ssh-empty-passwords: sshd refuses accounts with an empty password.

With PermitEmptyPasswords yes, any account whose password is empty can be entered over the
network by anyone who knows its name.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-empty-passwords",
    title="SSH refuses empty passwords",
    category=Category.SECURITY,
    severity=Severity.CRITICAL,
    rationale="Allowing empty passwords over SSH turns any password-less account into an open remote login.",
    remediation="Set PermitEmptyPasswords no (the OpenSSH default) and reload sshd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The remote login service would let in an account that has no password at all.",
            why="Anyone who finds such an account could log in from the network without knowing anything.",
            fix="Make the remote login service refuse accounts without a password.",
        ),
        fr=PlainWords(
            meaning="Le service de connexion à distance laisserait entrer un compte sans aucun mot de passe.",
            why="Quiconque trouve un tel compte pourrait se connecter depuis le réseau sans rien savoir.",
            fix="Faire refuser par le service de connexion à distance les comptes sans mot de passe.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("5.2",), "nist-csf-2": ("PR.AA-03",), "iso27001-2022": ("A.8.5", "A.5.17")},
)


def evaluate(facts: Facts) -> Verdict:
    sshd = facts.get(SSHD_EFFECTIVE)
    if not sshd.installed:
        return Verdict.not_applicable("no OpenSSH server installed")
    value = sshd.value("permitemptypasswords")
    if value is None:
        return Verdict.cannot_assess("sshd -T did not report permitemptypasswords")
    if value.lower() == "yes":
        return Verdict.failed("PermitEmptyPasswords yes")
    return Verdict.passed(f"PermitEmptyPasswords {value}")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "default", {"sshd_effective": {"installed": True, "options": {"permitemptypasswords": ["no"]}}}, Status.PASS
        ),
        Case(
            "allowed",
            {"sshd_effective": {"installed": True, "options": {"permitemptypasswords": ["yes"]}}},
            Status.FAIL,
        ),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
        Case(
            "keyword missing from output",
            {"sshd_effective": {"installed": True, "options": {"port": ["22"]}}},
            Status.ERROR,
        ),
    ),
)

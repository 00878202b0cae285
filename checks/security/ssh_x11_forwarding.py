"""ssh-x11-forwarding: sshd does not forward X11 sessions.

Servers rarely need X11, and a forwarded X11 display lets a compromised server read keystrokes
and screen contents of the connecting administrator's desktop. Debian's shipped sshd_config
turns it on, so it is common.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-x11-forwarding",
    title="SSH X11 forwarding is disabled",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "X11 forwarding is an unneeded feature on servers that exposes the connecting client's display to the server."
    ),
    remediation="Set X11Forwarding no in /etc/ssh/sshd_config (Debian ships yes) and reload sshd.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="A remote-display feature that servers do not need is switched on.",
            why="An unused feature left open widens what an attacker could reach from a remote session.",
            fix="Switch off remote display forwarding in the remote login service.",
        ),
        fr=PlainWords(
            meaning="Une fonction d'affichage à distance inutile sur un serveur est activée.",
            why=(
                "Une fonction inutilisée laissée ouverte élargit ce qu'un attaquant peut atteindre depuis une "
                "session à distance."
            ),
            fix="Désactiver le renvoi d'affichage dans le service de connexion à distance.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.8",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)


def evaluate(facts: Facts) -> Verdict:
    sshd = facts.get(SSHD_EFFECTIVE)
    if not sshd.installed:
        return Verdict.not_applicable("no OpenSSH server installed")
    value = sshd.value("x11forwarding")
    if value is None:
        return Verdict.cannot_assess("sshd -T did not report x11forwarding")
    if value.lower() == "yes":
        return Verdict.failed("X11Forwarding yes")
    return Verdict.passed(f"X11Forwarding {value}")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("disabled", {"sshd_effective": {"installed": True, "options": {"x11forwarding": ["no"]}}}, Status.PASS),
        Case(
            "Debian default",
            {"sshd_effective": {"installed": True, "options": {"x11forwarding": ["yes"]}}},
            Status.FAIL,
        ),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
        Case(
            "not root", {"sshd_effective": "sshd -T needs root (sshd: no hostkeys available -- exiting.)"}, Status.ERROR
        ),
    ),
)

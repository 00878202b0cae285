"""ssh-tcp-forwarding: sshd does not forward TCP connections for its users.

With AllowTcpForwarding any SSH user can tunnel into networks the server reaches (and out of
them past the firewall). Many servers need it for no one; a jump host does, and is waived or
audited with the strict profile off. DisableForwarding yes also passes.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import sshd_option
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-tcp-forwarding",
    title="SSH TCP forwarding is disabled",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "TCP forwarding turns every SSH account into a tunnel through the host's firewall rules into the "
        "networks it can reach."
    ),
    remediation=(
        "Set AllowTcpForwarding no (or DisableForwarding yes) in /etc/ssh/sshd_config.d/ unless this is a jump host."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Any remote login can be used as a tunnel into the networks this system reaches.",
            why="A stolen account then lets an attacker get past the firewall to other internal systems.",
            fix="Switch off tunnelling through remote logins unless this system is meant to be a gateway.",
        ),
        fr=PlainWords(
            meaning="Toute connexion à distance peut servir de tunnel vers les réseaux que ce système atteint.",
            why="Un compte volé permet alors de passer le pare-feu vers d'autres systèmes internes.",
            fix="Désactiver les tunnels dans les connexions à distance sauf si ce système sert de passerelle.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.8",), "nist-csf-2": ("PR.IR-01",), "iso27001-2022": ("A.8.20",)},
)


def evaluate(facts: Facts) -> Verdict:
    value = sshd_option(facts, "allowtcpforwarding")
    if isinstance(value, Verdict):
        return value
    disabled = sshd_option(facts, "disableforwarding")
    if isinstance(disabled, str) and disabled.lower() == "yes":
        return Verdict.passed("DisableForwarding yes")
    if value.lower() == "no":
        return Verdict.passed("AllowTcpForwarding no")
    return Verdict.failed(f"AllowTcpForwarding {value}: users can tunnel TCP through this host")


def _forwarding(value: str, disable: str = "no") -> dict[str, Any]:
    options = {"allowtcpforwarding": [value], "disableforwarding": [disable]}
    return {"sshd_effective": {"installed": True, "options": options}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("off", _forwarding("no"), Status.PASS),
        Case("default yes", _forwarding("yes"), Status.FAIL),
        Case("local only", _forwarding("local"), Status.FAIL),
        Case("DisableForwarding", _forwarding("yes", "yes"), Status.PASS),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

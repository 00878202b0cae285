"""win-rdp-nla: Remote Desktop requires Network Level Authentication.

With NLA (UserAuthentication = 1) a client must authenticate before Windows creates a session,
so the logon screen is not exposed to anyone who can reach port 3389 and pre-authentication bugs
(BlueKeep, CVE-2019-0708) are out of reach of anonymous attackers. The Group Policy value wins over
the RDP-Tcp value. Not set at all: Windows' default since Windows 8 / Server 2012 is NLA required.
Not applicable when Remote Desktop does not accept connections (fDenyTSConnections 1 or unset).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_rdp import WIN_RDP

META = CheckMeta(
    id="win-rdp-nla",
    title="Remote Desktop requires Network Level Authentication",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Without NLA anyone who reaches the RDP port gets a full logon session screen to brute-force and "
        "pre-authentication RDP vulnerabilities become remotely exploitable."
    ),
    remediation=(
        "GPO: Computer Configuration > Administrative Templates > Windows Components > Remote Desktop Services > "
        "Remote Desktop Session Host > Security > 'Require user authentication for remote connections by using "
        "Network Level Authentication' = Enabled (or System Properties > Remote > 'Allow connections only from "
        "computers running Remote Desktop with Network Level Authentication')."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Anyone who reaches the Remote Desktop port gets a full login screen before proving who they are.",
            why=(
                "It invites password guessing and exposes the machine to Remote Desktop attacks that need no "
                "password at all."
            ),
            fix="Require users to identify themselves before a Remote Desktop session starts.",
        ),
        fr=PlainWords(
            meaning=(
                "Quiconque atteint le port du Bureau à distance obtient un écran de connexion complet avant "
                "d'avoir prouvé son identité."
            ),
            why=(
                "Cela invite à deviner les mots de passe et expose la machine à des attaques du Bureau à distance "
                "qui ne demandent aucun mot de passe."
            ),
            fix="Exiger que les utilisateurs s'identifient avant l'ouverture d'une session Bureau à distance.",
        ),
    ),
    facts=(WIN_RDP.name,),
    references={
        "cis-v8": ("4.1", "6.4"),
        "nist-csf-2": ("PR.AA-03",),
        "iso27001-2022": ("A.8.5",),
        "hipaa": ("164.312(d)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    rdp = facts.get(WIN_RDP)
    if not rdp.enabled:
        return Verdict.not_applicable("Remote Desktop does not accept connections")
    value, source = rdp.nla
    if value is None:
        return Verdict.passed("UserAuthentication not set: Windows' default requires NLA")
    if value == 1:
        return Verdict.passed(f"NLA required ({source})")
    return Verdict.failed(f"NLA not required: UserAuthentication = {value} ({source})")


def _rdp(**changes: Any) -> dict[str, Any]:
    # golden win_rdp/enabled-nla-tls
    base = {"deny_connections": 0, "user_authentication": 1, "security_layer": 2, "min_encryption_level": 2}
    return {WIN_RDP.name: {**base, **changes}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("NLA on", _rdp(), Status.PASS),
        # golden win_rdp/policy-overrides
        Case(
            "policy requires NLA",
            _rdp(user_authentication=0, security_layer=1, policy_user_authentication=1, policy_security_layer=2),
            Status.PASS,
        ),
        # golden win_rdp/enabled-no-nla-rdp-layer
        Case("NLA off", _rdp(user_authentication=0, security_layer=0), Status.FAIL),
        Case("policy turns NLA off", _rdp(policy_user_authentication=0), Status.FAIL),
        # golden win_rdp/disabled-default
        Case("RDP off", _rdp(deny_connections=1), Status.NOT_APPLICABLE),
        Case("not collected", {WIN_RDP.name: "win_rdp printed nothing"}, Status.ERROR),
    ),
)

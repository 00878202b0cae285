"""win-rdp-tls: Remote Desktop uses the TLS security layer.

SecurityLayer 2 (SSL/TLS) authenticates the server with a certificate; 0 (native RDP security)
has no server authentication and 1 (Negotiate) falls back to it when the client asks. The Group
Policy value wins over the RDP-Tcp value; not set at all is taken as Negotiate, the RDP-Tcp
default, and fails. Not applicable when Remote Desktop does not accept connections.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_rdp import SECURITY_LAYERS, WIN_RDP

META = CheckMeta(
    id="win-rdp-tls",
    title="Remote Desktop requires the TLS security layer",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Native RDP security does not authenticate the server, so a machine-in-the-middle can impersonate it "
        "and capture the credentials typed into the session."
    ),
    remediation=(
        "GPO: Remote Desktop Session Host > Security > 'Require use of specific security layer for remote (RDP) "
        "connections' = Enabled, Security Layer SSL; or Set-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\"
        "Terminal Server\\WinStations\\RDP-Tcp' -Name SecurityLayer -Value 2."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Remote Desktop connections do not prove the identity of the server.",
            why=(
                "An attacker in the middle can pretend to be the server and capture the passwords typed into the "
                "session."
            ),
            fix="Require the secure, certificate-based mode for Remote Desktop connections.",
        ),
        fr=PlainWords(
            meaning="Les connexions Bureau à distance ne prouvent pas l'identité du serveur.",
            why=(
                "Un attaquant intercalé peut se faire passer pour le serveur et capturer les mots de passe saisis "
                "dans la session."
            ),
            fix="Exiger le mode sécurisé par certificat pour les connexions Bureau à distance.",
        ),
    ),
    facts=(WIN_RDP.name,),
    references={
        "cis-v8": ("3.10",),
        "nist-csf-2": ("PR.DS-02",),
        "iso27001-2022": ("A.8.20", "A.8.24"),
        "hipaa": ("164.312(e)(1)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    rdp = facts.get(WIN_RDP)
    if not rdp.enabled:
        return Verdict.not_applicable("Remote Desktop does not accept connections")
    value, source = rdp.layer
    if value is None:
        return Verdict.failed("SecurityLayer not set: Negotiate, which falls back to native RDP security")
    name = SECURITY_LAYERS.get(value, f"unknown value {value}")
    if value == 2:
        return Verdict.passed(f"security layer TLS ({source})")
    return Verdict.failed(f"security layer {name} (SecurityLayer = {value}, {source}); want TLS (2)")


def _rdp(**changes: Any) -> dict[str, Any]:
    # golden win_rdp/enabled-nla-tls
    base = {"deny_connections": 0, "user_authentication": 1, "security_layer": 2, "min_encryption_level": 2}
    return {WIN_RDP.name: {**base, **changes}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("TLS", _rdp(), Status.PASS),
        # golden win_rdp/policy-overrides
        Case("policy enforces TLS", _rdp(security_layer=1, policy_security_layer=2), Status.PASS),
        # golden win_rdp/enabled-no-nla-rdp-layer
        Case("native RDP security", _rdp(security_layer=0), Status.FAIL),
        Case("negotiate", _rdp(security_layer=1), Status.FAIL),
        Case("RDP off", _rdp(deny_connections=1), Status.NOT_APPLICABLE),
        Case("not collected", {WIN_RDP.name: "win_rdp printed nothing"}, Status.ERROR),
    ),
)

"""win-smb-signing-required: SMB signing is required by the server and the client.

Without required signing, an attacker on the network can relay captured NTLM authentications to
the host's SMB server (NTLM relay) or tamper with SMB traffic. RequireSecuritySignature must be
True on both sides (Windows 11 24H2 and Server 2025 require it by default; older releases only on
domain controllers). EncryptData, which also protects integrity, is accepted for the server side.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_smb import WIN_SMB

META = CheckMeta(
    id="win-smb-signing-required",
    title="SMB signing is required (server and client)",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Unsigned SMB lets a machine-in-the-middle relay NTLM logons to the host (a standard lateral-movement "
        "step with tools like ntlmrelayx) or alter files in transit."
    ),
    remediation=(
        "Set-SmbServerConfiguration -RequireSecuritySignature $true -Force; "
        "Set-SmbClientConfiguration -RequireSecuritySignature $true -Force; or GPO Security Options "
        "'Microsoft network server/client: Digitally sign communications (always)' = Enabled."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="Windows file sharing does not require its traffic to be signed.",
            why="An attacker on the network can pass themselves off as a user or alter files as they travel.",
            fix="Require signed file-sharing traffic on this machine.",
        ),
        fr=PlainWords(
            meaning="Le partage de fichiers Windows n'exige pas la signature de son trafic.",
            why=(
                "Un attaquant sur le réseau peut se faire passer pour un utilisateur ou modifier des fichiers en "
                "transit."
            ),
            fix="Exiger un trafic de partage de fichiers signé sur cette machine.",
        ),
    ),
    facts=(WIN_SMB.name,),
    references={
        "cis-v8": ("3.10", "4.1"),
        "nist-csf-2": ("PR.DS-02",),
        "iso27001-2022": ("A.8.20",),
        "hipaa": ("164.312(e)(2)(i)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    smb = facts.get(WIN_SMB)
    server = smb.server_require_signing or smb.server_encrypt_data is True
    details = (
        f"server RequireSecuritySignature {smb.server_require_signing}, EncryptData {smb.server_encrypt_data}",
        f"client RequireSecuritySignature {smb.client_require_signing}",
    )
    missing = [side for side, ok in (("server", server), ("client", smb.client_require_signing)) if not ok]
    if missing:
        return Verdict.failed(f"SMB signing not required on the {' and '.join(missing)} side", details)
    return Verdict.passed("SMB signing required on server and client", details)


def _smb(**changes: Any) -> dict[str, Any]:
    # golden win_smb/signing-required
    base = {
        "server_smb1": False,
        "server_require_signing": True,
        "server_enable_signing": True,
        "server_encrypt_data": False,
        "client_require_signing": True,
        "smb1_feature_state": "DisabledWithPayloadRemoved",
        "smb1_client_driver_present": False,
    }
    return {WIN_SMB.name: {**base, **changes}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("required both ways", _smb(), Status.PASS),
        Case("server encrypts", _smb(server_require_signing=False, server_encrypt_data=True), Status.PASS),
        # golden win_smb/learn-win10-defaults
        Case(
            "Windows 10 defaults",
            _smb(server_require_signing=False, server_enable_signing=False, client_require_signing=False),
            Status.FAIL,
        ),
        Case("client only", _smb(server_require_signing=False), Status.FAIL),
        Case("not elevated", {WIN_SMB.name: "win_smb failed: CimException: Access denied"}, Status.ERROR),
    ),
)

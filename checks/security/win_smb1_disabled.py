"""win-smb1-disabled: SMB 1.0 is off on the server side and its feature is not installed.

SMB1 is the protocol of EternalBlue (WannaCry, NotPetya) and is deprecated by Microsoft; it is
removed by default since Windows 10 1709 / Server 2019. Fails when the SMB server accepts SMB1
(EnableSMB1Protocol) or the SMB1Protocol optional feature is installed. When the feature state
cannot be read, the SMB 1.0 client driver (mrxsmb10) decides: present and not disabled fails.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_smb import WIN_SMB

META = CheckMeta(
    id="win-smb1-disabled",
    title="SMB 1.0 is disabled and not installed",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "SMB1 has no protection against downgrade or man-in-the-middle attacks and carried the EternalBlue "
        "worms; nothing supported needs it any more."
    ),
    remediation=(
        "Set-SmbServerConfiguration -EnableSMB1Protocol $false -Force; "
        "Disable-WindowsOptionalFeature -Online -FeatureName SMB1Protocol -NoRestart "
        "(servers: Uninstall-WindowsFeature FS-SMB1), then restart."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="The obsolete version 1 of Windows file sharing is still enabled.",
            why="It was the door used by the WannaCry and NotPetya outbreaks, and nothing current needs it.",
            fix="Switch off and remove the obsolete file-sharing version 1.",
        ),
        fr=PlainWords(
            meaning="L'ancienne version 1 du partage de fichiers Windows est toujours activée.",
            why=(
                "C'est la porte qu'ont utilisée les épidémies WannaCry et NotPetya, et plus rien d'actuel n'en a "
                "besoin."
            ),
            fix="Désactiver et supprimer la version 1 obsolète du partage de fichiers.",
        ),
    ),
    facts=(WIN_SMB.name,),
    references={
        "cis-v8": ("4.8",),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.9", "A.8.20"),
        "cyber-essentials": ("Secure configuration",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    smb = facts.get(WIN_SMB)
    problems = []
    if smb.server_smb1:
        problems.append("SMB server accepts SMB1 (EnableSMB1Protocol True)")
    installed = smb.smb1_feature_installed
    if installed:
        problems.append(f"SMB1Protocol feature {smb.smb1_feature_state}")
    elif installed is None and smb.smb1_client_driver_enabled:
        problems.append(f"SMB 1.0 client driver mrxsmb10 enabled (Start {smb.smb1_client_driver_start})")
    elif installed is None and smb.smb1_client_driver_enabled is None:
        return Verdict.cannot_assess(f"SMB1Protocol feature state unreadable: {smb.smb1_feature_error or 'no reason'}")
    if problems:
        return Verdict.failed(f"SMB1 is available: {'; '.join(problems)}", tuple(problems))
    feature = smb.smb1_feature_state or "state unreadable, client driver disabled or absent"
    return Verdict.passed(f"SMB server refuses SMB1; SMB1Protocol feature {feature}")


def _smb(**changes: Any) -> dict[str, Any]:
    # golden win_smb/learn-win10-defaults
    base = {
        "server_smb1": False,
        "server_require_signing": False,
        "server_enable_signing": False,
        "server_encrypt_data": False,
        "client_require_signing": False,
        "smb1_feature_state": "Disabled",
        "smb1_client_driver_present": False,
    }
    return {WIN_SMB.name: {**base, **changes}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Windows 10 default", _smb(), Status.PASS),
        # golden win_smb/feature-unreadable
        Case(
            "feature unreadable, driver disabled",
            _smb(smb1_feature_state=None, smb1_client_driver_present=True, smb1_client_driver_start=4),
            Status.PASS,
        ),
        # golden win_smb/smb1-enabled-2012r2
        Case(
            "Server 2012 R2 default",
            _smb(
                server_smb1=True,
                smb1_feature_state="Enabled",
                smb1_client_driver_present=True,
                smb1_client_driver_start=2,
            ),
            Status.FAIL,
        ),
        Case("feature installed only", _smb(smb1_feature_state="Enabled"), Status.FAIL),
        Case(
            "feature unreadable, driver on",
            _smb(smb1_feature_state=None, smb1_client_driver_present=True, smb1_client_driver_start=3),
            Status.FAIL,
        ),
        Case("not elevated", {WIN_SMB.name: "win_smb failed: CimException: Access denied"}, Status.ERROR),
    ),
)

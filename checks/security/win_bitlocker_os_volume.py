"""win-bitlocker-os-volume: the Windows system volume is BitLocker-encrypted with protection on.

Passes when the volume of type OperatingSystem is FullyEncrypted with ProtectionStatus On. A fully
encrypted volume with protection Off is *suspended* (the key sits in the clear on the disk, e.g.
left over from a firmware or feature update) and fails, as does a volume still encrypting or
decrypted. Where the BitLocker feature is not installed (Windows Server without it, Home
editions) the check fails saying so. Needs an elevated session.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS, bitlocker_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_bitlocker import WIN_BITLOCKER

META = CheckMeta(
    id="win-bitlocker-os-volume",
    title="The Windows system volume is BitLocker-encrypted",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "A stolen laptop or a disk leaving the data centre gives away every file, cached credential and key "
        "on an unencrypted system volume; a suspended BitLocker protects nothing."
    ),
    remediation=(
        "Enable-BitLocker -MountPoint C: -EncryptionMethod XtsAes256 -TpmProtector, then "
        "Add-BitLockerKeyProtector -RecoveryPasswordProtector and back the key up to AD/Entra ID; resume a suspended "
        "volume with Resume-BitLocker -MountPoint C:. On servers: Install-WindowsFeature BitLocker first."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=60,
        en=PlainWords(
            meaning="The Windows system drive is not encrypted, or its encryption is paused.",
            why="A stolen laptop or a discarded disk gives away every file, saved password and customer record on it.",
            fix="Encrypt the system drive with BitLocker and store its recovery key safely.",
        ),
        fr=PlainWords(
            meaning="Le disque système Windows n'est pas chiffré, ou son chiffrement est suspendu.",
            why=(
                "Un portable volé ou un disque mis au rebut livre chaque fichier, mot de passe enregistré et "
                "dossier client qu'il contient."
            ),
            fix="Chiffrer le disque système avec BitLocker et conserver sa clé de récupération en lieu sûr.",
        ),
    ),
    facts=(WIN_BITLOCKER.name,),
    references={
        "cis-v8": ("3.6",),
        "nist-csf-2": ("PR.DS-01",),
        "iso27001-2022": ("A.8.24",),
        "hipaa": ("164.312(a)(2)(iv)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    bitlocker = facts.get(WIN_BITLOCKER)
    if not bitlocker.present:
        return Verdict.failed("BitLocker is not installed on this host (no Get-BitLockerVolume)")
    volume = bitlocker.os_volume
    if volume is None:
        return Verdict.cannot_assess("Get-BitLockerVolume reported no OperatingSystem volume")
    shown = (
        f"{volume.mount_point} {volume.volume_status}, protection {volume.protection_status}, "
        f"{volume.encryption_method or 'no method'}"
    )
    if volume.volume_status == "FullyEncrypted" and volume.protection_status == "On":
        return Verdict.passed(shown)
    if volume.volume_status == "FullyEncrypted":
        return Verdict.failed(f"BitLocker protection is suspended: {shown}")
    if volume.volume_status == "EncryptionInProgress":
        done = f"{volume.encryption_percentage:g}%" if volume.encryption_percentage is not None else "?"
        return Verdict.failed(f"still encrypting ({done} done): {shown}")
    return Verdict.failed(f"not encrypted: {shown}")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_bitlocker/learn-os-encrypted
        Case("encrypted", bitlocker_case(), Status.PASS),
        # golden win_bitlocker/os-suspended
        Case("suspended", bitlocker_case(protection_status="Off"), Status.FAIL),
        # golden win_bitlocker/os-decrypted
        Case(
            "decrypted",
            bitlocker_case(
                protection_status="Off",
                volume_status="FullyDecrypted",
                encryption_method="None",
                encryption_percentage=0.0,
                key_protectors=[],
            ),
            Status.FAIL,
        ),
        # golden win_bitlocker/os-encrypting-tpm-only
        Case(
            "encrypting",
            bitlocker_case(protection_status="Off", volume_status="EncryptionInProgress", encryption_percentage=42.5),
            Status.FAIL,
        ),
        # golden win_bitlocker/server-no-feature
        Case("feature not installed", bitlocker_case(present=False), Status.FAIL),
        Case(
            "not elevated",
            {WIN_BITLOCKER.name: "win_bitlocker failed: System.UnauthorizedAccessException: Access is denied."},
            Status.ERROR,
        ),
    ),
)

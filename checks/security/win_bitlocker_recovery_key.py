"""win-bitlocker-recovery-key: the encrypted system volume has a recovery password protector.

A TPM-only volume locks its owner out for good after a motherboard swap, a TPM clear or a
firmware change that alters the measured boot, unless a 48-digit recovery password exists (and is
escrowed to AD, Entra ID or the MSP's documentation system; escrow itself is not visible from the
host). Not applicable while the system volume is not encrypted (win-bitlocker-os-volume fails then).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS, bitlocker_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_bitlocker import WIN_BITLOCKER

META = CheckMeta(
    id="win-bitlocker-recovery-key",
    title="BitLocker on the system volume has a recovery password",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Without a recovery password an encrypted system volume is lost after a TPM or firmware change; the data "
        "is as gone as after ransomware."
    ),
    remediation=(
        "Add-BitLockerKeyProtector -MountPoint C: -RecoveryPasswordProtector, then "
        "BackupToAAD-BitLockerKeyProtector (Entra ID) or Backup-BitLockerKeyProtector (AD DS) with the new "
        "protector's id; enforce with GPO 'Choose how BitLocker-protected operating system drives can be recovered'."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=15,
        en=PlainWords(
            meaning="The encrypted system drive has no recovery key to fall back on.",
            why=(
                "After a hardware or firmware change the drive may refuse to unlock, and its data would be as "
                "lost as after ransomware."
            ),
            fix="Create a recovery key for the drive and store it in the company directory.",
        ),
        fr=PlainWords(
            meaning="Le disque système chiffré n'a pas de clé de récupération de secours.",
            why=(
                "Après un changement de matériel ou de micrologiciel, le disque peut refuser de se déverrouiller, "
                "et ses données seraient aussi perdues qu'après un rançongiciel."
            ),
            fix="Créer une clé de récupération pour le disque et la conserver dans l'annuaire de l'entreprise.",
        ),
    ),
    facts=(WIN_BITLOCKER.name,),
    references={
        "cis-v8": ("3.6", "11.1"),
        "nist-csf-2": ("PR.DS-01", "PR.DS-11"),
        "iso27001-2022": ("A.8.24",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    bitlocker = facts.get(WIN_BITLOCKER)
    volume = bitlocker.os_volume if bitlocker.present else None
    if volume is None or volume.volume_status == "FullyDecrypted":
        return Verdict.not_applicable("the system volume is not BitLocker-encrypted (see win-bitlocker-os-volume)")
    protectors = ", ".join(volume.key_protectors) or "none"
    if "RecoveryPassword" in volume.key_protectors:
        return Verdict.passed(f"{volume.mount_point} key protectors: {protectors}")
    return Verdict.failed(f"{volume.mount_point} has no recovery password protector (protectors: {protectors})")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_bitlocker/learn-os-encrypted
        Case("TPM and recovery password", bitlocker_case(), Status.PASS),
        # golden win_bitlocker/os-encrypting-tpm-only
        Case(
            "TPM only",
            bitlocker_case(volume_status="EncryptionInProgress", protection_status="Off", key_protectors=["Tpm"]),
            Status.FAIL,
        ),
        Case("BitLocker not installed", bitlocker_case(present=False), Status.NOT_APPLICABLE),
        Case("not elevated", {WIN_BITLOCKER.name: "win_bitlocker failed: Access is denied."}, Status.ERROR),
    ),
)

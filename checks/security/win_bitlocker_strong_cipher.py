"""win-bitlocker-strong-cipher: the system volume uses software XTS-AES or AES-256, not weak modes.

Accepted: XtsAes128, XtsAes256 (Windows 10 1511+ default and CIS recommendation), Aes256 and
Aes256Diffuser. Failed: Aes128/Aes128Diffuser (AES-CBC 128, the pre-Windows 10 default) and
Hardware, a self-encrypting drive's own encryption, which Microsoft advisory ADV180028 found
breakable on several drive models and which Windows no longer selects by default. Not applicable
while the system volume is not encrypted.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS, bitlocker_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_bitlocker import WIN_BITLOCKER

STRONG = ("XtsAes128", "XtsAes256", "Aes256", "Aes256Diffuser")

META = CheckMeta(
    id="win-bitlocker-strong-cipher",
    title="BitLocker on the system volume uses a strong cipher (XTS-AES, not hardware encryption)",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Self-encrypting drives' hardware encryption was shown to be bypassable (ADV180028), and AES-CBC 128 "
        "without a diffuser is weaker against manipulation than XTS-AES."
    ),
    remediation=(
        "Set GPO 'BitLocker Drive Encryption > Choose drive encryption method and cipher strength' to XTS-AES 256 "
        "and 'Configure use of hardware-based encryption' to Disabled, then decrypt and re-encrypt the volume "
        "(Disable-BitLocker, then Enable-BitLocker -EncryptionMethod XtsAes256)."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=120,
        en=PlainWords(
            meaning="The drive encryption uses an older or hardware-based method with known weaknesses.",
            why=(
                "Some drives' built-in encryption has been shown to be bypassable, leaving the data readable "
                "after a theft."
            ),
            fix="Re-encrypt the drive with Windows' strongest software encryption.",
        ),
        fr=PlainWords(
            meaning="Le chiffrement du disque utilise une méthode ancienne ou matérielle aux faiblesses connues.",
            why=(
                "Le chiffrement intégré de certains disques s'est révélé contournable, ce qui laisse les données "
                "lisibles après un vol."
            ),
            fix="Rechiffrer le disque avec le chiffrement logiciel le plus robuste de Windows.",
        ),
    ),
    facts=(WIN_BITLOCKER.name,),
    references={
        "cis-v8": ("3.6",),
        "nist-csf-2": ("PR.DS-01",),
        "iso27001-2022": ("A.8.24",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    bitlocker = facts.get(WIN_BITLOCKER)
    volume = bitlocker.os_volume if bitlocker.present else None
    if volume is None or volume.volume_status == "FullyDecrypted":
        return Verdict.not_applicable("the system volume is not BitLocker-encrypted (see win-bitlocker-os-volume)")
    method = volume.encryption_method or "unknown"
    if method in STRONG:
        return Verdict.passed(f"{volume.mount_point} encrypted with {method}")
    return Verdict.failed(f"{volume.mount_point} encrypted with {method} (want one of {', '.join(STRONG)})")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_bitlocker/learn-os-encrypted
        Case("XTS-AES 128", bitlocker_case(), Status.PASS),
        Case("hardware encryption", bitlocker_case(encryption_method="Hardware"), Status.FAIL),
        Case("AES-CBC 128", bitlocker_case(encryption_method="Aes128"), Status.FAIL),
        Case(
            "not encrypted",
            bitlocker_case(volume_status="FullyDecrypted", protection_status="Off", encryption_method="None"),
            Status.NOT_APPLICABLE,
        ),
        Case("not elevated", {WIN_BITLOCKER.name: "win_bitlocker failed: Access is denied."}, Status.ERROR),
    ),
)

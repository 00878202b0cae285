"""win-secure-boot: the host boots with UEFI Secure Boot on.

From UEFISecureBootEnabled, which Windows records at every boot (1 on, 0 off). A host without the
SecureBoot\\State key booted in legacy BIOS mode, where Secure Boot cannot exist: that fails too.
Virtual machines count (Hyper-V Gen 2, VMware and Azure/AWS offer Secure Boot); a Gen 1 VM that
cannot be converted is a case for a waiver.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import WINDOWS
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_secure_boot import WIN_SECURE_BOOT

META = CheckMeta(
    id="win-secure-boot",
    title="UEFI Secure Boot is enabled",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Secure Boot stops bootkits (BlackLotus, rootkits in the boot loader) from loading before Windows and its "
        "antivirus; BitLocker's TPM protection and Credential Guard rely on a measured, trusted boot."
    ),
    remediation=(
        "Enable Secure Boot in the UEFI firmware setup (convert the disk to GPT with mbr2gpt /convert /allowFullOS "
        "first if the host boots in legacy BIOS mode); for Hyper-V use a Generation 2 VM with Secure Boot on."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=60,
        en=PlainWords(
            meaning="The protection that checks the start-up software before Windows loads is off.",
            why=(
                "Malicious software that hides in the start-up process runs before Windows and its antivirus, out "
                "of their sight."
            ),
            fix="Turn on Secure Boot in the machine's firmware settings.",
        ),
        fr=PlainWords(
            meaning=(
                "La protection qui vérifie les logiciels de démarrage avant le chargement de Windows est désactivée."
            ),
            why=(
                "Un logiciel malveillant caché dans le démarrage s'exécute avant Windows et son antivirus, hors "
                "de leur vue."
            ),
            fix="Activer le démarrage sécurisé (Secure Boot) dans les réglages du micrologiciel de la machine.",
        ),
    ),
    facts=(WIN_SECURE_BOOT.name,),
    references={
        "cis-v8": ("4.1",),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.9",),
        "cyber-essentials": ("Secure configuration",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    boot = facts.get(WIN_SECURE_BOOT)
    if not boot.state_key:
        return Verdict.failed("the host boots in legacy BIOS mode: no Secure Boot")
    if boot.enabled == 1:
        return Verdict.passed("UEFI Secure Boot is on")
    if boot.enabled is None:
        return Verdict.failed("UEFI boot, but Windows recorded no Secure Boot state (UEFISecureBootEnabled not set)")
    return Verdict.failed(f"UEFI Secure Boot is off (UEFISecureBootEnabled = {boot.enabled})")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # goldens win_secure_boot/uefi-on, uefi-off, legacy-bios
        Case("on", {WIN_SECURE_BOOT.name: {"state_key": True, "enabled": 1}}, Status.PASS),
        Case("off", {WIN_SECURE_BOOT.name: {"state_key": True, "enabled": 0}}, Status.FAIL),
        Case("legacy BIOS", {WIN_SECURE_BOOT.name: {"state_key": False}}, Status.FAIL),
        Case("not collected", {WIN_SECURE_BOOT.name: "win_secure_boot printed nothing"}, Status.ERROR),
    ),
)

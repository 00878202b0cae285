"""win-autorun-disabled: AutoRun and AutoPlay are off for every drive type.

Two machine policies under HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer:
- NoDriveTypeAutoRun = 255 (0xFF, "Turn off AutoPlay" on all drives). Not configured: Windows
  applies 0x91 (AutoPlay off only for unknown and network drives, per Microsoft's
  NoDriveTypeAutoRun reference), so removable media still autoplay: fails.
- NoAutorun = 1 ("Set the default behavior for AutoRun" = Do not execute any autorun commands).
  Not configured: autorun.inf commands may still be offered: fails.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import EXPLORER_POLICIES, WIN_REGISTRY_POLICY, value_key

NO_DRIVE_TYPE_AUTORUN = value_key(EXPLORER_POLICIES, "NoDriveTypeAutoRun")
NO_AUTORUN = value_key(EXPLORER_POLICIES, "NoAutorun")
RULES = (
    Rule(NO_DRIVE_TYPE_AUTORUN, equals(255), "255 (all drives)", default=0x91),
    Rule(NO_AUTORUN, equals(1), "1", default=0),
)

META = CheckMeta(
    id="win-autorun-disabled",
    title="AutoRun and AutoPlay are disabled for all drives",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "AutoRun and AutoPlay start content from USB sticks, discs and shares as soon as they appear, a classic "
        "path for malware onto machines and across air gaps."
    ),
    remediation=(
        "GPO: Computer Configuration > Administrative Templates > Windows Components > AutoPlay Policies > "
        "'Turn off Autoplay' = Enabled, All drives (NoDriveTypeAutoRun = 255) and 'Set the default behavior for "
        "AutoRun' = Enabled, Do not execute any autorun commands (NoAutorun = 1)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Windows starts content from USB sticks, discs and shares as soon as they are connected.",
            why="A single infected USB stick can install malware without anyone clicking anything.",
            fix="Switch off AutoRun and AutoPlay for all drives.",
        ),
        fr=PlainWords(
            meaning="Windows lance le contenu des clés USB, disques et partages dès qu'ils sont connectés.",
            why=(
                "Une seule clé USB infectée peut installer un logiciel malveillant sans que personne ne clique "
                "sur quoi que ce soit."
            ),
            fix="Désactiver l'exécution et la lecture automatiques pour tous les lecteurs.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("10.3",),
        "nist-csf-2": ("PR.PS-01", "DE.CM-09"),
        "iso27001-2022": ("A.8.7", "A.7.10"),
        "cyber-essentials": ("Malware protection", "Secure configuration"),
        "hipaa": ("164.308(a)(5)(ii)(B)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, RULES, why="removable media can still start programs")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("both set", registry_case({NO_DRIVE_TYPE_AUTORUN: 255, NO_AUTORUN: 1}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("not configured", registry_case(), Status.FAIL),
        Case("autoplay off, autorun default", registry_case({NO_DRIVE_TYPE_AUTORUN: 255}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

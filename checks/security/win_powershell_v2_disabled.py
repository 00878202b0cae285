"""win-powershell-v2-disabled: the Windows PowerShell 2.0 engine is disabled or removed.

PowerShell 2.0 predates script block logging, AMSI and Constrained Language Mode, so an attacker
who runs `powershell -Version 2` sidesteps all of them (a "downgrade attack"). The state comes from
the optional features MicrosoftWindowsPowerShellV2Root and MicrosoftWindowsPowerShellV2 on clients;
servers list only MicrosoftWindowsPowerShellV2 (Server Manager's PowerShell-V2; DISM calls the Root
name "unknown" on Server 2019), read through Win32_OptionalFeature (see auditor.probes.win_features
for why that source). A feature the OS does not list at all passes: it cannot be enabled (Windows
11 24H2 and Server 2025 removed PowerShell 2.0 in 2025). .NET 3.5 (NetFx3) is shown because the
2.0 engine cannot start without it, but an enabled engine still fails: installing .NET 3.5 later
would make it usable again.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import features_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_features import WIN_FEATURES

ENGINE_FEATURES = ("MicrosoftWindowsPowerShellV2Root", "MicrosoftWindowsPowerShellV2")

META = CheckMeta(
    id="win-powershell-v2-disabled",
    title="Windows PowerShell 2.0 is disabled or removed",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "PowerShell 2.0 has no script block logging, AMSI or Constrained Language Mode; attackers start it to run "
        "scripts that the current PowerShell would log or block."
    ),
    remediation=(
        "Disable-WindowsOptionalFeature -Online -FeatureName MicrosoftWindowsPowerShellV2Root -NoRestart "
        "(servers: Uninstall-WindowsFeature PowerShell-V2)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning=(
                "An old version of Windows' scripting tool that bypasses today's security controls is still available."
            ),
            why="Attackers start it on purpose to run scripts that the current version would record or block.",
            fix="Remove the old PowerShell 2.0 feature.",
        ),
        fr=PlainWords(
            meaning=(
                "Une ancienne version de l'outil de script de Windows, qui contourne les contrôles de sécurité "
                "actuels, est toujours disponible."
            ),
            why=(
                "Les attaquants la lancent exprès pour exécuter des scripts que la version actuelle "
                "enregistrerait ou bloquerait."
            ),
            fix="Supprimer l'ancienne fonctionnalité PowerShell 2.0.",
        ),
    ),
    facts=(WIN_FEATURES.name,),
    references={
        "cis-v8": ("2.7", "4.8"),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.9", "A.8.19"),
        "cyber-essentials": ("Secure configuration",),
        "essential-eight": ("User application hardening",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    features = facts.get(WIN_FEATURES).features
    shown: list[str] = []
    enabled: list[str] = []
    for name in ENGINE_FEATURES:
        if name not in features:
            return Verdict.cannot_assess(f"optional feature {name} was not collected")
        state = features[name]
        if state == "unknown":
            return Verdict.cannot_assess(f"Windows reports the state of {name} as unknown")
        shown.append(f"{name}: {state or 'not offered by this Windows'}")
        if state == "enabled":
            enabled.append(name)
    netfx = features.get("NetFx3")
    shown.append(f"NetFx3 (.NET 3.5): {netfx or 'not offered by this Windows'}")
    if enabled:
        usable = " and usable (.NET 3.5 enabled)" if netfx == "enabled" else ""
        return Verdict.failed(f"PowerShell 2.0 engine enabled{usable}: {', '.join(enabled)}", tuple(shown))
    return Verdict.passed("PowerShell 2.0 engine disabled or removed", tuple(shown))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_features/hardened-win11
        Case("disabled", features_case(), Status.PASS),
        # golden win_features/win11-24h2-removed
        Case(
            "removed from Windows",
            features_case(MicrosoftWindowsPowerShellV2Root=None, MicrosoftWindowsPowerShellV2=None),
            Status.PASS,
        ),
        # golden win_features/win10-default
        Case(
            "enabled (Windows 10 default)",
            features_case(MicrosoftWindowsPowerShellV2Root="enabled", MicrosoftWindowsPowerShellV2="enabled"),
            Status.FAIL,
        ),
        Case("state unknown", features_case(MicrosoftWindowsPowerShellV2Root="unknown"), Status.ERROR),
        Case("features not read", {WIN_FEATURES.name: "win_features failed: Access denied"}, Status.ERROR),
    ),
)

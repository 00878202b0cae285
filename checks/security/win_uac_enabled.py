"""win-uac-enabled: User Account Control is on (EnableLUA).

With EnableLUA = 0 every administrator runs every program with a full administrative token and
Windows silently stops protecting system locations; Microsoft notes the system must restart after
the change and that it also disables the Microsoft Store apps. Not configured: Windows' default is
1 (UAC on), per Microsoft's UAC settings reference ("Run all administrators in Admin Approval
Mode", HKLM\\...\\Policies\\System\\EnableLUA).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import SYSTEM_POLICIES, WIN_REGISTRY_POLICY, value_key

ENABLE_LUA = value_key(SYSTEM_POLICIES, "EnableLUA")
RULE = Rule(ENABLE_LUA, equals(1), "1", default=1)

META = CheckMeta(
    id="win-uac-enabled",
    title="User Account Control is enabled",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Without UAC every program an administrator starts, including malware from a browser or mail "
        "attachment, runs with full administrative rights and no prompt."
    ),
    remediation=(
        "GPO: Computer Configuration > Windows Settings > Security Settings > Local Policies > Security Options > "
        "'User Account Control: Run all administrators in Admin Approval Mode' = Enabled (or "
        "Set-ItemProperty HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System EnableLUA 1), "
        "then restart."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="User Account Control is off, so everything an administrator runs has full rights.",
            why=(
                "A malicious attachment or web download opened by an administrator takes over the machine without "
                "a single prompt."
            ),
            fix="Turn User Account Control back on.",
        ),
        fr=PlainWords(
            meaning=(
                "Le contrôle de compte d'utilisateur est désactivé : tout ce qu'un administrateur lance a tous "
                "les droits."
            ),
            why=(
                "Une pièce jointe ou un téléchargement malveillant ouvert par un administrateur prend le contrôle "
                "de la machine sans aucune demande de confirmation."
            ),
            fix="Réactiver le contrôle de compte d'utilisateur.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.1", "5.4"),
        "nist-csf-2": ("PR.AA-05", "PR.PS-01"),
        "iso27001-2022": ("A.8.2", "A.8.9"),
        "cyber-essentials": ("Secure configuration", "User access control"),
        "essential-eight": ("Restrict administrative privileges",),
        "hipaa": ("164.312(a)(1)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="UAC is off, every administrator program runs elevated")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/server2022-default: nothing configured
        Case("not configured (default on)", registry_case(), Status.PASS),
        Case("explicitly on", registry_case({ENABLE_LUA: 1}), Status.PASS),
        # golden win_registry_policy/neglected-server2016
        Case("turned off", registry_case({ENABLE_LUA: 0}), Status.FAIL),
        Case("written as text", registry_case({ENABLE_LUA: "1"}), Status.ERROR),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

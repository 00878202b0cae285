"""win-ntlmv1-disabled: LM and NTLMv1 authentication are refused (LmCompatibilityLevel 5).

HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\LmCompatibilityLevel, per Microsoft's "Network security:
LAN Manager authentication level" reference: 0-2 still send LM/NTLMv1, 3 sends NTLMv2 only, 4
also refuses LM (on DCs), 5 sends NTLMv2 only and refuses LM and NTLM. Not configured: Windows
Vista / Server 2008 and later behave as 3 (send NTLMv2 response only), which still accepts NTLMv1
from others; CIS and the Microsoft security baseline ask for 5, so only 5 passes.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, at_least, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import LSA, WIN_REGISTRY_POLICY, value_key

LM_LEVEL = value_key(LSA, "LmCompatibilityLevel")
RULE = Rule(LM_LEVEL, at_least(5), "5 (send NTLMv2 only, refuse LM & NTLM)", default=3)

META = CheckMeta(
    id="win-ntlmv1-disabled",
    title="LM and NTLMv1 authentication are refused",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "NTLMv1 and LM responses can be cracked or relayed within minutes, handing an attacker on the network the "
        "password hash of whoever authenticates."
    ),
    remediation=(
        "GPO: Security Options > 'Network security: LAN Manager authentication level' = 'Send NTLMv2 response only. "
        "Refuse LM & NTLM' (LmCompatibilityLevel = 5); audit NTLMv1 use first on domain controllers."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="Windows still accepts an outdated logon method whose answers can be cracked in minutes.",
            why="An attacker on the network can capture and reuse the password of whoever logs on.",
            fix="Accept only the modern logon method and refuse the outdated ones.",
        ),
        fr=PlainWords(
            meaning=(
                "Windows accepte encore une méthode d'authentification dépassée dont les réponses se cassent en "
                "quelques minutes."
            ),
            why="Un attaquant sur le réseau peut capturer et réutiliser le mot de passe de quiconque se connecte.",
            fix="N'accepter que la méthode d'authentification moderne et refuser les méthodes dépassées.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.1", "3.10"),
        "nist-csf-2": ("PR.AA-03",),
        "iso27001-2022": ("A.8.5",),
        "cyber-essentials": ("Secure configuration",),
        "hipaa": ("164.312(d)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="NTLMv1 or LM responses are still sent or accepted")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("level 5", registry_case({LM_LEVEL: 5}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("not configured (default 3)", registry_case(), Status.FAIL),
        # golden win_registry_policy/neglected-server2016
        Case("level 1", registry_case({LM_LEVEL: 1}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

"""win-powershell-script-block-logging: PowerShell script block logging is on.

Policy EnableScriptBlockLogging = 1 under HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\
ScriptBlockLogging ("Turn on PowerShell Script Block Logging"). Not configured: Windows PowerShell
5.1 still logs script blocks it judges suspicious (event 4104, warning level), but not the rest,
so the check fails: an investigation needs the full record.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import SCRIPT_BLOCK_LOGGING, WIN_REGISTRY_POLICY, value_key

ENABLE = value_key(SCRIPT_BLOCK_LOGGING, "EnableScriptBlockLogging")
RULE = Rule(ENABLE, equals(1), "1", default=0)

META = CheckMeta(
    id="win-powershell-script-block-logging",
    title="PowerShell script block logging is enabled",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "PowerShell is the attacker's favourite tool on Windows; script block logging records the code actually "
        "run, after de-obfuscation, which is often the only trace of an intrusion."
    ),
    remediation=(
        "GPO: Computer Configuration > Administrative Templates > Windows Components > Windows PowerShell > 'Turn on "
        "PowerShell Script Block Logging' = Enabled; forward Microsoft-Windows-PowerShell/Operational to the SIEM."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Windows does not record the scripts its scripting tool runs.",
            why=(
                "PowerShell is the tool intruders use most on Windows, and these records are often the only trace "
                "of what they did."
            ),
            fix="Turn on PowerShell script block logging and forward the log.",
        ),
        fr=PlainWords(
            meaning="Windows n'enregistre pas les scripts exécutés par son outil de script.",
            why=(
                "PowerShell est l'outil le plus utilisé par les intrus sous Windows, et ces enregistrements sont "
                "souvent la seule trace de leurs actions."
            ),
            fix="Activer la journalisation des blocs de script PowerShell et transférer ce journal.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("8.2", "8.8"),
        "nist-csf-2": ("PR.PS-04", "DE.CM-09"),
        "iso27001-2022": ("A.8.15",),
        "essential-eight": ("User application hardening",),
        "hipaa": ("164.312(b)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="PowerShell activity is not fully logged")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("enabled", registry_case({ENABLE: 1}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("not configured", registry_case(), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

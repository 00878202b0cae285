"""win-uac-secure-desktop: UAC prompts appear on the secure desktop (PromptOnSecureDesktop).

On the secure desktop only Windows processes can draw or send input, so malware cannot click
"Yes" on its own elevation prompt. Not configured: Windows' default is 1 (secure desktop), per
Microsoft's UAC settings reference.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import SYSTEM_POLICIES, WIN_REGISTRY_POLICY, value_key

SECURE_DESKTOP = value_key(SYSTEM_POLICIES, "PromptOnSecureDesktop")
RULE = Rule(SECURE_DESKTOP, equals(1), "1", default=1)

META = CheckMeta(
    id="win-uac-secure-desktop",
    title="UAC elevation prompts use the secure desktop",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A prompt on the normal desktop can be answered by any program running as the user, so malware can "
        "approve its own elevation."
    ),
    remediation=(
        "GPO: Security Options > 'User Account Control: Switch to the secure desktop when prompting for elevation' "
        "= Enabled (PromptOnSecureDesktop = 1)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The prompt that asks to grant administrator rights appears where other programs can answer it.",
            why="Malicious software could approve its own request for full rights.",
            fix="Show administrator-rights prompts on the protected secure screen.",
        ),
        fr=PlainWords(
            meaning=(
                "La demande d'octroi des droits administrateur s'affiche là où d'autres programmes peuvent y répondre."
            ),
            why="Un logiciel malveillant pourrait approuver lui-même sa demande de droits complets.",
            fix="Afficher les demandes de droits administrateur sur l'écran sécurisé protégé.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.1",),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.9",),
        "cyber-essentials": ("Secure configuration",),
        "essential-eight": ("Restrict administrative privileges",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="other programs can answer elevation prompts")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("not configured (default 1)", registry_case(), Status.PASS),
        # golden win_registry_policy/neglected-server2016
        Case("normal desktop", registry_case({SECURE_DESKTOP: 0}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

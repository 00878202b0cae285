"""win-uac-admin-prompt: UAC asks administrators before elevating (ConsentPromptBehaviorAdmin).

Values (Microsoft's UAC group policy reference): 0 elevate without prompting, 1 prompt for
credentials on the secure desktop, 2 prompt for consent on the secure desktop, 3 prompt for
credentials, 4 prompt for consent, 5 prompt for consent for non-Windows binaries. Not configured:
Windows' default is 5. Only 0 fails: it turns UAC into a silent elevation for any program. CIS
recommends 2 (or 1); the verdict names the value so a reviewer can hold hosts to that.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import SYSTEM_POLICIES, WIN_REGISTRY_POLICY, value_key

CONSENT = value_key(SYSTEM_POLICIES, "ConsentPromptBehaviorAdmin")
RULE = Rule(CONSENT, equals(1, 2, 3, 4, 5), "1 or 2 (prompt on the secure desktop); never 0", default=5)

META = CheckMeta(
    id="win-uac-admin-prompt",
    title="UAC prompts administrators before elevating",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "With 'Elevate without prompting' any program an administrator runs can take full control of the "
        "machine without the user seeing a prompt."
    ),
    remediation=(
        "GPO: Security Options > 'User Account Control: Behavior of the elevation prompt for administrators in "
        "Admin Approval Mode' = 'Prompt for consent on the secure desktop' (ConsentPromptBehaviorAdmin = 2)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Programs can gain administrator rights without asking the administrator first.",
            why="Any program an administrator runs can take full control of the machine without the user noticing.",
            fix="Make Windows ask for consent before any program gains administrator rights.",
        ),
        fr=PlainWords(
            meaning="Des programmes peuvent obtenir les droits administrateur sans le demander d'abord.",
            why=(
                "Tout programme lancé par un administrateur peut prendre le contrôle total de la machine sans que "
                "l'utilisateur s'en aperçoive."
            ),
            fix="Faire demander par Windows un consentement avant qu'un programme obtienne les droits administrateur.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.1", "5.4"),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2", "A.8.9"),
        "cyber-essentials": ("User access control",),
        "essential-eight": ("Restrict administrative privileges",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="administrators elevate silently")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/server2022-default
        Case("not configured (default 5)", registry_case(), Status.PASS),
        # golden win_registry_policy/hardened-cis
        Case("consent on secure desktop", registry_case({CONSENT: 2}), Status.PASS),
        # golden win_registry_policy/neglected-server2016
        Case("elevate without prompting", registry_case({CONSENT: 0}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

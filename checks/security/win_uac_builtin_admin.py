"""win-uac-builtin-admin: the built-in Administrator runs in Admin Approval Mode (FilterAdministratorToken).

The built-in Administrator (RID 500) is exempt from UAC unless FilterAdministratorToken = 1: every
program it starts is elevated without a prompt, and its well-known SID is what password-spraying
and pass-the-hash tools try first. Not configured: Windows' default is 0 (disabled), per
Microsoft's UAC settings reference; CIS Benchmarks ask for Enabled, so a default host fails.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import SYSTEM_POLICIES, WIN_REGISTRY_POLICY, value_key

FILTER_ADMIN = value_key(SYSTEM_POLICIES, "FilterAdministratorToken")
RULE = Rule(FILTER_ADMIN, equals(1), "1", default=0)

META = CheckMeta(
    id="win-uac-builtin-admin",
    title="Built-in Administrator account uses UAC Admin Approval Mode",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "The built-in Administrator is otherwise exempt from UAC: anything it runs is elevated silently, which "
        "makes a stolen or shared built-in Administrator password immediately a full compromise."
    ),
    remediation=(
        "GPO: Security Options > 'User Account Control: Admin Approval Mode for the Built-in Administrator account' "
        "= Enabled (FilterAdministratorToken = 1)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Everything the built-in Administrator runs gets full rights silently.",
            why="A stolen or shared built-in Administrator password becomes a complete takeover at once.",
            fix="Make the built-in Administrator ask for consent like other administrators.",
        ),
        fr=PlainWords(
            meaning="Tout ce que lance l'Administrateur intégré obtient les droits complets en silence.",
            why=(
                "Un mot de passe d'Administrateur intégré volé ou partagé devient aussitôt une prise de contrôle "
                "totale."
            ),
            fix="Faire demander à l'Administrateur intégré un consentement comme aux autres administrateurs.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.7", "5.4"),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2",),
        "cyber-essentials": ("User access control",),
        "essential-eight": ("Restrict administrative privileges",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="the built-in Administrator elevates without UAC")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("enabled", registry_case({FILTER_ADMIN: 1}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("not configured (default 0)", registry_case(), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

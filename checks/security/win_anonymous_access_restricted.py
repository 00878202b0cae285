"""win-anonymous-access-restricted: anonymous users cannot enumerate accounts and shares.

Four Security Options, with Windows' defaults when not configured (Microsoft's reference pages
for each "Network access:" setting):
- RestrictAnonymousSAM (Lsa) = 1, no anonymous enumeration of SAM accounts; default 1;
- RestrictAnonymous (Lsa) >= 1, no anonymous enumeration of SAM accounts and shares; default 0,
  so a default host fails (CIS asks for Enabled);
- EveryoneIncludesAnonymous (Lsa) = 0, Everyone permissions do not apply to anonymous; default 0;
- RestrictNullSessAccess (LanManServer\\Parameters) = 1, null sessions limited to listed pipes and
  shares; default 1.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, at_least, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import LANMAN_SERVER, LSA, WIN_REGISTRY_POLICY, value_key

SAM = value_key(LSA, "RestrictAnonymousSAM")
ANONYMOUS = value_key(LSA, "RestrictAnonymous")
EVERYONE = value_key(LSA, "EveryoneIncludesAnonymous")
NULL_SESSIONS = value_key(LANMAN_SERVER, "RestrictNullSessAccess")
RULES = (
    Rule(SAM, equals(1), "1", default=1),
    Rule(ANONYMOUS, at_least(1), "1", default=0),
    Rule(EVERYONE, equals(0), "0", default=0),
    Rule(NULL_SESSIONS, equals(1), "1", default=1),
)

META = CheckMeta(
    id="win-anonymous-access-restricted",
    title="Anonymous enumeration of accounts and shares is restricted",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Anonymous (null session) enumeration hands an unauthenticated attacker the list of user accounts and "
        "shares to target with password spraying."
    ),
    remediation=(
        "GPO: Security Options > 'Network access: Do not allow anonymous enumeration of SAM accounts and shares' = "
        "Enabled (RestrictAnonymous = 1), and keep the SAM-accounts, Everyone-includes-anonymous and "
        "null-session settings at their secure defaults."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning=(
                "Anyone on the network can list this machine's user accounts and shared folders without logging in."
            ),
            why="It hands attackers a ready-made list of accounts to try passwords against.",
            fix="Refuse anonymous listing of accounts and shared folders.",
        ),
        fr=PlainWords(
            meaning=(
                "N'importe qui sur le réseau peut lister les comptes et dossiers partagés de cette machine sans "
                "se connecter."
            ),
            why=(
                "Cela fournit aux attaquants une liste prête à l'emploi de comptes sur lesquels essayer des mots "
                "de passe."
            ),
            fix="Refuser la consultation anonyme des comptes et des dossiers partagés.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("3.3", "4.1"),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.3", "A.8.9"),
        "cyber-essentials": ("Secure configuration",),
        "hipaa": ("164.312(a)(1)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, RULES, why="anonymous users can enumerate accounts or shares")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("restricted", registry_case({ANONYMOUS: 1, SAM: 1}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("defaults (RestrictAnonymous 0)", registry_case(), Status.FAIL),
        # golden win_registry_policy/neglected-server2016
        Case("everyone includes anonymous", registry_case({ANONYMOUS: 1, EVERYONE: 1}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

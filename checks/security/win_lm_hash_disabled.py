"""win-lm-hash-disabled: Windows does not store LAN Manager hashes of new passwords (NoLMHash).

NoLMHash under HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa ("Network security: Do not store LAN
Manager hash value on next password change"). Not configured: Windows Vista / Server 2008 and later
behave as 1 (enabled, no LM hash), per Microsoft's reference for the setting; only 0 fails. An LM
hash splits the password into two upper-cased 7-character halves and falls to rainbow tables.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import LSA, WIN_REGISTRY_POLICY, value_key

NO_LM_HASH = value_key(LSA, "NoLMHash")
RULE = Rule(NO_LM_HASH, equals(1), "1", default=1)

META = CheckMeta(
    id="win-lm-hash-disabled",
    title="LAN Manager password hashes are not stored",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "LM hashes can be reversed to the password in minutes; storing them turns any copy of the SAM or AD "
        "database into clear-text passwords."
    ),
    remediation=(
        "GPO: Security Options > 'Network security: Do not store LAN Manager hash value on next password change' = "
        "Enabled (NoLMHash = 1), then have affected accounts change their passwords."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Windows stores passwords in an outdated form that can be reversed in minutes.",
            why="Any copy of the account database becomes a list of readable passwords.",
            fix="Stop storing passwords in the outdated form and have affected users change their passwords.",
        ),
        fr=PlainWords(
            meaning="Windows stocke les mots de passe sous une forme dépassée qui se décode en quelques minutes.",
            why="Toute copie de la base des comptes devient une liste de mots de passe lisibles.",
            fix=(
                "Cesser de stocker les mots de passe sous cette forme et faire changer leur mot de passe aux "
                "utilisateurs concernés."
            ),
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("3.11", "4.1"),
        "nist-csf-2": ("PR.DS-01", "PR.AA-01"),
        "iso27001-2022": ("A.5.17", "A.8.5"),
        "cyber-essentials": ("Secure configuration",),
        "hipaa": ("164.312(d)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="new passwords are stored as crackable LM hashes")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/server2022-default
        Case("not configured (default 1)", registry_case(), Status.PASS),
        # golden win_registry_policy/neglected-server2016
        Case("LM hashes stored", registry_case({NO_LM_HASH: 0}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

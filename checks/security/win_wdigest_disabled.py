"""win-wdigest-disabled: WDigest does not keep clear-text passwords in memory (UseLogonCredential).

With UseLogonCredential = 1 under HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest,
LSASS keeps each logged-on user's password in a reversible form that Mimikatz-style tools dump.
Not configured: Windows 8.1 / Server 2012 R2 and later behave as 0 (no clear-text credentials;
Microsoft security advisory 2871997), so only an explicit 1 fails. Attackers set it to 1 to harvest
passwords at the next logon, so a 1 on a managed machine is also a compromise indicator.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import WDIGEST, WIN_REGISTRY_POLICY, value_key

USE_LOGON_CREDENTIAL = value_key(WDIGEST, "UseLogonCredential")
RULE = Rule(USE_LOGON_CREDENTIAL, equals(0), "0 or not configured", default=0)

META = CheckMeta(
    id="win-wdigest-disabled",
    title="WDigest does not store clear-text credentials",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "With WDigest credential caching on, anyone who can read LSASS memory gets the clear-text passwords of "
        "everyone who logged on, including domain administrators."
    ),
    remediation=(
        "Set-ItemProperty HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest UseLogonCredential 0 "
        "(MS Security Guide GPO 'WDigest Authentication' = Disabled), then investigate who set it."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Windows keeps readable copies of users' passwords in memory.",
            why=(
                "Anyone who gains administrator rights can collect the passwords of everyone who logged on, "
                "including company-wide administrators."
            ),
            fix="Switch off the setting that keeps readable passwords in memory and find out who turned it on.",
        ),
        fr=PlainWords(
            meaning="Windows conserve en mémoire des copies lisibles des mots de passe des utilisateurs.",
            why=(
                "Quiconque obtient les droits administrateur peut récupérer les mots de passe de tous ceux qui se "
                "sont connectés, y compris des administrateurs de l'entreprise."
            ),
            fix="Désactiver le réglage qui conserve les mots de passe lisibles en mémoire et trouver qui l'a activé.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.1",),
        "nist-csf-2": ("PR.AA-01", "PR.PS-01"),
        "iso27001-2022": ("A.5.17", "A.8.9"),
        "cyber-essentials": ("Secure configuration",),
        "hipaa": ("164.312(a)(1)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="LSASS keeps clear-text passwords")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/server2022-default
        Case("not configured (default 0)", registry_case(), Status.PASS),
        # golden win_registry_policy/hardened-cis
        Case("explicitly off", registry_case({USE_LOGON_CREDENTIAL: 0}), Status.PASS),
        # golden win_registry_policy/neglected-server2016
        Case("clear-text caching on", registry_case({USE_LOGON_CREDENTIAL: 1}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

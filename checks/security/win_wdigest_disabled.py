"""win-wdigest-disabled: WDigest does not keep clear-text passwords in memory (UseLogonCredential).

With UseLogonCredential = 1 under HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest,
LSASS keeps each logged-on user's password in a reversible form that Mimikatz-style tools dump.
Not configured: Windows 8.1 / Server 2012 R2 and later behave as 0 (no clear-text credentials;
Microsoft security advisory 2871997), so only an explicit 1 fails. Attackers set it to 1 to harvest
passwords at the next logon, so a 1 on a managed machine is also a compromise indicator.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Verdict
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

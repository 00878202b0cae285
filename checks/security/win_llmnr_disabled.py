"""win-llmnr-disabled: multicast name resolution (LLMNR) is turned off.

Policy EnableMulticast under HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient ("Turn off
multicast name resolution"): 0 turns LLMNR off. Not configured: LLMNR is on (Windows' default),
so the check fails.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import DNS_CLIENT_POLICIES, WIN_REGISTRY_POLICY, value_key

ENABLE_MULTICAST = value_key(DNS_CLIENT_POLICIES, "EnableMulticast")
RULE = Rule(ENABLE_MULTICAST, equals(0), "0", default=1)

META = CheckMeta(
    id="win-llmnr-disabled",
    title="LLMNR (multicast name resolution) is disabled",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Any machine on the subnet can answer LLMNR queries for mistyped or missing names and collect the "
        "NTLM hashes of users who then connect to it (Responder-style poisoning)."
    ),
    remediation=(
        "GPO: Computer Configuration > Administrative Templates > Network > DNS Client > 'Turn off multicast name "
        "resolution' = Enabled (EnableMulticast = 0); also disable NetBIOS over TCP/IP where possible."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Any machine on the local network can answer this machine's questions about other machines' names.",
            why="An attacker's machine can pose as a file server and collect users' password hashes.",
            fix="Switch off multicast name resolution (LLMNR).",
        ),
        fr=PlainWords(
            meaning=(
                "N'importe quelle machine du réseau local peut répondre aux questions de cette machine sur le nom "
                "des autres."
            ),
            why=(
                "La machine d'un attaquant peut se faire passer pour un serveur de fichiers et récolter les "
                "empreintes de mot de passe des utilisateurs."
            ),
            fix="Désactiver la résolution de noms multidiffusion (LLMNR).",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.1", "4.8"),
        "nist-csf-2": ("PR.PS-01", "PR.IR-01"),
        "iso27001-2022": ("A.8.20", "A.8.9"),
        "cyber-essentials": ("Secure configuration",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="LLMNR answers can be spoofed to capture credentials")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("turned off", registry_case({ENABLE_MULTICAST: 0}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("not configured (on)", registry_case(), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

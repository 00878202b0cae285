"""win-tls-legacy-disabled: TLS 1.0 and TLS 1.1 are turned off in SCHANNEL (server and client side).

Windows reads HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\<TLS 1.x>\\
<Server|Client>\\Enabled: 0 turns the protocol off for everything that uses SCHANNEL (IIS, RDP, SQL
Server, .NET, WinHTTP); DisabledByDefault = 1 alone only stops it being offered unless an
application asks for it, so this check requires Enabled = 0.

OS default when nothing is configured: TLS 1.0 and 1.1 are enabled on Windows Server 2016, 2019,
2022 and Windows 10/11 releases (Microsoft's "TLS/SSL overview (Schannel SSP)" only announces
their deprecation, starting with Windows 11 Insider builds of September 2023). auditor assumes no
build disables them by default and asks for the explicit setting, which also survives upgrades.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import WIN_REGISTRY_POLICY, schannel

PROTOCOLS = ("TLS 1.0", "TLS 1.1")
SIDES = ("Server", "Client")
RULES = tuple(
    Rule(schannel(protocol, side, "Enabled"), equals(0), "0", default=1, label=f"{protocol} {side} Enabled")
    for protocol in PROTOCOLS
    for side in SIDES
)
ALL_OFF = {rule.key: 0 for rule in RULES} | {schannel(p, s, "DisabledByDefault"): 1 for p in PROTOCOLS for s in SIDES}

META = CheckMeta(
    id="win-tls-legacy-disabled",
    title="TLS 1.0 and TLS 1.1 are disabled (SCHANNEL)",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "TLS 1.0 and 1.1 rely on outdated hashes and cipher modes (BEAST, SHA-1 based handshakes) and are "
        "deprecated by RFC 8996; leaving them on lets a downgrade weaken connections to and from the host."
    ),
    remediation=(
        "For each of TLS 1.0 and TLS 1.1, Server and Client: New-Item 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\"
        "SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server' -Force; set DWORD Enabled = 0 and "
        "DisabledByDefault = 1 "
        "(or deploy the same values by GPO registry preferences), then restart."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="Outdated versions of the encryption that protects network connections are still allowed.",
            why="A connection can be pushed down to the outdated encryption, which is easier to break.",
            fix="Switch off the outdated TLS 1.0 and 1.1 encryption versions.",
        ),
        fr=PlainWords(
            meaning="Des versions dépassées du chiffrement qui protège les connexions réseau sont encore autorisées.",
            why="Une connexion peut être forcée vers ce chiffrement dépassé, plus facile à casser.",
            fix="Désactiver les versions dépassées TLS 1.0 et 1.1 du chiffrement.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("3.10", "4.1"),
        "nist-csf-2": ("PR.DS-02",),
        "iso27001-2022": ("A.8.24", "A.8.20"),
        "cyber-essentials": ("Secure configuration",),
        "hipaa": ("164.312(e)(1)", "164.312(e)(2)(ii)"),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, RULES, why="legacy TLS is still available")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("all four disabled", registry_case(ALL_OFF), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("not configured (enabled by default)", registry_case(), Status.FAIL),
        Case(
            "server side only",
            registry_case({schannel("TLS 1.0", "Server", "Enabled"): 0, schannel("TLS 1.1", "Server", "Enabled"): 0}),
            Status.FAIL,
        ),
        Case(
            "DisabledByDefault is not enough",
            registry_case({schannel(p, s, "DisabledByDefault"): 1 for p in PROTOCOLS for s in SIDES}),
            Status.FAIL,
        ),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

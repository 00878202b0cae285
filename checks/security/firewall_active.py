"""firewall-active: inbound traffic is filtered by default.

A host firewall limits exposure to the services meant to be reachable, so a service installed or
misconfigured later is not automatically on the network. It counts as active when an nftables
input filter chain (nft or iptables-nft, which ufw and firewalld use) drops by policy, or accepts
by policy but ends with an unconditional drop/reject rule.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.firewall import FIREWALL

META = CheckMeta(
    id="firewall-active",
    title="A host firewall filters inbound traffic",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Without a default-deny inbound policy every listening service is exposed, including ones started "
        "by accident or left in a default configuration."
    ),
    remediation=(
        "Enable a default-deny input policy: e.g. nftables with 'policy drop' on the input chain allowing "
        "established traffic, loopback and the needed ports (or ufw default deny incoming && ufw enable)."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=45,
        en=PlainWords(
            meaning="No firewall stops network connections to this system.",
            why=(
                "Every service on it can be reached from the network, including ones started by mistake or left "
                "with default settings."
            ),
            fix="Turn on the firewall so that only the services the business needs can be reached.",
        ),
        fr=PlainWords(
            meaning="Aucun pare-feu ne filtre les connexions réseau vers ce système.",
            why=(
                "Tous ses services sont accessibles depuis le réseau, y compris ceux démarrés par erreur ou "
                "laissés avec leurs réglages par défaut."
            ),
            fix="Activer le pare-feu pour que seuls les services utiles à l'entreprise soient accessibles.",
        ),
    ),
    facts=(FIREWALL.name,),
    references={
        "cis-v8": ("4.4",),
        "nist-csf-2": ("PR.IR-01",),
        "iso27001-2022": ("A.8.20",),
        "cyber-essentials": ("Firewalls",),
    },
    fixes=("firewall",),
)


def evaluate(facts: Facts) -> Verdict:
    firewall = facts.get(FIREWALL)
    if not firewall.nft_available:
        if firewall.tools:
            return Verdict.cannot_assess(
                f"nft is not installed, and iptables-legacy rules are not read (found: {', '.join(firewall.tools)})"
            )
        return Verdict.failed("no firewall tooling installed (no nft, iptables, ufw or firewalld)")
    chains = firewall.input_chains
    details = tuple(
        f"{c.family} {c.table} {c.name}: policy {c.policy}, {c.rule_count} rule(s)"
        + (f", last: {c.last_rule}" if c.last_rule else "")
        for c in chains
    )
    if not chains:
        return Verdict.failed("no input filter chain: inbound traffic is not filtered")
    for chain in chains:
        if chain.policy == "drop":
            return Verdict.passed(f"input chain {chain.family} {chain.table} {chain.name} drops by default", details)
        if chain.ends_with_catch_all_drop:
            return Verdict.passed(
                f"input chain {chain.family} {chain.table} {chain.name} ends with a catch-all {chain.last_rule!r}",
                details,
            )
    return Verdict.failed("input chains accept by default and have no catch-all drop", details)


def _chain(**fields: object) -> dict[str, Any]:
    return {
        "family": "inet",
        "table": "filter",
        "name": "input",
        "type": "filter",
        "hook": "input",
        "priority": "filter",
        **fields,
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "policy drop",
            {
                "firewall": {
                    "nft_available": True,
                    "chains": [_chain(policy="drop", rule_count=7, last_rule="tcp dport 22 ct state new accept")],
                }
            },
            Status.PASS,
        ),
        Case(
            "accept with final reject",
            {
                "firewall": {
                    "nft_available": True,
                    "chains": [
                        _chain(
                            family="ip",
                            name="INPUT",
                            priority="0",
                            policy="accept",
                            rule_count=4,
                            last_rule='counter packets 0 bytes 0 log prefix "drop: " reject with icmp admin-prohibited',
                        )
                    ],
                }
            },
            Status.PASS,
        ),
        Case(
            "accept with a conditional drop only",
            {
                "firewall": {
                    "nft_available": True,
                    "chains": [_chain(policy="accept", rule_count=1, last_rule="tcp dport 23 drop")],
                }
            },
            Status.FAIL,
        ),
        Case(
            "only a nat chain",
            {
                "firewall": {
                    "nft_available": True,
                    "chains": [
                        _chain(
                            family="ip",
                            table="nat",
                            name="POSTROUTING",
                            type="nat",
                            hook="postrouting",
                            priority="srcnat",
                        )
                    ],
                }
            },
            Status.FAIL,
        ),
        Case("empty ruleset", {"firewall": {"nft_available": True}}, Status.FAIL),
        Case("no tooling at all", {"firewall": {"nft_available": False}}, Status.FAIL),
        Case(
            "iptables-legacy only",
            {"firewall": {"nft_available": False, "tools": ["iptables", "iptables-legacy"]}},
            Status.ERROR,
        ),
        Case(
            "not root",
            {"firewall": "nft list ruleset needs root (Operation not permitted (you must be root))"},
            Status.ERROR,
        ),
    ),
)

"""firewall-ipv6-filtered: inbound IPv6 is filtered as well as IPv4.

A common gap: a ruleset in the `ip` family (or iptables without ip6tables) filters IPv4 only, and
every service stays reachable over IPv6. Passes when an `inet` or `ip6` input chain drops by
default or ends with a catch-all drop; does not apply when the kernel has no IPv6.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.firewall import FIREWALL
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="firewall-ipv6-filtered",
    title="The host firewall filters inbound IPv6 too",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=("An IPv4-only ruleset leaves every listening service open over IPv6, which most networks now route."),
    remediation="Use an nftables table of family inet (covers IPv4 and IPv6) with a drop policy on its input chain.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning=(
                "The firewall only covers the older form of internet addresses and leaves the newer one (IPv6) open."
            ),
            why="Every service on the system can be reached over IPv6, which most networks now carry.",
            fix="Extend the firewall rules to cover IPv6 traffic too.",
        ),
        fr=PlainWords(
            meaning="Le pare-feu ne couvre que l'ancien format d'adresses Internet et laisse le nouveau (IPv6) ouvert.",
            why=(
                "Tous les services du système restent accessibles en IPv6, que la plupart des réseaux "
                "transportent désormais."
            ),
            fix="Étendre les règles du pare-feu au trafic IPv6.",
        ),
    ),
    facts=(FIREWALL.name, KERNEL_PARAMS.name),
    references={
        "cis-v8": ("4.4",),
        "nist-csf-2": ("PR.IR-01",),
        "iso27001-2022": ("A.8.20",),
        "cyber-essentials": ("Firewalls",),
    },
)

IPV6_KEY = "net.ipv6.conf.all.forwarding"


def evaluate(facts: Facts) -> Verdict:
    params = facts.get(KERNEL_PARAMS)
    if IPV6_KEY in params.missing:
        return Verdict.not_applicable("the kernel has no IPv6")
    firewall = facts.get(FIREWALL)
    if not firewall.nft_available:
        return Verdict.failed("no nftables: IPv6 is not filtered by an nftables ruleset")
    chains = [c for c in firewall.input_chains if c.family in ("inet", "ip6")]
    for chain in chains:
        if chain.policy == "drop" or chain.ends_with_catch_all_drop:
            return Verdict.passed(f"IPv6 filtered by {chain.family} {chain.table} {chain.name} (policy {chain.policy})")
    families = sorted({c.family for c in firewall.input_chains})
    return Verdict.failed(
        "no inet/ip6 input chain drops by default"
        + (f" (input chains only in: {', '.join(families)})" if families else " (no input chain at all)")
    )


def _chain(family: str, policy: str) -> dict[str, Any]:
    return {
        "family": family,
        "table": "filter",
        "name": "input",
        "type": "filter",
        "hook": "input",
        "priority": "filter",
        "policy": policy,
    }


_V6 = {"kernel_params": {"values": {IPV6_KEY: "0"}}}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "inet drop", {"firewall": {"nft_available": True, "chains": [_chain("inet", "drop")]}, **_V6}, Status.PASS
        ),
        Case("ip only", {"firewall": {"nft_available": True, "chains": [_chain("ip", "drop")]}, **_V6}, Status.FAIL),
        Case("no nft", {"firewall": {"nft_available": False}, **_V6}, Status.FAIL),
        Case(
            "no IPv6 in the kernel",
            {"firewall": {"nft_available": True}, "kernel_params": {"values": {}, "missing": [IPV6_KEY]}},
            Status.NOT_APPLICABLE,
        ),
    ),
)

"""network-ipv6-router-advertisements: iPv6 router advertisements are not accepted.

Net.ipv6.conf.{all,default}.accept_ra = 0 on servers with static addressing: accepted router
advertisements let anyone on the segment become the host's IPv6 default gateway. Hosts that get
their IPv6 address by SLAAC need them (set ipv6_router_advertisements_allowed=true).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, setting_text, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="network-ipv6-router-advertisements",
    title="IPv6 router advertisements are not accepted",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="A rogue router advertisement silently reroutes all IPv6 traffic of the host through the attacker.",
    remediation=(
        "Set net.ipv6.conf.all.accept_ra = 0 and net.ipv6.conf.default.accept_ra = 0 on statically addressed servers."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The system accepts route announcements from any machine on its network.",
            why="A rogue machine could silently send all of its IPv6 traffic through an attacker.",
            fix="Make this fixed-address server ignore route announcements.",
        ),
        fr=PlainWords(
            meaning="Le système accepte les annonces de route de n'importe quelle machine de son réseau.",
            why="Une machine malveillante pourrait faire passer en silence tout son trafic IPv6 par un attaquant.",
            fix="Faire ignorer les annonces de route par ce serveur à adresse fixe.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.IR-01",), "iso27001-2022": ("A.8.20",)},
)

EXPECTED = {
    "net.ipv6.conf.all.accept_ra": (equals("0"), "0"),
    "net.ipv6.conf.default.accept_ra": (equals("0"), "0"),
}


def evaluate(facts: Facts) -> Verdict:
    if setting_text(facts, "ipv6_router_advertisements_allowed", "false").lower() in ("true", "yes", "1"):
        return Verdict.passed("allowed for this host by the setting ipv6_router_advertisements_allowed")
    return sysctl_verdict(facts, EXPECTED, absent="skip")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "off",
            sysctl_case({"net.ipv6.conf.all.accept_ra": "0", "net.ipv6.conf.default.accept_ra": "0"}, []),
            Status.PASS,
        ),
        Case(
            "kernel default",
            sysctl_case({"net.ipv6.conf.all.accept_ra": "1", "net.ipv6.conf.default.accept_ra": "1"}, []),
            Status.FAIL,
        ),
        Case(
            "no IPv6",
            sysctl_case({}, ["net.ipv6.conf.all.accept_ra", "net.ipv6.conf.default.accept_ra"]),
            Status.NOT_APPLICABLE,
        ),
        Case(
            "allowed by setting",
            sysctl_case({"net.ipv6.conf.all.accept_ra": "1", "net.ipv6.conf.default.accept_ra": "1"}, []),
            Status.PASS,
            settings={"ipv6_router_advertisements_allowed": "true"},
        ),
    ),
)

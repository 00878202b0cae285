"""win-firewall-logging: Windows Firewall logs dropped packets in every profile, to a log of useful size.

LogBlocked must be True (NotConfigured is Windows' default: not logged) and the log at least
windows_firewall_log_min_kb kilobytes (default 16384, the CIS Benchmark value; Windows' default
4096 KB holds minutes of traffic on a busy server).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winseckit import FIREWALL_NOT_CONFIGURED, WINDOWS, firewall_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_firewall import PROFILES, WIN_FIREWALL

DEFAULT_MIN_KB = 16384

META = CheckMeta(
    id="win-firewall-logging",
    title="Windows Firewall logs dropped packets",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Dropped-packet logs show scans and lateral-movement attempts and are asked for in incident response; "
        "Windows does not keep them by default."
    ),
    remediation=(
        "Set-NetFirewallProfile -Profile Domain,Private,Public -LogBlocked True -LogMaxSizeKilobytes 16384, or "
        "GPO: Windows Defender Firewall with Advanced Security > Properties > each profile > Logging > Customize."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The Windows firewall keeps no record of the connections it blocks.",
            why=(
                "Blocked connections show scans and attempts to spread between machines, and investigators ask "
                "for them after an incident."
            ),
            fix="Turn on logging of blocked connections in the Windows firewall.",
        ),
        fr=PlainWords(
            meaning="Le pare-feu Windows ne garde aucune trace des connexions qu'il bloque.",
            why=(
                "Les connexions bloquées révèlent les balayages et les tentatives de propagation entre machines, "
                "et les enquêteurs les demandent après un incident."
            ),
            fix="Activer la journalisation des connexions bloquées dans le pare-feu Windows.",
        ),
    ),
    facts=(WIN_FIREWALL.name,),
    references={
        "cis-v8": ("8.2",),
        "nist-csf-2": ("DE.CM-01", "PR.PS-04"),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
    settings=(
        Setting(
            name="windows_firewall_log_min_kb",
            type=int,
            default=DEFAULT_MIN_KB,
            doc="Smallest firewall log size, in KB.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    firewall = facts.get(WIN_FIREWALL)
    minimum = setting_number(facts, "windows_firewall_log_min_kb", DEFAULT_MIN_KB)
    details = []
    bad = []
    for name in PROFILES:
        profile = firewall.profile(name)
        if profile is None:
            return Verdict.cannot_assess(f"the {name} profile was not reported")
        problems = []
        if not profile.effective_log_blocked:
            problems.append("dropped packets not logged")
        if profile.log_max_kb is not None and profile.log_max_kb < minimum:
            problems.append(f"log limited to {profile.log_max_kb} KB (want >= {minimum:g})")
        details.append(f"{name}: {'; '.join(problems) or f'logging dropped packets, {profile.log_max_kb} KB'}")
        if problems:
            bad.append(name)
    if bad:
        return Verdict.failed(f"firewall logging insufficient in the {', '.join(bad)} profile(s)", tuple(details))
    return Verdict.passed("every profile logs dropped packets", tuple(details))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_firewall/netdsc-hardened
        Case("logging on, 16 MB", firewall_case(), Status.PASS),
        # golden win_firewall/defaults-notconfigured
        Case(
            "Windows defaults",
            firewall_case(
                domain={**FIREWALL_NOT_CONFIGURED, "log_max_kb": 4096},
                private={**FIREWALL_NOT_CONFIGURED, "log_max_kb": 4096},
                public={**FIREWALL_NOT_CONFIGURED, "log_max_kb": 4096},
            ),
            Status.FAIL,
        ),
        Case("log too small", firewall_case(public={"log_max_kb": 4096}), Status.FAIL),
        Case(
            "smaller log accepted by policy",
            firewall_case(public={"log_max_kb": 4096}),
            Status.PASS,
            settings={"windows_firewall_log_min_kb": 4096},
        ),
        Case("not collected", {WIN_FIREWALL.name: "win_firewall failed: CimException: access denied"}, Status.ERROR),
    ),
)

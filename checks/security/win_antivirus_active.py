"""win-antivirus-active: an antivirus protects the Windows host in real time.

Passes when Microsoft Defender is the active antivirus (normal mode) with antivirus and real-time
protection on, or when a third-party antivirus/EDR is in charge: an enabled non-Microsoft product
registered with Windows Security Center (client editions), or a running service named in the
setting windows_edr_services (default: the services of CrowdStrike Falcon, SentinelOne, Sophos,
ESET, Trend Micro, Bitdefender, Cylance, Carbon Black, Webroot, Trellix, Cortex XDR). On servers,
where Security Center does not exist, name the MSP's agent service in that setting if it is not
in the default list. The Defender-specific checks are not applicable while a third party is in charge.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import (
    DEFENDER_PASSIVE_SOPHOS,
    DEFENDER_REMOVED_EDR,
    EDR_SERVICES,
    WINDOWS,
    defender_case,
    third_party_in_charge,
)
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_defender import WIN_DEFENDER

META = CheckMeta(
    id="win-antivirus-active",
    title="An antivirus (Defender or a third-party EDR) protects the host in real time",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Without an active antivirus, commodity malware and ransomware droppers run unchallenged; insurers "
        "and Cyber Essentials require malware protection on every Windows device."
    ),
    remediation=(
        "Turn Microsoft Defender Antivirus back on (GPO: Computer Configuration > Administrative Templates > "
        "Windows Components > Microsoft Defender Antivirus > 'Turn off Microsoft Defender Antivirus' = Disabled; "
        "Set-MpPreference -DisableRealtimeMonitoring $false) or deploy the MSP's EDR agent and, if it is not "
        "recognised, list its service name in the setting windows_edr_services."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="No antivirus is protecting this Windows machine in real time.",
            why=(
                "Common malware and ransomware run unchallenged, and insurers and certification schemes require "
                "malware protection."
            ),
            fix="Turn Microsoft Defender back on or deploy the managed antivirus agent.",
        ),
        fr=PlainWords(
            meaning="Aucun antivirus ne protège cette machine Windows en temps réel.",
            why=(
                "Les logiciels malveillants et rançongiciels courants s'exécutent sans obstacle, et assureurs "
                "comme certifications exigent une protection contre les logiciels malveillants."
            ),
            fix="Réactiver Microsoft Defender ou déployer l'agent antivirus géré.",
        ),
    ),
    facts=(WIN_DEFENDER.name,),
    references={
        "cis-v8": ("10.1",),
        "nist-csf-2": ("DE.CM-09",),
        "iso27001-2022": ("A.8.7",),
        "cyber-essentials": ("Malware protection",),
        "hipaa": ("164.308(a)(5)(ii)(B)",),
    },
    settings=(EDR_SERVICES,),
)


def evaluate(facts: Facts) -> Verdict:
    defender = facts.get(WIN_DEFENDER)
    other = third_party_in_charge(defender, facts)
    if other:
        return Verdict.passed(f"third-party antivirus {other} in charge")
    if not defender.defender_present:
        reason = defender.defender_reason or "not available"
        return Verdict.failed(f"no antivirus: Microsoft Defender unavailable ({reason}), no third-party one found")
    off = [
        label
        for label, value in (
            ("antimalware service", defender.service_enabled),
            ("antivirus", defender.antivirus_enabled),
            ("real-time protection", defender.realtime_enabled),
        )
        if value is not True
    ]
    if not defender.defender_active:
        return Verdict.failed(
            f"Microsoft Defender runs in {defender.running_mode} and no third-party antivirus was found in charge"
        )
    if off:
        return Verdict.failed(f"Microsoft Defender is not protecting the host: {', '.join(off)} off", tuple(off))
    return Verdict.passed("Microsoft Defender is active with real-time protection on")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_defender/learn-server2022-normal
        Case("Defender active", defender_case(), Status.PASS),
        Case("third-party EDR on a server", {WIN_DEFENDER.name: DEFENDER_REMOVED_EDR}, Status.PASS),
        Case("Sophos in charge, Defender passive", {WIN_DEFENDER.name: DEFENDER_PASSIVE_SOPHOS}, Status.PASS),
        Case(
            "agent named by the MSP",
            {WIN_DEFENDER.name: {**DEFENDER_REMOVED_EDR, "running_services": ["BFE", "AcmeEDRSvc"]}},
            Status.PASS,
            settings={"windows_edr_services": "AcmeEDR*"},
        ),
        Case("real-time protection off", defender_case(realtime_enabled=False), Status.FAIL),
        Case(
            "Defender removed, nothing else",
            {WIN_DEFENDER.name: {**DEFENDER_REMOVED_EDR, "running_services": ["BFE"]}},
            Status.FAIL,
        ),
        Case("Defender passive, no other product", defender_case(running_mode="Passive Mode"), Status.FAIL),
        Case("not collected", {WIN_DEFENDER.name: "win_defender failed: CimException: Access denied"}, Status.ERROR),
    ),
)

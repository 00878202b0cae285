"""win-defender-realtime: Microsoft Defender's real-time and behaviour monitoring are on.

Real-time protection scans files as they are opened and written; behaviour monitoring watches what
running programs do. Someone (or some malware) switching either off is a classic first step of an
attack. Not applicable while a third-party antivirus is in charge (see win-antivirus-active).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import DEFENDER_REMOVED_EDR, EDR_SERVICES, WINDOWS, defender_case, defender_or_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_defender import WIN_DEFENDER

META = CheckMeta(
    id="win-defender-realtime",
    title="Microsoft Defender real-time protection and behaviour monitoring are on",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "With real-time protection off, Defender only finds malware on a scheduled scan, after it has run; "
        "turning it off is a common first step of ransomware operators."
    ),
    remediation=(
        "Set-MpPreference -DisableRealtimeMonitoring $false -DisableBehaviorMonitoring $false, and remove the GPO "
        "'Microsoft Defender Antivirus > Real-time Protection > Turn off real-time protection' (set Disabled)."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Microsoft Defender's real-time protection is switched off.",
            why=(
                "Malware is then only found by a scheduled scan, after it has already run, and ransomware groups "
                "switch it off first."
            ),
            fix="Switch Defender's real-time and behaviour protection back on.",
        ),
        fr=PlainWords(
            meaning="La protection en temps réel de Microsoft Defender est désactivée.",
            why=(
                "Les logiciels malveillants ne sont alors trouvés que lors d'une analyse planifiée, après leur "
                "exécution, et les groupes de rançongiciels la coupent en premier."
            ),
            fix="Réactiver la protection en temps réel et comportementale de Defender.",
        ),
    ),
    facts=(WIN_DEFENDER.name,),
    references={
        "cis-v8": ("10.1", "10.7"),
        "nist-csf-2": ("DE.CM-09",),
        "iso27001-2022": ("A.8.7",),
        "cyber-essentials": ("Malware protection",),
        "hipaa": ("164.308(a)(5)(ii)(B)",),
    },
    settings=(EDR_SERVICES,),
)


def evaluate(facts: Facts) -> Verdict:
    defender = defender_or_verdict(facts)
    if isinstance(defender, Verdict):
        return defender
    states = (
        ("antivirus", defender.antivirus_enabled),
        ("real-time protection", defender.realtime_enabled),
        ("behaviour monitoring", defender.behavior_monitor_enabled),
    )
    shown = {True: "on", False: "off", None: "not reported"}
    details = tuple(f"{label}: {shown[value]}" for label, value in states)
    off = [label for label, value in states if value is not True]
    if off:
        return Verdict.failed(f"Defender {', '.join(off)} not on", details)
    return Verdict.passed("Defender antivirus, real-time protection and behaviour monitoring are on", details)


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_defender/learn-server2022-normal
        Case("all on", defender_case(), Status.PASS),
        Case("real-time off", defender_case(realtime_enabled=False), Status.FAIL),
        Case("behaviour monitoring off", defender_case(behavior_monitor_enabled=False), Status.FAIL),
        # golden win_defender/server-defender-removed-edr
        Case("CrowdStrike in charge", {WIN_DEFENDER.name: DEFENDER_REMOVED_EDR}, Status.NOT_APPLICABLE),
        Case("not collected", {WIN_DEFENDER.name: "win_defender failed: CimException: Access denied"}, Status.ERROR),
    ),
)

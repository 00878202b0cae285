"""win-defender-tamper-protection: Microsoft Defender's tamper protection is on.

Tamper protection stops local administrators and malware from turning Defender's protections off
(registry, Set-MpPreference, services). IsTamperProtected is reported from Defender platform
4.18.1906 on; where it is not reported (Windows Server 2016 and older platforms) the host cannot
have it and the check fails, saying so. Not applicable while a third-party antivirus is in charge.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winseckit import DEFENDER_REMOVED_EDR, EDR_SERVICES, WINDOWS, defender_case, defender_or_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_defender import WIN_DEFENDER

META = CheckMeta(
    id="win-defender-tamper-protection",
    title="Microsoft Defender tamper protection is on",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Ransomware operators disable Defender with administrative rights before encrypting; tamper protection "
        "makes those changes fail unless made through the MSP's management (Intune/Defender for Endpoint)."
    ),
    remediation=(
        "Turn on tamper protection in the Microsoft Defender portal (Settings > Endpoints > Advanced features) or "
        "Intune (Endpoint security > Antivirus > Windows Security experience > TamperProtection = On); locally, in "
        "Windows Security > Virus & threat protection settings."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Microsoft Defender's protection against being switched off is not enabled.",
            why="Ransomware groups disable the antivirus before they encrypt; tamper protection makes that fail.",
            fix="Turn on Defender tamper protection from the central management console.",
        ),
        fr=PlainWords(
            meaning="La protection de Microsoft Defender contre sa désactivation n'est pas activée.",
            why=(
                "Les groupes de rançongiciels coupent l'antivirus avant de chiffrer ; la protection contre les "
                "falsifications fait échouer cette étape."
            ),
            fix="Activer la protection contre les falsifications de Defender depuis la console de gestion centrale.",
        ),
    ),
    facts=(WIN_DEFENDER.name,),
    references={
        "cis-v8": ("10.1",),
        "nist-csf-2": ("PR.PS-01", "DE.CM-09"),
        "iso27001-2022": ("A.8.7",),
        "cyber-essentials": ("Malware protection",),
    },
    settings=(EDR_SERVICES,),
)


def evaluate(facts: Facts) -> Verdict:
    defender = defender_or_verdict(facts)
    if isinstance(defender, Verdict):
        return defender
    if defender.tamper_protected is True:
        return Verdict.passed("tamper protection is on")
    if defender.tamper_protected is False:
        return Verdict.failed("tamper protection is off")
    return Verdict.failed("Defender does not report tamper protection (platform older than 4.18.1906)")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("on", defender_case(), Status.PASS),
        # golden win_defender/pastebin-client-tamper-off
        Case("off", defender_case(tamper_protected=False), Status.FAIL),
        # golden win_defender/learn-server2022-normal: not reported
        Case("not reported", defender_case(tamper_protected=None), Status.FAIL),
        Case("CrowdStrike in charge", {WIN_DEFENDER.name: DEFENDER_REMOVED_EDR}, Status.NOT_APPLICABLE),
        Case("not collected", {WIN_DEFENDER.name: "win_defender failed: CimException: Access denied"}, Status.ERROR),
    ),
)

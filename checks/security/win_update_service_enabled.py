"""win-update-service-enabled: the Windows Update services are not disabled.

Windows Update (wuauserv) is demand- and trigger-started, so Manual and Stopped is its normal
state; only Disabled stops the machine from ever scanning or installing. The Update Orchestrator
(UsoSvc, Windows 10 / Server 2016 and later: it schedules scans and installs) and BITS (downloads)
are required too. A service the OS does not have (UsoSvc before Windows 10) is skipped; wuauserv
missing altogether fails. "Stop Windows Update by disabling the service" is a common shortcut
on servers and kiosks that quietly ends patching.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import service, services_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_services import WIN_SERVICES

REQUIRED = ("wuauserv", "UsoSvc", "BITS")

META = CheckMeta(
    id="win-update-service-enabled",
    title="Windows Update services are not disabled",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "With the Windows Update service disabled the machine never scans for or installs security updates, "
        "whatever WSUS or update policy says."
    ),
    remediation=(
        "Set-Service -Name wuauserv -StartupType Manual; Set-Service -Name BITS -StartupType Manual; find and remove "
        "the GPO, script or tool that disabled them (Computer Configuration > Windows Settings > Security Settings > "
        "System Services)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=20,
        en=PlainWords(
            meaning="The Windows Update service itself has been disabled on this system.",
            why=(
                "Whatever the update settings say, a machine with this service disabled never looks for or "
                "installs security fixes."
            ),
            fix="Re-enable the Windows Update service and remove whatever disabled it.",
        ),
        fr=PlainWords(
            meaning="Le service Windows Update lui-même a été désactivé sur ce système.",
            why=(
                "Quels que soient les réglages, une machine dont ce service est désactivé ne cherche ni "
                "n'installe jamais de correctif de sécurité."
            ),
            fix="Réactiver le service Windows Update et supprimer ce qui l'a désactivé.",
        ),
    ),
    facts=(WIN_SERVICES.name,),
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("PR.PS-02", "ID.RA-01"),
        "iso27001-2022": ("A.8.8",),
        "cyber-essentials": ("Security update management",),
        "essential-eight": ("Patch operating systems",),
        "hipaa": ("164.308(a)(5)(ii)(B)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    shown: list[str] = []
    bad: list[str] = []
    for name in REQUIRED:
        found = service(facts, name)
        if isinstance(found, Verdict):
            return found
        if not found.present and name != "wuauserv":
            continue
        shown.append(found.describe(name))
        if found.disabled:
            bad.append(found.describe(name))
    if bad:
        return Verdict.failed(f"update service(s) disabled or missing: {'; '.join(bad)}", tuple(shown))
    return Verdict.passed("Windows Update services can start", tuple(shown))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_services/server2022-default
        Case("defaults", services_case(), Status.PASS),
        Case("no UsoSvc on this release", services_case(UsoSvc=None), Status.PASS),
        # golden win_services/neglected-server2016
        Case("wuauserv disabled", services_case(wuauserv=("Disabled", "Stopped")), Status.FAIL),
        Case("BITS disabled", services_case(BITS=("Disabled", "Stopped")), Status.FAIL),
        Case("services not read", {WIN_SERVICES.name: "win_services failed: Access denied"}, Status.ERROR),
    ),
)

"""win-backup-service-running: the backup tool's service can run.

Veeam Agent for Microsoft Windows runs its scheduled jobs from the VeeamEndpointBackupSvc service:
stopped or disabled, no job starts, and nothing says so until the next restore. Windows Server
Backup's engine (wbengine) is started on demand, so it only fails when Disabled, and only where
Windows Server Backup is configured (the service exists on clients that never use it). File
History's service (fhsvc) likewise must not be Disabled where the client's policy names File
History (backup_required_tool). A tool that is not installed is not a finding here
(win-backup-tool-present covers that).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.backupkit import REQUIRED_TOOL
from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import setting_list
from auditor.checklib.winbackupkit import BACKUP_FACTS, FILE_HISTORY, required_tools, sources, wsb_configured
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_backup_services import WIN_BACKUP_SERVICES

META = CheckMeta(
    id="win-backup-service-running",
    title="Backup services are running or startable (Windows)",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "A backup agent whose service is stopped or disabled runs no scheduled job; the backup silently stops "
        "while its last success ages."
    ),
    remediation=(
        "Start the service and set it to start automatically: Set-Service VeeamEndpointBackupSvc -StartupType "
        "Automatic; Start-Service VeeamEndpointBackupSvc (wbengine / fhsvc: Manual, not Disabled)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=15,
        en=PlainWords(
            meaning="The backup program's service on this Windows system is stopped or disabled.",
            why="No scheduled backup runs while it is stopped, and nothing warns anyone.",
            fix="Start the backup service and set it to start automatically.",
        ),
        fr=PlainWords(
            meaning="Le service du logiciel de sauvegarde de ce système Windows est arrêté ou désactivé.",
            why="Aucune sauvegarde programmée ne s'exécute tant qu'il est arrêté, et rien ne prévient personne.",
            fix="Démarrer le service de sauvegarde et le régler en démarrage automatique.",
        ),
    ),
    facts=BACKUP_FACTS,
    references={
        "cis-v8": ("11.2",),
        "nist-csf-2": ("PR.DS-11",),
        "iso27001-2022": ("A.8.13",),
    },
    settings=(REQUIRED_TOOL,),
)


def evaluate(facts: Facts) -> Verdict:
    services = facts.get(WIN_BACKUP_SERVICES)
    problems = []
    checked = []
    veeam = services.get("VeeamEndpointBackupSvc")
    if veeam is not None:
        checked.append(veeam)
        if veeam.status != "Running" or veeam.start_type != "Automatic":
            problems.append(veeam.label)
    on_demand = ["VeeamBackupSvc"]
    if wsb_configured(sources(facts).wsb):
        on_demand.append("wbengine")
    if FILE_HISTORY in required_tools(setting_list(facts, "backup_required_tool")):
        on_demand.append("fhsvc")
    for name in on_demand:
        service = services.get(name)
        if service is not None:
            checked.append(service)
            if service.start_type == "Disabled":
                problems.append(service.label)
    if problems:
        return Verdict.failed(f"{len(problems)} backup service(s) stopped or disabled", tuple(problems))
    if not checked:
        return Verdict.not_applicable("no backup service in use on this host")
    return Verdict.passed("backup services can run", tuple(s.label for s in checked))


# From tests/probes/golden/win_backup_services: server-wsb-veeam, client-file-history, none.
_VEEAM_RUNNING = {"name": "VeeamEndpointBackupSvc", "status": "Running", "start_type": "Automatic"}
_WBENGINE = {"name": "wbengine", "status": "Stopped", "start_type": "Manual"}
# win_backup_wsb/network-share-last-failed: Windows Server Backup configured.
_WSB: dict[str, Any] = {"present": True, "summary": {"last_backup": "2026-01-15T01:00:00Z", "versions": 1}}
_NO_WSB = {"present": False}
_NO_VEEAM = {"service_present": False}


def _facts(services: list[dict[str, str]], wsb: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    return {
        "win_backup_services": {"services": services},
        "win_backup_wsb": wsb or _NO_WSB,
        "win_backup_veeam": {"service_present": any(s["name"] == "VeeamEndpointBackupSvc" for s in services)},
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Veeam running, wbengine on demand", _facts([_VEEAM_RUNNING, _WBENGINE], _WSB), Status.PASS),
        Case("Veeam service stopped", _facts([{**_VEEAM_RUNNING, "status": "Stopped"}, _WBENGINE]), Status.FAIL),
        Case("Veeam set to manual start", _facts([{**_VEEAM_RUNNING, "start_type": "Manual"}]), Status.FAIL),
        Case(
            "Windows Server Backup configured, its engine disabled",
            _facts([{**_WBENGINE, "start_type": "Disabled"}], _WSB),
            Status.FAIL,
        ),
        Case(
            "engine disabled on a host that never used Windows Server Backup",
            _facts([{**_WBENGINE, "start_type": "Disabled"}]),
            Status.NOT_APPLICABLE,
        ),
        Case(
            "File History required, its service disabled",
            _facts([{"name": "fhsvc", "status": "Stopped", "start_type": "Disabled"}]),
            Status.FAIL,
            settings={"backup_required_tool": "file-history"},
        ),
        Case("no backup service", _facts([]), Status.NOT_APPLICABLE),
        Case(
            "listing failed",
            {
                "win_backup_services": "backup service listing failed: access denied",
                "win_backup_wsb": _NO_WSB,
                "win_backup_veeam": _NO_VEEAM,
            },
            Status.ERROR,
        ),
    ),
)

"""win-backup-tool-present: a Windows backup tool is configured on the host.

Recognised: Windows Server Backup with at least one backup made or scheduled (the feature merely
installed does not count), Veeam Agent for Microsoft Windows (its service or its event log), and
File History with its service running (File History is configured per user, so the running
service is the machine-level sign). When the client's backup policy names a required tool
(setting backup_required_tool: veeam, wsb, file-history, or a list), that tool must be among those
found. A source that could not be read (e.g. no elevated session for wbadmin) makes a "none
found" answer could-not-assess instead of a failure.
"""

from __future__ import annotations

from auditor.checklib.backupkit import REQUIRED_TOOL, backup_references
from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import setting_list
from auditor.checklib.winbackupkit import BACKUP_FACTS, required_tools, sources, tools_found
from auditor.core.models import Category, Severity, Status

META = CheckMeta(
    id="win-backup-tool-present",
    title="A backup tool is configured (Windows)",
    category=Category.BACKUP,
    severity=Severity.HIGH,
    rationale=(
        "Data that is not backed up is lost to ransomware, disk failure or a mistaken delete; a configured backup "
        "tool on the host is the precondition for any backup."
    ),
    remediation=(
        "Configure a backup: Install-WindowsFeature Windows-Server-Backup and a schedule (wbadmin enable backup, or "
        "Windows Server Backup > Backup Schedule), or the client's agent (e.g. Veeam Agent for Microsoft Windows); "
        "if another tool backs this host up, name it in the client's policy or waive this check."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="backup",
        practice="backup",
        effort_minutes=120,
        en=PlainWords(
            meaning="No backup tool is set up on this Windows system.",
            why="A failed disk, a mistaken deletion or ransomware would mean its data is gone for good.",
            fix="Set up a backup tool with a daily schedule and an off-site copy.",
        ),
        fr=PlainWords(
            meaning="Aucun outil de sauvegarde n'est configuré sur ce système Windows.",
            why=(
                "Une panne de disque, une suppression par erreur ou un rançongiciel rendraient ses données "
                "définitivement perdues."
            ),
            fix="Configurer un outil de sauvegarde avec un calendrier quotidien et une copie externalisée.",
        ),
    ),
    facts=BACKUP_FACTS,
    references=backup_references("11.2"),
    settings=(REQUIRED_TOOL,),
)


def evaluate(facts: Facts) -> Verdict:
    src = sources(facts)
    found = tools_found(src)
    required = required_tools(setting_list(facts, "backup_required_tool"))
    if required:
        if any(tool in found for tool in required):
            return Verdict.passed(f"required backup tool present: {', '.join(t for t in required if t in found)}")
        if src.unavailable:
            return Verdict.cannot_assess(f"required tool {', '.join(required)} not seen, and some sources unreadable")
        have = f" (found: {', '.join(found)})" if found else ""
        return Verdict.failed(f"the client's required backup tool {', '.join(required)} is not configured{have}")
    if found:
        return Verdict.passed(f"backup tool(s) configured: {', '.join(found)}")
    if src.unavailable:
        return Verdict.cannot_assess(
            "no backup tool found, but not every source could be read: " + "; ".join(src.unavailable)
        )
    wsb_installed = src.wsb is not None and src.wsb.present
    note = " (Windows Server Backup is installed but has never backed up or been scheduled)" if wsb_installed else ""
    return Verdict.failed(f"no backup tool configured{note}")


# From tests/probes/golden: win_backup_wsb/not-installed and no-versions, win_backup_veeam/last-success and
# not-installed, win_backup_services/server-wsb-veeam, client-file-history and none.
_NO_WSB = {"present": False}
_WSB_UNUSED = {"present": True, "summary": {"versions": 0}, "versions_note": "ERROR - No backup was found."}
_NO_VEEAM = {"service_present": False}
_VEEAM = {
    "service_present": True,
    "service_status": "Running",
    "service_start_type": "Automatic",
    "log_present": True,
    "events": [
        {
            "time": "2026-01-15T01:14:09Z",
            "level": 4,
            "message": "Veeam Agent 'Backup Job SRV-APP01' finished with Success.",
        }
    ],
}
_SERVICES = {"services": [{"name": "VeeamEndpointBackupSvc", "status": "Running", "start_type": "Automatic"}]}
_FILE_HISTORY = {"services": [{"name": "fhsvc", "status": "Running", "start_type": "Manual"}]}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "Veeam Agent installed",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _VEEAM, "win_backup_services": _SERVICES},
            Status.PASS,
        ),
        Case(
            "File History running on a client",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _NO_VEEAM, "win_backup_services": _FILE_HISTORY},
            Status.PASS,
        ),
        Case(
            "nothing at all",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.FAIL,
        ),
        Case(
            "Windows Server Backup installed but never used",
            {"win_backup_wsb": _WSB_UNUSED, "win_backup_veeam": _NO_VEEAM, "win_backup_services": {}},
            Status.FAIL,
        ),
        Case(
            "policy requires Veeam, only File History found",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _NO_VEEAM, "win_backup_services": _FILE_HISTORY},
            Status.FAIL,
            settings={"backup_required_tool": "veeam"},
        ),
        Case(
            "policy requires Veeam and it is there",
            {"win_backup_wsb": _NO_WSB, "win_backup_veeam": _VEEAM, "win_backup_services": _SERVICES},
            Status.PASS,
            settings={"backup_required_tool": "veeam"},
        ),
        Case(
            "nothing found, but wbadmin needed elevation",
            {
                "win_backup_wsb": "Windows Server Backup failed: UnauthorizedAccessException: Access is denied.",
                "win_backup_veeam": _NO_VEEAM,
                "win_backup_services": {},
            },
            Status.ERROR,
        ),
    ),
)

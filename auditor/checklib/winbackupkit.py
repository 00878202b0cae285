"""What the Windows backup checks share: the tools found and their backup runs, across sources.

Sources (each a probe that may be unavailable on its own, e.g. without an elevated session):
Windows Server Backup (win_backup_wsb: Get-WBSummary and wbadmin's versions), Veeam Agent for
Windows (win_backup_veeam: its service and job-result events) and File History (its service in
win_backup_services). A check asks `sources(facts)` and gets what was readable and, separately, why
the rest was not, so it can pass on the evidence it has and say "could not assess" only when the
missing source could have changed the answer. Pure functions over parsed facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from auditor.checklib.checkdef import Facts, FactUnavailable
from auditor.probes.base import FactModel, Probe
from auditor.probes.win_backup_services import WIN_BACKUP_SERVICES, WinBackupServices
from auditor.probes.win_backup_veeam import WIN_BACKUP_VEEAM, WinBackupVeeam
from auditor.probes.win_backup_wsb import WIN_BACKUP_WSB, WinBackupWsb

WSB = "Windows Server Backup"
VEEAM = "Veeam Agent"
FILE_HISTORY = "File History"
# Names a client's policy may use in backup_required_tool for each tool (lower case).
TOOL_ALIASES = {
    WSB: ("wsb", "wbadmin", "windows-server-backup", "windows server backup"),
    VEEAM: ("veeam", "veeam-agent", "veeam agent"),
    FILE_HISTORY: ("file-history", "filehistory", "file history"),
}
FactT = TypeVar("FactT", bound=FactModel)
BACKUP_FACTS = (WIN_BACKUP_WSB.name, WIN_BACKUP_VEEAM.name, WIN_BACKUP_SERVICES.name)


@dataclass(frozen=True)
class Sources:
    wsb: WinBackupWsb | None
    veeam: WinBackupVeeam | None
    services: WinBackupServices | None
    unavailable: tuple[str, ...]  # "win_backup_wsb: <reason>" for each source that could not be read


@dataclass(frozen=True)
class Run:
    """One finished backup run (or the latest known state of a tool)."""

    tool: str
    time: datetime  # UTC
    succeeded: bool
    detail: str


def _read(facts: Facts, probe: Probe[FactT], unavailable: list[str]) -> FactT | None:
    try:
        return facts.get(probe)
    except FactUnavailable as exc:
        unavailable.append(f"{probe.name}: {exc}")
        return None


def sources(facts: Facts) -> Sources:
    unavailable: list[str] = []
    return Sources(
        wsb=_read(facts, WIN_BACKUP_WSB, unavailable),
        veeam=_read(facts, WIN_BACKUP_VEEAM, unavailable),
        services=_read(facts, WIN_BACKUP_SERVICES, unavailable),
        unavailable=tuple(unavailable),
    )


def wsb_configured(wsb: WinBackupWsb | None) -> bool:
    """The feature is installed and has made or scheduled a backup (installed alone proves nothing)."""
    if wsb is None or not wsb.present:
        return False
    summary = wsb.summary
    return bool(wsb.versions) or (
        summary is not None
        and (bool(summary.versions) or summary.next_backup is not None or summary.last_backup is not None)
    )


def tools_found(src: Sources) -> tuple[str, ...]:
    found = []
    if wsb_configured(src.wsb):
        found.append(WSB)
    if src.veeam is not None and src.veeam.installed:
        found.append(VEEAM)
    file_history = src.services.get("fhsvc") if src.services is not None else None
    if file_history is not None and file_history.status == "Running":
        found.append(FILE_HISTORY)
    return tuple(found)


def required_tools(names: Iterable[str]) -> tuple[str, ...]:
    """Map a policy's backup_required_tool names to the tool names above (unknown names kept as given)."""
    result = []
    for name in names:
        lowered = name.strip().lower()
        tool = next((tool for tool, aliases in TOOL_ALIASES.items() if lowered in aliases), name)
        result.append(tool)
    return tuple(result)


def successful_runs(src: Sources) -> tuple[Run, ...]:
    """Successful runs, newest first: WSB's last successful backup and versions, Veeam's Success/Warning sessions."""
    runs: list[Run] = []
    if src.wsb is not None and src.wsb.present:
        summary = src.wsb.summary
        if summary is not None and summary.last_success is not None:
            target = f" to {summary.last_target}" if summary.last_target else ""
            runs.append(Run(WSB, summary.last_success, True, f"last successful backup{target}"))
        for version in src.wsb.versions:
            if version.utc is not None:
                runs.append(Run(WSB, version.utc, True, f"version {version.identifier} on {version.target}"))
    if src.veeam is not None:
        for event in src.veeam.events:
            if event.result in ("Success", "Warning"):
                runs.append(Run(VEEAM, event.time, True, f"job finished with {event.result}"))
    return tuple(sorted(runs, key=lambda run: run.time, reverse=True))


def last_results(src: Sources) -> tuple[Run, ...]:
    """The latest finished run of each tool that records failures too (WSB summary, Veeam events)."""
    results: list[Run] = []
    summary = src.wsb.summary if src.wsb is not None else None
    if summary is not None and summary.last_backup is not None:
        ok = summary.last_result_hr == 0
        code = f"HRESULT 0x{(summary.last_result_hr or 0) & 0xFFFFFFFF:08X}"
        results.append(Run(WSB, summary.last_backup, ok, "succeeded" if ok else f"failed ({code})"))
    if src.veeam is not None and src.veeam.last_job is not None:
        job = src.veeam.last_job
        detail = f"finished with {job.result}" + (f": {job.message}" if job.message and job.result != "Success" else "")
        results.append(Run(VEEAM, job.time, job.result in ("Success", "Warning"), detail))
    return tuple(results)


def age_hours(now: datetime, then: datetime) -> float:
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    return (now - then).total_seconds() / 3600

"""The audit pipeline: inventory -> transport -> collect -> evaluate -> store, host by host.

Only `audit_host` touches the network (through the transport). Hosts run concurrently on a
bounded thread pool; each finished host is evaluated and handed to `on_host` (the store) at
once, so a run stopped halfway keeps every host finished so far and memory does not hold the
fleet's raw output.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from auditor.checklib.checkdef import Check, Facts
from auditor.checklib.settings import SETTING_PREFIX
from auditor.checklib.sudoers import least_privilege, sudo_prefix
from auditor.collect.powershell import build_ps_script, collector_shell
from auditor.collect.script import SECTION_LIMIT, Section, build_script, exit_status_of, new_nonce, split_output
from auditor.core.errors import StoreError
from auditor.core.runmodel import Evidence, HostReport
from auditor.core.vulnmodel import UpdateIntel
from auditor.evaluate.engine import evaluate_host
from auditor.inventory import Host
from auditor.probes.base import Probe
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.text import clip
from auditor.probes.win_os import WIN_OS
from auditor.store.database import Store
from auditor.transport.base import CommandResult, ErrorKind, Transport, TransportError
from auditor.transport.choose import transport_view
from auditor.transport.windows import bootstrap_command

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def host_settings(host: Host) -> dict[str, Any]:
    """Policy values for checks, from inventory vars named auditor_* (e.g. auditor_backup_max_age_hours)."""
    return {
        key.removeprefix(SETTING_PREFIX): value for key, value in host.vars.items() if key.startswith(SETTING_PREFIX)
    }


def _base(host: Host, started: datetime, finished: datetime) -> dict[str, Any]:
    return {
        "name": host.name,
        "client": host.client,
        "address": host.address,
        "port": host.port,
        "user": host.user,
        "become": host.become,
        "groups": list(host.groups),
        "settings": host_settings(host),
        "started_at": started,
        "finished_at": finished,
    }


def host_probes(host: Host, probes: Sequence[Probe[Any]]) -> list[Probe[Any]]:
    """The probes a host's collector runs: the PowerShell ones on Windows, the sh ones elsewhere,
    always with the host's identity probe (os_release or win_os), which applicability rests on."""
    shell = collector_shell(host)
    chosen = [probe for probe in probes if probe.shell == shell]
    identity = WIN_OS if shell == "powershell" else OS_RELEASE
    if all(probe.name != identity.name for probe in chosen):
        chosen.insert(0, identity)
    return chosen


def error_report(host: Host, *, kind: str, reason: str, started: datetime, finished: datetime) -> HostReport:
    """The report of a host that could not be assessed: its identity and the reason, never a pass."""
    return HostReport(**_base(host, started, finished), assessed=False, error_kind=kind, error=reason)


def collector_script(host: Host, probes: Sequence[Probe[Any]], *, nonce: str) -> str:
    """The script for one host; in least-privilege mode only the marked commands go through sudo.

    Windows hosts (see auditor.transport.windows.is_windows) get the PowerShell collector of their probes.
    """
    if collector_shell(host) == "powershell":
        return build_ps_script(host_probes(host, probes), nonce=nonce)
    return build_script(host_probes(host, probes), nonce=nonce, sudo=sudo_prefix(host) if least_privilege(host) else "")


def audit_host(
    host: Host,
    *,
    transport: Transport,
    probes: Sequence[Probe[Any]],
    checks: Sequence[Check],
    probe_registry: Mapping[str, Probe[Any]],
    first_seen: Mapping[str, datetime] | None = None,
    clock: Clock = utc_now,
    nonce: str | None = None,
    intel: Callable[[Facts], Mapping[str, UpdateIntel]] | None = None,
) -> HostReport:
    """Collect one host in one exec and evaluate it; any failure becomes an error report, never a pass.

    `nonce` is given when the script was sent beforehand by a batch transport (Ansible): the
    script is rebuilt from it, identically, and the transport hands back that host's result.
    """
    started = clock()
    nonce = nonce or new_nonce()
    probes = host_probes(host, probes)
    script = collector_script(host, probes, nonce=nonce)
    try:
        result = transport.run_script(transport_view(host), script)
    except TransportError as exc:
        return error_report(host, kind=exc.kind, reason=exc.reason, started=started, finished=clock())
    finished = clock()
    # only bounded slices of the raw output are ever decoded or copied (see split_output)
    sections, done = split_output(result.stdout, result.stderr, probes=probes, nonce=nonce)
    stderr = result.stderr[:SECTION_LIMIT].decode("utf-8", errors="replace")
    truncated = {name: section.dropped for name, section in sections.items() if section.dropped}
    whole = done and all(probe.name in sections and sections[probe.name].complete for probe in probes)
    if not whole:
        # A collector that never printed its end marker (exited early, lost its connection, timed
        # out, flooded us), or whose sections did not all close, gave no reliable picture: not
        # assessed, with what did arrive as evidence.
        kind, reason = _unfinished_reason(host, result, stderr, sections=sections, probes=probes, done=done)
        collector = Evidence(
            probe="collector",
            command=bootstrap_command() if collector_shell(host) == "powershell" else "/bin/sh -s",
            stdout="" if sections else result.stdout[:SECTION_LIMIT].decode("utf-8", errors="replace"),
            stderr="" if sections else stderr,
            exit_status=exit_status_of(result.exit_status),
            complete=False,
        )
        if not sections and len(result.stdout) + len(result.stderr) > 2 * SECTION_LIMIT:
            truncated["collector"] = len(result.stdout) + len(result.stderr) - len(collector.stdout) - len(stderr)
        return HostReport(
            **_base(host, started, finished),
            assessed=False,
            error_kind=kind,
            error=reason,
            evidence=[collector, *_evidence(probes, sections)] if sections else [collector],
            truncated_evidence=truncated,
        )
    evidence = _evidence(probes, sections)
    evaluation = evaluate_host(
        evidence,
        checks=checks,
        probes=probe_registry,
        now=finished,
        settings=host_settings(host),
        first_seen=first_seen,
        truncated=truncated,
        intel=intel,
    )
    os_release = evaluation.os_release
    if os_release is None:
        # without an identity no check can decide whether it applies: every verdict would be an error
        unknown = next((r.message for r in evaluation.results if r.message.startswith("operating system")), "")
        return HostReport(
            **_base(host, started, finished),
            assessed=False,
            error_kind=ErrorKind.PROTOCOL,
            error=f"the host's operating system could not be identified: {unknown or 'no identity probe output'}",
            evidence=evidence,
            truncated_evidence=truncated,
        )
    return HostReport(
        **_base(host, started, finished),
        assessed=True,
        os_id=os_release.id if os_release else None,
        os_version=os_release.version_id if os_release else None,
        os_family=os_release.family if os_release else None,
        os_pretty=os_release.pretty_name if os_release else None,
        evidence=evidence,
        results=evaluation.results,
        pending_updates=evaluation.pending_updates,
        truncated_evidence=truncated,
    )


def _evidence(probes: Sequence[Probe[Any]], sections: Mapping[str, Section]) -> list[Evidence]:
    """Each probe's raw output as evidence; a probe whose section never arrived is recorded empty."""
    evidence = []
    for probe in probes:
        section = sections.get(probe.name)
        if section is None:
            evidence.append(
                Evidence(probe=probe.name, command=probe.command, stdout="", stderr="", exit_status=-1, complete=False)
            )
            continue
        output = section.output
        evidence.append(
            Evidence(
                probe=probe.name,
                command=probe.command,
                stdout=output.stdout,
                stderr=output.stderr,
                exit_status=output.exit_status,
                complete=section.complete,
            )
        )
    return evidence


def _unfinished_reason(
    host: Host,
    result: CommandResult,
    stderr: str,
    *,
    sections: Mapping[str, Section],
    probes: Sequence[Probe[Any]],
    done: bool,
) -> tuple[ErrorKind, str]:
    """Why a collector did not finish, in one line: cut off, timed out, or ended early (and how)."""
    if not sections and not result.output_limited:
        return _no_output_reason(host, result.exit_status, stderr, timed_out=result.timed_out)
    finished = sum(1 for section in sections.values() if section.complete)
    progress = f"after {finished} of {len(probes)} probes"
    if result.output_limited:
        return ErrorKind.PROTOCOL, f"the host printed more than the output limit; the collector was cut off {progress}"
    if result.timed_out:
        return ErrorKind.TIMEOUT, f"the collector timed out {progress}"
    ending = (
        "the connection closed without an exit status"
        if result.exit_status < 0
        else f"exit {exit_status_of(result.exit_status)}"
    )
    first_line = _first_line(stderr)
    detail = f": {first_line}" if first_line else ""
    if done:
        return (
            ErrorKind.PROTOCOL,
            f"the collector's output is malformed: {len(probes) - finished} of {len(probes)} sections did not close",
        )
    return ErrorKind.PROTOCOL, f"the collector stopped {progress} without its end marker ({ending}){detail}"


def _no_output_reason(host: Host, exit_status: int, stderr: str, *, timed_out: bool) -> tuple[ErrorKind, str]:
    first_line = _first_line(stderr)
    if timed_out:
        return ErrorKind.TIMEOUT, "the collector timed out before printing anything"
    if host.become and first_line.startswith("sudo"):
        return ErrorKind.BECOME, f"become ({host.become_user}) failed: {first_line}"
    detail = first_line or "no output"
    return ErrorKind.PROTOCOL, f"the collector produced no usable output (exit {exit_status_of(exit_status)}): {detail}"


def _first_line(stderr: str) -> str:
    """The first line of stderr that is not one of the collector's own section markers, as a short
    printable line: it becomes the host's error reason, shown on terminals and in every report."""
    return clip(next((line for line in stderr.splitlines() if line.strip() and "AUDITOR-" not in line), ""), 200)


def store_host(store: Store, run_id: str, report: HostReport, *, note: Callable[[str], None]) -> HostReport:
    """Store one host; if its report cannot be stored, store it as could-not-assess instead, so
    that one host's unstorable output never costs the other hosts their results. Returns what
    was stored. A store that refuses even that (disk full, connection lost) ends the run."""
    try:
        return store.add_host(run_id, report)
    except StoreError as exc:
        note(f"could not store {report.name}: {exc}")
        report = error_report_of(report, kind="store", reason=f"its results could not be stored: {exc}")
        return store.add_host(run_id, report)


def error_report_of(report: HostReport, *, kind: str, reason: str) -> HostReport:
    """The could-not-assess report of a host whose report exists but cannot be used."""
    return report.model_copy(
        update={
            "assessed": False,
            "error_kind": kind,
            "error": reason,
            "evidence": [],
            "results": [],
            "pending_updates": [],
            "settings": {},
        }
    )


def audit_hosts(
    hosts: Sequence[Host],
    *,
    forks: int,
    audit: Callable[[Host], HostReport],
    on_host: Callable[[HostReport], None],
    clock: Clock = utc_now,
    on_interrupt: Callable[[], None] | None = None,
) -> None:
    """Run `audit` over hosts on at most `forks` threads, handing each report to `on_host` as it lands.

    Hosts are submitted as slots free up (at most 2 x forks queued), and a report is dropped once
    handed on, so memory holds a bounded number of hosts' raw output whatever the fleet size.
    `on_host` runs in the calling thread, so it may use a non-thread-safe store. On Ctrl-C,
    `on_interrupt` (the transport's cancel) cuts the running hosts short, hosts not started are
    never started, the running ones are handed on as they end (as interrupted), and
    KeyboardInterrupt propagates.
    """
    workers = max(1, forks)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="auditor-host")
    queue = iter(hosts)
    running: set[concurrent.futures.Future[HostReport]] = set()

    def fill() -> None:
        while len(running) < 2 * workers:
            host = next(queue, None)
            if host is None:
                return
            running.add(pool.submit(guarded, audit, host, clock))

    try:
        fill()
        while running:
            done, _ = concurrent.futures.wait(running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                running.discard(future)
                on_host(future.result())
            fill()
    except KeyboardInterrupt:
        if on_interrupt is not None:
            on_interrupt()
        # wait for the running hosts only when they can be cut short (a batch transport cannot)
        pool.shutdown(wait=on_interrupt is not None, cancel_futures=True)
        for future in running:
            if future.done() and not future.cancelled():
                on_host(future.result())
        raise
    except BaseException:
        if on_interrupt is not None:
            on_interrupt()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def guarded(audit: Callable[[Host], HostReport], host: Host, clock: Clock) -> HostReport:
    started = clock()
    try:
        return audit(host)
    except Exception as exc:  # a bug for one host must not end the run or read as a pass
        return HostReport(
            **_base(host, started, clock()),
            assessed=False,
            error_kind="internal",
            error=f"internal error auditing this host: {type(exc).__name__}: {exc}",
        )

"""The end-of-run summary's figures: per-client rollup, waivers, and why checks could not be assessed.

"error 31" on a host says nothing a technician can act on; most such errors share a few causes,
and the commonest is a probe that needs root on a host audited without become. Errors are grouped
by cause, biggest group first, so the summary says "29 checks need root: set become, ..." once
instead of 29 lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from auditor.core.models import Status
from auditor.core.runmodel import CheckResult, HostReport
from auditor.probes.registry import probe_registry
from auditor.report.data import ReportView

NEEDS_ROOT = "need root: set become, or use --least-privilege with the `auditor sudoers` allowlist"
REASON_CHARS = 160


@dataclass(frozen=True)
class WaiverCounts:
    """Findings a current waiver covers, and failures whose waiver has expired (they count again)."""

    waived: int
    expired: int


def waiver_counts(view: ReportView) -> WaiverCounts:
    results = [result for host in view.hosts for result in (f.result for f in host.findings)]
    waived = sum(result.status is Status.WAIVED for result in results)
    expired = sum(result.waiver is not None and result.waiver.expired for result in results)
    return WaiverCounts(waived=waived, expired=expired)


def _cause(host: HostReport, result: CheckResult, root_probes: frozenset[str]) -> str:
    if not host.become and root_probes.intersection(result.facts):
        return NEEDS_ROOT
    reason = " ".join(result.message.split())
    return reason[:REASON_CHARS] + ("..." if len(reason) > REASON_CHARS else "")


def error_causes(view: ReportView, *, limit: int = 5) -> list[tuple[int, str]]:
    """(number of checks, cause) for the checks that could not be assessed on assessed hosts,
    biggest group first; unreachable hosts are reported on their own."""
    root_probes = frozenset(name for name, probe in probe_registry().items() if probe.needs_root)
    causes = Counter(
        _cause(host.host, finding.result, root_probes)
        for host in view.hosts
        if host.host.assessed
        for finding in host.findings
        if finding.result.status is Status.ERROR
    )
    return [(count, cause) for cause, count in causes.most_common(limit)]

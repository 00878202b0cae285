"""Evidence for every verdict of a host: the probes its results rest on, each once, and each check's rule.

An auditor verifies a pass the way they verify a failure: from the command that ran, what it
printed, its exit code and when it was collected, read against the check's decision. So every
applicable result (pass, fail, error, waived) points at its evidence. Several checks often rest on
one probe (sshd -T feeds a dozen SSH checks), so a host section shows each probe's output once and
the other results link to it: that is what keeps a thousand-host page within its size budget.
Not-applicable results (another OS kind, a component the host does not have) rest on nothing an
auditor samples; a host section counts them instead of listing them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from auditor.core.models import Status
from auditor.core.runmodel import CheckInfo, CheckResult, Evidence

if TYPE_CHECKING:
    from auditor.report.data import Finding, HostView, ReportView

# The statuses a host section shows with their evidence, in the order they are listed.
VERDICT_STATUSES = (Status.FAIL, Status.ERROR, Status.WAIVED, Status.PASS)


def decision_rule(check: CheckInfo | None, result: CheckResult | None = None) -> str:
    """The check's decision in one sentence: its own rule, else its title read as what a pass asserts.

    Every check title states the desired state ("SSH password authentication is disabled"), so the
    fallback is exact about what was judged even where the metadata does not draw the line in words.
    """
    if check is not None and check.rule:
        return check.rule
    title = check.title if check is not None else result.title if result is not None else "the check's condition"
    return (
        f"Passes when the evidence shows \u201c{title.rstrip('.')}\u201d; fails when it shows otherwise; "
        "error (not assessed) when it could not be collected or read."
    )


def applicable(host: HostView) -> tuple[Finding, ...]:
    """The host's results that gave or owed a verdict (everything but not applicable), worst first."""
    return tuple(f for f in host.findings if f.result.status is not Status.NOT_APPLICABLE)


def passed(host: HostView) -> tuple[Finding, ...]:
    return tuple(f for f in host.findings if f.result.status is Status.PASS)


def not_applicable_count(host: HostView) -> int:
    return sum(1 for f in host.findings if f.result.status is Status.NOT_APPLICABLE)


def first_shown(host: HostView) -> set[tuple[str, str]]:
    """(check id, probe) pairs whose evidence a host section shows in full: each probe once.

    The first applicable result shown (failures come first) shows a probe's output; the others
    link to it.
    """
    shown: set[str] = set()
    first: set[tuple[str, str]] = set()
    for finding in host.findings:
        if finding.result.status not in VERDICT_STATUSES:
            continue
        for item in finding.evidence:
            if item.probe not in shown:
                shown.add(item.probe)
                first.add((finding.result.check_id, item.probe))
    return first


def verdict_evidence(host: HostView, statuses: Collection[Status] = VERDICT_STATUSES) -> list[Evidence]:
    """The evidence a host's verdicts rest on, each probe once: failures' probes first, then the passes'.

    `statuses` narrows the verdicts: the client page shows only what needs attention.
    """
    seen: dict[str, Evidence] = {}
    for finding in host.findings:
        if finding.result.status in statuses:
            for item in finding.evidence:
                seen.setdefault(item.probe, item)
    return list(seen.values())


def pass_groups(host: HostView) -> list[tuple[tuple[str, ...], list[Finding]]]:
    """A host's passes grouped by the probes they rest on (big reports link each group's evidence once)."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in passed(host):
        groups.setdefault(tuple(item.probe for item in finding.evidence), []).append(finding)
    return sorted(groups.items())


class CommandIndex:
    """Each distinct probe command of a run once, for big reports.

    A probe's command is the same constant body on every host of a kind, and it was the largest
    part of a thousand-host page when each host section repeated it; big reports print each
    distinct command once (section "Probe commands") and each evidence block links to it.
    """

    def __init__(self, hosts: Iterable[HostView]) -> None:
        self._anchors: dict[tuple[str, str], str] = {}
        self._per_probe: dict[str, int] = {}
        for host in hosts:
            for item in host.host.evidence:
                key = (item.probe, item.command)
                if key not in self._anchors:
                    n = self._per_probe.get(item.probe, 0) + 1
                    self._per_probe[item.probe] = n
                    self._anchors[key] = f"cmd-{item.probe}" + (f"-{n}" if n > 1 else "")

    def anchor(self, item: Evidence) -> str:
        return self._anchors[(item.probe, item.command)]

    def entries(self) -> list[tuple[str, str, str]]:
        """(anchor, probe, command), by probe."""
        return sorted((anchor, probe, command) for (probe, command), anchor in self._anchors.items())


def command_index(view: ReportView) -> CommandIndex:
    return CommandIndex(view.hosts)

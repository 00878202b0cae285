"""The framework view of a run: every requirement with its title, its checks and a verdict.

Titles, versions and sources come from the framework files (auditor/data/frameworks, read by
auditor.checklib.frameworks); which checks assess a requirement comes from the run's own check
metadata (CheckInfo.references as it was when the run was made), so a stored run is judged by the
checks that ran. Every requirement of a framework is listed: one no check maps to is "not covered",
its state unknown and never counted as met.

A requirement's verdict over a set of hosts reads the results of its checks (not-applicable
results say nothing): met when every verdict passed and nothing is owed (no error, no unreachable
host); not met when nothing passed; partly otherwise. A waived result is an accepted risk, not a
met requirement. The share met is met requirements over all requirements of the framework.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from auditor.checklib.checkdef import FRAMEWORKS
from auditor.checklib.frameworks import Framework, framework_files, load_framework
from auditor.core.models import Status

if TYPE_CHECKING:
    from auditor.report.data import HostView, ReportView

Verdict = Literal["met", "partly", "not met", "not assessed", "not covered"]
VERDICTS: tuple[Verdict, ...] = ("met", "partly", "not met", "not assessed", "not covered")
NOT_IN_FILE = "(not in the framework file)"
_COUNTED = (Status.PASS, Status.FAIL, Status.ERROR, Status.WAIVED)


@dataclass(frozen=True)
class RequirementRow:
    """One requirement across the fleet."""

    id: str
    title: str
    group: str
    checks: tuple[str, ...]
    verdict: Verdict
    counts: Mapping[Status, int]  # the mapped checks' results on assessed hosts
    not_assessed: int  # mapped checks owed by hosts that could not be reached

    def count(self, status: Status) -> int:
        return self.counts.get(status, 0)


@dataclass(frozen=True)
class Share:
    """How many requirements of one framework have each verdict, for one client or the fleet."""

    scope: str
    verdicts: Mapping[Verdict, int]
    total: int

    def count(self, verdict: Verdict) -> int:
        return self.verdicts.get(verdict, 0)

    @property
    def met_pct(self) -> float | None:
        return 100.0 * self.count("met") / self.total if self.total else None


@dataclass(frozen=True)
class FrameworkView:
    id: str
    name: str
    version: str
    source: str
    url: str
    requirements: tuple[RequirementRow, ...]
    fleet: Share
    clients: tuple[Share, ...]


def verdict_of(checks: Iterable[str], counts: Mapping[Status, int], owed: int) -> Verdict:
    """The verdict of one requirement from its checks' results (`owed`: checks no host could run)."""
    if not tuple(checks):
        return "not covered"
    passed, failed = counts.get(Status.PASS, 0), counts.get(Status.FAIL, 0) + counts.get(Status.WAIVED, 0)
    unknown = counts.get(Status.ERROR, 0) + owed
    if passed + failed == 0:
        return "not assessed"
    if passed == 0:
        return "not met"
    return "met" if failed + unknown == 0 else "partly"


def framework_views(view: ReportView, *, files: Iterable[Framework] | None = None) -> list[FrameworkView]:
    """Every framework a check of the run maps to, in FRAMEWORKS order, with every one of its requirements."""
    mapped = _mapping(view)
    frameworks = {f.id: f for f in (files if files is not None else _framework_files())}
    per_client = {client.name: _client_counts(client.hosts) for client in view.clients}
    owed = {client.name: sum(1 for h in client.hosts if not h.host.assessed) for client in view.clients}
    order = {name: index for index, name in enumerate(FRAMEWORKS)}
    views = []
    for ident in sorted(mapped, key=lambda name: (order.get(name, len(order)), name)):
        framework = frameworks.get(ident)
        rows = _rows(framework, mapped[ident])
        fleet_rows, client_shares = [], []
        for client, counts in per_client.items():
            verdicts = [_judged(row, counts, owed[client]) for row in rows]
            client_shares.append(_share(client, (verdict for verdict, _, _ in verdicts), len(rows)))
            fleet_rows.append(verdicts)
        requirements = tuple(_fleet_row(row, [client[i] for client in fleet_rows]) for i, row in enumerate(rows))
        views.append(
            FrameworkView(
                id=ident,
                name=framework.name if framework else ident,
                version=framework.version if framework else "",
                source=framework.source if framework else "no framework file: requirement titles unknown",
                url=framework.url if framework else "",
                requirements=requirements,
                fleet=_share("fleet", (row.verdict for row in requirements), len(requirements)),
                clients=tuple(client_shares),
            )
        )
    return views


def _framework_files() -> list[Framework]:
    """The shipped framework files, read one by one: a stored run is rendered even when one is unreadable."""
    from auditor.checklib.frameworks import FrameworkError

    loaded = []
    for path in framework_files():
        try:
            loaded.append(load_framework(path))
        except FrameworkError:
            continue
    return loaded


def _mapping(view: ReportView) -> dict[str, dict[str, list[str]]]:
    """framework -> requirement -> the run's checks that name it in their references."""
    mapped: dict[str, dict[str, list[str]]] = {}
    for check in view.checks.values():
        for framework, requirements in check.references.items():
            for requirement in requirements:
                mapped.setdefault(framework, {}).setdefault(requirement, []).append(check.id)
    return mapped


@dataclass(frozen=True)
class _Row:
    id: str
    title: str
    group: str
    checks: tuple[str, ...]


def _rows(framework: Framework | None, mapped: Mapping[str, list[str]]) -> list[_Row]:
    """Every requirement of the file in its order, then references the file does not define."""
    rows = []
    known = set()
    if framework is not None:
        for requirement in framework.requirements:
            known.add(requirement.id)
            checks = tuple(sorted(mapped.get(requirement.id, ())))
            rows.append(_Row(requirement.id, requirement.title, requirement.group, checks))
    for ident in sorted(set(mapped) - known, key=_natural_key):
        rows.append(_Row(ident, NOT_IN_FILE, "", tuple(sorted(mapped[ident]))))
    return rows


def _client_counts(hosts: Iterable[HostView]) -> dict[str, dict[Status, int]]:
    """check id -> status -> results on one client's assessed hosts."""
    counts: dict[str, dict[Status, int]] = {}
    for host in hosts:
        for finding in host.findings:
            status = finding.result.status
            if status in _COUNTED:
                per = counts.setdefault(finding.result.check_id, {})
                per[status] = per.get(status, 0) + 1
    return counts


_Judged = tuple[Verdict, dict[Status, int], int]  # verdict, results of the mapped checks, checks owed


def _judged(row: _Row, counts: Mapping[str, Mapping[Status, int]], unreachable: int) -> _Judged:
    totals = {status: sum(counts.get(check, {}).get(status, 0) for check in row.checks) for status in _COUNTED}
    owed = unreachable * len(row.checks)
    return verdict_of(row.checks, totals, owed), totals, owed


def _fleet_row(row: _Row, per_client: list[_Judged]) -> RequirementRow:
    counts = {status: sum(totals.get(status, 0) for _, totals, _ in per_client) for status in _COUNTED}
    owed = sum(owed for _, _, owed in per_client)
    return RequirementRow(
        id=row.id,
        title=row.title,
        group=row.group,
        checks=row.checks,
        verdict=verdict_of(row.checks, counts, owed),
        counts=counts,
        not_assessed=owed,
    )


def _share(scope: str, verdicts: Iterable[Verdict], total: int) -> Share:
    tally: dict[Verdict, int] = dict.fromkeys(VERDICTS, 0)
    for verdict in verdicts:
        tally[verdict] += 1
    return Share(scope=scope, verdicts=tally, total=total)


def _natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """'3.3' < '11.2' and 'A.5.17' < 'A.8.2': digits compare as numbers."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower()) for part in parts if part)

"""Drift between two stored runs: new, regressed, resolved and still-open findings, hosts
added and removed, and score changes. Pure: runs and finding history in, a RunDiff out.

"New" means the finding was first seen after the base run started; "regressed" means it had
been seen (and resolved) before and fails again. That needs the finding history from the store,
because two runs alone cannot tell a first failure from a relapse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from auditor.config.scoring import ScoringConfig
from auditor.core.models import Severity, Status
from auditor.core.runmodel import CheckResult, Run
from auditor.evaluate.score import HostScore, rollup, score_host
from auditor.store.lifecycle import FAILING, FindingState

FindingKey = tuple[str, str, str]  # client, host, check id


@dataclass(frozen=True)
class FindingChange:
    client: str
    host: str
    check_id: str
    title: str
    severity: Severity
    before: Status | None
    after: Status | None
    first_seen: datetime | None


@dataclass(frozen=True)
class ScoreChange:
    scope: str  # fleet, client or host
    name: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class RunDiff:
    base_id: str
    head_id: str
    base_started_at: datetime
    head_started_at: datetime
    new: tuple[FindingChange, ...]
    regressed: tuple[FindingChange, ...]
    resolved: tuple[FindingChange, ...]
    still_open: tuple[FindingChange, ...]
    hosts_added: tuple[str, ...]
    hosts_removed: tuple[str, ...]
    score_changes: tuple[ScoreChange, ...]
    # hosts of the base run that a limited head run (--limit) did not audit: absent by choice, not removed
    hosts_not_in_run: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.new or self.regressed or self.resolved or self.hosts_added or self.hosts_removed)


def _results(run: Run) -> dict[FindingKey, CheckResult]:
    return {(h.client, h.name, r.check_id): r for h in run.hosts for r in h.results}


def diff_runs(
    base: Run, head: Run, *, history: Mapping[FindingKey, FindingState], config: ScoringConfig | None = None
) -> RunDiff:
    before, after = _results(base), _results(head)
    new: list[FindingChange] = []
    regressed: list[FindingChange] = []
    resolved: list[FindingChange] = []
    still_open: list[FindingChange] = []
    for key in sorted(set(before) | set(after)):
        old, now = before.get(key), after.get(key)
        state = history.get(key)
        shown = now or old
        assert shown is not None
        change = FindingChange(
            client=key[0],
            host=key[1],
            check_id=key[2],
            title=shown.title,
            severity=shown.severity,
            before=old.status if old else None,
            after=now.status if now else None,
            first_seen=state.first_seen if state else None,
        )
        was_failing = old is not None and old.status in FAILING
        is_failing = now is not None and now.status in FAILING
        if is_failing and was_failing:
            still_open.append(change)
        elif is_failing:
            first_time = state is None or state.first_seen >= base.info.started_at
            (new if first_time else regressed).append(change)
        elif was_failing and now is not None and now.status in (Status.PASS, Status.NOT_APPLICABLE):
            resolved.append(change)
    base_hosts = {f"{h.client}/{h.name}" for h in base.hosts}
    head_hosts = {f"{h.client}/{h.name}" for h in head.hosts}
    absent = tuple(sorted(base_hosts - head_hosts))
    return RunDiff(
        base_id=base.info.id,
        head_id=head.info.id,
        base_started_at=base.info.started_at,
        head_started_at=head.info.started_at,
        new=tuple(new),
        regressed=tuple(regressed),
        resolved=tuple(resolved),
        still_open=tuple(still_open),
        hosts_added=tuple(sorted(head_hosts - base_hosts)),
        hosts_removed=() if head.info.limit else absent,
        score_changes=_score_changes(base, head, config or ScoringConfig()),
        hosts_not_in_run=absent if head.info.limit else (),
    )


def _scores(run: Run, config: ScoringConfig) -> dict[tuple[str, str], float | None]:
    """Overall scores by (scope, name): the fleet, each client and each host, as the report rolls them up."""
    hosts: dict[str, list[tuple[str, HostScore]]] = {}
    for host in sorted(run.hosts, key=lambda h: (h.client, h.name)):
        score = score_host(host, checks=run.info.checks, config=config)
        hosts.setdefault(host.client, []).append((f"{host.client}/{host.name}", score))
    clients = {client: rollup(score for _, score in items) for client, items in hosts.items()}
    found: dict[tuple[str, str], float | None] = {("fleet", "fleet"): rollup(clients.values()).overall.score}
    found.update({("client", client): score.overall.score for client, score in sorted(clients.items())})
    for items in hosts.values():
        found.update({("host", name): score.overall.score for name, score in items})
    return found


def _score_changes(base: Run, head: Run, config: ScoringConfig) -> tuple[ScoreChange, ...]:
    """Scores that moved: every scope of the head run, against the base run (None where it was absent)."""
    old, new = _scores(base, config), _scores(head, config)
    changes = (ScoreChange(scope, name, old.get((scope, name)), after) for (scope, name), after in new.items())
    return tuple(change for change in changes if change.before != change.after)

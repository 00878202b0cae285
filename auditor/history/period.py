"""A reporting period and what happened to a client's findings in it, replayed run by run.

The store's finding lifecycle keeps only each finding's latest state: a finding fixed in November
and back in December no longer says it was fixed in November. The client report of a period
therefore replays the period's own runs with the same lifecycle rules (auditor.store.lifecycle),
starting from the state at the last run before the period, so a period's report reads the same
whenever it is rendered. Pure functions of the runs handed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from auditor.core.errors import ConfigError
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import Run
from auditor.store.lifecycle import FAILING, OPEN, RESOLVED, FindingState, advance

FindingKey = tuple[str, str]  # (host, check id) within one client
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    """[start, end): UTC midnights; `until` days are inclusive for people, exclusive here."""

    start: datetime
    end: datetime

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == _month_start(self.start.year, self.start.month + 1)

    @property
    def slug(self) -> str:
        """How a file name says the period: 2026-11, or 2026-11-03_2026-11-20."""
        if self.is_month:
            return f"{self.start:%Y-%m}"
        return f"{self.first_day.isoformat()}_{self.last_day.isoformat()}"

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and self.start <= moment < self.end


def _month_start(year: int, month: int) -> datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=UTC)


def month_period(text: str) -> Period:
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ConfigError(f"--period must be a month like 2026-11, not {text!r}")
    year, month = int(found.group(1)), int(found.group(2))
    return Period(start=_month_start(year, month), end=_month_start(year, month + 1))


def last_month(now: datetime) -> Period:
    """The calendar month before the one `now` is in (UTC): the default period of a monthly report."""
    now = now.astimezone(UTC)
    return Period(start=_month_start(now.year, now.month - 1), end=_month_start(now.year, now.month))


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ConfigError(f"{option} must be a date like 2026-11-03, not {text!r}") from None


def parse_period(*, period: str | None, since: str | None, until: str | None, now: datetime) -> Period:
    """--period MONTH, or --since/--until days (both inclusive), or the last calendar month."""
    if period and (since or until):
        raise ConfigError("give either --period or --since/--until, not both")
    if period:
        return month_period(period)
    if not since and not until:
        return last_month(now)
    today = now.astimezone(UTC).date()
    first = _day(since, "--since") if since else today.replace(day=1)
    last = _day(until, "--until") if until else today
    if last < first:
        raise ConfigError(f"--until {last} is before --since {first}")
    start = datetime(first.year, first.month, first.day, tzinfo=UTC)
    return Period(start=start, end=datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1))


@dataclass(frozen=True)
class FindingEvent:
    """A finding that opened, was fixed or came back during the period."""

    kind: str  # new, resolved, reopened
    at: datetime
    host: str
    check_id: str
    title: str
    severity: Severity
    category: Category


@dataclass(frozen=True)
class PeriodFindings:
    events: tuple[FindingEvent, ...]  # in time order
    states: Mapping[FindingKey, FindingState]  # every finding's state at the end of the period

    def of_kind(self, kind: str) -> tuple[FindingEvent, ...]:
        return tuple(event for event in self.events if event.kind == kind)


def seed_states(
    baseline: Run | None, lifecycle: Iterable[tuple[FindingKey, FindingState]]
) -> dict[FindingKey, FindingState]:
    """The findings' states at the last run before the period.

    The baseline run says which findings were open then; the store's lifecycle says since when
    (first seen never moves). A finding the store first saw after the baseline did not exist yet.
    """
    if baseline is None:
        return {}
    known = dict(lifecycle)
    seeded: dict[FindingKey, FindingState] = {}
    for host in baseline.hosts:
        for result in host.results:
            key = (host.name, result.check_id)
            stored = known.get(key)
            existed = stored is not None and stored.first_seen <= host.finished_at
            if result.status in FAILING:
                first = stored.first_seen if stored is not None and existed else host.finished_at
                seeded[key] = FindingState(status=OPEN, first_seen=first, last_seen=host.finished_at)
            elif stored is not None and existed and result.status is not Status.ERROR:
                seeded[key] = FindingState(
                    status=RESOLVED, first_seen=stored.first_seen, last_seen=stored.first_seen, resolved_at=None
                )
    return seeded


def replay(runs: Sequence[Run], seed: Mapping[FindingKey, FindingState]) -> PeriodFindings:
    """Advance every finding through the period's runs (oldest first) and note each change."""
    states = dict(seed)
    events: list[FindingEvent] = []
    for run in sorted(runs, key=lambda item: item.info.started_at):
        for host in run.hosts:
            for result in host.results:
                key = (host.name, result.check_id)
                before = states.get(key)
                after = advance(before, result.status, at=host.finished_at)
                if after is None or after == before:
                    continue
                states[key] = after
                kind = _change(before, after)
                if kind:
                    events.append(
                        FindingEvent(
                            kind=kind,
                            at=host.finished_at,
                            host=host.name,
                            check_id=result.check_id,
                            title=result.title,
                            severity=result.severity,
                            category=result.category,
                        )
                    )
    events.sort(key=lambda event: (event.at, event.host, event.check_id))
    return PeriodFindings(events=tuple(events), states=states)


def _change(before: FindingState | None, after: FindingState) -> str | None:
    if after.status == OPEN and before is None:
        return "new"
    if after.status == OPEN and before is not None and before.status == RESOLVED:
        return "reopened"
    if after.status == RESOLVED and before is not None and before.status == OPEN:
        return "resolved"
    return None

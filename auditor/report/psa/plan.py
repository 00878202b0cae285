"""The ticket changes one run calls for, as a pure function of the run and the open tickets.

A finding group is a client's failing findings of one check (group_by = "check") or on one host
("host"), at or above the configured severity. Per group:

- no open ticket and failing findings: open one;
- an open ticket whose findings changed (a host added, a fix verified, the worst severity
  changed): update it with a note;
- an open ticket all of whose findings are verified fixed: close it.

A fix is *verified* only when this run assessed the host and the check passed (or no longer
applies). A host this run did not reach, did not include (a `--limit` run), or whose check ended
in an error keeps its findings on the ticket: nothing closes on missing evidence. A waived
finding is accepted, not fixed: it opens nothing and closes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from hashlib import sha256

from auditor.config.tickets import TicketConfig
from auditor.core.models import Severity, Status
from auditor.core.runmodel import Run
from auditor.report.data import SEVERITY_ORDER
from auditor.store.tickets import TicketMember, TicketRecord

OPEN = "open"
UPDATE = "update"
CLOSE = "close"
VERIFIED_FIXED = frozenset({Status.PASS, Status.NOT_APPLICABLE})

Group = tuple[str, str, str]  # client, group_by, group key


@dataclass(frozen=True)
class Change:
    kind: str  # open | update | close
    client: str
    group_by: str
    group_key: str
    members: tuple[TicketMember, ...]  # what the ticket covers after the change
    added: tuple[TicketMember, ...] = ()
    fixed: tuple[TicketMember, ...] = ()
    previous: TicketRecord | None = None

    @property
    def severity(self) -> str:
        return worst(self.members or self.fixed)

    @property
    def previous_id(self) -> str:
        """The PSA's id of the ticket this change updates or closes (empty for an open)."""
        return self.previous.ticket_id if self.previous is not None else ""

    @property
    def marker(self) -> str:
        """A tag in the ticket's summary that finds the ticket again in the PSA (group identity)."""
        return ticket_marker((self.client, self.group_by, self.group_key))


def ticket_marker(group: Group) -> str:
    digest = sha256("\x1f".join(group).encode()).hexdigest()[:12]
    return f"(auditor:{digest})"  # no brackets: a LIKE pattern reads them as a character class


def worst(members: Iterable[TicketMember]) -> str:
    ranks = [SEVERITY_ORDER.index(Severity(member.severity)) for member in members]
    return SEVERITY_ORDER[min(ranks)].value if ranks else Severity.INFO.value


def plan_changes(run: Run, open_tickets: Mapping[Group, TicketRecord], *, config: TicketConfig) -> list[Change]:
    """What to open, update and close for this run, group by group (clients without a mapping: nothing)."""
    threshold = SEVERITY_ORDER.index(config.min_severity)
    verdicts: dict[tuple[str, str, str], Status] = {}
    failing: dict[Group, dict[tuple[str, str], TicketMember]] = {}
    for host in run.hosts:
        if not host.assessed or host.client not in config.clients:
            continue
        for result in host.results:
            verdicts[(host.client, host.name, result.check_id)] = result.status
            if result.status is Status.FAIL and SEVERITY_ORDER.index(result.severity) <= threshold:
                member = TicketMember(host.name, result.check_id, result.title, result.severity.value)
                key = result.check_id if config.group_by == "check" else host.name
                failing.setdefault((host.client, config.group_by, key), {})[(host.name, result.check_id)] = member
    changes: list[Change] = []
    for group, ticket in sorted(open_tickets.items()):
        if ticket.client not in config.clients or ticket.last_run_at > run.info.started_at:
            continue  # not ours to touch, or this run is older than what the ticket already reflects
        change = _follow_up(ticket, failing.pop(group, {}), verdicts)
        if change is not None:
            changes.append(change)
    for (client, group_by, key), members in sorted(failing.items()):
        changes.append(Change(OPEN, client, group_by, key, tuple(members.values()), added=tuple(members.values())))
    return changes


def _follow_up(
    ticket: TicketRecord,
    failing: Mapping[tuple[str, str], TicketMember],
    verdicts: Mapping[tuple[str, str, str], Status],
) -> Change | None:
    """An open ticket's update or close, or None when this run changes nothing about it."""
    fixed = tuple(
        member
        for member in ticket.members
        if (member.host, member.check_id) not in failing
        and verdicts.get((ticket.client, member.host, member.check_id)) in VERIFIED_FIXED
    )
    fixed_keys = {(member.host, member.check_id) for member in fixed}
    kept = {(m.host, m.check_id): m for m in ticket.members if (m.host, m.check_id) not in fixed_keys}
    added = tuple(member for key, member in failing.items() if key not in kept)
    members = tuple({**kept, **failing}.values())
    if members and not (added or fixed or worst(members) != ticket.severity):
        return None
    return Change(
        UPDATE if members else CLOSE,
        ticket.client,
        ticket.group_by,
        ticket.group_key,
        members=members,
        added=added,
        fixed=fixed,
        previous=ticket,
    )

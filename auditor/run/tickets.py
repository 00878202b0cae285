"""PSA tickets after a run: plan the changes, make them in the PSA, record each in the store.

Called at the end of `auditor run` (after alerts) and by `auditor tickets sync`. Each change is
written to the ticket book right after the PSA accepted it; the first PSA failure stops the
sync with one line, and the changes not yet made wait for the next sync, which finds a ticket
the PSA created just before a failure by its marker instead of opening it again. The run's
results are stored before any of this starts, so a PSA failure never loses them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from auditor.config.loader import load_config
from auditor.config.tickets import TicketConfig
from auditor.core.errors import ConfigError, PsaError
from auditor.core.runmodel import Run
from auditor.report.psa.clients import Psa, open_psa
from auditor.report.psa.plan import CLOSE, OPEN, UPDATE, Change, plan_changes
from auditor.report.psa.text import note_text, plain, ticket_text
from auditor.run.scope import resolve_scoped
from auditor.store.database import Store
from auditor.store.engine import to_url
from auditor.store.tickets import CLOSED, TicketBook, TicketRecord

PsaOpener = Callable[[TicketConfig, Mapping[str, str]], Psa]


@dataclass(frozen=True)
class TicketSync:
    """What a sync did (or, with dry_run, would do), and the line of the failure that stopped it."""

    run_id: str
    changes: tuple[str, ...] = ()
    failure: str | None = None
    dry_run: bool = False


def sync_tickets(
    store: Store,
    run: Run,
    config: TicketConfig,
    *,
    dry_run: bool = False,
    environ: Mapping[str, str] | None = None,
    now: datetime | None = None,
    opener: PsaOpener = open_psa,
) -> TicketSync:
    """Open, update and close the run's tickets in the configured PSA (nothing when none is configured)."""
    if not config.enabled or config.psa is None:
        return TicketSync(run_id=run.info.id, dry_run=dry_run)
    book = TicketBook(store)
    changes = plan_changes(run, book.open_tickets(config.psa), config=config)
    if dry_run or not changes:
        return TicketSync(run.info.id, changes=tuple(_describe(c, None) for c in changes), dry_run=dry_run)
    done: list[str] = []
    try:
        psa = opener(config, os.environ if environ is None else environ)
    except PsaError as exc:
        return TicketSync(run.info.id, failure=f"{exc}; {len(changes)} ticket change(s) wait for the next sync")
    try:
        for number, change in enumerate(changes):
            try:
                ticket_id = _apply(psa, change, run=run, config=config)
            except PsaError as exc:
                waiting = len(changes) - number
                return TicketSync(
                    run.info.id,
                    changes=tuple(done),
                    failure=f"{exc}; {waiting} ticket change(s) wait for the next sync",
                )
            book.save(_record(change, ticket_id=ticket_id, run=run, psa=config.psa, now=now or datetime.now(UTC)))
            done.append(_describe(change, ticket_id))
    finally:
        psa.close_session()
    return TicketSync(run.info.id, changes=tuple(done))


def _apply(psa: Psa, change: Change, *, run: Run, config: TicketConfig) -> str:
    """Make one change in the PSA; returns the ticket's id there."""
    mapping = config.clients[change.client]
    if change.kind == OPEN:
        text = ticket_text(change, run_id=run.info.id, summary_limit=psa.summary_limit)
        found = psa.find_open(change.marker, mapping)  # created by a sync that failed before recording it
        return found if found is not None else psa.create(text, mapping)
    assert change.previous is not None
    ticket_id = change.previous.ticket_id
    note = note_text(change, run_id=run.info.id)
    if change.kind == CLOSE:
        psa.close(ticket_id, note)
    else:
        psa.update(ticket_id, ticket_text(change, run_id=run.info.id, summary_limit=psa.summary_limit))
        psa.add_note(ticket_id, note)
    return ticket_id


def _record(change: Change, *, ticket_id: str, run: Run, psa: str, now: datetime) -> TicketRecord:
    previous = change.previous
    record = TicketRecord(
        psa=psa,
        client=change.client,
        group_by=change.group_by,
        group_key=change.group_key,
        ticket_id=ticket_id,
        status=CLOSED if change.kind == CLOSE else "open",
        severity=change.severity,
        members=change.members if change.kind != CLOSE else previous.members if previous else (),
        opened_at=previous.opened_at if previous else now,
        updated_at=now,
        last_run_id=run.info.id,
        last_run_at=run.info.started_at,
        closed_at=now if change.kind == CLOSE else None,
    )
    return replace(record, row_id=previous.row_id) if previous else record


_DONE = {OPEN: "opened", UPDATE: "updated", CLOSE: "closed"}


def _describe(change: Change, ticket_id: str | None) -> str:
    """One line per change: done (with the PSA's ticket id), or to do (a dry run)."""
    known = ticket_id or change.previous_id
    ticket = f"ticket {plain(known, limit=64)}" if known else "a ticket"
    verb = change.kind if ticket_id is None else _DONE[change.kind]
    what = f"{change.group_by} {plain(change.group_key, limit=120)}"
    detail = f"{len(change.members)} open, {len(change.added)} new, {len(change.fixed)} verified fixed"
    return f"{verb} {ticket} for {plain(change.client, limit=120)}, {what} ({change.severity}; {detail})"


def sync_stored(
    *,
    run: str,
    db: str | None,
    config: Path | None,
    dry_run: bool,
    client: str | None = None,
    limit: str | None = None,
) -> TicketSync:
    """`auditor tickets sync`: a stored run's tickets."""
    settings = load_config(config)
    if not settings.tickets.enabled:
        raise ConfigError("no [tickets] table in the config: name the PSA there first (see README, PSA tickets)")
    store = Store(to_url(db), existing=True)
    run_id = resolve_scoped(store, run, client=client, limit=limit)
    return sync_tickets(store, store.load_run(run_id, evidence=False), settings.tickets, dry_run=dry_run)


def stored_tickets(*, db: str | None, include_closed: bool) -> list[TicketRecord]:
    """`auditor tickets list`: the ticket book."""
    return list(TicketBook(Store(to_url(db), existing=True)).entries(include_closed=include_closed))

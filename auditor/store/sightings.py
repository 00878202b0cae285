"""Update sightings: when a run first saw each pending update on each host.

A patch-age SLA counts from that first sighting, so it must survive across runs and be written
with the host's report (the same transaction) to stay consistent with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from auditor.core.runmodel import HostReport
from auditor.store.db.schema import SightingRow
from auditor.store.engine import aware


def record_sightings(session: Session, host: HostReport) -> None:
    if not host.pending_updates:
        return
    existing = {
        sighting.update_key: sighting
        for sighting in session.scalars(
            select(SightingRow).where(SightingRow.client == host.client, SightingRow.host == host.name)
        )
    }
    for update in host.pending_updates:
        sighting = existing.get(update.key)
        if sighting is None:
            session.add(
                SightingRow(
                    client=host.client,
                    host=host.name,
                    update_key=update.key,
                    first_seen=update.first_seen,
                    last_seen=host.finished_at,
                )
            )
            continue
        sighting.first_seen = min(aware(sighting.first_seen), update.first_seen)
        sighting.last_seen = max(aware(sighting.last_seen), host.finished_at)


def first_seen(session: Session, hosts: Iterable[tuple[str, str]]) -> dict[tuple[str, str], dict[str, datetime]]:
    """(client, host) -> update key -> when a run first saw that update pending there."""
    wanted = set(hosts)
    found: dict[tuple[str, str], dict[str, datetime]] = {}
    if not wanted:
        return found
    clients = sorted({client for client, _ in wanted})
    for row in session.scalars(select(SightingRow).where(SightingRow.client.in_(clients))):
        if (row.client, row.host) in wanted:
            found.setdefault((row.client, row.host), {})[row.update_key] = aware(row.first_seen)
    return found

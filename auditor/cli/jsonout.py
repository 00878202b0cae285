"""The JSON of `runs`, `checks list`, `inventory show` and `tickets list` with --json (docs/JSON.md).

Each document is an object with a `schema` name and version, so a script can tell the shapes apart
and a later field never breaks it; lists are under one key. Secrets (passwords, key passphrases)
are not part of any of these objects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: `checks list --json` and `runs --json` must not load the models behind them
    from auditor.checklib.catalogue import Listing
    from auditor.inventory import Inventory
    from auditor.store.listing import RunLine
    from auditor.store.tickets import TicketRecord


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def runs_json(runs: Sequence[RunLine], *, where: str) -> str:
    """`auditor runs --json`: the store and its runs, newest first."""
    return _dump(
        {
            "schema": "auditor.runs/1",
            "store": where,
            "runs": [
                {
                    "id": info.id,
                    "started_at": info.started_at.isoformat(),
                    "finished_at": info.finished_at.isoformat() if info.finished_at else None,
                    "complete": info.complete,
                    "inventory": info.inventory,
                    "limit": info.limit,
                    "profile": info.profile,
                    "auditor_version": info.auditor_version,
                    "checks": info.checks,
                }
                for info in runs
            ],
        }
    )


def checks_json(listing: Listing) -> str:
    """`auditor checks list --json`: the selected checks with their metadata."""
    return _dump(
        {
            "schema": "auditor.checks/1",
            "profile": listing.profile.name if listing.profile else None,
            "checks": [
                {
                    "id": check.id,
                    "version": check.version,
                    "title": check.title,
                    "category": check.category,
                    "severity": check.severity,
                    "facts": list(check.facts),
                    "references": {name: list(refs) for name, refs in check.references.items()},
                }
                for check in listing.checks
            ],
        }
    )


def inventory_json(selection: Inventory, *, name: str) -> str:
    """`auditor inventory show --json`: clients and their hosts as auditor resolved them."""
    return _dump(
        {
            "schema": "auditor.inventory/1",
            "inventory": name,
            "clients": [
                {
                    "name": client,
                    "hosts": [
                        {
                            "name": host.name,
                            "address": host.address,
                            "port": host.port,
                            "user": host.user,
                            "connection": host.connection,
                            "become": host.become,
                            "become_user": host.become_user if host.become else None,
                            "groups": list(host.groups),
                        }
                        for host in hosts
                    ],
                }
                for client, hosts in selection.clients().items()
            ],
        }
    )


def tickets_json(records: Sequence[TicketRecord]) -> str:
    """`auditor tickets list --json`: the PSA tickets auditor keeps, with the findings each covers."""
    return _dump(
        {
            "schema": "auditor.tickets/1",
            "tickets": [
                {
                    "psa": record.psa,
                    "ticket_id": record.ticket_id,
                    "client": record.client,
                    "group_by": record.group_by,
                    "group": record.group_key,
                    "status": record.status,
                    "severity": record.severity,
                    "findings": [
                        {"host": m.host, "check_id": m.check_id, "title": m.title, "severity": m.severity}
                        for m in record.members
                    ],
                    "opened_at": record.opened_at.isoformat(),
                    "updated_at": record.updated_at.isoformat(),
                    "closed_at": record.closed_at.isoformat() if record.closed_at else None,
                    "last_run_id": record.last_run_id,
                }
                for record in records
            ],
        }
    )

"""The JSON that `runs --json`, `checks list --json` and `inventory show --json` print (docs/JSON.md).

Each document is an object with a `schema` name and version, so a script can tell the shapes apart
and a later field never breaks it; lists are under one key. Secrets (passwords, key passphrases)
are not part of any of these objects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from auditor.checklib.library import Library
from auditor.core.runmodel import RunInfo
from auditor.inventory import Inventory


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def runs_json(runs: Sequence[RunInfo], *, where: str) -> str:
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
                    "checks": len(info.checks),
                }
                for info in runs
            ],
        }
    )


def checks_json(library: Library) -> str:
    """`auditor checks list --json`: the selected checks with their metadata."""
    return _dump(
        {
            "schema": "auditor.checks/1",
            "profile": library.profile.name if library.profile else None,
            "checks": [
                {
                    "id": check.meta.id,
                    "version": check.meta.version,
                    "title": check.meta.title,
                    "category": check.meta.category.value,
                    "severity": check.meta.severity.value,
                    "facts": list(check.meta.facts),
                    "references": {name: list(refs) for name, refs in check.meta.references.items()},
                }
                for check in library.checks
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

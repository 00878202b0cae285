"""The stored runs `auditor runs` lists, read the lightest way the store allows.

Functions of plain values that return data; auditor.cli shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.store.listing import RunLine, quick_runs

if TYPE_CHECKING:
    from auditor.core.runmodel import RunInfo


def stored_runs(*, db: str | None, limit: int, client: str | None = None) -> tuple[str, list[RunLine]]:
    """The store's URL (password hidden) and its newest runs, newest first; those with `client` if given.

    A current SQLite store is read with the stdlib alone (auditor.store.listing); any other store is
    opened (and migrated) as every command opens it.
    """
    quick = quick_runs(db, limit=limit, client=client)
    if quick is not None:
        return quick
    from auditor.store.database import Store  # SQLAlchemy: only for the stores listing cannot read
    from auditor.store.engine import safe_url, to_url

    store = Store(to_url(db), existing=True)
    return safe_url(store.url), [_line(info) for info in store.list_runs(limit=limit, client=client)]


def _line(info: RunInfo) -> RunLine:
    return RunLine(
        id=info.id,
        started_at=info.started_at,
        finished_at=info.finished_at,
        complete=info.complete,
        inventory=info.inventory,
        limit=info.limit,
        profile=info.profile,
        auditor_version=info.auditor_version,
        checks=len(info.checks),
    )

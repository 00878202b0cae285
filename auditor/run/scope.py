"""Which stored run `latest` means for the scope a command was given (`--client`, `--limit`).

A `--limit` pattern is read as at run time (host names, group names, globs, `!` and `&`), matched
against the hosts the store has seen with their groups, so `report --limit hardened` after a
`run -l neglected` picks the newest run that audited every host `hardened` selects.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.core.errors import RunNotFoundError
from auditor.core.runmodel import Run
from auditor.inventory.selection import select_hosts
from auditor.store.database import Store


@dataclass(frozen=True)
class StoredHost:
    name: str
    groups: tuple[str, ...]


def limit_hosts(store: Store, limit: str | None) -> tuple[str, ...]:
    """The stored host names `limit` selects (none: no limit); an unmatched pattern is an error."""
    if limit is None:
        return ()
    hosts = tuple(StoredHost(name, groups) for name, groups in store.known_hosts())
    if not hosts:
        raise RunNotFoundError(f"no runs in the store yet, so --limit {limit!r} selects no host")
    return tuple(host.name for host in select_hosts(hosts, limit))


def resolve_scoped(store: Store, run: str, *, client: str | None = None, limit: str | None = None) -> str:
    """A run id from an id, prefix or 'latest' within the scope: `client`, and every host `limit` selects."""
    return store.resolve(run, client=client, hosts=limit_hosts(store, limit))


def select_limit(run: Run, hosts: tuple[str, ...]) -> Run:
    """The run narrowed to the hosts a limit selected (none: the whole run)."""
    if not hosts:
        return run
    chosen = set(hosts)
    return run.model_copy(update={"hosts": [host for host in run.hosts if host.name in chosen]})

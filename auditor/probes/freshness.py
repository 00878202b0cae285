"""How old a package manager's cached metadata is, from the mtimes of its cached index files.

Every manager probe runs cache-only (no network, no lock contention, read-only), so what it
reports is only as fresh as the last refresh: an empty pending list from month-old metadata
proves nothing. Each probe records its index files' mtimes and the host's clock; the checks ask
`metadata_staleness` whether the data can be trusted.
"""

from __future__ import annotations

from collections.abc import Mapping


def metadata_age_days(*, now_epoch: int, stamps: Mapping[str, int]) -> float | None:
    """Age in days of the freshest index file by the host's clock; None when there is none."""
    newest = max(stamps.values(), default=None)
    return None if newest is None else max(0, now_epoch - newest) / 86400


def metadata_staleness(*, now_epoch: int, stamps: Mapping[str, int], max_age_days: float, what: str) -> str | None:
    """Why data computed from this metadata cannot be trusted, or None when it is fresh enough."""
    age = metadata_age_days(now_epoch=now_epoch, stamps=stamps)
    if age is None:
        return f"no cached {what} metadata found (never refreshed, or the cache is unreadable)"
    if age > max_age_days:
        return f"{what} metadata is {int(age)} days old (limit {max_age_days:g})"
    return None

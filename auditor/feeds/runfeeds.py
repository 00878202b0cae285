"""The feeds a run reads: which editions (recorded in the run), whether they are stale, and the lookup.

A run opens the index once, read-only; it records every feed's version so that a verdict can be
reproduced later from the stored run, and warns (one line per feed) when a feed is older than the
configured age, since an old KEV catalog misses newly exploited CVEs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.core.vulnmodel import FeedVersion
from auditor.feeds.formats import FeedError
from auditor.feeds.index import default_index_path, feed_age_days, read_versions

if TYPE_CHECKING:
    from auditor.feeds.match import FeedLookup

DEFAULT_MAX_AGE_DAYS = 7.0


@dataclass(frozen=True)
class RunFeeds:
    versions: tuple[FeedVersion, ...] = ()
    warnings: tuple[str, ...] = ()
    lookup: FeedLookup | None = None  # None: no index, pending updates carry only their manager's CVEs


def open_for_run(index: Path | None, *, now: datetime, max_age_days: float = DEFAULT_MAX_AGE_DAYS) -> RunFeeds:
    """The default index is optional (a run without feeds still works); an index asked for by name is not."""
    path = (index or default_index_path()).expanduser()
    if not path.exists():
        if index is not None:
            raise FeedError(f"feeds index {path} does not exist: run `auditor feeds update` or `auditor feeds import`")
        return RunFeeds()
    versions = tuple(read_versions(path))
    if not versions:
        return RunFeeds()
    warnings = tuple(
        f"feed {v.name} is {feed_age_days(v, now):.0f} days old (version {v.version}; limit {max_age_days:g} days): "
        "run `auditor feeds update`"
        for v in versions
        if feed_age_days(v, now) > max_age_days
    )
    from auditor.feeds.match import FeedLookup  # only with an index: the version matching is heavy to import

    return RunFeeds(versions=versions, warnings=warnings, lookup=FeedLookup(path))

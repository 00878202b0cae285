"""The options of `auditor run --distributed` (kept apart so that runner imports no Celery)."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_WAIT_TIMEOUT = 3600.0


@dataclass(frozen=True)
class DistributedOptions:
    broker: str = field(repr=False)  # redis://, rediss://; may hold a password
    wait_timeout: float = DEFAULT_WAIT_TIMEOUT  # seconds until hosts without a report are errors
    poll_interval: float = 1.0

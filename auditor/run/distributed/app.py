"""The Celery application both sides use: broker, JSON only, and the delivery guarantees.

acks_late with reject_on_worker_lost and a prefetch of one: a message is acknowledged only after
its host's report is stored, so a worker that dies mid-host leaves the message unacknowledged and
the broker delivers it again - at once to a prefork child's replacement, or, when the whole worker
process is gone, to any worker of that queue once `visibility_timeout` seconds have passed since
delivery (the Redis transport's redelivery rule; a restarted worker sweeps at start). The
visibility timeout must therefore exceed the longest audit of one host.
"""

from __future__ import annotations

from typing import Any

TASK_NAME = "auditor.audit_host"
DEFAULT_VISIBILITY_TIMEOUT = 1800.0


def make_app(broker: str, *, visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT, sweep_every: int = 10) -> Any:
    """A Celery app on `broker` (redis:// or rediss://); no result backend: reports go to the store."""
    from celery import Celery

    app = Celery("auditor", broker=broker, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_create_missing_queues=True,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=True,
        broker_transport_options={
            "visibility_timeout": visibility_timeout,
            "unacked_restore_interval": sweep_every,
            "unacked_restore_throttle": 1,
        },
    )
    return app

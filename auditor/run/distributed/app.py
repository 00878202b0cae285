"""The Celery application both sides use: broker, JSON only, and the delivery guarantees.

acks_late with reject_on_worker_lost and a prefetch of one: a message is acknowledged only after
its host's report is stored, so a worker that dies mid-host leaves the message unacknowledged and
the broker delivers it again - at once to a prefork child's replacement, or, when the whole worker
process is gone, to any worker of that queue once `visibility_timeout` seconds have passed since
delivery (the Redis transport's redelivery rule; a restarted worker sweeps at start). The
visibility timeout must therefore exceed the longest audit of one host.

A `rediss://` broker is verified TLS: the certificate must chain to the system's CAs (or
`ssl_ca_certs=PATH` in the URL) and name the broker; `ssl_cert_reqs=none` or `optional` is refused,
since a man in the middle would then read every host's results and the broker password.
"""

from __future__ import annotations

import ssl
from typing import Any
from urllib.parse import parse_qs, urlsplit

from auditor.core.errors import ConfigError

TASK_NAME = "auditor.audit_host"
DEFAULT_VISIBILITY_TIMEOUT = 1800.0


def make_app(broker: str, *, visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT, sweep_every: int = 10) -> Any:
    """A Celery app on `broker` (redis:// or rediss://); no result backend: reports go to the store."""
    from celery import Celery

    app = Celery("auditor", broker=broker, set_as_current=False)
    tls = broker_tls(broker)
    if tls is not None:
        app.conf.broker_use_ssl = tls
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


def broker_tls(broker: str) -> dict[str, Any] | None:
    """Celery's `broker_use_ssl` for a rediss:// URL: certificate and host name always verified."""
    parts = urlsplit(broker)
    if parts.scheme != "rediss":
        return None
    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}
    requirement = query.get("ssl_cert_reqs", "required").lower().removeprefix("cert_")
    if requirement != "required":
        raise ConfigError(f"the broker URL asks for ssl_cert_reqs={requirement}: only verified TLS (required) is used")
    options: dict[str, Any] = {"ssl_cert_reqs": ssl.CERT_REQUIRED, "ssl_check_hostname": True}
    if "ssl_ca_certs" in query:
        options["ssl_ca_certs"] = query["ssl_ca_certs"]
    return options

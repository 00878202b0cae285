"""`auditor worker` with one host made slow, for tests that kill a worker in the middle of a host.

    python -m tests.distributed.slow_worker HOST SECONDS worker --site east ...

Runs the real worker command (auditor.cli.main) in this process after wrapping
WorkerContext.audit so that HOST's audit first sleeps SECONDS: the delay lives in the test's
launcher, not in the product.
"""

from __future__ import annotations

import sys
import time

from auditor.cli.main import main
from auditor.core.runmodel import HostReport
from auditor.run.distributed.message import HostTask
from auditor.run.distributed.worker import WorkerContext


def slow_down(host: str, seconds: float) -> None:
    """Make WorkerContext.audit sleep `seconds` before auditing `host` (and only that host)."""
    audit = WorkerContext.audit

    def slow_audit(self: WorkerContext, task: HostTask) -> HostReport:
        if task.host.name == host:
            time.sleep(seconds)
        return audit(self, task)

    WorkerContext.audit = slow_audit  # type: ignore[method-assign]


if __name__ == "__main__":
    name, delay, *rest = sys.argv[1:]
    slow_down(name, float(delay))
    sys.exit(main(rest))

"""The waivers stored results carried: which finding was under which accepted risk, up to a moment.

A waiver lives in a YAML file that people edit; what applied to a finding at the time is what the
run recorded on its result (CheckResult.waiver). The findings export reads it from there, so an
auditor sees the approver and expiry that were in force, not today's file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from auditor.core.models import Status
from auditor.core.runmodel import Waiver
from auditor.store.db.schema import HostRow, ResultRow, RunRow

FindingKey = tuple[str, str, str]  # (client, host, check id)


def waivers_seen(engine: Engine, *, clients: Iterable[str], until: datetime) -> dict[FindingKey, Waiver]:
    """The latest waiver each finding of these clients was waived under, in runs started before `until`."""
    query = (
        select(HostRow.client, HostRow.name, ResultRow.check_id, ResultRow.result)
        .join(ResultRow, ResultRow.host_id == HostRow.id)
        .join(RunRow, RunRow.id == HostRow.run_id)
        .where(
            HostRow.client.in_(sorted(set(clients))),
            ResultRow.status == Status.WAIVED.value,
            RunRow.started_at < until,
        )
        .order_by(RunRow.started_at, ResultRow.id)
    )
    seen: dict[FindingKey, Waiver] = {}
    with Session(engine) as session:
        for client, host, check_id, result in session.execute(query):
            raw = result.get("waiver") if isinstance(result, dict) else None
            if isinstance(raw, dict):
                seen[(client, host, check_id)] = Waiver.model_validate(raw)
    return seen

"""A run's rows: a host's report written as rows, a whole run read back, summaries converted.

Reading is column by column with no ORM rows kept (see read_run), because the end of a
1,000-host run reads 100,000+ results at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any, cast

from pydantic import TypeAdapter
from sqlalchemy import Select, Table, Text, insert, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session

from auditor.core.runmodel import CheckResult, Evidence, HostReport, Run, RunInfo
from auditor.store.db.schema import EvidenceRow, HostRow, ResultRow, RunRow

_BATCH = 2000  # rows per fetch when reading a whole run


def read_run(session: Session, run_id: str, *, evidence: bool = True, client: str | None = None) -> Run | None:
    """A stored run, read column by column with no ORM rows kept.

    A 1,000-host run holds 100,000+ results: keeping the ORM rows, their decoded JSON and the
    models all at once tripled the memory of the end of a run. Strings that repeat across hosts
    (check ids, titles, fact names) are shared instead of copied per host. `evidence=False`
    leaves the raw outputs out, for readers of results only (diffs). None: no such run.
    """
    info = session.scalar(select(RunRow.info).where(RunRow.id == run_id))
    if info is None:
        return None
    in_run = select(HostRow.id).where(HostRow.run_id == run_id)
    if client is not None:  # one client's hosts only: a client report never reads another's rows
        in_run = in_run.where(HostRow.client == client)
    one = _Interner()
    outputs = _evidence_by_host(session, in_run, one) if evidence else {}
    results = _results_by_host(session, in_run, one)
    hosts = [
        HostReport.model_validate({**report, "evidence": outputs.pop(host_id, []), "results": results.pop(host_id, [])})
        for host_id, report in session.execute(
            select(HostRow.id, HostRow.report).where(HostRow.id.in_(in_run)).order_by(HostRow.id)
        )
    ]
    return Run(info=RunInfo.model_validate(info), hosts=hosts)


class _Interner:
    """One shared copy of each repeated string (check ids, titles, fact names, commands)."""

    def __init__(self) -> None:
        self._shared: dict[str, str] = {}

    def __call__(self, value: object) -> object:
        return self._shared.setdefault(value, value) if isinstance(value, str) else value

    def text(self, value: str) -> str:
        return self._shared.setdefault(value, value)


def _evidence_by_host(session: Session, in_run: Select[int], one: _Interner) -> dict[int, list[Evidence]]:
    outputs: dict[int, list[Evidence]] = {}
    rows = session.execute(
        select(
            EvidenceRow.host_id,
            EvidenceRow.probe,
            EvidenceRow.command,
            EvidenceRow.stdout,
            EvidenceRow.stderr,
            EvidenceRow.exit_status,
            EvidenceRow.complete,
        )
        .where(EvidenceRow.host_id.in_(in_run))
        .order_by(EvidenceRow.id)
        .execution_options(yield_per=_BATCH)  # ORM results are otherwise buffered whole
    )
    for host_id, probe, command, stdout, stderr, status, complete in rows:
        outputs.setdefault(host_id, []).append(
            Evidence(
                probe=one(probe),
                command=one(command),
                stdout=stdout,
                stderr=stderr,
                exit_status=status,
                complete=complete,
            )
        )
    return outputs


def _results_by_host(session: Session, in_run: Select[int], one: _Interner) -> dict[int, list[CheckResult]]:
    """Each host's results, validated by pydantic straight from the stored JSON text, a host at a
    time (one call per host instead of a json.loads, a dict and a validation per result: this read
    was a sixth of a run's CPU); the strings that repeat across hosts are then shared."""
    texts: dict[int, list[str]] = {}
    rows = session.execute(
        select(ResultRow.host_id, sql_cast(ResultRow.result, Text))  # the JSON text, not decoded per row
        .where(ResultRow.host_id.in_(in_run))
        .order_by(ResultRow.id)
        .execution_options(yield_per=_BATCH)
    )
    for host_id, text in rows:
        texts.setdefault(host_id, []).append(text)
    adapter = _results_adapter()
    results: dict[int, list[CheckResult]] = {}
    for host_id in list(texts):
        parsed = adapter.validate_json("[" + ",".join(texts.pop(host_id)) + "]")
        for result in parsed:
            _share(result, one)
        results[host_id] = parsed
    return results


@cache
def _results_adapter() -> TypeAdapter[list[CheckResult]]:
    return TypeAdapter(list[CheckResult])


def _share(result: CheckResult, one: _Interner) -> None:
    """Point a result's repeated strings (id, title, message, fact names) at one shared copy."""
    result.check_id = one.text(result.check_id)
    result.title = one.text(result.title)
    result.message = one.text(result.message)
    result.facts = [one.text(name) for name in result.facts]


def write_host(session: Session, run_id: str, values: Mapping[str, Any]) -> int:
    """Insert a host's rows from its report's JSON form (auditor.store.storable.stored_form): the
    report itself, its evidence and its results; returns the host row's id.

    Plain multi-row INSERTs, not ORM objects: the unit of work's bookkeeping for a host's ~150 rows
    cost more than the rest of storing it, and nothing reads these rows back in the same session.
    """
    summary = {key: value for key, value in values.items() if key not in ("evidence", "results")}
    connection = session.connection()  # the session's transaction, without the ORM
    inserted = connection.execute(
        insert(cast(Table, HostRow.__table__)).values(
            run_id=run_id, name=values["name"], client=values["client"], assessed=values["assessed"], report=summary
        )
    )
    key = inserted.inserted_primary_key
    if key is None:  # pragma: no cover - every backend reports the key of a one-row INSERT
        raise ValueError("the database did not report the new host row's id")
    host_id = int(key[0])
    if values["evidence"]:
        evidence = [{**item, "host_id": host_id} for item in values["evidence"]]
        connection.execute(insert(cast(Table, EvidenceRow.__table__)), evidence)
    if values["results"]:
        connection.execute(
            insert(cast(Table, ResultRow.__table__)),
            [
                {
                    "host_id": host_id,
                    "check_id": item["check_id"],
                    "status": item["status"],
                    "severity": item["severity"],
                    "result": item,
                }
                for item in values["results"]
            ],
        )
    return host_id


def jsonable(model: RunInfo | CheckResult) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(model.model_dump_json())
    return loaded

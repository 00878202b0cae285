"""Run manifests in the store: sealed at the end of a run, read back by reports and `auditor verify`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from auditor.core.errors import StoreError
from auditor.core.runmodel import Evidence, RunInfo
from auditor.store.database import Store
from auditor.store.db.schema import EvidenceRow, HostRow, ManifestRow, RunRow
from auditor.store.integrity import SignedManifest, build_manifest, digest_of, seal


def _evidence(session: Session, run_id: str) -> Iterator[tuple[str, Evidence]]:
    """The run's evidence row by row (streamed: a 1,000-host run's output is never held at once)."""
    query = (
        select(HostRow.name, EvidenceRow.probe, EvidenceRow.command, EvidenceRow.stdout, EvidenceRow.stderr,
               EvidenceRow.exit_status, EvidenceRow.complete)
        .join(EvidenceRow, EvidenceRow.host_id == HostRow.id)
        .where(HostRow.run_id == run_id)
        .order_by(HostRow.id, EvidenceRow.id)
        .execution_options(yield_per=200)
    )  # fmt: skip
    for host, probe, command, stdout, stderr, exit_status, complete in session.execute(query):
        yield (
            host,
            Evidence(
                probe=probe, command=command, stdout=stdout, stderr=stderr, exit_status=exit_status, complete=complete
            ),
        )


def seal_run(store: Store, run_id: str, *, private_key: Any | None) -> SignedManifest:
    """Hash the stored run's evidence, sign the manifest (when a key is given) and store it."""
    try:
        with Session(store.engine) as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise StoreError(f"no run {run_id} to seal")
            info = RunInfo.model_validate(row.info)
            signed = seal(build_manifest(info, _evidence(session, run_id)), private_key)
        with Session(store.engine) as session, session.begin():
            session.merge(
                ManifestRow(
                    run_id=run_id,
                    signed=signed.model_dump(mode="json"),
                    digest=signed.digest,
                    key_fingerprint=signed.key_fingerprint,
                )
            )
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot store the manifest of run {run_id}: {exc.__class__.__name__}") from None
    return signed


def stored_manifest(store: Store, run_id: str) -> SignedManifest | None:
    try:
        with Session(store.engine) as session:
            row = session.get(ManifestRow, run_id)
            return None if row is None else SignedManifest.model_validate(row.signed)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the manifest of run {run_id}: {exc.__class__.__name__}") from None


def stored_digests(store: Store, run_id: str) -> dict[str, dict[str, str]]:
    """The run's evidence as it is in the store now, by digest (host -> probe -> sha256)."""
    digests: dict[str, dict[str, str]] = {}
    try:
        with Session(store.engine) as session:
            for host, item in _evidence(session, run_id):
                digests.setdefault(host, {})[item.probe] = digest_of(item)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the evidence of run {run_id}: {exc.__class__.__name__}") from None
    return digests

"""Evidence integrity: a run's manifest of SHA-256 digests, signed with the MSP's Ed25519 key.

An auditor must be able to tell later that a report and the evidence behind it are what the run
collected. At the end of a run every stored probe output is hashed (SHA-256 over a canonical
encoding of probe, command, stdout, stderr, exit status and completeness); the digests, the check
versions, the auditor version and the run's times form the manifest, which is signed with the
MSP's Ed25519 key when one is configured and stored with the run (table `run_manifests`). The JSON
report carries the signed manifest; `auditor verify` recomputes the digests from the store or from
the report and checks them and the signature. Reports show the manifest's fingerprint.

A manifest proves integrity only against a key the auditor trusts: `auditor verify --public-key`
pins it (the MSP publishes its public key's fingerprint); without a pinned key, the signature is
checked against the key carried in the manifest and the output says it is not pinned.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from auditor.core.errors import ConfigError
from auditor.core.runmodel import CheckInfo, Evidence, RunInfo

MANIFEST_VERSION = 1


class Manifest(BaseModel):
    """What a run collected, by digest: host -> probe -> SHA-256 of the probe's evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = MANIFEST_VERSION
    run_id: str
    started_at: datetime
    finished_at: datetime | None
    auditor_version: str
    checks: dict[str, int]  # check id -> version
    feeds: dict[str, str] = {}  # feed name -> version, where the run used any
    evidence: dict[str, dict[str, str]]  # host -> probe -> sha256 hex


class SignedManifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    manifest: Manifest
    digest: str  # sha256 of the canonical manifest: the fingerprint reports show
    signature: str | None = None  # base64 Ed25519 signature of the canonical manifest
    public_key: str | None = None  # base64 raw Ed25519 public key that made it
    key_fingerprint: str | None = None


def evidence_digest(*, probe: str, command: str, stdout: str, stderr: str, exit_status: int, complete: bool) -> str:
    """SHA-256 of one probe's evidence, over a canonical JSON encoding of every field."""
    record = {
        "probe": probe,
        "command": command,
        "stdout": stdout,
        "stderr": stderr,
        "exit_status": exit_status,
        "complete": complete,
    }
    return hashlib.sha256(_canonical(record)).hexdigest()


def digest_of(item: Evidence) -> str:
    return evidence_digest(
        probe=item.probe,
        command=item.command,
        stdout=item.stdout,
        stderr=item.stderr,
        exit_status=item.exit_status,
        complete=item.complete,
    )


def _canonical(value: object) -> bytes:
    # surrogatepass: a host's output may hold lone surrogates; they must hash, not crash
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")


def canonical_manifest(manifest: Manifest) -> bytes:
    return _canonical(manifest.model_dump(mode="json"))


def build_manifest(info: RunInfo, evidence: Iterable[tuple[str, Evidence]]) -> Manifest:
    """The manifest of a run from (host name, evidence) pairs, streamed."""
    digests: dict[str, dict[str, str]] = {}
    for host, item in evidence:
        digests.setdefault(host, {})[item.probe] = digest_of(item)
    return Manifest(
        run_id=info.id,
        started_at=info.started_at,
        finished_at=info.finished_at,
        auditor_version=info.auditor_version,
        checks={check.id: check.version for check in _checks(info.checks)},
        evidence=digests,
    )


def _checks(checks: Iterable[CheckInfo]) -> Iterator[CheckInfo]:
    return iter(sorted(checks, key=lambda check: check.id))


def key_fingerprint(public_raw: bytes) -> str:
    """How people compare keys: SHA256:base64 of the raw public key, as OpenSSH prints them."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(public_raw).digest()).decode().rstrip("=")


def seal(manifest: Manifest, private_key: Any | None) -> SignedManifest:
    """The manifest with its digest, and its Ed25519 signature when a key is given."""
    body = canonical_manifest(manifest)
    digest = hashlib.sha256(body).hexdigest()
    if private_key is None:
        return SignedManifest(manifest=manifest, digest=digest)
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return SignedManifest(
        manifest=manifest,
        digest=digest,
        signature=base64.b64encode(private_key.sign(body)).decode(),
        public_key=base64.b64encode(raw).decode(),
        key_fingerprint=key_fingerprint(raw),
    )


def generate_key(path: Path) -> str:
    """A new Ed25519 key: the private key at `path` (0600, PEM), the public one at `path`.pub.

    Returns the public key's fingerprint. Refuses to overwrite an existing key.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    if path.exists():
        raise ConfigError(f"{path} exists: refusing to overwrite a signing key")
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    public = key.public_key()
    Path(f"{path}.pub").write_bytes(public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    return key_fingerprint(public.public_bytes(Encoding.Raw, PublicFormat.Raw))


def load_private_key(path: Path) -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise ConfigError(f"signing key not found: {path} (create one with `auditor keys init`)") from None
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"cannot read the signing key {path}: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path} is not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> bytes:
    """The raw public key from a PEM public key, or from a PEM private key's public half."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the public key {path}: {exc.strerror}") from None
    if b"PRIVATE KEY" in data:
        return bytes(load_private_key(path).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    try:
        key = load_pem_public_key(data)
    except ValueError as exc:
        raise ConfigError(f"{path}: not a PEM public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path} is not an Ed25519 public key")
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def problems(
    signed: SignedManifest,
    evidence: Mapping[str, Mapping[str, str]],
    *,
    pinned_key: bytes | None,
) -> list[str]:
    """What does not hold between a signed manifest and recomputed digests (host -> probe -> sha256);
    empty when the evidence is unaltered and the signature verifies."""
    found: list[str] = []
    body = canonical_manifest(signed.manifest)
    if hashlib.sha256(body).hexdigest() != signed.digest:
        found.append("the manifest itself was altered (its digest does not match)")
    found.extend(_signature_problems(signed, body, pinned_key=pinned_key))
    expected = signed.manifest.evidence
    for host in sorted(set(expected) | set(evidence)):
        want, have = expected.get(host, {}), evidence.get(host, {})
        for probe in sorted(set(want) | set(have)):
            if probe not in have:
                found.append(f"host {host}: evidence of probe {probe} is missing")
            elif probe not in want:
                found.append(f"host {host}: evidence of probe {probe} is not in the manifest")
            elif want[probe] != have[probe]:
                found.append(f"host {host}: evidence of probe {probe} was altered")
    return found


def _signature_problems(signed: SignedManifest, body: bytes, *, pinned_key: bytes | None) -> list[str]:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if signed.signature is None or signed.public_key is None:
        return ["the manifest is not signed (no signing key was configured for this run)"]
    carried = base64.b64decode(signed.public_key)
    if pinned_key is not None and carried != pinned_key:
        return [f"signed by key {key_fingerprint(carried)}, not by the pinned key {key_fingerprint(pinned_key)}"]
    try:
        Ed25519PublicKey.from_public_bytes(carried).verify(base64.b64decode(signed.signature), body)
    except (InvalidSignature, ValueError):
        return ["the signature does not verify"]
    return []

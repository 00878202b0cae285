"""Signed evidence manifests: a run's stored evidence and its JSON report verify unaltered, and one
changed byte, a wrong key or an unsigned manifest is named (`auditor verify` exits 8)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.store.database import Store
from auditor.store.engine import to_url
from auditor.store.integrity import (
    generate_key,
    load_private_key,
    load_public_key,
    problems,
)
from auditor.store.manifests import seal_run, stored_digests, stored_manifest
from tests.fixtures_runs import store_sample_run

RUN_ID = "20240506T090000Z-7f3a"


def _auditor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "auditor", *args], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def signed_store(tmp_path: Path) -> tuple[Path, Path]:
    key = tmp_path / "keys" / "signing.key"
    generate_key(key)
    db = tmp_path / "auditor.db"
    seal_run(store_sample_run(db), RUN_ID, private_key=load_private_key(key))
    return db, key


def test_a_sealed_run_verifies_and_a_changed_byte_is_named(signed_store: tuple[Path, Path]) -> None:
    db, key = signed_store
    store = Store(to_url(str(db)))
    signed = stored_manifest(store, RUN_ID)
    assert signed is not None and signed.signature and signed.key_fingerprint
    assert (key.stat().st_mode & 0o777) == 0o600
    pinned = load_public_key(Path(f"{key}.pub"))
    assert problems(signed, stored_digests(store, RUN_ID), pinned_key=pinned) == []
    total = sum(len(probes) for probes in signed.manifest.evidence.values())
    assert total > 5

    with sqlite3.connect(db) as connection:  # one byte of one probe's output changed in the store
        probe = connection.execute("SELECT probe FROM evidence ORDER BY id LIMIT 1").fetchone()[0]
        connection.execute("UPDATE evidence SET stdout = stdout || 'x' WHERE id = (SELECT min(id) FROM evidence)")
    found = problems(signed, stored_digests(store, RUN_ID), pinned_key=pinned)
    assert len(found) == 1 and f"evidence of probe {probe} was altered" in found[0]


def test_a_wrong_key_or_no_signature_does_not_verify(signed_store: tuple[Path, Path], tmp_path: Path) -> None:
    db, _key = signed_store
    store = Store(to_url(str(db)))
    signed = stored_manifest(store, RUN_ID)
    assert signed is not None
    other = tmp_path / "other.key"
    generate_key(other)
    found = problems(signed, stored_digests(store, RUN_ID), pinned_key=load_public_key(other))
    assert found and "not by the pinned key" in found[0]
    forged = signed.model_copy(update={"manifest": signed.manifest.model_copy(update={"auditor_version": "9.9"})})
    assert "the manifest itself was altered" in problems(forged, stored_digests(store, RUN_ID), pinned_key=None)[0]
    unsigned = seal_run(store, RUN_ID, private_key=None)
    assert problems(unsigned, stored_digests(store, RUN_ID), pinned_key=None) == [
        "the manifest is not signed (no signing key was configured for this run)"
    ]


def test_auditor_verify_on_the_store_and_on_the_json_report(signed_store: tuple[Path, Path], tmp_path: Path) -> None:
    db, key = signed_store
    ok = _auditor("verify", RUN_ID, "--db", str(db), "--public-key", f"{key}.pub")
    assert ok.returncode == 0, ok.stderr
    assert "verified" in ok.stdout and "unaltered" in ok.stdout

    report = tmp_path / "report.json"
    done = _auditor("report", "--db", str(db), "--run", RUN_ID, "--format", "json", "-o", str(report))
    assert done.returncode == 0, done.stderr
    document = json.loads(report.read_text())
    assert document["integrity"]["key_fingerprint"].startswith("SHA256:")
    assert _auditor("verify", str(report), "--public-key", f"{key}.pub").returncode == 0

    host = document["hosts"][0]
    host["evidence"][0]["stdout"] += " "
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(document))
    bad = _auditor("verify", str(tampered), "--public-key", f"{key}.pub")
    assert bad.returncode == 8
    assert f"host {host['name']}: evidence of probe {host['evidence'][0]['probe']} was altered" in bad.stderr

    html = tmp_path / "report.html"
    assert _auditor("report", "--db", str(db), "--run", RUN_ID, "--format", "html", "-o", str(html)).returncode == 0
    assert document["integrity"]["key_fingerprint"] in html.read_text()


def test_keys_init_refuses_to_overwrite(tmp_path: Path) -> None:
    key = tmp_path / "k"
    first = _auditor("keys", "init", "--key", str(key))
    assert first.returncode == 0, first.stderr and "fingerprint SHA256:" in first.stdout
    again = _auditor("keys", "init", "--key", str(key))
    assert again.returncode == 2 and "refusing to overwrite" in again.stderr

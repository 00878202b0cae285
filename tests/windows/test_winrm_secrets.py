"""A WinRM host that cannot be reached: an error result with the reason, and its password nowhere.

The password comes from AUDITOR_WINRM_PASSWORD (and, for a second host, from the inventory's
ansible_password). After a whole `auditor run` it must not appear in the log records, the
command's output, any report format or the bytes of the SQLite store.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from pathlib import Path

import pytest

from auditor.cli.main import main

ENV_PASSWORD = "Env-WinRM-Pass-8c41f"  # distinctive strings, so that a leak cannot hide in other text
INVENTORY_PASSWORD = "Inv-WinRM-Pass-93d2e"
FORMATS = ("html", "json", "csv", "junit", "markdown", "onboarding")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_winrm_host_is_an_error_and_its_password_leaks_nowhere(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = _closed_port()
    inventory = tmp_path / "hosts.ini"
    inventory.write_text(
        "[winclient]\n"
        f"winsrv ansible_host=127.0.0.1 ansible_port={port} ansible_user=Administrator ansible_connection=winrm "
        "ansible_winrm_transport=ntlm\n"
        f"winps ansible_host=127.0.0.1 ansible_port={port} ansible_user=svc ansible_connection=psrp "
        f"ansible_password={INVENTORY_PASSWORD}\n"
    )
    monkeypatch.setenv("AUDITOR_WINRM_PASSWORD", ENV_PASSWORD)
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "out"
    db = tmp_path / "auditor.db"
    code = main(
        [
            "run",
            "-i",
            str(inventory),
            "--db",
            str(db),
            "--output-dir",
            str(out),
            "--format",
            ",".join(FORMATS),
            "--connect-timeout",
            "5",
            "--no-progress",
        ]
    )
    captured = capsys.readouterr()
    assert code == 3, captured.err  # hosts unassessed
    report = json.loads(next(out.glob("*.json")).read_text())
    hosts = {host["name"]: host for host in report["hosts"]}
    assert hosts["winsrv"]["assessed"] is False
    assert hosts["winsrv"]["error_kind"] == "unreachable"
    assert hosts["winsrv"]["error"] == f"WinRM: connection refused to 127.0.0.1:{port} (https)"
    assert hosts["winps"]["error"] == f"WinRM: connection refused to 127.0.0.1:{port} (https)"
    assert f"connection refused to 127.0.0.1:{port}" in captured.err

    files = sorted(out.iterdir())
    assert {path.suffix for path in files} >= {".html", ".json", ".csv", ".xml", ".md"}
    for secret in (ENV_PASSWORD, INVENTORY_PASSWORD):
        assert secret not in captured.out and secret not in captured.err
        assert all(secret not in record.getMessage() for record in caplog.records)
        assert secret not in caplog.text
        for path in files:
            assert secret.encode() not in path.read_bytes(), path.name
        assert secret.encode() not in db.read_bytes()
    assert "AUDITOR_WINRM_PASSWORD" not in os.environ  # read once and removed


@pytest.mark.parametrize("name", ["ansible_winrm_password", "ansible_winrm_pass"])
def test_winrm_plugin_password_variables_are_secrets_not_vars(tmp_path: Path, name: str) -> None:
    from auditor.inventory import load_inventory

    inventory = tmp_path / "hosts.ini"
    inventory.write_text(f"[acme]\nwin1 ansible_connection=winrm {name}=Sekr1t-winrm\n")
    (host,) = load_inventory(inventory).hosts
    assert name not in host.vars
    assert host.secrets.ssh_password == "Sekr1t-winrm"
    assert "Sekr1t-winrm" not in repr(host)

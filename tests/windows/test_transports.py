"""Reaching Windows hosts: WinRM endpoint settings, the per-host choice, and the Ansible job for Windows."""

from __future__ import annotations

import base64
import json
import socket
from pathlib import Path

import pytest

from auditor.inventory import Host
from auditor.inventory.model import Secrets
from auditor.transport.ansible import AnsibleOptions, AnsibleTransport, Job, event_outcome, job_spec
from auditor.transport.base import CommandResult, ErrorKind, TransportError
from auditor.transport.choose import ByConnection
from auditor.transport.psrp import Endpoint, PsrpTransport, WinrmOptions, endpoint_for
from auditor.transport.windows import bootstrap_command

PASSWORD = "Winrm-Secret-4711"


def _win(**values: object) -> Host:
    port = int(str(values.pop("ansible_port", 22)))
    return Host(
        name="srv", client="acme", address="10.0.0.5", port=port, user="Administrator", connection="winrm", vars=values
    )


def test_winrm_defaults_are_https_5986_with_certificate_validation() -> None:
    assert endpoint_for(_win()) == Endpoint(
        server="10.0.0.5", port=5986, ssl=True, path="wsman", auth="negotiate", cert_validation=True
    )


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"ansible_port": 5985}, (5985, False, "negotiate", True)),
        ({"ansible_port": 5985, "ansible_winrm_scheme": "https"}, (5985, True, "negotiate", True)),
        ({"ansible_winrm_transport": "ntlm"}, (5986, True, "ntlm", True)),
        ({"ansible_winrm_transport": "kerberos,ntlm"}, (5986, True, "kerberos", True)),
        ({"ansible_winrm_transport": "credssp"}, (5986, True, "credssp", True)),
        ({"ansible_winrm_server_cert_validation": "ignore"}, (5986, True, "negotiate", False)),
        ({"ansible_winrm_ca_trust_path": "/etc/msp/ca.pem"}, (5986, True, "negotiate", "/etc/msp/ca.pem")),
    ],
)
def test_ansible_winrm_variables_are_honoured(variables: dict[str, object], expected: tuple[object, ...]) -> None:
    endpoint = endpoint_for(_win(**variables))
    assert (endpoint.port, endpoint.ssl, endpoint.auth, endpoint.cert_validation) == expected


def test_psrp_variables_are_honoured_for_psrp_hosts() -> None:
    host = Host(
        name="srv",
        client="acme",
        address="srv.corp",
        port=5985,
        user="svc-audit",
        connection="psrp",
        vars={
            "ansible_psrp_protocol": "http",
            "ansible_psrp_auth": "kerberos",
            "ansible_psrp_cert_validation": "ignore",
        },
    )
    assert endpoint_for(host) == Endpoint(
        server="srv.corp", port=5985, ssl=False, path="wsman", auth="kerberos", cert_validation=False
    )


@pytest.mark.parametrize(
    "variables",
    [
        {"ansible_winrm_scheme": "ftp"},
        {"ansible_winrm_transport": "smoke-signals"},
        {"ansible_winrm_server_cert_validation": "sometimes"},
    ],
)
def test_settings_the_auditor_cannot_honour_are_config_errors(variables: dict[str, object]) -> None:
    with pytest.raises(TransportError) as caught:
        endpoint_for(_win(**variables))
    assert caught.value.kind is ErrorKind.CONFIG


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_winrm_host_is_an_error_with_the_reason() -> None:
    port = _closed_port()
    host = Host(name="w", client="c", address="127.0.0.1", port=port, user="Administrator", connection="winrm")
    with pytest.raises(TransportError) as caught:
        PsrpTransport(WinrmOptions(password=PASSWORD, connect_timeout=5)).run_script(host, "1")
    assert caught.value.kind is ErrorKind.UNREACHABLE
    assert caught.value.reason == f"WinRM: connection refused to 127.0.0.1:{port} (https)"


def test_no_password_is_an_auth_error_naming_the_variable() -> None:
    host = Host(
        name="w", client="c", address="127.0.0.1", port=_closed_port(), user="Administrator", connection="winrm"
    )
    with pytest.raises(TransportError) as caught:
        PsrpTransport(WinrmOptions()).run_script(host, "1")
    assert caught.value.kind is ErrorKind.AUTH
    assert "AUDITOR_WINRM_PASSWORD" in caught.value.reason


class _Named:
    def __init__(self, name: str) -> None:
        self.name = name

    def run_script(self, host: Host, script: str) -> CommandResult:
        return CommandResult(exit_status=0, stdout=self.name.encode(), stderr=b"")


@pytest.mark.parametrize(
    ("connection", "shell_type", "used"),
    [("winrm", None, b"winrm"), ("psrp", None, b"winrm"), ("ssh", "powershell", b"ssh"), ("ssh", None, b"ssh")],
)
def test_own_transport_is_chosen_per_host(connection: str, shell_type: str | None, used: bytes) -> None:
    host = Host(
        name="h",
        client="c",
        address="h",
        connection=connection,
        vars={"ansible_shell_type": shell_type} if shell_type else {},
    )
    chosen = ByConnection(ssh=_Named("ssh"), winrm=_Named("winrm"))
    assert chosen.run_script(host, "x").stdout == used


def test_ansible_jobs_for_windows_hosts_run_the_bootstrap_without_become() -> None:
    windows = Host(name="w", client="c", address="w", become=True, connection="psrp")
    linux = Host(name="l", client="c", address="l", become=True)
    assert job_spec(Job(host=windows, script="SCRIPT")) == {
        "script": "SCRIPT",
        "become": False,
        "jump": None,
        "windows": True,
        "bootstrap": bootstrap_command(),
    }
    assert job_spec(Job(host=linux, script="SCRIPT")) == {"script": "SCRIPT", "become": True, "jump": None}


def test_framed_windows_output_from_ansible_psrp_is_unframed() -> None:
    framed = "\r\n".join(
        f"AUDITOR-FRAME {kind} {base64.b64encode(text.encode()).decode()}"
        for kind, text in (("O", "out"), ("E", "err"))
    )
    assert event_outcome("runner_on_ok", {"exit_status": 0, "stdout": framed, "stderr": "", "windows": True}) == (
        CommandResult(exit_status=0, stdout=b"out", stderr=b"err")
    )
    # a Linux host's output is never unframed, whatever it prints
    linux = event_outcome("runner_on_ok", {"exit_status": 0, "stdout": framed, "stderr": ""})
    assert isinstance(linux, CommandResult) and linux.stdout == framed.encode()


def test_ansible_gets_the_winrm_password_from_the_secret_socket_only(tmp_path: Path) -> None:
    pytest.importorskip("ansible_runner")
    from auditor.transport.ansible import secret_table

    options = AnsibleOptions(inventory="inv.ini", winrm_password=PASSWORD)
    transport = AnsibleTransport(options)
    windows = Host(name="w", client="c", address="w", connection="winrm", secrets=Secrets())
    pdd = tmp_path / "pdd"
    pdd.mkdir(mode=0o700)
    settings = transport._prepare(pdd, [Job(host=windows, script="S")])
    assert secret_table([Job(host=windows, script="S")], options) == {("w", "winrm"): PASSWORD}
    assert PASSWORD not in json.dumps(settings)
    on_disk = b"".join(path.read_bytes() for path in pdd.rglob("*") if path.is_file())
    assert PASSWORD.encode() not in on_disk
    assert json.loads((pdd / "scripts.json").read_text())["w"]["windows"] is True

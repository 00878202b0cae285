"""Choosing how a run reaches its hosts: auditor's own SSH (paramiko) or Ansible.

Windows hosts are recognised from the inventory as Ansible does (auditor.transport.windows.is_windows):
with auditor's own transport, `ansible_connection=winrm|psrp` hosts go over WinRM
(auditor.transport.psrp) and `ansible_shell_type=powershell` hosts over SSH, both running the
PowerShell collector; with Ansible, its own connection plugins reach them.

The choice decides two things together, so that they always agree: who reads the inventory
(auditor's own reader for SSH; `ansible-inventory --list` for Ansible, so that dynamic
inventories, vault and templates work), and which transport runs the collector. Least-privilege
mode (`--least-privilege`) is applied here too: it marks every host with become, and the
pipeline then runs only the marked commands through sudo (see auditor.checklib.sudoers).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from auditor.checklib.sudoers import LEAST_PRIVILEGE_VAR, least_privilege
from auditor.inventory import Host, Inventory, load_inventory
from auditor.transport.base import CommandResult, Transport
from auditor.transport.windows import WINDOWS_CONNECTIONS

TransportKind = Literal["ssh", "ansible"]
TRANSPORTS: tuple[TransportKind, ...] = ("ssh", "ansible")


@dataclass(frozen=True)
class ConnectionSettings:
    """The connection options of `auditor run` beyond the SSH basics (known_hosts, timeouts)."""

    transport: TransportKind = "ssh"
    ssh_config: Path | None = None  # None: ~/.ssh/config when it exists
    vault_password_file: Path | None = None  # Ansible only
    key_passphrase: str | None = field(default=None, repr=False)  # SSH: for encrypted private keys
    least_privilege: bool = False


def load_selection(inventory: str, limit: str | None, *, settings: ConnectionSettings) -> Inventory:
    """The hosts to audit, read the way the chosen transport will reach them."""
    if settings.transport == "ansible":
        from auditor.transport.ansible_inventory import load_ansible_inventory

        chosen = load_ansible_inventory(inventory, vault_password_file=settings.vault_password_file).select(limit)
    else:
        chosen = load_inventory(inventory).select(limit)
    if not settings.least_privilege:
        return chosen
    hosts = tuple(
        dataclasses.replace(host, vars={**host.vars, LEAST_PRIVILEGE_VAR: True}) if host.become else host
        for host in chosen.hosts
    )
    return Inventory(sources=chosen.sources, hosts=hosts)


def make_transport(
    settings: ConnectionSettings,
    *,
    inventory: str,
    known_hosts: Path | None,
    trust_on_first_use: bool,
    connect_timeout: float,
    command_timeout: float,
    become_password: str | None,
    forks: int,
) -> Transport:
    """The transport for a run (Ansible's also has run_scripts: see auditor.transport.batch)."""
    from auditor.transport.psrp import PASSWORD_ENV

    if settings.transport == "ansible":
        from auditor.transport.ansible import AnsibleOptions, AnsibleTransport

        return AnsibleTransport(
            AnsibleOptions(
                inventory=inventory,
                known_hosts=known_hosts.expanduser() if known_hosts else None,
                trust_on_first_use=trust_on_first_use,
                ssh_config=settings.ssh_config,
                connect_timeout=connect_timeout,
                command_timeout=command_timeout,
                forks=forks,
                become_password=become_password,
                vault_password_file=settings.vault_password_file,
                winrm_password=os.environ.pop(PASSWORD_ENV, None) or None,
            )
        )
    from auditor.transport.psrp import PsrpTransport, WinrmOptions
    from auditor.transport.ssh import SshOptions, SshTransport

    defaults = SshOptions()
    winrm = PsrpTransport(
        WinrmOptions(
            connect_timeout=connect_timeout,
            command_timeout=command_timeout,
            password=os.environ.pop(PASSWORD_ENV, None) or None,  # read once, kept from child processes
        )
    )
    ssh = SshTransport(
        SshOptions(
            known_hosts=(known_hosts or defaults.known_hosts).expanduser(),
            trust_on_first_use=trust_on_first_use,
            connect_timeout=connect_timeout,
            command_timeout=command_timeout,
            become_password=become_password,
            key_passphrase=settings.key_passphrase,
            ssh_config=settings.ssh_config,
        )
    )
    return ByConnection(ssh=ssh, winrm=winrm)


class ByConnection:
    """Auditor's own transports: WinRM/PSRP for hosts whose ansible_connection says so, else SSH
    (which also reaches Windows hosts running OpenSSH: see auditor.transport.windows)."""

    def __init__(self, *, ssh: Transport, winrm: Transport) -> None:
        self._ssh = ssh
        self._winrm = winrm

    def run_script(self, host: Host, script: str) -> CommandResult:
        chosen = self._winrm if host.connection in WINDOWS_CONNECTIONS else self._ssh
        return chosen.run_script(host, script)

    def cancel(self) -> None:
        """Ctrl-C: both transports stop starting hosts and cut running commands short (without
        this the run waited for a slow host's whole command timeout, and never stored it)."""
        for transport in (self._ssh, self._winrm):
            cancel = getattr(transport, "cancel", None)
            if cancel is not None:
                cancel()


@contextmanager
def collection(
    transport: Transport, hosts: Sequence[Host], *, script_for: Callable[[Host], str]
) -> Iterator[Transport]:
    """What `audit_host` should call: the transport itself, or a batch run's pending results."""
    from auditor.transport.batch import open_collection

    def job_for(host: Host, script: str) -> object:
        from auditor.transport.ansible import Job

        return Job(host=transport_view(host), script=script)

    with open_collection(transport, hosts, script_for=script_for, job_for=job_for) as chosen:
        yield chosen


def transport_view(host: Host) -> Host:
    """The host as the transport must reach it: no whole-script become in least-privilege mode."""
    return dataclasses.replace(host, become=False) if least_privilege(host) else host

"""What the rest of the auditor sees of an inventory: hosts ready to connect to, grouped by client.

Values are immutable so that a selection or a report can never change the inventory it came
from. Passwords live apart from the other variables, in `Secrets`, whose repr never shows
them, so that logging a host or putting it in an error can't leak one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.inventory.selection import select_hosts


@dataclass(frozen=True)
class Secrets:
    """A host's passwords: kept out of `Host.vars`, out of every repr and out of comparisons.

    `own_become_password` says the host has a sudo password of its own (in the inventory, perhaps
    vaulted, or through `auditor_become_password_env`): the fleet's password (-K,
    AUDITOR_BECOME_PASSWORD) is then never given to it, so a host that harvests the password sudo
    is handed learns only its own.
    """

    become_password: str | None = field(default=None, repr=False)
    ssh_password: str | None = field(default=None, repr=False)
    own_become_password: bool = False

    def become_password_or(self, fleet: str | None) -> str | None:
        """The sudo password this host may be given: its own when it has one, else the fleet's."""
        if self.own_become_password or self.become_password is not None:
            return self.become_password
        return fleet

    def __repr__(self) -> str:
        return "Secrets(<redacted>)"


@dataclass(frozen=True)
class Host:
    """One inventory host with its connection settings resolved (see the package docstring)."""

    name: str
    client: str
    address: str
    port: int = 22
    user: str | None = None
    private_key_file: str | None = None
    become: bool = False
    become_user: str = "root"
    become_method: str = "sudo"
    connection: str = "ssh"
    groups: tuple[str, ...] = ()
    # hash=False: the mapping isn't hashable, and a host is identified by its other fields anyway.
    vars: Mapping[str, Any] = field(default_factory=dict, hash=False)
    # Where each auditor_* variable was set ("path:line"), so that a bad check setting can be reported
    # against the line a person has to edit (auditor.checklib.settings).
    var_origins: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False, repr=False)
    secrets: Secrets = field(default_factory=Secrets, repr=False, compare=False)


@dataclass(frozen=True)
class Inventory:
    """The hosts of one inventory in declaration order, and the files they were read from."""

    sources: tuple[Path, ...]
    hosts: tuple[Host, ...]

    def clients(self) -> dict[str, tuple[Host, ...]]:
        """Hosts per client, clients sorted by name, hosts in inventory order."""
        grouped: dict[str, list[Host]] = {}
        for host in self.hosts:
            grouped.setdefault(host.client, []).append(host)
        return {client: tuple(grouped[client]) for client in sorted(grouped)}

    def select(self, pattern: str | None) -> Inventory:
        """The hosts an Ansible-like `--limit` pattern names (None: all); see `selection`."""
        if pattern is None:
            return self
        return Inventory(sources=self.sources, hosts=select_hosts(self.hosts, pattern))

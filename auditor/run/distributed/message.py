"""The task message: one host's inventory entry and the run's settings, as plain JSON.

It carries what a worker needs to audit the host exactly as a local run would (the host with the
profile's and the config's settings already merged into its auditor_* vars, the check ids and
versions, timeouts, waivers) and never a secret: `Host.secrets` (inventory passwords) is left
out, and the worker takes passwords and key passphrases from its own environment: the fleet's
(`auditor worker --become-password-env`) and a host's own, from the variable its
`auditor_become_password_env` names, as a local run does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from auditor.evaluate.waivers import WaiverEntry
from auditor.inventory import Host
from auditor.inventory.model import Secrets
from auditor.inventory.varnames import BECOME_PASSWORD_ENV

MESSAGE_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HostEntry(_Model):
    """A `Host` without its secrets."""

    name: str
    client: str
    address: str
    port: int
    user: str | None
    private_key_file: str | None
    become: bool
    become_user: str
    become_method: str
    connection: str
    groups: list[str]
    vars: dict[str, Any]

    @classmethod
    def of(cls, host: Host) -> HostEntry:
        return cls(
            name=host.name,
            client=host.client,
            address=host.address,
            port=host.port,
            user=host.user,
            private_key_file=host.private_key_file,
            become=host.become,
            become_user=host.become_user,
            become_method=host.become_method,
            connection=host.connection,
            groups=list(host.groups),
            vars=dict(host.vars),
        )

    def host(self) -> Host:
        """The host as the worker audits it, with its own sudo password from the worker's environment."""
        return Host(
            name=self.name,
            client=self.client,
            address=self.address,
            port=self.port,
            user=self.user,
            private_key_file=self.private_key_file,
            become=self.become,
            become_user=self.become_user,
            become_method=self.become_method,
            connection=self.connection,
            groups=tuple(self.groups),
            vars=dict(self.vars),
            secrets=self._own_secrets(),
        )

    def _own_secrets(self) -> Secrets:
        """A host with `auditor_become_password_env` has a sudo password of its own: read from the
        worker's environment. Not set there, the host still never gets the fleet's password (sudo
        then refuses, and the host is reported not assessed), as a local run never gives it either."""
        name = self.vars.get(BECOME_PASSWORD_ENV)
        if not isinstance(name, str) or not name:
            return Secrets()
        return Secrets(become_password=os.environ.get(name) or None, own_become_password=True)


class CheckRef(_Model):
    id: str
    version: int


class HostTask(_Model):
    """One host to audit under a run that the controller already created in the shared store."""

    version: Literal[1] = 1  # MESSAGE_VERSION
    run_id: str
    site: str
    queue: str
    host: HostEntry
    checks: list[CheckRef] = Field(min_length=1)
    transport: Literal["ssh"] = "ssh"
    connect_timeout: float
    command_timeout: float
    waivers: list[WaiverEntry] = Field(default_factory=list)
    deadline: datetime  # after it the controller has reported the host as error; the task is dropped

    def payload(self) -> dict[str, Any]:
        """The message body: JSON types only, so that no serializer has to guess."""
        return self.model_dump(mode="json")


def check_refs(checks: Sequence[object]) -> list[CheckRef]:
    from auditor.checklib.checkdef import Check

    refs = []
    for check in checks:
        assert isinstance(check, Check)
        refs.append(CheckRef(id=check.meta.id, version=check.meta.version))
    return refs

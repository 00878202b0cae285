"""Turning a host's merged variables into typed connection settings, refusing what can't be used.

Each setting is read from the Ansible variable names in `varnames` (the last one defined wins,
as in Ansible). A value that is vault-encrypted or a Jinja2 template (`{{ ... }}`) can't be
used without Ansible, so it is an error here rather than a wrong address or password later.
Messages name the variable, the file:line it was set at and the host, never a password.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from auditor.core.errors import InventoryError
from auditor.inventory import varnames
from auditor.inventory.hostnames import MAX_PORT, is_number
from auditor.inventory.model import Host, Secrets
from auditor.inventory.raw import Sourced, VarMap
from auditor.inventory.yamlfile import Vault, kind_of, plain

TRUE_WORDS = frozenset({"true", "yes", "on", "1", "y", "t"})
FALSE_WORDS = frozenset({"false", "no", "off", "0", "n", "f"})
SUPPORTED_BECOME_METHODS = ("sudo",)


@dataclass(frozen=True)
class _Setting:
    """The variable that provides a setting, as found in the merged variables."""

    host: str
    key: str
    value: Any
    origin: str

    def fail(self, problem: str) -> InventoryError:
        return InventoryError(f"{self.origin}: {problem} (host {self.host})")


def build_host(name: str, merged: VarMap, *, client: str, groups: tuple[str, ...]) -> Host:
    """The Host for `name` from its merged variables (see `resolve` for how they are merged)."""

    def setting(names: tuple[str, ...]) -> _Setting | None:
        return _pick(merged, names, host=name)

    method = setting(varnames.BECOME_METHOD)
    become_method = _text(method) or "sudo"
    if method is not None and become_method not in SUPPORTED_BECOME_METHODS:
        raise method.fail(f"{method.key} '{become_method}' is not supported, only sudo")
    key_file = _text(setting(varnames.PRIVATE_KEY_FILE))
    return Host(
        name=name,
        client=client,
        address=_text(setting(varnames.ADDRESS)) or name,
        port=_port(setting(varnames.PORT)),
        user=_text(setting(varnames.USER)),
        private_key_file=os.path.expanduser(key_file) if key_file else None,
        become=_boolean(setting(varnames.BECOME)),
        become_user=_text(setting(varnames.BECOME_USER)) or "root",
        become_method=become_method,
        connection=_text(setting(varnames.CONNECTION)) or "ssh",
        groups=groups,
        vars=_public_vars(merged),
        var_origins={key: found.origin for key, found in merged.items() if key.startswith("auditor_")},
        secrets=_secrets(merged, name),
    )


def _secrets(merged: VarMap, name: str) -> Secrets:
    """The host's passwords: `ansible_become_password`, else the variable `auditor_become_password_env` names."""
    become = _text(_pick(merged, varnames.BECOME_PASSWORD, host=name), secret=True)
    if become is None:
        become = _become_password_from_env(_pick(merged, (varnames.BECOME_PASSWORD_ENV,), host=name))
    return Secrets(
        become_password=become,
        ssh_password=_text(_pick(merged, varnames.SSH_PASSWORD, host=name), secret=True),
        own_become_password=become is not None,
    )


def _become_password_from_env(setting: _Setting | None) -> str | None:
    """The password in the environment variable that `auditor_become_password_env` names."""
    name = _text(setting)
    if setting is None or name is None:
        return None
    value = os.environ.get(name)
    if not value:
        raise setting.fail(f"{setting.key} names the environment variable {name}, which is not set")
    return value


def client_name(host: str, found: Sourced) -> str:
    """The value of a `client` variable, which must be a plain, non-empty name."""
    client = _text(_Setting(host=host, key=varnames.CLIENT, value=found.value, origin=found.origin))
    assert client is not None  # callers only pass a defined value
    return client


def _pick(merged: VarMap, names: tuple[str, ...], *, host: str) -> _Setting | None:
    """The last of `names` with a non-null value, as Ansible's plugins choose among aliases."""
    chosen: _Setting | None = None
    for key in names:
        found = merged.get(key)
        if found is not None and found.value is not None:
            chosen = _Setting(host=host, key=key, value=found.value, origin=found.origin)
    return chosen


def _usable(setting: _Setting) -> None:
    if isinstance(setting.value, Vault):
        raise setting.fail(
            f"{setting.key} is vault-encrypted; use --transport ansible (with --vault-password-file) or a plain value"
        )
    if isinstance(setting.value, str) and ("{{" in setting.value or "{%" in setting.value):
        raise setting.fail(
            f"{setting.key} is a Jinja2 template, which the auditor does not evaluate; use a plain value"
        )


def _text(setting: _Setting | None, *, secret: bool = False) -> str | None:
    """A string setting; numbers become text (INI reads `ansible_user=1001` as an int)."""
    if setting is None:
        return None
    _usable(setting)
    value = setting.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise setting.fail(f"{setting.key} must be a string, found {kind_of(value)}")
    if not secret and not value.strip():
        raise setting.fail(f"{setting.key} is empty")
    return value if secret else value.strip()


def _port(setting: _Setting | None) -> int:
    if setting is None:
        return 22
    _usable(setting)
    value = setting.value
    text = str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not is_number(text) or not 1 <= int(text) <= MAX_PORT:
        shown = value if isinstance(value, int | float | str) else kind_of(value)
        raise setting.fail(f"{setting.key} '{shown}' is not a port number")
    return int(text)


def _boolean(setting: _Setting | None) -> bool:
    """Ansible's boolean words (true/yes/on/1/y/t and their opposites), any case."""
    if setting is None:
        return False
    _usable(setting)
    value = setting.value
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, int | float | str) else ""
    if word in TRUE_WORDS or value == 1:
        return True
    if word in FALSE_WORDS or value == 0:
        return False
    shown = value if isinstance(value, int | float | str) else kind_of(value)
    raise setting.fail(f"{setting.key} '{shown}' is not a boolean (use true or false)")


def _public_vars(merged: VarMap) -> dict[str, Any]:
    """Every merged variable but the passwords, as fresh plain values (a copy per host).

    A plain dict rather than a read-only proxy so that hosts can be pickled and deep-copied.
    """
    return {key: plain(found.value) for key, found in merged.items() if key not in varnames.SECRET_VARS}

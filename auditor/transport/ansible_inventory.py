"""The inventory as Ansible itself resolves it, for the Ansible transport: `ansible-inventory --list`.

Everything Ansible accepts works here: dynamic inventory plugins and scripts, `ansible.cfg`,
vault-encrypted variables, templated values. Ansible connects with its own view of each host, so
the `Host` built here only names and describes hosts for reports and carries the `auditor_*`
policy variables; its address, user and port are shown as written (a template or a vaulted value
is shown as is, or not at all) and never used to connect. The client rule is the same as for
auditor's own reader (see auditor.inventory): a `client` variable, else the one top-level group.
Passwords (and any vault-encrypted value) are left out of the host's variables.

Jinja2 templates in inventory values are refused, as on the SSH path: ansible-playbook renders
them on this machine when it connects, so `ansible_host="{{ lookup('pipe', ...) }}"` from a
tampered inventory source would run a command here. `ansible-inventory --list` shows values
unrendered, so every host and group variable is checked there, before Ansible runs anything.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from auditor.core.errors import ConfigError, InventoryError
from auditor.inventory import Host, Inventory, Secrets, varnames
from auditor.inventory.connection import FALSE_WORDS, TRUE_WORDS

ALL = "all"
UNGROUPED = "ungrouped"
DEFAULT_CLIENT = "default"
VAULT_KEY = "__ansible_vault"
TIMEOUT_SECONDS = 300


def ansible_binary(name: str) -> str:
    """An Ansible command, preferably from the environment auditor runs in (its venv)."""
    import shutil
    import sys

    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise ConfigError(f"{name} not found: install the Ansible extra (pip install 'auditor[ansible]')")
    return found


def load_ansible_inventory(spec: str, *, vault_password_file: Path | None = None) -> Inventory:
    """Hosts of `spec` (a path or Ansible's 'h1,h2,' list) as `ansible-inventory --list` sees them."""
    argv = [ansible_binary("ansible-inventory"), "-i", spec, "--list"]
    if vault_password_file is not None:
        argv += ["--vault-password-file", str(vault_password_file)]
    with tempfile.TemporaryDirectory(prefix="auditor-ansible-inv-") as scratch:
        env = {**os.environ, "ANSIBLE_LOCAL_TEMP": scratch, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_DEPRECATION_WARNINGS": "0"}
        try:
            done = subprocess.run(
                argv,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                env=env,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise InventoryError(f"ansible-inventory did not finish reading {spec} in {TIMEOUT_SECONDS}s") from None
    if done.returncode != 0:
        raise InventoryError(f"ansible-inventory cannot read {spec}: {_last_error(done.stderr)}")
    try:
        listing = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise InventoryError(f"ansible-inventory printed no JSON for {spec}: {exc}") from None
    hosts = hosts_from_listing(listing, origin=spec)
    sources = (Path(spec).resolve(),) if Path(spec).exists() else ()
    return Inventory(sources=sources, hosts=hosts)


def _last_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    telling = [line for line in lines if "ERROR" in line or "error" in line] or lines
    return telling[-1][:300] if telling else "no error message"


def hosts_from_listing(listing: Mapping[str, Any], *, origin: str) -> tuple[Host, ...]:
    """Hosts from the JSON of `ansible-inventory --list`, in Ansible's order."""
    meta = listing.get("_meta", {})
    hostvars: Mapping[str, Mapping[str, Any]] = meta.get("hostvars", {}) if isinstance(meta, Mapping) else {}
    groups = {name: body for name, body in listing.items() if name != "_meta" and isinstance(body, Mapping)}
    parents: dict[str, set[str]] = {name: set() for name in groups}
    direct: dict[str, set[str]] = {}
    for name, body in groups.items():
        for child in body.get("children", []):
            parents.setdefault(child, set()).add(name)
        for member in body.get("hosts", []):
            direct.setdefault(member, set()).add(name)
    top_level = set(groups.get(ALL, {}).get("children", [])) - {UNGROUPED}
    names = list(dict.fromkeys([*hostvars, *direct]))
    for group, body in groups.items():
        _refuse_templates(body.get("vars", {}), where=f"group {group}", origin=origin)
    hosts = []
    for name in names:
        _refuse_templates(hostvars.get(name, {}), where=f"host {name}", origin=origin)
        member_of = _ancestors(direct.get(name, set()), parents)
        hosts.append(_host(name, dict(hostvars.get(name, {})), groups=member_of, top_level=top_level, origin=origin))
    return tuple(hosts)


_TEMPLATE_MARKERS = ("{{", "{%", "{#")
_MAX_DEPTH = 32


def _refuse_templates(variables: Any, *, where: str, origin: str) -> None:
    """InventoryError for the first variable whose value (at any depth) holds a Jinja2 template."""
    if not isinstance(variables, Mapping):
        return
    for key, value in variables.items():
        if _has_template(value, depth=0):
            raise InventoryError(
                f"{origin}: {where}: variable {key} is a Jinja2 template, which auditor does not let Ansible "
                "evaluate (it would run on this machine); use a plain value"
            )


def _has_template(value: Any, *, depth: int) -> bool:
    if isinstance(value, str):
        return any(marker in value for marker in _TEMPLATE_MARKERS)
    if depth >= _MAX_DEPTH:
        return isinstance(value, Mapping | list)  # deeper than any real inventory: refuse rather than guess
    if isinstance(value, Mapping):
        if VAULT_KEY in value:
            return False  # vault ciphertext: only a holder of the vault password can have written it
        return any(_has_template(k, depth=depth + 1) or _has_template(v, depth=depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_template(item, depth=depth + 1) for item in value)
    return False


def _ancestors(direct: set[str], parents: Mapping[str, set[str]]) -> set[str]:
    found: set[str] = set()
    stack = list(direct)
    while stack:
        group = stack.pop()
        if group not in found:
            found.add(group)
            stack.extend(parents.get(group, ()))
    found.discard(ALL)
    if found - {UNGROUPED}:
        found.discard(UNGROUPED)
    return found or {UNGROUPED}


def _vaulted(value: Any) -> bool:
    return isinstance(value, Mapping) and VAULT_KEY in value


def _pick(variables: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    """The last of `names` that is set (Ansible's alias order); None when unset or vaulted."""
    chosen = None
    for key in names:
        value = variables.get(key)
        if value is not None:
            chosen = value
    return None if _vaulted(chosen) else chosen


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    return word in TRUE_WORDS and word not in FALSE_WORDS


def _host(name: str, variables: dict[str, Any], *, groups: set[str], top_level: set[str], origin: str) -> Host:
    client = variables.get(varnames.CLIENT)
    if _vaulted(client):
        raise InventoryError(f"{origin}: the client of host {name} is vault-encrypted; use a plain value")
    if client is None:
        top = sorted(groups & top_level)
        if len(top) > 1:
            raise InventoryError(
                f"{origin}: host {name} is in several top-level groups ({', '.join(top)}); set a `client` variable"
            )
        client = top[0] if top else DEFAULT_CLIENT
    port = _pick(variables, varnames.PORT)
    user = _pick(variables, varnames.USER)
    key_file = _pick(variables, varnames.PRIVATE_KEY_FILE)
    become = _pick(variables, varnames.BECOME)
    public = {key: value for key, value in variables.items() if key not in varnames.SECRET_VARS and not _vaulted(value)}
    secrets = _secrets(name, variables, origin=origin)
    return Host(
        name=name,
        client=str(client),
        address=str(_pick(variables, varnames.ADDRESS) or name),
        port=int(port) if str(port).isdigit() else 22,
        user=str(user) if user is not None else None,
        private_key_file=str(key_file) if key_file is not None else None,
        become=_boolean(become) if become is not None else False,
        become_user=str(_pick(variables, varnames.BECOME_USER) or "root"),
        become_method=str(_pick(variables, varnames.BECOME_METHOD) or "sudo"),
        connection=str(_pick(variables, varnames.CONNECTION) or "ssh"),
        groups=tuple(sorted(groups)),
        vars=public,
        secrets=secrets,
    )


def _secrets(name: str, variables: Mapping[str, Any], *, origin: str) -> Secrets:
    """Whether the host has a sudo password of its own, and its value when auditor must hand it over.

    An `ansible_become_password` in the inventory (plain or vaulted) is Ansible's to use: auditor
    only records that the host has its own, so the fleet password is never given to it. Else
    `auditor_become_password_env` names an environment variable holding it.
    """
    if any(variables.get(key) is not None for key in varnames.BECOME_PASSWORD):
        return Secrets(own_become_password=True)
    env_name = variables.get(varnames.BECOME_PASSWORD_ENV)
    if env_name is None:
        return Secrets()
    value = os.environ.get(str(env_name))
    if not value:
        raise InventoryError(
            f"{origin}: {varnames.BECOME_PASSWORD_ENV} of host {name} names the environment variable "
            f"{env_name}, which is not set"
        )
    return Secrets(become_password=value, own_become_password=True)

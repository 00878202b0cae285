"""Ansible's YAML inventory format: groups with `hosts`, `children` and `vars`, to any depth.

Top-level keys are groups (usually just `all`). A group, a host's variables or a `hosts` /
`children` section may be empty (null). As in Ansible, a section given as a single string
(`hosts: web1`) means that one entry. Unlike Ansible, which only warns, an unknown key in a
group (say a misspelt `host:`) is an error: silently dropping hosts from an audit is worse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor.core.errors import InventoryError
from auditor.inventory.hostnames import parse_host_pattern
from auditor.inventory.raw import ALL, RawInventory, Sourced
from auditor.inventory.textfile import line_origin
from auditor.inventory.yamlfile import LineMap, kind_of, mapping_vars

_SECTIONS = ("hosts", "children", "vars")


def parse_yaml_inventory(data: Any, *, path: Path, inventory: RawInventory) -> None:
    """Add the groups, hosts and variables of one loaded YAML inventory to `inventory`."""
    if data is None:
        return
    if not isinstance(data, dict):
        raise InventoryError(f"{path}: expected a mapping of groups at the top level, found {kind_of(data)}")
    plugin = data.get("plugin")
    if isinstance(plugin, str):
        raise InventoryError(
            f"{path}: inventory plugin '{plugin}' is not supported; "
            "export a static inventory with `ansible-inventory -i FILE --list --yaml`"
        )
    for name, body in data.items():
        _group(name, body, line=_key_line(data, name), path=path, inventory=inventory)


def _key_line(mapping: dict[Any, Any], key: Any) -> int | None:
    if isinstance(mapping, LineMap):
        return mapping.key_lines.get(key, mapping.line)
    return None


def _group(name: Any, body: Any, *, line: int | None, path: Path, inventory: RawInventory) -> str:
    origin = line_origin(path, line)
    group = _name(name, origin=origin, what="group")
    inventory.group(group, origin)
    if body is None:
        return group
    if not isinstance(body, dict):
        raise InventoryError(
            f"{origin}: group '{group}' must be a mapping of hosts, children and vars, found {kind_of(body)}"
        )
    for key, value in body.items():
        key_line = _key_line(body, key)
        key_origin = line_origin(path, key_line)
        if key not in _SECTIONS:
            raise InventoryError(
                f"{key_origin}: unexpected key '{key}' in group '{group}' (expected hosts, children or vars)"
            )
        if key == "vars":
            what = f"vars of group '{group}'"
            inventory.group(group, origin).vars.update(mapping_vars(value, path=path, line=key_line, what=what))
            continue
        entries = _section(value, key=key, group=group, origin=key_origin)
        for entry, entry_body in entries.items():
            entry_line = _key_line(entries, entry) or key_line
            if key == "children":
                child = _group(entry, entry_body, line=entry_line, path=path, inventory=inventory)
                if child == ALL:
                    raise InventoryError(f"{line_origin(path, entry_line)}: group 'all' cannot be a child group")
                inventory.add_child(group, child, origin=line_origin(path, entry_line))
            else:
                _hosts(entry, entry_body, group=group, line=entry_line, path=path, inventory=inventory)
    return group


def _section(value: Any, *, key: str, group: str, origin: str) -> dict[Any, Any]:
    """A `hosts` or `children` section as a mapping; a lone string is one entry, null is none."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {value: None}
    if not isinstance(value, dict):
        raise InventoryError(f"{origin}: '{key}' of group '{group}' must be a mapping, found {kind_of(value)}")
    return value


def _hosts(pattern: Any, body: Any, *, group: str, line: int | None, path: Path, inventory: RawInventory) -> None:
    origin = line_origin(path, line)
    names, port = parse_host_pattern(_name(pattern, origin=origin, what="host"), origin=origin)
    variables = {"ansible_port": Sourced(port, origin)} if port is not None else {}
    variables.update(mapping_vars(body, path=path, line=line, what=f"vars of host '{pattern}'"))
    for host in names:
        inventory.add_host(host, group, origin=origin, variables=variables)


def _name(value: Any, *, origin: str, what: str) -> str:
    """Group and host names: strings, or numbers YAML read as such (`10:` names host "10")."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise InventoryError(f"{origin}: invalid {what} name {value!r}")

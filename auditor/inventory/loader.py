"""Finding the inventory's files and handing each to the right parser.

A path may be an INI file, a YAML file (by extension .yml/.yaml/.json, or by content: a first
line like `all:` or `---`), a directory, or, as with `ansible -i`, a comma-separated host list
such as "web1,web2," when no such path exists. A directory is read like Ansible reads one:
every file in it and its subdirectories, in name order, except hidden files, `group_vars/`,
`host_vars/`, and names ending in ~ .orig .bak .retry .pyc .pyo .swp .rpm .cfg .md .txt .rst.
Unlike Ansible, `.ini` files in a directory are read too (Ansible skips them by default, which
surprises people). Executable inventory scripts and inventory plugins are refused: the
auditor runs nothing to learn what to audit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from auditor.core.errors import InventoryError
from auditor.inventory.hostnames import parse_host_pattern
from auditor.inventory.ini import parse_ini
from auditor.inventory.model import Inventory
from auditor.inventory.raw import UNGROUPED, RawInventory, Sourced
from auditor.inventory.resolve import resolve_hosts
from auditor.inventory.textfile import read_text
from auditor.inventory.varfiles import GROUP_VARS, HOST_VARS
from auditor.inventory.yamlfile import load_yaml
from auditor.inventory.yamlinv import parse_yaml_inventory

YAML_SUFFIXES = (".yml", ".yaml", ".json")
SKIPPED_SUFFIXES = ("~", ".orig", ".bak", ".retry", ".pyc", ".pyo", ".swp", ".rpm", ".cfg", ".md", ".txt", ".rst")
_YAML_FIRST_LINE = re.compile(r"^(---|\{|- |[^\s=\[\]:]+:(\s|$))")


def load_inventory(path: Path | str) -> Inventory:
    """Read a static Ansible inventory; any problem is an InventoryError naming file and line."""
    if isinstance(path, str) and "," in path and not os.path.exists(path):
        return _host_list(path)
    source = Path(path)
    if not os.path.exists(source):
        raise InventoryError(f"inventory not found: {path}")
    if os.path.isdir(source):
        files = _directory_files(source)
        if not files:
            raise InventoryError(f"{source}: no inventory files in this directory")
        var_dirs = (source,)
    else:
        files = [source]
        var_dirs = (source.parent,)
    raw = RawInventory()
    for file in files:
        _parse_file(file, raw)
    if not raw.hosts:
        raise InventoryError(f"{source}: the inventory has no hosts")
    return Inventory(sources=tuple(files), hosts=resolve_hosts(raw, var_dirs=var_dirs))


def _host_list(text: str) -> Inventory:
    """Ansible's `-i host1,host2,` form: ungrouped hosts, each optionally `name:port`."""
    origin = f"host list '{text}'"
    raw = RawInventory()
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        names, port = parse_host_pattern(item, origin=origin)
        variables = {"ansible_port": Sourced(port, origin)} if port is not None else {}
        for name in names:
            raw.add_host(name, UNGROUPED, origin=origin, variables=variables)
    if not raw.hosts:
        raise InventoryError(f"{origin}: no hosts")
    return Inventory(sources=(), hosts=resolve_hosts(raw, var_dirs=()))


def _parse_file(file: Path, raw: RawInventory) -> None:
    text = read_text(file)
    if _is_yaml(file, text):
        parse_yaml_inventory(load_yaml(text, path=file), path=file, inventory=raw)
        return
    if text.startswith("#!") and os.access(file, os.X_OK):
        raise InventoryError(
            f"{file}: executable inventory scripts are not supported; save the script's output "
            "as a static inventory (`ansible-inventory -i FILE --list --yaml`)"
        )
    parse_ini(text, path=file, inventory=raw)


def _is_yaml(file: Path, text: str) -> bool:
    """YAML by extension, INI by extension, else by the first line that isn't blank or a comment."""
    suffix = file.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return True
    if suffix == ".ini":
        return False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and stripped[0] not in "#;":
            return bool(_YAML_FIRST_LINE.match(stripped))
    return False


def _directory_files(folder: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise InventoryError(f"{folder}: cannot list: {error.strerror or type(error).__name__}") from None
    found: list[Path] = []
    for name in names:
        if name.startswith(".") or name in (GROUP_VARS, HOST_VARS) or name.endswith(SKIPPED_SUFFIXES):
            continue
        path = folder / name
        if os.path.isdir(path):
            found.extend(_directory_files(path))
        elif os.path.isfile(path):
            found.append(path)
    return found

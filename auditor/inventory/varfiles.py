"""`group_vars/` and `host_vars/` next to an inventory, found and read the way Ansible does.

For an entity NAME, Ansible takes the FIRST of `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json`
that exists; if that is a directory, every file in it (recursively, names sorted, hidden and
`~` backup files skipped, only files without extension or with .yml/.yaml/.json) is read and
merged in that order, later files overriding earlier ones.
"""

from __future__ import annotations

import os
from pathlib import Path

from auditor.core.errors import InventoryError
from auditor.inventory.raw import VarMap
from auditor.inventory.textfile import read_text
from auditor.inventory.yamlfile import load_yaml, mapping_vars

GROUP_VARS = "group_vars"
HOST_VARS = "host_vars"
_EXTENSIONS = ("", ".yml", ".yaml", ".json")


def load_entity_vars(bases: tuple[Path, ...], *, kind: str, name: str) -> VarMap:
    """Variables for one group or host from `kind` (group_vars/host_vars) under every base dir."""
    result: VarMap = {}
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        return result  # such a name cannot be a file name; Ansible finds nothing either
    for base in bases:
        for file in _entity_files(base / kind, name):
            data = load_yaml(read_text(file), path=file)
            result.update(mapping_vars(data, path=file, line=None, what="a variables file"))
    return result


def _entity_files(folder: Path, name: str) -> list[Path]:
    if not os.path.isdir(folder):
        return []
    for extension in _EXTENSIONS:
        candidate = folder / f"{name}{extension}"
        if os.path.isdir(candidate):
            return _directory_files(candidate)
        if os.path.isfile(candidate):
            return [candidate]
    return []


def _directory_files(folder: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        raise InventoryError(f"{folder}: cannot list: {error.strerror or type(error).__name__}") from None
    found: list[Path] = []
    for entry in names:
        if entry.startswith(".") or entry.endswith("~"):
            continue
        path = folder / entry
        extension = os.path.splitext(entry)[1]
        if os.path.isdir(path) and not extension:
            found.extend(_directory_files(path))
        elif os.path.isfile(path) and extension in _EXTENSIONS:
            found.append(path)
    return found

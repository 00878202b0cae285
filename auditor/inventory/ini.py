"""Ansible's INI inventory format: `[group]`, `[group:vars]`, `[group:children]` and host lines.

Values are read the way Ansible's INI plugin reads them: a host line is split like a shell
command line (quotes group words, `#` starts a comment), and each `key=value` value, inline or
in a `[group:vars]` section, goes through Python's literal parser where it parses (`22` is an
int, `True` a bool, `'x'` a string, `[1, 2]` a list) and stays the raw string otherwise. We
apply the literal parse to `[group:vars]` too because that is what Ansible's code does, even
though its documentation says those values stay strings. Password variables are the
exception: they are kept exactly as written, so a password like `1e3` is not turned into
`1000.0`. A `[group:vars]` line is taken whole after the first `=` (no inline comments).
"""

from __future__ import annotations

import ast
import re
import shlex
import warnings
from pathlib import Path
from typing import Any

from auditor.core.errors import InventoryError
from auditor.inventory.hostnames import parse_host_pattern
from auditor.inventory.raw import ALL, UNGROUPED, RawInventory, Sourced, VarMap
from auditor.inventory.textfile import line_origin
from auditor.inventory.varnames import SECRET_VARS

_SECTION = re.compile(r"^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:[#;].*)?$")
_GROUP_NAME = re.compile(r"^([^:=\]\[\s]+)\s*(?:[#;].*)?$")
_LEADING_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KINDS = ("hosts", "children", "vars")


def parse_ini(text: str, *, path: Path, inventory: RawInventory) -> None:
    """Add the groups, hosts and variables of one INI inventory file to `inventory`."""
    group, kind = UNGROUPED, "hosts"
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line[0] in "#;":
            continue
        origin = line_origin(path, number)
        if _is_section(line, origin):
            group, kind = _section(line, origin)
            inventory.group(group, origin)
        elif kind == "hosts":
            _host_line(line, group=group, origin=origin, inventory=inventory)
        elif kind == "children":
            inventory.add_child(group, _child_name(line, origin), origin=origin)
        else:
            key, value = _group_variable(line, origin)
            inventory.group(group, origin).vars[key] = Sourced(value, origin)


def parse_literal(text: str) -> Any:
    """Ansible's INI value rule: a Python literal where the text is one, else the text itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return text


def _is_section(line: str, origin: str) -> bool:
    """Whether a line starting with '[' is a header; `[01:03].web` is a host line, as in Ansible."""
    if not line.startswith("["):
        return False
    if _SECTION.match(line):
        return True
    if "]" not in line:
        raise InventoryError(f"{origin}: unterminated section header '{line}'")
    if line.split("#", 1)[0].rstrip().endswith("]"):
        raise InventoryError(f"{origin}: invalid section header '{line}' (group names cannot contain spaces or ':')")
    return False


def _section(line: str, origin: str) -> tuple[str, str]:
    match = _SECTION.match(line)
    assert match is not None  # _is_section said so
    group, kind = match.group(1), match.group(2) or "hosts"
    if kind not in _KINDS:
        raise InventoryError(
            f"{origin}: unknown section type '{kind}' in '[{group}:{kind}]' (expected hosts, children or vars)"
        )
    return group, kind


def _child_name(line: str, origin: str) -> str:
    match = _GROUP_NAME.match(line)
    if match is None:
        shown = f"{line.partition('=')[0].strip()}=..." if "=" in line else line  # may be a password
        raise InventoryError(f"{origin}: invalid child group name '{shown}' (one group name per line)")
    name = match.group(1)
    if name == ALL:
        raise InventoryError(f"{origin}: group 'all' cannot be a child group")
    return name


def _group_variable(line: str, origin: str) -> tuple[str, Any]:
    key, equals, value = line.partition("=")
    key, value = key.strip(), value.strip()
    if not equals or not key:
        raise InventoryError(f"{origin}: invalid group variable{_named(line)} (expected 'key=value')")
    return key, value if key in SECRET_VARS else parse_literal(value)


def _host_line(line: str, *, group: str, origin: str, inventory: RawInventory) -> None:
    try:
        tokens = shlex.split(line, comments=True)
    except ValueError as error:
        raise InventoryError(f"{origin}: cannot read host line: {error}") from None
    if not tokens:
        return
    names, port = parse_host_pattern(tokens[0], origin=origin)
    variables: VarMap = {}
    if port is not None:
        variables["ansible_port"] = Sourced(port, origin)
    previous = ""
    for token in tokens[1:]:
        key, equals, value = token.partition("=")
        if not equals or not key:
            raise InventoryError(_bad_host_variable(token, previous, origin=origin))
        variables[key] = Sourced(value if key in SECRET_VARS else parse_literal(value), origin)
        previous = key
    for name in names:
        inventory.add_host(name, group, origin=origin, variables=variables)


def _bad_host_variable(token: str, previous: str, *, origin: str) -> str:
    """The message for a token without '='; never echoes what may be the rest of a password."""
    if previous in SECRET_VARS:
        return (
            f"{origin}: invalid host variable after '{previous}' "
            "(expected 'key=value'; quote values that contain spaces)"
        )
    return f"{origin}: invalid host variable '{token}' (expected 'key=value')"


def _named(text: str) -> str:
    """The quoted variable-like start of `text`, so that messages never echo a whole value."""
    match = _LEADING_NAME.match(text)
    return f" '{match.group(0)}'" if match else ""

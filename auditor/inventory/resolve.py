"""Group membership, variable precedence and each host's client: Ansible's rules, in one place.

Membership: a host is in the groups that list it and in all their ancestors; `all` is left
out, and `ungrouped` is kept only for hosts in no other group.

Precedence, lowest first (Ansible's default order; later values replace earlier ones whole,
dicts included):
  1. `all` vars from inventory files;
  2. the host's other groups' vars from inventory files, groups ordered by depth (parents
     before children), then `ansible_group_priority` (inventory files only), then name;
  3. `group_vars/all`;
  4. `group_vars/GROUP` for those groups, in the same order;
  5. the host's vars from inventory files (later declarations override earlier ones);
  6. `host_vars/HOST`.
So any `group_vars/` file beats any group vars written in the inventory file itself, as in
Ansible, even for a parent group's file against a child group's inline vars.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from auditor.core.errors import InventoryError
from auditor.inventory.connection import build_host, client_name
from auditor.inventory.hostnames import is_number
from auditor.inventory.model import Host
from auditor.inventory.raw import ALL, UNGROUPED, RawHost, RawInventory, VarMap
from auditor.inventory.varfiles import GROUP_VARS, HOST_VARS, load_entity_vars
from auditor.inventory.varnames import CLIENT, GROUP_PRIORITY

DEFAULT_CLIENT = "default"
DEFAULT_PRIORITY = 1


@dataclass(frozen=True)
class _Tree:
    """What the group graph says about each group."""

    parents: dict[str, set[str]]
    sort_key: dict[str, tuple[int, int, str]]  # (depth, priority, name): Ansible's merge order
    top_level: frozenset[str]


def resolve_hosts(raw: RawInventory, *, var_dirs: tuple[Path, ...]) -> tuple[Host, ...]:
    """Every host of `raw`, in declaration order, with variables merged and checked."""
    raw.group(ALL, "")
    raw.group(UNGROUPED, "")
    tree = _analyse(raw)
    direct: dict[str, set[str]] = {name: set() for name in raw.hosts}
    for group in raw.groups.values():
        for member in group.hosts:
            direct[member].add(group.name)
    group_files = _Cache(lambda name: load_entity_vars(var_dirs, kind=GROUP_VARS, name=name))
    hosts: list[Host] = []
    for host in raw.hosts.values():
        groups = _membership(direct[host.name], tree)
        ordered = sorted(groups, key=tree.sort_key.__getitem__)
        merged: VarMap = dict(raw.groups[ALL].vars)
        for name in ordered:
            merged.update(raw.groups[name].vars)
        merged.update(group_files.get(ALL))
        for name in ordered:
            merged.update(group_files.get(name))
        merged.update(host.vars)
        merged.update(load_entity_vars(var_dirs, kind=HOST_VARS, name=host.name))
        client = _client(host, merged, groups=groups, tree=tree)
        hosts.append(build_host(host.name, merged, client=client, groups=tuple(sorted(groups))))
    return tuple(hosts)


class _Cache:
    """Reads each group's group_vars files once, however many hosts are in the group."""

    def __init__(self, load: Callable[[str], VarMap]) -> None:
        self._load = load
        self._done: dict[str, VarMap] = {}

    def get(self, name: str) -> VarMap:
        if name not in self._done:
            self._done[name] = self._load(name)
        return self._done[name]


def _analyse(raw: RawInventory) -> _Tree:
    parents: dict[str, set[str]] = {name: set() for name in raw.groups}
    for group in raw.groups.values():
        for child in group.children:
            parents[child].add(group.name)
    depth = {name: 0 if name == ALL else 1 for name in raw.groups}
    for name in _parents_first(raw):
        for child in raw.groups[name].children:
            depth[child] = max(depth[child], depth[name] + 1)
    top_level = frozenset(name for name, above in parents.items() if name not in (ALL, UNGROUPED) and above <= {ALL})
    sort_key = {name: (depth[name], _priority(raw, name), name) for name in raw.groups}
    return _Tree(parents=parents, sort_key=sort_key, top_level=top_level)


def _parents_first(raw: RawInventory) -> list[str]:
    """Groups in an order where every parent comes before its children; a cycle is an error."""
    state: dict[str, str] = {}  # "open" while on the current path, then "done"
    finished: list[str] = []
    for root in raw.groups:
        if root in state:
            continue
        path = [root]
        stack = [iter(raw.groups[root].children)]
        state[root] = "open"
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path[-1]] = "done"
                finished.append(path.pop())
                stack.pop()
            elif state.get(child) == "open":
                cycle = " -> ".join([*path[path.index(child) :], child])
                origin = raw.groups[path[-1]].children[child]
                raise InventoryError(f"{origin}: group cycle: {cycle}")
            elif child not in state:
                state[child] = "open"
                path.append(child)
                stack.append(iter(raw.groups[child].children))
    return finished[::-1]


def _priority(raw: RawInventory, name: str) -> int:
    found = raw.groups[name].vars.get(GROUP_PRIORITY)
    if found is None or found.value is None:
        return DEFAULT_PRIORITY
    value = found.value
    text = str(value).strip().lstrip("-") if isinstance(value, int | str) and not isinstance(value, bool) else ""
    if not is_number(text):
        raise InventoryError(f"{found.origin}: {GROUP_PRIORITY} '{value}' of group '{name}' is not a number")
    return int(str(value).strip())


def _membership(direct: set[str], tree: _Tree) -> set[str]:
    """The host's groups: those listing it plus their ancestors, without `all`."""
    groups: set[str] = set()
    pending = list(direct)
    while pending:
        name = pending.pop()
        if name not in groups:
            groups.add(name)
            pending.extend(tree.parents[name])
    groups.discard(ALL)
    if groups - {UNGROUPED}:
        groups.discard(UNGROUPED)
    return groups or {UNGROUPED}


def _client(host: RawHost, merged: VarMap, *, groups: set[str], tree: _Tree) -> str:
    """The client rule: see the package docstring."""
    found = merged.get(CLIENT)
    if found is not None and found.value is not None:
        return client_name(host.name, found)
    top = sorted(groups & tree.top_level)
    if len(top) > 1:
        raise InventoryError(
            f"{host.origin}: host {host.name} is in several top-level groups ({', '.join(top)}); "
            "set a `client` variable"
        )
    return top[0] if top else DEFAULT_CLIENT

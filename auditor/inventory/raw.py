"""The inventory as parsed, before variables are merged: groups, hosts and where each came from.

Parsers (INI, YAML, comma list) only fill this structure; every Ansible rule about precedence,
membership and clients is applied later, in one place (`resolve`). Each variable keeps the
"file:line" it came from so that a bad value found during resolution can still be reported
against the line a person has to edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALL = "all"
UNGROUPED = "ungrouped"


@dataclass(frozen=True)
class Sourced:
    """A variable value and the place ("path:line", or "path" when no line is known) it was set."""

    value: Any
    origin: str


VarMap = dict[str, Sourced]


@dataclass
class RawGroup:
    """One group as declared, merged over every place that mentions it."""

    name: str
    origin: str
    vars: VarMap = field(default_factory=dict)
    children: dict[str, str] = field(default_factory=dict)  # child name -> origin of the edge
    # an insertion-ordered set: membership tests stay O(1) however large the group (a list made
    # loading a 90k-host group quadratic)
    hosts: dict[str, None] = field(default_factory=dict)


@dataclass
class RawHost:
    """One host as declared; `vars` are its inline variables, later declarations overriding."""

    name: str
    origin: str
    vars: VarMap = field(default_factory=dict)


@dataclass
class RawInventory:
    """Groups and hosts in declaration order, shared by every source of one inventory."""

    groups: dict[str, RawGroup] = field(default_factory=dict)
    hosts: dict[str, RawHost] = field(default_factory=dict)

    def group(self, name: str, origin: str) -> RawGroup:
        """Return the group, declaring it here if this is its first mention."""
        found = self.groups.get(name)
        if found is None:
            found = self.groups[name] = RawGroup(name=name, origin=origin)
        return found

    def add_host(self, name: str, group: str, *, origin: str, variables: VarMap) -> None:
        """Declare `name` as a member of `group`; inline variables override earlier ones."""
        host = self.hosts.get(name)
        if host is None:
            host = self.hosts[name] = RawHost(name=name, origin=origin)
        host.vars.update(variables)
        self.group(group, origin).hosts.setdefault(name, None)

    def add_child(self, parent: str, child: str, *, origin: str) -> None:
        """Make `child` a child group of `parent` (both declared if new)."""
        self.group(child, origin)
        self.group(parent, origin).children.setdefault(child, origin)

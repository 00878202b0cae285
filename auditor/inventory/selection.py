"""Ansible-like host patterns, as given to `--limit`.

A pattern is a list of terms separated by ',' (or by ':' when there is no ','). A term is a
host name, a group name, `all`/`*`, an fnmatch glob (matched against host and group names) or
`~regex` (matched from the start of host and group names). `!term` removes hosts, `&term`
keeps only hosts also in that term; with only such terms the pattern starts from all hosts.

Unlike Ansible, which warns and carries on, a plain or `&` term that matches nothing is an
error: a misspelt client name must not quietly shrink an audit.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Protocol, TypeVar

from auditor.core.errors import InventoryError


class Named(Protocol):
    """What a pattern matches a host by: its name and its groups (inventory.model's Host has both)."""

    @property
    def name(self) -> str: ...

    @property
    def groups(self) -> tuple[str, ...]: ...


HostT = TypeVar("HostT", bound=Named)

_GLOB_CHARS = frozenset("*?[")
_IPV6 = re.compile(r"^[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*$")


def select_hosts(hosts: tuple[HostT, ...], pattern: str) -> tuple[HostT, ...]:
    """The hosts `pattern` selects, in inventory order; InventoryError if it selects none."""
    terms = split_pattern(pattern)
    if not terms:
        raise InventoryError(f"empty host pattern '{pattern}'")
    regular = [term for term in terms if term[0] not in "!&"]
    selected: set[str] = set()
    for term in regular or ["all"]:
        selected |= _matching(hosts, term, pattern=pattern)
    for term in terms:
        if term.startswith("&"):
            selected &= _matching(hosts, term[1:], pattern=pattern)
        elif term.startswith("!"):
            selected -= _matching(hosts, term[1:], pattern=pattern, required=False)
    chosen = tuple(host for host in hosts if host.name in selected)
    if not chosen:
        raise InventoryError(f"host pattern '{pattern}' selects no host")
    return chosen


def split_pattern(pattern: str) -> list[str]:
    """Terms of a pattern: on ',' if there is one, else on ':' outside brackets and IPv6 literals."""
    if "," in pattern:
        parts = pattern.split(",")
    elif _IPV6.match(pattern.lstrip("!&")):
        parts = [pattern]
    else:
        parts = _split_colons(pattern)
    return [part.strip() for part in parts if part.strip()]


def _split_colons(pattern: str) -> list[str]:
    """Split on ':' outside brackets, so `web[1:3]` or a glob class stays one term."""
    parts = [""]
    depth = 0
    for char in pattern:
        if char == ":" and depth == 0:
            parts.append("")
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        parts[-1] += char
    return parts


def _matching(hosts: tuple[Named, ...], term: str, *, pattern: str, required: bool = True) -> set[str]:
    if term in ("all", "*"):
        names = {host.name for host in hosts}
    elif term.startswith("~"):
        names = _regex_matches(hosts, term, pattern=pattern)
    else:
        names = {host.name for host in hosts if host.name == term or term in host.groups}
        if _GLOB_CHARS & set(term):
            names |= {
                host.name
                for host in hosts
                if fnmatchcase(host.name, term) or any(fnmatchcase(group, term) for group in host.groups)
            }
    if required and not names:
        raise InventoryError(f"host pattern '{pattern}': '{term}' matches no host or group")
    return names


def _regex_matches(hosts: tuple[Named, ...], term: str, *, pattern: str) -> set[str]:
    try:
        regex = re.compile(term[1:])
    except re.error as error:
        raise InventoryError(f"host pattern '{pattern}': invalid regular expression '{term}': {error}") from None
    return {host.name for host in hosts if regex.match(host.name) or any(regex.match(group) for group in host.groups)}

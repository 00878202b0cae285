"""Remediation deadlines for findings, in days by severity ([sla] and [clients.NAME.sla]).

The built-in defaults live here, beside the parsing, so that the config and the history's SLA
figures (auditor.history.trends) read one table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from auditor.core.errors import ConfigError

# README, "SLA tracking"; info findings have no deadline.
DEFAULT_FINDING_SLA_DAYS: Mapping[str, int] = {"critical": 7, "high": 30, "medium": 90, "low": 180}

_SLA_SEVERITIES = ("critical", "high", "medium", "low")


def _sla_table(raw: object, path: Path, where: str) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: {where} must be a table of severity = days")
    table = {}
    for key, value in raw.items():
        if key not in _SLA_SEVERITIES:
            raise ConfigError(f"{path}: unknown severity {key!r} in {where}; use {', '.join(_SLA_SEVERITIES)}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{path}: {where} {key} must be a whole number of days >= 0, not {value!r}")
        table[key] = value
    return table


def parse_finding_sla(data: Mapping[str, Any], path: Path) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """[sla] (defaults for every client) and [clients.NAME.sla] (one client's deadlines)."""
    default = _sla_table(data.get("sla", {}), path, "[sla]")
    clients = data.get("clients", {})
    if not isinstance(clients, dict):
        raise ConfigError(f"{path}: [clients] must be a table of client names")
    overrides = {
        name: _sla_table(table["sla"], path, f"[clients.{name}.sla]")
        for name, table in clients.items()
        if isinstance(table, dict) and "sla" in table
    }
    return default, overrides


class FindingSla(Mapping[str, Mapping[str, int]]):
    """client -> remediation deadlines: built-in defaults, then [sla], then [clients.NAME.sla]."""

    def __init__(self, default: Mapping[str, int], overrides: Mapping[str, Mapping[str, int]]) -> None:
        self._default = default
        self._overrides = overrides

    def __getitem__(self, client: str) -> Mapping[str, int]:
        return {**DEFAULT_FINDING_SLA_DAYS, **self._default, **self._overrides.get(client, {})}

    def __iter__(self) -> Iterator[str]:
        return iter(self._overrides)

    def __len__(self) -> int:
        return len(self._overrides)

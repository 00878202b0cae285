"""Check policy from the config file: default profile, custom check folders, check settings and the
backup policy, globally and per client.

    profile = "baseline"                  # default for `auditor run` (--profile wins)
    checks_dirs = ["~/msp-checks"]        # MSP-written checks, same format as checks/ (relative: to this file)

    [settings]                            # any check setting, for every host
    ssh_max_auth_tries = 4
    listening_ports_allowed = [22, 443]

    [backup]                              # the default backup policy
    max_age_hours = 26                    # -> backup_max_age_hours
    required_tool = "restic"              # -> backup_required_tool (a package name, or a list)
    evidence_paths = ["/var/lib/auditor/evidence/backup-success*"]
    restore_evidence_paths = ["/var/lib/auditor/evidence/restore-test*"]
    restore_test_max_age_days = 92
    db_dump_paths = ["/var/backups/mysql/*"]
    db_dump_max_age_hours = 26

    [clients.acme.settings]               # one client's overrides
    sudo_nopasswd_allowed_users = ["audit"]
    [clients.acme.backup]
    max_age_hours = 48

A host's settings, lowest precedence first: the profile's settings, [settings] and [backup],
[clients.NAME.settings] and [clients.NAME.backup], then the host's inventory variables auditor_*.
Evidence paths are globs matched against what the backup probe lists in its fixed folders; they
are never put into a command.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.core.errors import ConfigError

# [backup] key -> (setting name, kind)
BACKUP_KEYS: dict[str, tuple[str, str]] = {
    "max_age_hours": ("backup_max_age_hours", "positive"),
    "required_tool": ("backup_required_tool", "names"),
    "evidence_paths": ("backup_evidence_paths", "paths"),
    "restore_evidence_paths": ("backup_restore_evidence_paths", "paths"),
    "restore_test_max_age_days": ("backup_restore_test_max_age_days", "positive"),
    "db_dump_paths": ("backup_db_dump_paths", "paths"),
    "db_dump_max_age_hours": ("backup_db_dump_max_age_hours", "positive"),
}
_SETTING_NAME = "abcdefghijklmnopqrstuvwxyz0123456789_"


@dataclass(frozen=True)
class Policy:
    profile: str | None = None
    checks_dirs: tuple[Path, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)  # [settings] + [backup], as setting names
    client_settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def for_client(self, client: str) -> dict[str, Any]:
        """The settings config gives one client's hosts (before the profile and inventory vars)."""
        return {**self.settings, **self.client_settings.get(client, {})}


def parse_policy(data: Mapping[str, Any], path: Path) -> Policy:
    profile = data.get("profile")
    if profile is not None and (not isinstance(profile, str) or not profile.strip()):
        raise ConfigError(f"{path}: profile must be a profile name or a .yaml file")
    dirs = data.get("checks_dirs", [])
    if not isinstance(dirs, list) or not all(isinstance(d, str) and d for d in dirs):
        raise ConfigError(f"{path}: checks_dirs must be a list of folder paths")
    settings = {
        **_settings(data.get("settings", {}), path, "[settings]"),
        **_backup(data.get("backup", {}), path, "[backup]"),
    }
    clients = data.get("clients", {})
    if not isinstance(clients, dict):
        raise ConfigError(f"{path}: [clients] must be a table of client names")
    per_client: dict[str, dict[str, Any]] = {}
    for name, table in clients.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [clients.{name}] must be a table")
        merged = {
            **_settings(table.get("settings", {}), path, f"[clients.{name}.settings]"),
            **_backup(table.get("backup", {}), path, f"[clients.{name}.backup]"),
        }
        if merged:
            per_client[name] = merged
    return Policy(
        profile=profile.strip() if isinstance(profile, str) else None,
        checks_dirs=tuple((path.parent / Path(d).expanduser()).resolve() for d in dirs),
        settings=settings,
        client_settings=per_client,
    )


def _settings(raw: object, path: Path, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: {where} must be a table of setting = value")
    for key, value in raw.items():
        if not key or any(ch not in _SETTING_NAME for ch in key):
            raise ConfigError(f"{path}: {where} setting {key!r} must be lower-case letters, digits and _")
        if key.startswith("auditor_"):
            raise ConfigError(f"{path}: {where} {key}: write setting names without the auditor_ prefix")
        if not _plain(value):
            raise ConfigError(f"{path}: {where} {key} must be a string, number, boolean or a list of those")
    return dict(raw)


def _plain(value: object) -> bool:
    if isinstance(value, str | int | float | bool):
        return True
    return isinstance(value, list) and all(isinstance(item, str | int | float | bool) for item in value)


def _backup(raw: object, path: Path, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: {where} must be a table")
    unknown = sorted(set(raw) - set(BACKUP_KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in {where}: {', '.join(unknown)}; known: {', '.join(BACKUP_KEYS)}")
    settings: dict[str, Any] = {}
    for key, value in raw.items():
        name, kind = BACKUP_KEYS[key]
        if kind == "positive":
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"{path}: {where} {key} must be a number > 0, not {value!r}")
        elif kind == "names":
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
                raise ConfigError(f"{path}: {where} {key} must be a package name or a list of them")
            value = [i.strip() for i in items]
        else:
            items = [value] if isinstance(value, str) else value
            if (
                not isinstance(items, list)
                or not items
                or not all(isinstance(i, str) and i.startswith("/") for i in items)
            ):
                raise ConfigError(
                    f'{path}: {where} {key} must be absolute paths (globs allowed), e.g. ["/var/backups/db/*"]'
                )
            value = list(items)
        settings[name] = value
    return settings

"""Check settings: what the library declares, and every value a run is given checked against it.

A setting reaches a check from a profile, the config ([settings], [backup], [clients.NAME.*]) or an
inventory variable `auditor_NAME`. Each is validated here against the checks' declarations
(CheckMeta.settings) before any host is contacted: an unknown name or a value of the wrong type
stops the run with one line naming where it came from (profile file, config table, inventory
file:line and host) and the closest known name. The known names are those of every loaded check,
not only the selected ones, so that narrowing a run with --checks or a profile never turns a
client's inventory variables into errors.

Some `auditor_*` inventory variables are not check settings but tell the auditor how to reach or
report on a host; they are listed in HOST_VARIABLES so that they are accepted.

A custom check that declares no settings keeps working: the names its source reads with a literal
(`facts.setting("x", ...)`, `setting_list(facts, "x")`, ...) are declared for it, typed by the
helper that reads them (see `inferred_settings`). A library check must declare its own; the
library test compares its declarations with the same scan.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.checklib.checkdef import Check, Setting, setting_problem
from auditor.core.errors import ConfigError

SETTING_PREFIX = "auditor_"

# auditor_* inventory variables that are not check settings: variable -> what it does.
HOST_VARIABLES: Mapping[str, str] = {
    "auditor_least_privilege": "collect with the narrow sudo rules of `auditor sudoers` (true/false)",
    "auditor_jump_hosts": "SSH jump host(s) to reach the host through, first hop first",
    "auditor_become_password_env": "the environment variable holding the host's (or its client's) sudo password",
    "auditor_site": "the distributed run's site (worker queue) of the host; default its client",
    "auditor_report_recipients": "who receives the host's client report",
    "auditor_report_language": "the language of the client report (en, fr) of the host's client",
    "auditor_fix_update_cache": "`auditor fix` playbooks: refresh the package lists first (default true)",
    "auditor_fix_firewall_tcp_ports": "`auditor fix` playbooks: TCP ports the firewall fix keeps open",
}

# The helpers a check reads a setting with, and the type that reading implies (for inference).
_READERS: Mapping[str, tuple[int, type[Any]]] = {
    "setting": (0, object),  # facts.setting(name, default)
    "setting_list": (1, list),  # setting_list(facts, name, default)
    "setting_number": (1, float),
    "setting_text": (1, str),
    "setting_flag": (1, bool),
}


class SettingError(ConfigError):
    """A setting given to a run is unknown or of the wrong type."""


@dataclass(frozen=True)
class Declared:
    """Every setting the loaded checks declare, by name, with the checks that read it."""

    settings: Mapping[str, Setting]
    readers: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, checks: Iterable[Check]) -> Declared:
        """The declarations of `checks`; one name declared with two types is a library error."""
        settings: dict[str, Setting] = {}
        readers: dict[str, list[str]] = {}
        for check in checks:
            for setting in check.meta.settings:
                first = settings.setdefault(setting.name, setting)
                if first.type is not setting.type and object not in (first.type, setting.type):
                    raise SettingError(
                        f"check {check.id}: setting {setting.name} is declared as {setting.type_name} "
                        f"but {readers[setting.name][0]} declares it as {first.type_name}"
                    )
                readers.setdefault(setting.name, []).append(check.id)
        return cls(settings=settings, readers={name: tuple(ids) for name, ids in readers.items()})

    def check(self, name: str, value: Any, *, where: str, prefix: str = "") -> None:
        """Raise SettingError naming `where` when `name` is unknown or `value` does not fit its type."""
        setting = self.settings.get(name)
        if setting is None:
            known = [prefix + known for known in self.settings]
            if prefix:
                known += list(HOST_VARIABLES)
            close = difflib.get_close_matches(prefix + name, known, n=1)
            hint = f"; did you mean {close[0]}?" if close else "; `auditor checks show ID` lists a check's settings"
            raise SettingError(f"{where}: unknown setting {prefix}{name}{hint}")
        problem = setting_problem(setting, value)
        if problem:
            raise SettingError(f"{where}: setting {prefix}{name} {problem}")


def validate_inventory(declared: Declared, hosts: Sequence[Any]) -> None:
    """Every host's auditor_* variables: a setting a check declares, or one of HOST_VARIABLES.

    `hosts` are auditor.inventory.Host values; their `var_origins` say where each variable was set.
    """
    for host in hosts:
        origins: Mapping[str, str] = getattr(host, "var_origins", {})
        for key, value in host.vars.items():
            if not key.startswith(SETTING_PREFIX) or key in HOST_VARIABLES:
                continue
            where = f"{origins.get(key, 'inventory')} (host {host.name})"
            declared.check(key.removeprefix(SETTING_PREFIX), value, where=where, prefix=SETTING_PREFIX)


def validate_values(declared: Declared, values: Mapping[str, Any], *, where: str) -> None:
    """A profile's or a config table's settings (names without the auditor_ prefix)."""
    for name, value in values.items():
        declared.check(name, value, where=where)


def inferred_settings(path: Path) -> tuple[Setting, ...]:
    """The settings a check module reads with a literal name, for a custom check that declares none.

    The name may be a string literal or a module-level constant holding one. The type follows the
    helper (setting_list: list, setting_number: number, ...); a bare facts.setting() is untyped.
    """
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return ()  # the import of the module reports it
    found: dict[str, type[Any]] = {}
    for name, kind in setting_reads(tree):
        found.setdefault(name, kind)
    doc = f"read by {path.name}, which declares no settings"
    return tuple(Setting(name=name, type=kind, doc=doc) for name, kind in sorted(found.items()))


def setting_reads(tree: ast.Module) -> list[tuple[str, type[Any]]]:
    """(name, implied type) of each setting read with a literal name in a module."""
    constants = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    reads = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        helper = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if helper not in _READERS or (helper == "setting" and not _on_facts(node.func)):
            continue
        position, kind = _READERS[helper]
        if len(node.args) <= position:
            continue
        argument = node.args[position]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            reads.append((argument.value, kind))
        elif isinstance(argument, ast.Name) and argument.id in constants:
            reads.append((constants[argument.id], kind))
    return reads


def _on_facts(function: ast.expr) -> bool:
    """`facts.setting(...)`: the Facts method, not another model's `setting` (a parsed config file's)."""
    return isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) and function.value.id == "facts"

"""The check library as a run uses it: package checks plus custom folders, narrowed by a profile and
--checks, and the per-host settings that profile and config add. Also `auditor checks list/show`.

Settings reach checks as inventory variables do: a host's effective auditor_* variables are, lowest
precedence first, the profile's settings, the config's [settings]/[backup], its [clients.NAME.*]
tables, then the host's own inventory variables. They are merged into the host before the pipeline
builds Facts.settings from them (pipeline.host_settings), so they are stored with the host's
results and a re-evaluation of a stored run uses the same values. Every one of them is first
checked against the checks' declarations (Library.validate), before any host is contacted.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from auditor.checklib.checkdef import Check
from auditor.checklib.settings import SETTING_PREFIX, Declared, validate_inventory, validate_values
from auditor.config.loader import Config, client_settings
from auditor.config.profiles import Profile, load_profile
from auditor.core.terminal import InertConsole
from auditor.inventory import Host


@dataclass(frozen=True)
class Library:
    checks: tuple[Check, ...]
    profile: Profile | None = None
    declared: Declared = field(default_factory=lambda: Declared(settings={}, readers={}))  # every loaded check
    known_ids: frozenset[str] = frozenset()  # every loaded check's id, before profile and --checks

    def validate(self, config: Config, hosts: Sequence[Host]) -> None:
        """Every setting the run is given, from the profile, the config and the inventory, against the
        declarations; the first unknown name or wrong type raises SettingError (one line, exit 2)."""
        if self.profile is not None:
            validate_values(self.declared, self.profile.settings, where=self.profile.source or self.profile.name)
        source = str(config.source) if config.source else "config"
        policy = config.policy
        validate_values(self.declared, policy.settings, where=f"{source} [settings]/[backup]")
        for client, values in policy.client_settings.items():
            validate_values(self.declared, values, where=f"{source} [clients.{client}]")
        validate_inventory(self.declared, hosts)

    def host(self, host: Host, config: Config) -> Host:
        """The host with the profile's and the config's settings added under its own inventory vars."""
        added = {**(self.profile.settings if self.profile else {}), **client_settings(config, host.client)}
        if not added:
            return host
        merged = {f"{SETTING_PREFIX}{key}": value for key, value in added.items()}
        return dataclasses.replace(host, vars={**merged, **host.vars})


def select_library(*, checks: Sequence[str] | None, profile: str | None, checks_dirs: Sequence[Path] = ()) -> Library:
    """Load the library (and custom folders), apply the profile, then the --checks selection."""
    from auditor.checklib.registry import load_checks, select_checks

    everything = load_checks(extra_dirs=checks_dirs)
    chosen = load_profile(profile) if profile else None
    selected = chosen.select(everything) if chosen else everything
    if checks:
        selected = select_checks(selected, list(checks))
    return Library(
        checks=selected,
        profile=chosen,
        declared=Declared.of(everything),
        known_ids=frozenset(check.id for check in everything),
    )


def describe(check: Check) -> str:
    """A plain-text description of one check: metadata, facts and their commands, references, cases."""
    from auditor.checklib.frameworks import FrameworkError, load_frameworks
    from auditor.probes.registry import probe_registry

    meta = check.meta
    module = sys.modules.get(check.evaluate.__module__)
    lines = [
        f"{meta.id} (version {meta.version}): {meta.title}",
        f"category {meta.category.value}, severity {meta.severity.value}",
        "",
        f"Why: {meta.rationale}",
        f"Fix: {meta.remediation}",
    ]
    if meta.rule:
        lines.append(f"Decision: {meta.rule}")
    if meta.applies_to.families:
        lines.append(f"Applies to: {', '.join(sorted(meta.applies_to.families))}")
    how = check.doc or (module.__doc__ if module is not None else None)
    if how:
        lines += ["", "How it decides:", *("  " + line for line in how.strip().splitlines())]
    if meta.settings:
        lines += ["", "Settings (inventory auditor_NAME, profile or config [settings]):"]
        for setting in meta.settings:
            default = "none" if setting.default is None else repr(setting.default)
            lines.append(f"  {setting.name} ({setting.type_name}, default {default}): {setting.doc}")
    lines += ["", "Facts (probe: what it runs on the host):"]
    probes = probe_registry()
    for name in meta.facts:
        probe = probes[name]
        root = " [needs root]" if probe.needs_root else ""
        lines.append(f"  {name}{root}: {probe.description}")
    try:
        frameworks = {f.id: f for f in load_frameworks()}
    except FrameworkError:
        frameworks = {}
    if meta.references:
        lines += ["", "Framework references:"]
        for framework, ids in meta.references.items():
            known = frameworks.get(framework)
            for ident in ids:
                requirement = known.requirement(ident) if known else None
                lines.append(f"  {framework} {ident}" + (f": {requirement.title}" if requirement else ""))
    lines += ["", "Recorded cases:"]
    lines += [f"  {case.expect.value:14} {case.name}" for case in check.cases]
    return "\n".join(lines)


def show_check(check_id: str, *, checks_dirs: Sequence[Path]) -> None:
    from auditor.checklib.registry import load_checks

    (check,) = load_checks([check_id], extra_dirs=checks_dirs)[:1]
    InertConsole().print(describe(check), markup=False, highlight=False, soft_wrap=True)

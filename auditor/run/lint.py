"""`auditor config check` and `auditor waivers check`: every input a run reads, checked without a run.

The same loaders and checks a run uses before it contacts a host (the config's schema, the profile,
check settings against the checks' declarations, waivers against the library and the inventory),
so a file that passes here passes there. Returns lines to show; problems raise ConfigError.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from auditor.checklib.library import select_library
from auditor.config.loader import default_config_path, load_config
from auditor.config.tickets import CREDENTIALS, TicketConfig
from auditor.core.errors import ConfigError
from auditor.evaluate.waivers import load_waivers, require_matched, unmatched_waivers
from auditor.inventory import Host, load_inventory

EXPIRING_DAYS = 30


@dataclass(frozen=True)
class LintRequest:
    """What to check: the config (or the default one), an inventory and a waivers file when given."""

    config: Path | None
    inventory: str | None = None
    waivers: Path | None = None
    checks_dirs: Sequence[Path] = ()
    allow_unmatched: bool = False


def _hosts(inventory: str | None) -> tuple[Host, ...]:
    return load_inventory(inventory).hosts if inventory else ()


def check_config(request: LintRequest) -> list[str]:
    """The config, its profile and every check setting it gives (and the inventory's, if given)."""
    config = load_config(request.config)
    library = select_library(
        checks=None, profile=config.policy.profile, checks_dirs=(*config.policy.checks_dirs, *request.checks_dirs)
    )
    hosts = _hosts(request.inventory)
    library.validate(config, hosts)
    source = str(config.source) if config.source else f"no config file ({default_config_path()} not found)"
    lines = [f"{source}: OK"]
    if config.policy.profile:
        lines.append(f"profile {config.policy.profile}: {len(library.checks)} checks")
    if request.inventory:
        lines.append(f"inventory {request.inventory}: {len(hosts)} hosts, settings OK")
    alerts = config.alerts
    if alerts.enabled:
        email = 1 if alerts.email else 0
        lines.append(f"alerts: {len(alerts.webhooks)} webhook(s), {email} e-mail, from severity {alerts.min_severity}")
    if config.tickets.enabled:
        lines.append(tickets_line(config.tickets, os.environ))
    if config.waivers:
        lines += check_waivers(request, default=config.waivers)
    return lines


def tickets_line(tickets: TicketConfig, environ: Mapping[str, str]) -> str:
    """The [tickets] table in one line, with the credential variables not set (names only)."""
    assert tickets.psa is not None
    missing = [name for name in CREDENTIALS[tickets.psa] if not environ.get(name)]
    clients = ", ".join(sorted(tickets.clients)) or "none (no tickets until a client is mapped)"
    credentials = f"not set: {', '.join(missing)}" if missing else "credentials set"
    return (
        f"tickets: {tickets.psa}, one per client and {tickets.group_by}, from severity {tickets.min_severity}; "
        f"clients {clients}; {credentials}"
    )


def check_waivers(request: LintRequest, *, default: Path | None = None, today: date | None = None) -> list[str]:
    """The waivers file: its shape, then that each waiver names a known check and, with an
    inventory, a client, group or host that exists; then what is active, expired or expiring."""
    config = load_config(request.config)
    path = request.waivers or default or config.waivers
    if path is None:
        raise ConfigError('no waivers file: pass --waivers FILE or set `waivers = "FILE"` in the config')
    waivers = load_waivers(path)
    library = select_library(checks=None, profile=None, checks_dirs=(*config.policy.checks_dirs, *request.checks_dirs))
    hosts = _hosts(request.inventory)
    problems = unmatched_waivers(waivers, checks=library.known_ids, hosts=hosts)
    if not request.inventory:  # without an inventory only the check ids can be checked
        problems = [line for line in problems if ": no check " in line]
    if not request.allow_unmatched:
        require_matched(problems, source=path)
    day = today or date.today()
    expired = [w for w in waivers if w.expires < day]
    expiring = [w for w in waivers if day <= w.expires <= day + timedelta(days=EXPIRING_DAYS)]
    lines = [f"{path}: {len(waivers)} waivers, {len(waivers) - len(expired)} active, {len(expired)} expired"]
    lines += [f"expired {w.expires}: {w.check} ({w.scope.describe()})" for w in expired]
    lines += [f"expires {w.expires}: {w.check} ({w.scope.describe()})" for w in expiring]
    lines += [f"unmatched (allowed): {line}" for line in problems]
    if not request.inventory:
        lines.append("clients, groups and hosts not checked: pass -i INVENTORY")
    return lines

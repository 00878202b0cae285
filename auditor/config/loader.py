"""User configuration (TOML): scoring weights and the MSP's branding for client-facing reports.

Looked up at --config, else $XDG_CONFIG_HOME/auditor/config.toml (~/.config/auditor/config.toml)
when present. Example:

    [scoring.weights]
    critical = 10
    high = 5
    medium = 3
    low = 1
    info = 0

    [branding]                      # client-facing reports; see auditor.config.branding
    name = "Example IT Services"    # with [report] (language, paper) and [clients.NAME.branding/report]

Check policy - the default profile, custom check folders, check settings and the backup policy,
globally and per client ([settings], [backup], [clients.NAME.settings], [clients.NAME.backup]) -
is described in auditor.config.policy.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.config.alerts import AlertConfig, parse_alerts
from auditor.config.branding import Branding, Presentation, parse_presentation
from auditor.config.delivery import DeliveryConfig, parse_delivery
from auditor.config.policy import Policy, parse_policy
from auditor.config.rates import Rates, parse_rates
from auditor.config.schema import validate_config_file
from auditor.config.scoring import DEFAULT_WEIGHTS, ScoringConfig
from auditor.config.sla import FindingSla, parse_finding_sla
from auditor.config.tickets import TicketConfig, parse_tickets
from auditor.core.errors import ConfigError
from auditor.core.models import Severity


@dataclass(frozen=True)
class Config:
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    source: Path | None = None
    # client -> severity -> days to remediate a finding; see finding_sla_for()
    finding_sla_overrides: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    finding_sla_default: Mapping[str, int] = field(default_factory=dict)
    waivers: Path | None = None  # `waivers = "file.yaml"`, relative to the config file
    alerts: AlertConfig = field(default_factory=AlertConfig)

    @property
    def finding_sla(self) -> Mapping[str, Mapping[str, int]]:
        """Per-client remediation deadlines; clients not listed use the defaults (history.py)."""
        return FindingSla(self.finding_sla_default, self.finding_sla_overrides)

    # [branding] and [report] with their per-client overrides (auditor.config.branding)
    presentation: Presentation = field(default_factory=Presentation)
    # profile, checks_dirs, [settings], [backup] and their [clients.NAME.*] overrides (auditor.config.policy)
    policy: Policy = field(default_factory=Policy)
    # [delivery]: e-mailing client reports (auditor.config.delivery); None when not configured
    delivery: DeliveryConfig | None = None
    # [onboarding]: the MSP's rates for the onboarding assessment's cost comparison (auditor.config.rates)
    onboarding_rates: Rates | None = None
    # [signing] key: the MSP's Ed25519 key that signs each run's evidence manifest (auditor.store.integrity)
    signing_key: Path | None = None
    # [tickets]: PSA tickets per client and finding group (auditor.config.tickets)
    tickets: TicketConfig = field(default_factory=TicketConfig)

    @property
    def branding(self) -> Branding:
        """The MSP's brand before any client's overrides."""
        return self.presentation.branding


def client_settings(config: Config, client: str) -> dict[str, Any]:
    """The check settings config gives a client's hosts: [settings]/[backup], then [clients.NAME.*]."""
    return config.policy.for_client(client)


def default_config_path() -> Path:
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "auditor" / "config.toml"


def load_config(path: Path | None) -> Config:
    if path is None:
        candidate = default_config_path()
        if not candidate.is_file():
            return Config()
        path = candidate
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    validate_config_file(data, path)  # every table, key and type, before any meaning is read
    weights = dict(DEFAULT_WEIGHTS)
    raw_weights = data.get("scoring", {}).get("weights", {})
    if not isinstance(raw_weights, dict):
        raise ConfigError(f"{path}: [scoring.weights] must be a table")
    for key, value in raw_weights.items():
        try:
            severity = Severity(key)
        except ValueError:
            raise ConfigError(f"{path}: unknown severity {key!r} in [scoring.weights]") from None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"{path}: weight for {key} must be a number >= 0, not {value!r}")
        weights[severity] = float(value)
    default_sla, client_sla = parse_finding_sla(data, path)
    return Config(
        scoring=ScoringConfig(weights=weights),
        source=path,
        presentation=parse_presentation(data, path),
        finding_sla_default=default_sla,
        finding_sla_overrides=client_sla,
        waivers=_relative_path(data.get("waivers"), path, "waivers"),
        alerts=parse_alerts(data.get("alerts"), path),
        policy=parse_policy(data, path),
        delivery=parse_delivery(data.get("delivery"), path),
        onboarding_rates=parse_rates(data.get("onboarding"), path),
        signing_key=_relative_path(data.get("signing", {}).get("key"), path, "[signing] key"),
        tickets=parse_tickets(data.get("tickets"), path),
    )


def _relative_path(value: object, path: Path, key: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{path}: {key} must be a file path")
    return (path.parent / Path(value).expanduser()).resolve()

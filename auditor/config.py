"""User configuration (TOML): scoring weights today; more policy later.

Looked up at --config, else $XDG_CONFIG_HOME/auditor/config.toml (~/.config/auditor/config.toml)
when present. Example:

    [scoring.weights]
    critical = 10
    high = 5
    medium = 3
    low = 1
    info = 0
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import ConfigError
from auditor.models import Severity
from auditor.score import DEFAULT_WEIGHTS, ScoringConfig


@dataclass(frozen=True)
class Config:
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    source: Path | None = None


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
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
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
    return Config(scoring=ScoringConfig(weights=weights), source=path)

"""The MSP's rates for the onboarding assessment's cost comparison (auditor.report.formats.onboarding_costs).

    [onboarding]
    currency = "EUR"               # ISO 4217 code, how amounts are written
    hourly_rate = 95               # break/fix: what an hour of work is billed
    monthly_fee_per_host = 45      # managed: the monthly fee per system

Without a rate the report shows effort in hours and no money at all: a figure the MSP did not
set would be invented.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditor.core.errors import ConfigError

KEYS = ("currency", "hourly_rate", "monthly_fee_per_host")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
RATE_MAX = Decimal(100_000)


@dataclass(frozen=True)
class Rates:
    currency: str
    hourly_rate: Decimal | None = None
    monthly_fee_per_host: Decimal | None = None


def parse_rates(raw: object, path: Path) -> Rates | None:
    """The [onboarding] table, or None when it sets no rate."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{path}: [onboarding] must be a table")
    unknown = sorted(set(raw) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) in [onboarding]: {', '.join(unknown)}; known: {', '.join(KEYS)}")
    hourly = _amount(raw, "hourly_rate", path)
    monthly = _amount(raw, "monthly_fee_per_host", path)
    if hourly is None and monthly is None:
        return None
    currency = raw.get("currency")
    if not isinstance(currency, str) or not _CURRENCY.match(currency):
        raise ConfigError(f"{path}: [onboarding] currency must be an ISO 4217 code like EUR, not {currency!r}")
    return Rates(currency=currency, hourly_rate=hourly, monthly_fee_per_host=monthly)


def _amount(raw: Mapping[str, Any], key: str, path: Path) -> Decimal | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= RATE_MAX:
        raise ConfigError(f"{path}: [onboarding] {key} must be a positive number up to {RATE_MAX}, not {value!r}")
    return Decimal(str(value))

"""Break/fix against managed care in money, only from the rates the MSP configured ([onboarding]).

Every amount is labelled as an estimate in the report, because the effort behind it is an
estimate of hands-on time per finding and system. A rate that is not configured gives no amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from auditor.config.rates import Rates


@dataclass(frozen=True)
class CostComparison:
    """Both cost models for one client; an amount is None when its rate was not configured."""

    currency: str
    systems: int
    baseline_hours: Decimal  # hands-on time to fix every finding
    hourly_rate: Decimal | None
    monthly_fee_per_host: Decimal | None

    @property
    def baseline_cost(self) -> Decimal | None:
        """Fixing today's findings, billed by the hour (the same work under either model)."""
        return None if self.hourly_rate is None else (self.baseline_hours * self.hourly_rate).quantize(Decimal("1"))

    @property
    def managed_monthly(self) -> Decimal | None:
        fee = self.monthly_fee_per_host
        return None if fee is None else fee * self.systems

    @property
    def managed_yearly(self) -> Decimal | None:
        monthly = self.managed_monthly
        return None if monthly is None else monthly * 12


def compare_costs(rates: Rates, *, systems: int, baseline_minutes: int) -> CostComparison:
    return CostComparison(
        currency=rates.currency,
        systems=systems,
        baseline_hours=(Decimal(baseline_minutes) / 60).quantize(Decimal("0.1")),
        hourly_rate=rates.hourly_rate,
        monthly_fee_per_host=rates.monthly_fee_per_host,
    )

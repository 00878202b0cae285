"""Scoring weights as the config gives them ([scoring.weights]); evaluate.score applies them.

Kept in the config stage because the config file is where weights come from: the loader builds a
ScoringConfig without reaching up into the scoring code, and scoring takes it as an argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from auditor.core.models import Severity

DEFAULT_WEIGHTS: Mapping[Severity, float] = {
    Severity.CRITICAL: 10.0,
    Severity.HIGH: 5.0,
    Severity.MEDIUM: 3.0,
    Severity.LOW: 1.0,
    Severity.INFO: 0.0,
}


@dataclass(frozen=True)
class ScoringConfig:
    weights: Mapping[Severity, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

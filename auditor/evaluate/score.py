"""Scoring: pure functions from results to scores, per host, per client and for the fleet.

Formula (README, "Scoring"): each check has a weight by severity (defaults critical 10, high 5,
medium 3, low 1, info 0). A score is 100 * (weight of passed checks) / (weight of passed and
failed checks), capped when a failed check carries a score cap (an end-of-life OS caps the
patch score). Error, not_applicable and waived results stay out of the denominator; coverage
(assessed / applicable) is reported beside the score so an unassessed host never looks healthy.
A host that could not be reached counts every selected check as applicable and unassessed.
Rollups add up weights and counts over hosts (a big host weighs more than a small one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from auditor.config.scoring import ScoringConfig
from auditor.core.models import Category, Status
from auditor.core.runmodel import CheckInfo, CheckResult, HostReport

GRADES: tuple[tuple[float, str], ...] = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"), (0.0, "F"))


@dataclass(frozen=True)
class Tally:
    """Counts and weights that add up across hosts; a score is derived from them."""

    passed_weight: float = 0.0
    failed_weight: float = 0.0
    counts: Mapping[Status, int] = field(default_factory=dict)
    unassessed_checks: int = 0  # checks of hosts that could not be reached at all

    def __add__(self, other: Tally) -> Tally:
        counts = {status: self.counts.get(status, 0) + other.counts.get(status, 0) for status in Status}
        return Tally(
            passed_weight=self.passed_weight + other.passed_weight,
            failed_weight=self.failed_weight + other.failed_weight,
            counts=counts,
            unassessed_checks=self.unassessed_checks + other.unassessed_checks,
        )

    def count(self, status: Status) -> int:
        return self.counts.get(status, 0)

    @property
    def score(self) -> float | None:
        total = self.passed_weight + self.failed_weight
        if total == 0:
            return None
        return round(100.0 * self.passed_weight / total, 1)

    @property
    def applicable(self) -> int:
        return sum(self.counts.values()) - self.count(Status.NOT_APPLICABLE) + self.unassessed_checks

    @property
    def assessed(self) -> int:
        return self.count(Status.PASS) + self.count(Status.FAIL) + self.count(Status.WAIVED)

    @property
    def coverage(self) -> float | None:
        if self.applicable == 0:
            return None
        return round(100.0 * self.assessed / self.applicable, 1)

    @property
    def grade(self) -> str:
        return grade_of(self.score)


def grade_of(score: float | None) -> str:
    if score is None:
        return "-"
    return next(letter for floor, letter in GRADES if score >= floor)


def tally(results: Iterable[CheckResult], config: ScoringConfig) -> Tally:
    """Weights and counts of one host's results (one category's, or all of them).

    A failed check with a score cap (e.g. an end-of-life OS) caps the score: passed weight is
    moved to failed weight until the score equals the cap, so that the cap survives rollups,
    which add weights.
    """
    passed = failed = 0.0
    counts = dict.fromkeys(Status, 0)
    caps = []
    for result in results:
        counts[result.status] += 1
        weight = config.weights.get(result.severity, 0.0)
        if result.status is Status.PASS:
            passed += weight
        elif result.status is Status.FAIL:
            failed += weight
            if result.score_cap is not None:
                caps.append(result.score_cap)
    total = passed + failed
    if caps and total > 0 and 100.0 * passed / total > min(caps):
        passed = total * min(caps) / 100.0
        failed = total - passed
    return Tally(passed_weight=passed, failed_weight=failed, counts=counts)


@dataclass(frozen=True)
class HostScore:
    overall: Tally
    by_category: Mapping[Category, Tally]


def score_host(host: HostReport, *, checks: Sequence[CheckInfo], config: ScoringConfig) -> HostScore:
    """Score one host; `checks` are the run's selected checks (what an unreachable host owed)."""
    if not host.assessed:
        by_category = {
            category: Tally(unassessed_checks=sum(1 for c in checks if c.category is category)) for category in Category
        }
        return HostScore(overall=Tally(unassessed_checks=len(checks)), by_category=by_category)
    by_category = {
        category: tally((r for r in host.results if r.category is category), config) for category in Category
    }
    return HostScore(overall=tally(host.results, config), by_category=by_category)


def rollup(scores: Iterable[HostScore]) -> HostScore:
    overall = Tally()
    by_category: dict[Category, Tally] = {}
    for score in scores:
        overall = overall + score.overall
        for category, part in score.by_category.items():
            by_category[category] = by_category.get(category, Tally()) + part
    return HostScore(overall=overall, by_category=by_category)

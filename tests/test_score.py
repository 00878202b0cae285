"""Scoring formula: weights, denominators, coverage, rollups."""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.config.scoring import ScoringConfig
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckInfo, CheckResult, HostReport
from auditor.evaluate.score import Tally, grade_of, rollup, score_host, tally

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def _result(status: Status, severity: Severity, category: Category = Category.SECURITY) -> CheckResult:
    return CheckResult(
        check_id=f"x-{status}-{severity}",
        check_version=1,
        title="a check",
        category=category,
        severity=severity,
        status=status,
        message="m",
    )


def _host(results: list[CheckResult], *, assessed: bool = True) -> HostReport:
    return HostReport(
        name="h",
        client="c",
        address="a",
        port=22,
        user=None,
        become=False,
        assessed=assessed,
        started_at=NOW,
        finished_at=NOW,
        results=results,
    )


def test_weighted_score_excludes_error_na_and_waived() -> None:
    results = [
        _result(Status.PASS, Severity.CRITICAL),  # 10 passed
        _result(Status.FAIL, Severity.HIGH),  # 5 failed
        _result(Status.ERROR, Severity.CRITICAL),
        _result(Status.NOT_APPLICABLE, Severity.HIGH),
        _result(Status.WAIVED, Severity.HIGH),
    ]
    t = tally(results, ScoringConfig())
    assert t.score == round(100 * 10 / 15, 1)
    assert t.applicable == 4  # everything but not_applicable
    assert t.assessed == 3  # pass, fail, waived
    assert t.coverage == 75.0


def test_custom_weights_change_the_score() -> None:
    results = [_result(Status.PASS, Severity.LOW), _result(Status.FAIL, Severity.CRITICAL)]
    weights = {Severity.LOW: 1.0, Severity.CRITICAL: 1.0}
    assert tally(results, ScoringConfig(weights=weights)).score == 50.0
    assert tally(results, ScoringConfig()).score == round(100 * 1 / 11, 1)


def test_nothing_assessed_has_no_score() -> None:
    t = tally([_result(Status.ERROR, Severity.HIGH)], ScoringConfig())
    assert t.score is None
    assert t.grade == "-"
    assert t.coverage == 0.0


def test_unreachable_host_lowers_fleet_coverage_but_not_score() -> None:
    checks = [
        CheckInfo(
            id=f"c-{i}",
            version=1,
            title="t",
            category=Category.PATCH,
            severity=Severity.HIGH,
            rationale="r",
            remediation="x",
        )
        for i in range(4)
    ]
    good = score_host(
        _host([_result(Status.PASS, Severity.HIGH, Category.PATCH)] * 4), checks=checks, config=ScoringConfig()
    )
    down = score_host(_host([], assessed=False), checks=checks, config=ScoringConfig())
    fleet = rollup([good, down])
    assert fleet.overall.score == 100.0
    assert fleet.overall.coverage == 50.0
    assert fleet.by_category[Category.PATCH].coverage == 50.0


def test_rollup_adds_weights_not_scores() -> None:
    a = Tally(passed_weight=10, failed_weight=0, counts={Status.PASS: 1})
    b = Tally(passed_weight=0, failed_weight=30, counts={Status.FAIL: 3})
    assert (a + b).score == 25.0


def test_grades() -> None:
    assert [grade_of(s) for s in (95, 85, 75, 65, 10, None)] == ["A", "B", "C", "D", "F", "-"]


def test_failed_check_with_cap_caps_the_score_and_survives_rollup() -> None:
    eol = _result(Status.FAIL, Severity.HIGH, Category.PATCH).model_copy(update={"score_cap": 40.0})
    results = [eol] + [_result(Status.PASS, Severity.CRITICAL, Category.PATCH)] * 5  # 50 of 55 passed
    capped = tally(results, ScoringConfig())
    assert capped.score == 40.0
    assert capped.passed_weight + capped.failed_weight == 55.0
    healthy = tally([_result(Status.PASS, Severity.HIGH, Category.PATCH)], ScoringConfig())
    assert (capped + healthy).score == round(100 * (22 + 5) / 60, 1)


def test_cap_never_raises_a_lower_score() -> None:
    eol = _result(Status.FAIL, Severity.CRITICAL).model_copy(update={"score_cap": 40.0})
    assert tally([eol, _result(Status.PASS, Severity.LOW)], ScoringConfig()).score == round(100 / 11, 1)

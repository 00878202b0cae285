"""Evaluation: pure functions from parsed facts to verdicts. Never touches the network.

A check that needs a fact that is missing becomes ERROR with the fact's reason; a check that
does not apply to the host's OS family becomes NOT_APPLICABLE; a check function that raises
anything else is a bug in the check, reported as ERROR naming the exception, never as PASS.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from auditor.checkdef import Case, Check, Facts, FactUnavailable, Verdict
from auditor.models import Status
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.os_release import OS_RELEASE, OsRelease


def parse_facts(
    raw: Mapping[str, RawOutput], probes: Mapping[str, Probe[Any]]
) -> tuple[dict[str, FactModel], dict[str, str]]:
    """Parse every collected probe output; a parser's ProbeError becomes that fact's error reason."""
    values: dict[str, FactModel] = {}
    errors: dict[str, str] = {}
    for name, output in raw.items():
        probe = probes.get(name)
        if probe is None:
            errors[name] = f"unknown probe {name!r}"
            continue
        try:
            values[name] = probe.parse(output)
        except ProbeError as exc:
            errors[name] = str(exc)
    return values, errors


def evaluate_check(check: Check, facts: Facts) -> Verdict:
    """One check on one host's facts, with applicability and could-not-assess handling."""
    try:
        os_release: OsRelease = facts.get(OS_RELEASE)
    except FactUnavailable as exc:
        return Verdict.cannot_assess(f"operating system unknown: {exc}")
    if not check.meta.applies_to.applies(os_release.family):
        families = ", ".join(sorted(check.meta.applies_to.families))
        return Verdict.not_applicable(f"applies to {families}; host is {os_release.family}")
    try:
        return check.evaluate(facts)
    except FactUnavailable as exc:
        return Verdict.cannot_assess(str(exc))
    except Exception as exc:  # a check bug must never read as pass
        return Verdict(Status.ERROR, f"check {check.id} failed internally: {type(exc).__name__}: {exc}")


def facts_from_case(
    case: Case, probes: Mapping[str, Probe[Any]], *, default_now: datetime
) -> Facts:
    """Build Facts from a recorded case; dict values are validated against the probe's model."""
    values: dict[str, FactModel] = {}
    errors: dict[str, str] = {}
    for name, value in case.facts.items():
        if isinstance(value, str):
            errors[name] = value
        else:
            values[name] = probes[name].model.model_validate(value)
    return Facts(values=values, errors=errors, now=case.now or default_now, settings=case.settings)

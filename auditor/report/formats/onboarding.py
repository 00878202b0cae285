"""The onboarding assessment: a run seen by a prospect's business owner, in plain words.

Pure data for reports/onboarding.html.j2: per client, an overall risk grade, the risk areas
(unpatched systems, no working backup, weak access control, exposed systems) derived from the
failing checks, the ten most important fixes in order with effort estimates, and how proactive
management would handle each finding versus reacting after a failure. The wording and effort
estimates are data (reports/onboarding.yaml), one entry per check id with a default for the rest,
so that they can be reviewed and extended without touching code or the check metadata.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from auditor.core.models import Category, Severity, Status
from auditor.report.data import SEVERITY_ORDER, ClientView, Finding, HostView, ReportView

TEXTS_FILE = "onboarding.yaml"
TOP_FIXES = 10
AREA_ORDER = ("patching", "backup", "access", "exposure")
RISK_LABELS = {
    "A": "Low risk",
    "B": "Moderate risk",
    "C": "Elevated risk",
    "D": "High risk",
    "F": "Severe risk",
    "-": "Unknown: nothing could be checked",
}


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AreaText(_Strict):
    title: str = Field(min_length=3)
    at_risk: str = Field(min_length=10)
    ok: str = Field(min_length=10)
    unknown: str = Field(min_length=10)


class CheckText(_Strict):
    area: str | None = None
    effort_minutes: int | None = Field(default=None, ge=1, le=10_000)
    fix: str | None = None
    risk: str | None = None
    proactive: str | None = None
    reactive: str | None = None


class DefaultText(_Strict):
    effort_minutes: int = Field(ge=1, le=10_000)
    fix: str = Field(min_length=5)
    risk: str = Field(min_length=10)
    proactive: str = Field(min_length=10)
    reactive: str = Field(min_length=10)


class Texts(_Strict):
    """reports/onboarding.yaml, validated: every area named exists, every category has an area."""

    areas: dict[str, AreaText]
    categories: dict[Category, str]
    default: DefaultText
    checks: dict[str, CheckText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _areas_exist(self) -> Texts:
        named = set(self.categories.values()) | {text.area for text in self.checks.values() if text.area}
        unknown = sorted(named - set(self.areas))
        if unknown:
            raise ValueError(f"unknown area(s) {unknown}; known: {sorted(self.areas)}")
        missing = sorted(category.value for category in Category if category not in self.categories)
        if missing:
            raise ValueError(f"categories without an area: {missing}")
        return self

    def for_check(self, check_id: str, category: Category) -> ResolvedText:
        own = self.checks.get(check_id, CheckText())
        return ResolvedText(
            area=own.area or self.categories[category],
            effort_minutes=own.effort_minutes or self.default.effort_minutes,
            fix=own.fix or self.default.fix,
            risk=own.risk or self.default.risk,
            proactive=own.proactive or self.default.proactive,
            reactive=own.reactive or self.default.reactive,
            listed=check_id in self.checks,
        )


@dataclass(frozen=True)
class ResolvedText:
    area: str
    effort_minutes: int
    fix: str
    risk: str
    proactive: str
    reactive: str
    listed: bool  # False: the defaults stand in for a check the texts file does not know yet


def load_texts() -> Texts:
    """The shipped texts; a broken file is a packaging bug, reported with its path."""
    source = files("auditor_reports") / TEXTS_FILE
    try:
        return Texts.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ValueError(f"{TEXTS_FILE}: {exc}") from exc


def format_effort(minutes: int) -> str:
    """15 -> '15 min', 90 -> '1 h 30 min', 480 -> '8 h' (a working day)."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@dataclass(frozen=True)
class Fix:
    rank: int
    check_id: str
    title: str
    severity: Severity
    text: ResolvedText
    hosts: tuple[str, ...]

    @property
    def effort_total(self) -> str:
        return format_effort(self.text.effort_minutes * len(self.hosts))

    @property
    def effort_each(self) -> str:
        return format_effort(self.text.effort_minutes)


@dataclass(frozen=True)
class Area:
    key: str
    text: AreaText
    state: str  # at_risk, ok, unknown
    hosts_affected: int
    risks: tuple[str, ...]  # plain-language risks of the failing checks in this area

    @property
    def summary(self) -> str:
        return {"at_risk": self.text.at_risk, "ok": self.text.ok, "unknown": self.text.unknown}[self.state]


@dataclass(frozen=True)
class HostIssue:
    finding: Finding
    text: ResolvedText


@dataclass(frozen=True)
class HostPage:
    view: HostView
    issues: tuple[HostIssue, ...]  # failed checks, worst first
    unknown: int  # checks that could not be assessed on this host


@dataclass(frozen=True)
class ClientAssessment:
    client: ClientView
    risk_label: str
    areas: tuple[Area, ...]
    fixes: tuple[Fix, ...]  # every failed check, most important first; the report shows TOP_FIXES
    hosts: tuple[HostPage, ...]

    @property
    def top_fixes(self) -> tuple[Fix, ...]:
        return self.fixes[:TOP_FIXES]

    @property
    def unassessed(self) -> tuple[HostView, ...]:
        return tuple(host for host in self.client.hosts if not host.host.assessed)


def _fixes(failures: Sequence[Finding], texts: Texts) -> tuple[Fix, ...]:
    """Failed checks ranked: severity first, then how many systems fail them, then id."""
    by_check: dict[str, list[Finding]] = {}
    for finding in failures:
        by_check.setdefault(finding.result.check_id, []).append(finding)
    ranked = sorted(
        by_check.items(),
        key=lambda item: (SEVERITY_ORDER.index(item[1][0].result.severity), -len(item[1]), item[0]),
    )
    return tuple(
        Fix(
            rank=rank,
            check_id=check_id,
            title=group[0].result.title,
            severity=group[0].result.severity,
            text=texts.for_check(check_id, group[0].result.category),
            hosts=tuple(sorted({finding.host.name for finding in group})),
        )
        for rank, (check_id, group) in enumerate(ranked, start=1)
    )


def _areas(client: ClientView, texts: Texts) -> tuple[Area, ...]:
    failed: dict[str, set[str]] = {key: set() for key in texts.areas}
    risks: dict[str, list[str]] = {key: [] for key in texts.areas}
    assessed: dict[str, int] = dict.fromkeys(texts.areas, 0)
    for host in client.hosts:
        for finding in host.findings:
            result = finding.result
            area = texts.for_check(result.check_id, result.category)
            if result.status in (Status.PASS, Status.FAIL, Status.WAIVED):
                assessed[area.area] += 1
            if result.status is Status.FAIL:
                failed[area.area].add(host.host.name)
                if area.risk not in risks[area.area]:
                    risks[area.area].append(area.risk)
    order = [key for key in AREA_ORDER if key in texts.areas] + sorted(set(texts.areas) - set(AREA_ORDER))
    return tuple(
        Area(
            key=key,
            text=texts.areas[key],
            state="at_risk" if failed[key] else ("ok" if assessed[key] else "unknown"),
            hosts_affected=len(failed[key]),
            risks=tuple(risks[key]),
        )
        for key in order
    )


def _host_page(host: HostView, texts: Texts) -> HostPage:
    issues = tuple(
        HostIssue(finding=f, text=texts.for_check(f.result.check_id, f.result.category))
        for f in host.findings
        if f.result.status is Status.FAIL
    )
    unknown = sum(1 for f in host.findings if f.result.status is Status.ERROR)
    return HostPage(view=host, issues=issues, unknown=unknown)


def assess_client(client: ClientView, texts: Texts) -> ClientAssessment:
    failures = [f for host in client.hosts for f in host.findings if f.result.status is Status.FAIL]
    return ClientAssessment(
        client=client,
        risk_label=RISK_LABELS.get(client.score.overall.grade, RISK_LABELS["-"]),
        areas=_areas(client, texts),
        fixes=_fixes(failures, texts),
        hosts=tuple(_host_page(host, texts) for host in client.hosts),
    )


def assessment(view: ReportView, texts: Texts | None = None) -> Mapping[str, ClientAssessment]:
    """One assessment per client of the view, in client order."""
    texts = texts or load_texts()
    return {client.name: assess_client(client, texts) for client in view.clients}

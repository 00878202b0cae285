"""The onboarding assessment: one client's run seen by its business owner, in plain words.

Pure data for reports/onboarding.html.j2. The words come from each check's own metadata
(CheckMeta.plain, in the report's language); this module only arranges them:

- risk areas (unpatched systems, backups, access, exposure, detection) with an honest state: an
  area reads "no issue found" only when every one of its checks could be assessed on every system
  of the client; otherwise it lists what could not be checked and why;
- one set of counts (systems, checked systems, issues) that every sentence of the report reuses;
- the fixes, most important first, with effort per system and in total;
- which findings each managed practice (continuous patching, backup monitoring, hardening) would
  have prevented, and the effort to reach the baseline;
- money only from the rates the MSP configured (auditor.report.formats.onboarding_costs).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from auditor.checklib.plain import AREAS, PRACTICES, Plain
from auditor.config.rates import Rates
from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import CheckInfo
from auditor.report.data import SEVERITY_ORDER, ClientView, Finding, HostView
from auditor.report.formats.exploited import ExploitedUpdate, exploited_updates
from auditor.report.formats.onboarding_costs import CostComparison, compare_costs

TOP_FIXES = 10
GAPS_LISTED_MAX = 6  # per area; the rest is counted ("and 7 more")
DEFAULT_EFFORT_MINUTES = 30  # a custom check without plain text
ASSESSED = (Status.PASS, Status.FAIL, Status.WAIVED)
# Where a check without plain text (a custom check) falls, by its category.
AREA_OF_CATEGORY = {Category.PATCH: "patching", Category.BACKUP: "backup", Category.SECURITY: "exposure"}
PRACTICE_OF_CATEGORY = {Category.PATCH: "patching", Category.BACKUP: "backup", Category.SECURITY: "hardening"}
AreaState = Literal["at_risk", "ok", "partial", "unknown"]


@dataclass(frozen=True)
class CheckText:
    """What the report says about one check, in the report's language.

    `plain` is False for a check without plain-language text (a custom check): the report then
    uses its title and technical remediation, and says so.
    """

    check_id: str
    title: str
    meaning: str
    why: str
    fix: str
    area: str
    practice: str
    effort_minutes: int
    plain: bool


@cache
def library_texts() -> Mapping[str, Plain]:
    """The plain-language text of every shipped check, by id (loaded once per process)."""
    from auditor.checklib.registry import load_checks

    return {check.id: check.meta.plain for check in load_checks() if check.meta.plain is not None}


def check_text(info: CheckInfo, plain: Plain | None, language: str) -> CheckText:
    if plain is None:
        return CheckText(
            check_id=info.id,
            title=info.title,
            meaning=info.title,
            why=info.rationale,
            fix=info.remediation,
            area=AREA_OF_CATEGORY[info.category],
            practice=PRACTICE_OF_CATEGORY[info.category],
            effort_minutes=DEFAULT_EFFORT_MINUTES,
            plain=False,
        )
    words = plain.words(language)
    return CheckText(
        check_id=info.id,
        title=info.title,
        meaning=words.meaning,
        why=words.why,
        fix=words.fix,
        area=plain.area,
        practice=plain.practice,
        effort_minutes=plain.effort_minutes,
        plain=True,
    )


@dataclass(frozen=True)
class Gap:
    """Something that could not be checked: a whole system (check is None) or one check on one system."""

    host: str
    check: str | None  # the check's title, or None when the whole system could not be checked
    reason: str  # an error kind for a whole system (the template words it), else the verdict's message


@dataclass(frozen=True)
class Area:
    key: str
    state: AreaState
    failing_hosts: tuple[str, ...]
    risks: tuple[str, ...]  # what the failing checks mean for the business
    gaps: tuple[Gap, ...]  # at most GAPS_LISTED_MAX
    gaps_more: int  # gaps beyond those listed


@dataclass(frozen=True)
class Fix:
    rank: int
    text: CheckText
    severity: Severity
    hosts: tuple[str, ...]

    @property
    def check_id(self) -> str:
        return self.text.check_id

    @property
    def title(self) -> str:
        return self.text.title

    @property
    def effort_minutes(self) -> int:
        return self.text.effort_minutes * len(self.hosts)


@dataclass(frozen=True)
class PracticeGroup:
    """The findings one managed practice would have prevented."""

    key: str
    fixes: tuple[Fix, ...]

    @property
    def effort_minutes(self) -> int:
        return sum(fix.effort_minutes for fix in self.fixes)


@dataclass(frozen=True)
class HostIssue:
    finding: Finding
    text: CheckText


@dataclass(frozen=True)
class HostPage:
    view: HostView
    issues: tuple[HostIssue, ...]  # failed checks, worst first
    unknown: tuple[HostIssue, ...]  # checks that could not be assessed on this system


@dataclass(frozen=True)
class ClientAssessment:
    name: str
    client: ClientView
    systems: int  # every system of the client in this run
    checked: int  # systems that could be reached and assessed
    areas: tuple[Area, ...]
    fixes: tuple[Fix, ...]  # every failed check, most important first
    practices: tuple[PracticeGroup, ...]
    hosts: tuple[HostPage, ...]
    costs: CostComparison | None  # None: the MSP configured no rates, so no money is shown
    unknown_results: int  # check results that could not be assessed on checked systems

    @property
    def top_fixes(self) -> tuple[Fix, ...]:
        return self.fixes[:TOP_FIXES]

    @property
    def exploited(self) -> tuple[ExploitedUpdate, ...]:
        """Pending fixes for vulnerabilities exploited in the wild: the first thing to install."""
        return exploited_updates(host.host for host in self.client.hosts)

    @property
    def unchecked(self) -> tuple[HostView, ...]:
        return tuple(host for host in self.client.hosts if not host.host.assessed)

    @property
    def baseline_minutes(self) -> int:
        """Hands-on time to fix every finding: the effort to reach the baseline."""
        return sum(fix.effort_minutes for fix in self.fixes)

    @property
    def complete(self) -> bool:
        return self.checked == self.systems and self.unknown_results == 0


def _texts(
    client: ClientView, checks: Mapping[str, CheckInfo], plain: Mapping[str, Plain], language: str
) -> dict[str, CheckText]:
    texts: dict[str, CheckText] = {}
    for host in client.hosts:
        for finding in host.findings:
            check_id = finding.result.check_id
            if check_id not in texts:
                info = checks.get(check_id) or finding.check or _info_of(finding)
                texts[check_id] = check_text(info, plain.get(check_id), language)
    return texts


def _info_of(finding: Finding) -> CheckInfo:
    """Metadata of a result whose check the run does not describe (a run from an older library)."""
    result = finding.result
    return CheckInfo(
        id=result.check_id,
        version=1,
        title=result.title,
        category=result.category,
        severity=result.severity,
        rationale=result.title,
        remediation=result.title,
    )


def _fixes(client: ClientView, texts: Mapping[str, CheckText]) -> tuple[Fix, ...]:
    """Failed checks ranked: severity first, then how many systems fail them, then id."""
    by_check: dict[str, list[Finding]] = {}
    for host in client.hosts:
        for finding in host.findings:
            if finding.result.status is Status.FAIL:
                by_check.setdefault(finding.result.check_id, []).append(finding)
    ranked = sorted(
        by_check.items(),
        key=lambda item: (SEVERITY_ORDER.index(item[1][0].result.severity), -len(item[1]), item[0]),
    )
    return tuple(
        Fix(
            rank=rank,
            text=texts[check_id],
            severity=group[0].result.severity,
            hosts=tuple(sorted({finding.host.name for finding in group})),
        )
        for rank, (check_id, group) in enumerate(ranked, start=1)
    )


def _area(key: str, client: ClientView, texts: Mapping[str, CheckText]) -> Area:
    """The coverage rule: "ok" needs every check of the area assessed on every system of the client."""
    failing: set[str] = set()
    risks: list[str] = []
    gaps: list[Gap] = []
    assessed = 0
    for host in client.hosts:
        if not host.host.assessed:
            gaps.append(Gap(host=host.host.name, check=None, reason=host.host.error_kind or "unknown"))
            continue
        for finding in host.findings:
            result = finding.result
            text = texts[result.check_id]
            if text.area != key:
                continue
            if result.status in ASSESSED:
                assessed += 1
            if result.status is Status.FAIL:
                failing.add(host.host.name)
                if text.meaning not in risks:
                    risks.append(text.meaning)
            elif result.status is Status.ERROR:
                gaps.append(Gap(host=host.host.name, check=text.title, reason=result.message))
    state: AreaState
    if failing:
        state = "at_risk"
    elif not assessed:
        state = "unknown"
    elif gaps:
        state = "partial"
    else:
        state = "ok"
    return Area(
        key=key,
        state=state,
        failing_hosts=tuple(sorted(failing)),
        risks=tuple(risks),
        gaps=tuple(gaps[:GAPS_LISTED_MAX]),
        gaps_more=max(0, len(gaps) - GAPS_LISTED_MAX),
    )


def _practices(fixes: Sequence[Fix]) -> tuple[PracticeGroup, ...]:
    return tuple(
        PracticeGroup(key=key, fixes=tuple(fix for fix in fixes if fix.text.practice == key)) for key in PRACTICES
    )


def _host_page(host: HostView, texts: Mapping[str, CheckText]) -> HostPage:
    def issues(status: Status) -> tuple[HostIssue, ...]:
        return tuple(
            HostIssue(finding=f, text=texts[f.result.check_id]) for f in host.findings if f.result.status is status
        )

    return HostPage(view=host, issues=issues(Status.FAIL), unknown=issues(Status.ERROR))


def assess_client(
    client: ClientView,
    *,
    checks: Mapping[str, CheckInfo],
    plain: Mapping[str, Plain],
    language: str = "en",
    rates: Rates | None = None,
) -> ClientAssessment:
    texts = _texts(client, checks, plain, language)
    fixes = _fixes(client, texts)
    checked = sum(1 for host in client.hosts if host.host.assessed)
    areas = tuple(_area(key, client, texts) for key in _area_keys(texts.values()))
    baseline = sum(fix.effort_minutes for fix in fixes)
    return ClientAssessment(
        name=client.name,
        client=client,
        systems=len(client.hosts),
        checked=checked,
        areas=areas,
        fixes=fixes,
        practices=_practices(fixes),
        hosts=tuple(_host_page(host, texts) for host in client.hosts),
        costs=compare_costs(rates, systems=len(client.hosts), baseline_minutes=baseline) if rates else None,
        unknown_results=sum(1 for h in client.hosts for f in h.findings if f.result.status is Status.ERROR),
    )


def _area_keys(texts: Iterable[CheckText]) -> tuple[str, ...]:
    """Every area of the shipped library, plus any a custom check names, in the report's order."""
    extra = sorted({text.area for text in texts} - set(AREAS))
    return (*AREAS, *extra)


def format_effort(minutes: int) -> str:
    """15 -> '15 min', 90 -> '1 h 30 min', 480 -> '8 h' (the same in English and French)."""
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"

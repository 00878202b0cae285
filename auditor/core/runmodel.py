"""The stored run: what was collected and concluded, host by host. Rendering sees only this.

These models are the boundary between collection and everything after it: the store saves and
loads them, evaluation and scoring read them, templates render them. JSON reports are a
versioned projection of them (auditor.report.jsonreport).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from auditor.core.models import Category, Severity, Status
from auditor.core.vulnmodel import EpssScore, FeedVersion, KevListing, UpdateIntel


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """Raw output of one probe: the command that ran and what it printed."""

    probe: str
    command: str
    stdout: str
    stderr: str
    exit_status: int = Field(ge=-(2**31), lt=2**31)  # what every store's INTEGER column holds
    complete: bool = True


class Waiver(_Model):
    check_id: str
    justification: str
    approved_by: str
    expires: str  # ISO date
    ticket: str | None = None
    scope: str = "all hosts"
    expired: bool = False  # the waiver no longer applies: the result is a failure again


class PendingUpdateRecord(_Model):
    """A pending update as seen in this run, with its age against the patch SLA (security only)."""

    manager: str
    package: str
    source: str = ""  # Debian/Ubuntu source package, when the collector reported it
    current: str = ""
    candidate: str
    security: bool = False
    severity: Severity | None = None
    vendor_severity: str | None = None
    advisory: str | None = None
    cves: list[str] = Field(default_factory=list)
    issued: date | None = None
    origin: str = ""
    first_seen: datetime  # the first run that saw it pending on this host (this run, if new)
    age_days: int | None = None  # security updates only: days since the advisory, else since first seen
    age_source: str | None = None  # "advisory" or "first seen"
    sla_days: int | None = None
    due: date | None = None
    overdue_days: int | None = None
    sla_reason: str | None = None  # which rule of the patch SLA set the deadline
    # from the vulnerability feeds (auditor.feeds), as matched when the run was made
    cvss: float | None = None
    kev: KevListing | None = None
    epss: EpssScore | None = None
    urgency: str | None = None

    @property
    def key(self) -> str:
        return f"{self.manager}:{self.package}:{self.candidate}"

    @property
    def exploited(self) -> bool:
        return self.kev is not None

    def intel(self) -> UpdateIntel | None:
        """What the feeds said when the run was made, so a re-evaluation judges with the same data."""
        if not (self.cves or self.kev or self.epss or self.cvss is not None or self.urgency):
            return None
        return UpdateIntel(cves=tuple(self.cves), cvss=self.cvss, kev=self.kev, epss=self.epss, urgency=self.urgency)


class CheckResult(_Model):
    check_id: str
    check_version: int
    title: str
    category: Category
    severity: Severity
    status: Status
    message: str
    details: list[str] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)  # probe names: the evidence this verdict rests on
    score_cap: float | None = None  # from the check's metadata: caps the category score when failed
    waiver: Waiver | None = None


class HostReport(_Model):
    name: str
    client: str
    address: str
    port: int
    user: str | None
    become: bool
    groups: list[str] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)  # policy values (auditor_* vars) checks used
    assessed: bool
    error_kind: str | None = None
    error: str | None = None
    os_id: str | None = None
    os_version: str | None = None
    os_family: str | None = None
    os_pretty: str | None = None
    started_at: datetime
    finished_at: datetime
    evidence: list[Evidence] = Field(default_factory=list)
    results: list[CheckResult] = Field(default_factory=list)
    pending_updates: list[PendingUpdateRecord] = Field(default_factory=list)
    # probe -> bytes of its output beyond what is kept (auditor.collect.script.SECTION_LIMIT): that
    # evidence is truncated and the probe was not evaluated
    truncated_evidence: dict[str, int] = Field(default_factory=dict)

    @property
    def duration_seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


class CheckInfo(_Model):
    """The metadata of a check as it was when the run was made (reports explain verdicts with it)."""

    id: str
    version: int
    title: str
    category: Category
    severity: Severity
    rationale: str
    remediation: str
    references: dict[str, list[str]] = Field(default_factory=dict)
    rule: str = ""  # the check's decision in one sentence, when its metadata states one


class RunInfo(_Model):
    id: str
    started_at: datetime
    finished_at: datetime | None = None
    complete: bool = False
    auditor_version: str
    operator: str
    inventory: str
    limit: str | None = None
    transport: str = "ssh"
    waivers: str | None = None  # the waivers file applied, if any
    profile: str | None = None  # the check profile selected (--profile or the config's)
    evidence_pruned: bool = False  # raw evidence dropped by `auditor prune`; results and scores kept
    feeds: list[FeedVersion] = Field(default_factory=list)  # the vulnerability feeds matched against
    feed_warnings: list[str] = Field(default_factory=list)  # e.g. a feed older than the configured age
    checks: list[CheckInfo] = Field(default_factory=list)


class Run(_Model):
    info: RunInfo
    hosts: list[HostReport] = Field(default_factory=list)

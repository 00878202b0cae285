"""What the vulnerability feeds say about a pending update, as stored with the run.

These models sit in core because three stages read them: the feeds stage fills them from its
on-disk index, the checks (the patch SLA) judge deadlines with them, and the stored run and
its reports carry them, so a verdict can be reproduced later from the run alone.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KevListing(_Frozen):
    """An entry of CISA's Known Exploited Vulnerabilities catalog: exploited in the wild."""

    cve: str
    date_added: date
    due_date: date | None = None  # CISA's remediation deadline for federal agencies
    known_ransomware: bool = False  # knownRansomwareCampaignUse == "Known"


class EpssScore(_Frozen):
    """FIRST EPSS: the probability of exploitation in the next 30 days, and its percentile."""

    cve: str
    score: float = Field(ge=0.0, le=1.0)
    percentile: float = Field(ge=0.0, le=1.0)


class UpdateIntel(_Frozen):
    """The CVEs a pending update fixes and how dangerous they are (worst of each measure)."""

    cves: tuple[str, ...] = ()
    cvss: float | None = None  # the highest CVSS base score known among the CVEs
    kev: KevListing | None = None  # the KEV entry with the earliest due date, if any CVE is listed
    epss: EpssScore | None = None  # the highest EPSS score among the CVEs
    urgency: str | None = None  # the distribution tracker's worst urgency (Debian: low/medium/high)

    @property
    def exploited(self) -> bool:
        return self.kev is not None


class FeedVersion(_Frozen):
    """Which edition of a feed a run read: enough to fetch or re-import the same data later."""

    name: str  # kev, epss, debian, ubuntu
    source: str  # URL or file it came from
    version: str  # the feed's own version or date (KEV catalogVersion, EPSS score_date, ...)
    published: datetime | None = None
    imported_at: datetime
    sha256: str
    records: int = 0

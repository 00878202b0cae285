"""The patch SLA: when each pending security update is due, prioritised by exploitation.

The policy (README, "Patch SLA"), in order:
1. A fix for a CVE in CISA's Known Exploited Vulnerabilities catalog is due by CISA's due date
   or `patch_sla_days_kev` days (default 7) after the update appeared, whichever is sooner:
   exploitation in the wild outranks every score.
2. Otherwise the update's severity band decides: the vendor's rating where the package manager
   gives one (dnf, zypper, MSRC), else the highest CVSS base score of its CVEs (>= 9 critical,
   >= 7 high, >= 4 medium, else low), else the distribution tracker's urgency (Debian, Ubuntu).
   Critical and high are due within 14 days (Cyber Essentials), medium 30, low 90.
3. An update with no rating at all is held to the `unknown` deadline (14 days, the strictest).
Every band is a host setting `patch_sla_days_<band>`. The age runs from the advisory's issue date
where the package manager gives one, otherwise from the first run that saw the update pending.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from auditor.checklib.checkdef import Setting
from auditor.checklib.updates import PendingUpdate
from auditor.core.models import Severity
from auditor.core.vulnmodel import UpdateIntel

DEFAULT_SLA_DAYS: Mapping[str, int] = {"kev": 7, "critical": 14, "high": 14, "medium": 30, "low": 90, "unknown": 14}
SLA_SETTINGS: tuple[Setting, ...] = tuple(
    Setting(
        name=f"patch_sla_days_{band}",
        type=int,
        default=days,
        doc=(
            "Days a fix for a CISA KEV-listed CVE may stay pending (CISA's due date applies if sooner)."
            if band == "kev"
            else f"Days a {band}-severity security update may stay pending before it is overdue."
        ),
    )
    for band, days in DEFAULT_SLA_DAYS.items()
)
# Debian and Ubuntu tracker urgencies/priorities on the auditor's scale ("unimportant": low).
_URGENCY: Mapping[str, Severity] = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
    "negligible": Severity.LOW,
    "unimportant": Severity.LOW,
}


def cvss_band(score: float) -> Severity:
    """CVSS v3 qualitative rating (FIRST): 9.0-10 critical, 7.0-8.9 high, 4.0-6.9 medium, else low."""
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    return Severity.LOW


def effective_severity(update: PendingUpdate, intel: UpdateIntel | None) -> tuple[Severity | None, str]:
    """The band the SLA uses and where it came from (vendor, CVSS, tracker urgency, or none)."""
    if update.severity is not None:
        return update.severity, f"vendor {update.vendor_severity or update.severity.value}"
    if intel is not None and intel.cvss is not None:
        return cvss_band(intel.cvss), f"CVSS {intel.cvss:.1f}"
    urgency = _URGENCY.get((intel.urgency or "").rstrip("*").strip().lower()) if intel else None
    if urgency is not None and intel is not None:
        return urgency, f"tracker urgency {intel.urgency}"
    return None, "unrated"


@dataclass(frozen=True)
class UpdateAge:
    """A pending security update measured against its deadline (see the module's policy)."""

    since: datetime  # the advisory's issue date, else the first run that saw it pending
    since_source: str  # "advisory" or "first seen"
    age_days: int
    sla_days: int
    due: date
    overdue_days: int  # > 0: past the deadline by that many days
    reason: str  # why this deadline: "CISA KEV CVE-...: CISA due date", "high (CVSS 9.8)", "unknown (unrated)"


@dataclass(frozen=True)
class _Deadline:
    days: int
    due: date
    reason: str


def _deadline(
    update: PendingUpdate, intel: UpdateIntel | None, since: datetime, settings: Mapping[str, Any]
) -> _Deadline:
    if intel is not None and intel.kev is not None:
        days = int(settings.get("patch_sla_days_kev", DEFAULT_SLA_DAYS["kev"]))
        own = (since + timedelta(days=days)).date()
        cisa = intel.kev.due_date
        if cisa is not None and cisa < own:
            return _Deadline(max(0, (cisa - since.date()).days), cisa, f"CISA KEV {intel.kev.cve}: CISA due date")
        return _Deadline(days, own, f"CISA KEV {intel.kev.cve}: {days} days")
    severity, source = effective_severity(update, intel)
    band = "unknown" if severity is None else ("low" if severity is Severity.INFO else severity.value)
    days = int(settings.get(f"patch_sla_days_{band}", DEFAULT_SLA_DAYS[band]))
    return _Deadline(days, (since + timedelta(days=days)).date(), f"{band} ({source})")


def update_age(
    update: PendingUpdate,
    *,
    now: datetime,
    first_seen: Mapping[str, datetime],
    settings: Mapping[str, Any],
    intel: UpdateIntel | None = None,
) -> UpdateAge | None:
    """Age of a pending security update against its deadline; None for a non-security update.

    An update that fixes a KEV-listed CVE is a security update whatever its origin says.
    """
    if not update.security and not (intel is not None and intel.exploited):
        return None
    if update.issued is not None:
        since, source = datetime.combine(update.issued, time(), tzinfo=UTC), "advisory"
    else:
        since, source = first_seen.get(update.key, now), "first seen"
    since = since if since.tzinfo else since.replace(tzinfo=UTC)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    deadline = _deadline(update, intel, since, settings)
    return UpdateAge(
        since=since,
        since_source=source,
        age_days=max(0, (now - since).days),
        sla_days=deadline.days,
        due=deadline.due,
        overdue_days=max(0, (now.date() - deadline.due).days),
        reason=deadline.reason,
    )

"""Pending updates, normalised across package managers, and their age against the patch SLA.

Every package-manager probe (apt today; dnf/yum, zypper and apk as they are added) is mapped
to the same PendingUpdate, so patch checks, the patch-age SLA and the reports read one list
whatever the host's family. `pending_updates` picks the manager fact that the host has.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from auditor.checkdef import Facts
from auditor.models import Severity
from auditor.probes.apt_upgradable import APT_UPGRADABLE
from auditor.probes.base import FactModel

# Facts every check that calls pending_updates() must declare (one per package manager).
UPDATE_FACTS: tuple[str, ...] = (APT_UPGRADABLE.name,)


class PendingUpdate(FactModel):
    """One package with a newer version waiting to be installed."""

    manager: str  # apt, dnf, yum, zypper, apk
    package: str
    current: str = ""  # empty: a new package the upgrade pulls in
    candidate: str
    security: bool = False
    severity: Severity | None = None  # normalised; None when the vendor gives no severity
    vendor_severity: str | None = None  # as the vendor spells it: Critical, Important, Moderate, Low
    advisory: str | None = None  # DSA-..., RHSA-2024:1234, openSUSE-SU-..., ALSA-...
    cves: tuple[str, ...] = ()
    issued: date | None = None  # the advisory's issue date, where the package manager gives one
    origin: str = ""  # repository or pocket

    @property
    def key(self) -> str:
        """Identity across runs: the same package pending at the same candidate version."""
        return f"{self.manager}:{self.package}:{self.candidate}"


def pending_updates(facts: Facts) -> tuple[PendingUpdate, ...]:
    """The host's pending updates from its own package manager; FactUnavailable if it could not be read."""
    upgradable = facts.get(APT_UPGRADABLE)
    if not upgradable.installed:
        return ()
    return tuple(
        PendingUpdate(
            manager="apt",
            package=u.package,
            current=u.current,
            candidate=u.candidate,
            security=u.security,
            origin=next((o for o in u.origins if "security" in o.lower()), ", ".join(u.origins)),
        )
        for u in upgradable.upgrades
    )


# Patch-age SLA defaults in days, by normalised severity (README, "Patch-age SLA"). Critical and
# high follow Cyber Essentials (14 days); a security update whose vendor gives no severity (Debian
# and Ubuntu security pockets) is held to the `unknown` deadline, which defaults to the strictest.
DEFAULT_SLA_DAYS: Mapping[str, int] = {"critical": 14, "high": 14, "medium": 30, "low": 90, "unknown": 14}


class UpdateAge(FactModel):
    """A pending security update measured against its deadline."""

    since: datetime  # the advisory's issue date, else the first run that saw it pending
    since_source: str  # "advisory" or "first seen"
    age_days: int
    sla_days: int
    due: date
    overdue_days: int  # > 0: past the deadline by that many days


def sla_days(update: PendingUpdate, settings: Mapping[str, Any]) -> int:
    """The deadline for one update; settings `patch_sla_days_<severity>` override the defaults."""
    band = update.severity.value if update.severity is not None else "unknown"
    if band == "info":
        band = "low"
    return int(settings.get(f"patch_sla_days_{band}", DEFAULT_SLA_DAYS[band]))


def update_age(
    update: PendingUpdate, *, now: datetime, first_seen: Mapping[str, datetime], settings: Mapping[str, Any]
) -> UpdateAge | None:
    """Age of a pending security update, or None for a non-security update (no SLA applies)."""
    if not update.security:
        return None
    if update.issued is not None:
        since, source = datetime.combine(update.issued, time(), tzinfo=UTC), "advisory"
    else:
        since, source = first_seen.get(update.key, now), "first seen"
    since = since if since.tzinfo else since.replace(tzinfo=UTC)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    age = max(0, (now - since).days)
    days = sla_days(update, settings)
    due = (since + timedelta(days=days)).date()
    return UpdateAge(
        since=since,
        since_source=source,
        age_days=age,
        sla_days=days,
        due=due,
        overdue_days=max(0, age - days),
    )

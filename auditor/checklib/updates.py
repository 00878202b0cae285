"""Pending updates, normalised across package managers, and their age against the patch SLA.

Every package-manager probe (apt, dnf/yum, zypper, apk, pacman, and on Windows the Windows Update Agent)
is mapped to the same PendingUpdate, so patch checks, the patch-age SLA and the reports read one
list whatever the host's family. A Windows update becomes package = its KB id, candidate = its
title, advisory = the KB, vendor severity = its MSRC severity, origin = its classification, issued =
its release date; it is a security update when MSRC rated it or it is classified Security Updates
or Critical Updates.
`pending_updates` reads the manager of the host's family (os_release), so a Debian host that
happens to have a dnf or zypper binary installed is still judged by apt. `update_source` says
which manager that is, whether it was found, whether it labels security updates at all, and how
old its metadata is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any, Literal

from auditor.checklib.checkdef import Facts, FactUnavailable, Setting
from auditor.core.models import Severity
from auditor.probes.apk_upgradable import APK_UPGRADABLE
from auditor.probes.apt_lists import APT_LISTS
from auditor.probes.apt_upgradable import APT_UPGRADABLE
from auditor.probes.base import FactModel
from auditor.probes.dnf_updates import DNF_UPDATES, DnfUpdates, split_nevra
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.pacman_updates import PACMAN_UPDATES
from auditor.probes.win_os import WIN_OS, WINDOWS_FAMILY
from auditor.probes.win_update_status import WIN_UPDATE_STATUS
from auditor.probes.win_updates_pending import WIN_UPDATES_PENDING
from auditor.probes.zypper_updates import ZYPPER_UPDATES

# Facts every check that calls pending_updates() must declare (one per package manager).
UPDATE_FACTS: tuple[str, ...] = (
    APT_UPGRADABLE.name,
    DNF_UPDATES.name,
    ZYPPER_UPDATES.name,
    APK_UPGRADABLE.name,
    PACMAN_UPDATES.name,
    WIN_UPDATES_PENDING.name,
)
# Facts every check that calls update_source() must declare: the managers, apt's list ages and
# Windows Update's last successful search (the age of the metadata the offline WUA search used).
SOURCE_FACTS: tuple[str, ...] = (*UPDATE_FACTS, APT_LISTS.name, WIN_UPDATE_STATUS.name)

# The package manager (probe) of each family; other families try each in turn.
FAMILY_MANAGER: Mapping[str, str] = {
    "debian": APT_UPGRADABLE.name,
    "rhel": DNF_UPDATES.name,
    "suse": ZYPPER_UPDATES.name,
    "alpine": APK_UPGRADABLE.name,
    "arch": PACMAN_UPDATES.name,
    WINDOWS_FAMILY: WIN_UPDATES_PENDING.name,
}

# Vendor severities (Red Hat/Fedora/Oracle/Amazon: Critical, Important, Moderate, Low; SUSE:
# critical, important, moderate, low) on the auditor's scale. Anything else has no severity.
VENDOR_SEVERITY: Mapping[str, Severity] = {
    "critical": Severity.CRITICAL,
    "important": Severity.HIGH,
    "moderate": Severity.MEDIUM,
    "low": Severity.LOW,
}
# The origin note of a zypper patch held in <blocked-update-list>: pending, installed by `zypper patch`
# right after the package-manager patch ahead of it.
WAITS_FOR_STACK = "waits for the package-manager update"
_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}

# The win_os fact of the patch checks' Windows cases: Windows Server 2022 Datacenter as recorded in
# tests/probes/golden/win_os (only the fields those checks read).
CASE_SERVER_2022: Mapping[str, Any] = {
    "caption": "Microsoft Windows Server 2022 Datacenter",
    "version": "10.0.20348",
    "build_number": "20348",
    "product_type": 3,
    "edition_id": "ServerDatacenter",
    "current_build": "20348",
    "installation_type": "Server",
}


# Every manager a pending update can come from (wua: the Windows Update Agent); the JSON report's
# schema lists the same names, and a test holds the two together.
UpdateManager = Literal["apt", "dnf", "yum", "zypper", "apk", "pacman", "wua"]


class PendingUpdate(FactModel):
    """One package with a newer version waiting to be installed."""

    manager: UpdateManager
    package: str
    source: str = ""  # Debian/Ubuntu: the source package (what security trackers name), when known
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


def normalise_severity(vendor: str) -> Severity | None:
    return VENDOR_SEVERITY.get(vendor.strip().lower())


def pending_updates(facts: Facts) -> tuple[PendingUpdate, ...]:
    """The host's pending updates from its own package manager; FactUnavailable if it could not be read."""
    source = _manager_probe(facts)
    if source == APT_UPGRADABLE.name:
        return _apt(facts)
    if source == DNF_UPDATES.name:
        return _dnf(facts.get(DNF_UPDATES))
    if source == ZYPPER_UPDATES.name:
        return _zypper(facts)
    if source == APK_UPGRADABLE.name:
        upgradable = facts.get(APK_UPGRADABLE)
        return tuple(
            PendingUpdate(manager="apk", package=u.package, current=u.current, candidate=u.candidate)
            for u in upgradable.upgrades
        )
    if source == PACMAN_UPDATES.name:
        return _pacman(facts)
    if source == WIN_UPDATES_PENDING.name:
        return _windows(facts)
    return ()


@dataclass(frozen=True)
class UpdateSource:
    """What a patch check needs to know about the host's package manager besides the list."""

    manager: str  # apt, dnf, yum, zypper, apk; "" when the host has none that auditor knows
    present: bool
    labels_security: bool  # False: the manager (or its repositories) cannot tell security updates apart
    truncated: bool
    stale: str | None  # why the metadata cannot be trusted, None when it is fresh enough

    @property
    def name(self) -> str:
        return self.manager or "package manager"


def update_source(facts: Facts, *, max_age_days: float) -> UpdateSource:
    """The host's package manager, read the same way as pending_updates (FactUnavailable propagates)."""
    source = _manager_probe(facts)
    if source == APT_UPGRADABLE.name:
        apt = facts.get(APT_UPGRADABLE)
        stale = facts.get(APT_LISTS).staleness(max_age_days) if apt.installed else None
        return UpdateSource("apt", apt.installed, True, apt.truncated, stale)
    if source == DNF_UPDATES.name:
        dnf = facts.get(DNF_UPDATES)
        stale = dnf.staleness(max_age_days) if dnf.installed else None
        return UpdateSource(dnf.manager or "dnf", dnf.installed, dnf.updateinfo_cached, dnf.truncated, stale)
    if source == ZYPPER_UPDATES.name:
        zypper = facts.get(ZYPPER_UPDATES)
        stale = zypper.staleness(max_age_days) if zypper.installed else None
        return UpdateSource("zypper", zypper.installed, True, zypper.truncated, stale)
    if source == APK_UPGRADABLE.name:
        apk = facts.get(APK_UPGRADABLE)
        stale = apk.staleness(max_age_days) if apk.installed else None
        return UpdateSource("apk", apk.installed, False, apk.truncated, stale)
    if source == PACMAN_UPDATES.name:
        pacman = facts.get(PACMAN_UPDATES)
        stale = pacman.staleness(max_age_days) if pacman.installed else None
        return UpdateSource("pacman", pacman.installed, False, pacman.truncated, stale)
    if source == WIN_UPDATES_PENDING.name:
        wua = facts.get(WIN_UPDATES_PENDING)
        return UpdateSource("Windows Update", True, True, wua.truncated, windows_staleness(facts, max_age_days))
    return UpdateSource("", False, False, False, None)


def host_family(facts: Facts) -> str:
    """os_release's family, or "windows" for a host identified by win_os (only one is collected)."""
    try:
        return facts.get(OS_RELEASE).family
    except FactUnavailable as linux:
        try:
            facts.get(WIN_OS)
        except FactUnavailable:
            raise linux from None
        return WINDOWS_FAMILY


def windows_staleness(facts: Facts, max_age_days: float) -> str | None:
    """Why the Windows Update metadata the offline search read cannot be trusted, None when fresh.

    The search reads what the client last downloaded, so its age is the time since the last
    successful search (IAutomaticUpdatesResults.LastSearchSuccessDate, UTC).
    """
    try:
        status = facts.get(WIN_UPDATE_STATUS)
    except FactUnavailable as exc:
        return f"the last Windows Update search time is unknown ({exc})"
    last = status.last_search_success
    if last is None:
        return "Windows Update has never searched successfully"
    now = facts.now if facts.now.tzinfo else facts.now.replace(tzinfo=UTC)
    age = (now - last).total_seconds() / 86400
    if age > max_age_days:
        return f"Windows Update last searched successfully {age:.0f} days ago (limit {max_age_days:g})"
    return None


def _manager_probe(facts: Facts) -> str | None:
    """The family's manager; for other families the first manager probe that found its tool."""
    family = host_family(facts)
    if family in FAMILY_MANAGER:
        return FAMILY_MANAGER[family]
    # asked in turn, so a host is judged by the first manager found even if a later probe was not collected
    managers: tuple[Callable[[], bool], ...] = (
        lambda: facts.get(APT_UPGRADABLE).installed,
        lambda: facts.get(DNF_UPDATES).installed,
        lambda: facts.get(ZYPPER_UPDATES).installed,
        lambda: facts.get(APK_UPGRADABLE).installed,
        lambda: facts.get(PACMAN_UPDATES).installed,
    )
    names = (APT_UPGRADABLE.name, DNF_UPDATES.name, ZYPPER_UPDATES.name, APK_UPGRADABLE.name, PACMAN_UPDATES.name)
    return next((name for name, installed in zip(names, managers, strict=True) if installed()), None)


def _apt(facts: Facts) -> tuple[PendingUpdate, ...]:
    upgradable = facts.get(APT_UPGRADABLE)
    if not upgradable.installed:
        return ()
    return tuple(
        PendingUpdate(
            manager="apt",
            package=u.package,
            source=u.source,
            current=u.current,
            candidate=u.candidate,
            security=u.security,
            origin=next((o for o in u.origins if "security" in o.lower()), ", ".join(u.origins)),
        )
        for u in upgradable.upgrades
    )


def _dnf(dnf: DnfUpdates) -> tuple[PendingUpdate, ...]:
    """check-update's list, each package marked with the security advisories that name it.

    A package can be named by several advisories (every one since the installed version): the
    update is as severe as the worst of them and as old as the oldest dated one.
    """
    if not dnf.installed:
        return ()
    by_package: dict[tuple[str, str], list[Any]] = {}
    for advisory in dnf.advisories:
        for nevra in advisory.packages:
            name, _, arch = split_nevra(nevra)
            by_package.setdefault((name, arch), []).append(advisory)
    updates = []
    for u in dnf.updates:
        advisories = sorted(by_package.get((u.package, u.arch), []), key=lambda a: (a.issued or date.max, a.id))
        worst = max(advisories, key=lambda a: _RANK[normalise_severity(a.severity) or Severity.INFO], default=None)
        updates.append(
            PendingUpdate(
                manager="yum" if dnf.manager == "yum" else "dnf",
                package=u.package,
                current=u.current,
                candidate=u.candidate,
                security=bool(advisories),
                severity=normalise_severity(worst.severity) if worst else None,
                vendor_severity=(worst.severity or None) if worst else None,
                advisory=", ".join(dict.fromkeys(a.id for a in advisories)) or None,
                cves=tuple(dict.fromkeys(c for a in advisories for c in a.cves)),
                issued=next((a.issued for a in advisories if a.issued), None),
                origin=u.repo,
            )
        )
    return tuple(updates)


def _pacman(facts: Facts) -> tuple[PendingUpdate, ...]:
    """pacman -Qu's list; a package held by IgnorePkg is pending all the same, and says so."""
    pacman = facts.get(PACMAN_UPDATES)
    if not pacman.installed:
        return ()
    return tuple(
        PendingUpdate(
            manager="pacman",
            package=u.package,
            current=u.current,
            candidate=u.candidate,
            origin="ignored (IgnorePkg)" if u.ignored else "",
        )
        for u in pacman.updates
    )


def _windows(facts: Facts) -> tuple[PendingUpdate, ...]:
    """The WUA search's updates: KB as the package, the title as what would be installed."""
    return tuple(
        PendingUpdate(
            manager="wua",
            package=u.kb,
            candidate=u.title or u.kb,
            security=u.security,
            severity=normalise_severity(u.msrc_severity) if u.msrc_severity else None,
            vendor_severity=u.msrc_severity,
            advisory=", ".join(u.kbs) or None,
            cves=u.cves,
            issued=u.released,
            origin=u.classification_name,
        )
        for u in facts.get(WIN_UPDATES_PENDING).updates
    )


def _zypper(facts: Facts) -> tuple[PendingUpdate, ...]:
    """Package updates (no security label of their own) and pending patches (the advisories)."""
    zypper = facts.get(ZYPPER_UPDATES)
    if not zypper.installed:
        return ()
    packages = tuple(
        PendingUpdate(manager="zypper", package=p.package, current=p.current, candidate=p.candidate, origin=p.repo)
        for p in zypper.packages
    )
    patches = tuple(
        PendingUpdate(
            manager="zypper",
            package=f"patch:{p.name}",
            candidate=p.edition,
            security=p.security,
            severity=normalise_severity(p.severity),
            vendor_severity=p.severity or None,
            advisory=p.name,
            cves=p.cves,
            issued=p.issued,
            origin=f"{p.repo}; {WAITS_FOR_STACK}" if p.blocked and p.repo else WAITS_FOR_STACK if p.blocked else p.repo,
        )
        for p in zypper.patches
        if p.pending
    )
    return packages + patches


DEFAULT_MAX_LIST_AGE_DAYS = 7
APT_LISTS_MAX_AGE = Setting(
    name="apt_lists_max_age_days",
    type=float,
    default=DEFAULT_MAX_LIST_AGE_DAYS,
    doc="Days the package lists may go unrefreshed before pending-update counts are untrusted (older name).",
)
PACKAGE_METADATA_MAX_AGE = Setting(
    name="package_metadata_max_age_days",
    type=float,
    default=DEFAULT_MAX_LIST_AGE_DAYS,
    doc="Days the package metadata may go unrefreshed before pending-update counts are untrusted.",
)

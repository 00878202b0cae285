"""Matching pending updates to what the feeds say about them: pure lookups over the on-disk index.

Debian and Ubuntu: a pending update fixes a CVE when the tracker's fixed version for the update's
source package in the host's release is greater than the installed version and not greater than
the candidate, in dpkg's version ordering (python-debian's implementation: epochs, tildes,
+debNuM, ~bpo, +really all compare as dpkg compares them). RPM families and Windows: the package
manager already names the CVEs (updateinfo, the KB's CVE list); the feeds add KEV, EPSS and CVSS.

A fleet shares packages, so each (release, source package) and each CVE is read from SQLite once
per run and kept in memory for the rest of it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

from debian.debian_support import Version

from auditor.checklib.checkdef import Facts, FactUnavailable
from auditor.checklib.updates import PendingUpdate, pending_updates
from auditor.core.vulnmodel import EpssScore, KevListing, UpdateIntel
from auditor.feeds.index import open_read_only
from auditor.probes.os_release import OS_RELEASE

# Tracker urgencies, least to most urgent ("not yet assigned" and unknown words rank lowest).
_URGENCY_RANK = {"unimportant": 1, "negligible": 1, "low": 2, "medium": 3, "high": 4, "critical": 5}
_DEB_MANAGER = "apt"


@lru_cache(maxsize=65536)
def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except ValueError:
        return None


@lru_cache(maxsize=262144)
def _older(first: str, second: str) -> bool | None:
    """first < second in dpkg's ordering (None if either is not a version); memoised, since a fleet
    compares the same few installed, fixed and candidate versions over and over."""
    a, b = _version(first), _version(second)
    if a is None or b is None:
        return None
    return bool(a < b)


def fixes_between(installed: str, candidate: str, fixed: str) -> bool:
    """True when `fixed` is newer than `installed` and no newer than `candidate` (dpkg ordering)."""
    return _older(installed, fixed) is True and _older(candidate, fixed) is False


def _urgency_rank(urgency: str | None) -> int:
    return _URGENCY_RANK.get((urgency or "").rstrip("*").strip().lower(), 0)


class FeedLookup:
    """Read-only queries on the feeds index, memoised for a run (one instance per run, shared by the
    threads that audit hosts: one lock serialises the queries, which are index lookups)."""

    def __init__(self, index: Path) -> None:
        self._lock = threading.Lock()
        self._db: sqlite3.Connection = open_read_only(index, shared=True)
        # (distro, release, source) -> fixed version -> [(cve, urgency, cvss)]: one upload fixes many CVEs
        self._fixes: dict[tuple[str, str, str], dict[str, list[tuple[str, str | None, float | None]]]] = {}
        self._kev: dict[str, KevListing | None] = {}
        self._epss: dict[str, EpssScore | None] = {}
        # a fleet runs the same versions: one answer per (release, package, versions, CVEs named)
        self._answers: dict[tuple[str, ...], UpdateIntel | None] = {}

    def close(self) -> None:
        self._db.close()

    def fixes(self, distro: str, release: str, source: str) -> dict[str, list[tuple[str, str | None, float | None]]]:
        key = (distro, release, source)
        if key in self._fixes:
            return self._fixes[key]
        with self._lock:
            rows = self._db.execute(
                "SELECT fixed, cve, urgency, cvss FROM fixes WHERE distro = ? AND release = ? AND source = ?", key
            ).fetchall()
        by_version: dict[str, list[tuple[str, str | None, float | None]]] = {}
        for fixed, cve, urgency, cvss in rows:
            by_version.setdefault(fixed, []).append((cve, urgency, cvss))
        self._fixes[key] = by_version
        return by_version

    def kev(self, cve: str) -> KevListing | None:
        if cve not in self._kev:
            with self._lock:
                row = self._db.execute(
                    "SELECT date_added, due_date, ransomware FROM kev WHERE cve = ?", (cve,)
                ).fetchone()
            self._kev[cve] = (
                KevListing(
                    cve=cve,
                    date_added=date.fromisoformat(row[0]),
                    due_date=date.fromisoformat(row[1]) if row[1] else None,
                    known_ransomware=bool(row[2]),
                )
                if row
                else None
            )
        return self._kev[cve]

    def epss(self, cve: str) -> EpssScore | None:
        if cve not in self._epss:
            with self._lock:
                row = self._db.execute("SELECT score, percentile FROM epss WHERE cve = ?", (cve,)).fetchone()
            self._epss[cve] = EpssScore(cve=cve, score=row[0], percentile=row[1]) if row else None
        return self._epss[cve]

    def host_intel(self, facts: Facts) -> Mapping[str, UpdateIntel]:
        """Every pending update of one host that the feeds know something about, by update key."""
        try:
            updates = pending_updates(facts)
        except FactUnavailable:
            return {}
        distro, release = _distribution(facts)
        found = {}
        for update in updates:
            intel = self.update_intel(update, distro=distro, release=release)
            if intel is not None:
                found[update.key] = intel
        return found

    def update_intel(self, update: PendingUpdate, *, distro: str, release: str) -> UpdateIntel | None:
        key: tuple[str, ...] = (
            update.manager,
            distro,
            release,
            update.source or update.package,
            update.current,
            update.candidate,
            *update.cves,
        )
        if key not in self._answers:
            self._answers[key] = self._match(update, distro=distro, release=release)
        return self._answers[key]

    def _match(self, update: PendingUpdate, *, distro: str, release: str) -> UpdateIntel | None:
        cves = list(update.cves)
        urgency: str | None = None
        cvss: float | None = None
        if update.manager == _DEB_MANAGER and distro and release and update.current:
            for fixed, fixed_cves in self.fixes(distro, release, update.source or update.package).items():
                if not fixes_between(update.current, update.candidate, fixed):
                    continue
                for cve, fix_urgency, fix_cvss in fixed_cves:
                    cves.append(cve)
                    if _urgency_rank(fix_urgency) > _urgency_rank(urgency):
                        urgency = fix_urgency
                    if fix_cvss is not None and (cvss is None or fix_cvss > cvss):
                        cvss = fix_cvss
        if not cves:
            return None
        unique = tuple(dict.fromkeys(cves))
        return UpdateIntel(
            cves=unique,
            cvss=cvss,
            kev=_soonest(self.kev(c) for c in unique),
            epss=_highest(self.epss(c) for c in unique),
            urgency=urgency,
        )


def _soonest(listings: Iterable[KevListing | None]) -> KevListing | None:
    listed = [k for k in listings if k is not None]
    return min(listed, key=lambda k: (k.due_date or date.max, k.cve), default=None)


def _highest(scores: Iterable[EpssScore | None]) -> EpssScore | None:
    scored = [s for s in scores if s is not None]
    return max(scored, key=lambda s: (s.score, s.cve), default=None)


def _distribution(facts: Facts) -> tuple[str, str]:
    """("debian", "bookworm") or ("ubuntu", "22.04"): how each tracker names a release."""
    try:
        release = facts.get(OS_RELEASE)
    except FactUnavailable:
        return "", ""
    if release.id == "debian" or (
        release.id != "ubuntu" and "debian" in release.id_like and "ubuntu" not in release.id_like
    ):
        return "debian", release.version_codename
    if release.id == "ubuntu" or "ubuntu" in release.id_like:
        return "ubuntu", release.version_id
    return "", ""

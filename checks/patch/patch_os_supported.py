"""patch-os-supported: the operating system release still receives security updates.

Once a release leaves support, no update will ever fix its next vulnerability: patch checks can
all pass on a host that is nonetheless unpatchable, which is why a failure caps the patch score.
Support periods come from auditor/data/eol.yaml (with their source and the day they were checked); the verdict uses the
time the evidence was collected (facts.now), never the wall clock, so stored runs re-evaluate
identically. Windows releases are looked up by build and edition (Home/Pro, Enterprise/Education,
LTSC, Server); paid Extended Security Updates are not counted as support.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.eol import host_support
from auditor.checklib.winregkit import win_release_fact as _win
from auditor.core.models import Category, Severity, Status
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.win_os import WIN_OS

META = CheckMeta(
    id="patch-os-supported",
    title="Operating system release is still supported",
    rule=(
        "Passes while today is within the release's standard or extended vendor support (end-of-life data "
        "shipped with the auditor); fails once both have ended."
    ),
    category=Category.PATCH,
    severity=Severity.HIGH,
    rationale=(
        "A release past its end of life gets no more security fixes, so every newly found vulnerability "
        "in it stays open for good."
    ),
    remediation=(
        "Upgrade to a supported release (Debian: one major release at a time; Windows: a feature update to a "
        "serviced release, or an in-place upgrade / migration to a supported Windows Server) before support ends."
    ),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=480,
        en=PlainWords(
            meaning="The operating system is so old that its maker no longer publishes security fixes for it.",
            why=(
                "Every weakness discovered from now on stays open for good, and insurers and auditors treat such "
                "systems as unprotected."
            ),
            fix="Upgrade or replace the system with a version that is still supported.",
        ),
        fr=PlainWords(
            meaning="Le système d'exploitation est si ancien que son éditeur ne publie plus de correctifs de sécurité.",
            why=(
                "Toute faille découverte désormais restera ouverte, et assureurs comme auditeurs considèrent ces "
                "systèmes comme non protégés."
            ),
            fix="Mettre à niveau ou remplacer le système par une version encore prise en charge.",
        ),
    ),
    facts=(OS_RELEASE.name, WIN_OS.name),
    references={
        "cis-v8": ("2.2",),
        "nist-csf-2": ("PR.PS-02",),
        "iso27001-2022": ("A.8.8",),
        "cyber-essentials": ("Security update management",),
        "essential-eight": ("Patch operating systems",),
    },
    score_cap=40.0,  # an unsupported OS caps the patch score (README, "Patch score")
)


def evaluate(facts: Facts) -> Verdict:
    support, today = host_support(facts)
    source = support.source_note
    if today <= support.standard:
        return Verdict.passed(f"{support.name} is supported until {support.standard.isoformat()}", source)
    if support.extended is not None and today <= support.extended:
        return Verdict.passed(
            f"{support.name} is in extended support ({support.extended_name}) until "
            f"{support.extended.isoformat()}; standard support ended {support.standard.isoformat()}",
            source,
        )
    ended = support.extended or support.standard
    return Verdict.failed(f"{support.name} has been out of support since {ended.isoformat()}", source)


# The cases' clocks: mid-January and late November 2026.
_JANUARY = datetime(2026, 1, 15, tzinfo=UTC)
_NOVEMBER = datetime(2026, 11, 23, tzinfo=UTC)


def _os(os_id: str, version: str, family: str = "debian") -> dict[str, dict[str, Any]]:
    """A case's facts: the os-release of `os_id` `version`."""
    release = {"id": os_id, "version_id": version, "family": family, "pretty_name": f"{os_id} {version}".strip()}
    return {"os_release": release}


def _windows(build: str, edition: str, **more: Any) -> dict[str, dict[str, Any]]:
    """A case's facts: Windows `build` in `edition`."""
    return {"win_os": _win(build, edition, **more)}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("debian 12 in standard support", _os("debian", "12"), Status.PASS, now=_JANUARY),
        Case(
            "debian 12 on its last standard day",
            _os("debian", "12"),
            Status.PASS,
            now=datetime(2026, 6, 10, 23, 0, tzinfo=UTC),
        ),
        Case("debian 12 in LTS", _os("debian", "12"), Status.PASS, now=_NOVEMBER),
        Case("debian 11 after LTS", _os("debian", "11"), Status.FAIL, now=_NOVEMBER),
        Case("debian 10 long gone", _os("debian", "10"), Status.FAIL, now=_JANUARY),
        Case("ubuntu 20.04 in ESM", _os("ubuntu", "20.04"), Status.PASS, now=_JANUARY),
        Case("debian 13 supported", _os("debian", "13"), Status.PASS, now=_JANUARY),
        Case("debian testing: no VERSION_ID", _os("debian", ""), Status.ERROR, now=_JANUARY),
        Case(
            "Windows Server 2016 in extended support",
            _windows("14393", "ServerStandard", product_type=3),
            Status.PASS,
            now=_NOVEMBER,
        ),
        Case(
            "Windows Server 2012 R2 past extended support",
            _windows("9600", "ServerStandard", product_type=3),
            Status.FAIL,
            now=_NOVEMBER,
        ),
        Case("Windows 10 22H2 Pro after October 2025", _windows("19045", "Professional"), Status.FAIL, now=_JANUARY),
        Case(
            "Windows 10 Enterprise LTSC 2021 (same era, still serviced)",
            _windows("19044", "EnterpriseS"),
            Status.PASS,
            now=_JANUARY,
        ),
        Case(
            "Windows 11 23H2: Enterprise still serviced, Pro not",
            _windows("22631", "Enterprise"),
            Status.PASS,
            now=_JANUARY,
        ),
        Case("Windows 11 23H2 Pro past its end", _windows("22631", "Professional"), Status.FAIL, now=_JANUARY),
        Case("Windows 10 1511: build not in eol.yaml", _windows("10586", "Professional"), Status.ERROR, now=_JANUARY),
        Case("unknown distribution", _os("alpine", "3.20", "alpine"), Status.ERROR, now=_JANUARY),
    ),
)

"""patch-os-eol-soon: the operating system release is not about to leave support.

An MSP needs months, not days, to plan a release upgrade across a client's machines: a release
within `eol_warning_days` (default 180) of the end of all its free security support is a finding
now, naming the date. A release already past that date is patch-os-supported's failure, so this
check does not count it twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.eol import host_support
from auditor.checklib.winregkit import win_release_fact as _win
from auditor.core.models import Category, Severity, Status
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.win_os import WIN_OS

DEFAULT_WARNING_DAYS = 180

META = CheckMeta(
    id="patch-os-eol-soon",
    title="Operating system release is not near its end of support",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Upgrading a release takes planning and testing; a host whose release loses security support within "
        "months will soon receive no fixes at all unless its upgrade is scheduled now."
    ),
    remediation=(
        "Plan and schedule the upgrade to the next supported release before the end-of-support date (Windows: the "
        "next feature update through WSUS / Windows Update for Business, or a Windows Server migration)."
    ),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=480,
        en=PlainWords(
            meaning="The operating system will stop receiving security fixes within months.",
            why=(
                "An upgrade takes planning and testing; left too late, the system runs unprotected or is upgraded "
                "in a rush."
            ),
            fix="Plan and schedule the upgrade to a supported version before support ends.",
        ),
        fr=PlainWords(
            meaning="Le système d'exploitation ne recevra plus de correctifs de sécurité d'ici quelques mois.",
            why=(
                "Une mise à niveau demande préparation et tests ; trop tardive, elle laisse le système sans "
                "protection ou se fait dans l'urgence."
            ),
            fix="Planifier la mise à niveau vers une version prise en charge avant la fin du support.",
        ),
    ),
    facts=(OS_RELEASE.name, WIN_OS.name),
    references={"cis-v8": ("2.2",), "iso27001-2022": ("A.8.8",)},
    settings=(
        Setting(
            name="eol_warning_days",
            type=int,
            default=DEFAULT_WARNING_DAYS,
            doc="Days before the end of support from which the OS release is flagged.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    support, today = host_support(facts)
    days_left = (support.final - today).days
    if days_left < 0:
        return Verdict.not_applicable(f"{support.name} is already out of support (see patch-os-supported)")
    warning = int(facts.setting("eol_warning_days", DEFAULT_WARNING_DAYS))
    source = support.source_note
    if days_left <= warning:
        return Verdict.failed(
            f"{support.name} loses all security support on {support.final.isoformat()}, in {days_left} days", source
        )
    return Verdict.passed(f"{support.name} is supported until {support.final.isoformat()} ({days_left} days)", source)


# The cases' clocks: mid-January and late November 2026.
_JANUARY = datetime(2026, 1, 15, tzinfo=UTC)
_NOVEMBER = datetime(2026, 11, 23, tzinfo=UTC)


def _os(os_id: str, version: str) -> dict[str, dict[str, Any]]:
    """A case's facts: the os-release of `os_id` `version`."""
    return {"os_release": {"id": os_id, "version_id": version, "family": "debian", "pretty_name": f"{os_id} {version}"}}


def _windows(build: str, edition: str, **more: Any) -> dict[str, dict[str, Any]]:
    """A case's facts: Windows `build` in `edition`."""
    return {"win_os": _win(build, edition, **more)}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("debian 12 with LTS far ahead", _os("debian", "12"), Status.PASS),
        Case(
            "debian 11 weeks before the end of LTS",
            _os("debian", "11"),
            Status.FAIL,
            now=datetime(2026, 7, 1, tzinfo=UTC),
        ),
        Case(
            "a shorter warning window passes it",
            _os("debian", "11"),
            Status.PASS,
            now=datetime(2026, 7, 1, tzinfo=UTC),
            settings={"eol_warning_days": 30},
        ),
        Case(
            "already past: patch-os-supported's finding",
            _os("debian", "10"),
            Status.NOT_APPLICABLE,
        ),
        Case("unknown release", _os("debian", ""), Status.ERROR),
        Case(
            "Windows Server 2016 weeks before the end of extended support",
            _windows("14393", "ServerStandard", product_type=3),
            Status.FAIL,
            now=_NOVEMBER,
        ),
        Case(
            "Windows Server 2022 with years of support left",
            _windows("20348", "ServerDatacenter", product_type=3),
            Status.PASS,
            now=_NOVEMBER,
        ),
        Case(
            "Windows 11 24H2 Pro within 180 days of its end",
            _windows("26100", "Professional"),
            Status.FAIL,
            now=datetime(2026, 6, 1, tzinfo=UTC),
        ),
    ),
)

"""time-sync-configured: a time synchronisation daemon is installed.

Log correlation, certificate validation, Kerberos and TOTP all need a correct clock; incident
timelines built from unsynchronised hosts are wrong. Installed is what is checked (the package
set); whether the daemon runs is not visible to this check.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="time-sync-configured",
    title="Time synchronisation is installed",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Accurate, synchronised clocks are needed to correlate logs across hosts and for time-based "
        "authentication and certificate checks."
    ),
    remediation="Install chrony or systemd-timesyncd and point it at your NTP servers.",
    applies_to=Applicability(families=frozenset({"debian"})),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="This system does not keep its clock in sync with a reliable time source.",
            why=(
                "A drifting clock makes logs impossible to line up during an investigation and can break logins "
                "and certificates."
            ),
            fix="Install a time synchronisation service pointed at reliable time servers.",
        ),
        fr=PlainWords(
            meaning="Ce système ne synchronise pas son horloge avec une source de temps fiable.",
            why=(
                "Une horloge qui dérive rend les journaux impossibles à recouper lors d'une enquête et peut "
                "bloquer des connexions et des certificats."
            ),
            fix="Installer un service de synchronisation de l'heure relié à des serveurs de temps fiables.",
        ),
    ),
    facts=(PACKAGES.name,),
    references={"cis-v8": ("8.4",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.17",)},
    fixes=("time-sync",),
)

TIME_SYNC_PACKAGES = ("chrony", "systemd-timesyncd", "ntpsec", "ntp", "openntpd")


def evaluate(facts: Facts) -> Verdict:
    packages = facts.get(PACKAGES)
    if packages.manager != "dpkg":
        return Verdict.cannot_assess("no dpkg package database on a Debian-family host")
    found = packages.installed(TIME_SYNC_PACKAGES)
    if found:
        return Verdict.passed(f"time sync installed: {', '.join(found)}")
    return Verdict.failed(f"none of {', '.join(TIME_SYNC_PACKAGES)} is installed")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "timesyncd",
            {"packages": {"manager": "dpkg", "packages": {"systemd-timesyncd": "252.38-1~deb12u1"}}},
            Status.PASS,
        ),
        Case("chrony", {"packages": {"manager": "dpkg", "packages": {"chrony": "4.3-2+deb12u1"}}}, Status.PASS),
        Case("none", {"packages": {"manager": "dpkg", "packages": {"bash": "5.2.15-2+b8"}}}, Status.FAIL),
        Case("no dpkg", {"packages": {"manager": "none"}}, Status.ERROR),
    ),
)

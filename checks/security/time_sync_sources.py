"""time-sync-sources: the time synchronisation daemon has servers to synchronise with.

time-sync-configured asks whether a daemon is installed; this asks whether it is configured with
at least one time source (chrony server/pool/sourcedir lines, timesyncd NTP=/FallbackNTP=, ntpd
server/pool lines). Log correlation and certificate checks depend on correct time.
"""

from __future__ import annotations

import re

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import config_case, packages_or_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="time-sync-sources",
    title="Time synchronisation has servers configured",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A time daemon without sources drifts like no daemon at all; log timestamps across hosts then cannot "
        "be correlated during an investigation."
    ),
    remediation=(
        "chrony: add 'pool 2.debian.pool.ntp.org iburst' (or the client's NTP servers) to /etc/chrony/sources.d/."
    ),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The time synchronisation service has no time servers to follow.",
            why=(
                "The clock drifts as if there were no service, and logs from different systems can no longer be "
                "lined up during an investigation."
            ),
            fix="Point the time synchronisation service at reliable time servers.",
        ),
        fr=PlainWords(
            meaning="Le service de synchronisation de l'heure n'a aucun serveur de temps à suivre.",
            why=(
                "L'horloge dérive comme s'il n'y avait pas de service, et les journaux de différents systèmes ne "
                "peuvent plus être recoupés lors d'une enquête."
            ),
            fix="Relier le service de synchronisation de l'heure à des serveurs de temps fiables.",
        ),
    ),
    facts=(PACKAGES.name, CONFIG_FILES.name),
    references={"cis-v8": ("8.4",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.17",)},
)

SOURCES = {
    "chrony": (
        ("/etc/chrony/chrony.conf", "/etc/chrony/conf.d/*.conf", "/etc/chrony/sources.d/*.sources", "/etc/chrony.conf"),
        re.compile(r"^\s*(server|pool|peer|sourcedir)\s+\S+"),
    ),
    "systemd-timesyncd": (
        ("/etc/systemd/timesyncd.conf", "/etc/systemd/timesyncd.conf.d/*.conf"),
        re.compile(r"^\s*(NTP|FallbackNTP)\s*=\s*\S+"),
    ),
    "ntpsec": (("/etc/ntpsec/ntp.conf",), re.compile(r"^\s*(server|pool|peer)\s+\S+")),
    "ntp": (("/etc/ntp.conf",), re.compile(r"^\s*(server|pool|peer)\s+\S+")),
    "openntpd": (("/etc/openntpd/ntpd.conf",), re.compile(r"^\s*(server|servers)\s+\S+")),
}
TIMESYNCD_BUILTIN = "systemd-timesyncd"  # Debian builds it with the Debian pool as compiled-in fallback


def evaluate(facts: Facts) -> Verdict:
    packages = packages_or_verdict(facts)
    if isinstance(packages, Verdict):
        return packages
    daemons = packages.installed(SOURCES)
    if not daemons:
        return Verdict.failed("no time synchronisation daemon installed, so no time source")
    config = facts.get(CONFIG_FILES)
    found = [
        f"{path}: {line}"
        for daemon in daemons
        for path, lines in config.matching(*SOURCES[daemon][0]).items()
        for line in lines
        if SOURCES[daemon][1].search(line)
    ]
    if found:
        return Verdict.passed(f"{len(found)} time source line(s)", tuple(found))
    if TIMESYNCD_BUILTIN in daemons:
        return Verdict.passed("systemd-timesyncd with its compiled-in fallback servers")
    return Verdict.failed(f"{', '.join(daemons)} installed but no server or pool configured")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "chrony Debian default",
            {
                "packages": {"manager": "dpkg", "packages": {"chrony": "4.3-2"}},
                **config_case(
                    {"/etc/chrony/chrony.conf": ["confdir /etc/chrony/conf.d", "pool 2.debian.pool.ntp.org iburst"]}
                ),
            },
            Status.PASS,
        ),
        Case(
            "chrony without sources",
            {
                "packages": {"manager": "dpkg", "packages": {"chrony": "4.3-2"}},
                **config_case({"/etc/chrony/chrony.conf": ["driftfile /var/lib/chrony/chrony.drift"]}),
            },
            Status.FAIL,
        ),
        Case(
            "no daemon", {"packages": {"manager": "dpkg", "packages": {"bash": "5.2"}}, **config_case({})}, Status.FAIL
        ),
        Case(
            "timesyncd defaults",
            {
                "packages": {"manager": "dpkg", "packages": {"systemd-timesyncd": "252.22-1"}},
                **config_case({"/etc/systemd/timesyncd.conf": ["[Time]"]}),
            },
            Status.PASS,
        ),
    ),
)

"""logging-rotation: log files are rotated.

Without rotation logs grow until the file system fills (and the system stops logging, or stops).
Passes when logrotate is installed with its configuration, or when journald is the only log store
(it bounds its own size). Retention length is the client's policy, not judged here.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import config_case, packages_or_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="logging-rotation",
    title="Log files are rotated",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Unrotated logs fill the disk, after which new events are lost and services may fail.",
    remediation="apt-get install logrotate (it rotates /var/log daily via its timer or cron job).",
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Log files grow forever and are never archived.",
            why="A full disk stops new events being recorded and can bring services down.",
            fix="Archive and trim the log files automatically every day.",
        ),
        fr=PlainWords(
            meaning="Les journaux grossissent sans fin et ne sont jamais archivés.",
            why="Un disque plein empêche l'enregistrement de nouveaux événements et peut arrêter des services.",
            fix="Archiver et réduire automatiquement les journaux chaque jour.",
        ),
    ),
    facts=(PACKAGES.name, CONFIG_FILES.name),
    references={"cis-v8": ("8.3",), "nist-csf-2": ("PR.PS-04",), "iso27001-2022": ("A.8.15",)},
)

SYSLOG_DAEMONS = ("rsyslog", "syslog-ng-core", "inetutils-syslogd", "busybox-syslogd")


def evaluate(facts: Facts) -> Verdict:
    packages = packages_or_verdict(facts)
    if isinstance(packages, Verdict):
        return packages
    config = facts.get(CONFIG_FILES)
    if "logrotate" in packages.packages:
        if "/etc/logrotate.conf" in config.files:
            return Verdict.passed(f"logrotate {packages.packages['logrotate']} with /etc/logrotate.conf")
        return Verdict.failed("logrotate is installed but /etc/logrotate.conf is missing")
    daemons = packages.installed(SYSLOG_DAEMONS)
    if not daemons and "systemd" in packages.packages:
        return Verdict.passed("no log files to rotate: journald limits its own size")
    return Verdict.failed(
        "logrotate is not installed" + (f" ({', '.join(daemons)} writes log files)" if daemons else "")
    )


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "logrotate",
            {
                "packages": {"manager": "dpkg", "packages": {"logrotate": "3.21.0-1", "rsyslog": "8.2302.0-1"}},
                **config_case({"/etc/logrotate.conf": ["weekly", "rotate 4", "include /etc/logrotate.d"]}),
            },
            Status.PASS,
        ),
        Case(
            "syslogd without logrotate",
            {"packages": {"manager": "dpkg", "packages": {"inetutils-syslogd": "2:2.4-2"}}, **config_case({})},
            Status.FAIL,
        ),
        Case(
            "journal only",
            {"packages": {"manager": "dpkg", "packages": {"systemd": "252.22-1"}}, **config_case({})},
            Status.PASS,
        ),
    ),
)

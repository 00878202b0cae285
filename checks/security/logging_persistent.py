"""logging-persistent: system logs are kept on disk across reboots.

Passes when a syslog daemon (rsyslog, syslog-ng, inetutils or busybox syslogd) is installed and in
service (running; or, where no service manager runs, enabled at boot), or when journald stores
its journal persistently (Storage=persistent, or the default Storage=auto with /var/log/journal
present). A volatile journal alone loses every log at reboot - when an incident is investigated.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import config_case, installed_details, packages_or_verdict
from auditor.checklib.servicekit import Daemon, first_in_service
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES
from auditor.probes.file_stats import FILE_STATS
from auditor.probes.packages import PACKAGES
from auditor.probes.service_state import SERVICE_STATE

META = CheckMeta(
    id="logging-persistent",
    title="System logs are kept on disk",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Without persistent logs there is no record of logins, errors or attacks from before the last reboot, "
        "which is exactly when an incident is usually noticed."
    ),
    remediation=(
        "Install and enable rsyslog (apt-get install rsyslog), or make the journal persistent: "
        "mkdir -p /var/log/journal && set Storage=persistent in /etc/systemd/journald.conf.d/persistent.conf."
    ),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="The system's activity log is erased at every restart.",
            why=(
                "Incidents are usually noticed after the fact, and the record of what happened before the restart "
                "is then gone."
            ),
            fix="Keep the system's activity log on disk across restarts.",
        ),
        fr=PlainWords(
            meaning="Le journal d'activité du système est effacé à chaque redémarrage.",
            why=(
                "Un incident est généralement remarqué après coup, et la trace de ce qui s'est passé avant le "
                "redémarrage a alors disparu."
            ),
            fix="Conserver le journal d'activité du système sur le disque d'un redémarrage à l'autre.",
        ),
    ),
    facts=(PACKAGES.name, SERVICE_STATE.name, CONFIG_FILES.name, FILE_STATS.name),
    references={
        "cis-v8": ("8.2",),
        "nist-csf-2": ("PR.PS-04",),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
)

DAEMONS = {
    "rsyslog": Daemon("rsyslog", ("rsyslog", "syslog"), ("rsyslogd",)),
    "syslog-ng-core": Daemon("syslog-ng", ("syslog-ng",), ("syslog-ng",)),
    "inetutils-syslogd": Daemon("inetutils syslogd", ("inetutils-syslogd",), ("syslogd",)),
    "busybox-syslogd": Daemon("busybox syslogd", ("busybox-syslogd",), ("syslogd",)),
}
JOURNALD = ("/etc/systemd/journald.conf", "/etc/systemd/journald.conf.d/*.conf")


def journal_storage(facts: Facts) -> str:
    config = facts.get(CONFIG_FILES)
    storage = "auto"
    for lines in config.matching(*JOURNALD).values():
        for line in lines:
            key, _, value = line.partition("=")
            if key.strip() == "Storage":
                storage = value.strip().lower()
    return storage


def evaluate(facts: Facts) -> Verdict:
    packages = packages_or_verdict(facts)
    if isinstance(packages, Verdict):
        return packages
    installed = [DAEMONS[name] for name in packages.installed(DAEMONS)]
    found, reasons = first_in_service(facts.get(SERVICE_STATE), installed)
    if found is not None:
        return Verdict.passed(found.message, tuple(installed_details(packages, DAEMONS)))
    if "systemd" in packages.packages:
        storage = journal_storage(facts)
        journal_dir = facts.get(FILE_STATS).get("/var/log/journal") is not None
        if storage == "persistent" or (storage == "auto" and journal_dir):
            return Verdict.passed(
                f"journald Storage={storage}, /var/log/journal {'present' if journal_dir else 'created at start'}"
            )
        reasons.append(f"journald Storage={storage}" + ("" if journal_dir else ", no /var/log/journal"))
    if not installed:
        reasons.insert(0, "no syslog daemon installed")
    return Verdict.failed("logs are not kept on disk: " + "; ".join(reasons))


def _case(
    packages: dict[str, str],
    enabled: list[str],
    processes: list[str],
    pid1: str = "systemd",
    journald: list[str] | None = None,
    journal_dir: bool = False,
) -> dict[str, Any]:
    files = (
        [
            {
                "path": "/var/log/journal",
                "mode": "2755",
                "uid": 0,
                "gid": 101,
                "owner": "root",
                "group": "systemd-journal",
                "kind": "directory",
            }
        ]
        if journal_dir
        else []
    )
    return {
        "packages": {"manager": "dpkg", "packages": packages},
        "service_state": {"pid1": pid1, "processes": processes, "enabled": enabled},
        **config_case({"/etc/systemd/journald.conf": journald or []}),
        "file_stats": {"files": files, "missing": [] if journal_dir else ["/var/log/journal"]},
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "rsyslog running",
            _case({"rsyslog": "8.2302.0-1"}, ["rsyslog.service"], ["systemd", "rsyslogd"]),
            Status.PASS,
        ),
        Case(
            "rsyslog enabled in a container",
            _case({"rsyslog": "8.2504.0-1"}, ["rsyslog.service"], ["sshd"], pid1="sshd"),
            Status.PASS,
        ),
        Case(
            "rsyslog enabled, stopped", _case({"rsyslog": "8.2302.0-1"}, ["rsyslog.service"], ["systemd"]), Status.FAIL
        ),
        Case("persistent journal", _case({"systemd": "252.22-1"}, [], ["systemd"], journal_dir=True), Status.PASS),
        Case(
            "volatile journal only",
            _case({"systemd": "252.22-1"}, [], ["systemd"], journald=["Storage=volatile"], journal_dir=True),
            Status.FAIL,
        ),
        Case("nothing", _case({"bash": "5.2"}, [], ["sshd"], pid1="sshd"), Status.FAIL),
    ),
)

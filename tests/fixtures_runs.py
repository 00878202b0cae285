"""Hand-built runs for report tests: realistic, small, and hostile where it matters.

`sample_run()` has two clients, three assessed hosts and one that could not be reached, a
result of every status (one waived), pending updates with SLA ages (one overdue), and host
output that would be markup if it were not escaped (an Evidence stdout with a <script> element,
an <img onerror> and a javascript: link, a message with <b>) or a formula in a spreadsheet
(a detail starting with =).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.core.models import Category, Severity, Status
from auditor.core.runmodel import (
    CheckInfo,
    CheckResult,
    Evidence,
    HostReport,
    PendingUpdateRecord,
    Run,
    RunInfo,
    Waiver,
)
from auditor.core.vulnmodel import KevListing

if TYPE_CHECKING:
    from auditor.store.database import Store

T0 = datetime(2024, 5, 6, 9, 0, 0, tzinfo=UTC)
XSS = "<script>alert(1)</script>"
IMG_XSS = "<img src=x onerror=alert(3)>"
LINK_XSS = '<a href="javascript:alert(4)">click me</a>'
BOLD = "<b>x</b>"
FORMULA = "=cmd|' /C calc'!A0"
UNREACHABLE_ERROR = "cannot connect to 127.0.0.1:1: connection refused"

CHECKS: tuple[CheckInfo, ...] = (
    CheckInfo(
        id="patch-security-updates",
        version=2,
        title="No pending security updates",
        category=Category.PATCH,
        severity=Severity.CRITICAL,
        rationale="Unpatched packages with published security fixes are the most common way in for attackers.",
        remediation="Install pending security updates (apt-get upgrade / dnf upgrade --security) and reboot if needed.",
        references={"cis-v8": ["7.3", "7.4"], "cyber-essentials": ["Security update management"]},
    ),
    CheckInfo(
        id="patch-reboot-required",
        version=1,
        title="No reboot pending after updates",
        category=Category.PATCH,
        severity=Severity.MEDIUM,
        rationale="Updated kernels and libraries only take effect after a reboot; until then the old code runs.",
        remediation="Schedule a reboot in the next maintenance window.",
        references={"cis-v8": ["7.3"]},
    ),
    CheckInfo(
        id="patch-auto-updates",
        version=1,
        title="Automatic security updates enabled",
        category=Category.PATCH,
        severity=Severity.LOW,
        rationale="Automatic updates close the window between a fix being published and it being installed.",
        remediation="Enable unattended-upgrades (Debian/Ubuntu) or dnf-automatic (RHEL family).",
        references={"essential-eight": ["Patch applications"]},
    ),
    CheckInfo(
        id="backup-recent-success",
        version=1,
        title="A backup succeeded in the last 26 hours",
        category=Category.BACKUP,
        severity=Severity.HIGH,
        rationale="Without a recent good backup, ransomware or a failed disk means losing data for good.",
        remediation="Investigate the backup job's log, fix the failure and run a backup now.",
        references={"cis-v8": ["11.2"], "iso27001-2022": ["A.8.13"]},
    ),
    CheckInfo(
        id="security-ssh-root-login",
        version=1,
        title="SSH does not allow root login with a password",
        category=Category.SECURITY,
        severity=Severity.HIGH,
        rationale="Password logins as root are brute-forced constantly and leave no trace of who logged in.",
        remediation="Set PermitRootLogin prohibit-password (or no) in /etc/ssh/sshd_config and reload sshd.",
        references={"cis-v8": ["5.4"], "nist-csf-2": ["PR.AA-01"]},
    ),
    CheckInfo(
        id="security-firewall-enabled",
        version=1,
        title="A host firewall is active",
        category=Category.SECURITY,
        severity=Severity.MEDIUM,
        rationale="A host firewall limits what an attacker can reach if a service is exposed by mistake.",
        remediation="Enable ufw or firewalld with a default-deny inbound policy.",
        references={"cis-v8": ["4.5"]},
    ),
)
_BY_ID = {check.id: check for check in CHECKS}


def _result(
    check_id: str,
    status: Status,
    message: str,
    *,
    details: list[str] | None = None,
    facts: list[str] | None = None,
    waiver: Waiver | None = None,
) -> CheckResult:
    check = _BY_ID[check_id]
    return CheckResult(
        check_id=check.id,
        check_version=check.version,
        title=check.title,
        category=check.category,
        severity=check.severity,
        status=status,
        message=message,
        details=details or [],
        facts=facts or [],
        waiver=waiver,
    )


def _os_release(pretty: str, os_id: str, version: str) -> Evidence:
    return Evidence(
        probe="os_release",
        command="cat /etc/os-release",
        stdout=f'PRETTY_NAME="{pretty}"\nID={os_id}\nVERSION_ID="{version}"\n',
        stderr="",
        exit_status=0,
    )


def _web01() -> HostReport:
    evidence = [
        _os_release("Ubuntu 22.04.4 LTS", "ubuntu", "22.04"),
        Evidence(
            probe="apt_upgradable",
            command="apt list --upgradable 2>/dev/null",
            stdout=(
                "Listing...\n"
                "openssl/jammy-security 3.0.2-0ubuntu1.15 amd64 [upgradable from: 3.0.2-0ubuntu1.14]\n"
                "libssl3/jammy-security 3.0.2-0ubuntu1.15 amd64 [upgradable from: 3.0.2-0ubuntu1.14]\n"
                f"motd-news/jammy 1.0 all {XSS}\n"
                f"banner/jammy 2.0 all {IMG_XSS} {LINK_XSS}\n"
            ),
            stderr="WARNING: apt does not have a stable CLI interface.\n",
            exit_status=0,
        ),
        Evidence(
            probe="reboot_required",
            command="test -f /var/run/reboot-required && cat /var/run/reboot-required.pkgs",
            stdout="linux-image-5.15.0-105-generic\n",
            stderr="",
            exit_status=0,
        ),
        Evidence(
            probe="sshd_config",
            command="sshd -T",
            stdout="permitrootlogin yes\npasswordauthentication yes\n",
            stderr="",
            exit_status=0,
        ),
        Evidence(probe="firewall", command="ufw status", stdout="Status: active\n", stderr="", exit_status=0),
        Evidence(
            probe="unattended_upgrades",
            command="apt-config dump APT::Periodic::Unattended-Upgrade",
            stdout='APT::Periodic::Unattended-Upgrade "1";\n',
            stderr="",
            exit_status=0,
        ),
        Evidence(
            probe="backup_status",
            command="cat /var/lib/backup/last-status.json",
            stdout="",
            stderr="cat: /var/lib/backup/last-status.json: Permission denied\n",
            exit_status=1,
        ),
    ]
    results = [
        _result(
            "patch-security-updates",
            Status.FAIL,
            f"2 security updates pending {BOLD}",
            details=[
                "openssl 3.0.2-0ubuntu1.14 -> 3.0.2-0ubuntu1.15",
                "libssl3 3.0.2-0ubuntu1.14 -> 3.0.2-0ubuntu1.15",
            ],
            facts=["os_release", "apt_upgradable"],
        ),
        _result(
            "patch-reboot-required",
            Status.FAIL,
            "A reboot is pending for 1 package",
            details=["linux-image-5.15.0-105-generic", FORMULA],
            facts=["reboot_required"],
        ),
        _result("patch-auto-updates", Status.PASS, "unattended-upgrades is enabled", facts=["unattended_upgrades"]),
        _result(
            "backup-recent-success",
            Status.ERROR,
            "fact backup_status unavailable: the probe exited 1 (Permission denied)",
            facts=["backup_status"],
        ),
        _result(
            "security-ssh-root-login",
            Status.WAIVED,
            "PermitRootLogin is yes",
            details=["permitrootlogin yes"],
            facts=["sshd_config"],
            waiver=Waiver(
                check_id="security-ssh-root-login",
                justification="Legacy deployment tool logs in as root; replacement scheduled for Q3.",
                approved_by="j.smith@acme.example",
                expires="2024-09-30",
                ticket="ACME-1234",
            ),
        ),
        _result("security-firewall-enabled", Status.PASS, "ufw is active", facts=["firewall"]),
    ]
    pending = [
        PendingUpdateRecord(
            manager="apt",
            package="openssl",
            current="3.0.2-0ubuntu1.14",
            candidate="3.0.2-0ubuntu1.15",
            security=True,
            severity=Severity.HIGH,
            advisory="USN-6709-1",
            cves=["CVE-2024-2511"],
            origin="jammy-security",
            first_seen=T0 - timedelta(days=20),
            age_days=20,
            age_source="first seen",
            sla_days=14,
            due=(T0 - timedelta(days=6)).date(),
            overdue_days=6,
        ),
        PendingUpdateRecord(
            manager="apt",
            package="libssl3",
            current="3.0.2-0ubuntu1.14",
            candidate="3.0.2-0ubuntu1.15",
            security=True,
            origin="jammy-security",
            first_seen=T0 - timedelta(days=2),
            age_days=2,
            age_source="first seen",
            sla_days=14,
            due=(T0 + timedelta(days=12)).date(),
        ),
    ]
    return HostReport(
        name="web01.acme.example",
        client="acme",
        address="10.0.1.10",
        port=22,
        user="audit",
        become=True,
        groups=["web", "prod"],
        assessed=True,
        os_id="ubuntu",
        os_version="22.04",
        os_family="debian",
        os_pretty="Ubuntu 22.04.4 LTS",
        started_at=T0 + timedelta(seconds=1),
        finished_at=T0 + timedelta(seconds=7, milliseconds=420),
        evidence=evidence,
        results=results,
        pending_updates=pending,
    )


def _db01() -> HostReport:
    evidence = [
        _os_release("Debian GNU/Linux 12 (bookworm)", "debian", "12"),
        Evidence(
            probe="apt_upgradable",
            command="apt list --upgradable 2>/dev/null",
            stdout="Listing...\n",
            stderr="",
            exit_status=0,
        ),
        Evidence(
            probe="reboot_required",
            command="test -f /var/run/reboot-required && cat /var/run/reboot-required.pkgs",
            stdout="",
            stderr="",
            exit_status=1,
        ),
        Evidence(
            probe="backup_status",
            command="cat /var/lib/backup/last-status.json",
            stdout='{"job": "pg_dump", "finished": "2024-05-03T23:10:00Z", "result": "failed"}\n',
            stderr="",
            exit_status=0,
        ),
        Evidence(
            probe="sshd_config",
            command="sshd -T",
            stdout="permitrootlogin prohibit-password\n",
            stderr="",
            exit_status=0,
        ),
        Evidence(probe="firewall", command="ufw status", stdout="Status: inactive\n", stderr="", exit_status=0),
    ]
    results = [
        _result(
            "patch-security-updates", Status.PASS, "No security updates pending", facts=["os_release", "apt_upgradable"]
        ),
        _result("patch-reboot-required", Status.PASS, "No reboot pending", facts=["reboot_required"]),
        _result(
            "patch-auto-updates",
            Status.NOT_APPLICABLE,
            "Updates on this host are managed by the DBA team",
            facts=["os_release"],
        ),
        _result(
            "backup-recent-success",
            Status.FAIL,
            "Last backup failed 58 hours ago",
            details=["job pg_dump finished 2024-05-03T23:10:00Z with result failed"],
            facts=["backup_status"],
        ),
        _result("security-ssh-root-login", Status.PASS, "PermitRootLogin is prohibit-password", facts=["sshd_config"]),
        _result("security-firewall-enabled", Status.FAIL, "ufw is inactive", facts=["firewall"]),
    ]
    return HostReport(
        name="db01.acme.example",
        client="acme",
        address="10.0.1.20",
        port=22,
        user="audit",
        become=True,
        groups=["db", "prod"],
        assessed=True,
        os_id="debian",
        os_version="12",
        os_family="debian",
        os_pretty="Debian GNU/Linux 12 (bookworm)",
        started_at=T0 + timedelta(seconds=1),
        finished_at=T0 + timedelta(seconds=5, milliseconds=80),
        evidence=evidence,
        results=results,
    )


def _app01() -> HostReport:
    evidence = [
        _os_release("Rocky Linux 9.3 (Blue Onyx)", "rocky", "9.3"),
        Evidence(
            probe="dnf_updateinfo", command="dnf -q updateinfo list --security", stdout="", stderr="", exit_status=0
        ),
        Evidence(
            probe="needs_restarting",
            command="needs-restarting -r",
            stdout="No core libraries updated\n",
            stderr="",
            exit_status=0,
        ),
        Evidence(
            probe="backup_status",
            command="cat /var/lib/backup/last-status.json",
            stdout='{"job": "restic", "finished": "2024-05-06T02:00:00Z", "result": "ok"}\n',
            stderr="",
            exit_status=0,
        ),
        Evidence(probe="sshd_config", command="sshd -T", stdout="permitrootlogin no\n", stderr="", exit_status=0),
        Evidence(probe="firewall", command="firewall-cmd --state", stdout="running\n", stderr="", exit_status=0),
    ]
    results = [
        _result(
            "patch-security-updates", Status.PASS, "No security updates pending", facts=["os_release", "dnf_updateinfo"]
        ),
        _result("patch-reboot-required", Status.PASS, "No reboot pending", facts=["needs_restarting"]),
        _result("patch-auto-updates", Status.FAIL, "dnf-automatic is not installed", facts=["os_release"]),
        _result("backup-recent-success", Status.PASS, "Last backup succeeded 7 hours ago", facts=["backup_status"]),
        _result("security-ssh-root-login", Status.PASS, "PermitRootLogin is no", facts=["sshd_config"]),
        _result("security-firewall-enabled", Status.PASS, "firewalld is running", facts=["firewall"]),
    ]
    return HostReport(
        name="app01.globex.example",
        client="globex",
        address="192.168.50.5",
        port=2222,
        user="svc-audit",
        become=False,
        groups=["app"],
        assessed=True,
        os_id="rocky",
        os_version="9.3",
        os_family="rhel",
        os_pretty="Rocky Linux 9.3 (Blue Onyx)",
        started_at=T0 + timedelta(seconds=2),
        finished_at=T0 + timedelta(seconds=11, milliseconds=900),
        evidence=evidence,
        results=results,
    )


def _mail01() -> HostReport:
    return HostReport(
        name="mail01.globex.example",
        client="globex",
        address="127.0.0.1",
        port=1,
        user="svc-audit",
        become=False,
        groups=["mail"],
        assessed=False,
        error_kind="unreachable",
        error=UNREACHABLE_ERROR,
        started_at=T0 + timedelta(seconds=2),
        finished_at=T0 + timedelta(seconds=2, milliseconds=15),
    )


def sample_run(*, complete: bool = True) -> Run:
    info = RunInfo(
        id="20240506T090000Z-7f3a",
        started_at=T0,
        finished_at=T0 + timedelta(seconds=12) if complete else None,
        complete=complete,
        auditor_version="0.1.0",
        operator="ops@msp.example",
        inventory="inventories/msp.yaml",
        limit=None,
        transport="ssh",
        checks=list(CHECKS),
    )
    return Run(info=info, hosts=[_web01(), _db01(), _app01(), _mail01()])


def store_sample_run(path: Path) -> Store:
    """A SQLite store at `path` holding sample_run(), finished and complete."""
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    run = sample_run()
    store = Store(to_url(str(path)))
    store.begin_run(run.info)
    for host in run.hosts:
        store.add_host(run.info.id, host)
    assert run.info.finished_at is not None
    store.finish_run(run.info.id, finished_at=run.info.finished_at, complete=True)
    return store


EXPLOITED_CVE = "CVE-2026-84782"


def exploited_updates(first_seen: datetime) -> list[PendingUpdateRecord]:
    """Two pending updates seen at `first_seen`: libssl3, on CISA's KEV list (ransomware) and 5 days
    past its patch SLA, and tzdata, an ordinary update, so a report must single out only the first."""
    seen = first_seen.date()
    kev = KevListing(
        cve=EXPLOITED_CVE,
        date_added=seen + timedelta(days=5),
        due_date=seen + timedelta(days=19),
        known_ransomware=True,
    )
    exploited = PendingUpdateRecord(
        manager="apt",
        package="libssl3",
        source="openssl",
        current="3.0.20-1~deb12u2",
        candidate="3.0.22-1~deb12u2",
        security=True,
        cves=[EXPLOITED_CVE],
        first_seen=first_seen,
        due=seen + timedelta(days=7),
        overdue_days=5,
        kev=kev,
    )
    plain = PendingUpdateRecord(manager="apt", package="tzdata", candidate="2026f-0+deb12u1", first_seen=first_seen)
    return [exploited, plain]

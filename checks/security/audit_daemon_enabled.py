"""audit-daemon-enabled: the Linux audit daemon is installed and in service.

auditd records what the kernel's audit rules select (changes to accounts and sudoers, logins,
privileged commands) in a tamper-evident log. In service means running, or - where no service
manager runs (a container) - enabled at boot.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import packages_or_verdict
from auditor.checklib.servicekit import Daemon, in_service
from auditor.core.models import Category, Severity, Status
from auditor.probes.packages import PACKAGES
from auditor.probes.service_state import SERVICE_STATE

META = CheckMeta(
    id="audit-daemon-enabled",
    title="The audit daemon (auditd) runs",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Without auditd, changes to accounts, sudo rules and security settings leave no record that "
        "survives an intruder cleaning up syslog."
    ),
    remediation="apt-get install auditd (enabled at install) and add rules in /etc/audit/rules.d/.",
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="Changes to accounts and security settings on this system are not recorded.",
            why=(
                "After an intrusion there is no trustworthy record of who changed what, and an intruder can cover "
                "their tracks."
            ),
            fix="Turn on the system's audit service so security changes are recorded.",
        ),
        fr=PlainWords(
            meaning="Les modifications des comptes et des réglages de sécurité de ce système ne sont pas enregistrées.",
            why=(
                "Après une intrusion, aucun enregistrement fiable ne montre qui a modifié quoi, et un intrus peut "
                "effacer ses traces."
            ),
            fix="Activer le service d'audit du système pour enregistrer les modifications de sécurité.",
        ),
    ),
    facts=(PACKAGES.name, SERVICE_STATE.name),
    references={
        "cis-v8": ("8.2",),
        "nist-csf-2": ("DE.CM-03",),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
)

AUDITD = Daemon("auditd", ("auditd",), ("auditd",))
PACKAGE_NAMES = ("auditd", "audit")


def evaluate(facts: Facts) -> Verdict:
    packages = packages_or_verdict(facts)
    if isinstance(packages, Verdict):
        return packages
    if not packages.installed(PACKAGE_NAMES):
        return Verdict.failed("auditd is not installed")
    result = in_service(facts.get(SERVICE_STATE), AUDITD)
    return Verdict.passed(result.message) if result.ok else Verdict.failed(result.message)


def _case(installed: bool, enabled: list[str], processes: list[str], pid1: str = "systemd") -> dict[str, Any]:
    return {
        "packages": {"manager": "dpkg", "packages": {"auditd": "1:3.0.9-1"} if installed else {}},
        "service_state": {"pid1": pid1, "processes": processes, "enabled": enabled},
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("running", _case(True, ["auditd.service"], ["systemd", "auditd"]), Status.PASS),
        Case("enabled in a container", _case(True, ["auditd.service"], ["sshd"], pid1="sshd"), Status.PASS),
        Case("installed, not running", _case(True, ["auditd.service"], ["systemd"]), Status.FAIL),
        Case("not installed", _case(False, [], ["systemd"]), Status.FAIL),
    ),
)

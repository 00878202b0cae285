"""ssh-log-level: sshd logs logins (LogLevel INFO or VERBOSE).

QUIET, FATAL and ERROR hide successful and failed logins; VERBOSE adds the key fingerprint used,
which ties a login to a key. DEBUG levels log too much (and may log sensitive data).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import sshd_option
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-log-level",
    title="SSH logs logins",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Without login records an intrusion over SSH leaves no trace to detect or investigate.",
    remediation="Set LogLevel VERBOSE (or INFO) in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Remote logins to this system are not properly recorded.",
            why="An intrusion through remote login would leave no trace to detect or investigate.",
            fix="Record every remote login in the system log.",
        ),
        fr=PlainWords(
            meaning="Les connexions à distance à ce système ne sont pas correctement enregistrées.",
            why="Une intrusion par connexion à distance ne laisserait aucune trace à détecter ou à analyser.",
            fix="Enregistrer chaque connexion à distance dans le journal système.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={
        "cis-v8": ("8.2",),
        "nist-csf-2": ("DE.CM-03",),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
)

GOOD = ("INFO", "VERBOSE")


def evaluate(facts: Facts) -> Verdict:
    value = sshd_option(facts, "loglevel")
    if isinstance(value, Verdict):
        return value
    if value.upper() in GOOD:
        return Verdict.passed(f"LogLevel {value}")
    return Verdict.failed(f"LogLevel {value} (want INFO or VERBOSE)")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("verbose", {"sshd_effective": {"installed": True, "options": {"loglevel": ["VERBOSE"]}}}, Status.PASS),
        Case("default info", {"sshd_effective": {"installed": True, "options": {"loglevel": ["INFO"]}}}, Status.PASS),
        Case("quiet", {"sshd_effective": {"installed": True, "options": {"loglevel": ["QUIET"]}}}, Status.FAIL),
        Case("debug", {"sshd_effective": {"installed": True, "options": {"loglevel": ["DEBUG3"]}}}, Status.FAIL),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

"""ssh-max-sessions: one SSH connection carries a bounded number of sessions.

MaxSessions limits the shells, commands and subsystems multiplexed over one connection; a high
limit lets one stolen connection be used for many parallel sessions. The limit is the setting
ssh_max_sessions (default 10, OpenSSH's default).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import setting_number, sshd_option
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-max-sessions",
    title="SSH limits sessions per connection",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="An unbounded number of multiplexed sessions per connection makes abuse of one connection cheaper.",
    remediation="Set MaxSessions 10 (or lower) in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="One remote connection can carry an unlimited number of sessions.",
            why="It makes abuse of a single stolen connection cheaper.",
            fix="Limit the number of sessions per remote connection to ten.",
        ),
        fr=PlainWords(
            meaning="Une seule connexion à distance peut transporter un nombre illimité de sessions.",
            why="Cela rend moins coûteux l'abus d'une seule connexion volée.",
            fix="Limiter à dix le nombre de sessions par connexion à distance.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)

DEFAULT_LIMIT = 10


def evaluate(facts: Facts) -> Verdict:
    value = sshd_option(facts, "maxsessions")
    if isinstance(value, Verdict):
        return value
    if not value.isdigit():
        return Verdict.cannot_assess(f"unusable MaxSessions {value!r}")
    limit = setting_number(facts, "ssh_max_sessions", DEFAULT_LIMIT)
    if int(value) > limit:
        return Verdict.failed(f"MaxSessions {value} (limit {limit:g})")
    return Verdict.passed(f"MaxSessions {value} (limit {limit:g})")


def _sessions(value: str) -> dict[str, Any]:
    return {"sshd_effective": {"installed": True, "options": {"maxsessions": [value]}}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("default 10", _sessions("10"), Status.PASS),
        Case("64", _sessions("64"), Status.FAIL),
        Case("strict limit 4", _sessions("10"), Status.FAIL, settings={"ssh_max_sessions": 4}),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

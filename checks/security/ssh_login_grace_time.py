"""ssh-login-grace-time: unauthenticated SSH connections are dropped within a minute.

LoginGraceTime bounds how long a connection may stay open before authenticating; each one holds
a MaxStartups slot. The limit is the setting ssh_login_grace_seconds (default 60). 0 means no
limit and fails.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import setting_number, sshd_option
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-login-grace-time",
    title="SSH limits the time to authenticate",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Long grace times let an attacker hold many unauthenticated connections open and exhaust sshd's "
        "connection slots, locking out administrators."
    ),
    remediation="Set LoginGraceTime 60 in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Visitors have a long time to finish logging in before the connection is dropped.",
            why="An attacker can hold many half-open connections and lock administrators out.",
            fix="Drop connections that have not finished logging in within one minute.",
        ),
        fr=PlainWords(
            meaning="Les visiteurs disposent d'un long délai pour terminer leur connexion avant d'être coupés.",
            why=(
                "Un attaquant peut maintenir de nombreuses connexions à moitié ouvertes et bloquer les administrateurs."
            ),
            fix="Couper les connexions qui n'ont pas terminé l'authentification en une minute.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)

DEFAULT_LIMIT = 60


def evaluate(facts: Facts) -> Verdict:
    value = sshd_option(facts, "logingracetime")
    if isinstance(value, Verdict):
        return value
    if not value.isdigit():
        return Verdict.cannot_assess(f"unusable LoginGraceTime {value!r}")
    limit = setting_number(facts, "ssh_login_grace_seconds", DEFAULT_LIMIT)
    if int(value) == 0:
        return Verdict.failed("LoginGraceTime 0: no limit")
    if int(value) > limit:
        return Verdict.failed(f"LoginGraceTime {value}s (limit {limit:g}s)")
    return Verdict.passed(f"LoginGraceTime {value}s (limit {limit:g}s)")


def _grace(value: str) -> dict[str, Any]:
    return {"sshd_effective": {"installed": True, "options": {"logingracetime": [value]}}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("60 seconds", _grace("60"), Status.PASS),
        Case("default 120", _grace("120"), Status.FAIL),
        Case("unlimited", _grace("0"), Status.FAIL),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

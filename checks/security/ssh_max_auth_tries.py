"""ssh-max-auth-tries: sshd drops a connection after a few failed authentications.

A low MaxAuthTries slows password guessing per connection and makes attacks visible in the logs
sooner. The limit is the setting ssh_max_auth_tries (default 4, as CIS benchmarks recommend);
OpenSSH's own default is 6.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-max-auth-tries",
    title="SSH limits authentication attempts per connection",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Each extra attempt per connection makes online guessing cheaper; a small limit costs users nothing.",
    remediation="Set MaxAuthTries 4 (or lower) in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Someone trying to guess a password gets many attempts on each connection.",
            why=(
                "Every extra attempt makes password-guessing attacks cheaper, while a small limit costs real "
                "users nothing."
            ),
            fix="Limit remote login attempts to four per connection.",
        ),
        fr=PlainWords(
            meaning="Celui qui essaie de deviner un mot de passe dispose de nombreuses tentatives par connexion.",
            why=(
                "Chaque tentative supplémentaire rend les attaques par devinette moins coûteuses, alors qu'une "
                "limite basse ne gêne pas les vrais utilisateurs."
            ),
            fix="Limiter les tentatives de connexion à distance à quatre par connexion.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)

DEFAULT_LIMIT = 4


def evaluate(facts: Facts) -> Verdict:
    sshd = facts.get(SSHD_EFFECTIVE)
    if not sshd.installed:
        return Verdict.not_applicable("no OpenSSH server installed")
    value = sshd.value("maxauthtries")
    if value is None or not value.isdigit():
        return Verdict.cannot_assess(f"sshd -T reported no usable maxauthtries ({value!r})")
    limit = int(facts.setting("ssh_max_auth_tries", DEFAULT_LIMIT))
    if int(value) > limit:
        return Verdict.failed(f"MaxAuthTries {value} (limit {limit})")
    return Verdict.passed(f"MaxAuthTries {value} (limit {limit})")


def _tries(value: str) -> dict[str, Any]:
    return {"sshd_effective": {"installed": True, "options": {"maxauthtries": [value]}}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("hardened", _tries("3"), Status.PASS),
        Case("at the limit", _tries("4"), Status.PASS),
        Case("OpenSSH default 6", _tries("6"), Status.FAIL),
        Case("6 allowed by a per-host setting", _tries("6"), Status.PASS, settings={"ssh_max_auth_tries": 6}),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
        Case("garbage value", _tries("many"), Status.ERROR),
    ),
)

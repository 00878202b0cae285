"""ssh-root-login: root cannot log in over SSH with a password.

Direct root login makes "root" the one account name every brute-force attempt targets and
removes the audit trail of who became root. `prohibit-password` (key only), `forced-commands-only`
and `no` are accepted; only `yes` fails.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-root-login",
    title="SSH does not allow root login with a password",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Password login as root gives attackers a known account name to brute-force and hides which person "
        "used administrative access."
    ),
    remediation="Set PermitRootLogin prohibit-password (or no) in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="The all-powerful administrator account can be logged into over the network with just a password.",
            why=(
                "Attackers guess administrator passwords on every server they find, and a shared administrator "
                "login hides which person did what."
            ),
            fix="Allow remote administrator logins only with personal keys, never with a password.",
        ),
        fr=PlainWords(
            meaning="Le compte administrateur tout-puissant est accessible à distance avec un simple mot de passe.",
            why=(
                "Les attaquants essaient de deviner le mot de passe administrateur de chaque serveur qu'ils "
                "trouvent, et un compte partagé cache qui a fait quoi."
            ),
            fix=(
                "N'autoriser la connexion administrateur à distance qu'avec des clés personnelles, jamais avec un "
                "mot de passe."
            ),
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={
        "cis-v8": ("4.7", "5.4"),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2", "A.8.5"),
        "essential-eight": ("Restrict administrative privileges",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    sshd = facts.get(SSHD_EFFECTIVE)
    if not sshd.installed:
        return Verdict.not_applicable("no OpenSSH server installed")
    value = sshd.value("permitrootlogin")
    if value is None:
        return Verdict.cannot_assess("sshd -T did not report permitrootlogin")
    if value.lower() == "yes":
        return Verdict.failed("PermitRootLogin yes: root may log in with a password")
    return Verdict.passed(f"PermitRootLogin {value}")


def _sshd(**options: str) -> dict[str, Any]:
    return {"installed": True, "options": {key: [value] for key, value in options.items()}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian 12 default", {"sshd_effective": _sshd(permitrootlogin="without-password")}, Status.PASS),
        Case("disabled", {"sshd_effective": _sshd(permitrootlogin="no")}, Status.PASS),
        Case("allowed", {"sshd_effective": _sshd(permitrootlogin="yes")}, Status.FAIL),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
        Case(
            "audited without root",
            {"sshd_effective": "sshd -T needs root (sshd: no hostkeys available -- exiting.)"},
            Status.ERROR,
        ),
    ),
)

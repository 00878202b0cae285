"""ssh-password-auth: SSH accepts keys, not passwords.

Passwords can be guessed, phished and reused; internet-facing sshd sees constant password
spraying. Only PasswordAuthentication is judged: keyboard-interactive is often a second factor
(PAM OTP), so when it is on the verdict says so instead of failing.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-password-auth",
    title="SSH password authentication is disabled",
    rule=(
        "Fails when sshd -T reports PasswordAuthentication yes; passes when it is no; not applicable without "
        "an OpenSSH server."
    ),
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Password authentication exposes every account to guessing and credential stuffing; key-based "
        "authentication cannot be brute-forced in practice."
    ),
    remediation="Set PasswordAuthentication no in /etc/ssh/sshd_config.d/ after installing users' keys; reload sshd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="Remote logins to this system accept passwords.",
            why=(
                "Passwords are guessed, reused and stolen by phishing every day, and a stolen one is enough to "
                "get in from anywhere."
            ),
            fix="Require personal login keys for remote access instead of passwords.",
        ),
        fr=PlainWords(
            meaning="Les connexions à distance à ce système acceptent les mots de passe.",
            why=(
                "Les mots de passe sont devinés, réutilisés et volés par hameçonnage tous les jours, et un seul "
                "mot de passe volé suffit pour entrer depuis n'importe où."
            ),
            fix="Exiger des clés de connexion personnelles pour l'accès à distance à la place des mots de passe.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={
        "cis-v8": ("4.1",),
        "nist-csf-2": ("PR.AA-03",),
        "iso27001-2022": ("A.8.5",),
        "hipaa": ("164.312(d)",),
    },
    fixes=("sshd-dropin", "ssh-password-auth"),
)


def evaluate(facts: Facts) -> Verdict:
    sshd = facts.get(SSHD_EFFECTIVE)
    if not sshd.installed:
        return Verdict.not_applicable("no OpenSSH server installed")
    value = sshd.value("passwordauthentication")
    if value is None:
        return Verdict.cannot_assess("sshd -T did not report passwordauthentication")
    if value.lower() == "yes":
        return Verdict.failed("PasswordAuthentication yes")
    kbd = sshd.value("kbdinteractiveauthentication") or sshd.value("challengeresponseauthentication")
    if (kbd or "").lower() == "yes" and (sshd.value("usepam") or "").lower() == "yes":
        return Verdict.passed(
            "PasswordAuthentication no; keyboard-interactive (PAM) is on: "
            "make sure PAM does not accept a password alone"
        )
    return Verdict.passed("PasswordAuthentication no")


def _sshd(**options: str) -> dict[str, Any]:
    return {"installed": True, "options": {key: [value] for key, value in options.items()}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "keys only",
            {"sshd_effective": _sshd(passwordauthentication="no", kbdinteractiveauthentication="no", usepam="yes")},
            Status.PASS,
        ),
        Case(
            "Debian 12 default: passwords on",
            {"sshd_effective": _sshd(passwordauthentication="yes", usepam="yes")},
            Status.FAIL,
        ),
        Case(
            "keyboard-interactive via PAM",
            {"sshd_effective": _sshd(passwordauthentication="no", kbdinteractiveauthentication="yes", usepam="yes")},
            Status.PASS,
        ),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
        Case(
            "sshd not running",
            {"sshd_effective": "sshd -T failed, is sshd running? (Missing privilege separation directory: /run/sshd)"},
            Status.ERROR,
        ),
    ),
)

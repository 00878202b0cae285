"""accounts-sudo-nopasswd: nobody may run every command through sudo without a password.

A `NOPASSWD: ALL` rule (or `Defaults !authenticate`) makes whoever holds that account's session -
a stolen SSH key, a hijacked terminal - root at once. Automation accounts sometimes need it (an
auditor's own login, a configuration-management user): list them, and %groups, in the setting
sudo_nopasswd_allowed_users (a list, or a comma-separated string in an inventory variable).
Read from /etc/sudoers and /etc/sudoers.d/*, which only root can read.
"""

from __future__ import annotations

import re

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, setting_list
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES

META = CheckMeta(
    id="accounts-sudo-nopasswd",
    title="No account runs all commands through sudo without a password",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Passwordless sudo for every command turns any compromise of the account's session or key into "
        "immediate root access, with no second factor of any kind."
    ),
    remediation=(
        "Remove NOPASSWD from rules that grant ALL, or restrict them to the exact commands needed; list "
        "deliberate automation accounts in the setting sudo_nopasswd_allowed_users."
    ),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="Some accounts can take full administrator control without typing a password.",
            why=(
                "If such an account or its login key is stolen, the attacker becomes administrator at once, with "
                "no second barrier."
            ),
            fix="Require a password to become administrator, or limit those accounts to the exact tasks they automate.",
        ),
        fr=PlainWords(
            meaning="Certains comptes peuvent prendre le contrôle administrateur sans saisir de mot de passe.",
            why=(
                "Si ce compte ou sa clé de connexion est volé, l'attaquant devient administrateur aussitôt, sans "
                "seconde barrière."
            ),
            fix=(
                "Exiger un mot de passe pour devenir administrateur, ou limiter ces comptes aux seules tâches "
                "qu'ils automatisent."
            ),
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={
        "cis-v8": ("5.4",),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2",),
        "essential-eight": ("Restrict administrative privileges",),
        "cyber-essentials": ("User access control",),
        "hipaa": ("164.312(a)(1)",),
    },
    settings=(
        Setting(
            name="sudo_nopasswd_allowed_users",
            type=list,
            doc="Accounts and %groups allowed NOPASSWD sudo (automation, the audit login).",
        ),
    ),
)

SUDOERS = ("/etc/sudoers", "/etc/sudoers.d/*")
_NOPASSWD_ALL = re.compile(r"\bNOPASSWD:\s*(?:[A-Z_]+:\s*)*ALL\s*(?:$|,)")
_NOT_RULES = re.compile(r"^(Defaults|User_Alias|Runas_Alias|Host_Alias|Cmnd_Alias|Cmd_Alias|[@#]include)\b")
_NO_AUTH = re.compile(r"^Defaults\S*\s.*!authenticate\b")


def _logical_lines(lines: tuple[str, ...]) -> list[str]:
    joined: list[str] = []
    pending = ""
    for line in lines:
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    if pending:
        joined.append(pending)
    return joined


def evaluate(facts: Facts) -> Verdict:
    config = facts.get(CONFIG_FILES)
    unreadable = config.unreadable_matching(*SUDOERS)
    if unreadable:
        return Verdict.cannot_assess(f"sudoers not readable (needs root): {', '.join(unreadable)}")
    files = config.matching(*SUDOERS)
    if not files:
        return Verdict.passed("no sudoers configuration (sudo not installed)")
    allowed = set(setting_list(facts, "sudo_nopasswd_allowed_users"))
    findings: list[str] = []
    accepted: list[str] = []
    for path, lines in files.items():
        for line in _logical_lines(lines):
            if _NO_AUTH.match(line):
                findings.append(f"{path}: {line}")
                continue
            if _NOT_RULES.match(line) or not _NOPASSWD_ALL.search(line):
                continue
            who = line.split(None, 1)[0]
            (accepted if who in allowed else findings).append(f"{path}: {line}")
    if findings:
        return Verdict.failed(f"{len(findings)} passwordless sudo rule(s) for all commands", tuple(findings))
    if accepted:
        return Verdict.passed(
            f"passwordless sudo only for allowed account(s): {', '.join(sorted(allowed))}", tuple(accepted)
        )
    return Verdict.passed("no passwordless sudo rule for all commands")


_DEBIAN = ["Defaults env_reset", "Defaults use_pty", "root ALL=(ALL:ALL) ALL", "%sudo ALL=(ALL:ALL) ALL"]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian default", config_case({"/etc/sudoers": _DEBIAN}), Status.PASS),
        Case(
            "deploy NOPASSWD ALL",
            config_case({"/etc/sudoers": _DEBIAN, "/etc/sudoers.d/deploy": ["deploy ALL=(ALL) NOPASSWD: ALL"]}),
            Status.FAIL,
        ),
        Case(
            "audit account allowed by setting",
            config_case({"/etc/sudoers": _DEBIAN, "/etc/sudoers.d/audit": ["audit ALL=(ALL) NOPASSWD:ALL"]}),
            Status.PASS,
            settings={"sudo_nopasswd_allowed_users": "audit"},
        ),
        Case(
            "group rule with SETENV",
            config_case({"/etc/sudoers": [*_DEBIAN, "%admins ALL=(ALL) SETENV: NOPASSWD: ALL"]}),
            Status.FAIL,
        ),
        Case(
            "NOPASSWD for one command only",
            config_case({"/etc/sudoers.d/backup": ["backup ALL=(root) NOPASSWD: /usr/bin/restic"]}),
            Status.PASS,
        ),
        Case("!authenticate", config_case({"/etc/sudoers": ["Defaults !authenticate", *_DEBIAN]}), Status.FAIL),
        Case("not root", config_case({"/etc/login.defs": []}, unreadable=["/etc/sudoers"]), Status.ERROR),
    ),
)

"""accounts-shell-timeout: idle interactive shells log out by themselves (TMOUT).

A TMOUT=N assignment in /etc/profile, /etc/profile.d/*.sh or /etc/bash.bashrc makes bash and
other POSIX shells exit after N idle seconds. The limit is the setting shell_timeout_seconds
(default 900); TMOUT=0 disables it.
"""

from __future__ import annotations

import re

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES, PROFILE_FILES

META = CheckMeta(
    id="accounts-shell-timeout",
    title="Idle shells are logged out",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="An unattended logged-in terminal is an open door for anyone who walks up to it or hijacks the session.",
    remediation="Add TMOUT=900, readonly TMOUT and export TMOUT to /etc/profile.d/99-tmout.sh.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Sessions left open on this system are never closed automatically.",
            why="An unattended logged-in session is an open door for whoever walks up to it or takes it over.",
            fix="Log out idle sessions automatically after 15 minutes.",
        ),
        fr=PlainWords(
            meaning="Les sessions laissées ouvertes sur ce système ne sont jamais fermées automatiquement.",
            why=(
                "Une session ouverte sans surveillance est une porte ouverte pour qui passe devant ou en prend le "
                "contrôle."
            ),
            fix="Fermer automatiquement les sessions inactives après 15 minutes.",
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={
        "cis-v8": ("4.3",),
        "nist-csf-2": ("PR.AA-03",),
        "iso27001-2022": ("A.8.5",),
        "hipaa": ("164.312(a)(2)(iii)",),
    },
    settings=(
        Setting(
            name="shell_timeout_seconds",
            type=int,
            default=900,
            doc="Most idle seconds before an interactive shell exits (TMOUT).",
        ),
    ),
)

_TMOUT = re.compile(r"\bTMOUT=[\"']?(\d+)")


def evaluate(facts: Facts) -> Verdict:
    limit = setting_number(facts, "shell_timeout_seconds", 900)
    config = facts.get(CONFIG_FILES)
    found = [
        (path, int(match.group(1)))
        for path, lines in config.matching(*PROFILE_FILES).items()
        for line in lines
        for match in [_TMOUT.search(line)]
        if match is not None
    ]
    if not found:
        return Verdict.failed("no TMOUT in /etc/profile, /etc/profile.d or /etc/bash.bashrc")
    details = tuple(f"{path}: TMOUT={value}" for path, value in found)
    good = [value for _, value in found if 0 < value <= limit]
    if good:
        return Verdict.passed(f"TMOUT={min(good)} (limit {limit:g}s)", details)
    return Verdict.failed(f"TMOUT not within 1..{limit:g} seconds", details)


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("900 in profile.d", config_case({"/etc/profile.d/99-tmout.sh": ["TMOUT=900"]}), Status.PASS),
        Case("none", config_case({"/etc/profile": []}), Status.FAIL),
        Case("disabled", config_case({"/etc/bash.bashrc": ["export TMOUT=0"]}), Status.FAIL),
        Case("an hour", config_case({"/etc/profile": ["readonly TMOUT=3600"]}), Status.FAIL),
    ),
)

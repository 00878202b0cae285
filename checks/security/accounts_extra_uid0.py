"""accounts-extra-uid0: root is the only account with uid 0.

Any account with uid 0 is root under another name: a classic backdoor, and a way around
controls and logs that watch the name "root".
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.passwd import PASSWD

META = CheckMeta(
    id="accounts-extra-uid0",
    title="Only root has uid 0",
    category=Category.SECURITY,
    severity=Severity.CRITICAL,
    rationale=(
        "A second uid-0 account has full root power under an unexpected name; it is a common persistence "
        "backdoor and escapes reviews of who has root."
    ),
    remediation="Remove the extra account or give it a unique non-zero uid (usermod -u); investigate how it appeared.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="A second account has the same all-powerful rights as the administrator.",
            why=(
                "It is a classic sign of a hidden backdoor or a forgotten shortcut, and it escapes every review "
                "of who holds administrator rights."
            ),
            fix="Remove the extra administrator account and investigate how it was created.",
        ),
        fr=PlainWords(
            meaning="Un second compte dispose des mêmes droits illimités que l'administrateur.",
            why=(
                "C'est un signe classique de porte dérobée ou de raccourci oublié, et il échappe à toute revue de "
                "qui détient les droits d'administration."
            ),
            fix="Supprimer le compte administrateur en trop et chercher comment il a été créé.",
        ),
    ),
    facts=(PASSWD.name,),
    references={
        "cis-v8": ("5.4",),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2",),
        "essential-eight": ("Restrict administrative privileges",),
    },
    fixes=("extra-uid0",),
)


def evaluate(facts: Facts) -> Verdict:
    passwd = facts.get(PASSWD)
    extra = tuple(f"{e.name} (uid 0, shell {e.shell})" for e in passwd.by_uid(0) if e.name != "root")
    if extra:
        return Verdict.failed(f"{len(extra)} account(s) besides root have uid 0", extra)
    return Verdict.passed("only root has uid 0")


_ROOT = {"name": "root", "password": "shadow", "uid": 0, "gid": 0, "home": "/root", "shell": "/bin/bash"}
_DAEMON = {
    "name": "daemon",
    "password": "shadow",
    "uid": 1,
    "gid": 1,
    "home": "/usr/sbin",
    "shell": "/usr/sbin/nologin",
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("root only", {"passwd": {"entries": [_ROOT, _DAEMON]}}, Status.PASS),
        Case(
            "toor backdoor",
            {"passwd": {"entries": [_ROOT, _DAEMON, {**_ROOT, "name": "toor", "shell": "/bin/sh"}]}},
            Status.FAIL,
        ),
        Case("passwd unreadable", {"passwd": "cannot read /etc/passwd: awk: cannot open /etc/passwd"}, Status.ERROR),
    ),
)

"""accounts-umask: new files are not readable by other users by default (UMASK 027 or stricter).

UMASK in /etc/login.defs is the default file-creation mask for login sessions (pam_umask and
useradd's home directories use it). Debian's 022 makes every new file world-readable. The
required bits are the setting umask_min (default "027").
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, login_defs_number, setting_text
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES

META = CheckMeta(
    id="accounts-umask",
    title="The default umask keeps new files private",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="With umask 022 every file a user creates (exports, keys, notes) is readable by every other local user.",
    remediation="Set UMASK 027 in /etc/login.defs (and make sure pam_umask is in /etc/pam.d/common-session).",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="New files people create on this system can be read by every other user.",
            why="Exports, notes and keys end up readable by anyone with an account on the machine.",
            fix="Make new files private to their owner by default.",
        ),
        fr=PlainWords(
            meaning="Les nouveaux fichiers créés sur ce système sont lisibles par tous les autres utilisateurs.",
            why="Exports, notes et clés deviennent lisibles par toute personne ayant un compte sur la machine.",
            fix="Rendre les nouveaux fichiers privés à leur propriétaire par défaut.",
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.DS-01",), "iso27001-2022": ("A.8.3",)},
    settings=(Setting(name="umask_min", type=str, default="027", doc="The umask bits that must be set, in octal."),),
)


def evaluate(facts: Facts) -> Verdict:
    wanted_text = setting_text(facts, "umask_min", "027")
    try:
        wanted = int(wanted_text, 8)
    except ValueError:
        return Verdict.cannot_assess(f"setting umask_min is not an octal mask: {wanted_text!r}")
    value = login_defs_number(facts, "UMASK")
    if isinstance(value, Verdict):
        return value
    if value is None:
        return Verdict.failed("no UMASK in /etc/login.defs (the system default 022 applies)")
    shown = f"UMASK {value:03o}"
    if value & wanted != wanted:
        return Verdict.failed(f"{shown} (want at least {wanted_text})")
    return Verdict.passed(shown)


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("027", config_case({"/etc/login.defs": ["UMASK 027"]}), Status.PASS),
        Case("077", config_case({"/etc/login.defs": ["UMASK 077"]}), Status.PASS),
        Case("Debian default 022", config_case({"/etc/login.defs": ["UMASK 022"]}), Status.FAIL),
        Case("unset", config_case({"/etc/login.defs": ["PASS_MAX_DAYS 365"]}), Status.FAIL),
    ),
)

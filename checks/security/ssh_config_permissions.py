"""ssh-config-permissions: /etc/ssh/sshd_config is owned by root and not readable by others.

Anyone who can change sshd's configuration controls who can log in; CIS benchmarks also keep it
unreadable to others (mode 0600), so its allow lists and options are not disclosed. The widest
acceptable mode is the setting ssh_config_max_mode (default "0600"; the baseline profile accepts
Debian's 0644, since the file holds no secret).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_text
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_stats import FILE_STATS

META = CheckMeta(
    id="ssh-config-permissions",
    title="sshd_config is owned by root and not writable or readable by others",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Write access to sshd_config is root access at the next reload; read access discloses the login "
        "policy an attacker has to get past."
    ),
    remediation="chown root:root /etc/ssh/sshd_config && chmod 0600 /etc/ssh/sshd_config",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The remote login settings can be read or changed by users other than the administrator.",
            why=(
                "Changing them grants administrator access at the next reload; reading them shows an attacker the "
                "rules to get around."
            ),
            fix="Restrict the remote login settings to the administrator.",
        ),
        fr=PlainWords(
            meaning=(
                "Les réglages de connexion à distance peuvent être lus ou modifiés par d'autres que l'administrateur."
            ),
            why=(
                "Les modifier donne un accès administrateur au prochain rechargement ; les lire montre à un "
                "attaquant les règles à contourner."
            ),
            fix="Réserver les réglages de connexion à distance à l'administrateur.",
        ),
    ),
    facts=(FILE_STATS.name,),
    references={"cis-v8": ("3.3",), "nist-csf-2": ("PR.AA-05",), "iso27001-2022": ("A.8.3",)},
    settings=(
        Setting(
            name="ssh_config_max_mode",
            type=str,
            default="0600",
            doc="The most permissive mode sshd_config may have, in octal.",
        ),
    ),
)

PATH = "/etc/ssh/sshd_config"


def evaluate(facts: Facts) -> Verdict:
    stats = facts.get(FILE_STATS)
    stat = stats.get(PATH)
    if stat is None:
        if PATH in stats.missing:
            return Verdict.not_applicable(f"no {PATH}")
        return Verdict.cannot_assess(f"{PATH} was not examined")
    limit_text = setting_text(facts, "ssh_config_max_mode", "0600")
    try:
        limit = int(limit_text, 8)
    except ValueError:
        return Verdict.cannot_assess(f"setting ssh_config_max_mode is not an octal mode: {limit_text!r}")
    shown = f"{PATH} {stat.mode} {stat.owner}:{stat.group}"
    if stat.uid != 0:
        return Verdict.failed(f"{shown}: not owned by root")
    if stat.bits & 0o022:
        return Verdict.failed(f"{shown}: writable by group or others")
    if stat.looser_than(limit):
        return Verdict.failed(f"{shown}: wider than {limit_text}")
    return Verdict.passed(shown)


def _stat(mode: str, uid: int = 0) -> dict[str, Any]:
    entry = {
        "path": PATH,
        "mode": mode,
        "uid": uid,
        "gid": 0,
        "owner": "root" if uid == 0 else "admin",
        "group": "root",
        "kind": "regular file",
    }
    return {"file_stats": {"files": [entry]}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("0600 root", _stat("600"), Status.PASS),
        Case("Debian default 0644", _stat("644"), Status.FAIL),
        Case(
            "0644 accepted by the baseline profile", _stat("644"), Status.PASS, settings={"ssh_config_max_mode": "0644"}
        ),
        Case("group writable", _stat("664"), Status.FAIL, settings={"ssh_config_max_mode": "0644"}),
        Case("owned by a user", _stat("600", uid=1000), Status.FAIL),
        Case("no sshd_config", {"file_stats": {"missing": [PATH]}}, Status.NOT_APPLICABLE),
    ),
)

"""accounts-password-quality: new passwords are checked for length and strength (pam_pwquality).

Passes when the PAM password stack (/etc/pam.d/common-password on Debian, system-auth or
password-auth on Red Hat) uses pam_pwquality (or pam_passwdqc) and the minimum length - from
pwquality.conf, its .d folder, or the module's own arguments - is at least password_min_length
(default 14).
"""

from __future__ import annotations

import re

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, setting_number
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES

META = CheckMeta(
    id="accounts-password-quality",
    title="Password strength is enforced",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale="Without a quality check users choose short, guessable passwords that fall to a dictionary in minutes.",
    remediation=(
        "apt-get install libpam-pwquality (it adds pam_pwquality to common-password) and set minlen = 14 in "
        "/etc/security/pwquality.conf.d/50-policy.conf."
    ),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="The system accepts short, easily guessed passwords.",
            why="Simple passwords fall to automated guessing in minutes.",
            fix="Require passwords of at least 14 characters that are not common words.",
        ),
        fr=PlainWords(
            meaning="Le système accepte des mots de passe courts et faciles à deviner.",
            why="Les mots de passe simples cèdent en quelques minutes à une attaque automatisée.",
            fix="Exiger des mots de passe d'au moins 14 caractères qui ne sont pas des mots courants.",
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={
        "cis-v8": ("5.2",),
        "nist-csf-2": ("PR.AA-01",),
        "iso27001-2022": ("A.5.17",),
        "cyber-essentials": ("User access control",),
        "hipaa": ("164.308(a)(5)(ii)(D)",),
    },
    settings=(
        Setting(
            name="password_min_length", type=int, default=14, doc="Shortest password pwquality may accept (minlen)."
        ),
    ),
)

PAM = ("/etc/pam.d/common-password", "/etc/pam.d/system-auth", "/etc/pam.d/password-auth")
CONF = ("/etc/security/pwquality.conf", "/etc/security/pwquality.conf.d/*.conf")
_MINLEN = re.compile(r"\bminlen\s*=\s*(\d+)")
PWQUALITY_DEFAULT_MINLEN = 8


def evaluate(facts: Facts) -> Verdict:
    config = facts.get(CONFIG_FILES)
    pam = config.matching(*PAM)
    if not pam:
        return Verdict.cannot_assess("no PAM password configuration found (" + ", ".join(PAM) + ")")
    modules = [line for lines in pam.values() for line in lines if line.startswith("password")]
    quality = [line for line in modules if "pam_pwquality.so" in line or "pam_passwdqc.so" in line]
    if not quality:
        return Verdict.failed("no pam_pwquality or pam_passwdqc in the PAM password stack", tuple(modules))
    minimum = setting_number(facts, "password_min_length", 14)
    minlen = PWQUALITY_DEFAULT_MINLEN
    for lines in config.matching(*CONF).values():  # the .d files sort after pwquality.conf and win
        for line in lines:
            match = _MINLEN.search(line)
            if match:
                minlen = int(match.group(1))
    for line in quality:  # module arguments override the configuration files
        match = _MINLEN.search(line)
        if match:
            minlen = int(match.group(1))
    if minlen < minimum:
        return Verdict.failed(f"pam_pwquality minlen {minlen} (want at least {minimum:g})", tuple(quality))
    return Verdict.passed(f"pam_pwquality minlen {minlen}", tuple(quality))


_PAM_OK = [
    "password requisite pam_pwquality.so retry=3",
    "password [success=1 default=ignore] pam_unix.so obscure use_authtok try_first_pass yescrypt",
]
_PAM_DEBIAN = ["password [success=1 default=ignore] pam_unix.so obscure yescrypt", "password requisite pam_deny.so"]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "pwquality, minlen 14",
            config_case(
                {
                    "/etc/pam.d/common-password": _PAM_OK,
                    "/etc/security/pwquality.conf.d/50-policy.conf": ["minlen = 14"],
                }
            ),
            Status.PASS,
        ),
        Case("Debian default", config_case({"/etc/pam.d/common-password": _PAM_DEBIAN}), Status.FAIL),
        Case("pwquality with its default length", config_case({"/etc/pam.d/common-password": _PAM_OK}), Status.FAIL),
        Case(
            "length as a module argument",
            config_case({"/etc/pam.d/system-auth": ["password requisite pam_pwquality.so minlen=16 retry=3"]}),
            Status.PASS,
        ),
        Case("no PAM", config_case({"/etc/login.defs": []}), Status.ERROR),
    ),
)

"""win-screen-lock: an idle session locks itself (machine inactivity limit).

Reads the machine-wide policy "Interactive logon: Machine inactivity limit" (InactivityTimeoutSecs
under HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System): Windows locks the session
after that many idle seconds. Not configured or 0: no machine-wide limit (Microsoft's reference for
the setting). The per-user screen saver policy (ScreenSaveTimeOut / ScreenSaverIsSecure under
HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop) lives in each user's hive, which a
remote audit session cannot read for the people who actually log on, so this check asks for the
machine policy. The limit defaults to 900 s (CIS); set `auditor_windows_screen_lock_max_seconds`.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import SYSTEM_POLICIES, WIN_REGISTRY_POLICY, value_key

INACTIVITY = value_key(SYSTEM_POLICIES, "InactivityTimeoutSecs")
SETTING = "windows_screen_lock_max_seconds"
DEFAULT_MAX = 900

META = CheckMeta(
    id="win-screen-lock",
    title="Idle sessions lock automatically (machine inactivity limit)",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "An unlocked, unattended session gives anyone walking past the logged-on user's access, including "
        "administrative consoles left open on servers."
    ),
    remediation=(
        "GPO: Security Options > 'Interactive logon: Machine inactivity limit' = 900 seconds or less "
        "(InactivityTimeoutSecs, DWORD, 1-900)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Unattended sessions on this machine never lock themselves.",
            why="Anyone walking past gets the logged-on user's access, including administrator consoles left open.",
            fix="Lock idle sessions automatically after 15 minutes.",
        ),
        fr=PlainWords(
            meaning="Les sessions laissées sans surveillance sur cette machine ne se verrouillent jamais.",
            why=(
                "Toute personne qui passe obtient les accès de l'utilisateur connecté, y compris des consoles "
                "d'administration restées ouvertes."
            ),
            fix="Verrouiller automatiquement les sessions inactives après 15 minutes.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.3",),
        "nist-csf-2": ("PR.AA-05", "PR.PS-01"),
        "iso27001-2022": ("A.7.7", "A.8.5"),
        "cyber-essentials": ("Secure configuration",),
        "hipaa": ("164.312(a)(2)(iii)",),
    },
    settings=(
        Setting(
            name="windows_screen_lock_max_seconds",
            type=int,
            default=DEFAULT_MAX,
            doc="Most idle seconds before the session locks.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    limit = int(setting_number(facts, SETTING, DEFAULT_MAX))
    rule = Rule(
        INACTIVITY,
        lambda found: found is not None and 0 < found <= limit,
        f"1-{limit} seconds",
        label="InactivityTimeoutSecs",
    )
    return require(facts, (rule,), why="idle sessions stay unlocked")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("900 seconds", registry_case({INACTIVITY: 900}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("not configured", registry_case(), Status.FAIL),
        Case("zero means never", registry_case({INACTIVITY: 0}), Status.FAIL),
        Case("longer than policy", registry_case({INACTIVITY: 1800}), Status.FAIL),
        Case("host allows 30 minutes", registry_case({INACTIVITY: 1800}), Status.PASS, settings={SETTING: "1800"}),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

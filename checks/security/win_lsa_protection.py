"""win-lsa-protection: LSASS runs as a protected process (RunAsPPL).

RunAsPPL under HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa: 1 = LSA protection with a UEFI variable
lock, 2 = without the lock (Windows 11 22H2 and later), per Microsoft's "Configure added LSA
protection". Not configured: off on Windows Server and on Windows 10; Windows 11 22H2+ may enable
it by default on new installs, which this check cannot tell from the registry, so it asks for the
explicit value (which also survives upgrades and re-imaging).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import LSA, WIN_REGISTRY_POLICY, value_key

RUN_AS_PPL = value_key(LSA, "RunAsPPL")
RULE = Rule(RUN_AS_PPL, equals(1, 2), "1 (with UEFI lock) or 2")

META = CheckMeta(
    id="win-lsa-protection",
    title="LSA protection (RunAsPPL) is enabled",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "A protected LSASS refuses memory reads and code injection from non-protected processes, which stops the "
        "common credential-dumping tools even when they run as administrator."
    ),
    remediation=(
        "GPO: Computer Configuration > Administrative Templates > System > Local Security Authority > 'Configure "
        "LSASS to run as a protected process' = Enabled with UEFI Lock (RunAsPPL = 1); test drivers/AV plug-ins first."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="The part of Windows that holds logon secrets is not shielded from other programs.",
            why="Common password-stealing tools can read it, even when they are stopped elsewhere.",
            fix="Turn on LSA protection so that other programs cannot read logon secrets.",
        ),
        fr=PlainWords(
            meaning=(
                "La partie de Windows qui détient les secrets de connexion n'est pas protégée des autres programmes."
            ),
            why="Les outils courants de vol de mots de passe peuvent la lire, même quand ils sont bloqués ailleurs.",
            fix=(
                "Activer la protection LSA pour que les autres programmes ne puissent pas lire les secrets de "
                "connexion."
            ),
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.1", "10.5"),
        "nist-csf-2": ("PR.PS-01", "PR.AA-01"),
        "iso27001-2022": ("A.5.17", "A.8.9"),
        "cyber-essentials": ("Secure configuration",),
        "essential-eight": ("User application hardening",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="LSASS memory can be read by administrator-level malware")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("UEFI locked", registry_case({RUN_AS_PPL: 1}), Status.PASS),
        Case("without lock", registry_case({RUN_AS_PPL: 2}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("not configured", registry_case(), Status.FAIL),
        Case("explicitly off", registry_case({RUN_AS_PPL: 0}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

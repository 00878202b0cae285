"""win-laps-configured: the local Administrator password is managed by LAPS.

Sources, in the precedence Windows LAPS documents (CSP over GPO over legacy):
- Windows LAPS policy BackupDirectory under HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\LAPS
  (Intune/CSP) or HKLM:\\SOFTWARE\\Microsoft\\Policies\\LAPS (Group Policy): 0 disabled, 1 back up to
  Microsoft Entra ID, 2 back up to Active Directory;
- legacy Microsoft LAPS: AdmPwdEnabled = 1 under HKLM:\\SOFTWARE\\Policies\\Microsoft Services\\AdmPwd
  (applied by the AdmPwd client-side extension when it is installed, or by Windows LAPS in legacy
  emulation mode when it is not; the verdict says which).
Not configured anywhere: the local Administrator password is whatever was set at build time,
often shared by every machine of the image. Domain controllers have no local accounts (their
DSRM password is a separate matter), so the check does not apply to them.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import (
    DOMAIN_CONTROLLER_2019,
    REGISTRY_NOT_READ,
    product_type,
    registry_case,
    value,
    win_os_case,
)
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_os import DOMAIN_CONTROLLER, WIN_OS
from auditor.probes.win_registry_policy import (
    ADMPWD_CSE,
    ADMPWD_GPO,
    LAPS_CSP,
    LAPS_GPO,
    WIN_REGISTRY_POLICY,
    value_key,
)

CSP = value_key(LAPS_CSP, "BackupDirectory")
GPO = value_key(LAPS_GPO, "BackupDirectory")
LEGACY = value_key(ADMPWD_GPO, "AdmPwdEnabled")
LEGACY_CSE = value_key(ADMPWD_CSE, "DllName")
DIRECTORIES = {1: "Microsoft Entra ID", 2: "Active Directory"}

META = CheckMeta(
    id="win-laps-configured",
    title="Local Administrator password is managed by LAPS",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "A local Administrator password shared across machines lets one stolen hash or password open every "
        "machine built from the same image; LAPS gives each machine its own rotated password."
    ),
    remediation=(
        "Enable Windows LAPS: GPO Computer Configuration > Administrative Templates > System > LAPS > "
        "'Configure password backup directory' = Active Directory (or Microsoft Entra ID via Intune), and for AD "
        "run Update-LapsADSchema and Set-LapsADComputerSelfPermission once."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="The local Administrator password of this machine is not managed and rotated automatically.",
            why=(
                "Machines built from the same image often share that password, so one stolen password opens every "
                "one of them."
            ),
            fix="Let Windows LAPS give each machine its own automatically changed administrator password.",
        ),
        fr=PlainWords(
            meaning="Le mot de passe Administrateur local de cette machine n'est ni géré ni renouvelé automatiquement.",
            why=(
                "Les machines issues d'une même image partagent souvent ce mot de passe : un seul mot de passe "
                "volé les ouvre toutes."
            ),
            fix=(
                "Confier à Windows LAPS un mot de passe administrateur propre à chaque machine et changé "
                "automatiquement."
            ),
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name, WIN_OS.name),
    references={
        "cis-v8": ("4.7", "5.2"),
        "nist-csf-2": ("PR.AA-01", "PR.AA-05"),
        "iso27001-2022": ("A.5.17", "A.8.2"),
        "cyber-essentials": ("User access control",),
        "essential-eight": ("Restrict administrative privileges",),
        "hipaa": ("164.308(a)(5)(ii)(D)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    if product_type(facts) == DOMAIN_CONTROLLER:
        return Verdict.not_applicable("domain controller: no local accounts for LAPS to manage")
    readings = {key: value(facts, key) for key in (CSP, GPO, LEGACY, LEGACY_CSE)}
    for found in readings.values():
        if isinstance(found, Verdict):
            return found
    for key, source in ((CSP, "Windows LAPS (CSP/Intune)"), (GPO, "Windows LAPS (Group Policy)")):
        directory = readings[key]
        if directory is None:
            continue
        shown = f"{source}: BackupDirectory = {directory}"
        if directory in DIRECTORIES:
            return Verdict.passed(f"{shown} (backed up to {DIRECTORIES[directory]})", (shown,))
        return Verdict.failed(f"{shown}: Windows LAPS is configured but disabled", (shown,))
    if readings[LEGACY] == 1:
        how = "AdmPwd client-side extension installed" if readings[LEGACY_CSE] else "Windows LAPS legacy emulation"
        return Verdict.passed(f"legacy Microsoft LAPS policy AdmPwdEnabled = 1 ({how})", (f"AdmPwdEnabled = 1; {how}",))
    legacy = "not configured" if readings[LEGACY] is None else f"= {readings[LEGACY]}"
    return Verdict.failed(
        "no LAPS policy: the local Administrator password is not rotated",
        ("Windows LAPS BackupDirectory not configured (CSP or GPO)", f"legacy AdmPwdEnabled {legacy}"),
    )


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis: Windows LAPS to Active Directory
        Case("Windows LAPS to AD", registry_case({GPO: 2}), Status.PASS),
        Case("Windows LAPS to Entra via Intune", registry_case({CSP: 1, GPO: 0}), Status.PASS),
        Case(
            "legacy LAPS with CSE",
            registry_case({LEGACY: 1, LEGACY_CSE: r"C:\Program Files\LAPS\CSE\AdmPwd.dll"}),
            Status.PASS,
        ),
        # golden win_registry_policy/server2022-default
        Case("no LAPS", registry_case(), Status.FAIL),
        Case("Windows LAPS disabled", registry_case({GPO: 0}), Status.FAIL),
        Case(
            "domain controller",
            {**registry_case(), **win_os_case(**DOMAIN_CONTROLLER_2019)},
            Status.NOT_APPLICABLE,
        ),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

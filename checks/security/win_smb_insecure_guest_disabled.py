"""win-smb-insecure-guest-disabled: the SMB client refuses insecure guest logons.

AllowInsecureGuestAuth: the policy value (HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\LanmanWorkstation)
wins over the service parameter (HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LanmanWorkstation\\
Parameters); 0 refuses, 1 allows. Not configured: the OS default, per Microsoft's "Guest access in
SMB2 and SMB3 disabled by default" article: refused on Windows 10/11 Enterprise and Education from
1709 (build 16299), on Windows Server 2019 (build 17763) and later, and on every edition from
Windows 11 24H2 (build 26100); allowed on older builds and on Pro/Home before 24H2. Edition and
build come from win_os.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, WINDOWS_11_PRO, registry_case, value, win_os_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_os import WIN_OS
from auditor.probes.win_registry_policy import (
    LANMAN_WORKSTATION,
    LANMAN_WORKSTATION_POLICIES,
    WIN_REGISTRY_POLICY,
    value_key,
)

POLICY = value_key(LANMAN_WORKSTATION_POLICIES, "AllowInsecureGuestAuth")
PARAMETER = value_key(LANMAN_WORKSTATION, "AllowInsecureGuestAuth")

META = CheckMeta(
    id="win-smb-insecure-guest-disabled",
    title="SMB client refuses insecure guest logons",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Guest logons to SMB shares are unauthenticated, so SMB signing and encryption are off: a machine in the "
        "middle can impersonate the file server and serve malware or tamper with data."
    ),
    remediation=(
        "GPO: Computer Configuration > Administrative Templates > Network > Lanman Workstation > 'Enable insecure "
        "guest logons' = Disabled (AllowInsecureGuestAuth = 0); give NAS shares real accounts instead."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="This machine will connect to shared folders as an anonymous guest.",
            why="An attacker can pose as the file server and hand out malware or tampered files.",
            fix="Refuse guest connections to shared folders and give those shares real accounts.",
        ),
        fr=PlainWords(
            meaning="Cette machine accepte de se connecter à des dossiers partagés en tant qu'invité anonyme.",
            why=(
                "Un attaquant peut se faire passer pour le serveur de fichiers et distribuer des logiciels "
                "malveillants ou des fichiers altérés."
            ),
            fix="Refuser les connexions invité aux dossiers partagés et attribuer de vrais comptes à ces partages.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name, WIN_OS.name),
    references={
        "cis-v8": ("4.1", "3.10"),
        "nist-csf-2": ("PR.AA-03",),
        "iso27001-2022": ("A.8.5", "A.8.20"),
        "cyber-essentials": ("Secure configuration",),
    },
)


def _default_refused(facts: Facts) -> tuple[bool, str]:
    """Whether this edition/build refuses insecure guest logons when nothing is configured."""
    os = facts.get(WIN_OS)
    build_text = os.current_build or os.build_number
    build = int(build_text) if build_text.isdigit() else 0
    edition = (os.edition_id or "").lower()
    if build >= 26100:
        refused = True
    elif edition.startswith("server"):
        refused = build >= 17763
    elif "enterprise" in edition or "education" in edition:
        refused = build >= 16299
    else:
        refused = False
    return refused, f"{os.edition_id or 'unknown edition'} build {build_text}"


def evaluate(facts: Facts) -> Verdict:
    policy = value(facts, POLICY)
    if isinstance(policy, Verdict):
        return policy
    parameter = value(facts, PARAMETER)
    if isinstance(parameter, Verdict):
        return parameter
    for found, where in ((policy, "policy"), (parameter, "LanmanWorkstation parameter")):
        if found is None:
            continue
        shown = f"AllowInsecureGuestAuth = {found} ({where})"
        if found == 0:
            return Verdict.passed(shown, (shown,))
        return Verdict.failed(f"{shown}: the SMB client accepts unauthenticated guest shares", (shown,))
    refused, which = _default_refused(facts)
    shown = (
        f"AllowInsecureGuestAuth not configured: {which} {'refuses' if refused else 'allows'} guest logons by default"
    )
    if refused:
        return Verdict.passed(shown, (shown,))
    return Verdict.failed(shown, (shown,))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/server2022-default: Server 2022 (CASE_WIN_OS) refuses by default
        Case("server 2022 default", registry_case(), Status.PASS),
        # golden win_registry_policy/hardened-cis
        Case("policy refuses", {**registry_case({POLICY: 0}), **win_os_case(**WINDOWS_11_PRO)}, Status.PASS),
        Case("Windows 11 23H2 Pro default", {**registry_case(), **win_os_case(**WINDOWS_11_PRO)}, Status.FAIL),
        Case(
            "Windows 11 24H2 Pro default",
            {
                **registry_case(),
                **win_os_case(**(WINDOWS_11_PRO | {"build_number": "26100", "current_build": "26100"})),
            },
            Status.PASS,
        ),
        # golden win_registry_policy/neglected-server2016
        Case("allowed by parameter", registry_case({PARAMETER: 1}), Status.FAIL),
        Case("policy wins over parameter", registry_case({POLICY: 0, PARAMETER: 1}), Status.PASS),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

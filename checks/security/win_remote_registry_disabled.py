"""win-remote-registry-disabled: the Remote Registry service is disabled.

Remote Registry lets other machines read (and, with rights, change) this machine's registry over
the network; attackers use it for reconnaissance and lateral movement. It is Disabled (Start 4) on
a default Windows 10/11 install and automatic, trigger-started, on Windows Server 2012 and later
(see tests/probes/golden/win_services/SOURCE.md). Only Disabled (or not installed)
passes: a Manual trigger-start service starts the moment a remote client asks for it. Some
monitoring tools need it; record that as a waiver with the tool's name.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import service, services_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_services import WIN_SERVICES

NAME = "RemoteRegistry"

META = CheckMeta(
    id="win-remote-registry-disabled",
    title="Remote Registry service is disabled",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A reachable Remote Registry service exposes configuration, installed software and account details to "
        "anyone on the network with credentials, and is a common lateral-movement and reconnaissance path."
    ),
    remediation=(
        "Set-Service -Name RemoteRegistry -StartupType Disabled; Stop-Service RemoteRegistry (GPO: System Services > "
        "Remote Registry = Disabled)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The service that lets other machines read this machine's settings remotely is available.",
            why="Intruders use it to learn about the machine and move on to the next one.",
            fix="Disable the Remote Registry service.",
        ),
        fr=PlainWords(
            meaning=(
                "Le service qui permet à d'autres machines de lire à distance les réglages de celle-ci est disponible."
            ),
            why="Les intrus s'en servent pour étudier la machine et passer à la suivante.",
            fix="Désactiver le service Registre à distance.",
        ),
    ),
    facts=(WIN_SERVICES.name,),
    references={
        "cis-v8": ("4.8",),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.9", "A.8.20"),
        "cyber-essentials": ("Secure configuration",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    found = service(facts, NAME)
    if isinstance(found, Verdict):
        return found
    shown = found.describe(NAME)
    if found.disabled:
        return Verdict.passed(shown, (shown,))
    return Verdict.failed(f"{shown}: the registry can be read over the network", (shown,))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_services/hardened-server2022
        Case("disabled", services_case(RemoteRegistry=("Disabled", "Stopped")), Status.PASS),
        Case("not installed", services_case(RemoteRegistry=None), Status.PASS),
        # golden win_services/server2022-default
        Case("server default (automatic)", services_case(), Status.FAIL),
        Case("manual, stopped", services_case(RemoteRegistry=("Manual", "Stopped")), Status.FAIL),
        Case("services not read", {WIN_SERVICES.name: "win_services failed: Access denied"}, Status.ERROR),
    ),
)

"""win-print-spooler-restricted: servers that print nothing do not run the Print Spooler.

The Print Spooler has been the door for PrintNightmare (CVE-2021-34527) and the "printer bug"
used to coerce domain controllers into authenticating to an attacker. Microsoft's guidance for
servers that are not print servers, above all domain controllers: disable the service, or at least
refuse remote connections to it (policy "Allow Print Spooler to accept client connections" =
Disabled, RegisterSpoolerRemoteRpcEndPoint = 2 under HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\
Printers). Either passes. Workstations print, so the check applies to servers and domain
controllers only; a server that is a print server is marked with `auditor_windows_print_server=true`.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.winregkit import (
    DOMAIN_CONTROLLER_2019,
    WINDOWS_11_PRO,
    product_type,
    registry_case,
    service,
    services_case,
    setting_flag,
    value,
    win_os_case,
)
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_os import WIN_OS, WORKSTATION
from auditor.probes.win_registry_policy import PRINTERS_POLICIES, WIN_REGISTRY_POLICY, value_key
from auditor.probes.win_services import WIN_SERVICES

REMOTE_RPC = value_key(PRINTERS_POLICIES, "RegisterSpoolerRemoteRpcEndPoint")
SETTING = "windows_print_server"

META = CheckMeta(
    id="win-print-spooler-restricted",
    title="Print Spooler is disabled or refuses remote clients on non-print servers",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "A running Print Spooler on a server or domain controller that prints nothing only adds attack surface: "
        "remote code execution (PrintNightmare) and forced authentication of the machine account."
    ),
    remediation=(
        "Stop-Service Spooler; Set-Service Spooler -StartupType Disabled (or GPO Administrative Templates > Printers "
        "> 'Allow Print Spooler to accept client connections' = Disabled). For a real print server set "
        "auditor_windows_print_server=true on the host."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The printing service runs on a server that does not print.",
            why="It adds a well-known way in (PrintNightmare) and nothing in return.",
            fix="Disable the Print Spooler service on servers that do not print.",
        ),
        fr=PlainWords(
            meaning="Le service d'impression fonctionne sur un serveur qui n'imprime pas.",
            why="Il ajoute une porte d'entrée bien connue (PrintNightmare) sans rien apporter.",
            fix="Désactiver le service Spouleur d'impression sur les serveurs qui n'impriment pas.",
        ),
    ),
    facts=(WIN_SERVICES.name, WIN_REGISTRY_POLICY.name, WIN_OS.name),
    references={
        "cis-v8": ("4.8",),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.9",),
        "cyber-essentials": ("Secure configuration",),
    },
    settings=(
        Setting(
            name="windows_print_server",
            type=bool,
            default=False,
            doc="Whether this host is a print server (its spooler must then accept remote clients).",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    if product_type(facts) == WORKSTATION:
        return Verdict.not_applicable("workstation: printing is expected")
    if setting_flag(facts, SETTING):
        return Verdict.not_applicable(f"marked as a print server ({SETTING})")
    spooler = service(facts, "Spooler")
    if isinstance(spooler, Verdict):
        return spooler
    remote = value(facts, REMOTE_RPC)
    if isinstance(remote, Verdict):
        return remote
    shown = spooler.describe("Spooler")
    if spooler.disabled:
        return Verdict.passed(shown, (shown,))
    policy = (
        f"RegisterSpoolerRemoteRpcEndPoint = {remote}" if remote is not None else "remote client connections allowed"
    )
    if remote == 2:
        return Verdict.passed(f"{shown}; remote client connections refused", (shown, policy))
    return Verdict.failed(f"{shown} and {policy} on a server that is not a print server", (shown, policy))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_services/hardened-server2022
        Case("disabled", {**services_case(Spooler=("Disabled", "Stopped")), **registry_case()}, Status.PASS),
        Case("not installed (Server Core)", {**services_case(Spooler=None), **registry_case()}, Status.PASS),
        Case("remote connections refused", {**services_case(), **registry_case({REMOTE_RPC: 2})}, Status.PASS),
        # golden win_services/server2022-default
        Case("running on a member server", {**services_case(), **registry_case()}, Status.FAIL),
        Case(
            "running on a domain controller",
            {**services_case(), **registry_case(), **win_os_case(**DOMAIN_CONTROLLER_2019)},
            Status.FAIL,
        ),
        Case(
            "print server",
            {**services_case(), **registry_case()},
            Status.NOT_APPLICABLE,
            settings={SETTING: "true"},
        ),
        Case(
            "workstation",
            {**services_case(), **registry_case(), **win_os_case(**WINDOWS_11_PRO)},
            Status.NOT_APPLICABLE,
        ),
        Case(
            "services not read",
            {**registry_case(), WIN_SERVICES.name: "win_services failed: Access denied"},
            Status.ERROR,
        ),
    ),
)

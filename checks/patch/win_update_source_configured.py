"""win-update-source-configured: Windows receives updates automatically from a known source.

Three ways are fine: WSUS (AU\\UseWUServer = 1 with a WUServer), Windows Update for Business
(deferral or target-release policy), or no policy at all, in which case Windows' default applies:
automatic download and installation from Windows Update. Failures: Automatic Updates turned off
by policy (AU\\NoAutoUpdate = 1), "notify before download" (AUOptions = 2: nothing is even
downloaded until someone acts), UseWUServer = 1 without a WUServer, or the Automatic Updates
service disabled (IAutomaticUpdates.ServiceEnabled false).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_update_status import AU_OPTIONS, WIN_UPDATE_STATUS

META = CheckMeta(
    id="win-update-source-configured",
    title="Windows Update is automatic and has an update source",
    category=Category.PATCH,
    severity=Severity.HIGH,
    rationale=(
        "With automatic updates switched off or pointed at nothing, security updates arrive only when someone "
        "remembers to install them by hand, which on an unmanaged fleet means never."
    ),
    remediation=(
        "GPO Computer Configuration > Administrative Templates > Windows Components > Windows Update > Manage end user "
        "experience > Configure Automatic Updates: Enabled, 4 - Auto download and schedule the install (and "
        "'Specify intranet Microsoft update service location' for WSUS); or remove NoAutoUpdate from "
        "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=30,
        en=PlainWords(
            meaning="Automatic Windows updates are switched off or point to no update source.",
            why=(
                "Security fixes then arrive only when someone installs them by hand, which on most systems means never."
            ),
            fix="Turn automatic updates back on and connect the system to the client's update service.",
        ),
        fr=PlainWords(
            meaning="Les mises à jour automatiques de Windows sont désactivées ou ne pointent vers aucune source.",
            why=(
                "Les correctifs n'arrivent alors que si quelqu'un les installe à la main, ce qui sur la plupart "
                "des systèmes revient à jamais."
            ),
            fix="Réactiver les mises à jour automatiques et relier le système au service de mise à jour du client.",
        ),
    ),
    facts=(WIN_UPDATE_STATUS.name,),
    references={
        "cis-v8": ("7.3", "7.4"),
        "nist-csf-2": ("PR.PS-02",),
        "iso27001-2022": ("A.8.8",),
        "cyber-essentials": ("Security update management",),
        "essential-eight": ("Patch operating systems",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    status = facts.get(WIN_UPDATE_STATUS)
    policy = status.policy
    problems = []
    if policy.no_auto_update == 1:
        problems.append("Automatic Updates disabled by policy (AU\\NoAutoUpdate = 1)")
    if policy.au_options == 2:
        problems.append("AUOptions = 2: notify before download, nothing installs on its own")
    if policy.use_wu_server == 1 and not policy.wu_server:
        problems.append("UseWUServer = 1 but no WUServer is set")
    if status.service_enabled is False:
        problems.append("the Automatic Updates service is not enabled")
    if problems:
        return Verdict.failed("Windows Update will not install updates automatically", tuple(problems))
    mode = AU_OPTIONS.get(policy.au_options or 0, "Windows default (automatic)")
    if policy.wsus:
        return Verdict.passed(f"updates from WSUS {policy.wsus} ({mode})")
    if policy.wufb:
        days = f", quality updates deferred {policy.defer_quality_days} days" if policy.defer_quality_days else ""
        return Verdict.passed(f"Windows Update for Business policy{days} ({mode})")
    return Verdict.passed(f"updates from Windows Update ({mode})")


# From tests/probes/golden/win_update_status: wsus-managed, wufb-reboot-pending, defaults-not-configured,
# auto-updates-disabled.
_WSUS = {
    "policy": {
        "wu_server": "http://wsus01.corp.example.com:8530",
        "wu_status_server": "http://wsus01.corp.example.com:8530",
        "use_wu_server": 1,
        "no_auto_update": 0,
        "au_options": 4,
        "scheduled_install_day": 0,
        "scheduled_install_time": 3,
    },
    "service_enabled": True,
}
_WUFB = {
    "policy": {
        "defer_quality_updates": 1,
        "defer_quality_days": 7,
        "defer_feature_updates": 1,
        "defer_feature_days": 180,
    },
    "service_enabled": True,
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("WSUS, install on schedule", {"win_update_status": _WSUS}, Status.PASS),
        Case("Windows Update for Business deferrals", {"win_update_status": _WUFB}, Status.PASS),
        Case("no policy: Windows defaults", {"win_update_status": {"service_enabled": True}}, Status.PASS),
        Case("NoAutoUpdate = 1", {"win_update_status": {"policy": {"no_auto_update": 1}}}, Status.FAIL),
        Case("notify before download", {"win_update_status": {"policy": {"au_options": 2}}}, Status.FAIL),
        Case(
            "WSUS switched on without a server",
            {"win_update_status": {"policy": {"use_wu_server": 1, "au_options": 4}}},
            Status.FAIL,
        ),
        Case("Automatic Updates service disabled", {"win_update_status": {"service_enabled": False}}, Status.FAIL),
        Case("status unreadable", {"win_update_status": "Windows Update status failed: access denied"}, Status.ERROR),
    ),
)

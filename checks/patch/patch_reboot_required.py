r"""patch-reboot-required: installed updates are actually running.

Updated kernels and core libraries (libc, openssl) only take effect after a reboot; until then
the host runs the vulnerable code it was patched against. Signals, any of which fails the check:
/run/reboot-required (Debian/Ubuntu), /run/reboot-needed and `zypper needs-rebooting` exit 102
(SUSE), `needs-restarting -r` exit 1 (RHEL family), a kernel image installed after boot. On a
dnf/yum host without needs-restarting the check cannot assess (never pass) unless another signal
already fails it. On Windows: the Component Based Servicing RebootPending key, Windows Update's
Auto Update\RebootRequired key, or pending file rename operations (Session Manager), with the time
since the last boot from win_os. On Ubuntu, Livepatch's state is said beside the verdict: it patches
some kernel CVEs in memory, but libraries and the rest of a pending kernel update still need the
reboot, so it never turns a pending reboot into a pass.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, FactUnavailable, Plain, PlainWords, Verdict
from auditor.checklib.updates import host_family
from auditor.core.models import Category, Severity, Status
from auditor.probes.reboot_required import REBOOT_REQUIRED
from auditor.probes.ubuntu_pro import UBUNTU_PRO
from auditor.probes.win_os import WIN_OS, WINDOWS_FAMILY
from auditor.probes.win_update_status import WIN_UPDATE_STATUS

META = CheckMeta(
    id="patch-reboot-required",
    title="No reboot pending after updates",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "A kernel or core library update is not in effect until the host restarts; a pending reboot "
        "means the running system is still the vulnerable one."
    ),
    remediation=(
        "Reboot the host in a maintenance window (or enable Unattended-Upgrade::Automatic-Reboot; on Windows, "
        "Restart-Computer or a WSUS / Windows Update for Business restart deadline)."
    ),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=15,
        en=PlainWords(
            meaning="Updates were installed but the system has not been restarted to put them into effect.",
            why=(
                "Until the restart the old, vulnerable software is still the one running, so the update protects "
                "nothing yet."
            ),
            fix="Restart the system in an agreed maintenance window.",
        ),
        fr=PlainWords(
            meaning="Des mises à jour ont été installées, mais le système n'a pas été redémarré pour les activer.",
            why=(
                "Jusqu'au redémarrage, c'est l'ancien logiciel vulnérable qui tourne encore : la mise à jour ne "
                "protège rien pour l'instant."
            ),
            fix="Redémarrer le système pendant une fenêtre de maintenance convenue.",
        ),
    ),
    facts=(REBOOT_REQUIRED.name, WIN_UPDATE_STATUS.name, WIN_OS.name, UBUNTU_PRO.name),
    references={"cis-v8": ("7.3",), "nist-csf-2": ("PR.PS-02",), "iso27001-2022": ("A.8.8",)},
    fixes=("reboot",),
)


def _windows(facts: Facts) -> Verdict:
    markers = facts.get(WIN_UPDATE_STATUS).reboot_markers
    boot = facts.get(WIN_OS).last_boot
    up = f"; up {(facts.now - boot).total_seconds() / 86400:.0f} days" if boot else ""
    if markers:
        return Verdict.failed(f"reboot pending{up}", markers)
    return Verdict.passed(f"no reboot pending{up}")


def evaluate(facts: Facts) -> Verdict:
    if host_family(facts) == WINDOWS_FAMILY:
        return _windows(facts)
    state = facts.get(REBOOT_REQUIRED)
    days = state.uptime_seconds / 86400
    livepatch = livepatch_note(facts)
    if state.flag:
        details = state.packages or ("(no package list in /run/reboot-required.pkgs)",)
        return Verdict.failed(f"reboot required (/run/reboot-required); up {days:.0f} days{livepatch}", details)
    if state.needs_restarting == 1:
        details = tuple(line for line in state.needs_restarting_output if line.lstrip().startswith("*"))
        return Verdict.failed(f"needs-restarting -r: reboot required; up {days:.0f} days", details)
    if state.zypper_needs_rebooting == ZYPPER_REBOOT_NEEDED or state.suse_flag:
        return Verdict.failed(f"zypper needs-rebooting: reboot required; up {days:.0f} days")
    newer = state.newer_kernels
    if newer:
        return Verdict.failed(
            f"kernel installed since boot is not running (running {state.running_kernel}); up {days:.0f} days",
            newer,
        )
    if state.needs_restarting_missing:
        return Verdict.cannot_assess(
            "needs-restarting is not installed (dnf-utils or yum-utils), so a pending reboot cannot be ruled out"
        )
    if state.needs_restarting is not None and state.needs_restarting != 0:
        return Verdict.cannot_assess(f"needs-restarting -r failed (exit {state.needs_restarting})")
    return Verdict.passed(f"no reboot pending; running kernel {state.running_kernel}, up {days:.0f} days{livepatch}")


def livepatch_note(facts: Facts) -> str:
    """`; Livepatch enabled (N CVEs patched in the running kernel)` on an Ubuntu Pro host, else ""."""
    try:
        pro = facts.get(UBUNTU_PRO)
    except FactUnavailable:
        return ""
    if not pro.installed:
        return ""
    if not pro.enabled("livepatch"):
        return "; Livepatch not enabled"
    return f"; Livepatch enabled ({len(pro.livepatch_fixed_cves)} CVE(s) patched in the running kernel)"


ZYPPER_REBOOT_NEEDED = 102

_BASE = {"running_kernel": "6.1.0-41-amd64", "uptime_seconds": 864000.0, "now_epoch": 1768478400}

# Windows: from tests/probes/golden/win_update_status/wufb-reboot-pending and wsus-managed; the default
# win_os of the case loader (Server 2022, booted 2026-01-10).
_WIN_OS = {
    "caption": "Microsoft Windows Server 2022 Datacenter",
    "version": "10.0.20348",
    "build_number": "20348",
    "product_type": 3,
    "last_boot": "2026-01-10T03:12:44+00:00",
    "current_build": "20348",
    "installation_type": "Server",
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("nothing pending", {"reboot_required": {**_BASE, "flag": False}}, Status.PASS),
        Case(
            "flag set, Livepatch enabled: still pending",
            {
                "reboot_required": {**_BASE, "flag": True},
                "ubuntu_pro": {"installed": True, "enabled_services": ["livepatch"], "livepatch_fixed_cves": ["cve-1"]},
            },
            Status.FAIL,
        ),
        Case(
            "flag file present",
            {"reboot_required": {**_BASE, "flag": True, "packages": ["linux-image-6.1.0-42-amd64", "libc6"]}},
            Status.FAIL,
        ),
        Case(
            "newer kernel installed after boot, no flag (plain Debian)",
            {
                "reboot_required": {
                    **_BASE,
                    "flag": False,
                    "kernel_images": {"6.1.0-41-amd64": 1760000000, "6.1.0-42-amd64": 1768400000},
                }
            },
            Status.FAIL,
        ),
        Case(
            "older kernel kept on disk",
            {
                "reboot_required": {
                    **_BASE,
                    "flag": False,
                    "kernel_images": {"6.1.0-40-amd64": 1750000000, "6.1.0-41-amd64": 1760000000},
                }
            },
            Status.PASS,
        ),
        Case(
            "container: running kernel not in /boot",
            {
                "reboot_required": {
                    **_BASE,
                    "running_kernel": "6.18.44-fc-v669",
                    "flag": False,
                    "kernel_images": {"6.1.0-42-amd64": 1768400000},
                }
            },
            Status.PASS,
        ),
        Case("probe failed", {"reboot_required": "bad uptime: ''"}, Status.ERROR),
        Case(
            "RHEL: needs-restarting -r exit 1 (recorded dnf output)",
            {
                "reboot_required": {
                    **_BASE,
                    "flag": False,
                    "needs_restarting": 1,
                    "needs_restarting_output": [
                        "Core libraries or services have been updated since boot-up:",
                        "  * glibc",
                    ],
                }
            },
            Status.FAIL,
        ),
        Case(
            "RHEL: needs-restarting -r exit 0",
            {"reboot_required": {**_BASE, "flag": False, "needs_restarting": 0}},
            Status.PASS,
        ),
        Case(
            "RHEL: needs-restarting missing",
            {"reboot_required": {**_BASE, "flag": False, "needs_restarting_missing": True}},
            Status.ERROR,
        ),
        Case(
            "SUSE: zypper needs-rebooting exit 102",
            {"reboot_required": {**_BASE, "flag": False, "zypper_needs_rebooting": 102}},
            Status.FAIL,
        ),
        Case(
            "SUSE: zypper needs-rebooting exit 0",
            {"reboot_required": {**_BASE, "flag": False, "zypper_needs_rebooting": 0}},
            Status.PASS,
        ),
        Case(
            "Windows: CBS RebootPending, RebootRequired and pending renames",
            {
                "win_os": _WIN_OS,
                "win_update_status": {
                    "cbs_reboot_pending": True,
                    "wu_reboot_required": True,
                    "pending_file_renames": 4,
                },
            },
            Status.FAIL,
        ),
        Case("Windows: no reboot marker", {"win_os": _WIN_OS, "win_update_status": {}}, Status.PASS),
        Case(
            "Windows: status unreadable",
            {
                "win_os": _WIN_OS,
                "win_update_status": "Windows Update status failed: COMException: class not registered",
            },
            Status.ERROR,
        ),
    ),
)

"""patch-automatic-updates: security updates install themselves.

Small fleets are patched late because patching waits for a person.
- Debian/Ubuntu: unattended-upgrades installs security updates daily; it only runs when
  APT::Periodic::Unattended-Upgrade is a non-zero interval (apt's default is 0, off),
  APT::Periodic::Enable is not "0", and it has origins to take updates from. If its log or apt's
  periodic stamps show it last ran more than `automatic_updates_max_age_days` (7) ago, it is
  configured but not effective (fail); no run recorded yet is reported, not failed.
- RHEL family: dnf-automatic with apply_updates = yes and its timer enabled (or the
  dnf-automatic-install timer), dnf5's automatic timer, or yum-cron with apply_updates = yes and
  its service enabled. A download- or notify-only setup fails.
- SUSE: YaST automatic online update (AOU_ENABLE_CRONJOB="true"), or the os-update /
  transactional-update timers.
- Alpine has no standard automatic-update service, so the check does not apply there.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.apt_config import APT_CONFIG
from auditor.probes.auto_updates import AUTO_UPDATES, AutoUpdates
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.packages import PACKAGES

DEFAULT_MAX_RUN_AGE_DAYS = 7

META = CheckMeta(
    id="patch-automatic-updates",
    title="Automatic security updates are enabled",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Automatic installation of security updates closes the window between a fix being published "
        "and it being applied, without waiting for a maintenance visit."
    ),
    remediation=(
        "apt-get install unattended-upgrades, then dpkg-reconfigure -plow unattended-upgrades "
        '(writes APT::Periodic::Unattended-Upgrade "1" to /etc/apt/apt.conf.d/20auto-upgrades).'
    ),
    applies_to=Applicability(families=frozenset({"debian", "rhel", "suse"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=20,
        en=PlainWords(
            meaning="Security updates are only installed when someone remembers to do it.",
            why=(
                "Every day between a fix being published and someone installing it by hand is a day the weakness "
                "is open."
            ),
            fix="Turn on automatic installation of security updates and watch its results.",
        ),
        fr=PlainWords(
            meaning="Les mises à jour de sécurité ne sont installées que si quelqu'un pense à le faire.",
            why=(
                "Chaque jour entre la publication d'un correctif et son installation manuelle est un jour où la "
                "faille reste ouverte."
            ),
            fix="Activer l'installation automatique des mises à jour de sécurité et en surveiller les résultats.",
        ),
    ),
    facts=(PACKAGES.name, APT_CONFIG.name, AUTO_UPDATES.name),
    references={
        "cis-v8": ("7.3",),
        "nist-csf-2": ("PR.PS-02",),
        "iso27001-2022": ("A.8.8",),
        "essential-eight": ("Patch operating systems",),
    },
    settings=(
        Setting(
            name="automatic_updates_max_age_days",
            type=float,
            default=DEFAULT_MAX_RUN_AGE_DAYS,
            doc="Days since automatic updates last ran before they count as stopped.",
        ),
    ),
    fixes=("unattended-upgrades",),
)


def _off(value: str | None) -> bool:
    """apt.systemd.daily treats an unset or zero interval as disabled."""
    return value is None or value.strip() in ("", "0")


_YES = ("yes", "true", "1", "on")
_DNF_CONFIGS = (
    "/etc/dnf/automatic.conf",
    "/etc/dnf/dnf5-plugins/automatic.conf",
    "/usr/share/dnf5/dnf5-plugins/automatic.conf",
)


def evaluate(facts: Facts) -> Verdict:
    family = facts.get(OS_RELEASE).family
    if family == "rhel":
        return _rhel(facts.get(AUTO_UPDATES))
    if family == "suse":
        return _suse(facts.get(AUTO_UPDATES))
    verdict = _debian(facts)
    if verdict.status is not Status.PASS:
        return verdict
    return _effective(facts, verdict)


def _effective(facts: Facts, configured: Verdict) -> Verdict:
    """A configured unattended-upgrades whose last recorded run is too old is not effective."""
    state = facts.get(AUTO_UPDATES)
    last = state.last_run_epoch
    if last is None:
        note = " (its log is unreadable without root)" if state.unreadable else ""
        return Verdict.passed(f"{configured.message}; no run recorded yet{note}", configured.details)
    days = max(0, state.now_epoch - last) / 86400
    limit = float(facts.setting("automatic_updates_max_age_days", DEFAULT_MAX_RUN_AGE_DAYS))
    if days > limit:
        return Verdict.failed(
            f"unattended-upgrades is enabled but last ran {days:.0f} days ago (limit {limit:g})",
            tuple(sorted(state.runs)),
        )
    return Verdict.passed(f"{configured.message}; last ran {days:.1f} days ago", configured.details)


def _rhel(state: AutoUpdates) -> Verdict:
    units = set(state.enabled_units)
    for path in _DNF_CONFIGS:
        if path in state.settings or path in state.unreadable:
            break
    else:
        path = ""
    apply = (state.setting(path, "apply_updates") or "no").lower() in _YES if path else False
    if "dnf-automatic-install.timer" in units or (apply and units & {"dnf-automatic.timer", "dnf5-automatic.timer"}):
        kind = state.setting(path, "upgrade_type") or "default" if path else "default"
        return Verdict.passed(f"dnf-automatic installs updates ({kind})", tuple(sorted(units)))
    yum_apply = (state.setting("/etc/yum/yum-cron.conf", "apply_updates") or "no").lower() in _YES
    if yum_apply and "yum-cron.service" in units:
        kind = state.setting("/etc/yum/yum-cron.conf", "update_cmd") or "default"
        return Verdict.passed(f"yum-cron installs updates ({kind})")
    if units & {"dnf-automatic.timer", "dnf-automatic-download.timer", "dnf-automatic-notifyonly.timer"} or (
        "yum-cron.service" in units
    ):
        return Verdict.failed("automatic updates only download or notify (apply_updates is not yes)")
    if path in state.unreadable:
        return Verdict.cannot_assess(f"{path} is unreadable")
    return Verdict.failed("neither dnf-automatic nor yum-cron is enabled to install updates")


def _suse(state: AutoUpdates) -> Verdict:
    path = "/etc/sysconfig/automatic_online_update"
    if (state.setting(path, "AOU_ENABLE_CRONJOB") or "").lower() in _YES:
        return Verdict.passed("YaST automatic online update is enabled")
    timers = set(state.enabled_units) & {"os-update.timer", "transactional-update.timer"}
    if timers:
        return Verdict.passed(f"automatic updates by {', '.join(sorted(timers))}")
    if path in state.unreadable:
        return Verdict.cannot_assess(f"{path} is unreadable")
    return Verdict.failed("no automatic update service (YaST online update, os-update, transactional-update)")


def _debian(facts: Facts) -> Verdict:
    packages = facts.get(PACKAGES)
    if packages.manager != "dpkg":
        return Verdict.cannot_assess("no dpkg package database on a Debian-family host")
    if not packages.installed(("unattended-upgrades",)):
        return Verdict.failed("unattended-upgrades is not installed")
    config = facts.get(APT_CONFIG)
    if not config.installed:
        return Verdict.cannot_assess("apt-config not found")
    interval = config.periodic("Unattended-Upgrade")
    details = (
        f"APT::Periodic::Unattended-Upgrade: {interval or 'unset'}",
        f"APT::Periodic::Update-Package-Lists: {config.periodic('Update-Package-Lists') or 'unset'}",
    )
    if config.periodic("Enable") == "0":
        return Verdict.failed('APT::Periodic::Enable is "0": periodic apt jobs are disabled', details)
    if _off(interval):
        return Verdict.failed("unattended-upgrades is installed but not enabled", details)
    if not config.origins:
        return Verdict.failed("unattended-upgrades has no origins to install from", details)
    return Verdict.passed(f"unattended-upgrades runs every {interval} day(s)", config.origins)


_ORIGINS = {
    "Unattended-Upgrade::Origins-Pattern": [
        "origin=Debian,codename=${distro_codename},label=Debian",
        "origin=Debian,codename=${distro_codename},label=Debian-Security",
        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security",
    ]
}
_INSTALLED = {"manager": "dpkg", "packages": {"unattended-upgrades": "2.9.1+nmu3", "apt": "2.6.1"}}
_NO_RUNS = {"now_epoch": 1768478400}
_RHEL = {"id": "rhel", "id_like": ["fedora"], "version_id": "9.6", "family": "rhel"}
_SUSE = {"id": "sles", "id_like": ["suse"], "version_id": "15.6", "family": "suse"}
_DNF_AUTO = {
    "now_epoch": 1768478400,
    "settings": {"/etc/dnf/automatic.conf": {"upgrade_type": "security", "apply_updates": "yes"}},
    "enabled_units": ["dnf-automatic.timer"],
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "enabled (Debian defaults after dpkg-reconfigure)",
            {
                "auto_updates": _NO_RUNS,
                "packages": _INSTALLED,
                "apt_config": {
                    "installed": True,
                    "values": {"APT::Periodic::Update-Package-Lists": "1", "APT::Periodic::Unattended-Upgrade": "1"},
                    "lists": _ORIGINS,
                },
            },
            Status.PASS,
        ),
        Case(
            "not installed",
            {"packages": {"manager": "dpkg", "packages": {"apt": "2.6.1"}}, "apt_config": {"installed": True}},
            Status.FAIL,
        ),
        Case(
            "installed, interval 0",
            {
                "packages": _INSTALLED,
                "apt_config": {
                    "installed": True,
                    "values": {"APT::Periodic::Update-Package-Lists": "0", "APT::Periodic::Unattended-Upgrade": "0"},
                    "lists": _ORIGINS,
                },
            },
            Status.FAIL,
        ),
        Case(
            "installed, 20auto-upgrades missing (interval unset)",
            {"packages": _INSTALLED, "apt_config": {"installed": True, "lists": _ORIGINS}},
            Status.FAIL,
        ),
        Case(
            "enabled but periodic jobs switched off",
            {
                "packages": _INSTALLED,
                "apt_config": {
                    "installed": True,
                    "values": {"APT::Periodic::Enable": "0", "APT::Periodic::Unattended-Upgrade": "1"},
                    "lists": _ORIGINS,
                },
            },
            Status.FAIL,
        ),
        Case(
            "enabled but no origins",
            {
                "packages": _INSTALLED,
                "apt_config": {"installed": True, "values": {"APT::Periodic::Unattended-Upgrade": "1"}},
            },
            Status.FAIL,
        ),
        Case(
            "enabled, ran 2 hours ago",
            {
                "auto_updates": {
                    "now_epoch": 1768478400,
                    "runs": {"/var/lib/apt/periodic/unattended-upgrades-stamp": 1768471200},
                },
                "packages": _INSTALLED,
                "apt_config": {
                    "installed": True,
                    "values": {"APT::Periodic::Unattended-Upgrade": "1"},
                    "lists": _ORIGINS,
                },
            },
            Status.PASS,
        ),
        Case(
            "enabled but last ran 40 days ago",
            {
                "auto_updates": {
                    "now_epoch": 1768478400,
                    "runs": {"/var/log/unattended-upgrades/unattended-upgrades.log": 1765000000},
                },
                "packages": _INSTALLED,
                "apt_config": {
                    "installed": True,
                    "values": {"APT::Periodic::Unattended-Upgrade": "1"},
                    "lists": _ORIGINS,
                },
            },
            Status.FAIL,
        ),
        Case(
            "RHEL: dnf-automatic applies security updates",
            {"os_release": _RHEL, "auto_updates": _DNF_AUTO},
            Status.PASS,
        ),
        Case(
            "RHEL: dnf-automatic downloads only",
            {
                "os_release": _RHEL,
                "auto_updates": {
                    **_DNF_AUTO,
                    "settings": {"/etc/dnf/automatic.conf": {"upgrade_type": "default", "apply_updates": "no"}},
                },
            },
            Status.FAIL,
        ),
        Case("RHEL: nothing enabled", {"os_release": _RHEL, "auto_updates": _NO_RUNS}, Status.FAIL),
        Case(
            "CentOS 7: yum-cron applies updates",
            {
                "os_release": {"id": "centos", "id_like": ["rhel", "fedora"], "version_id": "7", "family": "rhel"},
                "auto_updates": {
                    "now_epoch": 1768478400,
                    "settings": {"/etc/yum/yum-cron.conf": {"update_cmd": "security", "apply_updates": "yes"}},
                    "enabled_units": ["yum-cron.service"],
                },
            },
            Status.PASS,
        ),
        Case(
            "SLES: YaST automatic online update enabled",
            {
                "os_release": _SUSE,
                "auto_updates": {
                    "now_epoch": 1768478400,
                    "settings": {"/etc/sysconfig/automatic_online_update": {"AOU_ENABLE_CRONJOB": "true"}},
                },
            },
            Status.PASS,
        ),
        Case("SLES: no automatic updates", {"os_release": _SUSE, "auto_updates": _NO_RUNS}, Status.FAIL),
        Case(
            "Alpine: no standard automatic-update service",
            {"os_release": {"id": "alpine", "version_id": "3.23.2", "family": "alpine"}, "auto_updates": _NO_RUNS},
            Status.NOT_APPLICABLE,
        ),
        Case(
            "package list unavailable",
            {"packages": "dpkg-query failed (exit 2): ", "apt_config": {"installed": True}},
            Status.ERROR,
        ),
    ),
)

"""Every probe auditor knows, by name: the one list the collector and the check loader consult.

Explicit rather than discovered, so that adding a probe is a reviewed one-line change and
importing this module runs no probe code beyond the module definitions.
"""

from __future__ import annotations

from typing import Any

from auditor.probes.apk_upgradable import APK_UPGRADABLE
from auditor.probes.apt_config import APT_CONFIG
from auditor.probes.apt_holds import APT_HOLDS
from auditor.probes.apt_lists import APT_LISTS
from auditor.probes.apt_upgradable import APT_UPGRADABLE
from auditor.probes.auto_updates import AUTO_UPDATES
from auditor.probes.backup_evidence import BACKUP_EVIDENCE
from auditor.probes.backup_state import BACKUP_STATE
from auditor.probes.base import Probe
from auditor.probes.config_files import CONFIG_FILES
from auditor.probes.dnf_updates import DNF_UPDATES
from auditor.probes.file_modes import FILE_MODES
from auditor.probes.file_stats import FILE_STATS
from auditor.probes.firewall import FIREWALL
from auditor.probes.kernel_params import KERNEL_PARAMS
from auditor.probes.kernels import KERNELS
from auditor.probes.last_logins import LAST_LOGINS
from auditor.probes.listening_sockets import LISTENING_SOCKETS
from auditor.probes.mac_status import MAC_STATUS
from auditor.probes.mounts import MOUNTS
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.package_history import PACKAGE_HISTORY
from auditor.probes.packages import PACKAGES
from auditor.probes.pacman_updates import PACMAN_UPDATES
from auditor.probes.passwd import PASSWD
from auditor.probes.reboot_required import REBOOT_REQUIRED
from auditor.probes.scheduled_jobs import SCHEDULED_JOBS
from auditor.probes.service_state import SERVICE_STATE
from auditor.probes.shadow_status import SHADOW_STATUS
from auditor.probes.special_files import SPECIAL_FILES
from auditor.probes.sshd_effective import SSHD_EFFECTIVE
from auditor.probes.ubuntu_pro import UBUNTU_PRO
from auditor.probes.win_account_policy import WIN_ACCOUNT_POLICY
from auditor.probes.win_audit_policy import WIN_AUDIT_POLICY
from auditor.probes.win_backup_services import WIN_BACKUP_SERVICES
from auditor.probes.win_backup_veeam import WIN_BACKUP_VEEAM
from auditor.probes.win_backup_wsb import WIN_BACKUP_WSB
from auditor.probes.win_bitlocker import WIN_BITLOCKER
from auditor.probes.win_defender import WIN_DEFENDER
from auditor.probes.win_features import WIN_FEATURES
from auditor.probes.win_firewall import WIN_FIREWALL
from auditor.probes.win_hotfixes import WIN_HOTFIXES
from auditor.probes.win_local_accounts import WIN_LOCAL_ACCOUNTS
from auditor.probes.win_os import WIN_OS
from auditor.probes.win_rdp import WIN_RDP
from auditor.probes.win_registry_policy import WIN_REGISTRY_POLICY
from auditor.probes.win_secure_boot import WIN_SECURE_BOOT
from auditor.probes.win_services import WIN_SERVICES
from auditor.probes.win_shadow_copies import WIN_SHADOW_COPIES
from auditor.probes.win_smb import WIN_SMB
from auditor.probes.win_update_status import WIN_UPDATE_STATUS
from auditor.probes.win_updates_pending import WIN_UPDATES_PENDING
from auditor.probes.world_writable import WORLD_WRITABLE
from auditor.probes.zypper_updates import ZYPPER_UPDATES

ALL_PROBES: tuple[Probe[Any], ...] = (
    OS_RELEASE,
    PACKAGES,
    APT_UPGRADABLE,
    APT_LISTS,
    APT_CONFIG,
    REBOOT_REQUIRED,
    SSHD_EFFECTIVE,
    PASSWD,
    SHADOW_STATUS,
    FIREWALL,
    WORLD_WRITABLE,
    FILE_MODES,
    KERNEL_PARAMS,
    BACKUP_EVIDENCE,
    SCHEDULED_JOBS,
    # security and backup controls
    FILE_STATS,
    CONFIG_FILES,
    SERVICE_STATE,
    LISTENING_SOCKETS,
    MOUNTS,
    MAC_STATUS,
    SPECIAL_FILES,
    LAST_LOGINS,
    BACKUP_STATE,
    # patch level on every Linux family
    DNF_UPDATES,
    ZYPPER_UPDATES,
    APK_UPGRADABLE,
    AUTO_UPDATES,
    APT_HOLDS,
    PACMAN_UPDATES,
    UBUNTU_PRO,
    KERNELS,
    PACKAGE_HISTORY,
    # Windows: OS identity
    WIN_OS,
    # Windows: patch level and backups
    WIN_UPDATES_PENDING,
    WIN_UPDATE_STATUS,
    WIN_HOTFIXES,
    WIN_BACKUP_WSB,
    WIN_BACKUP_VEEAM,
    WIN_BACKUP_SERVICES,
    WIN_SHADOW_COPIES,
    # Windows: security controls, part A
    WIN_DEFENDER,
    WIN_FIREWALL,
    WIN_BITLOCKER,
    WIN_SECURE_BOOT,
    WIN_SMB,
    WIN_RDP,
    WIN_LOCAL_ACCOUNTS,
    WIN_ACCOUNT_POLICY,
    WIN_AUDIT_POLICY,
    # Windows: security controls, part B: registry and feature hardening
    WIN_REGISTRY_POLICY,
    WIN_SERVICES,
    WIN_FEATURES,
)


def probe_registry() -> dict[str, Probe[Any]]:
    """Probes by name (a fresh dict: callers may not change the registry)."""
    return {probe.name: probe for probe in ALL_PROBES}

"""Every probe auditor knows, by name: the one list the collector and the check loader consult.

Explicit rather than discovered, so that adding a probe is a reviewed one-line change and
importing this module runs no probe code beyond the module definitions.
"""

from __future__ import annotations

from typing import Any

from auditor.probes.apt_config import APT_CONFIG
from auditor.probes.apt_lists import APT_LISTS
from auditor.probes.apt_upgradable import APT_UPGRADABLE
from auditor.probes.backup_evidence import BACKUP_EVIDENCE
from auditor.probes.base import Probe
from auditor.probes.file_modes import FILE_MODES
from auditor.probes.firewall import FIREWALL
from auditor.probes.kernel_params import KERNEL_PARAMS
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.packages import PACKAGES
from auditor.probes.passwd import PASSWD
from auditor.probes.reboot_required import REBOOT_REQUIRED
from auditor.probes.scheduled_jobs import SCHEDULED_JOBS
from auditor.probes.shadow_status import SHADOW_STATUS
from auditor.probes.sshd_effective import SSHD_EFFECTIVE
from auditor.probes.world_writable import WORLD_WRITABLE

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
)


def probe_registry() -> dict[str, Probe[Any]]:
    """Probes by name (a fresh dict: callers may not change the registry)."""
    return {probe.name: probe for probe in ALL_PROBES}

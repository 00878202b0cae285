"""The security and backup controls on facts parsed from real recorded output (tests/probes/golden).

Like test_on_golden.TABLE, kept apart so the two tables can grow without editing each other.
Cases named lab-* were captured on the lab hosts (inventories/lab), debian12-* on the development
machine, the rest as tests/probes/README.md says.
"""

from __future__ import annotations

from typing import Any

import pytest

from auditor.checklib.checkdef import Facts
from auditor.checklib.registry import CASE_NOW, load_checks
from auditor.core.models import Status
from auditor.evaluate.engine import evaluate_check, parse_facts
from auditor.probes.registry import probe_registry
from tests.probes.test_golden import GOLDEN, raw_output

CHECKS = {check.id: check for check in load_checks()}

H, N, P = "lab-hardened-trixie", "lab-neglected-bookworm", "lab-partial-nonroot"
R, U = "debian12-root", "debian12-nonroot"


def _on(case: str, *probes: str) -> dict[str, str]:
    return dict.fromkeys(probes, case)


# check id, {probe: golden case}, settings, expected status
CONTROLS_TABLE: list[tuple[str, dict[str, str], dict[str, Any], Status]] = [
    ("ssh-weak-ciphers", _on(R, "sshd_effective"), {}, Status.PASS),
    ("ssh-weak-ciphers", _on(N, "sshd_effective"), {}, Status.FAIL),
    ("ssh-weak-macs", _on(R, "sshd_effective"), {}, Status.FAIL),
    ("ssh-weak-macs", _on(H, "sshd_effective"), {}, Status.PASS),
    ("ssh-weak-kex", _on(R, "sshd_effective"), {}, Status.PASS),
    ("ssh-weak-kex", _on(N, "sshd_effective"), {}, Status.FAIL),
    ("ssh-idle-timeout", _on(R, "sshd_effective"), {}, Status.FAIL),
    ("ssh-idle-timeout", _on(H, "sshd_effective"), {}, Status.PASS),
    ("ssh-banner", _on(R, "sshd_effective"), {}, Status.FAIL),
    ("ssh-banner", _on(U, "sshd_effective"), {}, Status.ERROR),
    ("ssh-login-grace-time", _on(R, "sshd_effective"), {}, Status.FAIL),
    ("ssh-login-grace-time", _on(R, "sshd_effective"), {"ssh_login_grace_seconds": "120"}, Status.PASS),
    ("ssh-ignore-rhosts", _on(R, "sshd_effective"), {}, Status.PASS),
    ("ssh-hostbased-auth", _on(R, "sshd_effective"), {}, Status.PASS),
    ("ssh-user-environment", _on(N, "sshd_effective"), {}, Status.FAIL),
    ("ssh-log-level", _on(H, "sshd_effective"), {}, Status.PASS),
    ("ssh-max-sessions", _on(R, "sshd_effective"), {}, Status.PASS),
    ("ssh-tcp-forwarding", _on(R, "sshd_effective"), {}, Status.FAIL),
    ("ssh-access-restricted", _on(H, "sshd_effective"), {}, Status.PASS),
    ("ssh-access-restricted", _on("not-installed", "sshd_effective"), {}, Status.NOT_APPLICABLE),
    ("ssh-config-permissions", _on(R, "file_stats"), {}, Status.FAIL),
    ("ssh-config-permissions", _on(R, "file_stats"), {"ssh_config_max_mode": "0644"}, Status.PASS),
    ("ssh-host-key-permissions", _on(U, "file_stats"), {}, Status.PASS),
    ("firewall-ipv6-filtered", {"firewall": "nft-inet-policy-drop", "kernel_params": R}, {}, Status.PASS),
    ("firewall-ipv6-filtered", {"firewall": "nft-ip-accept-final-reject", "kernel_params": R}, {}, Status.FAIL),
    ("firewall-enabled-at-boot", _on(H, "service_state"), {}, Status.PASS),
    ("mac-enforcing", _on(R, "mac_status"), {}, Status.FAIL),
    ("mac-enforcing", _on("handwritten-ubuntu-apparmor", "mac_status"), {}, Status.PASS),
    ("mac-enforcing", _on("handwritten-rhel-selinux-enforcing", "mac_status"), {}, Status.PASS),
    ("accounts-password-max-age", {"config_files": R, "shadow_status": R}, {}, Status.FAIL),
    ("accounts-password-max-age", {"config_files": H, "shadow_status": H}, {}, Status.PASS),
    ("accounts-password-min-age", _on(U, "config_files"), {}, Status.FAIL),
    ("accounts-password-warn-age", _on(R, "config_files"), {}, Status.PASS),
    ("accounts-inactive-lock", _on(R, "config_files"), {}, Status.FAIL),
    ("accounts-system-locked", {"passwd": R, "shadow_status": R}, {}, Status.PASS),
    ("accounts-inactive-users", {"passwd": N, "shadow_status": N, "last_logins": N}, {}, Status.FAIL),
    ("accounts-inactive-users", {"passwd": R, "shadow_status": "debian12-nonroot", "last_logins": R}, {}, Status.ERROR),
    ("accounts-sudo-nopasswd", _on(R, "config_files"), {}, Status.PASS),
    ("accounts-sudo-nopasswd", _on(U, "config_files"), {}, Status.ERROR),
    ("accounts-sudo-nopasswd", _on(H, "config_files"), {}, Status.FAIL),
    ("accounts-sudo-nopasswd", _on(H, "config_files"), {"sudo_nopasswd_allowed_users": "audit"}, Status.PASS),
    ("accounts-duplicate-ids", _on("extra-uid0-and-empty", "passwd"), {}, Status.FAIL),
    ("accounts-shadowed-passwords", _on(R, "passwd"), {}, Status.PASS),
    ("accounts-root-gid", _on(R, "passwd"), {}, Status.PASS),
    ("accounts-umask", _on(R, "config_files"), {}, Status.FAIL),
    ("accounts-shell-timeout", _on(H, "config_files"), {}, Status.PASS),
    ("accounts-password-quality", _on(R, "config_files"), {}, Status.FAIL),
    ("files-group-permissions", _on(R, "file_modes"), {}, Status.PASS),
    ("files-gshadow-permissions", _on(R, "file_modes"), {}, Status.PASS),
    ("files-account-backups-permissions", _on(R, "file_stats"), {}, Status.PASS),
    ("files-unowned", _on(R, "special_files"), {}, Status.FAIL),
    ("files-unowned", _on(P, "special_files"), {}, Status.ERROR),
    ("files-suid-unexpected", _on(H, "special_files"), {}, Status.PASS),
    ("files-suid-unexpected", _on(R, "special_files"), {}, Status.FAIL),  # the lab roots' su etc. under /var/tmp
    ("files-suid-unexpected", _on("hostile-timeout-newline-name", "special_files"), {}, Status.FAIL),
    ("files-cron-permissions", _on(H, "file_stats"), {}, Status.PASS),
    ("files-bootloader-permissions", _on(R, "file_stats"), {}, Status.NOT_APPLICABLE),
    ("files-log-permissions", _on(R, "file_stats"), {}, Status.FAIL),
    ("services-listening-inventory", _on(R, "listening_sockets"), {}, Status.FAIL),
    ("services-listening-inventory", _on(R, "listening_sockets"), {"listening_ports_allowed": "22,2024"}, Status.PASS),
    ("services-cleartext-listening", _on("lab-neglected-procnet", "listening_sockets"), {}, Status.FAIL),
    ("services-cleartext-listening", _on(U, "listening_sockets"), {}, Status.PASS),
    ("services-unneeded-servers", _on(R, "packages"), {}, Status.FAIL),  # avahi-daemon on the dev machine
    ("services-legacy-clients", _on(R, "packages"), {}, Status.PASS),
    ("services-mta-local-only", _on(R, "listening_sockets"), {}, Status.PASS),
    ("logging-persistent", {"packages": R, "service_state": N, "config_files": R, "file_stats": R}, {}, Status.PASS),
    ("logging-remote", {"config_files": R, "packages": R}, {}, Status.FAIL),
    ("logging-rotation", {"packages": N, "config_files": N}, {}, Status.FAIL),
    ("audit-daemon-enabled", {"packages": H, "service_state": H}, {}, Status.PASS),
    ("audit-rules-configured", _on(R, "config_files"), {}, Status.FAIL),
    ("time-sync-sources", {"packages": R, "config_files": R}, {}, Status.PASS),
    ("kernel-kptr-restrict", _on(R, "kernel_params"), {}, Status.FAIL),
    ("kernel-dmesg-restrict", _on(R, "kernel_params"), {}, Status.PASS),
    ("kernel-ptrace-scope", _on(R, "kernel_params"), {}, Status.FAIL),  # no Yama in this kernel
    ("kernel-protected-links", _on(R, "kernel_params"), {}, Status.FAIL),
    ("kernel-unprivileged-bpf", _on(R, "kernel_params"), {}, Status.PASS),
    ("kernel-core-dumps", {"kernel_params": H, "config_files": H}, {}, Status.PASS),
    ("kernel-modules-disabled", _on(R, "config_files"), {}, Status.FAIL),
    ("network-ip-forwarding", _on(N, "kernel_params"), {}, Status.FAIL),
    ("network-icmp-redirects", _on(R, "kernel_params"), {}, Status.FAIL),
    ("network-send-redirects", _on(H, "kernel_params"), {}, Status.PASS),
    ("network-source-routing", _on(R, "kernel_params"), {}, Status.FAIL),
    ("network-reverse-path-filter", _on(R, "kernel_params"), {}, Status.FAIL),
    ("network-log-martians", _on(H, "kernel_params"), {}, Status.PASS),
    ("network-tcp-syncookies", _on(R, "kernel_params"), {}, Status.PASS),
    ("network-icmp-broadcasts", _on(R, "kernel_params"), {}, Status.PASS),
    ("network-ipv6-router-advertisements", _on(R, "kernel_params"), {}, Status.FAIL),
    ("mount-tmp-options", _on(R, "mounts"), {}, Status.FAIL),
    ("mount-tmp-options", _on(H, "mounts"), {}, Status.PASS),
    ("mount-dev-shm-options", _on(R, "mounts"), {}, Status.FAIL),
    ("malware-protection-present", {"packages": H, "service_state": H}, {}, Status.PASS),
    ("disk-encryption", _on(R, "mounts"), {}, Status.FAIL),  # ext4 straight on /dev/vda
    ("disk-encryption", _on(H, "mounts"), {}, Status.NOT_APPLICABLE),
    ("banner-no-os-disclosure", _on(R, "config_files"), {}, Status.FAIL),
    (
        "backup-destination-offhost",
        {"scheduled_jobs": "with-backup-jobs", "backup_state": R, "mounts": R},
        {},
        Status.PASS,
    ),
    ("backup-destination-offhost", {"scheduled_jobs": N, "backup_state": N, "mounts": N}, {}, Status.FAIL),
    ("backup-integrity-checked", _on("with-backup-jobs", "scheduled_jobs"), {}, Status.PASS),
    ("backup-integrity-checked", _on("debian12-default", "scheduled_jobs"), {}, Status.FAIL),
    ("backup-schedule-frequency", _on("with-backup-jobs", "scheduled_jobs"), {}, Status.PASS),
    ("backup-last-run-succeeded", _on("restic-ok-and-failed", "backup_evidence"), {}, Status.FAIL),
    ("backup-last-run-succeeded", _on(H, "backup_evidence"), {}, Status.PASS),
    ("backup-credentials-protected", _on(R, "backup_state"), {}, Status.NOT_APPLICABLE),
    ("backup-credentials-protected", _on(U, "backup_state"), {}, Status.ERROR),
    ("backup-restore-tested", _on(R, "backup_state"), {}, Status.FAIL),
    ("backup-database-dumps-fresh", {"packages": R, "listening_sockets": R, "backup_state": R}, {}, Status.FAIL),
    (
        "backup-database-dump-scheduled",
        {"packages": R, "listening_sockets": R, "scheduled_jobs": "debian12-default"},
        {},
        Status.FAIL,
    ),
]


@pytest.mark.parametrize(
    ("check_id", "cases", "settings", "expected"),
    CONTROLS_TABLE,
    ids=[f"{c}: {','.join(sorted(set(v.values())))}{' +settings' if s else ''}" for c, v, s, _ in CONTROLS_TABLE],
)
def test_control_on_recorded_output(
    check_id: str, cases: dict[str, str], settings: dict[str, Any], expected: Status
) -> None:
    cases = {"os_release": "debian12-root", **cases}
    raw = {probe: raw_output(GOLDEN / probe / f"{case}.out") for probe, case in cases.items()}
    values, errors = parse_facts(raw, probe_registry())
    facts = Facts(values=values, errors=errors, now=CASE_NOW, settings=settings)
    verdict = evaluate_check(CHECKS[check_id], facts)
    assert verdict.status == expected, verdict.message

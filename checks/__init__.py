"""The check library, installed as the package auditor_checks.

One module per check, at <category>/<check id with - as _>.py, each defining CHECK. This list is
the registry: auditor.registry loads exactly these files (by path) and refuses a check file that
is not listed here, so adding a check is a deliberate, reviewed change.
"""

MODULES: tuple[str, ...] = (
    "patch/patch_security_updates.py",
    "patch/patch_pending_updates.py",
    "patch/patch_apt_metadata_fresh.py",
    "patch/patch_reboot_required.py",
    "patch/patch_automatic_updates.py",
    "patch/patch_os_supported.py",
    "patch/patch_os_eol_soon.py",
    "patch/patch_sla_overdue.py",
    "backup/backup_tool_present.py",
    "backup/backup_scheduled.py",
    "backup/backup_recent.py",
    "backup/backup_retention_configured.py",
    "security/ssh_root_login.py",
    "security/ssh_password_auth.py",
    "security/ssh_empty_passwords.py",
    "security/ssh_max_auth_tries.py",
    "security/ssh_x11_forwarding.py",
    "security/accounts_extra_uid0.py",
    "security/accounts_empty_passwords.py",
    "security/firewall_active.py",
    "security/files_world_writable.py",
    "security/files_shadow_permissions.py",
    "security/files_passwd_permissions.py",
    "security/kernel_aslr.py",
    "security/time_sync_configured.py",
    "security/services_legacy_insecure.py",
)

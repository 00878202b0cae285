"""Names of the Ansible variables the auditor reads, in Ansible's order of resolution.

Where Ansible accepts several names for one setting, the LAST name that is defined in the
host's merged variables wins (Ansible's connection and become plugins walk their variable
list that way), so `ansible_ssh_user` beats `ansible_user` when both are set.
"""

from __future__ import annotations

ADDRESS = ("ansible_host", "ansible_ssh_host")
PORT = ("ansible_port", "ansible_ssh_port")
USER = ("ansible_user", "ansible_ssh_user")
PRIVATE_KEY_FILE = ("ansible_private_key_file", "ansible_ssh_private_key_file")
BECOME = ("ansible_become",)
BECOME_USER = ("ansible_become_user",)
BECOME_METHOD = ("ansible_become_method",)
CONNECTION = ("ansible_connection",)
BECOME_PASSWORD = ("ansible_become_password", "ansible_become_pass", "ansible_sudo_pass")
# The login password; the winrm connection plugin also reads ansible_winrm_pass/_password.
SSH_PASSWORD = (
    "ansible_password",
    "ansible_ssh_pass",
    "ansible_ssh_password",
    "ansible_winrm_pass",
    "ansible_winrm_password",
)
# Names an environment variable holding this host's (or, set on a group, this client's) sudo password.
BECOME_PASSWORD_ENV = "auditor_become_password_env"  # noqa: S105 - a variable name
CLIENT = "client"
GROUP_PRIORITY = "ansible_group_priority"

SECRET_VARS = frozenset(BECOME_PASSWORD + SSH_PASSWORD)

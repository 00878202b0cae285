"""auditor_collect: run the auditor's collector script on the host's `/bin/sh -s`, script on stdin.

An action plugin runs on the controller, so nothing is copied to the host and the host needs no
Python: like the `raw` action, it executes one command over the connection, but it also hands the
script to that command's stdin, which `raw` cannot. That keeps the script (and its per-run section
nonce) out of the host's process list and off its disk: no temporary file, nothing left behind.

Arguments: `scripts`, the path of a JSON file written by auditor on the controller, mapping each
inventory host name to {"script": str, "become": bool, "jump": str | None}. `become: false`
(least-privilege mode) runs the script as the login user even when the inventory asks for become;
`jump` (from `auditor_jump_hosts`, checked by auditor) is put first in ssh's ProxyJump.

Returns exit_status, stdout and stderr. A non-zero exit status is a result, not a failure: the
auditor judges the output. Failures are only those of the connection or of become.
"""

from __future__ import annotations

import json
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset({"scripts"})

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        name = task_vars.get("inventory_hostname")
        try:
            with open(self._task.args["scripts"], encoding="utf-8") as stream:
                spec = json.load(stream)[name]
        except (OSError, KeyError, ValueError) as exc:
            raise AnsibleActionFail(f"auditor_collect: no collector script for {name}: {exc}") from None
        if spec.get("jump"):
            # auditor_jump_hosts: put first, so that it wins over a ProxyJump in ansible_ssh_common_args
            # (ssh keeps the first value of an option), as it does on auditor's own SSH path
            try:
                common = self._connection.get_option("ssh_common_args") or ""
                self._connection.set_option("ssh_common_args", f"-o ProxyJump={spec['jump']} {common}".strip())
            except KeyError:
                raise AnsibleActionFail("auditor_jump_hosts needs Ansible's ssh connection") from None
        done = self._low_level_execute_command(
            "/bin/sh -s",
            sudoable=bool(spec.get("become", True)),
            in_data=spec["script"].encode("utf-8"),
            executable=False,  # no `sh -c '... ; sleep 0'` wrapper: the command is exactly /bin/sh -s
        )
        result.update(
            changed=False,
            failed=False,
            exit_status=done["rc"],
            stdout=done["stdout"],
            stderr=done["stderr"],
        )
        return result

"""auditor_collect: run the auditor's collector script on the host's `/bin/sh -s`, script on stdin.

An action plugin runs on the controller, so nothing is copied to the host and the host needs no
Python: like the `raw` action, it executes one command over the connection, but it also hands the
script to that command's stdin, which `raw` cannot. That keeps the script (and its per-run section
nonce) out of the host's process list and off its disk: no temporary file, nothing left behind.

Arguments: `scripts`, the path of a JSON file written by auditor on the controller, mapping each
inventory host name to {"script": str, "become": bool, "jump": str | None}. `become: false`
(least-privilege mode) runs the script as the login user even when the inventory asks for become;
`jump` (from `auditor_jump_hosts`, checked by auditor) is put first in ssh's ProxyJump.

A Windows host (`windows: true`, with `bootstrap`) gets the PowerShell collector instead (see
`_windows`); `winrm_password_file` holds a WinRM password from the auditor's environment, used
for winrm/psrp hosts whose inventory gives none.

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
    _VALID_ARGS = frozenset({"scripts", "winrm_password_file"})

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
        if spec.get("windows"):
            return self._windows(result, spec)
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

    def _windows(self, result: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
        """A Windows host: the PowerShell collector on the stdin of the bootstrap command.

        The command has the form of Ansible's own module commands (`PowerShell ... -EncodedCommand`):
        winrm runs it as it is with in_data on stdin, psrp decodes it and runs it in the runspace
        with in_data as pipeline input, ssh runs it as a command line; the bootstrap reads `$input`
        either way. No become (runas).
        """
        password_file = self._task.args.get("winrm_password_file")
        if password_file and str(self._connection.transport).rsplit(".", 1)[-1] in ("winrm", "psrp"):
            try:
                if not self._connection.get_option("remote_password"):
                    with open(password_file, encoding="utf-8") as stream:
                        self._connection.set_option("remote_password", stream.read())
            except (OSError, KeyError) as exc:
                problem = type(exc).__name__  # never the message: it could quote the file
                raise AnsibleActionFail(f"auditor_collect: cannot use the WinRM password file: {problem}") from None
        done = self._low_level_execute_command(
            spec["bootstrap"], sudoable=False, in_data=spec["script"].encode("utf-8"), executable=False
        )
        result.update(
            changed=False,
            failed=False,
            exit_status=done["rc"],
            stdout=done["stdout"],
            stderr=done["stderr"],
            windows=True,
        )
        return result

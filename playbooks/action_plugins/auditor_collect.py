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
`_windows`).

`secrets` is the path of the auditor's secret socket (auditor.transport.secretserver): asked with
this host's name, it answers the sudo password meant for this host only (its own, or the fleet's
when it has none), or the WinRM password for a winrm/psrp host; passwords are never in a file. A
password the inventory gives the host itself (`ansible_become_password`, `ansible_password`) is
Ansible's and is left alone.

Returns exit_status, stdout and stderr. A non-zero exit status is a result, not a failure: the
auditor judges the output. Failures are only those of the connection or of become.
"""

from __future__ import annotations

import json
import socket
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset({"scripts", "secrets"})

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
            return self._windows(result, spec, task_vars)
        become = bool(spec.get("become", True))
        if become and self._connection.become is not None and not _given(task_vars, _BECOME_PASSWORD_VARS):
            password = self._secret(str(name), "become")
            if password is not None:
                self._connection.become.set_option("become_pass", password)
        done = self._low_level_execute_command(
            "/bin/sh -s",
            sudoable=become,
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

    def _secret(self, host: str, kind: str) -> str | None:
        """This host's password of `kind` from the auditor's secret socket (None: it has none)."""
        path = self._task.args.get("secrets")
        if not path:
            return None
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(10)
                client.connect(str(path))
                client.sendall(json.dumps({"host": host, "kind": kind}).encode() + b"\n")
                answer = b""
                while not answer.endswith(b"\n"):
                    chunk = client.recv(65536)
                    if not chunk:
                        break
                    answer += chunk
            secret = json.loads(answer)["secret"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise AnsibleActionFail(
                f"auditor_collect: cannot reach the auditor's secret socket: {type(exc).__name__}"
            ) from None
        return secret if isinstance(secret, str) else None

    def _windows(self, result: dict[str, Any], spec: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        """A Windows host: the PowerShell collector on the stdin of the bootstrap command.

        The command has the form of Ansible's own module commands (`PowerShell ... -EncodedCommand`):
        winrm runs it as it is with in_data on stdin, psrp decodes it and runs it in the runspace
        with in_data as pipeline input, ssh runs it as a command line; the bootstrap reads `$input`
        either way. No become (runas).
        """
        if str(self._connection.transport).rsplit(".", 1)[-1] in ("winrm", "psrp"):
            try:
                given = self._connection.get_option("remote_password")
            except KeyError:
                given = None
            if not given:
                password = self._secret(str(task_vars.get("inventory_hostname")), "winrm")
                if password is not None:
                    self._connection.set_option("remote_password", password)
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


_BECOME_PASSWORD_VARS = ("ansible_become_password", "ansible_become_pass", "ansible_sudo_pass")


def _given(task_vars: dict[str, Any], names: tuple[str, ...]) -> bool:
    return any(task_vars.get(name) is not None for name in names)

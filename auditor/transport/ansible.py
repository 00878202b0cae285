"""Ansible transport: the same collector script, run over Ansible's connection by ansible-runner.

One ansible-runner invocation per audit run (`--forks` hosts at once) plays `playbooks/collect.yml`,
whose `auditor_collect` action hands each host its script on the stdin of `/bin/sh -s`: no file is
copied, no Python is needed on the host, nothing is left behind. Each host's exit status, stdout
and stderr come back in the runner's events (`runner_on_ok`); `runner_on_unreachable` and
`runner_on_failed` become TransportError with Ansible's reason. Evaluation is then exactly the
SSH path's (auditor.run.pipeline).

Windows hosts are reached by Ansible's own connection plugins (winrm, psrp, or ssh with
`ansible_shell_type=powershell`) with the inventory's Windows settings as Ansible reads them; the
action then runs the PowerShell collector (see `job_spec`). A WinRM password from the environment
(auditor.transport.psrp.PASSWORD_ENV) is handed to the action for Windows hosts only.

Everything lives in a private data directory (mode 0700, removed afterwards): the playbook, the
scripts, the runner's artifacts and events (host output). Passwords are never written to it: the
action asks a Unix socket there for the password of the host it is about to reach
(auditor.transport.secretserver), which answers with that host's own password, or the fleet's
for a host that has none of its own. A reaper process (auditor.transport.reaper) kills the run's
Ansible processes and removes the directory when the auditor ends, even by SIGKILL. No key,
password or script is ever on a command line. The inventory is the user's, as Ansible resolves
it, with `--vault-password-file` for vaulted variables. Host keys are verified (host_key_checking
on, StrictHostKeyChecking yes, or accept-new with --trust-on-first-use) against --known-hosts when
given, through a generated ssh config that includes the user's own (or --ssh-config) and that
ProxyJump hops inherit too.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from auditor.core.errors import ConfigError
from auditor.inventory import Host
from auditor.transport.ansible_inventory import ansible_binary
from auditor.transport.base import CommandResult, ErrorKind, TransportError
from auditor.transport.reaper import MARKER_VARIABLE, PRIVATE_DIR_PREFIX, start_reaper, stop_reaper
from auditor.transport.secretserver import SecretServer
from auditor.transport.sshroute import jump_hosts
from auditor.transport.windows import bootstrap_command, is_windows, unframe

Outcome = CommandResult | TransportError
PLAYBOOK = "collect.yml"
PLUGIN = "action_plugins/auditor_collect.py"
SECRETS_SOCKET = "secrets.sock"
_SYSTEM_SSH_CONFIG = Path("/etc/ssh/ssh_config")


@dataclass(frozen=True)
class AnsibleOptions:
    """How to run Ansible; connection details come from the inventory, as Ansible resolves it."""

    inventory: str
    known_hosts: Path | None = None  # None: ssh's own default (~/.ssh/known_hosts)
    trust_on_first_use: bool = False
    ssh_config: Path | None = None  # None: ~/.ssh/config when it exists
    connect_timeout: float = 10.0
    command_timeout: float = 300.0
    forks: int = 20
    become_password: str | None = field(default=None, repr=False)
    vault_password_file: Path | None = None
    winrm_password: str | None = field(default=None, repr=False)  # for winrm/psrp hosts without ansible_password


@dataclass(frozen=True)
class Job:
    """One host's collection: `host` as the transport must reach it, and its script."""

    host: Host
    script: str


class AnsibleTransport:
    """Runs collector scripts over Ansible; `run_scripts` does a whole run in one playbook run."""

    def __init__(self, options: AnsibleOptions) -> None:
        try:
            import ansible_runner  # noqa: F401
        except ImportError as exc:
            raise ConfigError("ansible-runner is not installed: pip install 'auditor[ansible]'") from exc
        self._options = options
        self._playbook_bin = Path(ansible_binary("ansible-playbook")).parent
        if options.ssh_config is not None and not options.ssh_config.is_file():
            raise ConfigError(f"ssh config {options.ssh_config} does not exist")
        if options.vault_password_file is not None and not options.vault_password_file.is_file():
            raise ConfigError(f"vault password file {options.vault_password_file} does not exist")

    def run_script(self, host: Host, script: str) -> CommandResult:
        """The Transport verb, as a run of one (slower than run_scripts for many hosts)."""
        outcome = self.run_scripts([Job(host=host, script=script)])[host.name]
        if isinstance(outcome, TransportError):
            raise outcome
        return outcome

    def run_scripts(
        self,
        jobs: Sequence[Job],
        *,
        on_result: Callable[[str, Outcome], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> dict[str, Outcome]:
        """Every job's outcome by host name; `on_result` hears each one as it arrives."""
        import ansible_runner

        expected = {job.host.name for job in jobs}
        results: dict[str, Outcome] = {}
        lock = threading.Lock()

        def record(name: str, outcome: Outcome) -> None:
            with lock:
                if name in results:
                    return
                results[name] = outcome
            if on_result is not None:
                on_result(name, outcome)

        def handler(event: Mapping[str, Any]) -> bool:
            data = event.get("event_data") or {}
            name = data.get("host")
            outcome = event_outcome(str(event.get("event", "")), data.get("res") or {})
            if outcome is not None and name in expected:
                record(name, outcome)
            return False  # not kept on disk: events carry host output

        if not jobs:
            return {}
        with private_dir() as pdd:
            marker = secrets.token_hex(16)
            reaper = start_reaper(pdd, marker)
            try:
                settings = self._prepare(pdd, jobs)
                settings["envvars"][MARKER_VARIABLE] = marker
                with SecretServer(pdd / SECRETS_SOCKET, secret_table(jobs, self._options)):
                    runner = ansible_runner.run(
                        private_data_dir=str(pdd),
                        project_dir=str(pdd / "project"),
                        playbook=PLAYBOOK,
                        inventory=[],  # given in cmdline, as the user wrote it
                        cmdline=settings["cmdline"],
                        extravars=settings["extravars"],
                        envvars=settings["envvars"],
                        forks=max(1, min(self._options.forks, len(jobs))),
                        ident="collect",
                        quiet=True,
                        event_handler=handler,
                        cancel_callback=cancelled or (lambda: False),
                        settings={"suppress_ansible_output": True},
                    )
                ending = _run_ending(pdd, status=str(runner.status), rc=runner.rc)
            finally:
                stop_reaper(reaper)
        for job in jobs:
            record(job.host.name, TransportError(ErrorKind.PROTOCOL, f"Ansible gave no result for this host: {ending}"))
        return results

    def _prepare(self, pdd: Path, jobs: Sequence[Job]) -> dict[str, Any]:
        options = self._options
        project = pdd / "project"
        (project / "action_plugins").mkdir(parents=True)
        source = resources.files("auditor_playbooks")
        for name in (PLAYBOOK, PLUGIN):
            (project / name).write_bytes(source.joinpath(name).read_bytes())
        scripts = {job.host.name: job_spec(job) for job in jobs}
        _write_private(pdd / "scripts.json", json.dumps(scripts))
        _write_private(pdd / "limit", "".join(f"{job.host.name}\n" for job in jobs))
        _write_private(pdd / "ssh_config", ssh_config_text(options))
        tmp = pdd / "tmp"
        tmp.mkdir(mode=0o700)
        envvars = {
            "PATH": f"{self._playbook_bin}{os.pathsep}{os.environ.get('PATH', os.defpath)}",
            "ANSIBLE_HOST_KEY_CHECKING": "True",
            "ANSIBLE_SSH_ARGS": shlex.join(["-F", str(pdd / "ssh_config"), "-o", "ControlMaster=no"]),
            "ANSIBLE_TIMEOUT": str(max(1, round(options.connect_timeout))),
            "ANSIBLE_LOCAL_TEMP": str(tmp),
            "ANSIBLE_SSH_CONTROL_PATH_DIR": str(tmp),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_DEPRECATION_WARNINGS": "False",
            "ANSIBLE_RETRY_FILES_ENABLED": "False",
        }
        config = _ansible_cfg()
        if config is not None:
            envvars["ANSIBLE_CONFIG"] = config
        cmdline = ["-i", _inventory_argument(options.inventory), "--limit", f"@{pdd / 'limit'}"]
        if options.vault_password_file is not None:
            cmdline += ["--vault-password-file", str(options.vault_password_file.expanduser().resolve())]
        extravars = {
            "auditor_collect_scripts": str(pdd / "scripts.json"),
            "auditor_collect_secrets": str(pdd / SECRETS_SOCKET),
            "auditor_collect_timeout": max(1, round(options.connect_timeout + options.command_timeout)),
        }
        return {"cmdline": shlex.join(cmdline), "extravars": extravars, "envvars": envvars}


def secret_table(jobs: Sequence[Job], options: AnsibleOptions) -> dict[tuple[str, str], str]:
    """What the secret socket may hand out, per host: never the fleet password to a host with its own."""
    table: dict[tuple[str, str], str] = {}
    for job in jobs:
        host = job.host
        if is_windows(host):
            if options.winrm_password is not None:
                table[(host.name, "winrm")] = options.winrm_password
            continue
        become = host.secrets.become_password_or(options.become_password)
        if host.become and become is not None:
            table[(host.name, "become")] = become
    return table


def job_spec(job: Job) -> dict[str, Any]:
    """What the auditor_collect action needs for one host (see playbooks/action_plugins/auditor_collect.py).

    A Windows host (auditor.transport.windows.is_windows: winrm, psrp, or ssh with a PowerShell shell) gets
    the PowerShell collector on the stdin of the constant bootstrap command, in the exact form of
    Ansible's own module commands: its winrm plugin runs it as it is, its psrp plugin runs the
    decoded bootstrap in the remote runspace with stdin as pipeline input, ssh runs it as a command
    line. The same collector and one exec on every connection, never a command line longer than
    cmd.exe's 8191 characters, no file copied.
    """
    host = job.host
    spec: dict[str, Any] = {"script": job.script, "become": host.become, "jump": jump_hosts(host)}
    if is_windows(host):
        spec.update(become=False, windows=True, bootstrap=bootstrap_command())
    return spec


def _ansible_cfg() -> str | None:
    """The ansible.cfg that Ansible would read here (ansible-runner runs the playbook elsewhere).

    $ANSIBLE_CONFIG, else ./ansible.cfg unless the directory is world-writable (Ansible ignores
    it then); ~/.ansible.cfg and /etc/ansible/ansible.cfg are found by Ansible itself.
    """
    if os.environ.get("ANSIBLE_CONFIG"):
        return None
    here = Path.cwd()
    candidate = here / "ansible.cfg"
    if candidate.is_file() and not here.stat().st_mode & 0o002:
        return str(candidate)
    return None


def _inventory_argument(spec: str) -> str:
    """A path is made absolute (ansible-runner runs elsewhere); a 'h1,h2,' list is kept as is."""
    path = Path(spec).expanduser()
    return str(path.resolve()) if path.exists() else spec


def _write_private(path: Path, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)


@contextmanager
def private_dir() -> Iterator[Path]:
    """A 0700 directory for one run, removed with everything in it (host output, secrets)."""
    path = Path(tempfile.mkdtemp(prefix=PRIVATE_DIR_PREFIX))
    try:
        path.chmod(0o700)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def ssh_config_text(options: AnsibleOptions) -> str:
    """The ssh config for one run: auditor's host key policy first (first value wins), then the user's."""
    lines = ["# Written by auditor for one Ansible run and removed after it.", "Host *"]
    if options.known_hosts is not None:
        lines.append(f"    UserKnownHostsFile {_config_path(options.known_hosts)}")
    lines.append(f"    StrictHostKeyChecking {'accept-new' if options.trust_on_first_use else 'yes'}")
    lines.append("Match all")
    user_config = options.ssh_config or Path("~/.ssh/config").expanduser()
    if user_config.is_file():
        lines.append(f"Include {_config_path(user_config)}")
    if _SYSTEM_SSH_CONFIG.is_file():  # `ssh -F` skips the system file; keep it as ssh would read it
        lines.append(f"Include {_SYSTEM_SSH_CONFIG}")
    return "\n".join(lines) + "\n"


def _config_path(path: Path) -> str:
    text = str(path.expanduser().resolve())
    if re.search(r"[\s\"'\\#]", text):
        raise ConfigError(f"path {text!r} cannot be written into an ssh config; use one without spaces or quotes")
    return text


def event_outcome(event: str, res: Mapping[str, Any]) -> Outcome | None:
    """A host's outcome from one runner event; None for events that are not a task result."""
    if event == "runner_on_ok":
        if "exit_status" not in res:
            return TransportError(
                ErrorKind.PROTOCOL, "Ansible returned no collector output (is this auditor's playbook?)"
            )
        stdout, stderr = _bytes(res.get("stdout")), _bytes(res.get("stderr"))
        framed = unframe(stdout.decode("utf-8", errors="replace")) if res.get("windows") is True else None
        if framed is not None:  # PSRP: the collector ran in a remote runspace (auditor.collect.powershell)
            stdout, stderr = framed[0].encode("utf-8"), (framed[1] + stderr.decode("utf-8", errors="replace")).encode()
        return CommandResult(exit_status=int(res["exit_status"]), stdout=stdout, stderr=stderr)
    if event in ("runner_on_unreachable", "runner_on_failed"):
        message = str(res.get("msg") or res.get("stderr") or "no reason given")
        return TransportError(classify(message, unreachable=event == "runner_on_unreachable"), reason(message))
    return None


def _bytes(text: Any) -> bytes:
    """Ansible decodes host output with surrogateescape; this gives the original bytes back."""
    value = "" if text is None else str(text)
    try:
        return value.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return value.encode("utf-8", errors="replace")


_KINDS: tuple[tuple[ErrorKind, re.Pattern[str]], ...] = (
    (ErrorKind.HOST_KEY, re.compile(r"host key|identification has changed|known_hosts", re.I)),
    (ErrorKind.TIMEOUT, re.compile(r"timed out|timeout|time frame", re.I)),
    (ErrorKind.BECOME, re.compile(r"sudo|become|privilege escalation", re.I)),
    (ErrorKind.AUTH, re.compile(r"permission denied|authentication|too many authentication", re.I)),
    (ErrorKind.UNREACHABLE, re.compile(r"refused|no route|unreachable|could not resolve|name or service", re.I)),
)
_TELLING = re.compile(
    r"host key for .* has changed|host key verification failed|identification has changed|host key is known|"
    r"permission denied|refused|timed out|timeout|no route|could not resolve|password|sudo|not allowed|"
    r"unreachable|administratively prohibited|channel \d+: open failed",
    re.I,
)
_PREFIXES = (
    re.compile(r"^Task failed: "),
    re.compile(r"^Data could not be sent to remote host \"[^\"]*\"\. Make sure this host can be reached over ssh: "),
    re.compile(r"^Failed to connect to the host via ssh: "),
)


def classify(message: str, *, unreachable: bool) -> ErrorKind:
    for kind, pattern in _KINDS:
        if pattern.search(message):
            return kind
    return ErrorKind.UNREACHABLE if unreachable else ErrorKind.PROTOCOL


def reason(message: str) -> str:
    """Ansible's reason on one line: its telling lines (ssh's banner of @ signs dropped)."""
    text = message.replace("\r", "")
    for prefix in _PREFIXES:
        text = prefix.sub("", text)
    lines = [line.strip(" @") for line in text.splitlines()]
    lines = [line for line in lines if line]
    chosen = [line for line in lines if _TELLING.search(line)] or lines[-1:] or ["no reason given"]
    joined = "; ".join(dict.fromkeys(chosen))
    joined = "".join(ch if ch.isprintable() else "?" for ch in joined)
    return "ansible: " + (joined if len(joined) <= 400 else joined[:397] + "...")


def _run_ending(pdd: Path, *, status: str, rc: int | None) -> str:
    """Why a host has no result: the runner's status and the last error line ansible-playbook printed."""
    tail = ""
    for name in ("stdout", "stderr"):
        path = pdd / "artifacts" / "collect" / name
        if path.is_file():
            lines = [line.strip() for line in path.read_text(errors="replace").splitlines() if line.strip()]
            errors = [line for line in lines if "ERROR" in line or "error" in line]
            if errors or lines:
                tail = (errors or lines)[-1][:300]
    return f"ansible-playbook ended ({status}, exit {rc})" + (f": {tail}" if tail else "")

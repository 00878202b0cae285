"""SSH transport over paramiko: strict host keys, key/agent auth, sudo become, deadlines.

One connection and one exec channel per host. The script travels on the channel's stdin to
`/bin/sh -s`, so sudo logs a short command line and the script never appears in argv. A become
password is written to sudo's stdin only after sudo has shown our prompt marker, so it can
never be read by the shell as a command, and it is never logged or stored.
"""

from __future__ import annotations

import getpass
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.inventory import Host
from auditor.transport.base import CommandResult, ErrorKind, TransportError

if TYPE_CHECKING:
    import paramiko

_READ_CHUNK = 65536
_POLL_SECONDS = 0.05
_OUTPUT_LIMIT = 64 * 1024 * 1024  # a host that floods us is cut off, not held in memory forever


@dataclass(frozen=True)
class SshOptions:
    """How to reach hosts over SSH; defaults follow OpenSSH (strict host keys, ~/.ssh/known_hosts)."""

    known_hosts: Path = field(default_factory=lambda: Path("~/.ssh/known_hosts").expanduser())
    trust_on_first_use: bool = False
    connect_timeout: float = 10.0
    command_timeout: float = 300.0
    use_agent: bool = True
    become_password: str | None = field(default=None, repr=False)
    key_passphrase: str | None = field(default=None, repr=False)


class _UnknownHostKey(Exception):
    pass


def _policy(*, trust_on_first_use: bool, known_hosts: Path, lock: threading.Lock) -> paramiko.MissingHostKeyPolicy:
    import paramiko

    class Policy(paramiko.MissingHostKeyPolicy):
        """Reject unknown keys, or with trust-on-first-use record them in known_hosts."""

        def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
            if not trust_on_first_use:
                raise _UnknownHostKey(hostname)
            entry = paramiko.hostkeys.HostKeyEntry([hostname], key)
            with lock:
                known_hosts.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                with known_hosts.open("a", encoding="ascii") as stream:
                    stream.write(entry.to_line() or "")

    return Policy()


def become_prefix(host: Host, *, prompt: str | None) -> str:
    """The sudo invocation for a host; `prompt` set means a password will be supplied on stdin."""
    user = host.become_user
    if prompt is None:
        return f"sudo -n -u {_quote(user)} "
    # -k: ignore cached credentials so sudo asks exactly when its policy wants a password.
    return f"sudo -k -S -p {_quote(prompt)} -u {_quote(user)} "


def _quote(value: str) -> str:
    import shlex

    return shlex.quote(value)


class SshTransport:
    """Runs the collector script over paramiko; safe to share between worker threads."""

    def __init__(self, options: SshOptions) -> None:
        self._options = options
        self._known_hosts_lock = threading.Lock()

    def run_script(self, host: Host, script: str) -> CommandResult:
        client = self._connect(host)
        try:
            return self._exec(client, host, script)
        finally:
            client.close()

    def _connect(self, host: Host) -> paramiko.SSHClient:
        try:
            import paramiko
        except ImportError as exc:  # pragma: no cover - paramiko is a core dependency
            raise TransportError(ErrorKind.CONFIG, "paramiko is not installed: pip install auditor") from exc
        options = self._options
        client = paramiko.SSHClient()
        if options.known_hosts.exists():
            try:
                client.load_host_keys(str(options.known_hosts))
            except (OSError, paramiko.SSHException) as exc:
                raise TransportError(ErrorKind.CONFIG, f"cannot read known_hosts {options.known_hosts}: {exc}") from exc
        client.set_missing_host_key_policy(
            _policy(
                trust_on_first_use=options.trust_on_first_use,
                known_hosts=options.known_hosts,
                lock=self._known_hosts_lock,
            )
        )
        where = f"{host.address}:{host.port}"
        began = time.monotonic()
        try:
            client.connect(
                hostname=host.address,
                port=host.port,
                username=host.user or getpass.getuser(),
                key_filename=host.private_key_file,
                passphrase=options.key_passphrase,
                password=host.secrets.ssh_password,
                allow_agent=options.use_agent,
                look_for_keys=host.private_key_file is None,
                timeout=options.connect_timeout,
                banner_timeout=options.connect_timeout,
                auth_timeout=options.connect_timeout,
                channel_timeout=options.connect_timeout,
            )
        except _UnknownHostKey:
            client.close()
            raise TransportError(
                ErrorKind.HOST_KEY,
                f"host key of {where} is not in {options.known_hosts}; add it (ssh-keyscan, verified) "
                "or pass --trust-on-first-use",
            ) from None
        except paramiko.BadHostKeyException as exc:
            client.close()
            raise TransportError(
                ErrorKind.HOST_KEY,
                f"host key of {where} does not match {options.known_hosts} "
                f"(got {exc.key.get_name()} {exc.key.fingerprint}): rebuilt host or man-in-the-middle",
            ) from None
        except paramiko.AuthenticationException as exc:
            client.close()
            user = host.user or getpass.getuser()
            raise TransportError(ErrorKind.AUTH, f"authentication as {user} to {where} refused: {exc}") from None
        except paramiko.ssh_exception.NoValidConnectionsError as exc:
            client.close()
            reasons = "; ".join(sorted({getattr(err, "strerror", None) or str(err) for err in exc.errors.values()}))
            raise TransportError(ErrorKind.UNREACHABLE, f"cannot connect to {where}: {reasons.lower()}") from None
        except TimeoutError:
            client.close()
            raise TransportError(
                ErrorKind.TIMEOUT, f"connection to {where} timed out after {options.connect_timeout:g}s"
            ) from None
        except OSError as exc:
            client.close()
            raise TransportError(ErrorKind.UNREACHABLE, f"cannot connect to {where}: {exc.strerror or exc}") from None
        except paramiko.SSHException as exc:
            client.close()
            if time.monotonic() - began >= options.connect_timeout:
                # a server that accepts TCP but never completes the handshake (hung sshd, tarpit):
                # paramiko reports it in several ways ("No existing session", banner errors)
                raise TransportError(
                    ErrorKind.TIMEOUT,
                    f"{where} accepted the connection but the SSH handshake did not finish "
                    f"within {options.connect_timeout:g}s",
                ) from None
            if "No authentication methods available" in str(exc):
                raise TransportError(
                    ErrorKind.AUTH,
                    f"no key, agent identity or password to authenticate to {where} "
                    "(set ansible_ssh_private_key_file or load the key into ssh-agent)",
                ) from None
            raise TransportError(ErrorKind.PROTOCOL, f"SSH failure with {where}: {exc}") from None
        except ValueError as exc:  # e.g. an unsupported or unreadable private key file
            client.close()
            raise TransportError(ErrorKind.CONFIG, f"cannot use the key for {where}: {exc}") from None
        return client

    def _exec(self, client: paramiko.SSHClient, host: Host, script: str) -> CommandResult:
        import paramiko

        password = host.secrets.become_password or self._options.become_password
        handshake: tuple[str, str] | None = None
        command = "/bin/sh -s"
        if host.become and password:
            prompt, ready = f"[auditor-become-{secrets.token_hex(8)}]", f"auditor-ready-{secrets.token_hex(8)}"
            handshake = (prompt, ready)
            command = become_prefix(host, prompt=prompt) + f"/bin/sh -c {_quote(f'echo {ready}; exec /bin/sh -s')}"
        elif host.become:
            command = become_prefix(host, prompt=None) + command
        deadline = time.monotonic() + self._options.command_timeout
        transport = client.get_transport()
        if transport is None:
            raise TransportError(ErrorKind.PROTOCOL, f"SSH session to {host.address} closed unexpectedly")
        try:
            channel = transport.open_session(timeout=self._options.connect_timeout)
            channel.exec_command(command)
            if handshake is not None and password is not None:
                early = _become_handshake(
                    channel, prompt=handshake[0], ready=handshake[1], password=password, deadline=deadline
                )
                if early is not None:
                    return early
            channel.sendall(script.encode())
            channel.shutdown_write()
            return _drain(channel, deadline=deadline)
        except paramiko.SSHException as exc:
            raise TransportError(ErrorKind.PROTOCOL, f"SSH failure running the collector: {exc}") from None
        except OSError as exc:
            raise TransportError(ErrorKind.PROTOCOL, f"connection lost running the collector: {exc}") from None


def _become_handshake(
    channel: paramiko.Channel, *, prompt: str, ready: str, password: str, deadline: float
) -> CommandResult | None:
    """Give sudo the password only when it shows our prompt; go on once the root shell says ready.

    With a NOPASSWD rule sudo never prompts and the ready line comes first, so the password is
    never sent to anything but sudo. A second prompt means the password was rejected. Returns a
    result only when sudo exits before the shell starts (e.g. the user may not use sudo).
    """
    out = b""
    err = b""
    sent = False
    while ready.encode() not in out:
        if channel.recv_ready():
            out += channel.recv(_READ_CHUNK)
            continue
        if channel.recv_stderr_ready():
            err += channel.recv_stderr(_READ_CHUNK)
            prompts = err.count(prompt.encode())
            if prompts == 1 and not sent:
                channel.sendall(password.encode() + b"\n")
                sent = True
            elif prompts > 1:
                raise TransportError(ErrorKind.BECOME, "sudo rejected the become password")
            continue
        if channel.exit_status_ready():
            rest = _drain(channel, deadline=deadline)
            return CommandResult(rest.exit_status, out + rest.stdout, err.replace(prompt.encode(), b"") + rest.stderr)
        if time.monotonic() > deadline:
            raise TransportError(ErrorKind.TIMEOUT, "timed out waiting for sudo")
        time.sleep(_POLL_SECONDS / 5)
    return None


def _drain(channel: paramiko.Channel, *, deadline: float) -> CommandResult:
    """Read stdout and stderr together until the command exits or the deadline passes.

    Both streams are read in one loop because paramiko shares one flow-control window between
    them: reading only stdout while stderr fills would stall the channel.
    """
    stdout = bytearray()
    stderr = bytearray()
    while True:
        progressed = False
        if channel.recv_ready():
            stdout += channel.recv(_READ_CHUNK)
            progressed = True
        if channel.recv_stderr_ready():
            stderr += channel.recv_stderr(_READ_CHUNK)
            progressed = True
        if len(stdout) + len(stderr) > _OUTPUT_LIMIT:
            channel.close()
            return CommandResult(-1, bytes(stdout), bytes(stderr) + b"\n[auditor: output limit reached]", True)
        if progressed:
            continue
        if channel.exit_status_ready() and channel.eof_received:
            return CommandResult(channel.recv_exit_status(), bytes(stdout), bytes(stderr))
        if time.monotonic() > deadline:
            channel.close()
            return CommandResult(-1, bytes(stdout), bytes(stderr), timed_out=True)
        channel.status_event.wait(_POLL_SECONDS)
        time.sleep(0.005)

"""SSH transport over paramiko: strict host keys, key/agent auth, sudo become, deadlines.

One connection and one exec channel per host (plus one connection per jump host, each tunnelled
through the previous one with a direct-tcpip channel, as ProxyJump does; ~/.ssh/config and the
inventory's SSH arguments decide the route: see auditor.transport.sshroute). Encrypted private
keys are opened with the passphrase from --key-passphrase-env (never from argv).

The script travels on the channel's stdin to `/bin/sh -s`, so sudo logs a short command line and
the script never appears in argv. A Windows host (OpenSSH Server, `ansible_shell_type=powershell`)
gets the PowerShell collector the same way, on the stdin of a constant `PowerShell
-EncodedCommand` bootstrap (auditor.transport.windows). A become password is written to sudo's stdin only
after sudo has shown our prompt marker, so it can never be read by the shell as a command, and it
is never logged or stored.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.inventory import Host
from auditor.transport.base import CommandResult, ErrorKind, TransportError
from auditor.transport.knownhosts import KnownHosts, KnownHostsError
from auditor.transport.sshchannel import become_handshake, drain
from auditor.transport.sshkeys import PrivateKeys
from auditor.transport.sshroute import Endpoint, load_ssh_config, resolve_route
from auditor.transport.windows import bootstrap_command, is_windows

if TYPE_CHECKING:
    import paramiko

_TRANSIENT = frozenset({ErrorKind.UNREACHABLE, ErrorKind.PROTOCOL})


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
    ssh_config: Path | None = None  # None: ~/.ssh/config when it exists (see auditor.transport.sshroute)
    # Transient connect failures (refused, reset, a banner cut short by sshd's MaxStartups) are
    # retried with exponential backoff and jitter; timeouts are not, so a hanging host costs one
    # connect timeout, and authentication or host-key failures are final.
    connect_retries: int = 2
    retry_backoff: float = 0.5


class _UnknownHostKey(Exception):
    pass


def _policy(
    *,
    trust_on_first_use: bool,
    known_hosts: Path,
    lock: threading.Lock,
    remember: Callable[[str, paramiko.PKey], None],
) -> paramiko.MissingHostKeyPolicy:
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
                remember(hostname, key)

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
        self._stop = threading.Event()
        self._host_keys: KnownHosts | None = None
        self._ssh_config = load_ssh_config(options.ssh_config)
        self._keys = PrivateKeys(passphrase=options.key_passphrase)

    def run_script(self, host: Host, script: str) -> CommandResult:
        if self._stop.is_set():
            raise TransportError(ErrorKind.INTERRUPTED, "the run was interrupted before this host was reached")
        clients = self._connect_retrying(host)
        try:
            return self._exec(clients[-1], host, script)
        finally:
            for client in reversed(clients):  # the target first, then its jump hosts
                client.close()

    def cancel(self) -> None:
        """Stop the run: hosts not yet connected are not started, running commands are cut off."""
        self._stop.set()

    def _connect_retrying(self, host: Host) -> list[paramiko.SSHClient]:
        attempts = 1 + max(0, self._options.connect_retries)
        for attempt in range(1, attempts + 1):
            try:
                return self._connect(host)
            except TransportError as exc:
                if exc.kind not in _TRANSIENT or attempt == attempts or self._stop.is_set():
                    if attempt > 1:
                        raise TransportError(exc.kind, f"{exc.reason} ({attempt} attempts)") from None
                    raise
            delay = self._options.retry_backoff * 2 ** (attempt - 1)
            self._stop.wait(delay * (1 + random.random() / 2))  # noqa: S311 - jitter, not a secret
        raise AssertionError("unreachable")  # pragma: no cover

    def _connect(self, host: Host) -> list[paramiko.SSHClient]:
        """Connected clients along the route: jump hosts in order, then the target (last)."""
        try:
            import paramiko
        except ImportError as exc:  # pragma: no cover - paramiko is a core dependency
            raise TransportError(ErrorKind.CONFIG, "paramiko is not installed: pip install auditor") from exc
        route = resolve_route(host, config=self._ssh_config)
        clients: list[paramiko.SSHClient] = []
        sock: Any = None
        try:
            if route.proxy_command is not None and not route.hops:
                sock = paramiko.ProxyCommand(route.proxy_command)
            chain = [*route.hops, route.target]
            for index, endpoint in enumerate(chain):
                last = index == len(chain) - 1
                via = f" (via jump host {chain[index - 1].name})" if index else ""
                clients.append(
                    self._open(
                        endpoint,
                        sock=sock,
                        password=host.secrets.ssh_password if last else None,
                        role="" if last else "jump host ",
                        via=via,
                    )
                )
                if not last:
                    sock = self._tunnel(clients[-1], endpoint, chain[index + 1])
        except BaseException:
            for client in reversed(clients):
                client.close()
            raise
        return clients

    def _known_keys(self, name: str) -> dict[str, paramiko.PKey]:
        """The known_hosts keys for one host name; the file is read once per transport, not per host,
        and indexed by name (auditor.transport.knownhosts: paramiko's own lookup scans the file)."""
        known_hosts = self._options.known_hosts
        with self._known_hosts_lock:
            try:
                if self._host_keys is None:
                    if not known_hosts.exists():
                        return {}
                    self._host_keys = KnownHosts(known_hosts)
                return self._host_keys.lookup(name)
            except (OSError, KnownHostsError) as exc:
                raise TransportError(ErrorKind.CONFIG, f"cannot read known_hosts {known_hosts}: {exc}") from exc

    def _remember(self, name: str, key: paramiko.PKey) -> None:
        """A key accepted on first use is known for the rest of the run too (called under the lock)."""
        if self._host_keys is not None:
            self._host_keys.add(name, key)

    def _tunnel(self, client: paramiko.SSHClient, hop: Endpoint, following: Endpoint) -> paramiko.Channel:
        """A direct-tcpip channel through `hop` to the next server (what ProxyJump does)."""
        import paramiko

        transport = client.get_transport()
        target = (following.hostname, following.port)
        if transport is None:
            raise TransportError(ErrorKind.PROTOCOL, f"SSH session to jump host {hop.name} closed unexpectedly")
        try:
            return transport.open_channel(
                "direct-tcpip", target, ("127.0.0.1", 0), timeout=self._options.connect_timeout
            )
        except paramiko.ChannelException as exc:
            raise TransportError(
                ErrorKind.UNREACHABLE,
                f"jump host {hop.name} cannot reach {following.hostname}:{following.port}: {exc.text.lower()}",
            ) from None
        except (paramiko.SSHException, OSError) as exc:
            raise TransportError(
                ErrorKind.UNREACHABLE,
                f"jump host {hop.name} did not open a channel to {following.hostname}:{following.port}: {exc}",
            ) from None

    def _open(self, endpoint: Endpoint, *, sock: Any, password: str | None, role: str, via: str) -> paramiko.SSHClient:
        import paramiko

        options = self._options
        client = paramiko.SSHClient()
        # Only this endpoint's entries: parsing the whole known_hosts per connection made each host
        # cost O(fleet size) (142 ms of client CPU per host with a 1,000-line file).
        name = endpoint.hostname if endpoint.port == 22 else f"[{endpoint.hostname}]:{endpoint.port}"
        for keytype, key in self._known_keys(name).items():
            client.get_host_keys().add(name, keytype, key)
        client.set_missing_host_key_policy(
            _policy(
                trust_on_first_use=options.trust_on_first_use,
                known_hosts=options.known_hosts,
                lock=self._known_hosts_lock,
                remember=self._remember,
            )
        )
        where = f"{role}{endpoint.hostname}:{endpoint.port}{via}"
        loaded = []
        for key_file in endpoint.key_files:  # a key problem is permanent: said plainly, before any connect
            private, problem = self._keys.get(key_file)
            if private is None:
                client.close()
                raise TransportError(ErrorKind.CONFIG, f"{problem or f'cannot read {key_file}'} (for {where})")
            loaded.append(private)
        began = time.monotonic()
        keys: Any = list(endpoint.key_files) or None  # paramiko takes a list; its stubs say str
        # One key file, already read: handed over as a key so paramiko does not parse it again (once
        # per key type it tries); with a certificate beside it, paramiko loads the pair from the file.
        pkey = loaded[0] if len(loaded) == 1 and not Path(f"{endpoint.key_files[0]}-cert.pub").exists() else None
        try:
            client.connect(
                hostname=endpoint.hostname,
                port=endpoint.port,
                username=endpoint.user,
                pkey=pkey,
                key_filename=None if pkey is not None else keys,
                passphrase=options.key_passphrase,
                password=password,
                allow_agent=options.use_agent,
                look_for_keys=not endpoint.key_files or bool(role),
                timeout=options.connect_timeout,
                banner_timeout=options.connect_timeout,
                auth_timeout=options.connect_timeout,
                channel_timeout=options.connect_timeout,
                sock=sock,
            )
        except BaseException as exc:
            client.close()
            raise _connect_error(exc, where=where, endpoint=endpoint, options=options, began=began) from None
        return client

    def _exec(self, client: paramiko.SSHClient, host: Host, script: str) -> CommandResult:
        import paramiko

        password = host.secrets.become_password_or(self._options.become_password)
        handshake: tuple[str, str] | None = None
        command = "/bin/sh -s"
        if is_windows(host):
            # OpenSSH on Windows (ansible_shell_type=powershell): the PowerShell collector on the
            # stdin of a short constant bootstrap (see auditor.collect.powershell for why not the command line)
            if host.become:
                raise TransportError(
                    ErrorKind.CONFIG, "become is not supported on Windows hosts: log in as an administrator"
                )
            command = bootstrap_command()
        elif host.become and password:
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
                early = become_handshake(
                    channel,
                    prompt=handshake[0],
                    ready=handshake[1],
                    password=password,
                    deadline=deadline,
                    stop=self._stop,
                )
                if early is not None:
                    return early
            channel.sendall(script.encode())
            channel.shutdown_write()
            return drain(channel, deadline=deadline, stop=self._stop)
        except paramiko.SSHException as exc:
            raise TransportError(ErrorKind.PROTOCOL, f"SSH failure running the collector: {exc}") from None
        except OSError as exc:
            raise TransportError(ErrorKind.PROTOCOL, f"connection lost running the collector: {exc}") from None


def _connect_error(
    exc: BaseException, *, where: str, endpoint: Endpoint, options: SshOptions, began: float
) -> BaseException:
    """The TransportError for a failed connect (anything else, e.g. KeyboardInterrupt, is returned as is)."""
    import paramiko

    if isinstance(exc, _UnknownHostKey):
        return TransportError(
            ErrorKind.HOST_KEY,
            f"host key of {where} is not in {options.known_hosts}; add it (ssh-keygen -F, verified) "
            "or pass --trust-on-first-use",
        )
    if isinstance(exc, paramiko.BadHostKeyException):
        return TransportError(
            ErrorKind.HOST_KEY,
            f"host key of {where} does not match {options.known_hosts} "
            f"(got {exc.key.get_name()} {exc.key.fingerprint}): rebuilt host or man-in-the-middle",
        )
    if isinstance(exc, paramiko.PasswordRequiredException):
        return TransportError(
            ErrorKind.AUTH,
            f"the private key for {where} is encrypted: give its passphrase in AUDITOR_KEY_PASSPHRASE "
            "(or the variable named by --key-passphrase-env), or load it into ssh-agent",
        )
    if isinstance(exc, paramiko.AuthenticationException):
        return TransportError(ErrorKind.AUTH, f"authentication as {endpoint.user} to {where} refused: {exc}")
    if isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError):
        reasons = "; ".join(sorted({getattr(err, "strerror", None) or str(err) for err in exc.errors.values()}))
        return TransportError(ErrorKind.UNREACHABLE, f"cannot connect to {where}: {reasons.lower()}")
    if isinstance(exc, TimeoutError):
        return TransportError(ErrorKind.TIMEOUT, f"connection to {where} timed out after {options.connect_timeout:g}s")
    if isinstance(exc, OSError):
        return TransportError(ErrorKind.UNREACHABLE, f"cannot connect to {where}: {exc.strerror or exc}")
    if isinstance(exc, paramiko.SSHException):
        if time.monotonic() - began >= options.connect_timeout:
            # a server that accepts TCP but never completes the handshake (hung sshd, tarpit):
            # paramiko reports it in several ways ("No existing session", banner errors)
            return TransportError(
                ErrorKind.TIMEOUT,
                f"{where} accepted the connection but the SSH handshake did not finish "
                f"within {options.connect_timeout:g}s",
            )
        if "No authentication methods available" in str(exc):
            return TransportError(
                ErrorKind.AUTH,
                f"no key, agent identity or password to authenticate to {where} "
                "(set ansible_ssh_private_key_file or load the key into ssh-agent)",
            )
        if "encrypted" in str(exc).lower() or "passphrase" in str(exc).lower() or "decrypt" in str(exc).lower():
            return TransportError(ErrorKind.AUTH, f"cannot decrypt the private key for {where}: wrong passphrase?")
        return TransportError(ErrorKind.PROTOCOL, f"SSH failure with {where}: {exc}")
    if isinstance(exc, ValueError):  # e.g. an unsupported or unreadable private key file
        return TransportError(ErrorKind.CONFIG, f"cannot use the key for {where}: {exc}")
    return exc

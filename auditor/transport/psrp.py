"""WinRM transport for Windows hosts (`ansible_connection=winrm` or `psrp`), over pypsrp.

pypsrp rather than pywinrm: it speaks the PowerShell Remoting Protocol, so the whole collector
script runs as ONE pipeline in a remote runspace (pywinrm runs a command line through a WinRS cmd
shell, which caps the script at cmd.exe's 8191 characters unless it is staged somewhere); it is
maintained by the author of Ansible's Windows connection plugins (Ansible's psrp plugin is built on
it); it does NTLM, Kerberos and CredSSP authentication and message encryption, and validates the
server's certificate (against the system store or a CA bundle). It is an optional extra
(`pip install 'auditor[windows]'`); without it a WinRM host is an error result naming the extra.

Settings follow Ansible's winrm/psrp connection variables: `ansible_port` (default 5986),
`ansible_winrm_scheme` (https unless the port is 5985), `ansible_winrm_transport` (negotiate
unless set: ntlm, kerberos, credssp, basic, certificate), `ansible_winrm_server_cert_validation`
(validate unless "ignore"), `ansible_winrm_ca_trust_path`, `ansible_winrm_path`, and the
`ansible_psrp_*` equivalents (`ansible_psrp_protocol`, `ansible_psrp_auth`,
`ansible_psrp_cert_validation`, `ansible_psrp_ca_cert`). Certificate validation is never off
unless the inventory says so.

The password comes from the environment variable AUDITOR_WINRM_PASSWORD (read once, when the run
starts, and removed from the environment), else from the inventory's ansible_password like SSH's;
never from argv, and it is in no log, error or report: pypsrp's own loggers are held at WARNING,
and errors are rebuilt from their kind, not from library messages that could echo a request.

In the remote runspace the collector has no console, so it emits framed pipeline strings
(auditor.transport.windows.unframe) that become the usual stdout/stderr here.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from auditor.inventory import Host
from auditor.transport.base import CommandResult, ErrorKind, TransportError
from auditor.transport.windows import unframe

PASSWORD_ENV = "AUDITOR_WINRM_PASSWORD"  # noqa: S105 - a variable name, not a password
AUTH_METHODS = ("negotiate", "ntlm", "kerberos", "credssp", "basic", "certificate")
_QUIET_LOGGERS = ("pypsrp", "requests_credssp", "spnego", "urllib3", "requests")
_quiet_lock = threading.Lock()


@dataclass(frozen=True)
class WinrmOptions:
    connect_timeout: float = 10.0
    command_timeout: float = 300.0
    password: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Endpoint:
    """Where and how to reach one WinRM host, from its inventory variables."""

    server: str
    port: int
    ssl: bool
    path: str
    auth: str
    cert_validation: bool | str  # True, False (inventory said ignore) or a CA bundle path

    @property
    def where(self) -> str:
        return f"{self.server}:{self.port} ({'https' if self.ssl else 'http'})"


def _var(host: Host, *names: str) -> str | None:
    """The last of `names` set on the host (Ansible's rule for aliases), as stripped text."""
    chosen = None
    for name in names:
        value = host.vars.get(name)
        if value is not None and str(value).strip():
            chosen = str(value).strip()
    return chosen


def endpoint_for(host: Host) -> Endpoint:
    """The WinRM endpoint of a host; a setting the auditor cannot honour is a CONFIG error."""
    port = host.port if host.port != 22 else 5986  # 22 is the inventory reader's SSH default
    scheme = (_var(host, "ansible_winrm_scheme") or "").lower()
    protocol = (_var(host, "ansible_psrp_protocol") or "").lower() if host.connection == "psrp" else ""
    scheme = protocol or scheme or ("http" if port == 5985 else "https")
    if scheme not in ("http", "https"):
        raise TransportError(ErrorKind.CONFIG, f"ansible_winrm_scheme must be http or https, not {scheme!r}")
    auth = (_var(host, "ansible_winrm_transport", "ansible_psrp_auth") or "negotiate").lower()
    auth = auth.split(",")[0].strip()  # Ansible takes a list for winrm; its first entry is tried first
    auth = {"plaintext": "basic"}.get(auth, auth)
    if auth not in AUTH_METHODS:
        raise TransportError(ErrorKind.CONFIG, f"WinRM transport {auth!r} is not supported; use one of {AUTH_METHODS}")
    validation = _var(host, "ansible_winrm_server_cert_validation", "ansible_psrp_cert_validation") or "validate"
    ca_path = _var(host, "ansible_winrm_ca_trust_path", "ansible_psrp_ca_cert")
    cert: bool | str = ca_path or True
    if validation.lower() == "ignore":
        cert = False
    elif validation.lower() != "validate":
        raise TransportError(
            ErrorKind.CONFIG, f"ansible_winrm_server_cert_validation must be validate or ignore, not {validation!r}"
        )
    return Endpoint(
        server=host.address,
        port=port,
        ssl=scheme == "https",
        path=_var(host, "ansible_winrm_path", "ansible_psrp_path") or "wsman",
        auth=auth,
        cert_validation=cert,
    )


class PsrpTransport:
    """Runs the PowerShell collector over WinRM as one PSRP pipeline; thread-safe (no shared state)."""

    def __init__(self, options: WinrmOptions) -> None:
        self._options = options

    def run_script(self, host: Host, script: str) -> CommandResult:
        endpoint = endpoint_for(host)
        try:
            from pypsrp.powershell import PowerShell, RunspacePool
            from pypsrp.wsman import WSMan
        except ImportError:
            raise TransportError(
                ErrorKind.CONFIG, "WinRM needs the pypsrp library: pip install 'auditor[windows]'"
            ) from None
        _quiet_libraries()
        password = self._options.password or host.secrets.ssh_password
        if not host.user:
            raise TransportError(ErrorKind.CONFIG, f"no ansible_user for WinRM to {endpoint.where}")
        if password is None and endpoint.auth not in ("kerberos", "certificate"):
            raise TransportError(
                ErrorKind.AUTH, f"no WinRM password for {host.user} at {endpoint.where}: set {PASSWORD_ENV}"
            )
        timeout = max(1, round(self._options.connect_timeout))
        began = time.monotonic()
        try:
            wsman = WSMan(
                endpoint.server,
                port=endpoint.port,
                ssl=endpoint.ssl,
                path=endpoint.path,
                auth=endpoint.auth,
                username=host.user,
                password=password,
                cert_validation=endpoint.cert_validation,  # type: ignore[arg-type]  # a CA path too (requests verify=)
                connection_timeout=timeout,
                read_timeout=max(timeout, round(self._options.command_timeout)) + 10,
                operation_timeout=max(1, round(self._options.command_timeout)),
                no_proxy=True,
            )
            with wsman, RunspacePool(wsman) as pool:
                shell = PowerShell(pool)
                shell.add_script(script)
                output = shell.invoke()
                errors = [str(record) for record in shell.streams.error]
        except Exception as exc:  # every library failure becomes a reason; never the library's text verbatim
            raise _error(exc, endpoint=endpoint, user=host.user, elapsed=time.monotonic() - began) from None
        text = "\n".join(str(item) for item in output if item is not None)
        framed = unframe(text)
        stdout, stderr = framed if framed is not None else (text, "")
        if errors:
            stderr += "".join(f"\n{line}" for line in errors)
        return CommandResult(
            exit_status=1 if shell.had_errors else 0, stdout=stdout.encode("utf-8"), stderr=stderr.encode("utf-8")
        )


def _quiet_libraries() -> None:
    """pypsrp and its HTTP stack log request details at DEBUG; keep them out of the auditor's logs."""
    with _quiet_lock:
        for name in _QUIET_LOGGERS:
            logger = logging.getLogger(name)
            if logger.level < logging.WARNING:
                logger.setLevel(logging.WARNING)


def _error(exc: BaseException, *, endpoint: Endpoint, user: str | None, elapsed: float) -> TransportError:
    """A TransportError for a pypsrp/requests failure, by exception type (the text may quote a request)."""
    where = endpoint.where
    names = {cls.__name__ for cls in type(exc).__mro__}
    detail = repr(exc)
    if "SSLError" in names:
        return TransportError(
            ErrorKind.HOST_KEY,
            f"TLS certificate of {where} could not be verified (ansible_winrm_server_cert_validation, "
            "ansible_winrm_ca_trust_path)",
        )
    if "AuthenticationError" in names or "401" in detail:
        return TransportError(ErrorKind.AUTH, f"WinRM authentication as {user} refused by {where}")
    if {"ConnectTimeout", "ReadTimeout", "Timeout"} & names:
        return TransportError(ErrorKind.TIMEOUT, f"WinRM to {where} timed out after {elapsed:.0f}s")
    if "ConnectionError" in names or "ConnectionRefusedError" in names:
        reason = "connection refused" if "refused" in detail.lower() else "no connection"
        return TransportError(ErrorKind.UNREACHABLE, f"WinRM: {reason} to {where}")
    if "WSManFaultError" in names:
        code = getattr(exc, "code", None)
        return TransportError(ErrorKind.PROTOCOL, f"WinRM fault from {where} (code {code})")
    return TransportError(ErrorKind.PROTOCOL, f"WinRM failure with {where}: {type(exc).__name__}")

"""Where the SSH path really connects: ~/.ssh/config, inventory SSH arguments and jump hosts.

OpenSSH's rules, as far as the paramiko path needs them:
- The host is looked up in the ssh config by its inventory address (`ansible_host`, else its
  name), as `ssh` does with the name Ansible passes it: HostName, User, Port, IdentityFile,
  ProxyJump and ProxyCommand apply. Inventory values are command-line options to ssh, so they
  win: `ansible_user`, an explicitly set `ansible_port`, `ansible_ssh_private_key_file`.
- Jump hosts, first found wins: the `auditor_jump_hosts` variable (a list or a comma-separated
  string), then `-J X` / `-o ProxyJump=X` in `ansible_ssh_common_args` or `ansible_ssh_extra_args`
  (how Ansible users write it, often per client in group vars), then ProxyJump from the ssh config.
  `none` means direct. A chain `a,b` goes through a, then b. Each hop is `[user@]host[:port]` (or
  `ssh://...`) and is itself looked up in the ssh config (HostName, User, Port, IdentityFile); a hop
  with no IdentityFile tries the target's key, the agent and the default keys.
- ProxyCommand (ssh config, or `-o ProxyCommand=...` in the inventory's SSH arguments) is used when
  no jump host is set; %h, %p, %r and %% are expanded, and the command runs without a shell.
Host keys of hops are verified against the same known_hosts as the target.
"""

from __future__ import annotations

import getpass
import os
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.core.errors import ConfigError
from auditor.inventory import Host
from auditor.inventory.varnames import PORT
from auditor.transport.base import ErrorKind, TransportError

JUMP_HOSTS_VAR = "auditor_jump_hosts"
SSH_ARGS_VARS = ("ansible_ssh_common_args", "ansible_ssh_extra_args")
_HOP = re.compile(r"^(?:ssh://)?(?:(?P<user>[^@/\s]+)@)?(?P<host>\[[^\]]+\]|[^:@/\s]+)(?::(?P<port>\d{1,5}))?/?$")


@dataclass(frozen=True)
class Endpoint:
    """One SSH server on the way: where to connect, as whom, with which keys."""

    name: str  # as written (inventory address or hop spec), for messages
    hostname: str
    port: int
    user: str
    key_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Route:
    target: Endpoint
    hops: tuple[Endpoint, ...] = ()  # jump hosts, first one connected to directly
    proxy_command: str | None = None  # used only without hops


def resolve_route(host: Host, *, config: Any | None) -> Route:
    """The route to `host`; `config` is a paramiko.SSHConfig (or None for no ssh config)."""
    entry = _lookup(config, host.address)
    explicit_port = any(host.vars.get(name) is not None for name in PORT)
    port = host.port if explicit_port or "port" not in entry else _port(entry["port"], where=host.address)
    key_files = (host.private_key_file,) if host.private_key_file else _identity_files(entry)
    target = Endpoint(
        name=host.address,
        hostname=str(entry.get("hostname", host.address)),
        port=port,
        user=host.user or str(entry.get("user") or getpass.getuser()),
        key_files=key_files,
    )
    args_jump, args_proxy = _from_ssh_args(host)
    jump = _jump_var(host) or args_jump or entry.get("proxyjump")
    if jump and jump.strip().lower() != "none":
        hops = tuple(_hop(spec, config=config, fallback_keys=key_files) for spec in _split(jump))
        return Route(target=target, hops=hops)
    # paramiko has already expanded the tokens of a ProxyCommand from the ssh config
    proxy = _expand(args_proxy, target) if args_proxy else entry.get("proxycommand")
    if proxy and proxy.strip().lower() != "none":
        return Route(target=target, proxy_command=str(proxy))
    return Route(target=target)


def _lookup(config: Any | None, name: str) -> Mapping[str, Any]:
    if config is None:
        return {}
    found: Mapping[str, Any] = config.lookup(name)
    return found


def _port(value: Any, *, where: str) -> int:
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise TransportError(ErrorKind.CONFIG, f"ssh config gives {where} the port {text!r}, which is not a port")
    return int(text)


def _identity_files(entry: Mapping[str, Any]) -> tuple[str, ...]:
    files = entry.get("identityfile") or []
    return tuple(os.path.expanduser(str(path)) for path in files)


def _jump_var(host: Host) -> str | None:
    value = host.vars.get(JUMP_HOSTS_VAR)
    if value is None:
        return None
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ",".join(str(item).strip() for item in value)
    return str(value)


def jump_hosts(host: Host) -> str | None:
    """`auditor_jump_hosts` as one checked ProxyJump value ('a,b'), for the Ansible path; None if unset."""
    value = _jump_var(host)
    if value is None or value.strip().lower() == "none":
        return None
    hops = _split(value)
    for spec in hops:
        if _HOP.match(spec) is None:
            raise TransportError(ErrorKind.CONFIG, f"jump host {spec!r} of {host.name} is not [user@]host[:port]")
    return ",".join(hops) or None


def _split(spec: str) -> list[str]:
    return [part.strip() for part in spec.split(",") if part.strip()]


def _from_ssh_args(host: Host) -> tuple[str | None, str | None]:
    """ProxyJump and ProxyCommand from the inventory's SSH arguments (the first value wins, as in ssh)."""
    jump: str | None = None
    proxy: str | None = None
    for var in SSH_ARGS_VARS:
        text = host.vars.get(var)
        if not text:
            continue
        try:
            words = shlex.split(str(text))
        except ValueError as exc:
            raise TransportError(ErrorKind.CONFIG, f"{var} of {host.name} cannot be parsed: {exc}") from None
        index = 0
        while index < len(words):
            word = words[index]
            index += 1
            if word in ("-J", "-o") and index < len(words):
                flag, argument = word, words[index]
                index += 1
            elif word.startswith(("-J", "-o")) and len(word) > 2:
                flag, argument = word[:2], word[2:]
            else:
                continue
            if flag == "-J":
                jump = jump or argument
                continue
            key, _, option = argument.replace("=", " ", 1).partition(" ")
            if key.lower() == "proxyjump":
                jump = jump or option.strip()
            elif key.lower() == "proxycommand":
                proxy = proxy or option.strip()
    return jump, proxy


def _hop(spec: str, *, config: Any | None, fallback_keys: tuple[str, ...]) -> Endpoint:
    match = _HOP.match(spec)
    if match is None:
        raise TransportError(ErrorKind.CONFIG, f"jump host {spec!r} is not [user@]host[:port]")
    name = match["host"].strip("[]")
    entry = _lookup(config, name)
    port = int(match["port"]) if match["port"] else (_port(entry["port"], where=name) if "port" in entry else 22)
    return Endpoint(
        name=spec,
        hostname=str(entry.get("hostname", name)),
        port=port,
        user=match["user"] or str(entry.get("user") or getpass.getuser()),
        key_files=_identity_files(entry) or fallback_keys,
    )


def _expand(command: str, target: Endpoint) -> str:
    tokens = {"%h": target.hostname, "%p": str(target.port), "%r": target.user, "%%": "%"}
    return re.sub(r"%[hpr%]", lambda match: tokens[match.group(0)], command)


def load_ssh_config(path: Path | None) -> Any | None:
    """A paramiko.SSHConfig from `path`, or from ~/.ssh/config when it exists; None if there is none."""
    import paramiko

    chosen = path or Path("~/.ssh/config").expanduser()
    if path is None and not chosen.is_file():
        return None
    try:
        return paramiko.SSHConfig.from_path(str(chosen))
    except (OSError, ValueError, paramiko.ssh_exception.ConfigParseError) as exc:
        raise ConfigError(f"cannot read ssh config {chosen}: {exc}") from None

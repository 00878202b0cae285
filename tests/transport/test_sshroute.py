"""Where the SSH path connects: ssh config, inventory SSH arguments and jump hosts (no network)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import paramiko
import pytest

from auditor.core.errors import ConfigError
from auditor.inventory import Host
from auditor.transport.base import ErrorKind, TransportError
from auditor.transport.sshroute import Endpoint, Route, jump_hosts, load_ssh_config, resolve_route

CONFIG = """
Host 10.0.0.* bastion behind
    IdentityFile ~/.ssh/lab_key
Host bastion
    HostName 192.0.2.10
    User jump
    Port 2222
Host behind
    HostName 10.0.0.5
    User audit
    ProxyJump bastion
Host proxied
    ProxyCommand nc -x socks:1080 %h %p
"""


def _config(text: str = CONFIG) -> Any:
    return paramiko.SSHConfig.from_text(text)


def _host(address: str, **vars_: Any) -> Host:
    fields = {key: vars_.pop(key) for key in ("user", "port", "private_key_file") if key in vars_}
    return Host(name="h1", client="c", address=address, vars=vars_, **fields)


def test_without_config_the_inventory_decides() -> None:
    route = resolve_route(_host("10.1.1.1", user="root", port=22, private_key_file="/k"), config=None)
    target = Endpoint(name="10.1.1.1", hostname="10.1.1.1", port=22, user="root", key_files=("/k",))
    assert route == Route(target=target)


def test_ssh_config_alias_gives_hostname_user_key_and_jump() -> None:
    route = resolve_route(_host("behind"), config=_config())
    key = str(Path("~/.ssh/lab_key").expanduser())
    assert route.target == Endpoint(name="behind", hostname="10.0.0.5", port=22, user="audit", key_files=(key,))
    assert route.hops == (Endpoint(name="bastion", hostname="192.0.2.10", port=2222, user="jump", key_files=(key,)),)


def test_inventory_values_win_over_the_ssh_config() -> None:
    host = _host("bastion", user="admin", port=22, private_key_file="/inv", ansible_port=22)
    route = resolve_route(host, config=_config())
    assert (route.target.hostname, route.target.port, route.target.user) == ("192.0.2.10", 22, "admin")
    assert route.target.key_files == ("/inv",)


def test_port_from_config_when_the_inventory_does_not_set_one() -> None:
    assert resolve_route(_host("bastion"), config=_config()).target.port == 2222


def test_proxyjump_in_ansible_ssh_common_args_beats_the_config() -> None:
    host = _host("behind", ansible_ssh_common_args="-o ProxyJump=ops@10.9.9.9:2200 -o ServerAliveInterval=5")
    route = resolve_route(host, config=_config())
    assert [(h.hostname, h.port, h.user) for h in route.hops] == [("10.9.9.9", 2200, "ops")]


@pytest.mark.parametrize(
    "args",
    ["-J a@b1,c@b2", "-oProxyJump=a@b1,c@b2", '-o "ProxyJump a@b1,c@b2"', "-o ProxyJump=a@b1,c@b2 -J x@y"],
)
def test_every_way_of_writing_a_jump_chain(args: str) -> None:
    route = resolve_route(_host("10.1.1.1", ansible_ssh_extra_args=args), config=None)
    assert [(h.user, h.hostname) for h in route.hops] == [("a", "b1"), ("c", "b2")]


def test_auditor_jump_hosts_wins_and_accepts_a_list() -> None:
    host = _host("behind", auditor_jump_hosts=["j1@192.0.2.1", "ssh://j2@192.0.2.2:2022"])
    route = resolve_route(host, config=_config())
    assert [(h.user, h.hostname, h.port) for h in route.hops] == [("j1", "192.0.2.1", 22), ("j2", "192.0.2.2", 2022)]
    assert jump_hosts(host) == "j1@192.0.2.1,ssh://j2@192.0.2.2:2022"


def test_a_hop_without_identity_file_tries_the_targets_key() -> None:
    host = _host("10.1.1.1", private_key_file="/target-key", auditor_jump_hosts="j@192.0.2.1")
    assert resolve_route(host, config=None).hops[0].key_files == ("/target-key",)


def test_none_means_direct() -> None:
    host = _host("behind", ansible_ssh_common_args="-o ProxyJump=none")
    assert resolve_route(host, config=_config()).hops == ()


def test_proxy_command_from_config_and_from_inventory_args() -> None:
    assert resolve_route(_host("proxied"), config=_config()).proxy_command == "nc -x socks:1080 proxied 22"
    host = _host(
        "10.1.1.1", user="u", port=2200, ansible_port=2200, ansible_ssh_common_args="-o 'ProxyCommand=ssh -W %h:%p gw'"
    )
    assert resolve_route(host, config=None).proxy_command == "ssh -W 10.1.1.1:2200 gw"


def test_a_malformed_jump_host_is_a_config_error() -> None:
    with pytest.raises(TransportError) as caught:
        resolve_route(_host("10.1.1.1", auditor_jump_hosts="bad host name"), config=None)
    assert caught.value.kind is ErrorKind.CONFIG
    assert "bad host name" in caught.value.reason


def test_a_given_ssh_config_that_is_missing_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read ssh config .*missing"):
        load_ssh_config(tmp_path / "missing")


def test_the_default_ssh_config_is_optional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert load_ssh_config(None) is None
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "config").write_text("Host x\n    User y\n")
    config = load_ssh_config(None)
    assert config is not None
    assert config.lookup("x")["user"] == "y"

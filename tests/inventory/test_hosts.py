"""Connection settings, secrets and the client rule of each host."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest

from auditor.core.errors import InventoryError
from auditor.inventory import Host, Secrets, load_inventory
from tests.inventory.helpers import error_of, host, load_text

SECRET = "Sup3r-S3cret!"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True), ("True", True), ("YES", True), ("on", True), ("1", True), ("y", True),
        ("false", False), ("False", False), ("no", False), ("OFF", False), ("0", False), ("n", False),
    ],
)  # fmt: skip
def test_become_accepts_ansible_booleans(tmp_path: Path, value: str, expected: bool) -> None:
    ini = load_text(tmp_path / "hosts.ini", f"[g]\nh1\n[g:vars]\nansible_become={value}\n")
    yml = load_text(tmp_path / "inv.yml", f"g:\n  hosts:\n    h1:\n      ansible_become: '{value}'\n")
    assert host(ini, "h1").become is expected
    assert host(yml, "h1").become is expected


def test_yaml_native_booleans(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "inv.yml", "g:\n  hosts:\n    a: {ansible_become: yes}\n    b: {ansible_become: false}\n"
    )
    assert [h.become for h in inventory.hosts] == [True, False]


def test_invalid_boolean(tmp_path: Path) -> None:
    message = error_of(tmp_path / "hosts.ini", "[g]\nh1 ansible_become=maybe\n")
    assert (
        message == f"{tmp_path / 'hosts.ini'}:2: ansible_become 'maybe' is not a boolean (use true or false) (host h1)"
    )


def test_defaults(tmp_path: Path) -> None:
    h1 = host(load_text(tmp_path / "hosts.ini", "[g]\nh1\n"), "h1")
    assert (h1.address, h1.port, h1.user, h1.private_key_file) == ("h1", 22, None, None)
    assert (h1.become, h1.become_user, h1.become_method, h1.connection) == (False, "root", "sudo", "ssh")
    assert h1.secrets == Secrets()
    assert (h1.secrets.become_password, h1.secrets.ssh_password) == (None, None)


def test_connection_settings(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "inv.yml",
        "g:\n  hosts:\n    h1:\n      ansible_host: 198.51.100.7\n      ansible_port: '2022'\n"
        "      ansible_user: 1001\n      ansible_become: true\n      ansible_become_user: admin\n"
        "      ansible_become_method: sudo\n      ansible_connection: paramiko\n"
        "      ansible_private_key_file: /keys/id\n",
    )
    h1 = host(inventory, "h1")
    assert (h1.address, h1.port, h1.user, h1.become, h1.become_user, h1.connection, h1.private_key_file) == (
        "198.51.100.7",
        2022,
        "1001",
        True,
        "admin",
        "paramiko",
        "/keys/id",
    )


@pytest.mark.parametrize("value", ["0", "65536", "abc", "-1", "22.5", "True"])
def test_port_validation_ini(tmp_path: Path, value: str) -> None:
    message = error_of(tmp_path / "x.ini", f"[g]\nh1\n\n[g:vars]\nansible_port={value}\n")
    assert message == f"{tmp_path / 'x.ini'}:5: ansible_port '{value}' is not a port number (host h1)"


def test_port_validation_yaml_names_line(tmp_path: Path) -> None:
    message = error_of(tmp_path / "x.yml", "g:\n  hosts:\n    h1:\n      ansible_user: u\n      ansible_port: [22]\n")
    assert message == f"{tmp_path / 'x.yml'}:5: ansible_port 'a list' is not a port number (host h1)"


@pytest.mark.parametrize("port", ["1", "65535"])
def test_port_bounds_accepted(tmp_path: Path, port: str) -> None:
    assert host(load_text(tmp_path / "x.ini", f"[g]\nh1 ansible_port={port}\n"), "h1").port == int(port)


def test_become_method_other_than_sudo(tmp_path: Path) -> None:
    message = error_of(tmp_path / "x.ini", "[g]\nweb1\n[g:vars]\nansible_become_method=su\n")
    assert message == f"{tmp_path / 'x.ini'}:4: ansible_become_method 'su' is not supported, only sudo (host web1)"


def test_connection_string_is_kept(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "x.ini", "[g]\nw1 ansible_connection=winrm\nl1 ansible_connection=local\n")
    assert [h.connection for h in inventory.hosts] == ["winrm", "local"]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        (f"ansible_become_password='{SECRET}'", "become_password"),
        (f"ansible_become_pass='{SECRET}'", "become_password"),
        (f"ansible_password='{SECRET}'", "ssh_password"),
        (f"ansible_ssh_pass='{SECRET}'", "ssh_password"),
    ],
)
def test_secrets_move_out_of_vars(tmp_path: Path, line: str, field: str) -> None:
    h1 = host(load_text(tmp_path / "x.ini", f"[g]\nh1 {line} other=1\n"), "h1")
    assert getattr(h1.secrets, field) == SECRET
    assert dict(h1.vars) == {"other": 1}
    for text in (repr(h1), str(h1), repr(h1.secrets), str(h1.secrets), repr(h1.vars)):
        assert SECRET not in text
    assert repr(h1.secrets) == "Secrets(<redacted>)"


def test_secrets_from_yaml_and_group_vars(tmp_path: Path) -> None:
    (tmp_path / "group_vars").mkdir()
    (tmp_path / "group_vars" / "g.yml").write_text(f"ansible_become_pass: '{SECRET}'\n")
    (tmp_path / "x.yml").write_text("g:\n  hosts:\n    h1:\n      ansible_password: 1234\n")
    h1 = host(load_inventory(tmp_path / "x.yml"), "h1")
    assert (h1.secrets.become_password, h1.secrets.ssh_password) == (SECRET, "1234")
    assert dict(h1.vars) == {}
    assert SECRET not in repr(h1)


def test_ini_password_kept_verbatim(tmp_path: Path) -> None:
    h1 = host(
        load_text(tmp_path / "x.ini", "[g]\nh1 ansible_become_password=1e3\n[g:vars]\nansible_password=007\n"), "h1"
    )
    assert (h1.secrets.become_password, h1.secrets.ssh_password) == ("1e3", "007")


def test_secrets_do_not_affect_equality_and_hosts_are_hashable(tmp_path: Path) -> None:
    a = host(load_text(tmp_path / "a.ini", "[g]\nh1 ansible_password=one\n"), "h1")
    b = host(load_text(tmp_path / "b.ini", "[g]\nh1 ansible_password=two\n"), "h1")
    assert a == b
    assert hash(a) == hash(b)
    assert pickle.loads(pickle.dumps(a)) == a
    assert copy.deepcopy(a).secrets.ssh_password == "one"


def test_vars_are_a_copy_per_host(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "x.yml", "g:\n  vars:\n    ntp: [a]\n  hosts:\n    h1:\n    h2:\n")
    h1, h2 = inventory.hosts
    h1.vars["ntp"].append("b")
    assert h2.vars["ntp"] == ["a"]


@pytest.mark.parametrize(
    "key", ["ansible_become_password", "ansible_password", "ansible_host", "ansible_user", "ansible_port"]
)
def test_vault_in_connection_field_is_refused(tmp_path: Path, key: str) -> None:
    message = error_of(
        tmp_path / "x.yml",
        f"g:\n  hosts:\n    h1:\n      {key}: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          6162\n",
    )
    assert message == (
        f"{tmp_path / 'x.yml'}:4: {key} is vault-encrypted; use --transport ansible (with --vault-password-file) "
        "or a plain value (host h1)"
    )


def test_template_in_connection_field_is_refused_without_echoing_it(tmp_path: Path) -> None:
    message = error_of(tmp_path / "x.yml", "g:\n  hosts:\n    h1:\n      ansible_become_password: '{{ vault_sudo }}'\n")
    assert message == (
        f"{tmp_path / 'x.yml'}:4: ansible_become_password is a Jinja2 template, which the auditor "
        "does not evaluate; use a plain value (host h1)"
    )


def test_whole_file_vault_is_refused(tmp_path: Path) -> None:
    (tmp_path / "group_vars").mkdir()
    (tmp_path / "group_vars" / "all.yml").write_text("$ANSIBLE_VAULT;1.1;AES256\n6162636465\n")
    (tmp_path / "x.ini").write_text("[g]\nh1\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(tmp_path / "x.ini")
    assert str(caught.value) == (
        f"{tmp_path / 'group_vars' / 'all.yml'}: file is vault-encrypted; "
        "use --transport ansible (with --vault-password-file) or plain values"
    )


# -- client rule ---------------------------------------------------------------------------


def test_client_variable_wins_over_groups(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "x.ini",
        "[acme]\na1\na2 client=host-level\n[linux]\na1\na2\nloose\n[all:vars]\nclient=everyone\n",
    )
    assert [(h.name, h.client) for h in inventory.hosts] == [
        ("a1", "everyone"),
        ("a2", "host-level"),
        ("loose", "everyone"),
    ]


def test_client_from_single_top_level_group_through_children(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "x.ini",
        "[web]\nw1\n[db]\nd1\n[acme:children]\nservers\n[servers:children]\nweb\ndb\n[globex]\ng1\n",
    )
    assert [(h.name, h.client) for h in inventory.hosts] == [("w1", "acme"), ("d1", "acme"), ("g1", "globex")]


def test_children_of_all_are_top_level(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "x.ini", "[all:children]\nacme\n[acme]\na1\n")
    assert host(inventory, "a1").client == "acme"


def test_several_top_level_groups_is_an_error(tmp_path: Path) -> None:
    message = error_of(tmp_path / "x.ini", "[acme]\nweb1\n[linux]\nweb1\n")
    assert message == (
        f"{tmp_path / 'x.ini'}:2: host web1 is in several top-level groups (acme, linux); set a `client` variable"
    )


def test_ungrouped_hosts_are_client_default(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "x.ini", "h1\n[ungrouped]\nh2\n")
    assert [(h.client, h.groups) for h in inventory.hosts] == [("default", ("ungrouped",))] * 2


def test_client_variable_must_be_a_name(tmp_path: Path) -> None:
    message = error_of(tmp_path / "x.yml", "g:\n  hosts:\n    h1:\n      client: [a, b]\n")
    assert message == f"{tmp_path / 'x.yml'}:4: client must be a string, found a list (host h1)"


def test_host_constructor_defaults() -> None:
    assert Host(name="h", client="c", address="h").vars == {}

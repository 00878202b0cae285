"""Malformed inventories: one InventoryError line naming the file and, where known, the line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.core.errors import AuditorError, InventoryError
from auditor.inventory import load_inventory
from tests.inventory.helpers import error_of, write


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("[acme]\nh1\n\n\n\n\n[acme\nh2\n", 7, "unterminated section header '[acme'"),
        ("[a b]\nh1\n", 1, "invalid section header '[a b]' (group names cannot contain spaces or ':')"),
        ("[acme:hostz]\nh1\n", 1, "unknown section type 'hostz' in '[acme:hostz]' (expected hosts, children or vars)"),
        ("[g]\nh0\nh1 ansible_port 22\n", 3, "invalid host variable 'ansible_port' (expected 'key=value')"),
        ("[g]\nh1 =x\n", 2, "invalid host variable '=x' (expected 'key=value')"),
        ("[g]\nh1 a='unclosed\n", 2, "cannot read host line: No closing quotation"),
        ("[g]\nh1\n[g:vars]\nansible_become_pass: hunter2\n", 4,
         "invalid group variable 'ansible_become_pass' (expected 'key=value')"),
        ("[g]\nh1\n[g:children]\ntwo words\n", 4, "invalid child group name 'two words' (one group name per line)"),
        ("[g:children]\nall\n", 2, "group 'all' cannot be a child group"),
        ("[g]\nweb[3:1]\n", 2, "invalid host range '[3:1]' in 'web[3:1]' (start is after end)"),
        ("[g]\nweb[01:3]\n", 2,
         "invalid host range '[01:3]' in 'web[01:3]' (zero-padded start and end must have the same length)"),
        ("[g]\nweb[1:x]\n", 2, "invalid host range '[1:x]' in 'web[1:x]' (expected numbers or single letters)"),
        ("[g]\nweb[1:3\n", 2, "invalid host range in 'web[1:3' (missing ']')"),
        ("[g]\nweb[1:9999999]\n", 2, "host range 'web[1:9999999]' gives more than 100000 hosts"),
        ("[g]\nh1:99999\n", 2, "port '99999' in host 'h1:99999' is not a port number"),
        ("[g]\nh1:\n", 2, "port '' in host 'h1:' is not a port number"),
        ("[g]\nh1\n\n\n\n\n\n\n[g:vars]\nansible_port=abc\n", 10, "ansible_port 'abc' is not a port number (host h1)"),
        ("[g]\nh1\n[g:vars]\nansible_group_priority=high\n", 4,
         "ansible_group_priority 'high' of group 'g' is not a number"),
        ("[g]\nh1 ansible_host=''\n", 2, "ansible_host is empty (host h1)"),
    ],
)  # fmt: skip
def test_ini_errors(tmp_path: Path, text: str, where: int, problem: str) -> None:
    assert error_of(tmp_path / "x.ini", text) == f"{tmp_path / 'x.ini'}:{where}: {problem}"


def test_ini_password_is_not_echoed_in_errors(tmp_path: Path) -> None:
    message = error_of(tmp_path / "x.ini", "[g]\nh1 ansible_password=my secret words\n")
    assert message == (
        f"{tmp_path / 'x.ini'}:2: invalid host variable after 'ansible_password' "
        "(expected 'key=value'; quote values that contain spaces)"
    )
    assert "secret" not in message.replace("'ansible_password'", "")


def test_variable_in_children_section_is_not_echoed(tmp_path: Path) -> None:
    message = error_of(tmp_path / "x.ini", "[g]\nh1\n[g:children]\nansible_password=hunter2\n")
    assert (
        message == f"{tmp_path / 'x.ini'}:4: invalid child group name 'ansible_password=...' (one group name per line)"
    )


def test_group_cycle(tmp_path: Path) -> None:
    text = "[a:children]\nb\n[b:children]\nc\n[c:children]\na\n[c]\nh1\n"
    assert error_of(tmp_path / "x.ini", text) == f"{tmp_path / 'x.ini'}:6: group cycle: a -> b -> c -> a"


def test_group_child_of_itself(tmp_path: Path) -> None:
    assert error_of(tmp_path / "x.ini", "[g]\nh1\n[g:children]\ng\n") == f"{tmp_path / 'x.ini'}:4: group cycle: g -> g"


def test_yaml_group_cycle(tmp_path: Path) -> None:
    text = "a:\n  hosts:\n    h1:\n  children:\n    b:\n      children:\n        a:\n"
    assert error_of(tmp_path / "x.yml", text) == f"{tmp_path / 'x.yml'}:7: group cycle: a -> b -> a"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("all:\n  hosts:\n    h1:\n   bad: [\n", "4: YAML error: "),
        ("all:\n  hosts:\n    web1: {ansible_port: [\n", "4: YAML error: "),
        ("all:\n\thosts:\n", "2: YAML error: found character '\\t' that cannot start any token (column 1)"),
        ("all:\n  hosts: [h1, h2]\n", "2: 'hosts' of group 'all' must be a mapping, found a list"),
        ("all:\n  host:\n    h1:\n", "2: unexpected key 'host' in group 'all' (expected hosts, children or vars)"),
        ("all:\n  vars: [1]\n", "2: vars of group 'all' must be a mapping, found a list"),
        ("all:\n  hosts:\n    h1: 22\n", "3: vars of host 'h1' must be a mapping, found a number"),
        ("all:\n  hosts:\n    h1:\n      1: x\n", "4: variable name 1 in vars of host 'h1' is not a string"),
        ("all:\n  children:\n    acme: [h1]\n",
         "3: group 'acme' must be a mapping of hosts, children and vars, found a list"),
        ("all:\n  hosts:\n    h1:\n---\nx:\n",
         "4: YAML error: expected a single document in the stream but found another document (column 1)"),
        ("all:\n  hosts:\n    h1: !python/object:os.system {}\n",
         "3: YAML error: could not determine a constructor for the tag '!python/object:os.system' (column 9)"),
    ],
)  # fmt: skip
def test_yaml_errors(tmp_path: Path, text: str, problem: str) -> None:
    message = error_of(tmp_path / "x.yml", text)
    assert message.startswith(f"{tmp_path / 'x.yml'}:{problem}")


def test_yaml_top_level_not_a_mapping(tmp_path: Path) -> None:
    assert error_of(tmp_path / "x.yml", "- h1\n- h2\n") == (
        f"{tmp_path / 'x.yml'}: expected a mapping of groups at the top level, found a list"
    )


def test_yaml_inventory_plugin_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path / "aws_ec2.yml", "plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n")
    assert message.startswith(f"{tmp_path / 'aws_ec2.yml'}: inventory plugin 'amazon.aws.aws_ec2' is not supported")


def test_group_vars_yaml_error_names_that_file(tmp_path: Path) -> None:
    write(tmp_path / "x.ini", "[g]\nh1\n")
    write(tmp_path / "group_vars/g.yml", "ok: 1\nbad: [\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(tmp_path / "x.ini")
    assert str(caught.value).startswith(f"{tmp_path / 'group_vars' / 'g.yml'}:3: YAML error: ")


def test_group_vars_file_must_be_a_mapping(tmp_path: Path) -> None:
    write(tmp_path / "x.ini", "[g]\nh1\n")
    write(tmp_path / "host_vars/h1.yml", "- a\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(tmp_path / "x.ini")
    assert str(caught.value) == f"{tmp_path / 'host_vars' / 'h1.yml'}: a variables file must be a mapping, found a list"


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InventoryError) as caught:
        load_inventory(tmp_path / "nope.ini")
    assert str(caught.value) == f"inventory not found: {tmp_path / 'nope.ini'}"
    assert isinstance(caught.value, AuditorError)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "x.ini", "[g]\nh1\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value) == f"{path}: cannot read: Permission denied"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    path = write(tmp_path / "x.ini", "[g]\nh1\n")
    path.chmod(0)
    with pytest.raises(InventoryError, match="cannot read: Permission denied"):
        load_inventory(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.ini"
    path.write_bytes(b"[g]\nh1\nh2 x=\xff\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value) == f"{path}:3: not UTF-8 text"


def test_no_hosts(tmp_path: Path) -> None:
    assert error_of(tmp_path / "x.ini", "# nothing\n[empty]\n") == f"{tmp_path / 'x.ini'}: the inventory has no hosts"


def test_empty_directory(tmp_path: Path) -> None:
    write(tmp_path / "README.md", "not an inventory\n")
    with pytest.raises(InventoryError) as caught:
        load_inventory(tmp_path)
    assert str(caught.value) == f"{tmp_path}: no inventory files in this directory"


def test_executable_script_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "inventory.py", "#!/usr/bin/env python3\nprint('{}')\n")
    path.chmod(0o755)
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    assert str(caught.value).startswith(f"{path}: executable inventory scripts are not supported")


def test_bad_host_list() -> None:
    with pytest.raises(InventoryError) as caught:
        load_inventory("web1,web2:http,")
    assert str(caught.value) == "host list 'web1,web2:http,': port 'http' in host 'web2:http' is not a port number"

"""INI, YAML, directories and host lists all give the hosts Ansible would see."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from auditor.inventory import Host, load_inventory
from tests.inventory.helpers import FIXTURES, host, load_text, write

EQUIVALENT = FIXTURES / "equivalent"
ORDER = ["loose.example.net", "web01.acme.example", "web02.acme.example", "db1.acme.example", "gx1.globex.example"]


@pytest.mark.parametrize("name", ["hosts.ini", "hosts.yml"])
def test_equivalent_inventory_hosts(name: str) -> None:
    inventory = load_inventory(EQUIVALENT / name)
    assert inventory.sources == (EQUIVALENT / name,)
    assert [h.name for h in inventory.hosts] == ORDER
    web01 = host(inventory, "web01.acme.example")
    assert web01 == Host(
        name="web01.acme.example",
        client="acme",
        address="web01.acme.example",
        user="deploy",
        groups=("acme", "servers", "web"),
        vars={
            "ntp_server": "ntp.example.net",
            "level": "web",
            "tier": "gold",
            "http_port": 8080,
            "ansible_user": "deploy",
        },
    )
    db1 = host(inventory, "db1.acme.example")
    assert (db1.port, db1.become, db1.groups, db1.vars["level"]) == (2222, True, ("acme", "db", "servers"), "servers")
    gx1 = host(inventory, "gx1.globex.example")
    assert (gx1.client, gx1.address, gx1.groups) == ("globex-corp", "192.0.2.10", ("globex",))
    loose = host(inventory, "loose.example.net")
    assert (loose.client, loose.groups, dict(loose.vars)) == (
        "default",
        ("ungrouped",),
        {"ntp_server": "ntp.example.net", "level": "all"},
    )


def test_ini_and_yaml_give_equal_hosts() -> None:
    assert load_inventory(EQUIVALENT / "hosts.ini").hosts == load_inventory(EQUIVALENT / "hosts.yml").hosts


def test_path_may_be_a_string() -> None:
    assert [h.name for h in load_inventory(str(EQUIVALENT / "hosts.ini")).hosts] == ORDER


def test_ini_host_ranges(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "hosts",
        "[r]\nweb[01:03].x\ndb-[a:c]\nn[1:7:3]\nrack[1:2]-u[8:9]\nweb[08:10]:2200\n",
    )
    assert [h.name for h in inventory.hosts] == [
        "web01.x", "web02.x", "web03.x",
        "db-a", "db-b", "db-c",
        "n1", "n4", "n7",
        "rack1-u8", "rack1-u9", "rack2-u8", "rack2-u9",
        "web08", "web09", "web10",
    ]  # fmt: skip
    assert host(inventory, "web09").port == 2200
    assert host(inventory, "web01.x").port == 22


def test_yaml_host_ranges_and_port(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "inv.yaml", "all:\n  hosts:\n    app[1:2]:2201:\n      ansible_user: ops\n")
    assert [(h.name, h.port, h.user) for h in inventory.hosts] == [("app1", 2201, "ops"), ("app2", 2201, "ops")]


def test_ini_literal_values(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "hosts.ini",
        "[g]\n"
        "h1 n=22 s='22' q=\"two words\" t=True l=\"[1, 'a']\" plain=web-01 empty= # comment\n"
        "[g:vars]\n"
        "gn=10\n"
        "gs=FALSE\n"
        "gl=['x', 'y']\n"
        "gtext=a b # not a comment in a vars section\n",
    )
    assert dict(host(inventory, "h1").vars) == {
        "gn": 10,
        "gs": "FALSE",
        "gl": ["x", "y"],
        "gtext": "a b # not a comment in a vars section",
        "n": 22,
        "s": 22,  # shell-style quotes are removed before the literal parse, as in Ansible
        "q": "two words",
        "t": True,
        "l": [1, "a"],
        "plain": "web-01",
        "empty": "",
    }


def test_ini_comments_and_hosts_before_sections(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "hosts.ini",
        "# comment\n; another\nfree1\n\n[all]\nfree2\n[g] # trailing comment\n  g1  \n[all:vars]\nx=1\n",
    )
    assert [(h.name, h.groups, h.client) for h in inventory.hosts] == [
        ("free1", ("ungrouped",), "default"),
        ("free2", ("ungrouped",), "default"),
        ("g1", ("g",), "g"),
    ]


def test_host_listed_in_ungrouped_and_a_group_leaves_ungrouped(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "hosts.ini", "h1\n[g]\nh1\n")
    assert host(inventory, "h1").groups == ("g",)


def test_yaml_detected_by_content_without_extension(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "hosts", "# yaml inventory\nall:\n  children:\n    acme:\n      hosts:\n        a1:\n"
    )
    assert [(h.name, h.client) for h in inventory.hosts] == [("a1", "acme")]


def test_yaml_null_hosts_groups_and_string_sections(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "inv.yml",
        "all:\n  children:\n    empty:\n    acme:\n      hosts: a1\n      children:\n        web:\n"
        "          hosts:\n            w1:\n            w2: ~\n",
    )
    assert [(h.name, h.groups) for h in inventory.hosts] == [
        ("a1", ("acme",)),
        ("w1", ("acme", "web")),
        ("w2", ("acme", "web")),
    ]


def test_yaml_top_level_groups_without_all(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "inv.yml", "acme:\n  hosts:\n    a1:\nglobex:\n  hosts:\n    g1:\n")
    assert [(h.name, h.client) for h in inventory.hosts] == [("a1", "acme"), ("g1", "globex")]


def test_yaml_vault_value_kept_as_placeholder(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "inv.yml",
        "all:\n  hosts:\n    h1:\n      api_token: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n"
        "          6162636465\n      nested:\n        key: !vault '$ANSIBLE_VAULT;1.1;AES256 00'\n"
        "      raw: !unsafe '{{ not templated }}'\n",
    )
    assert dict(host(inventory, "h1").vars) == {
        "api_token": "<vault>",
        "nested": {"key": "<vault>"},
        "raw": "{{ not templated }}",
    }


def test_comma_separated_host_list() -> None:
    inventory = load_inventory("web1, web2:2222,,10.0.0.5,")
    assert inventory.sources == ()
    assert [(h.name, h.port, h.client, h.groups) for h in inventory.hosts] == [
        ("web1", 22, "default", ("ungrouped",)),
        ("web2", 2222, "default", ("ungrouped",)),
        ("10.0.0.5", 22, "default", ("ungrouped",)),
    ]


def test_comma_in_an_existing_path_is_a_path(tmp_path: Path) -> None:
    path = write(tmp_path / "a,b.ini", "[acme]\nh1\n")
    assert [h.name for h in load_inventory(str(path)).hosts] == ["h1"]


def test_directory_inventory() -> None:
    folder = FIXTURES / "directory"
    inventory = load_inventory(folder)
    assert inventory.sources == (folder / "10-acme.ini", folder / "20-globex.yml", folder / "sub" / "30-initech")
    assert [(h.name, h.client) for h in inventory.hosts] == [
        ("a1.acme.example", "acme"),
        ("a2.acme.example", "acme"),
        ("g1.globex.example", "globex"),
        ("i1.initech.example", "initech"),
    ]
    assert {h.vars["site"] for h in inventory.hosts} == {"from-directory-group-vars"}


def test_directory_sources_merge_groups(tmp_path: Path) -> None:
    write(tmp_path / "a.ini", "[acme]\nh1 x=1\n[acme:vars]\nv=a\n")
    write(tmp_path / "b.yml", "acme:\n  hosts:\n    h1: {y: 2}\n    h2:\n  vars:\n    v: b\n")
    inventory = load_inventory(tmp_path)
    assert [(h.name, dict(h.vars)) for h in inventory.hosts] == [
        ("h1", {"v": "b", "x": 1, "y": 2}),
        ("h2", {"v": "b"}),
    ]


def test_ipv6_hosts_keep_their_colons(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "hosts.ini", "[v6]\nfe80::1\n[2001:db8::5]:2222\n")
    assert [(h.name, h.port) for h in inventory.hosts] == [("fe80::1", 22), ("2001:db8::5", 2222)]


def test_private_key_file_expands_home(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "hosts.ini", "[g]\nh1 ansible_ssh_private_key_file=~/.ssh/id_acme\n")
    assert host(inventory, "h1").private_key_file == os.path.expanduser("~/.ssh/id_acme")
    assert not host(inventory, "h1").private_key_file.startswith("~")  # type: ignore[union-attr]

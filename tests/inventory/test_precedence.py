"""Variable precedence follows Ansible's default order; see auditor.inventory.resolve."""

from __future__ import annotations

from pathlib import Path

from auditor.inventory import load_inventory
from tests.inventory.helpers import FIXTURES, host, load_text, write

PRECEDENCE = FIXTURES / "precedence" / "hosts.ini"


def test_each_level_overrides_the_one_below() -> None:
    h1 = host(load_inventory(PRECEDENCE), "h1")
    assert h1.groups == ("child", "parent")
    assert dict(h1.vars) == {
        "a": "all-inline",  # all only
        "b": "parent-inline",  # all < parent
        "c": "child-inline",  # parent < child
        "d": "host-inline",  # child < host inline
        "e": "host-file",  # host inline < host_vars file
        "f": "child-file",  # inline group vars < group_vars file of the same group
        "g": "parent-file",  # any group_vars file beats inline group vars (Ansible's order)
        "h": "all-file",  # even group_vars/all beats a child's inline vars
        "i": "parent-file",  # group_vars/all < group_vars/parent
        "j": "child-file",  # group_vars/parent < group_vars/child
        "k": "first",
        "l": "second",  # group_vars/child/ files merged in name order, hidden/backup/.txt skipped
        "dictvar": {"y": 3},  # dicts are replaced, not merged
    }


def test_group_vars_directory_wins_over_same_named_file() -> None:
    h1 = host(load_inventory(PRECEDENCE), "h1")
    assert "only_in_child_yml" not in h1.vars


def test_same_depth_groups_merge_in_name_order() -> None:
    h2 = host(load_inventory(PRECEDENCE), "h2")
    assert h2.groups == ("alpha", "beta", "other", "parent")
    assert h2.vars["same_depth"] == "beta"
    assert h2.client == "parent"


def test_group_priority_reorders_same_depth_groups(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "hosts.ini",
        "[top:children]\nalpha\nbeta\n[alpha]\nh1\n[beta]\nh1\n"
        "[alpha:vars]\nv=alpha\nansible_group_priority=5\n[beta:vars]\nv=beta\n",
    )
    assert host(inventory, "h1").vars["v"] == "alpha"


def test_depth_beats_name_order(tmp_path: Path) -> None:
    # 'aaa' sorts first but is deeper, so it wins over its parent 'zzz'.
    inventory = load_text(
        tmp_path / "hosts.ini",
        "[zzz:children]\naaa\n[aaa]\nh1\n[aaa:vars]\nv=aaa\n[zzz:vars]\nv=zzz\n",
    )
    assert host(inventory, "h1").vars["v"] == "aaa"


def test_later_host_declaration_overrides_inline_vars(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "hosts.ini", "[a]\nh1 v=first w=kept\n[b:children]\na\nc\n[c]\nh1 v=second\n")
    h1 = host(inventory, "h1")
    assert (h1.vars["v"], h1.vars["w"]) == ("second", "kept")


def test_host_vars_file_variants(tmp_path: Path) -> None:
    write(tmp_path / "hosts.ini", "[g]\nh1\nh2\nh3\n")
    write(tmp_path / "host_vars/h1", "from: plain\n")
    write(tmp_path / "host_vars/h2.json", '{"from": "json"}')
    write(tmp_path / "host_vars/h3/a.yml", "from: dir-a\nkeep: a\n")
    write(tmp_path / "host_vars/h3/b", "from: dir-b\n")
    inventory = load_inventory(tmp_path / "hosts.ini")
    assert [dict(h.vars) for h in inventory.hosts] == [
        {"from": "plain"},
        {"from": "json"},
        {"from": "dir-b", "keep": "a"},
    ]


def test_connection_alias_ansible_ssh_wins_like_ansible(tmp_path: Path) -> None:
    inventory = load_text(
        tmp_path / "hosts.ini",
        "[g]\nh1 ansible_user=low ansible_host=10.0.0.1 ansible_port=2000\n"
        "[g:vars]\nansible_ssh_user=high\nansible_ssh_host=10.0.0.2\nansible_ssh_port=3000\n",
    )
    h1 = host(inventory, "h1")
    assert (h1.user, h1.address, h1.port) == ("high", "10.0.0.2", 3000)


def test_null_value_falls_back_to_default(tmp_path: Path) -> None:
    inventory = load_text(tmp_path / "inv.yml", "all:\n  hosts:\n    h1:\n      ansible_user:\n      ansible_port: ~\n")
    h1 = host(inventory, "h1")
    assert (h1.user, h1.port) == (None, 22)

"""Inventory loading is linear in the number of hosts: a 100,000-host range loads in bounded work."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.core.safeyaml import YamlBoundsError, check_bounds, safe_load
from auditor.inventory import load_inventory
from auditor.inventory.ini import parse_ini
from auditor.inventory.raw import RawInventory


def _cpu_seconds(work: Callable[[], int]) -> tuple[int, float]:
    started = time.process_time()
    count = work()
    return count, time.process_time() - started


def _parse_range(last: int) -> int:
    raw = RawInventory()
    parse_ini(f"[web]\nweb[1:{last}]\n", path=Path("hosts.ini"), inventory=raw)
    return len(raw.groups["web"].hosts)


def test_a_100k_host_range_parses_in_linear_work() -> None:
    small_hosts, small_cpu = _cpu_seconds(lambda: _parse_range(10_000))
    large_hosts, large_cpu = _cpu_seconds(lambda: _parse_range(100_000))
    assert (small_hosts, large_hosts) == (10_000, 100_000)
    # Linear work gives a ratio near 10; the group membership list this replaces gave ~100 (a
    # 20,000-host group spent 5.4 s of its 7.9 s in one list lookup; web[00001:99999] took over
    # 90 s). CPU time, not wall time, so a busy machine does not make this flaky.
    assert large_cpu / max(small_cpu, 0.01) < 35, (small_cpu, large_cpu)
    assert large_cpu < 20


def test_whole_inventory_loading_is_linear(tmp_path: Path) -> None:
    small, large = tmp_path / "small.ini", tmp_path / "large.ini"
    small.write_text("[web]\nweb[0001:2000]\n")
    large.write_text("[web]\nweb[00001:20000]\n")
    small_hosts, small_cpu = _cpu_seconds(lambda: len(load_inventory(small).hosts))
    large_hosts, large_cpu = _cpu_seconds(lambda: len(load_inventory(large).hosts))
    assert (small_hosts, large_hosts) == (2_000, 20_000)
    assert large_cpu / max(small_cpu, 0.01) < 35, (small_cpu, large_cpu)


def test_yaml_inventory_of_many_hosts_keeps_every_host(tmp_path: Path) -> None:
    path = tmp_path / "hosts.yml"
    lines = ["all:", "  children:", "    web:", "      hosts:"]
    lines += [f"        h{number}.example:" for number in range(5_000)]
    path.write_text("\n".join(lines) + "\n")
    inventory = load_inventory(path)
    assert len(inventory.hosts) == 5_000
    assert inventory.hosts[-1].name == "h4999.example"


def _laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_before_it_is_expanded() -> None:
    started = time.process_time()
    with pytest.raises(YamlBoundsError, match="aliases are expanded"):
        safe_load(_laughs(9))  # 9**9 = 387 million strings if expanded
    assert time.process_time() - started < 5
    assert safe_load(_laughs(3))["a2"][0][0][0] == "lol"  # a few aliases are ordinary YAML


def test_deep_nesting_is_refused_without_recursion() -> None:
    import yaml

    node = yaml.compose("x: " + "[" * 60 + "]" * 60)
    deep = yaml.compose("x: " + "[" * 70 + "]" * 70)
    assert node is not None and deep is not None
    check_bounds(node)
    with pytest.raises(YamlBoundsError, match="levels deep"):
        check_bounds(deep)

"""`Inventory.select` (Ansible-like --limit) and `Inventory.clients`."""

from __future__ import annotations

import pytest

from auditor.core.errors import InventoryError
from auditor.inventory import Inventory, load_inventory
from tests.inventory.helpers import FIXTURES

# hosts: loose.example.net (ungrouped), web01/web02.acme.example (web), db1.acme.example (db),
# gx1.globex.example (globex); acme > servers > {web, db}
EQUIVALENT = FIXTURES / "equivalent" / "hosts.ini"
EVERY_HOST = ["loose.example.net", "web01.acme.example", "web02.acme.example", "db1.acme.example", "gx1.globex.example"]


@pytest.fixture
def inventory() -> Inventory:
    return load_inventory(EQUIVALENT)


def names(inventory: Inventory) -> list[str]:
    return [h.name for h in inventory.hosts]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("all", EVERY_HOST),
        ("*", EVERY_HOST),
        ("acme", ["web01.acme.example", "web02.acme.example", "db1.acme.example"]),
        ("db1.acme.example", ["db1.acme.example"]),
        ("gx1.globex.example,web", ["web01.acme.example", "web02.acme.example", "gx1.globex.example"]),
        ("globex:db", ["db1.acme.example", "gx1.globex.example"]),
        ("web0*", ["web01.acme.example", "web02.acme.example"]),
        ("*.acme.example", ["web01.acme.example", "web02.acme.example", "db1.acme.example"]),
        ("serv*", ["web01.acme.example", "web02.acme.example", "db1.acme.example"]),
        ("acme,!web02.acme.example", ["web01.acme.example", "db1.acme.example"]),
        ("acme:!db", ["web01.acme.example", "web02.acme.example"]),
        ("!acme", ["loose.example.net", "gx1.globex.example"]),
        ("servers:&web", ["web01.acme.example", "web02.acme.example"]),
        ("ungrouped", ["loose.example.net"]),
        ("~web0[12]", ["web01.acme.example", "web02.acme.example"]),
        (" acme , !web ", ["db1.acme.example"]),
        ("!nothing-like-this", EVERY_HOST),
    ],
)  # fmt: skip
def test_select_patterns(inventory: Inventory, pattern: str, expected: list[str]) -> None:
    selected = inventory.select(pattern)
    assert names(selected) == expected
    assert selected.sources == inventory.sources


def test_select_none_is_everything(inventory: Inventory) -> None:
    assert inventory.select(None) == inventory


def test_unknown_term_is_an_error(inventory: Inventory) -> None:
    with pytest.raises(InventoryError) as caught:
        inventory.select("acme,acmee")
    assert str(caught.value) == "host pattern 'acme,acmee': 'acmee' matches no host or group"


def test_empty_selection_is_an_error(inventory: Inventory) -> None:
    with pytest.raises(InventoryError) as caught:
        inventory.select("web:!acme")
    assert str(caught.value) == "host pattern 'web:!acme' selects no host"


@pytest.mark.parametrize("pattern", ["", " , "])
def test_empty_pattern_is_an_error(inventory: Inventory, pattern: str) -> None:
    with pytest.raises(InventoryError, match="empty host pattern"):
        inventory.select(pattern)


def test_bad_regex_is_an_error(inventory: Inventory) -> None:
    with pytest.raises(InventoryError, match=r"invalid regular expression '~web\['"):
        inventory.select("~web[")


def test_clients(inventory: Inventory) -> None:
    clients = inventory.clients()
    assert list(clients) == ["acme", "default", "globex-corp"]
    assert [h.name for h in clients["acme"]] == ["web01.acme.example", "web02.acme.example", "db1.acme.example"]
    assert [h.name for h in clients["default"]] == ["loose.example.net"]
    assert [h.name for h in inventory.select("acme").clients()["acme"]] == [h.name for h in clients["acme"]]

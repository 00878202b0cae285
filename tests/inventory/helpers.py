"""Shared helpers for the inventory tests: fixture paths and small files written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.core.errors import InventoryError
from auditor.inventory import Host, Inventory, load_inventory

FIXTURES = Path(__file__).parent / "fixtures"


def write(path: Path, text: str) -> Path:
    """Write `text` to `path` (parents created) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def load_text(path: Path, text: str) -> Inventory:
    return load_inventory(write(path, text))


def host(inventory: Inventory, name: str) -> Host:
    found = [candidate for candidate in inventory.hosts if candidate.name == name]
    assert len(found) == 1, [candidate.name for candidate in inventory.hosts]
    return found[0]


def error_of(path: Path, text: str) -> str:
    """The one-line message of the InventoryError that loading this file raises."""
    write(path, text)
    with pytest.raises(InventoryError) as caught:
        load_inventory(path)
    message = str(caught.value)
    assert "\n" not in message
    return message

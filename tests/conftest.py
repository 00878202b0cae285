"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stores import BACKENDS, store_url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty run store URL: once on SQLite, once on the real PostgreSQL server."""
    with store_url(request.param, tmp_path) as url:
        yield url

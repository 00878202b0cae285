"""Run stores for tests: a SQLite file, and a fresh database on the real PostgreSQL server that
scripts/test starts (scripts/pg; URL in AUDITOR_TEST_PG_URL)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

BACKENDS = ("sqlite", "postgresql")


@contextmanager
def postgres_database() -> Iterator[str]:
    admin_url = os.environ.get("AUDITOR_TEST_PG_URL")
    if not admin_url:
        if os.environ.get("AUDITOR_LAB") == "1":
            pytest.fail("AUDITOR_TEST_PG_URL is not set: scripts/test starts PostgreSQL (scripts/pg start)")
        pytest.skip("no PostgreSQL server (run scripts/pg start and set AUDITOR_TEST_PG_URL)")
    name = f"auditor_test_{secrets.token_hex(4)}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'auditor.db'}"
        return
    with postgres_database() as url:
        yield url

"""Schema revisions: the fast check that a store is current agrees with Alembic, a current store is
opened without importing Alembic at all, and a new store built in one step has exactly the schema
the migrations build."""

from __future__ import annotations

import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from auditor.store.database import Store
from auditor.store.db.migrate import head_revision
from tests.stores import BACKENDS, store_url


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(files("auditor.store.db") / "migrations"))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()


OPEN_AND_REPORT = """
import sys
from auditor.store.database import Store
Store(sys.argv[1]).list_runs()
print("alembic" in sys.modules)
"""


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("auditor.store.db") / "migrations"))
    return config


def _migrate(url: str, revision: str) -> None:
    """Build the store the long way: every migration up to `revision`, through Alembic."""
    engine = sa.create_engine(url)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _opens_with_alembic(url: str) -> bool:
    done = subprocess.run([sys.executable, "-c", OPEN_AND_REPORT, url], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


def test_new_and_current_stores_open_without_alembic_and_an_old_one_is_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'auditor.db'}"
    assert not _opens_with_alembic(url), "a new store is built in one step"
    assert not _opens_with_alembic(url), "a current store needs no Alembic"
    assert Store(url).list_runs() == []
    old = f"sqlite:///{tmp_path / 'old.db'}"
    _migrate(old, "0005")
    assert _opens_with_alembic(old), "a store at an older revision goes through the migrations"
    assert _schema(sa.create_engine(old)) == _schema(sa.create_engine(url))


def _schema(engine: sa.Engine) -> dict[str, Any]:
    """Every table as the database reports it: columns, keys, indexes, constraints, and the version row."""
    inspector = sa.inspect(engine)
    tables: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        tables[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default")), c.get("autoincrement"))
                for c in inspector.get_columns(table)
            ],
            "primary key": inspector.get_pk_constraint(table),
            "foreign keys": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]), str(fk["name"]))
                for fk in inspector.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (ix["name"], tuple(ix["column_names"]), bool(ix["unique"])) for ix in inspector.get_indexes(table)
            ),
            "unique": sorted(
                (str(uc["name"]), tuple(uc["column_names"])) for uc in inspector.get_unique_constraints(table)
            ),
            "checks": sorted((str(ck["name"]), ck["sqltext"]) for ck in inspector.get_check_constraints(table)),
        }
    with engine.connect() as connection:
        tables["revision"] = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    engine.dispose()
    return tables


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_new_store_has_the_schema_the_migrations_build(backend: str, tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with store_url(backend, tmp_path / "one") as built, store_url(backend, tmp_path / "two") as migrated:
        Store(built)  # a new, empty database: the one-step path
        _migrate(migrated, "head")
        one, other = _schema(sa.create_engine(built)), _schema(sa.create_engine(migrated))
        assert one["revision"] == other["revision"] == [head_revision()]
        assert one == other

"""Bring a store's schema to the newest revision with Alembic, on the store's own connection.

Every command opens the store, and almost always it is current already: that case is decided
by reading the `alembic_version` row and the revision lines of the migration files, without
importing Alembic (a third of a second of start-up for `auditor runs`, `report`, `diff`). Only a
store that needs upgrading, or is at a revision this auditor does not know, goes through Alembic.

A new, empty database is given the newest schema in one step (the tables as auditor.store.db.schema
defines them, and the head revision recorded as Alembic records it) rather than by replaying every
migration through Alembic: half a second of a first run's start-up (importing Alembic, then each
migration's batch operations), for the same schema (tests/store/test_migrate.py compares a database
built each way, table by table, column by column, index by index).
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from auditor.core.errors import StoreError
from auditor.store.db.revision import head_revision as head_revision  # re-exported: read without SQLAlchemy

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory


def upgrade(engine: Engine) -> None:
    """Apply every migration the database has not seen yet (a no-op when it is current)."""
    if _is_current(engine) or _create_new(engine):
        return
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        _refuse_unknown_revision(connection, _scripts(config))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def require_current(engine: Engine) -> None:
    """For a store opened read-only: it must already be at the newest revision (it cannot be migrated)."""
    if _is_current(engine):
        return
    from alembic.runtime.migration import MigrationContext

    scripts = _scripts(_config())
    with engine.connect() as connection:
        _refuse_unknown_revision(connection, scripts)
        current = MigrationContext.configure(connection).get_current_heads()
    if set(current) != {scripts.get_current_head()}:
        raise StoreError(
            "the run store is read-only and at an older schema revision "
            f"({', '.join(current) or 'none'}); open it once with write access to upgrade it"
        )


def _is_current(engine: Engine) -> bool:
    """True when the store's recorded revision is the newest one; any doubt (no table yet, several
    heads, a driver error) answers False and leaves the decision to Alembic."""
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False
    return list(current) == [head]


def _create_new(engine: Engine) -> bool:
    """Give a database without any table the newest schema and record its revision; False (and
    nothing done) when it has tables already or the head revision cannot be read from the files."""
    head = head_revision()
    if head is None:
        return False
    from auditor.store.db.schema import Base

    with engine.begin() as connection:
        if inspect(connection).get_table_names():
            return False
        Base.metadata.create_all(connection)
        version = version_table()
        version.create(connection)
        connection.execute(version.insert().values(version_num=head))
    return True


def version_table() -> Table:
    """Alembic's version table as Alembic creates it (alembic.ddl.impl.version_table_impl)."""
    return Table(
        "alembic_version",
        MetaData(),
        Column("version_num", String(32), nullable=False),
        PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
    )


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("auditor.store.db") / "migrations"))
    return config


def _scripts(config: Config) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config)


def _refuse_unknown_revision(connection: Connection, scripts: ScriptDirectory) -> None:
    """A store written by a newer auditor is left untouched, with one line saying so."""
    from alembic.runtime.migration import MigrationContext

    current = MigrationContext.configure(connection).get_current_heads()
    known = {script.revision for script in scripts.walk_revisions()}
    unknown = sorted(set(current) - known)
    if unknown:
        raise StoreError(
            f"the run store is at schema revision {', '.join(unknown)}, newer than this auditor knows "
            f"(up to {scripts.get_current_head()}); upgrade auditor to read it"
        )

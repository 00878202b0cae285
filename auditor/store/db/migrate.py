"""Bring a store's schema to the newest revision with Alembic, on the store's own connection."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from auditor.core.errors import StoreError


def upgrade(engine: Engine) -> None:
    """Apply every migration the database has not seen yet (a no-op when it is current)."""
    config = Config()
    config.set_main_option("script_location", str(files("auditor.store.db") / "migrations"))
    with engine.begin() as connection:
        _refuse_unknown_revision(connection, ScriptDirectory.from_config(config))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def require_current(engine: Engine) -> None:
    """For a store opened read-only: it must already be at the newest revision (it cannot be migrated)."""
    config = Config()
    config.set_main_option("script_location", str(files("auditor.store.db") / "migrations"))
    scripts = ScriptDirectory.from_config(config)
    with engine.connect() as connection:
        _refuse_unknown_revision(connection, scripts)
        current = MigrationContext.configure(connection).get_current_heads()
    if set(current) != {scripts.get_current_head()}:
        raise StoreError(
            "the run store is read-only and at an older schema revision "
            f"({', '.join(current) or 'none'}); open it once with write access to upgrade it"
        )


def _refuse_unknown_revision(connection: Connection, scripts: ScriptDirectory) -> None:
    """A store written by a newer auditor is left untouched, with one line saying so."""
    current = MigrationContext.configure(connection).get_current_heads()
    known = {script.revision for script in scripts.walk_revisions()}
    unknown = sorted(set(current) - known)
    if unknown:
        raise StoreError(
            f"the run store is at schema revision {', '.join(unknown)}, newer than this auditor knows "
            f"(up to {scripts.get_current_head()}); upgrade auditor to read it"
        )

"""Bring a store's schema to the newest revision with Alembic, on the store's own connection."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine


def upgrade(engine: Engine) -> None:
    """Apply every migration the database has not seen yet (a no-op when it is current)."""
    config = Config()
    config.set_main_option("script_location", str(files("auditor.store.db") / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

"""Schema revisions: the fast check that a store is current agrees with Alembic, and a current
store is opened without importing Alembic at all."""

from __future__ import annotations

import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from auditor.store.database import Store
from auditor.store.db.migrate import head_revision


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


def test_a_current_store_opens_without_alembic_and_a_new_one_is_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'auditor.db'}"
    first = subprocess.run([sys.executable, "-c", OPEN_AND_REPORT, url], capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True", "a new store is created through Alembic's migrations"
    again = subprocess.run([sys.executable, "-c", OPEN_AND_REPORT, url], capture_output=True, text=True, check=True)
    assert again.stdout.strip() == "False", "a current store needs no Alembic"
    assert Store(url).list_runs() == []

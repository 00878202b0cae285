"""What `auditor --help` loads: the command tree only. The run, the store (SQLAlchemy, Alembic),
the reports (Jinja) and the portal (FastAPI) are imported by the commands that use them, so a
command placed at the top of a CLI module cannot quietly make every start slow again
(bench/cli_start.py measures the time; this test keeps the cause out). The same for the two listings
people type most: `runs` on a SQLite store reads it without SQLAlchemy, and `checks list` with a warm
metadata cache imports no check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "alembic", "jinja2", "fastapi", "paramiko", "auditor.run.runner", "auditor.store.database")

PROBE = """
import sys
from auditor.cli.main import main
try:
    main(["--help"])
except SystemExit:
    pass
print("LOADED:" + ",".join(name for name in sys.argv[1:] if name in sys.modules))
"""


def test_help_loads_no_run_store_report_or_portal_code() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, *HEAVY], capture_output=True, text=True, check=True)
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("LOADED:")]
    assert "Usage" in done.stdout, "the help was printed"
    assert line == "LOADED:", f"auditor --help imported {line.removeprefix('LOADED:')}"


COMMAND = """
import sys
from auditor.cli.main import main
code = main(sys.argv[1].split())
print("LOADED:" + ",".join(sorted(name for name in sys.modules if name.startswith(tuple(sys.argv[2:])))))
sys.exit(code)
"""


def _loaded(command: str, *prefixes: str, env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, command, *prefixes], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("LOADED:")]
    return [name for name in line.removeprefix("LOADED:").split(",") if name]


def test_runs_on_a_sqlite_store_loads_no_sqlalchemy(tmp_path: Path) -> None:
    from tests.fixtures_runs import store_sample_run

    db = tmp_path / "store.db"
    store_sample_run(db).close()
    env = {**os.environ, "AUDITOR_DB": str(db)}
    assert _loaded("runs", "sqlalchemy", "alembic", "auditor.store.database", env=env) == []
    assert _loaded("runs --json", "sqlalchemy", "auditor.core.runmodel", env=env) == []


def test_checks_list_with_a_warm_cache_imports_no_check(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    cold = _loaded("checks list", "auditor_checks.", "auditor.checklib.registry", env=env)
    assert "auditor.checklib.registry" in cold, "the first listing loads and validates the library"
    assert list(tmp_path.glob("auditor/checks-*.json")), "and writes the cache"
    heavy = ("auditor_checks.", "auditor.checklib.registry", "auditor.probes", "sqlalchemy", "jinja2")
    assert _loaded("checks list", *heavy, env=env) == []
    assert _loaded("checks list --json --checks ssh-*", *heavy, env=env) == []


RUN_PATH = """
import sys
import auditor.run.runner
print("LOADED:" + ",".join(name for name in sys.argv[1:] if name in sys.modules))
"""


def test_the_run_path_imports_no_template_engine_feed_matching_or_alembic() -> None:
    """A run imports Jinja only to render a template, the feed matching only when a feeds index
    exists, and Alembic only to upgrade an old store (a new one is built in one step)."""
    heavy = ("jinja2", "debian.debian_support", "auditor.feeds.match", "alembic")
    done = subprocess.run([sys.executable, "-c", RUN_PATH, *heavy], capture_output=True, text=True, check=True)
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("LOADED:")]
    assert line == "LOADED:", f"importing the run imported {line.removeprefix('LOADED:')}"

"""What `auditor --help` loads: the command tree only. The run, the store (SQLAlchemy, Alembic),
the reports (Jinja) and the portal (FastAPI) are imported by the commands that use them, so a
command placed at the top of a CLI module cannot quietly make every start slow again
(bench/cli_start.py measures the time; this test keeps the cause out)."""

from __future__ import annotations

import subprocess
import sys

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

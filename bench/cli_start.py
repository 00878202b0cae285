"""CLI start-up: best-of-N wall and CPU time of common commands against `python -c "import typer"`.

    .venv/bin/python bench/cli_start.py [--runs 5] [--python PATH]

Each command runs as its own process with the given interpreter (default: this one), so a second
checkout's venv can be measured in the same run for a before/after. `runs` reads a store created
once beforehand holding 20 copies of the sample run (a current store: no migration is part of the
figure; the checkout measured with --python must be able to import this one's tests/ folder). Bytecode caching is on
(PYTHONDONTWRITEBYTECODE is dropped) and each command runs once before it is timed, as on a
user's machine after the first start.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILL_STORE = """
import sys
from datetime import timedelta
from auditor.store.database import Store
from tests.fixtures_runs import sample_run
store = Store("sqlite:///" + sys.argv[1])
run = sample_run()
for number in range(20):
    started = run.info.started_at + timedelta(days=number)
    info = run.info.model_copy(update={"id": f"bench-{number:02d}", "started_at": started})
    store.begin_run(info)
    for host in run.hosts:
        store.add_host(info.id, host)
    store.finish_run(info.id, finished_at=started + timedelta(seconds=5), complete=True)
store.close()
"""


# `checks list` with an empty metadata cache each time (auditor.checklib.catalogue): the first listing
# after an install or an edit of the library. A checkout without the cache gives the same as warm.
COLD_LIST = """
import os, sys, tempfile
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="cold-", dir=os.environ["AUDITOR_BENCH_TMP"])
from auditor.cli.main import main
sys.exit(main(["checks", "list"]))
"""


def measure(argv: list[str], runs: int, *, cwd: str) -> tuple[float, float]:
    """(best wall seconds, best CPU seconds of the child) over `runs` runs, started in `cwd`: a folder
    outside any checkout, so `python -m auditor` imports the interpreter's own auditor, not this one."""
    walls, cpus = [], []
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=False)  # warm caches
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description="CLI start-up against import typer")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    python = args.python
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "auditor.db")
        env_db = {**os.environ, "AUDITOR_DB": db}
        subprocess.run([python, "-c", FILL_STORE, db], env=env_db, cwd=REPO, capture_output=True, check=True)
        os.environ["AUDITOR_DB"] = db
        os.environ["AUDITOR_BENCH_TMP"] = tmp  # removed with it: the cold listings' cache folders
        commands = {
            'python -c "import typer"': [python, "-c", "import typer"],
            "auditor --help": [python, "-m", "auditor", "--help"],
            "auditor checks list": [python, "-m", "auditor", "checks", "list"],
            "auditor runs": [python, "-m", "auditor", "runs"],
            "auditor checks list, cold": [python, "-c", COLD_LIST],
        }
        base_wall, base_cpu = measure(commands['python -c "import typer"'], args.runs, cwd=tmp)
        print(f"{'command':<28} {'wall s':>7} {'x typer':>8} {'CPU s':>7} {'x typer':>8}")
        for name, argv in commands.items():
            wall, cpu = measure(argv, args.runs, cwd=tmp)
            print(f"{name:<28} {wall:7.2f} {wall / base_wall:8.1f} {cpu:7.2f} {cpu / base_cpu:8.1f}")


if __name__ == "__main__":
    main()

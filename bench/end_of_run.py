"""Peak memory of the end of a run: read a stored 1,000-host run back, score it, write HTML and JSON.

Why: issue 8 asks for auditor's peak RSS under 500 MB at 1,000 hosts. Collection holds a bounded
number of hosts (auditor.run.pipeline.audit_hosts); the end of a run is where the whole fleet is read
back, so this measures that phase alone, on a store filled with a synthetic run cloned from a real
lab run (bench/report_render.py's cloning: 1,000 hosts x the template's checks, 20 clients).

    .venv/bin/python bench/end_of_run.py --template-db /tmp/lab.db --db /tmp/eor.db   # fills it once
    .venv/bin/python bench/end_of_run.py --db /tmp/eor.db                             # measures

Prints the peak RSS (ru_maxrss) and elapsed time after each step, as the runner does them.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

RUN_ID = "bench-1000x100"


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def fill(template_db: str, db: str, *, hosts: int) -> None:
    from report_render import synthetic_run, template_run

    from auditor.store.database import Store
    from auditor.store.engine import to_url

    template = template_run(template_db, "latest")
    run = synthetic_run(template, hosts=hosts, checks=len(template.info.checks), clients=20)
    store = Store(to_url(db))
    store.begin_run(run.info)
    for host in run.hosts:
        store.add_host(run.info.id, host)
    store.finish_run(run.info.id, finished_at=run.info.started_at, complete=True)
    print(f"stored run {run.info.id}: {len(run.hosts)} hosts in {db}")


def measure(db: str) -> None:
    from auditor.config.loader import load_config
    from auditor.history.storeview import stored_view, summaries_of
    from auditor.report.data import build_view
    from auditor.run.runner import write_reports
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    store = Store(to_url(db))
    config = load_config(None)
    began = time.perf_counter()

    def step(name: str) -> None:
        print(f"{name:<12} peak RSS {peak_mb():>5} MB  {time.perf_counter() - began:6.1f} s", flush=True)

    step("start")
    run = store.load_run(RUN_ID)
    step("loaded")
    view = build_view(run, config=config.scoring)
    store.record_summaries(run.info.id, summaries_of(view))
    step("scored")
    view = stored_view(store, run, config=config.scoring, sla_for=config.finding_sla, view=view)
    step("history")
    with tempfile.TemporaryDirectory() as out:
        written = write_reports(view, formats=["html", "json"], output_dir=Path(out))
        sizes = ", ".join(f"{path.suffix[1:]} {path.stat().st_size / 2**20:.1f} MiB" for path in written)
    step("reports")
    print(f"reports: {sizes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the store holding (or to hold) the synthetic run")
    parser.add_argument("--template-db", help="fill --db first, cloning the latest run of this store")
    parser.add_argument("--hosts", type=int, default=1000)
    args = parser.parse_args()
    if args.template_db:
        fill(args.template_db, args.db, hosts=args.hosts)
        return
    measure(args.db)


if __name__ == "__main__":
    main()

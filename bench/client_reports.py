"""Benchmark: the 20 monthly client reports of a 1,000-host fleet, from the store, HTML and PDF.

Not a unit test; run it by hand (bench/README.md):

    .venv/bin/python bench/client_reports.py --template-db /tmp/lab.db --db /tmp/cr-bench.db   # fills it once
    .venv/bin/python bench/client_reports.py --db /tmp/cr-bench.db                              # measures

The store is filled with three runs of November (the 3rd, 17th and 30th) of a synthetic 1,000-host
run cloned from a real lab run (bench/report_render.py's cloning: 20 clients of 50 hosts); between
runs a few checks flip on some hosts so that the period has findings fixed, new and back again.
Each client's report is then read from the store and rendered as the CLI does (period replay,
view, HTML; then the PDF through Chromium). Prints time and size per client, totals and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RUN_DAYS = (3, 17, 30)
NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def fill(template_db: str, db: str, *, hosts: int) -> None:
    from report_render import synthetic_run, template_run

    from auditor.core.models import Status
    from auditor.history.storeview import summaries_of
    from auditor.report.data import build_view
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    template = template_run(template_db, "latest")
    base = synthetic_run(template, hosts=hosts, checks=len(template.info.checks), clients=20)
    store = Store(to_url(db))
    for number, day in enumerate(RUN_DAYS):
        at = datetime(2026, 11, day, 2, 0, tzinfo=UTC)
        info = base.info.model_copy(update={"id": f"bench-clients-{day:02d}", "started_at": at})
        store.begin_run(info)
        for index, host in enumerate(base.hosts):
            results = list(host.results)
            if host.assessed and index % 5 == number % 5:  # every run, a different fifth of the hosts changes
                flipped = {Status.FAIL: Status.PASS, Status.PASS: Status.FAIL}
                results = [
                    r.model_copy(update={"status": flipped.get(r.status, r.status)}) if k % 7 == number else r
                    for k, r in enumerate(results)
                ]
            moved = {"results": results, "started_at": at, "finished_at": at + timedelta(seconds=index % 600)}
            store.add_host(info.id, host.model_copy(update=moved))
        store.finish_run(info.id, finished_at=at + timedelta(minutes=15), complete=True)
        store.record_summaries(info.id, summaries_of(build_view(store.load_run(info.id, evidence=False))))
        print(f"stored run {info.id}: {len(base.hosts)} hosts", flush=True)


def measure(db: str, *, out: Path, pdf: bool, language: str) -> None:
    from auditor.config.branding import Branding, ReportLook
    from auditor.history.period import month_period
    from auditor.history.storeview import client_period
    from auditor.report.formats.client import client_report
    from auditor.report.formats.clientpage import render_client_html
    from auditor.report.formats.pdf import html_to_pdf
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    store = Store(to_url(db))
    period = month_period("2026-11")
    look = ReportLook(language=language)
    rows = []
    began_all = time.perf_counter()
    for client in store.clients():
        began = time.perf_counter()
        data = client_period(store, client, period)
        read = time.perf_counter() - began
        html = render_client_html(client_report(data, now=NOW), branding=Branding(), look=look)
        html_s = time.perf_counter() - began
        (out / f"{client}.html").write_text(html, encoding="utf-8")
        pdf_s = pdf_bytes = 0.0
        if pdf:
            started = time.perf_counter()
            document = html_to_pdf(html)
            pdf_s = time.perf_counter() - started
            pdf_bytes = len(document)
            (out / f"{client}.pdf").write_bytes(document)
        rows.append((client, read, html_s, len(html.encode("utf-8")), pdf_s, pdf_bytes))
        print(
            f"{client}: read {read:.2f} s, HTML {html_s:.2f} s {len(html) / 1024:.0f} KiB"
            + (f", PDF {pdf_s:.2f} s {pdf_bytes / 1024:.0f} KiB" if pdf else ""),
            flush=True,
        )
    total = time.perf_counter() - began_all
    print(f"{len(rows)} clients in {total:.1f} s; peak RSS {peak_mb()} MB")
    for label, column in (("read", 1), ("HTML (incl. read)", 2), ("HTML KiB", 3), ("PDF", 4), ("PDF KiB", 5)):
        values = [row[column] / (1024 if "KiB" in label else 1) for row in rows]
        print(f"{label}: median {statistics.median(values):.2f}, max {max(values):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="store holding (or to receive) the three November runs")
    parser.add_argument("--template-db", help="fill --db from the latest run of this store, then stop")
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--lang", default="en", choices=("en", "fr"))
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="keep the reports here [default: a temp dir]")
    args = parser.parse_args()
    if args.template_db:
        fill(args.template_db, args.db, hosts=args.hosts)
        return
    out = args.out or Path(tempfile.mkdtemp(prefix="auditor-client-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    measure(args.db, out=out, pdf=not args.no_pdf, language=args.lang)


if __name__ == "__main__":
    main()
